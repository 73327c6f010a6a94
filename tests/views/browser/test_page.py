"""The HTML views in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Skipped when Chromium or Playwright is missing, unless ``MECHGRAPH_BROWSER_TESTS=required``
(set by ``.ci/run``, which installs Chromium), in which case a missing browser fails.
"""

from __future__ import annotations

import pytest

import mechgraph
from tests.helpers.browsers import Page, png_pixels, require_browser, write
from tests.helpers.sample_kbs import INJECTIONS, injection_kb

pytestmark = pytest.mark.slow  # a real Chromium

FIND_EDGE = """(skip) => {
  const n = mgNetwork, box = n.body.container.getBoundingClientRect();
  for (const id of n.body.data.edges.getIds()) {
    if (skip.includes(id)) continue;
    const e = n.body.data.edges.get(id);
    if (!e.mg.evidence.some(x => x.quote)) continue;
    const p = n.getPositions([e.from, e.to]);
    const dom = n.canvasToDOM({x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2});
    if (dom.x < 10 || dom.y < 10 || dom.x > box.width - 10 || dom.y > box.height - 10) continue;
    if (n.getNodeAt(dom) !== undefined || n.getEdgeAt(dom) !== id) continue;
    return {id: id, x: box.left + dom.x, y: box.top + dom.y};
  }
  return null;
}"""


def test_knowledge_base_page(browser, tmp_path):
    path, data = write(tmp_path, "kb.html")
    page = Page(browser, path)
    graph = mechgraph.workspace().graph
    assert page.counts() == (len(graph.nodes()), graph.edge_count())
    assert page.errors == [] and page.dialogs == [] and page.offsite() == []

    # click an edge that carries a quote, where nothing else lies under the pointer; then the
    # details must show the quotes of the edge the click selected (the view may still settle)
    quotes: list[str] = []
    tried: list[str] = []
    for _attempt in range(10):
        target = page.page.evaluate(FIND_EDGE, tried)
        assert target is not None, "no clickable edge with a quote"
        page.page.mouse.click(target["x"], target["y"])
        selected = page.page.evaluate("mgNetwork.getSelectedEdges()")
        if len(selected) == 1 and not page.page.evaluate("mgNetwork.getSelectedNodes()"):
            quotes = page.page.evaluate(
                "id => mgNetwork.body.data.edges.get(id).mg.evidence"
                ".map(x => x.quote).filter(Boolean)",
                selected[0],
            )
            if quotes:  # the layout may have moved another edge under the pointer
                break
        tried.append(target["id"])  # another edge took the click: try the next one
    shown = " ".join(page.details().split())
    assert quotes and all(" ".join(q.split()) in shown for q in quotes)

    width, height, bpp, rows = png_pixels(page.page.screenshot())
    canvas = [row[: int(width * 0.7) * bpp] for row in rows[60:]]  # the network, not the panel
    colours = {row[i : i + 3] for row in canvas[::7] for i in range(0, len(row), 7 * bpp)}
    inked = sum(
        row[i : i + 3] != b"\xff\xff\xff"
        for row in canvas[::7]
        for i in range(0, len(row), 7 * bpp)
    )
    assert len(colours) > 20 and inked > 500, "the screenshot of the network looks blank"


def test_type_filter_and_search(browser, tmp_path):
    path, data = write(tmp_path, "kb.html")
    page = Page(browser, path)
    first = page.page.locator("#mg-types input").first
    first.uncheck()
    key = data["categories"][0]["key"]
    hidden = page.page.evaluate(
        "k => mgNetwork.body.data.nodes.get({filter: n => n.category === k && n.hidden}).length",
        key,
    )
    assert hidden == data["categories"][0]["count"] > 0
    page.page.fill("#mg-query", "nab-paclitaxel")
    page.page.press("#mg-query", "Enter")
    assert page.page.evaluate("mgNetwork.getSelectedNodes()") == ["abraxane"]
    assert "paclitaxel" in page.details()


def test_explanation_page(browser, tmp_path):
    path, data = write(tmp_path, "ab.html", agents=["Abraxane", "atezolizumab"])
    page = Page(browser, path)
    assert page.counts() == (len(data["nodes"]), len(data["edges"]))
    assert page.errors == [] and page.offsite() == []
    items = page.page.locator("#mg-readouts li")
    assert items.count() == len(data["readouts"])
    assert "contested" in page.page.inner_text("#mg-readouts")
    trade_off = next(i for i, c in enumerate(data["contradictions"]) if c["kind"] == "trade-off")
    page.page.locator("#mg-contradictions li").nth(trade_off).click()
    wanted = {i for ids in data["contradictions"][trade_off]["sides"].values() for i in ids}
    assert set(page.page.evaluate("mgNetwork.getSelectedEdges()")) == wanted
    text = page.details()
    for side in data["contradictions"][trade_off]["sides"]:
        assert side in text  # both sides are shown

    # the page's own PNG export: an image of the current view, drawn from the canvas
    import base64

    url = page.page.evaluate("mgPng()")
    assert url.startswith("data:image/png;base64,")
    width, height, bpp, rows = png_pixels(base64.b64decode(url.split(",", 1)[1]))
    colours = {row[x : x + 3] for row in rows[::9] for x in range(0, width * bpp, 9 * bpp)}
    assert width > 500 and height > 500 and len(colours) > 20
    with page.page.expect_download() as download:
        page.page.click("#mg-png")
    assert download.value.suggested_filename.endswith(".png")
    assert page.errors == [] and page.offsite() == []


