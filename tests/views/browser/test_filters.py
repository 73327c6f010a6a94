"""The view's filters (issue 16, point 4) in a real headless Chromium: evidence level,
document, minimum strength, entity type, "hide hypothesis-level claims" and the paths below
the strength floor. Each expected count is computed here from the page's data, then the real
controls are operated and the page's own count and status line must agree."""

from __future__ import annotations

import pytest

import mechgraph
from mechgraph.views.page import SCRIPTS, render_page
from tests.helpers.browsers import Page, write

pytestmark = pytest.mark.slow  # a real Chromium

VISIBLE_EDGES = """() => mgEdges.get({filter: e => !e.hidden && !mgNodes.get(e.from).hidden
                                          && !mgNodes.get(e.to).hidden}).map(e => e.id)"""


def claims_of(edge: dict) -> list[dict]:
    """The evidence entries of an edge that are claims (structure rows are not)."""
    return [c for c in edge["mg"]["evidence"] if "id" in c and c.get("evidence_level")]


def out(item, below: bool) -> bool:
    """Hidden whatever the evidence filters: below the strength floor (unless shown), or
    inside a folded chain (mechgraph/views/fold.py: closed at first, its members hidden)."""
    return (item["mg"].get("below_floor") is True and not below) or bool(item["mg"].get("fold"))


def expected(data, levels=(), documents=(), strength=0.0, types=(), below=False):
    """(visible edges, visible nodes) with the given levels, documents and node types
    unticked, the given minimum strength, and the below-floor items shown or not."""
    hidden = {n["id"] for n in data["nodes"] if n["category"] in types or out(n, below)}
    edges = 0
    for e in data["edges"]:
        if e["from"] in hidden or e["to"] in hidden or out(e, below):
            continue
        claims = claims_of(e)
        if claims and not (
            e["mg"]["weight"] >= strength
            and any(
                c["evidence_level"] not in levels and c["document"] not in documents for c in claims
            )
        ):
            continue
        edges += 1
    return edges, len(data["nodes"]) - len(hidden)


def status(data, edges, nodes) -> str:
    of_edges, of_nodes = len(data["edges"]), len(data["nodes"])
    return f"showing {edges:,} of {of_edges:,} edges, {nodes:,} of {of_nodes:,} nodes"


def shown(page: Page) -> tuple[int, int, str]:
    p = page.page
    return (
        p.evaluate("mgVisibleEdgeCount()"),
        p.evaluate("mgVisibleNodeCount()"),
        p.inner_text("#mg-filter-status"),
    )


def assert_shows(page: Page, data, counts: tuple[int, int]) -> None:
    assert shown(page) == (*counts, status(data, *counts))


def changing(data, key: str, values) -> list[str]:
    """The values whose unticking alone changes the visible edge count."""
    base = expected(data)[0]
    return [v for v in values if expected(data, **{key: (v,)})[0] != base]


def page_levels(data) -> list[str]:
    return sorted({c["evidence_level"] for e in data["edges"] for c in claims_of(e)})


def page_documents(data) -> list[str]:
    return sorted({c["document"] for e in data["edges"] for c in claims_of(e)})


