"""The cancer-immunity cycle as the backbone of the answer pages (:mod:`mechgraph.views.backbone`):
the cycle as a lane, interventions grouped by targeting strategy."""

import mechgraph


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
