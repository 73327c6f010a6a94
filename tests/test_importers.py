"""Importers of signed networks: each format on small good and malformed files, the
all-or-nothing rule, provenance, progress, and the ``mechgraph import`` command."""

import doctest
import importlib
import io
import json
import os
import sys
from pathlib import Path

import pytest
from test_cli import run_cli

import mechgraph
from mechgraph import Sign, ValidationError
from mechgraph.cli.import_cmds import LazyBar
from mechgraph.io.importers import (
    FORMATS,
    MissingDependency,
    detect_format,
    import_network,
    locate_network,
    parse_sign,
)
from mechgraph.io.table import parse_columns

DATA = Path(__file__).parent / "data" / "importers"


def edges(network):
    return [(e.source, e.sign.value, e.target, e.line) for e in network.edges]


def problem_lines(excinfo):
    return [p.line for p in excinfo.value.problems]


# -- the sign vocabulary ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "sign"),
    [
        ("1", Sign.PLUS),
        ("+1", Sign.PLUS),
        ("->", Sign.PLUS),
        ("Activates", Sign.PLUS),
        ("up-regulates quantity by stabilization", Sign.PLUS),
        ("directlyIncreases", Sign.PLUS),
        ("-1", Sign.MINUS),
        ("-|", Sign.MINUS),
        ("Inhibits", Sign.MINUS),
        ("down-regulates quantity by repression", Sign.MINUS),
        ("0", "unsigned"),
        ("form complex", "unsigned"),
        ("pp", "unsigned"),
        ("maybe", None),
        ("2", None),
    ],
)
def test_sign_words(word, sign):
    assert parse_sign(word) == sign


# -- SIF ---------------------------------------------------------------------------------------


def test_sif_good():
    network = import_network("sif", DATA / "toy.sif")
    assert network.name == "toy" and network.format == "sif"
    assert edges(network) == [
        ("IFNG", "+", "CD274", 3),
        ("CD274", "-", "MAPK1", 4),
        ("MAPK1", "+", "STAT1", 5),
        ("MAPK1", "+", "JAK2", 5),
    ]
    assert network.skipped == {"unsigned": 1, "duplicate": 1}
    assert "LONELY" in network.nodes  # a line with one name declares a node
    assert all(e.file == str(DATA / "toy.sif") for e in network.edges)


def test_sif_malformed_lines_are_all_reported_and_nothing_is_returned():
    with pytest.raises(ValidationError) as excinfo:
        import_network("sif", DATA / "bad.sif")
    assert problem_lines(excinfo) == [2, 4]
    first = excinfo.value.problems[0]
    assert first.file.endswith("bad.sif") and "unknown interaction 'maybe'" in first.message


# -- tables ------------------------------------------------------------------------------------


def test_omnipath_columns():
    network = import_network("table", DATA / "omnipath.tsv")
    assert edges(network) == [
        ("IFNG", "+", "IFNGR1", 2),
        ("JAK2", "+", "STAT1", 3),
        ("STAT1", "+", "CD274", 4),
        ("CD274", "-", "PDCD1", 5),  # consensus columns win over is_stimulation
        ("PDCD1", "+", "JAK1", 6),  # stimulation and inhibition: both edges
        ("PDCD1", "-", "JAK1", 6),
    ]
    assert network.skipped == {"undirected": 1, "unsigned": 1}
    assert network.nodes["CD274"].xrefs == ("UniProt:Q9NZQ7",)


def test_omnipath_malformed():
    with pytest.raises(ValidationError) as excinfo:
        import_network("omnipath", DATA / "omnipath_bad.tsv")
    assert problem_lines(excinfo) == [3, 4]
    assert "'maybe'" in excinfo.value.problems[0].message


