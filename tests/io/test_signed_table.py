"""The signed table reader (:mod:`mechgraph.io.signed_table`): its edges, and errors that name
file and line."""

from pathlib import Path

import pytest

from mechgraph import ValidationError
from mechgraph.io.signed_table import load_signed_table


def test_signed_table_reader(tmp_path):
    good = tmp_path / "net.tsv"
    good.write_text("source\tinteraction\ttarget\nA\t1\tB\nB\t-1\tC\nA\t1\tB\n")
    graph = load_signed_table(good)
    assert sorted(e.key for e in graph.edges()) == [("A", "B", "+"), ("B", "C", "-")]
    bad = tmp_path / "bad.tsv"
    bad.write_text("source\tinteraction\ttarget\nA\t1\tB\nB\tmaybe\tC\n")
    from mechgraph import ValidationError

    with pytest.raises(ValidationError, match="bad.tsv:3"):
        load_signed_table(bad)


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_signed_table_reader_errors_name_file_and_line(tmp_path):
    path = _write(tmp_path / "bad.tsv", b"source\tinteraction\ttarget\nA\t1\tB\nA\xff\t1\tC\n")
    with pytest.raises(ValidationError, match="bad.tsv:3"):
        load_signed_table(path)
