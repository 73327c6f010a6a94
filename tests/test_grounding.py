"""Grounding imported nodes to knowledge-base concepts, merging imported networks into the
graph, and queries (effect, explain, hypothesize, view) over the merged network."""

import doctest
import json
from pathlib import Path

import pytest
from kbfactory import claim, make_kb
from test_cli import run_cli

import mechgraph
from mechgraph import KnowledgeBase, Sign
from mechgraph.graph.compile import compile_kb
from mechgraph.graph.grounding import Grounder, ground
from mechgraph.graph.merge import MergedIndex, is_imported, merge
from mechgraph.io.importers import ImportedEdge, ImportedNetwork, ImportedNode
from mechgraph.model.records import Entity, OntologyClass
from mechgraph.reasoning.verdict import STEP_DECAY

DATA = Path(__file__).parent / "data" / "importers"


def network(edges, xrefs=None, name="net"):
    """An imported network from ``(source, sign, target)`` triples."""
    xrefs = xrefs or {}
    found = [
        ImportedEdge(s, t, Sign(sign), f"{name}.sif", line)
        for line, (s, sign, t) in enumerate(edges, start=1)
    ]
    names = dict.fromkeys(n for e in found for n in (e.source, e.target))
    names.update(dict.fromkeys(xrefs))
    nodes = {n: ImportedNode(n, tuple(xrefs.get(n, ()))) for n in names}
    return ImportedNetwork(name, "sif", f"{name}.sif", found, nodes)


@pytest.fixture(scope="module")
def toy_kb():
    """A hand-built knowledge base (no files) with identifiers, synonyms and a cell type."""
    kb = KnowledgeBase()
    for cls in (
        OntologyClass("Molecule", "molecule", None),
        OntologyClass("CellType", "cell type", None),
        OntologyClass("Agent", "agent", None),
        OntologyClass("Cytokine", "cytokine", "Molecule", synonyms=("cytokines",)),
    ):
        kb.classes[cls.id] = cls
    for entity in (
        Entity(
            "pd_l1",
            "PD-L1",
            "Molecule",
            synonyms=("CD274", "B7-H1"),
            xrefs=("HGNC:17635", "UniProt:Q9NZQ7"),
        ),
        Entity(
            "ifn_gamma", "interferon gamma", "Cytokine", synonyms=("IFNG",), xrefs=("HGNC:5438",)
        ),
        Entity("paclitaxel", "paclitaxel", "Agent", synonyms=("Taxol",), xrefs=("CHEBI:45863",)),
        Entity("apc", "antigen-presenting cell", "CellType", synonyms=("APC",)),
        Entity("il_12a", "IL-12 p35", "Cytokine", xrefs=("HGNC:5969",)),
        Entity("il_12", "interleukin-12", "Cytokine", xrefs=("HGNC:5969", "HGNC:5970")),
        Entity("stat6", "STAT6", "Molecule", synonyms=("STAT-6 pathway",)),
        Entity("stat6_pathway", "STAT6 pathway", "Molecule", synonyms=("STAT6 signalling",)),
    ):
        kb.entities[entity.id] = entity
    return kb


# -- grounding -------------------------------------------------------------------------------


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


# -- merging ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_kb(tmp_path_factory):
    """drug_a decreases PD-L1; interferon gamma increases efficacy: nothing links the two."""
    root = make_kb(
        tmp_path_factory.mktemp("kb") / "kb",
        [claim("C1", "drug_a", "decreases", "pd_l1"), claim("C2", "ifng", "increases", "efficacy")],
        [
            {"id": "drug_a", "type": "Drug"},
            {
                "id": "pd_l1",
                "label": "PD-L1",
                "type": "Molecule",
                "synonyms": "CD274",
                "xrefs": "HGNC:17635",
            },
            {"id": "ifng", "label": "interferon gamma", "type": "Molecule", "synonyms": "IFNG"},
            {
                "id": "apc",
                "label": "antigen-presenting cell",
                "type": "CellType",
                "synonyms": "APC",
            },
            "efficacy",
        ],
        readouts=[{"readout": "efficacy", "kind": "outcome", "order": "1", "desirable": "+"}],
        classes=[{"id": "Molecule", "label": "molecule"}, {"id": "CellType", "label": "cell"}],
    )
    return root


@pytest.fixture()
def bridge(tmp_path):
    path = tmp_path / "bridge.sif"
    path.write_text("CD274\t-1\tMAPK1\nMAPK1\t1\tIFNG\nAPC\t1\tMAPK1\nIFNG\t1\tefficacy\n")
    return path