def test_signor_columns():
    network = import_network("signor", DATA / "signor.tsv")
    assert edges(network) == [
        ("STAT1", "+", "CD274", 2),
        ("JAK2", "+", "STAT1", 3),
        ("PTPN2", "-", "JAK1", 4),
        ("paclitaxel", "-", "TUBB", 6),
    ]
    assert network.skipped == {"unsigned": 1}  # form complex
    assert network.nodes["JAK2"].xrefs == ("UniProt:O60674",)
    assert network.nodes["paclitaxel"].xrefs == ("CHEBI:45863",)
    assert network.edges[0].relation == "up-regulates quantity by expression"


def test_csv_with_a_column_mapping():
    network = mechgraph.import_network(
        "csv", DATA / "columns.csv", columns="source=geneA,target=geneB,sign=mode"
    )
    assert edges(network) == [("IFNG", "+", "CD274", 2), ("CD274", "-", "MAPK1", 3)]
    assert network.skipped == {"unsigned": 1}
    with pytest.raises(ValidationError, match="no column 'nope'"):
        mapping = {"source": "nope", "target": "geneB", "sign": "mode"}
        import_network("table", DATA / "columns.csv", columns=mapping)
    with pytest.raises(ValidationError, match="source and a target"):
        import_network("table", DATA / "columns.csv")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("source=a", "at least the source and target"),
        ("source=a,target=b", "sign column"),
        ("source=a,target=b,colour=c", "unknown role 'colour'"),
        ("source", "ROLE=COLUMN"),
    ],
)
def test_bad_column_mappings(text, message):
    with pytest.raises(ValueError, match=message):
        parse_columns(text)


def test_table_problems(tmp_path):
    path = tmp_path / "net.tsv"
    path.write_bytes(
        b"source\tinteraction\ttarget\n"
        b"A\t1\tB\n"
        b"A\t\tB\n"  # no interaction
        b"C\t-1\n"
        b"\xff\xfe\t1\tD\n"
        b"E\tbinding\tF\n"
        b"\t1\tG\n"
    )
    with pytest.raises(ValidationError) as excinfo:
        import_network("table", path)
    assert problem_lines(excinfo) == [3, 4, 5, 7]
    messages = [p.message for p in excinfo.value.problems]
    assert "unknown interaction ''" in messages[0]
    assert "expected at least 3 cells" in messages[1]
    assert "UTF-8" in messages[2]
    assert "empty source or target" in messages[3]


def test_empty_table(tmp_path):
    path = tmp_path / "empty.tsv"
    path.write_text("# only a comment\n")
    with pytest.raises(ValidationError, match="empty file"):
        import_network("table", path)


def test_normalised_copy_round_trip_keeps_provenance(tmp_path):
    original = import_network("signor", DATA / "signor.tsv", name="signor")
    copy = tmp_path / "signor.tsv"
    copy.write_text(original.to_tsv())
    again = import_network("table", copy)
    assert [(e.key, e.file, e.line, e.relation) for e in again.edges] == [
        (e.key, e.file, e.line, e.relation) for e in original.edges
    ]
    assert {n.id: n.xrefs for n in again.nodes.values()} == {
        n.id: n.xrefs for n in original.nodes.values()
    }


# -- logical models ----------------------------------------------------------------------------


def test_bnet_good():
    network = import_network("bnet", DATA / "toy.bnet")
    assert edges(network) == [
        ("IFNG", "+", "CD274", 4),
        ("SOCS1", "-", "CD274", 4),
        ("STAT1", "+", "SOCS1", 5),
        ("IFNG", "+", "STAT1", 6),
        ("JAK2", "+", "STAT1", 6),
        ("PTPN2", "-", "STAT1", 6),
        ("STAT1", "+", "XOR", 9),  # read both ways: both signs
        ("STAT1", "-", "XOR", 9),
        ("JAK2", "+", "XOR", 9),
        ("JAK2", "-", "XOR", 9),
    ]
    assert network.skipped == {"self-loop": 2}  # IFNG, IFNG and JAK2, JAK2
    assert "PTPN2" in network.nodes


