"""The SVG export of the current view (svg.js: ``mgSvg()``, the SVG button, ``view --svg``)
in a real headless Chromium: well-formed vector SVG of what the canvas shows, escaped text,
and the command line through the Chromium executable alone."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from tests.helpers.browsers import Page, require_browser, write
from tests.helpers.kbfactory import claim, make_kb

pytestmark = pytest.mark.slow  # a real Chromium

SVG = "{http://www.w3.org/2000/svg}"
SHAPES = ("path", "circle", "ellipse", "rect", "polygon")
SVG_INJECTION = "</text><script>alert(1)</script>"

#: The label lines of the nodes vis draws with a legible label, their centres in the view.
VISIBLE_LABELS = """() => {
  const n = mgNetwork, box = n.body.container.getBoundingClientRect(), scale = n.getScale();
  return n.body.nodeIndices.map(id => n.body.nodes[id]).filter(node => {
    const p = n.canvasToDOM({x: node.x, y: node.y});
    return p.x > 0 && p.y > 0 && p.x < box.width && p.y < box.height
      && node.options.label && node.labelModule.fontOptions.size * scale >= 5;
  }).map(node => [node.id, node.options.label]);
}"""


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == SVG + "svg"
    names = {e.tag.removeprefix(SVG) for e in root.iter()}
    assert not names & {"script", "foreignObject", "image", "iframe", "a", "use"}
    assert not [a for e in root.iter() for a in e.attrib if a.startswith("on") or "href" in a]
    return root


def texts(root: ET.Element) -> list[str]:
    return [e.text or "" for e in root.iter(SVG + "text")]


def shapes(root: ET.Element) -> int:
    return sum(1 for e in root.iter() if e.tag.removeprefix(SVG) in SHAPES)


def test_svg_of_the_view_is_a_vector_drawing_of_what_is_shown(browser, tmp_path):  # noqa: F811
    path, data = write(tmp_path, "ab.html", agents=["Abraxane", "atezolizumab"])
    page = Page(browser, path)
    root = parse(page.page.evaluate("mgSvg()"))
    size = page.page.evaluate(
        "() => { const c = mgNetwork.body.container.querySelector('canvas');"
        " return [c.clientWidth, c.clientHeight]; }"
    )
    assert [float(root.get("width")), float(root.get("height"))] == size
    assert shapes(root) > 60 and len(texts(root)) > 20  # many shapes, many labels
    words = " ".join(texts(root)).split()
    visible = page.page.evaluate(VISIBLE_LABELS)
    assert len(visible) > 10
    for _node, label in visible:  # every visible label is there as text (lines may wrap)
        assert all(w in words for w in label.split()), label
    fills = {e.get("fill") for e in root.iter() if e.get("fill") not in (None, "none")}
    assert len(fills) > 8  # node colours, edge colours, text

    # a hidden node is not drawn, nor its edges
    node, label = next((n, lab) for n, lab in visible if texts(root).count(lab) == 1)
    page.page.evaluate("id => mgNodes.update({id: id, hidden: true})", node)
    hidden = parse(page.page.evaluate("mgSvg()"))
    assert label not in texts(hidden) and label in texts(root)
    assert shapes(hidden) < shapes(root)

    # the SVG button saves the same drawing
    with page.page.expect_download() as download:
        page.page.click("#mg-svg")
    assert download.value.suggested_filename.endswith(".svg")
    saved = parse(download.value.path().read_text(encoding="utf-8"))
    assert texts(saved) == texts(hidden)
    assert page.errors == [] and page.dialogs == [] and page.offsite() == []


def test_svg_follows_the_zoom_and_pan_of_the_view(browser, tmp_path):  # noqa: F811
    path, data = write(tmp_path, "kb.html")
    page = Page(browser, path)
    whole = parse(page.page.evaluate("mgSvg()"))
    node = "effector_t_cell"
    page.page.evaluate("id => mgNetwork.focus(id, {scale: 2.5, animation: false})", node)
    zoomed = parse(page.page.evaluate("mgSvg()"))
    assert shapes(zoomed) < shapes(whole) / 2  # only what the view shows, not the network
    assert 0 < len(texts(zoomed)) < len(texts(whole))
    label = page.page.evaluate("id => mgNetwork.body.nodes[id].labelModule.lines", node)
    first = "".join(b["text"] for b in label[0]["blocks"])
    drawn = [e for e in zoomed.iter(SVG + "text") if e.text == first]
    assert drawn, f"{first!r} is not drawn when the view is zoomed into it"
    font = page.page.evaluate(
        "id => mgNetwork.body.nodes[id].labelModule.fontOptions.size * mgNetwork.getScale()", node
    )
    assert abs(float(drawn[0].get("font-size")) - font) < 0.05  # its size on the screen
    width, height = float(zoomed.get("width")), float(zoomed.get("height"))
    x, y = float(drawn[0].get("x")), float(drawn[0].get("y"))
    assert 0.2 * width < x < 0.8 * width and 0.3 * height < y < 0.8 * height  # centred on it
    assert page.errors == []


def test_labels_are_escaped_in_the_svg(browser, tmp_path):  # noqa: F811
    entities = [
        {"id": "evil", "label": SVG_INJECTION},
        {"id": "target", "label": 'say "hi" & <g onload=alert(1)>'},
    ]
    kb = make_kb(tmp_path / "kb", [claim("C1", "evil", "increases", "target")], entities)
    path, data = write(tmp_path, "evil.html", kb=kb)
    page = Page(browser, path)
    svg = page.page.evaluate("mgSvg()")
    assert "<script" not in svg.lower() and "<g onload" not in svg
    assert "&lt;/text&gt;&lt;script&gt;" in svg
    drawn = "".join(texts(parse(svg)))  # parses: the label could not close its <text>
    assert SVG_INJECTION in drawn and 'say "hi" & <g onload=alert(1)>' in drawn
    assert page.dialogs == [] and page.errors == []


def test_view_svg_writes_a_vector_image_through_chromium(run_cli, tmp_path):
    require_browser("the --svg export")
    html, image, svg = tmp_path / "vs.html", tmp_path / "vs.png", tmp_path / "vs.svg"
    args = ["view", "Doxil", "avelumab", "--vs", "avelumab", "-o", str(html)]
    proc = run_cli(*args, "--png", str(image), "--svg", str(svg), "--json")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["svg"] == str(svg) and summary["png"] == str(image)
    assert f"SVG {svg}" in proc.stderr and html.is_file() and image.is_file()
    root = parse(svg.read_text(encoding="utf-8"))
    assert shapes(root) > 60 and len(texts(root)) > 20
    assert 1000 < float(root.get("width")) < 1600 and 800 < float(root.get("height")) < 1000
    assert not list(tmp_path.glob(".*.part"))


def test_view_svg_without_a_browser_is_a_clear_error(run_cli, tmp_path):
    html, svg = tmp_path / "kb.html", tmp_path / "kb.svg"
    missing = {"MECHGRAPH_CHROMIUM": "/nonexistent"}
    proc = run_cli("view", "-o", str(html), "--svg", str(svg), env=missing)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("mechgraph: error: --svg needs Chromium") and html.is_file()
    assert not svg.exists() and not list(tmp_path.glob(".*.part"))
    # an --svg that cannot be written fails before the work: no page either
    folder = run_cli("view", "-o", str(tmp_path / "x.html"), "--svg", str(tmp_path), env=missing)
    assert folder.returncode == 1 and "Traceback" not in folder.stderr
    assert not (tmp_path / "x.html").exists()
