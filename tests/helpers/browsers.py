"""Whether the browser tests can run (Playwright and Debian's Chromium, or a skip with the
hint; a failure when ``MECHGRAPH_BROWSER_TESTS=required``, as in CI), and what they share: a
page opened in Chromium with its errors recorded, and a PNG decoder.

The ``browser`` fixture itself is in ``tests/views/browser/conftest.py``."""

from __future__ import annotations

import importlib.util
import os
import shutil
import struct
import zlib

import pytest

import mechgraph

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = os.environ.get("MECHGRAPH_BROWSER_TESTS") == "required"


def require_browser(purpose: str) -> str:
    """The Chromium executable; skips (or fails when required) without Playwright or it."""
    if importlib.util.find_spec("playwright") is None:
        if REQUIRED:
            pytest.fail("playwright is not installed (pip install -e '.[test]')")
        pytest.skip("playwright is not installed")
    if CHROMIUM is None:
        if REQUIRED:
            pytest.fail("chromium not found (apt-get install chromium)")
        pytest.skip(f"chromium not found: apt-get install chromium to run {purpose}")
    return CHROMIUM


class Page:
    """A page opened from a file, with every console error, dialog and request recorded."""

    def __init__(self, browser, path, size=(1400, 900)):
        self.page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

        def dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-drawn='1']", timeout=60_000)
        self.page.evaluate("mgNetwork.stopSimulation()")

    def counts(self) -> tuple[int, int]:
        return tuple(
            self.page.evaluate(
                "[mgNetwork.body.data.nodes.length, mgNetwork.body.data.edges.length]"
            )
        )

    def details(self) -> str:
        return self.page.inner_text("#mg-details")

    def offsite(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file://", "data:"))]


def write(tmp_path, name, **query):
    html, data = mechgraph.view_page(**query)
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path, data


def png_pixels(png: bytes) -> tuple[int, int, int, list[bytes]]:
    """Decode an 8-bit, non-interlaced RGB(A) PNG (what Chromium writes): width, height,
    bytes per pixel and the unfiltered rows."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0 and colour in (2, 6)
    bpp = 3 if colour == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytes(width * bpp)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows
