"""The data of the HTML views (:mod:`mechgraph.views.build`), without a browser: counts, styles,
the legend, positions of large networks, explanation and difference pages."""

import mechgraph
from mechgraph.views.build import LARGE, network_data
from tests.helpers.sample_kbs import arms_kb


def test_whole_kb_view_has_every_node_and_edge():
    graph = mechgraph.workspace().graph
    data = network_data(graph, "kb")
    assert len(data["nodes"]) == len(graph.nodes())
    assert len(data["edges"]) == graph.edge_count()
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])
    colours = {e["mg"]["sign"]: e["color"]["color"] for e in data["edges"] if "claim" not in e}
    assert colours["increases"] != colours["decreases"]
    bars = {e["arrows"]["to"]["type"] for e in data["edges"] if e["mg"]["sign"] == "decreases"}
    assert bars == {"bar"}
    kb = mechgraph.workspace().kb
    ring = {r.id for r in kb.readouts.values() if r.kind.value in ("step", "stage")}
    fixed = {n["id"] for n in data["nodes"] if n.get("fixed")}
    assert len(ring) == 11 and ring <= fixed  # the cancer-immunity cycle, held in place
    assert all("x" in n and "y" in n for n in data["nodes"])  # laid out here, no physics
    assert data["options"]["physics"] is False and data["backdrop"] and data["frame"]


def test_hypothesis_only_edges_are_dashed():
    graph = mechgraph.workspace().graph
    for edge, drawn in zip(graph.edges(), network_data(graph, "kb")["edges"], strict=True):
        levels = {c.evidence.level.value for c in edge.claims}
        assert drawn["dashes"] == (levels == {"hypothesis"})


def test_explanation_view_keeps_only_answer_paths():
    html, data = mechgraph.view_page(["Abraxane", "atezolizumab"])
    result = mechgraph.effect(["Abraxane", "atezolizumab"])
    on_paths = {
        node
        for e in result.effects
        for paths in e.paths.values()
        for p in paths
        for node in p.nodes
    }
    drawn = {n["id"] for n in data["nodes"]}
    assert on_paths <= drawn
    assert len(drawn) < len(mechgraph.workspace().graph.nodes())
    assert {"abraxane", "atezolizumab"} <= drawn
    assert {r["node"] for r in data["readouts"]} == {e.readout.id for e in result.effects}
    assert len(data["contradictions"]) == len(result.contradictions)
    edge_ids = {e["id"] for e in data["edges"]}
    for c in data["contradictions"]:
        assert len(c["sides"]) >= 2 or c["kind"] == "rule"
        assert all(i in edge_ids for ids in c["sides"].values() for i in ids)


def test_large_networks_get_positions_and_no_physics():
    from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
    from mechgraph.model.kb import KnowledgeBase
    from mechgraph.model.vocab import Sign

    graph = MechanismGraph(KnowledgeBase())
    for i in range(LARGE + 50):
        graph.add(Edge(f"n{i}", f"n{(i * 7 + 1) % (LARGE + 60)}", Sign.PLUS, "increases"))
    data = network_data(graph, "big")
    assert data["options"]["physics"] is False
    positions = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(positions) > 0.9 * len(data["nodes"])  # spread out, not piled on one spot


def test_the_legend_lists_only_what_the_page_contains(tmp_path):
    from mechgraph.io.signed_table import load_signed_table
    from mechgraph.views.build import network_data

    table = tmp_path / "net.tsv"
    table.write_text("source\tinteraction\ttarget\nA\t1\tB\nB\t-1\tC\n", encoding="utf-8")
    data = network_data(load_signed_table(table), "imported")
    labels = [item["label"] for item in data["edge_legend"]]
    assert labels == ["increases (arrow)", "decreases (bar end)"]
    assert [item["count"] for item in data["edge_legend"]] == [1, 1]
    shipped = network_data(mechgraph.workspace().graph, "kb")
    kinds = {item["label"]: item.get("count") for item in shipped["edge_legend"]}
    assert kinds["hypothesis-level claims only"] > 0 and "width: evidence strength" in kinds
    assert sum(v for k, v in kinds.items() if v and k != "hypothesis-level claims only") == len(
        shipped["edges"]
    )


def test_the_answer_page_shows_the_difference(run_cli, tmp_path):
    root = arms_kb(tmp_path)
    html, data = mechgraph.view_page(["nano"], vs=["cyto"], kb=root)
    readouts = {r["node"]: r for r in data["readouts"]}
    assert readouts["tox"]["sign"] == "\u2193" and "C4" in readouts["tox"]["note"]
    assert readouts["tox"]["verdict"] == "unfavourable"  # every readout here wants more
    assert readouts["fever"]["verdict"] == "contested"  # unknown: no comparison stated
    assert data["title"] == "Difference of nano vs cyto" and "<!DOCTYPE html>" in html
    out = tmp_path / "vs.html"
    proc = run_cli("view", "nano", "--vs", "cyto", "-o", str(out), "--kb", str(root))
    assert proc.returncode == 0 and out.is_file(), proc.stderr
    usage = run_cli("view", "--vs", "cyto", "-o", str(out), "--kb", str(root))
    assert usage.returncode == 2 and "--vs needs AGENTs" in usage.stderr
