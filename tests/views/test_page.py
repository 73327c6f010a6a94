"""The HTML page (:mod:`mechgraph.views.page`), without a browser: offline and self-contained,
inert data, fresh committed pages."""

import re

import pytest

import mechgraph
from mechgraph.views.page import json_for_script
from tests.helpers.sample_kbs import INJECTIONS, injection_kb


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
