"""BEL import (:mod:`mechgraph.io.bel`, optional PyBEL): small good and malformed files, BEL
corpora read tolerantly (``--strict`` for the old behaviour), and a clear error without PyBEL."""

import json
import os
import sys
from pathlib import Path

import pytest

from mechgraph import ValidationError
from mechgraph.io.importers import MissingDependency, import_network
from mechgraph.model.problems import Level
from tests.helpers.networks import edges, problem_lines, problems, signed_edges
from tests.helpers.paths import TEST_DATA

DATA = TEST_DATA / "importers"


def test_bel_good():
    pytest.importorskip("pybel", reason="BEL import needs PyBEL: pip install 'mechgraph[bel]'")
    network = import_network("bel", DATA / "toy.bel")
    assert edges(network) == [
        ("IFNG", "+", "CD274", 13),
        ("CD274", "-", "T cell activation", 14),
        ("paclitaxel", "-", "TUBB", 15),
        ("STAT1", "+", "CD274", 16),  # the phosphorylated protein counts as the protein
    ]
    assert network.skipped["not causal (association)"] == 2
    assert network.nodes["CD274"].xrefs == ("HGNC:CD274",)


def test_bel_malformed(capsys):
    pytest.importorskip("pybel", reason="BEL import needs PyBEL: pip install 'mechgraph[bel]'")
    with pytest.raises(ValidationError) as excinfo:
        import_network("bel", DATA / "bad.bel")
    assert problem_lines(excinfo) == [15, 17]
    assert capsys.readouterr().out == ""  # PyBEL's own printing is kept off stdout


def test_bel_without_pybel(monkeypatch):
    monkeypatch.setitem(sys.modules, "pybel", None)  # import pybel -> ImportError
    with pytest.raises(MissingDependency, match=r"mechgraph\[bel\]"):
        import_network("bel", DATA / "toy.bel")


def test_bel_cli_without_pybel_is_a_usage_error(run_cli, tmp_path):
    fake = tmp_path / "fake"
    (fake / "pybel").mkdir(parents=True)
    (fake / "pybel" / "__init__.py").write_text("raise ImportError('no pybel here')\n")
    proc = run_cli(
        "import",
        "bel",
        str(DATA / "toy.bel"),
        "--check",
        cwd=tmp_path,
        env={"PYTHONPATH": os.pathsep.join([str(fake), os.environ.get("PYTHONPATH", "")])},
    )
    assert proc.returncode == 2
    assert "mechgraph: error:" in proc.stderr and "mechgraph[bel]" in proc.stderr


ROBUST = TEST_DATA / "import_robust"


def needs_pybel():
    pytest.importorskip("pybel", reason="BEL import needs PyBEL: pip install 'mechgraph[bel]'")


# -- BEL as users have it ----------------------------------------------------------------------


def test_bel_with_annotations_before_the_citation_imports_with_warnings():
    needs_pybel()
    network = import_network("bel", ROBUST / "annotations_first.bel")
    assert signed_edges(network) == [
        ("IFNG", "+", "CD274"),
        ("CD274", "-", "T cell activation"),
        ("STAT1", "+", "CD274"),
    ]
    warnings = [(w.line, w.message) for w in network.warnings]
    assert all(w.level is Level.WARN for w in network.warnings)
    assert (
        18,
        'BEL: MissingAnnotationKeyWarning: "Cell" is not set, so it can\'t be unset (line skipped)',
    ) in warnings
    assert any("Description" in message for _, message in warnings)  # no SET DOCUMENT line


def test_bel_strict_makes_every_warning_an_error():
    needs_pybel()
    with pytest.raises(ValidationError) as excinfo:
        import_network("bel", ROBUST / "annotations_first.bel", strict=True)
    found = problems(excinfo)
    lines = [line for line, _ in found]
    assert {11, 12, 15, 18, 20} <= set(lines)  # SET Citation cleared what came before it
    assert all(p.level is Level.ERROR for p in excinfo.value.problems)
    assert any("MissingSupportWarning" in message for _, message in found)


def test_bel_syntax_errors_stay_errors_with_a_bel_hint():
    needs_pybel()
    with pytest.raises(ValidationError) as excinfo:
        import_network("bel", DATA / "bad.bel")
    assert [p.line for p in excinfo.value.problems] == [15, 17]
    hint = excinfo.value.problems[0].hint
    assert "BEL" in hint and "tab" not in hint  # not the curated tables' TSV hint


def test_bel_on_the_command_line(run_cli, tmp_path):
    needs_pybel()
    bel = ROBUST / "annotations_first.bel"
    proc = run_cli("import", "bel", str(bel), "--into", str(tmp_path / "nets"))
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if "warning:" in line]
    assert f"mechgraph: warning: {bel}:18: BEL: MissingAnnotationKeyWarning" in "\n".join(warnings)
    assert (tmp_path / "nets" / "annotations_first.tsv").is_file()
    as_json = run_cli("import", "bel", str(bel), "--check", "--json", cwd=tmp_path)
    data = json.loads(as_json.stdout)
    assert data["ok"] and data["network"]["edges"] == 3
    assert {w["line"] for w in data["warnings"]} >= {18} and data["warnings"][0]["level"] == "WARN"

    strict = run_cli("import", "bel", str(bel), "--strict", "--into", str(tmp_path / "strict"))
    assert strict.returncode == 1 and "Traceback" not in strict.stderr
    assert all(line.startswith("mechgraph: error: ") for line in strict.stderr.splitlines())
    assert f"{bel}:15: BEL: MissingSupportWarning" in strict.stderr
    assert not (tmp_path / "strict").exists()
    failed = run_cli("import", "bel", str(DATA / "bad.bel"), "--check", "--json", cwd=tmp_path)
    hints = {p["hint"] for p in json.loads(failed.stdout)["problems"]}
    assert failed.returncode == 1 and all("BEL" in h for h in hints)


# -- malformed files ---------------------------------------------------------------------------


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_bel_malformed_files(tmp_path):
    needs_pybel()
    for content, words in [
        (b"", "empty file"),
        (b'SET Citation = {"PubMed","1"}\np(HGNC:A) increases p(HGNC:\xff)\n', "not UTF-8"),
        (bytes(range(1, 256)) * 3, None),
        (b"p(HGNC:A increases\n", "BELSyntaxError"),
    ]:
        path = _write(tmp_path / "x.bel", content)
        with pytest.raises(ValidationError) as excinfo:
            import_network("bel", path)
        assert all(p.file == str(path) and "\n" not in p.message for p in excinfo.value.problems)
        if words:
            assert words in excinfo.value.problems[0].message