def test_bnet_malformed():
    with pytest.raises(ValidationError) as excinfo:
        import_network("bnet", DATA / "bad.bnet")
    assert problem_lines(excinfo) == [3, 4, 5, 6]
    assert "second rule for CD274 (the first is on line 2)" in excinfo.value.problems[2].message


def test_aeon_good():
    network = import_network("aeon", DATA / "toy.aeon")
    assert [(e.source, e.sign.value, e.target, e.line, e.relation) for e in network.edges] == [
        ("IFNG", "+", "CD274", 3, "->"),
        ("SOCS1", "-", "CD274", 4, "-|"),
        ("STAT1", "+", "SOCS1", 5, "-? (sign from $SOCS1)"),
        ("JAK2", "+", "STAT1", 6, "->"),
        ("PTPN2", "-", "STAT1", 7, "-|"),
        ("IFNG", "+", "STAT1", 8, "-? (sign from $STAT1)"),
        ("STAT1", "+", "CD274", 9, "-? (sign from $CD274)"),  # read inside f(...): both
        ("STAT1", "-", "CD274", 9, "-? (sign from $CD274)"),
    ]


def test_aeon_unsigned_regulation_without_function_is_skipped(tmp_path):
    path = tmp_path / "m.aeon"
    path.write_text("A -? B\nA -> C\n")
    network = import_network("aeon", path)
    assert edges(network) == [("A", "+", "C", 2)] and network.skipped == {"unsigned": 1}
    assert set(network.nodes) == {"A", "B", "C"}


def test_aeon_malformed():
    with pytest.raises(ValidationError) as excinfo:
        import_network("aeon", DATA / "bad.aeon")
    assert problem_lines(excinfo) == [2, 3, 4, 5]
    assert "no regulation STAT1 -> SOCS1" in excinfo.value.problems[3].message


def test_sbml_qual_good():
    network = import_network("sbml-qual", DATA / "toy.sbml")
    assert edges(network) == [
        ("IFNG", "+", "PDL1_protein", 29),
        ("SOCS1", "-", "PDL1_protein", 30),
        ("STAT1", "+", "SOCS1", 38),  # dual: both signs
        ("STAT1", "-", "SOCS1", 38),
    ]
    assert network.skipped == {"unsigned": 1}  # an input without qual:sign
    assert network.nodes["PDL1_protein"].xrefs == ("UniProt:Q9NZQ7", "S2")


@pytest.mark.parametrize(
    ("file", "lines", "text"),
    [
        ("bad.sbml", [30, 36], "unknown qualitativeSpecies 'S9'"),
        ("broken.sbml", [45], "not well-formed XML"),
    ],
)
def test_sbml_qual_malformed(file, lines, text):
    with pytest.raises(ValidationError) as excinfo:
        import_network("sbml", DATA / file)
    assert problem_lines(excinfo) == lines
    assert text in excinfo.value.problems[0].message


def test_sbml_without_qual(tmp_path):
    path = tmp_path / "core.xml"
    path.write_text('<sbml xmlns="http://www.sbml.org/sbml/level3/version1/core"/>')
    with pytest.raises(ValidationError, match="not an SBML-qual model"):
        import_network("sbml-qual", path)


# -- BEL (optional PyBEL) ----------------------------------------------------------------------


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


def test_bel_cli_without_pybel_is_a_usage_error(tmp_path):
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


def test_lazy_bar_appears_only_after_a_second_on_a_terminal():
    stream = io.StringIO()
    ticks = iter([0.0, 0.4, 1.5, 1.6, 1.7])
    bar = LazyBar("importing", stream=stream, clock=lambda: next(ticks), tty=True)
    bar(10, 100)
    assert bar.bar is None and stream.getvalue() == ""
    bar(60, 100)
    assert bar.shown == 60
    bar(100, 100)
    bar.close()
    assert "importing" in stream.getvalue()
    quiet = LazyBar("importing", stream=io.StringIO(), tty=False)
    quiet(50, 100)
    assert quiet.bar is None


