"""``mechgraph export`` (:mod:`mechgraph.cli.export_cmds`): to standard output, by the suffix of
``-o``, every format with ``--all``, and its usage errors."""

import pytest

import mechgraph
from mechgraph.io.exporters import FORMATS, export_bytes
from mechgraph.io.rdf import rdf_bytes


@pytest.fixture(scope="module")
def kb():
    return mechgraph.load_kb()


def test_cli_export_to_stdout_and_by_suffix(run_cli, kb, tmp_path):
    proc = run_cli("export", "--format", "ttl", text=False)  # the exact bytes
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == rdf_bytes(kb, "ttl")
    proc = run_cli("export", "-o", str(tmp_path / "net.sif"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "net.sif").read_bytes() == export_bytes(kb, "sif")


def test_cli_export_all_writes_every_format(run_cli, kb, tmp_path):
    proc = run_cli("export", "--all", "--dir", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f.filename for f in FORMATS.values())
    for fmt in ("cx2", "nt"):
        assert (tmp_path / "out" / FORMATS[fmt].filename).read_bytes() == export_bytes(kb, fmt)


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "pdf"],
        ["--all", "--format", "ttl"],
        ["--all", "-o", "x.ttl"],
        ["--dir", "somewhere"],
    ],
)
def test_cli_export_usage_errors(run_cli, args, tmp_path):
    proc = run_cli("export", *args, cwd=tmp_path)
    assert proc.returncode == 2
    err = proc.stderr
    assert err.startswith("mechgraph: error: ") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
