"""HTML views without a browser: counts, offline assets, inert data, fresh committed pages."""

import re

import pytest
from kbfactory import claim, make_kb

import mechgraph
from mechgraph.views.build import LARGE, network_data
from mechgraph.views.page import json_for_script

INJECTIONS = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>"]


def injection_kb(tmp_path):
    entities = [
        {"id": "evil", "label": INJECTIONS[0], "synonyms": INJECTIONS[1]},
        {"id": "target", "label": "tar<b>get</b>", "definition": INJECTIONS[1]},
    ]
    claims = [claim("C1", "evil", "increases", "target", quote=INJECTIONS[1], note=INJECTIONS[0])]
    return make_kb(tmp_path / "kb", claims, entities)


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


def test_page_is_self_contained():
    html, data = mechgraph.view_page()
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert html.count("</script>") == 3  # data block, vis-network, viewer: nothing else closes


def test_injection_strings_stay_data(tmp_path):
    html, data = mechgraph.view_page(kb=injection_kb(tmp_path))
    for text in INJECTIONS:
        assert text not in html
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels["evil"] == INJECTIONS[0]  # kept verbatim as data
    block = re.search(r'<script type="application/json" id="mg-data">(.*?)</script>', html, re.S)
    assert block and "<" not in block.group(1)


def test_json_for_script_round_trips():
    import json

    data = {"a": INJECTIONS, "b": "\u2028 & é"}
    assert json.loads(json_for_script(data)) == data


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


@pytest.mark.parametrize(
    ("name", "agents"),
    [("mechgraph.html", []), ("abraxane_atezolizumab.html", ["Abraxane", "atezolizumab"])],
)
def test_committed_views_are_fresh(repo, name, agents):
    committed = (repo / "exports" / name).read_text(encoding="utf-8")
    html, _ = mechgraph.view_page(agents)
    assert committed == html, (
        f"exports/{name} is stale: run `mechgraph view {' '.join(agents)} -o exports/{name}`"
    )


def test_view_cli_writes_file_and_reports(tmp_path):
    from test_cli import run_cli

    out = tmp_path / "v.html"
    proc = run_cli("view", "Doxil", "avelumab", "-c", "pdl1=positive", "-o", str(out), "--json")
    assert proc.returncode == 0, proc.stderr
    import json

    summary = json.loads(proc.stdout)
    assert summary["file"] == str(out) and out.read_text().startswith("<!DOCTYPE html>")
    assert summary["nodes"] > 5 and "wrote" in proc.stderr
    bad = run_cli("view", "no-such-drug", "-o", str(tmp_path / "x.html"))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert not (tmp_path / "x.html").exists()
    missing = run_cli("view", "--network", str(tmp_path / "none.tsv"))
    assert missing.returncode == 2 and "not found" in missing.stderr


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


@pytest.mark.parametrize(
    "name", ["mechgraph.views.backbone", "mechgraph.views.fold", "mechgraph.views.build"]
)
def test_view_docstring_examples(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0 and result.attempted > 0


def test_answer_page_draws_the_whole_cycle_as_a_lane():
    _, data = mechgraph.view_page(["IL-15 nanogels", "CAR T cell"])
    kb = mechgraph.workspace().kb
    position = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    steps = [
        r.id for r in sorted(kb.readouts.values(), key=lambda r: r.order) if r.kind.value == "step"
    ]
    assert all(s in position for s in steps)  # reached or not, every step is drawn
    assert len({position[s][0] for s in steps}) == 1  # one lane
    assert [position[s][1] for s in steps] == sorted(position[s][1] for s in steps)
    lines = [s for s in data["backdrop"] if s["kind"] == "line"]
    loop = [s for s in lines if s.get("label")]
    assert len(lines) == len(steps) and len(loop) == 1  # six arrows down, one loop back up
    assert loop[0]["points"][-1][1] < loop[0]["points"][0][1]  # it ends at the top
    lane = position[steps[0]][0]
    agents = [position[a][0] for a in ("il15_nanogel", "car_t_cell") if a in position]
    outcomes = [position[r.id][0] for r in kb.readouts.values() if r.kind.value == "outcome"]
    assert agents and max(agents) < lane < min(outcomes)


def test_long_chains_fold_into_one_node():
    from mechgraph.views.fold import fold_chains

    nodes = [{"id": x, "label": x, "mg": {}} for x in "abcdefg"]
    pairs = ["ab", "bc", "cd", "de", "ef", "ag", "gf"]  # a-b-c-d-e-f folds, a-g-f does not
    edges = [
        {"id": f"e{i}", "from": s, "to": t, "mg": {"sign": "increases"}}
        for i, (s, t) in enumerate(pairs)
    ]
    folds = fold_chains(nodes, edges, keep={"a", "f"})
    assert [f["members"] for f in folds] == [["b", "c", "d", "e"]]
    holder = nodes[-1]
    assert holder["mg"]["fold_of"] == folds[0]["id"] and "4 steps" in holder["label"]
    stand_ins = [e for e in edges if e["mg"].get("fold_of")]
    assert {(e["from"], e["to"]) for e in stand_ins} == {("a", holder["id"]), (holder["id"], "f")}
    assert all(n["mg"].get("fold") == folds[0]["id"] for n in nodes if n["id"] in "bcde")
    assert "fold" not in nodes[6]["mg"]  # g: a chain of one stays


def test_answer_page_groups_the_interventions_by_targeting_strategy():
    _, data = mechgraph.view_page(["TAA-NP/CpG-NP vaccine", "Doxil", "anti-PD-1 antibody"])
    regions = [s for s in data["backdrop"] if s["kind"] == "region" and s["x"] < 0]
    names = {" ".join(r["label"].split()) for r in regions}
    assert names == {"targeting cancer cells", "targeting the peripheral immune system"}
    position = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    inside = {
        " ".join(r["label"].split()): [
            n
            for n, (x, y) in position.items()
            if r["x"] < x < r["x"] + r["w"] and r["y"] < y < r["y"] + r["h"]
        ]
        for r in regions
    }
    assert inside["targeting cancer cells"] == ["doxil"]
    assert inside["targeting the peripheral immune system"] == ["taa_np_cpg_np"]
