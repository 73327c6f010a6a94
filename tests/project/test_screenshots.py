"""The README's screenshots of the views (``docs/images``): drawn from the pages as they are
now (a hash of each page's HTML, no browser needed), and real images (with a browser)."""

from __future__ import annotations

import importlib.util
import json

import pytest

from tests.helpers.browsers import png_pixels, require_browser

HINT = "docs images are stale: run python docs/make_screenshots.py"


@pytest.fixture(scope="module")
def script(repo):
    spec = importlib.util.spec_from_file_location(
        "make_screenshots", repo / "docs" / "make_screenshots.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_screenshots_are_drawn_from_the_current_pages(script):
    record = (
        json.loads(script.RECORD.read_text(encoding="utf-8")) if script.RECORD.is_file() else {}
    )
    stale = [
        name
        for name, query in script.SHOTS.items()
        if name not in record
        or not (script.IMAGES / name).is_file()
        or record[name]["html_sha256"] != script.sha256(script.page_html(query))
    ]
    extra = sorted(set(record) - set(script.SHOTS))  # images no longer drawn
    if stale or extra:
        pytest.fail(f"{HINT} ({', '.join(stale + extra)})")


@pytest.mark.slow  # a browser test
def test_screenshots_are_drawn_images(script):
    require_browser("the screenshot check")
    for name in script.SHOTS:
        width, height, bpp, rows = png_pixels((script.IMAGES / name).read_bytes())
        assert (width, height) == (1600, 1000), name
        colours = {row[x : x + 3] for row in rows[::8] for x in range(0, width * bpp, 8 * bpp)}
        assert len(colours) > 50, f"{name} looks blank"