def test_injected_text_is_shown_as_text(browser, tmp_path):
    path, data = write(tmp_path, "evil.html", kb=injection_kb(tmp_path))
    page = Page(browser, path)
    page.page.evaluate("mgNetwork.selectNodes(['evil'])")
    page.page.fill("#mg-query", "onerror")
    page.page.press("#mg-query", "Enter")
    text = page.details()
    assert INJECTIONS[0] in text and INJECTIONS[1] in text
    page.page.evaluate("mgNetwork.setSelection({edges: []})")
    edge = page.page.evaluate(
        "mgNetwork.body.data.edges.get({filter: e => e.mg.evidence.some(x => x.id === 'C1')})[0].id"
    )
    page.page.evaluate("id => mgNetwork.emit('click', {nodes: [], edges: [id]})", edge)
    assert INJECTIONS[1] in page.details()
    page.page.wait_for_timeout(300)
    assert page.dialogs == [] and page.errors == []
    assert page.page.evaluate("document.querySelectorAll('img, iframe').length") == 0
    assert page.page.evaluate("document.scripts.length") == 3


def test_difference_page(browser, tmp_path):
    query = {
        "agents": ["Doxil", "avelumab"],
        "vs": ["avelumab"],
        "context": {"tumour": "ovarian", "species": "human"},
    }
    path, data = write(tmp_path, "vs.html", **query)
    page = Page(browser, path)
    assert page.counts() == (len(data["nodes"]), len(data["edges"]))
    assert page.errors == [] and page.dialogs == [] and page.offsite() == []
    listed = page.page.inner_text("#mg-readouts")
    assert "immunotherapy efficacy" in listed and "C0103" in listed  # same, by the null


def test_view_png_is_an_image_of_the_drawn_page(run_cli, tmp_path):
    require_browser("the --png export")
    page, image = tmp_path / "answer.html", tmp_path / "answer.png"
    proc = run_cli("view", "Abraxane", "atezolizumab", "-o", str(page), "--png", str(image))
    assert proc.returncode == 0, proc.stderr
    assert f"image {image}" in proc.stderr and page.is_file()
    width, height, bpp, rows = png_pixels(image.read_bytes())
    assert (width, height) == (1600, 1000)
    # drawn, not blank: the network canvas (left of the sidebar) holds many colours
    canvas = {row[x : x + 3] for row in rows[100:900:10] for x in range(0, 1100 * bpp, bpp * 7)}
    assert len(canvas) > 50
    assert not list(tmp_path.glob(".*.part"))


def test_view_png_without_a_browser_is_a_clear_error(run_cli, tmp_path):
    page, image = tmp_path / "kb.html", tmp_path / "kb.png"
    proc = run_cli(
        "view",
        "-o",
        str(page),
        "--png",
        str(image),
        env={"MECHGRAPH_CHROMIUM": str(tmp_path / "no-such-browser")},
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("mechgraph: error: --png needs Chromium") and page.is_file()
    assert not image.exists()


CLICK_NODE = """(id) => {
  const n = mgNetwork, box = n.body.container.getBoundingClientRect();
  n.focus(id, {scale: 1.0, animation: false});
  const p = n.getPositions([id])[id], dom = n.canvasToDOM(p);
  return {x: box.left + dom.x, y: box.top + dom.y};
}"""


def test_clicking_a_node_highlights_its_neighbourhood_and_lists_its_claims(browser, tmp_path):
    path, data = write(tmp_path, "ab.html", agents=["Abraxane", "atezolizumab"])
    page = Page(browser, path)
    node = "tumour_control"
    links: dict[str, set[str]] = {}
    for e in data["edges"]:
        links.setdefault(e["from"], set()).add(e["to"])
        links.setdefault(e["to"], set()).add(e["from"])
    first = links[node]
    second = {m for n in first for m in links[n]} - first - {node}
    where = page.page.evaluate(CLICK_NODE, node)
    page.page.mouse.click(where["x"], where["y"])
    assert set(page.page.evaluate("mgNetwork.getSelectedNodes()")) == {node} | first | second
    quotes = {
        c["id"]: c["quote"]
        for e in data["edges"]
        if node in (e["from"], e["to"])
        for c in e["mg"]["evidence"]
        if c.get("quote")
    }
    text = " ".join(page.details().split())
    assert f"claims on its edges: {len(quotes)}" in text and quotes
    assert all(" ".join(q.split()) in text for q in quotes.values())
    assert page.page.evaluate(
        "() => { const r = document.getElementById('mg-info').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }"
    )
