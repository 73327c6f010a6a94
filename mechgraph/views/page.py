"""One self-contained HTML page: vis-network (shipped with pyvis), our viewer script and
style, and the network as a JSON data block, all inline.

Nothing is fetched at load time: no CDN, no ``lib/`` folder next to the file, and a
Content-Security-Policy that forbids the page any network request. Data is embedded as JSON
in a ``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, so no
text in the data can close the block or open markup; the viewer shows text with
``textContent`` only.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

#: The viewer's scripts, run in this order after vis-network: ``viewer.js`` draws the
#: network and exposes ``mgData``, ``mgNetwork``, ``mgNodes`` and ``mgEdges`` to the others;
#: ``filters.js`` builds the sidebar's filters (node types, evidence level, document,
#: minimum strength) and hides nodes and edges from all of them at once; ``svg.js`` draws
#: the current view as an SVG image (``mgSvg``, the SVG button, ``view --svg``).
SCRIPTS = ("viewer.js", "filters.js", "svg.js", "folds.js")

_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def json_for_script(data: Any) -> str:
    """JSON that is inert inside an HTML ``<script>`` block.

    >>> json_for_script({"label": "</script><b>"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.translate(_ESCAPES)


@cache
def _asset(package: str, *parts: str) -> str:
    return resources.files(package).joinpath(*parts).read_text(encoding="utf-8")


def _vis_assets() -> tuple[str, str]:
    """vis-network's script and style as shipped inside the pyvis package (no download)."""
    script = _asset("pyvis", "lib", "vis-9.1.2", "vis-network.min.js")
    style = _asset("pyvis", "lib", "vis-9.1.2", "vis-network.css")
    return script.replace("</script", "<\\/script"), style.replace("</style", "<\\/style")


def render_page(data: dict[str, Any]) -> str:
    """The complete HTML text of a view (``data`` as built by :mod:`mechgraph.views.build`)."""
    vis_js, vis_css = _vis_assets()
    title = data.get("title", "mechgraph")
    for ch, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        title = title.replace(ch, entity)
    parts = {
        "%%TITLE%%": title,
        "%%VIS_CSS%%": vis_css,
        "%%VIEWER_CSS%%": _asset("mechgraph.views", "assets", "viewer.css"),
        "%%DATA%%": json_for_script(data),
        "%%VIS_JS%%": vis_js,
        "%%VIEWER_JS%%": "\n".join(_asset("mechgraph.views", "assets", name) for name in SCRIPTS),
    }
    page = _asset("mechgraph.views", "assets", "page.html")
    out = []
    rest = page
    while "%%" in rest:  # substitute once, left to right: inserted text is never rescanned
        before, _, after = rest.partition("%%")
        name, _, rest = after.partition("%%")
        out.append(before)
        out.append(parts[f"%%{name}%%"])
    out.append(rest)
    return "".join(out)
