"""The cancer-immunity cycle as the backbone of the views, read in a real Chromium at
1600 x 1000 (the size a researcher opens them at): the steps drawn in order with the closing
loop, the main labels legible and apart at the first view, folded chains, both arms of a
comparison. Skipped without Chromium like the other browser tests."""

from __future__ import annotations

import math

import pytest

import mechgraph
from tests.helpers.browsers import Page, write

pytestmark = pytest.mark.slow  # a real Chromium

SIZE = (1600, 1000)

LABELS = """() => {
  const n = mgNetwork, scale = n.getScale(), out = [];
  for (const item of mgData.nodes) {
    if (!item.mg.primary) continue;
    const node = n.body.nodes[item.id];
    if (!node || !node.options.label) continue;
    const box = node.labelModule.size;  // canvas coordinates, as drawn
    const a = n.canvasToDOM({x: box.left, y: box.top});
    const b = n.canvasToDOM({x: box.left + box.width, y: box.top + box.height});
    out.push({id: item.id, px: node.options.font.size * scale, drawn: node.labelModule.visible(),
              box: [a.x, a.y, b.x, b.y]});
  }
  return {labels: out, width: n.body.container.clientWidth, height: n.body.container.clientHeight};
}"""


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"agents": ["Abraxane", "atezolizumab"]},
        {"agents": ["Doxil", "avelumab"], "vs": ["avelumab"]},
    ],
    ids=["knowledge-base", "answer", "answer-vs"],
)
def test_main_labels_are_legible_and_apart_at_the_first_view(browser, tmp_path, query):  # noqa: F811
    path, data = write(tmp_path, "page.html", **query)
    page = Page(browser, path, SIZE)
    found = page.page.evaluate(LABELS)
    labels = found["labels"]
    kinds = {n["category"] for n in data["nodes"] if n["mg"].get("primary")}
    assert {"step", "outcome"} <= kinds and len(labels) >= 17  # steps, stages, outcomes, agents
    for label in labels:
        assert label["drawn"] and label["px"] >= 11, label
        x0, y0, x1, y1 = label["box"]
        assert x0 >= 0 and y0 >= 0 and x1 <= found["width"] and y1 <= found["height"], label
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not overlaps(a["box"], b["box"]), (a["id"], b["id"])
    # the less important labels are not drawn at the first view of the knowledge base, and
    # appear once the user zooms in
    if not query:
        minor = next(n["id"] for n in data["nodes"] if not n["mg"].get("primary"))
        seen = "id => mgNetwork.body.nodes[id].labelModule.visible()"
        assert page.page.evaluate(seen, minor) is False
        page.page.evaluate("mgNetwork.moveTo({scale: mgNetwork.getScale() * 2.5})")
        assert page.page.evaluate(seen, minor) is True
    assert page.errors == [] and page.offsite() == []


def test_the_cycle_is_drawn_in_order_with_the_closing_loop(browser, tmp_path):  # noqa: F811
    path, data = write(tmp_path, "kb.html")
    kb = mechgraph.workspace().kb
    steps = [
        r.id for r in sorted(kb.readouts.values(), key=lambda r: r.order) if r.kind.value == "step"
    ]
    arcs = [s for s in data["backdrop"] if s["kind"] == "arc"]
    assert len(arcs) == len(steps) == 7
    # the steps sit on the ring clockwise from the top, in the cycle's order
    position = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    cx, cy, rx, ry = (arcs[0][k] for k in ("cx", "cy", "rx", "ry"))
    angles = [  # the ellipse's parameter (0 at the top, clockwise), as the arcs give theirs
        math.atan2((position[s][0] - cx) / rx, (cy - position[s][1]) / ry) % (2 * math.pi)
        for s in steps
    ]
    assert angles == sorted(angles) and angles[0] < 0.01
    # each arc runs from one step to the next; the last one closes the loop back to the first
    for arc, here, after in zip(arcs, angles, angles[1:] + [angles[0] + 2 * math.pi], strict=True):
        assert here < arc["start"] < arc["end"] < after
    loop = arcs[-1]
    assert loop["label"] and loop["color"] != arcs[0]["color"]
    # and the page really draws it: the loop's colour at the middle of its arc
    page = Page(browser, path, SIZE)
    middle = (loop["start"] + loop["end"]) / 2
    point = {"x": cx + loop["rx"] * math.sin(middle), "y": cy - loop["ry"] * math.cos(middle)}
    pixel = page.page.evaluate(
        """p => {
          const n = mgNetwork, d = n.canvasToDOM(p), r = window.devicePixelRatio || 1;
          const c = n.body.container.getElementsByTagName('canvas')[0].getContext('2d');
          return Array.from(c.getImageData(Math.round(d.x * r), Math.round(d.y * r), 1, 1).data);
        }""",
        point,
    )
    wanted = [int(loop["color"][i : i + 2], 16) for i in (1, 3, 5)]
    assert all(abs(a - b) < 40 for a, b in zip(pixel[:3], wanted, strict=True)), (pixel, wanted)
    # the three targeting strategies are regions holding their formulations
    regions = {s["label"]: s for s in data["backdrop"] if s["kind"] == "region"}
    cancer = regions["targeting cancer cells"]
    assert {
        "targeting the tumour immune microenvironment",
        "targeting the peripheral immune system",
    } <= set(regions)
    doxil = position["doxil"]
    assert (
        cancer["x"] < doxil[0] < cancer["x"] + cancer["w"]
        and cancer["y"] < doxil[1] < cancer["y"] + cancer["h"]
    )
    # agents on the left of the ring, outcomes on its right
    outcome_x = [position[r.id][0] for r in kb.readouts.values() if r.kind.value == "outcome"]
    assert max(p[0] for p in (position["abraxane"], position["atezolizumab"])) < cx - loop["rx"]
    assert min(outcome_x) > cx + loop["rx"]