def test_merge_maps_grounded_nodes_and_keeps_the_others(small_kb, bridge):
    kb = mechgraph.workspace(small_kb).kb
    base = compile_kb(kb)
    before = sorted(e.key for e in base.edges())
    imported = mechgraph.import_network("sif", bridge)
    merged = merge(base, [(imported, ground(imported, kb))], weight=0.25)
    report = merged.merges[0]
    assert report.nodes == {
        "CD274": "pd_l1",
        "MAPK1": "MAPK1",
        "IFNG": "ifng",
        "APC": "bridge:APC",
        "efficacy": "efficacy",
    }
    assert (report.added, report.curated) == (3, 1)  # IFNG -> efficacy is claim C2
    added = [e for e in merged.edges() if is_imported(e)]
    assert sorted((e.source, e.target, e.sign.value) for e in added) == [
        ("MAPK1", "ifng", "+"),
        ("bridge:APC", "MAPK1", "+"),
        ("pd_l1", "MAPK1", "-"),
    ]
    edge = next(e for e in added if e.source == "pd_l1")
    assert edge.weight({}) == 0.25 and edge.relation == "decreases" and not edge.claims
    assert str(edge.origin) == f"{bridge}:1"
    curated = [e for e in merged.out_edges("ifng") if e.target == "efficacy"]
    assert len(curated) == 1 and curated[0].claims[0].id == "C2"
    assert sorted(e.key for e in base.edges()) == before  # the KB's graph is not changed
    assert merged.imported_nodes() == {"MAPK1", "bridge:APC"}
    with pytest.raises(ValueError, match="imported weight"):
        merge(base, [(imported, ground(imported, kb))], weight=0)


def test_grounding_can_turn_an_edge_into_a_self_loop(toy_kb):
    net = network([("CD274", "+", "PD-L1"), ("CD274", "+", "MAPK1")])
    merged = merge(compile_kb(toy_kb), [(net, ground(net, toy_kb))])
    report = merged.merges[0]
    assert (report.added, report.self_loops) == (1, 1)


def test_two_networks_share_their_unmatched_nodes(toy_kb):
    first = network([("CD274", "+", "MAPK1")], name="one")
    second = network([("MAPK1", "-", "STAT3")], name="two")
    merged = merge(compile_kb(toy_kb), [(n, ground(n, toy_kb)) for n in (first, second)])
    assert [e.key for e in merged.edges() if is_imported(e)] == [
        ("pd_l1", "MAPK1", "+"),
        ("MAPK1", "STAT3", "-"),
    ]


def test_merged_index_resolves_imported_nodes(toy_kb):
    net = network([("CD274", "+", "MAPK1"), ("APC", "+", "MAPK1")], {"MAPK1": ("UniProt:P28482",)})
    graph = merge(compile_kb(toy_kb), [(net, ground(net, toy_kb))])
    from mechgraph.model.resolve import NameIndex, UnknownNameError

    index = MergedIndex(NameIndex(toy_kb), graph)
    assert index.resolve("mapk1").id == "MAPK1"
    assert index.resolve("UniProt:P28482").id == "MAPK1"
    assert index.resolve("net:APC").id == "net:APC"
    assert index.resolve("CD274").id == "pd_l1"
    assert index.resolve("APC").id == "apc"  # the knowledge base's id wins
    with pytest.raises(UnknownNameError):
        index.resolve("GENE_NOWHERE")


# -- queries over the merged network ------------------------------------------------------------


def test_effect_and_explain_over_the_merged_network(small_kb, bridge):
    plain = mechgraph.effect(["drug_a"], kb=small_kb)
    assert plain.effect_on("efficacy").sign is Sign.NONE
    merged = mechgraph.merge_networks([bridge], kb=small_kb)
    answer = mechgraph.effect(["drug_a"], kb=merged)
    efficacy = answer.effect_on("efficacy")
    assert efficacy.sign is Sign.PLUS and efficacy.verdict == "favourable"
    path = efficacy.paths[Sign.PLUS][0]
    assert path.nodes == ["drug_a", "pd_l1", "MAPK1", "ifng", "efficacy"]
    # four causal steps, each its evidence weight times the per-step decay
    assert path.strength == pytest.approx(0.7 * 0.3 * 0.3 * 0.7 * STEP_DECAY**4)
    steps = answer.to_dict()["effects"][0]["paths"]["+"][0]["steps"]
    assert [s["kind"] for s in steps] == ["claim", "structure", "structure", "claim"]
    assert steps[1]["evidence"] == [{"statement": "PD-L1 decreases MAPK1", "source": f"{bridge}:1"}]
    assert steps[1]["weight"] == 0.3

    explained = mechgraph.explain(["drug_a"], "MAPK1", kb=merged)
    assert explained.sign is Sign.PLUS
    assert explained.paths[Sign.PLUS][0].nodes == ["drug_a", "pd_l1", "MAPK1"]

    heavier = mechgraph.merge_networks([bridge], kb=small_kb, imported_weight=0.6)
    stronger = mechgraph.effect(["drug_a"], kb=heavier).effect_on("efficacy")
    assert stronger.strength(Sign.PLUS) == pytest.approx(4 * efficacy.strength(Sign.PLUS))


