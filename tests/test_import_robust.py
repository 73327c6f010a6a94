"""Importers on the files users have: SIGNOR's, OmniPath's and PhosphoSitePlus's headers,
ambiguous headers, BEL corpora read tolerantly (``--strict`` for the old behaviour), imports
that write all or nothing, malformed and mutated files that must give one-line errors (never
a traceback), and imported names that differ only by case."""

import errno
import json
import os
import random
from pathlib import Path

import pytest
from kbfactory import claim, make_kb
from test_cli import run_cli
from typer.testing import CliRunner

import mechgraph
from mechgraph import Sign, ValidationError
from mechgraph.graph.grounding import Grounder
from mechgraph.io import write as write_module
from mechgraph.io.importers import import_network, locate_network
from mechgraph.io.signed_table import load_signed_table
from mechgraph.io.table import is_database_list
from mechgraph.io.write import write_all_atomically
from mechgraph.model.problems import Level
from mechgraph.model.records import Entity, OntologyClass
from mechgraph.model.resolve import UnknownNameError

DATA = Path(__file__).parent / "data" / "import_robust"
OLD = Path(__file__).parent / "data" / "importers"
REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def edges(network):
    return [(e.source, e.sign.value, e.target) for e in network.edges]


def problems(excinfo):
    return [(p.line, p.message) for p in excinfo.value.problems]


def invoke(*args):
    from mechgraph.cli.app import app

    return CliRunner().invoke(app, [str(a) for a in args])


def needs_pybel():
    pytest.importorskip("pybel", reason="BEL import needs PyBEL: pip install 'mechgraph[bel]'")


# -- 1. table headers --------------------------------------------------------------------------


def test_signor_export_header_reads_entitya_to_entityb_with_its_signs():
    network = import_network("table", DATA / "signor_export.tsv")
    assert edges(network) == [
        ("STAT1", "+", "CD274"),  # up-regulates quantity by expression
        ("JAK2", "+", "STAT1"),  # up-regulates activity
        ("PTPN2", "-", "JAK1"),  # down-regulates activity
        ("SOCS1", "-", "JAK2"),  # down-regulates
        ("paclitaxel", "-", "TUBB"),
        ("IFNG", "+", "STAT1"),  # up-regulates
    ]
    assert network.skipped == {"unsigned": 3}  # form complex, binding, unknown
    assert not {"SIGNOR", "PsP", "SIGNOR;PsP"} & network.nodes.keys()  # SOURCE is the database
    assert network.nodes["JAK2"].xrefs == ("UniProt:O60674",)
    assert network.nodes["paclitaxel"].xrefs == ("CHEBI:45863",)
    assert network.edges[0].relation == "up-regulates quantity by expression"
    assert network.warnings == []


def test_omnipath_web_service_columns():
    network = import_network("table", DATA / "omnipath_webservice.tsv")
    assert edges(network) == [
        ("IFNG", "+", "IFNGR1"),
        ("JAK2", "+", "STAT1"),
        ("CD274", "-", "PDCD1"),
    ]
    assert network.skipped == {"undirected": 1}
    assert network.nodes["CD274"].xrefs == ("UniProt:Q9NZQ7",)


def test_a_kinase_substrate_table_is_unsigned_and_says_so(tmp_path):
    network = import_network("table", DATA / "psp_kinase_substrate.txt")
    assert edges(network) == [] and network.skipped == {"unsigned": 2}
    messages = [(w.line, w.message) for w in network.warnings]
    assert all(w.level is Level.WARN for w in network.warnings)
    assert messages[0] == (1, "lines 1-3 before the header row (line 4) were skipped")
    assert messages[1][0] == 4 and "kinase-substrate table" in messages[1][1]
    assert "skipped as unsigned" in messages[1][1]
    with pytest.raises(ValidationError) as excinfo:
        import_network("table", DATA / "psp_kinase_substrate.txt", strict=True)
    assert [p.line for p in excinfo.value.problems] == [1, 4]
    # with a sign of the user's own it imports
    signed = tmp_path / "ks.tsv"
    signed.write_text(
        "KINASE\tSUBSTRATE\tKIN_ACC_ID\tSUB_ACC_ID\tmode\nJAK2\tSTAT1\tO60674\tP42224\t1\n"
    )
    assert edges(import_network("table", signed)) == [("JAK2", "+", "STAT1")]
    mapping = {"source": "KINASE", "target": "SUBSTRATE", "sign": "mode"}
    assert edges(import_network("table", signed, columns=mapping)) == [("JAK2", "+", "STAT1")]
    assert import_network("table", signed).nodes["JAK2"].xrefs == ("UniProt:O60674",)