@pytest.mark.parametrize(
    ("name", "query"), [("kb.html", {}), ("a.html", {"agents": ["Abraxane", "atezolizumab"]})]
)
def test_each_filter_changes_the_visible_edge_count(browser, tmp_path, name, query):  # noqa: F811
    path, data = write(tmp_path, name, **query)
    page = Page(browser, path)
    p = page.page
    base = expected(data)
    assert_shows(page, data, base)

    # an answer page's paths below the strength floor: hidden until the box is ticked
    if any(x["mg"].get("below_floor") is True for x in data["nodes"] + data["edges"]):
        assert base[0] < len(data["edges"])
        p.locator("#mg-show-below-floor").check()
        assert_shows(page, data, expected(data, below=True))
        p.locator("#mg-show-below-floor").uncheck()
        assert_shows(page, data, base)
    else:
        assert base[0] == len(data["edges"]) and p.locator("#mg-show-below-floor").count() == 0

    # two evidence levels, each unticked alone (its count becomes "visible of total")
    levels = changing(data, "levels", page_levels(data))
    assert len(levels) >= 2
    for level in levels[:2]:
        want = expected(data, levels=(level,))
        assert want[0] != base[0]
        box = p.locator(f"#mg-filter-levels input[data-level='{level}']")
        box.uncheck()
        assert_shows(page, data, want)
        carrying = [
            e for e in data["edges"] if level in {c["evidence_level"] for c in claims_of(e)}
        ]
        visible = set(p.evaluate(VISIBLE_EDGES))
        still = [e for e in carrying if e["id"] in visible]
        row = box.locator("xpath=ancestor::li[1]")
        assert row.locator(".mg-count").inner_text() == f"{len(still)} of {len(carrying)}"
        assert " ".join(level.split("_")) in row.inner_text()  # the words, with spaces
        box.check()
        assert_shows(page, data, base)

    # every level unticked: only the structural edges are left (formulation parts carry a
    # curated row's evidence level, yet ignore the claim filters)
    for level in page_levels(data):
        p.locator(f"#mg-filter-levels input[data-level='{level}']").uncheck()
    structural = [e for e in data["edges"] if not claims_of(e)]
    assert any(c.get("evidence_level") for e in structural for c in e["mg"]["evidence"])
    want = expected(data, levels=page_levels(data))
    assert 0 < want[0] <= len(structural) and want[1] == base[1]
    assert_shows(page, data, want)
    for level in page_levels(data):
        p.locator(f"#mg-filter-levels input[data-level='{level}']").check()
    assert_shows(page, data, base)

    # "hide hypothesis-level claims": one click, the same as unticking that level, in sync
    hypothesis = p.locator("#mg-filter-levels input[data-level='hypothesis']")
    p.click("#mg-hide-hypothesis")
    assert_shows(page, data, expected(data, levels=("hypothesis",)))
    assert not hypothesis.is_checked()
    hypothesis.check()
    assert not p.locator("#mg-hide-hypothesis").is_checked()
    assert_shows(page, data, base)

    # one document unticked
    (document, *_) = changing(data, "documents", page_documents(data))
    box = p.locator(f"#mg-filter-documents input[data-document='{document}']")
    box.uncheck()
    want = expected(data, documents=(document,))
    assert want[0] != base[0]
    assert_shows(page, data, want)
    box.check()

    # minimum strength 0.5
    p.fill("#mg-min-strength", "0.5")
    assert p.inner_text("#mg-min-strength-value") == "0.50"
    want = expected(data, strength=0.5)
    assert want[0] != base[0]
    assert_shows(page, data, want)
    p.fill("#mg-min-strength", "0")
    assert_shows(page, data, base)

    # one entity type unticked: its nodes hidden, and the edges that touch them
    key = changing(data, "types", [c["key"] for c in data["categories"]])[0]
    box = p.locator(f"#mg-types input[data-category='{key}']")
    box.uncheck()
    want = expected(data, types=(key,))
    assert want[0] != base[0] and want[1] < base[1]
    assert_shows(page, data, want)
    total = sum(n["category"] == key for n in data["nodes"])
    assert box.locator("xpath=ancestor::li[1]").locator(".mg-count").inner_text() == (
        f"0 of {total}"
    )

    # all at once: one computation from every filter
    p.click("#mg-hide-hypothesis")
    p.locator(f"#mg-filter-documents input[data-document='{document}']").uncheck()
    p.fill("#mg-min-strength", "0.3")
    want = expected(data, levels=("hypothesis",), documents=(document,), strength=0.3, types=(key,))
    assert_shows(page, data, want)
    assert want[0] < min(expected(data, strength=0.3)[0], expected(data, types=(key,))[0])
    assert page.errors == [] and page.offsite() == []


def test_paths_below_the_floor_are_hidden_until_asked_for(browser, tmp_path):  # noqa: F811
    html, data = mechgraph.view_page(["Abraxane", "atezolizumab"])
    for item in data["nodes"] + data["edges"]:  # marks of our own, not the page's
        item["mg"].pop("below_floor", None)
    for edge in data["edges"][::5]:
        edge["mg"]["below_floor"] = True
    readouts = {r["node"] for r in data["readouts"]}
    leaf = next(n for n in data["nodes"] if n["id"] not in readouts and not out(n, True))
    leaf["mg"]["below_floor"] = True
    path = tmp_path / "floor.html"
    path.write_text(render_page(data), encoding="utf-8")
    page = Page(browser, path)
    hidden, everything = expected(data), expected(data, below=True)
    assert hidden[0] < everything[0] and hidden[1] == everything[1] - 1
    assert_shows(page, data, hidden)
    marked = len(data["edges"][::5])
    label = page.page.locator("#mg-show-below-floor").locator("xpath=ancestor::li[1]")
    assert f"{marked} edges, 1 node" in label.inner_text()
    page.page.locator("#mg-show-below-floor").check()
    assert_shows(page, data, everything)
    page.page.locator("#mg-show-below-floor").uncheck()
    assert_shows(page, data, hidden)
    assert page.errors == []


def test_an_imported_network_has_only_the_filters_that_apply(browser, tmp_path):  # noqa: F811
    table = tmp_path / "net.tsv"
    table.write_text(
        "source\tinteraction\ttarget\nA\t1\tB\nB\t-1\tC\nC\t1\tA\nC\t1\tD\n", encoding="utf-8"
    )
    path, data = write(tmp_path, "net.html", network=table)
    page = Page(browser, path)
    p = page.page
    for control in (
        "#mg-filter-levels",
        "#mg-filter-documents",
        "#mg-min-strength",
        "#mg-hide-hypothesis",
        "#mg-show-below-floor",
    ):
        assert p.locator(control).count() == 0, control
    assert_shows(page, data, (4, 4))
    key = data["categories"][0]["key"]
    p.locator(f"#mg-types input[data-category='{key}']").uncheck()
    want = expected(data, types=(key,))
    assert want[0] < 4
    assert_shows(page, data, want)
    assert page.errors == []


def test_the_filter_script_is_inlined_after_the_viewer():
    html, _ = mechgraph.view_page()
    assert SCRIPTS[:2] == ("viewer.js", "filters.js")
    assert html.index("window.mgNetwork = network") < html.index("window.mgVisibleEdgeCount")
    assert html.count('id="mg-filters"') == 1 and html.count("</script>") == 3
    from importlib import resources

    script = resources.files("mechgraph.views").joinpath("assets", "filters.js").read_text()
    assert script in html and "innerHTML" not in script.replace("never innerHTML", "")