def test_hypothesize_and_view_over_the_merged_network(small_kb, bridge):
    merged = mechgraph.merge_networks([bridge], kb=small_kb)
    answer = mechgraph.hypothesize(["drug_a"], {"efficacy": "+"}, kb=merged)
    assert answer.consistent
    html, data = mechgraph.view_page(["drug_a"], kb=merged)
    assert html.startswith("<!DOCTYPE html>")
    assert "MAPK1" in {node["id"] for node in data["nodes"]}


def test_merge_networks_by_saved_name(small_kb, bridge, tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "bridge.tsv").write_text(mechgraph.import_network("sif", bridge).to_tsv())
    merged = mechgraph.merge_networks(["bridge"], kb=small_kb, imports=folder)
    assert merged.graph.merges[0].network == "bridge"
    edge = next(e for e in merged.graph.out_edges("pd_l1") if is_imported(e))
    assert str(edge.origin) == f"{bridge}:1"  # the original file and line, not the copy's


def test_cli_effect_and_explain_with_networks(small_kb, bridge, tmp_path):
    env = {"MECHGRAPH_KB": str(small_kb), "MECHGRAPH_IMPORTS": str(tmp_path / "saved")}
    imported = run_cli("import", "sif", str(bridge), "--name", "bridge", env=env)
    assert imported.returncode == 0, imported.stderr
    assert (tmp_path / "saved" / "bridge.tsv").is_file()

    plain = json.loads(run_cli("effect", "drug_a", "--json", env=env).stdout)
    assert plain["effects"][0]["sign"] == "0"
    proc = run_cli("effect", "drug_a", "--with-network", "bridge", "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["effects"][0]["sign"] == "+"
    assert "merged bridge: 3 edges (weight 0.3)" in proc.stderr

    by_file = run_cli(
        "explain",
        "drug_a",
        "--target",
        "MAPK1",
        "--with-network",
        f"sif:{bridge}",
        "--imported-weight",
        "0.5",
        "--json",
        env=env,
    )
    assert by_file.returncode == 0, by_file.stderr
    explained = json.loads(by_file.stdout)
    assert explained["sign"] == "+" and explained["paths"]["+"][0]["steps"][1]["weight"] == 0.5

    text = run_cli("explain", "drug_a", "-t", "efficacy", "-N", "bridge", env=env)
    assert text.returncode == 0, text.stderr
    assert "PD-L1 -[decreases]-> MAPK1" in text.stdout
    assert f"PD-L1 decreases MAPK1 ({bridge}:1)" in text.stdout

    # an imported node asked for as a target gets its own row in the table
    table = run_cli("effect", "drug_a", "-t", "MAPK1", "-N", "bridge", env=env).stdout
    other = table.split("OTHER TARGETS", 1)[1].split("WHY", 1)[0]
    assert [line.split()[:2] for line in other.splitlines()[2:] if line.strip()] == [["MAPK1", "+"]]


def test_cli_with_network_errors(small_kb, tmp_path):
    env = {"MECHGRAPH_KB": str(small_kb), "MECHGRAPH_IMPORTS": str(tmp_path)}
    missing = run_cli("effect", "drug_a", "--with-network", "nothing", env=env)
    assert missing.returncode == 2 and "no imported network" in missing.stderr
    bad = run_cli("effect", "drug_a", "--with-network", str(DATA / "bad.sif"), env=env)
    assert bad.returncode == 1
    assert (
        bad.stderr.strip()
        .splitlines()[-1]
        .endswith("bad.sif:4: expected source, interaction and target, got 'STAT1 JAK2'")
    )


@pytest.mark.parametrize("module", ["mechgraph.graph.grounding", "mechgraph.graph.merge"])
def test_docstring_examples(module):
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_default_imported_weight_is_the_same_everywhere():
    import inspect

    from mechgraph import api
    from mechgraph.cli import app
    from mechgraph.graph import merge as merge_module

    assert api.DEFAULT_IMPORTED_WEIGHT == merge_module.DEFAULT_IMPORTED_WEIGHT == 0.3
    for command in (app.effect, app.explain):
        assert inspect.signature(command).parameters["imported_weight"].default == 0.3