def test_omnipath_enzyme_substrate_table_is_unsigned(tmp_path):
    path = tmp_path / "enz_sub.tsv"
    path.write_text(
        "enzyme\tsubstrate\tenzyme_genesymbol\tsubstrate_genesymbol\tresidue_type\tsources\n"
        "O60674\tP42224\tJAK2\tSTAT1\tY\tSIGNOR;PhosphoSite\n"
    )
    network = import_network("table", path)
    assert network.skipped == {"unsigned": 1} and "enzyme-substrate" in network.warnings[0].message


def test_an_ambiguous_header_asks_for_columns():
    with pytest.raises(ValidationError) as excinfo:
        import_network("table", DATA / "ambiguous_header.tsv")
    [(line, message)] = problems(excinfo)
    assert line == 1 and "--columns" in message
    assert "source could be 'source' or 'node1'" in message
    assert "target could be 'target' or 'node2'" in message
    mapping = {"source": "node1", "target": "node2", "sign": "sign"}
    network = import_network("table", DATA / "ambiguous_header.tsv", columns=mapping)
    assert edges(network) == [("A", "+", "B"), ("B", "-", "C")]


def test_an_ambiguous_header_on_the_command_line(tmp_path):
    proc = run_cli("import", "table", str(DATA / "ambiguous_header.tsv"), cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith("mechgraph: error: ") and "ambiguous_header.tsv:1:" in line
    assert "--columns" in line and "'node1'" in line
    assert not (tmp_path / "imports").exists()


def test_a_column_of_database_names_is_never_a_node_column(tmp_path):
    with pytest.raises(ValidationError) as excinfo:
        import_network("table", DATA / "database_column.tsv")
    [(line, message)] = problems(excinfo)
    assert line == 1 and "'SOURCE' holds database names" in message and "--columns" in message
    # another candidate takes over when the database column is left out
    path = tmp_path / "two.tsv"
    path.write_text(
        "source\tregulator\ttarget\tsign\nSIGNOR\tSTAT1\tCD274\t1\nPsP\tJAK2\tSTAT1\t1\n"
    )
    assert edges(import_network("table", path)) == [("STAT1", "+", "CD274"), ("JAK2", "+", "STAT1")]


def test_two_sign_columns(tmp_path):
    both = tmp_path / "both.tsv"
    both.write_text("source\ttarget\tsign\teffect\nA\tB\t1\tinhibits\n")
    with pytest.raises(ValidationError, match="sign could be 'sign' or 'effect'"):
        import_network("table", both)
    words = tmp_path / "words.tsv"  # only one of them holds sign words
    words.write_text("source\ttarget\tsign\tmode\nA\tB\t1\tphosphorylation\nB\tC\t-1\tbinding\n")
    assert edges(import_network("table", words)) == [("A", "+", "B"), ("B", "-", "C")]


@pytest.mark.parametrize(
    ("cell", "database"),
    [
        ("SIGNOR", True),
        ("PsP", True),
        ("SIGNOR;PsP", True),
        ("OmniPath", True),
        ("Reactome", True),
        ("KEGG", True),
        ("SPIKE_LC;BioGRID", True),
        ("STAT1", False),
        ("SIGNOR;STAT1", False),
        ("", False),
    ],
)
def test_database_names(cell, database):
    assert is_database_list(cell) is database


def test_the_real_networks_still_read_as_before():
    path = REAL / "omnipath_signed_carnival.tsv"
    if not path.is_file():
        pytest.skip("the shared networks are not beside the checkout")
    network = import_network("table", path)
    assert len(network.edges) == 19806 and network.skipped == {"self-loop": 1}


# -- 2. BEL as users have it -------------------------------------------------------------------


def test_bel_with_annotations_before_the_citation_imports_with_warnings():
    needs_pybel()
    network = import_network("bel", DATA / "annotations_first.bel")
    assert edges(network) == [
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
        import_network("bel", DATA / "annotations_first.bel", strict=True)
    found = problems(excinfo)
    lines = [line for line, _ in found]
    assert {11, 12, 15, 18, 20} <= set(lines)  # SET Citation cleared what came before it
    assert all(p.level is Level.ERROR for p in excinfo.value.problems)
    assert any("MissingSupportWarning" in message for _, message in found)


def test_bel_syntax_errors_stay_errors_with_a_bel_hint():
    needs_pybel()
    with pytest.raises(ValidationError) as excinfo:
        import_network("bel", OLD / "bad.bel")
    assert [p.line for p in excinfo.value.problems] == [15, 17]
    hint = excinfo.value.problems[0].hint
    assert "BEL" in hint and "tab" not in hint  # not the curated tables' TSV hint


def test_bel_on_the_command_line(tmp_path):
    needs_pybel()
    bel = DATA / "annotations_first.bel"
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
    failed = run_cli("import", "bel", str(OLD / "bad.bel"), "--check", "--json", cwd=tmp_path)
    hints = {p["hint"] for p in json.loads(failed.stdout)["problems"]}
    assert failed.returncode == 1 and all("BEL" in h for h in hints)


def test_table_problems_have_a_table_hint(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("source\tinteraction\ttarget\nA\tmaybe\tB\n")
    with pytest.raises(ValidationError) as excinfo:
        import_network("table", path)
    assert "--columns" in excinfo.value.problems[0].hint


# -- 3. all or nothing on disk -----------------------------------------------------------------


def _full_disk_for(suffix, real):
    def write(target, raw, mode):
        if target.name.endswith(suffix):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(target, raw, mode)

    return write


def test_no_room_for_the_grounding_table_leaves_nothing_new(tmp_path, monkeypatch):
    folder = tmp_path / "imports"
    monkeypatch.setattr(
        write_module, "_write_temp", _full_disk_for(".grounding.tsv", write_module._write_temp)
    )
    result = invoke("import", "sif", OLD / "toy.sif", "--name", "toy", "--into", folder)
    assert result.exit_code == 1
    assert "toy.grounding.tsv" in result.output and "no space left" in result.output
    assert "Traceback" not in result.output
    assert not folder.exists()  # no toy.tsv, no .tmp, not even the folder it made
    with pytest.raises(LookupError):  # so --with-network toy finds nothing
        locate_network("toy", folder)


def test_a_failed_import_keeps_the_old_files(tmp_path, monkeypatch):
    folder = tmp_path / "imports"
    folder.mkdir()
    (folder / "toy.tsv").write_text("source\tinteraction\ttarget\nOLD\t1\tNET\n")
    (folder / "toy.grounding.tsv").write_text("node\tstatus\tkb_id\thow\tcandidates\n")
    os.chmod(folder / "toy.tsv", 0o640)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    monkeypatch.setattr(
        write_module, "_write_temp", _full_disk_for(".grounding.tsv", write_module._write_temp)
    )
    result = invoke("import", "sif", OLD / "toy.sif", "--name", "toy", "--into", folder)
    assert result.exit_code == 1 and "no space left" in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # no .tmp either
    assert (folder / "toy.tsv").stat().st_mode & 0o777 == 0o640


def test_a_failed_second_rename_brings_the_first_file_back(tmp_path, monkeypatch):
    folder = tmp_path / "imports"
    folder.mkdir()
    (folder / "toy.tsv").write_text("old network\n")
    real = os.replace

    def rename(source, target):
        if Path(target).name.endswith(".grounding.tsv"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(source, target)

    monkeypatch.setattr(os, "replace", rename)
    result = invoke("import", "sif", OLD / "toy.sif", "--name", "toy", "--into", folder)
    assert result.exit_code == 1 and "toy.grounding.tsv" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["toy.tsv"]
    assert (folder / "toy.tsv").read_text() == "old network\n"

    def no_hard_links(*_):
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_hard_links)  # the old version is kept as a copy
    result = invoke("import", "sif", OLD / "toy.sif", "--name", "toy", "--into", folder)
    assert result.exit_code == 1
    assert sorted(p.name for p in folder.iterdir()) == ["toy.tsv"]
    assert (folder / "toy.tsv").read_text() == "old network\n"

    (folder / "toy.tsv").unlink()  # and a new first file is removed again
    result = invoke("import", "sif", OLD / "toy.sif", "--name", "toy", "--into", folder)
    assert result.exit_code == 1 and list(folder.iterdir()) == []


def test_write_all_atomically_writes_both(tmp_path):
    first, second = tmp_path / "new" / "a.tsv", tmp_path / "new" / "a.grounding.tsv"
    write_all_atomically([(first, "one\n"), (second, b"two\n")], make_parents=True)
    assert first.read_text() == "one\n" and second.read_text() == "two\n"
    write_all_atomically([(first, "three\n"), (second, "four\n")])
    assert first.read_text() == "three\n" and sorted(p.name for p in first.parent.iterdir()) == [
        "a.grounding.tsv",
        "a.tsv",
    ]
    (tmp_path / "dir.tsv").mkdir()
    with pytest.raises(OSError, match="folder"):
        write_all_atomically([(first, "x"), (tmp_path / "dir.tsv", "y")])
    assert first.read_text() == "three\n"


def test_a_successful_import_still_writes_both(tmp_path):
    result = invoke("import", "sif", OLD / "toy.sif", "--into", tmp_path / "nets")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "nets").iterdir()) == ["toy.grounding.tsv", "toy.tsv"]


# -- 4. malformed input: one-line errors, never a traceback ------------------------------------


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
    ("sbml-qual", "cut.sbml", (OLD / "toy.sbml").read_bytes()[:300], None, "not well-formed XML"),
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


def test_a_bom_and_crlf_line_ends_are_fine(tmp_path):
    path = _write(tmp_path / "crlf.tsv", b"\xef\xbb\xbfsource\tinteraction\ttarget\r\nA\t1\tB\r\n")
    assert edges(import_network("table", path)) == [("A", "+", "B")]
    sif = _write(tmp_path / "crlf.sif", b"\xef\xbb\xbfA\t-1\tB\r\n")
    assert edges(import_network("sif", sif)) == [("A", "-", "B")]
    assert [e.key for e in load_signed_table(path).edges()] == [("A", "B", "+")]


def test_a_tab_in_a_quoted_csv_cell_does_not_break_the_normalised_copy(tmp_path):
    path = _write(tmp_path / "tab.csv", 'source,target,sign\n"A\tB",C,1\n')
    network = import_network("csv", path)
    assert edges(network) == [("A B", "+", "C")]
    assert len(network.to_tsv().splitlines()[1].split("\t")) == 8


def test_signed_table_reader_errors_name_file_and_line(tmp_path):
    path = _write(tmp_path / "bad.tsv", b"source\tinteraction\ttarget\nA\t1\tB\nA\xff\t1\tC\n")
    with pytest.raises(ValidationError, match="bad.tsv:3"):
        load_signed_table(path)


def test_folders_pipes_and_missing_files_are_usage_errors(tmp_path):
    (tmp_path / "adir.tsv").mkdir()
    os.mkfifo(tmp_path / "pipe.tsv")
    for name, words in [
        ("adir.tsv", "is a folder"),
        ("pipe.tsv", "not a regular file"),
        ("missing.tsv", "file not found"),
    ]:
        proc = run_cli("import", "table", str(tmp_path / name), "--check", cwd=tmp_path)
        assert proc.returncode == 2, (name, proc.stderr)
        assert proc.stderr.startswith("mechgraph: error: ") and words in proc.stderr
        assert "Traceback" not in proc.stderr
    with pytest.raises(IsADirectoryError):
        import_network("table", tmp_path / "adir.tsv")


def test_malformed_files_on_the_command_line_exit_1_without_traceback(tmp_path):
    files = [
        ("table", _write(tmp_path / "o.tsv", CASES[0][2])),
        ("csv", _write(tmp_path / "h.csv", CASES[3][2])),
        ("sif", _write(tmp_path / "j.sif", bytes(range(256)) * 4)),
        ("sbml-qual", _write(tmp_path / "c.sbml", (OLD / "toy.sbml").read_bytes()[:300])),
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
        "sif": OLD / "toy.sif",
        "sbml-qual": OLD / "toy.sbml",
        "bnet": OLD / "toy.bnet",
        "aeon": OLD / "toy.aeon",
    }
    seed = seeds[format] if seeds[format].is_file() else OLD / "omnipath.tsv"
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


# -- 5. names that differ only by case ---------------------------------------------------------


@pytest.fixture(scope="module")
def case_kb(tmp_path_factory):
    return make_kb(
        tmp_path_factory.mktemp("kb") / "kb",
        [claim("C1", "drug_a", "decreases", "pd_l1")],
        [
            {"id": "drug_a", "type": "Drug"},
            {"id": "pd_l1", "label": "PD-L1", "type": "Molecule", "synonyms": "CD274"},
        ],
        classes=[{"id": "Molecule", "label": "molecule"}],
    )


def test_nodes_whose_names_differ_only_by_case_can_each_be_queried(case_kb):
    merged = mechgraph.merge_networks([DATA / "case_names.sif"], kb=case_kb)
    # drug_a -| PD-L1 -| v_TNFA: up; drug_a -| PD-L1 -> v_TNFa: down
    assert mechgraph.explain(["drug_a"], "v_TNFA", kb=merged).sign is Sign.PLUS
    assert mechgraph.explain(["drug_a"], "v_TNFa", kb=merged).sign is Sign.MINUS
    answer = mechgraph.effect(["drug_a"], targets=["v_TNFa", "v_TNFA"], kb=merged)
    assert [(e.readout.id, e.sign) for e in answer.effects] == [
        ("v_TNFa", Sign.MINUS),
        ("v_TNFA", Sign.PLUS),
    ]
    assert mechgraph.resolve("v_TNFa", kb=merged).id == "v_TNFa"
    with pytest.raises(UnknownNameError) as excinfo:  # neither spelling: both are offered
        mechgraph.resolve("V_TNFA", kb=merged)
    assert excinfo.value.suggestions == ["v_TNFA", "v_TNFa"]
    assert mechgraph.resolve("cd274", kb=merged).id == "pd_l1"  # case still does not matter


def test_case_distinct_names_on_the_command_line(case_kb, tmp_path):
    env = {"MECHGRAPH_KB": str(case_kb)}
    network = f"sif:{DATA / 'case_names.sif'}"
    for target, sign in (("v_TNFA", "+"), ("v_TNFa", "-")):
        proc = run_cli("explain", "drug_a", "--target", target, "-N", network, "--json", env=env)
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["sign"] == sign


def test_grounding_prefers_a_name_written_exactly():
    from mechgraph import KnowledgeBase

    kb = KnowledgeBase()
    kb.classes["Molecule"] = OntologyClass("Molecule", "molecule", None)
    kb.entities["tnf_a"] = Entity("tnf_a", "tumour necrosis factor", "Molecule", synonyms=("TNFA",))
    kb.entities["tnf_x"] = Entity("tnf_x", "variant x", "Molecule", synonyms=("TNFa",))
    grounder = Grounder(kb)
    assert grounder.ground_node("TNFa").kb_id == "tnf_x"
    assert grounder.ground_node("TNFA").kb_id == "tnf_a"
    assert grounder.ground_node("tnfa").status == "ambiguous"  # neither exactly: both
    assert Grounder(kb).ground_node("X", ("HGNC:\u0661\u0662",)).status == "unmatched"
