"""The importer registry (:mod:`mechgraph.io.importers`): formats and their detection, saved
networks, progress while streaming, and malformed or mutated files of every format, which give
problems with file and line (one-line errors on the command line, never a traceback)."""

import random
from pathlib import Path

import pytest

from mechgraph import ValidationError
from mechgraph.io.importers import FORMATS, detect_format, import_network, locate_network
from mechgraph.io.signed_table import load_signed_table
from tests.helpers.networks import signed_edges
from tests.helpers.paths import SHARED, TEST_DATA

DATA = TEST_DATA / "importers"


# -- registry, streaming, progress -------------------------------------------------------------


def test_formats_and_detection(tmp_path):
    assert set(FORMATS) == {"sif", "table", "bel", "bnet", "aeon", "sbml-qual"}
    assert detect_format("x.SIF").name == "sif" and detect_format("x.csv").name == "table"
    assert detect_format("x.unknown") is None
    with pytest.raises(ValueError, match="unknown format 'graphml'"):
        import_network("graphml", DATA / "toy.sif")
    with pytest.raises(FileNotFoundError):
        import_network("sif", tmp_path / "missing.sif")
    with pytest.raises(ValueError, match="table format only"):
        import_network("sif", DATA / "toy.sif", columns={"source": "a"})
    with pytest.raises(ValueError, match="network name"):
        import_network("sif", DATA / "toy.sif", name="no spaces please")


def test_locate_network(tmp_path):
    assert locate_network(f"sif:{DATA / 'toy.sif'}")[0].name == "sif"
    assert locate_network(str(DATA / "toy.bnet"))[0].name == "bnet"
    saved = tmp_path / "imports" / "mynet.tsv"
    saved.parent.mkdir()
    saved.write_text("source\tinteraction\ttarget\nA\t1\tB\n")
    assert locate_network("mynet", tmp_path / "imports") == (FORMATS["table"], saved)
    with pytest.raises(LookupError, match="no imported network"):
        locate_network("other", tmp_path / "imports")


def test_progress_is_reported_while_streaming(tmp_path):
    path = tmp_path / "big.tsv"
    rows = [f"N{i}\t{1 if i % 3 else -1}\tN{i + 1}" for i in range(20000)]
    path.write_text("source\tinteraction\ttarget\n" + "\n".join(rows) + "\n")
    seen = []
    network = import_network("table", path, progress=lambda done, total: seen.append(done))
    assert len(network.edges) == 20000
    size = path.stat().st_size
    assert len(seen) >= 3 and seen == sorted(seen) and seen[-1] == size
    assert 0 < seen[0] < size


REAL = SHARED / "data"


# -- malformed input: one-line errors, never a traceback ---------------------------------------


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


NORMALISED = "source\tinteraction\ttarget\tsource_ids\ttarget_ids\trelation\tfile\tline\n"
CASES = [
    # format, file name, content, line of the (first) problem, words of its message
    (
        "table",
        "overflow.tsv",
        NORMALISED + "A\t1\tB\t\t\t\tx.tsv\t99999999999999999999\n",
        2,
        "line number",
    ),
    ("table", "sup.tsv", NORMALISED + "A\t1\tB\t\t\t\tx.tsv\t1\u00b2\n", 2, "digits 0-9"),
    ("table", "arabic.tsv", NORMALISED + "A\t1\tB\t\t\t\tx.tsv\t\u0661\u0662\n", 2, "digits 0-9"),
    (
        "csv",
        "head.csv",
        "source,target,sign," + "x" * 140_000 + "\nA,B,1,z\n",
        1,
        "longer than 131,072",
    ),
    (
        "csv",
        "cell.csv",
        'source,target,sign\nA,B,1\n"' + "x" * 140_000 + '",B,1\n',
        3,
        "longer than",
    ),
    ("csv", "quote.csv", 'source,target,sign\n"A,B,1\n', 2, None),
    ("table", "cr.tsv", b"source\tinteraction\ttarget\rA\t1\tB\r", 1, "carriage return"),
    ("table", "nul.tsv", b"source\tinteraction\ttarget\nA\x00\t1\tB\n", 2, "NUL byte"),
    ("table", "latin1.tsv", b"source\tinteraction\ttarget\nA\xe9\t1\tB\n", 2, "not UTF-8"),
    ("table", "utf16.tsv", "source\tinteraction\ttarget\nA\t1\tB\n".encode("utf-16"), 1, "UTF-16"),
    ("table", "empty.tsv", b"", 1, "empty file"),
    ("table", "header_only.tsv", "source\tinteraction\ttarget\n", 1, "no rows"),
    (
        "table",
        "huge.tsv",
        "source\tinteraction\ttarget\n" + "A" * 2_000_000 + "\tB\n",
        2,
        "longer than",
    ),
    ("sif", "empty.sif", b"\n  \n", 0, "empty file"),
    ("sif", "junk.sif", bytes(range(256)) * 4, 1, None),
    ("sif", "huge.sif", "A 1 " + "B" * 2_000_000 + "\n", 1, "longer than"),
    ("sif", "nul.sif", b"A 1 B\nA\x00 1 C\n", 2, "NUL byte"),
    ("sbml-qual", "empty.sbml", b"", 1, "not well-formed XML"),
    ("sbml-qual", "cut.sbml", (DATA / "toy.sbml").read_bytes()[:300], None, "not well-formed XML"),
    ("sbml-qual", "junk.sbml", b"\x00\xff" * 100, 1, "not well-formed XML"),
    (
        "sbml-qual",
        "entity.sbml",
        '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a/>',
        1,
        "ENTITY",
    ),
]


