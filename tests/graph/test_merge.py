"""Merging imported networks into the mechanism graph (:mod:`mechgraph.graph.merge`), and queries
(effect, explain, hypothesize, view) over the merged network, also from the command line."""

import json

import pytest

import mechgraph
from mechgraph import Sign
from mechgraph.graph.compile import compile_kb
from mechgraph.graph.grounding import ground
from mechgraph.graph.merge import MergedIndex, is_imported, merge
from mechgraph.model.resolve import UnknownNameError
from mechgraph.reasoning.verdict import STEP_DECAY
from tests.helpers.kbfactory import claim, make_kb
from tests.helpers.networks import network
from tests.helpers.paths import TEST_DATA

DATA = TEST_DATA / "importers"


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


def test_cli_effect_and_explain_with_networks(run_cli, small_kb, bridge, tmp_path):
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


def test_cli_with_network_errors(run_cli, small_kb, tmp_path):
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


def test_the_default_imported_weight_is_the_same_everywhere():
    import inspect

    from mechgraph import api
    from mechgraph.cli import app
    from mechgraph.graph import merge as merge_module

    assert api.DEFAULT_IMPORTED_WEIGHT == merge_module.DEFAULT_IMPORTED_WEIGHT == 0.3
    for command in (app.effect, app.explain):
        assert inspect.signature(command).parameters["imported_weight"].default == 0.3


ROBUST = TEST_DATA / "import_robust"


# -- names that differ only by case ------------------------------------------------------------


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
    merged = mechgraph.merge_networks([ROBUST / "case_names.sif"], kb=case_kb)
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


def test_case_distinct_names_on_the_command_line(run_cli, case_kb, tmp_path):
    env = {"MECHGRAPH_KB": str(case_kb)}
    network = f"sif:{ROBUST / 'case_names.sif'}"
    for target, sign in (("v_TNFA", "+"), ("v_TNFa", "-")):
        proc = run_cli("explain", "drug_a", "--target", target, "-N", network, "--json", env=env)
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["sign"] == sign
