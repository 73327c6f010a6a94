"""Screenshots of the HTML views for the README, drawn by headless Chromium.

Run from the checkout after changing how a page looks (``tests/project/test_screenshots.py`` fails
until then)::

    python docs/make_screenshots.py

It builds each page with :func:`mechgraph.view_page`, draws it with
:func:`mechgraph.views.images.page_png` (1600 x 1000, Debian's ``chromium`` or
``MECHGRAPH_CHROMIUM``) into ``docs/images/``, and records in ``docs/images/screenshots.json``
the SHA-256 of the HTML each image was drawn from. The pages are deterministic, so the record
changes only when a page does; the test rebuilds the pages and compares the hashes.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path

IMAGES = Path(__file__).resolve().parent / "images"
RECORD = IMAGES / "screenshots.json"

#: Each image and the arguments of :func:`mechgraph.view_page` for the page it shows.
SHOTS: dict[str, dict[str, list[str]]] = {
    "kb.png": {},
    "answer.png": {"agents": ["Abraxane", "atezolizumab"]},
    "answer_vs.png": {"agents": ["Doxil", "avelumab"], "vs": ["avelumab"]},
}


def page_html(query: dict[str, list[str]]) -> str:
    """The HTML of the page an image shows."""
    import mechgraph

    html, _ = mechgraph.view_page(**query)
    return html


def sha256(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def main() -> int:
    from mechgraph.views.images import ImageError, find_chromium, page_png

    if find_chromium() is None:
        print(
            "make_screenshots: needs Chromium (apt-get install chromium, or set "
            "MECHGRAPH_CHROMIUM to a Chromium or Chrome executable)",
            file=sys.stderr,
        )
        return 1
    IMAGES.mkdir(exist_ok=True)
    record = {}
    with tempfile.TemporaryDirectory(prefix="mechgraph-screenshots-") as folder:
        for name, query in SHOTS.items():
            html = page_html(query)
            page = Path(folder) / f"{Path(name).stem}.html"
            page.write_text(html, encoding="utf-8")
            try:
                page_png(page, IMAGES / name)
            except ImageError as exc:
                print(f"make_screenshots: {exc}", file=sys.stderr)
                return 1
            record[name] = {"view_page": query, "html_sha256": sha256(html)}
            print(f"wrote {IMAGES / name}", file=sys.stderr)
    RECORD.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {RECORD}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