def test_a_long_chain_folds_and_opens_on_click(browser, tmp_path):  # noqa: F811
    path, data = write(tmp_path, "pac.html", agents=["paclitaxel"])
    fold = data["folds"][0]
    assert len(fold["members"]) >= 3
    page = Page(browser, path, SIZE)
    hidden = "ids => ids.map(id => mgNetwork.body.data.nodes.get(id).hidden === true)"
    page.page.locator("#mg-filter-floor input").check()  # this chain is below the floor
    assert all(page.page.evaluate(hidden, fold["members"]))
    assert page.page.evaluate(hidden, [fold["id"]]) == [False]
    page.page.evaluate("id => mgNetwork.emit('click', {nodes: [id], edges: []})", fold["id"])
    assert not any(page.page.evaluate(hidden, fold["members"]))
    assert page.page.evaluate(hidden, [fold["id"]]) == [True]
    member = fold["members"][1]
    page.page.evaluate("id => mgNetwork.emit('click', {nodes: [id], edges: []})", member)
    page.page.get_by_role("button", name="Fold this chain again").click()
    assert all(page.page.evaluate(hidden, fold["members"]))
    assert page.errors == []


def test_the_difference_page_shows_both_arms_and_each_difference(browser, tmp_path):  # noqa: F811
    path, data = write(tmp_path, "vs.html", agents=["Doxil", "avelumab"], vs=["paclitaxel"])
    page = Page(browser, path, SIZE)
    arms = {n["id"]: n["mg"].get("arm") for n in data["nodes"] if n["mg"].get("arm")}
    assert arms == {"doxil": "first arm", "avelumab": "first arm", "paclitaxel": "second arm"}
    listed = page.page.locator("#mg-readouts li").all_inner_texts()
    assert len(listed) == len(data["readouts"]) == len(mechgraph.workspace().kb.readouts)
    words = {"higher", "lower", "same", "unknown"}
    for line, readout in zip(listed, data["readouts"], strict=True):
        assert readout["word"] in words and f"\u2014 {readout['word']}" in line
        assert "first arm" in line and "second arm" in line and "leans" not in line
    # paths below the strength floor are drawn but hidden until asked for
    weak = [e["id"] for e in data["edges"] if e["mg"].get("below_floor")]
    shown = "ids => ids.filter(id => !mgNetwork.body.data.edges.get(id).hidden).length"
    if weak:
        assert page.page.evaluate(shown, weak) == 0
        page.page.locator("#mg-filter-floor input").check()
        assert page.page.evaluate(shown, weak) > 0
    assert page.errors == []


def test_clicked_details_appear_where_the_user_is_looking(browser, tmp_path):  # noqa: F811
    path, data = write(tmp_path, "ab.html", agents=["Abraxane", "atezolizumab"])
    page = Page(browser, path, SIZE)
    last = page.page.locator("#mg-contradictions li").nth(len(data["contradictions"]) - 1)
    last.scroll_into_view_if_needed()
    last.click()
    top = "document.getElementById('mg-info').getBoundingClientRect().top"
    aside = "document.querySelector('aside').getBoundingClientRect().top"
    assert abs(page.page.evaluate(top) - page.page.evaluate(aside)) < 5  # scrolled up to it
    assert data["contradictions"][-1]["summary"][:40] in page.details()