@pytest.mark.parametrize(("format", "name", "content", "line", "words"), CASES)
def test_malformed_files_give_problems_with_file_and_line(
    tmp_path, format, name, content, line, words
):
    path = _write(tmp_path / name, content)
    with pytest.raises(ValidationError) as excinfo:
        import_network(format, path)
    found = excinfo.value.problems
    assert found and all(p.file == str(path) for p in found)
    assert all("\n" not in p.message and len(p.message) < 1000 for p in found)
    if line is not None:
        assert found[0].line == line, found[0]
    if words is not None:
        assert words in found[0].message, found[0]


@pytest.mark.parametrize(
    ("format", "content"),
    [
        ("bnet", "targets, factors\nA, " + "(" * 5000 + "B" + ")" * 5000 + "\n"),
        ("aeon", "A -> B\n$B: " + "(" * 5000 + "A" + ")" * 5000 + "\n"),
    ],
)
def test_deeply_nested_functions_import_or_fail_cleanly(tmp_path, format, content):
    path = _write(tmp_path / f"x.{format}", content)
    try:
        network = import_network(format, path)
    except ValidationError as exc:
        assert all(p.file == str(path) for p in exc.problems)
    else:
        assert [e.key for e in network.edges][:1] in ([("B", "A", "+")], [("A", "B", "+")])


def test_a_bom_and_crlf_line_ends_are_fine(tmp_path):
    path = _write(tmp_path / "crlf.tsv", b"\xef\xbb\xbfsource\tinteraction\ttarget\r\nA\t1\tB\r\n")
    assert signed_edges(import_network("table", path)) == [("A", "+", "B")]
    sif = _write(tmp_path / "crlf.sif", b"\xef\xbb\xbfA\t-1\tB\r\n")
    assert signed_edges(import_network("sif", sif)) == [("A", "-", "B")]
    assert [e.key for e in load_signed_table(path).edges()] == [("A", "B", "+")]


def test_malformed_files_on_the_command_line_exit_1_without_traceback(run_cli, tmp_path):
    files = [
        ("table", _write(tmp_path / "o.tsv", CASES[0][2])),
        ("csv", _write(tmp_path / "h.csv", CASES[3][2])),
        ("sif", _write(tmp_path / "j.sif", bytes(range(256)) * 4)),
        ("sbml-qual", _write(tmp_path / "c.sbml", (DATA / "toy.sbml").read_bytes()[:300])),
        ("bnet", _write(tmp_path / "d.bnet", "targets, factors\nA, B &\n")),
    ]
    for format, path in files:
        proc = run_cli("import", format, str(path), "--check", cwd=tmp_path)
        assert proc.returncode == 1, (format, proc.stderr)
        assert "Traceback" not in proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert lines and all(line.startswith(f"mechgraph: error: {path}") for line in lines)


def _mutations(data: bytes, rng: random.Random) -> list[bytes]:
    cut = rng.randrange(len(data))
    flipped = bytearray(data[cut : cut + 4000])
    for _ in range(12):
        if flipped:
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
    return [
        bytes(flipped),
        data[: rng.randrange(len(data))],
        data.replace(b"\n", b"\r", 3),
        data.replace(b"\t", b"\x00", 2),
        b"\xff\xfe" + data[:500],
        bytes(rng.randrange(256) for _ in range(2000)),
    ]


@pytest.mark.parametrize("format", ["table", "sif", "sbml-qual", "bnet", "aeon"])
def test_mutated_real_files_give_a_network_or_problems(tmp_path, format):
    seeds = {
        "table": REAL / "omnipath_signed_carnival.tsv",
        "sif": DATA / "toy.sif",
        "sbml-qual": DATA / "toy.sbml",
        "bnet": DATA / "toy.bnet",
        "aeon": DATA / "toy.aeon",
    }
    seed = seeds[format] if seeds[format].is_file() else DATA / "omnipath.tsv"
    data = seed.read_bytes()
    if format == "table":
        data = data[:60_000]
    rng = random.Random(format)
    suffix = seed.suffix
    for round in range(8):
        for i, mutated in enumerate(_mutations(data, rng)):
            path = _write(tmp_path / f"m{round}_{i}{suffix}", mutated)
            try:
                import_network(format, path)
            except ValidationError as exc:
                assert all(p.file == str(path) for p in exc.problems)
                assert all("\n" not in p.message for p in exc.problems)