@pytest.mark.parametrize(
    "module",
    ["base", "table", "sif", "bnet", "aeon", "sbml_qual", "logic", "bel", "importers"],
)
def test_docstring_examples(module):
    name = f"mechgraph.io.{module}"
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


# -- the import command ------------------------------------------------------------------------


def test_import_command_saves_the_network_and_its_grounding(tmp_path):
    proc = run_cli(
        "import", "table", str(DATA / "omnipath.tsv"), "--name", "omni", "--json", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["ok"] and data["network"]["edges"] == 6 and data["network"]["name"] == "omni"
    matched = {m["node"]: m["kb_id"] for m in data["grounding"]["matched"]}
    assert matched["CD274"] == "pd_l1" and matched["PDCD1"] == "pd_1"
    assert "JAK2" in data["grounding"]["unmatched"]
    saved = tmp_path / "imports" / "omni.tsv"
    assert data["written"] == ["imports/omni.tsv", "imports/omni.grounding.tsv"]
    again = import_network("table", saved)
    assert [(e.key, e.line) for e in again.edges][0] == (("IFNG", "IFNGR1", "+"), 2)
    assert again.edges[0].file.endswith("omnipath.tsv")
    table = (tmp_path / "imports" / "omni.grounding.tsv").read_text().splitlines()
    assert table[0] == "node\tstatus\tkb_id\thow\tcandidates"
    assert "CD274\tmatched\tpd_l1\txref UniProt:Q9NZQ7\t" in table  # an identifier first
    assert "wrote imports/omni.tsv" in proc.stderr


def test_import_command_text_report_and_into(tmp_path):
    proc = run_cli("import", "sif", str(DATA / "toy.sif"), "--into", str(tmp_path / "nets"))
    assert proc.returncode == 0, proc.stderr
    assert "imported toy (sif)" in proc.stdout and "4 edges" in proc.stdout
    assert "MATCHED" in proc.stdout and "CD274 -> pd_l1" in proc.stdout
    assert (tmp_path / "nets" / "toy.tsv").is_file()


def test_import_check_writes_nothing(tmp_path):
    proc = run_cli("import", "aeon", str(DATA / "toy.aeon"), "--check", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "imports").exists()


def test_import_malformed_file_exits_1_and_writes_nothing(tmp_path):
    proc = run_cli("import", "bnet", str(DATA / "bad.bnet"), cwd=tmp_path)
    assert proc.returncode == 1
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 4
    assert all(line.startswith("mechgraph: error: ") for line in errors)
    assert errors[0].endswith("bad.bnet:3: expected 'target, function', got 'SOCS1 STAT1'")
    assert "Traceback" not in proc.stderr and not (tmp_path / "imports").exists()
    as_json = run_cli("import", "bnet", str(DATA / "bad.bnet"), "--json", cwd=tmp_path)
    data = json.loads(as_json.stdout)
    assert as_json.returncode == 1 and not data["ok"]
    assert [p["line"] for p in data["problems"]] == [3, 4, 5, 6]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["graphml", "toy.sif"], "unknown format 'graphml'"),
        (["sif", "missing.sif"], "file not found"),
        (["sif", "toy.sif", "--name", "a b"], "network name 'a b'"),
        (["sif", "toy.sif", "--columns", "source=a,target=b,sign=c"], "table format only"),
        (["table", "columns.csv", "--columns", "source=a"], "at least the source and target"),
    ],
)
def test_import_usage_errors(args, message, tmp_path):
    proc = run_cli("import", *args, cwd=DATA)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("mechgraph: error:") and message in proc.stderr


def test_import_help_has_examples():
    proc = run_cli("import", "--help")
    assert proc.returncode == 0 and "Examples:" in proc.stdout and "--with-network" in proc.stdout
