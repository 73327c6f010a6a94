"""The screening heatmap (:mod:`mechgraph.views.heatmap`) is valid SVG."""

import xml.etree.ElementTree as ET

import mechgraph
from mechgraph.views import heatmap


def test_heatmap_is_valid_svg():
    result = mechgraph.screen("Doxil,Abraxane,paclitaxel")
    text = heatmap.screen_svg(result)
    root = ET.fromstring(text)
    rects = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.find("*") is not None]
    assert len(rects) == len(result.rows) * len(result.readouts)
