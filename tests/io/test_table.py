"""Tables of signed interactions (:mod:`mechgraph.io.table`): OmniPath's, SIGNOR's and
PhosphoSitePlus's headers, column mappings, ambiguous headers, database-name columns, and the
normalised copy."""

from pathlib import Path

import pytest

import mechgraph
from mechgraph import ValidationError
from mechgraph.io.importers import import_network
from mechgraph.io.table import is_database_list, parse_columns
from mechgraph.model.problems import Level
from tests.helpers.networks import edges, problem_lines, problems, signed_edges
from tests.helpers.paths import SHARED, TEST_DATA

ROBUST = TEST_DATA / "import_robust"
REAL = SHARED / "data"


# -- the headers of the tables users have ------------------------------------------------------


def test_signor_export_header_reads_entitya_to_entityb_with_its_signs():
    network = import_network("table", ROBUST / "signor_export.tsv")
    assert signed_edges(network) == [
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
    network = import_network("table", ROBUST / "omnipath_webservice.tsv")
    assert signed_edges(network) == [
        ("IFNG", "+", "IFNGR1"),
        ("JAK2", "+", "STAT1"),
        ("CD274", "-", "PDCD1"),
    ]
    assert network.skipped == {"undirected": 1}
    assert network.nodes["CD274"].xrefs == ("UniProt:Q9NZQ7",)


def test_a_kinase_substrate_table_is_unsigned_and_says_so(tmp_path):
    network = import_network("table", ROBUST / "psp_kinase_substrate.txt")
    assert signed_edges(network) == [] and network.skipped == {"unsigned": 2}
    messages = [(w.line, w.message) for w in network.warnings]
    assert all(w.level is Level.WARN for w in network.warnings)
    assert messages[0] == (1, "lines 1-3 before the header row (line 4) were skipped")
    assert messages[1][0] == 4 and "kinase-substrate table" in messages[1][1]
    assert "skipped as unsigned" in messages[1][1]
    with pytest.raises(ValidationError) as excinfo:
        import_network("table", ROBUST / "psp_kinase_substrate.txt", strict=True)
    assert [p.line for p in excinfo.value.problems] == [1, 4]
    # with a sign of the user's own it imports
    signed = tmp_path / "ks.tsv"
    signed.write_text(
        "KINASE\tSUBSTRATE\tKIN_ACC_ID\tSUB_ACC_ID\tmode\nJAK2\tSTAT1\tO60674\tP42224\t1\n"
    )
    assert signed_edges(import_network("table", signed)) == [("JAK2", "+", "STAT1")]
    mapping = {"source": "KINASE", "target": "SUBSTRATE", "sign": "mode"}
    assert signed_edges(import_network("table", signed, columns=mapping)) == [
        ("JAK2", "+", "STAT1")
    ]
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
        import_network("table", ROBUST / "ambiguous_header.tsv")
    [(line, message)] = problems(excinfo)
    assert line == 1 and "--columns" in message
    assert "source could be 'source' or 'node1'" in message
    assert "target could be 'target' or 'node2'" in message
    mapping = {"source": "node1", "target": "node2", "sign": "sign"}
    network = import_network("table", ROBUST / "ambiguous_header.tsv", columns=mapping)
    assert signed_edges(network) == [("A", "+", "B"), ("B", "-", "C")]


def test_an_ambiguous_header_on_the_command_line(run_cli, tmp_path):
    proc = run_cli("import", "table", str(ROBUST / "ambiguous_header.tsv"), cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith("mechgraph: error: ") and "ambiguous_header.tsv:1:" in line
    assert "--columns" in line and "'node1'" in line
    assert not (tmp_path / "imports").exists()


def test_a_column_of_database_names_is_never_a_node_column(tmp_path):
    with pytest.raises(ValidationError) as excinfo:
        import_network("table", ROBUST / "database_column.tsv")
    [(line, message)] = problems(excinfo)
    assert line == 1 and "'SOURCE' holds database names" in message and "--columns" in message
    # another candidate takes over when the database column is left out
    path = tmp_path / "two.tsv"
    path.write_text(
        "source\tregulator\ttarget\tsign\nSIGNOR\tSTAT1\tCD274\t1\nPsP\tJAK2\tSTAT1\t1\n"
    )
    assert signed_edges(import_network("table", path)) == [
        ("STAT1", "+", "CD274"),
        ("JAK2", "+", "STAT1"),
    ]


def test_two_sign_columns(tmp_path):
    both = tmp_path / "both.tsv"
    both.write_text("source\ttarget\tsign\teffect\nA\tB\t1\tinhibits\n")
    with pytest.raises(ValidationError, match="sign could be 'sign' or 'effect'"):
        import_network("table", both)
    words = tmp_path / "words.tsv"  # only one of them holds sign words
    words.write_text("source\ttarget\tsign\tmode\nA\tB\t1\tphosphorylation\nB\tC\t-1\tbinding\n")
    assert signed_edges(import_network("table", words)) == [("A", "+", "B"), ("B", "-", "C")]


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


def test_table_problems_have_a_table_hint(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("source\tinteraction\ttarget\nA\tmaybe\tB\n")
    with pytest.raises(ValidationError) as excinfo:
        import_network("table", path)
    assert "--columns" in excinfo.value.problems[0].hint


# -- malformed input ---------------------------------------------------------------------------


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_a_tab_in_a_quoted_csv_cell_does_not_break_the_normalised_copy(tmp_path):
    path = _write(tmp_path / "tab.csv", 'source,target,sign\n"A\tB",C,1\n')
    network = import_network("csv", path)
    assert signed_edges(network) == [("A B", "+", "C")]
    assert len(network.to_tsv().splitlines()[1].split("\t")) == 8


DATA = TEST_DATA / "importers"


# -- columns, mappings and problems ------------------------------------------------------------


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
        ("source=a,target=b,stimulation=c", "stimulation but not inhibition"),
        ("source=a,target=b,inhibition=c", "inhibition but not stimulation"),
    ],
)
def test_bad_column_mappings(text, message):
    with pytest.raises(ValueError, match=message):
        parse_columns(text)


def test_a_column_mapping_given_as_a_dict_is_checked_as_the_text_one(tmp_path):
    path = tmp_path / "flags.tsv"
    path.write_text("from\tto\tis_stimulation\nA\tB\t1\n")
    mapping = {"source": "from", "target": "to", "stimulation": "is_stimulation"}
    with pytest.raises(ValueError, match="stimulation but not inhibition"):
        import_network("table", path, columns=mapping)
    with pytest.raises(ValueError, match="at least the source and target"):
        import_network("table", path, columns={"source": "from", "sign": "is_stimulation"})
    with pytest.raises(ValueError, match="unknown role 'colour'"):
        import_network("table", path, columns={**mapping, "inhibition": "to", "colour": "x"})


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
