"""Grounding imported nodes to knowledge-base concepts (:mod:`mechgraph.graph.grounding`):
identifiers, names and synonyms, the grounding report, names written exactly."""

import pytest

import mechgraph
from mechgraph import KnowledgeBase
from mechgraph.graph.grounding import Grounder, ground
from mechgraph.model.records import Entity, OntologyClass
from tests.helpers.networks import network
from tests.helpers.paths import TEST_DATA

DATA = TEST_DATA / "importers"


@pytest.mark.parametrize(
    ("node", "xrefs", "status", "kb_id", "how"),
    [
        ("X1", ("HGNC:17635",), "matched", "pd_l1", "xref HGNC:17635"),
        ("Q9NZQ7", (), "matched", "pd_l1", "xref UniProt:Q9NZQ7"),  # a bare accession
        ("X2", ("uniprot:Q9NZQ7",), "matched", "pd_l1", "xref UniProt:Q9NZQ7"),
        ("CHEBI:45863", (), "matched", "paclitaxel", "xref CHEBI:45863"),
        ("CD274", (), "matched", "pd_l1", "synonym CD274"),
        ("pd-l1", (), "matched", "pd_l1", "label pd-l1"),  # case and hyphens do not matter
        ("Interferon-Gamma", (), "matched", "ifn_gamma", "label Interferon-Gamma"),
        ("antigen presenting cell", (), "matched", "apc", "label antigen presenting cell"),
        ("IFN_gamma", (), "matched", "ifn_gamma", "id IFN_gamma"),
        ("CD274", ("HGNC:CD274",), "matched", "pd_l1", "synonym CD274"),
        ("node7", ("HGNC:IFNG",), "matched", "ifn_gamma", "synonym IFNG"),  # BEL: a symbol
        ("Cytokines", (), "matched", "Cytokine", "synonym Cytokines"),
        ("STAT6", (), "matched", "stat6", "label STAT6"),  # a label beats another's synonym
        ("PDL1", (), "unmatched", None, ""),  # not a listed name
        ("MAPK1", ("UniProt:P28482",), "unmatched", None, ""),
        ("X3", ("HGNC:5969",), "ambiguous", None, ""),  # one identifier, two concepts
        ("X4", ("HGNC:17635", "HGNC:5438"), "ambiguous", None, ""),
    ],
)
def test_grounding_rules(toy_kb, node, xrefs, status, kb_id, how):
    match = Grounder(toy_kb).ground_node(node, xrefs)
    assert (match.status, match.kb_id, match.how) == (status, kb_id, how)
    if status == "ambiguous":
        assert len(match.candidates) == 2


def test_a_synonym_of_a_cell_type_does_not_ground_a_gene(toy_kb):
    match = Grounder(toy_kb).ground_node("APC")
    assert match.status == "ambiguous" and match.candidates == ("apc",)
    assert "synonym of antigen-presenting cell (CellType)" in match.how
    anything = Grounder(toy_kb, synonym_classes=()).ground_node("APC")
    assert (anything.status, anything.kb_id) == ("matched", "apc")
    process = Grounder(toy_kb).ground_node("APC", ("CL:APC",))  # a cell by its namespace
    assert (process.status, process.kb_id) == ("matched", "apc")


def test_grounding_report(toy_kb):
    net = network(
        [("CD274", "-", "MAPK1"), ("APC", "+", "CD274"), ("X3", "+", "MAPK1")],
        {"X3": ("HGNC:5969",)},
    )
    report = ground(net, toy_kb)
    assert report.counts() == {"matched": 1, "ambiguous": 2, "unmatched": 1}
    assert report.mapping() == {"CD274": "pd_l1"}
    data = report.to_dict()
    assert data["matched"] == [
        {
            "node": "CD274",
            "status": "matched",
            "kb_id": "pd_l1",
            "how": "synonym CD274",
            "candidates": [],
        }
    ]
    assert [m["node"] for m in data["ambiguous"]] == ["APC", "X3"]
    assert data["unmatched"] == ["MAPK1"]
    rows = report.to_tsv().splitlines()
    assert rows[0] == "node\tstatus\tkb_id\thow\tcandidates"
    assert "X3\tambiguous\t\t\til_12|il_12a" in rows


def test_grounding_against_the_shipped_knowledge_base():
    imported = mechgraph.import_network("table", DATA / "omnipath.tsv")
    report = mechgraph.ground(imported)
    assert report.mapping() == {"IFNG": "ifn_gamma", "CD274": "pd_l1", "PDCD1": "pd_1"}
    assert {m.node for m in report.unmatched} == {"IFNGR1", "JAK2", "STAT1", "JAK1"}


def test_grounding_prefers_a_name_written_exactly():

    kb = KnowledgeBase()
    kb.classes["Molecule"] = OntologyClass("Molecule", "molecule", None)
    kb.entities["tnf_a"] = Entity("tnf_a", "tumour necrosis factor", "Molecule", synonyms=("TNFA",))
    kb.entities["tnf_x"] = Entity("tnf_x", "variant x", "Molecule", synonyms=("TNFa",))
    grounder = Grounder(kb)
    assert grounder.ground_node("TNFa").kb_id == "tnf_x"
    assert grounder.ground_node("TNFA").kb_id == "tnf_a"
    assert grounder.ground_node("tnfa").status == "ambiguous"  # neither exactly: both
    assert Grounder(kb).ground_node("X", ("HGNC:\u0661\u0662",)).status == "unmatched"
