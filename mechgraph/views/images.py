"""Images of a view through headless Chromium: a PNG of the page as a browser draws it, or
an SVG of the network as the page draws it (its ``mgSvg()``, vector shapes and text).

The page is opened from its file (no network: the page has no external resource and
Chromium's background networking is off) at 1600 x 1000 pixels and given time to lay out
the network. For the PNG Chromium captures the window; for the SVG the page is opened with
the address ending in ``#mg-svg-out``, writes its SVG into a hidden element once drawn (and
again when its layout settles), and Chromium prints the page (``--dump-dom``), from which
the SVG is read back. Only the Chromium executable is needed. The image is written to a
temporary file beside the target and then renamed, so a failed capture leaves nothing
behind.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from mechgraph.model.errors import MechgraphError

#: Executable names tried, in order, when ``MECHGRAPH_CHROMIUM`` is not set.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Window size of the capture (the size the browser tests check readability at).
WINDOW = (1600, 1000)
#: Milliseconds of page time given to lay out the network before the capture.
LAYOUT_BUDGET_MS = 20000
#: The address fragment that asks the page for its SVG, and the element it writes it into.
SVG_HOOK = "mg-svg-out"


#: Chromium's switches for a headless, offline drawing (no sandbox: it runs as root in CI).
HEADLESS_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class ImageError(MechgraphError, RuntimeError):
    """No browser to draw with, or the capture failed (the message says which)."""


def find_chromium() -> str | None:
    """The Chromium executable: ``MECHGRAPH_CHROMIUM``, else the first of
    :data:`CHROMIUM_NAMES` on the PATH (None if there is none)."""
    chosen = os.environ.get("MECHGRAPH_CHROMIUM")
    if chosen:
        return chosen if shutil.which(chosen) or Path(chosen).is_file() else None
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def _chromium(option: str) -> str:
    browser = find_chromium()
    if browser is None:
        raise ImageError(
            f"{option} needs Chromium (apt-get install chromium, or set MECHGRAPH_CHROMIUM "
            "to a Chromium or Chrome executable); the HTML page was written"
        )
    return browser


def _draw(browser: str, page: Path, profile: str, mode: list[str], fragment: str, timeout: float):
    """Run headless Chromium on ``page`` (``mode``: --screenshot or --dump-dom)."""
    url = page.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    command = [
        browser,
        *HEADLESS_ARGS,
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        f"--virtual-time-budget={LAYOUT_BUDGET_MS}",
        *mode,
        url,
    ]
    try:
        return subprocess.run(
            command, capture_output=True, encoding="utf-8", errors="replace", timeout=timeout
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ImageError(f"Chromium could not draw {page}: {exc}") from exc


def _failure(page: Path, run: subprocess.CompletedProcess) -> ImageError:
    last = (run.stderr.strip().splitlines() or ["no output"])[-1]
    return ImageError(f"Chromium could not draw {page} (exit {run.returncode}): {last}")


def _replace(output: Path, data: bytes) -> None:
    """Write ``data`` to a temporary sibling of ``output``, then rename it over ``output``."""
    partial = output.with_name(f".{output.name}.part")
    try:
        partial.write_bytes(data)
        partial.replace(output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ImageError(f"cannot write '{output}': {exc.strerror or exc}") from exc


def page_png(page: Path, output: Path, timeout: float = 120.0) -> None:
    """Draw the HTML file ``page`` in headless Chromium and write the PNG to ``output``."""
    browser = _chromium("--png")
    with tempfile.TemporaryDirectory(prefix="mechgraph-chromium-") as profile:
        shot = Path(profile) / "page.png"
        run = _draw(browser, Path(page), profile, [f"--screenshot={shot}"], "", timeout)
        if run.returncode != 0 or not shot.is_file() or shot.stat().st_size == 0:
            raise _failure(Path(page), run)
        _replace(Path(output), shot.read_bytes())


def page_svg(page: Path, output: Path, timeout: float = 120.0) -> None:
    """Draw the HTML file ``page`` in headless Chromium and write the SVG of its network
    view (what the page's ``mgSvg()`` returns, at the PNG's window size) to ``output``."""
    browser = _chromium("--svg")
    with tempfile.TemporaryDirectory(prefix="mechgraph-chromium-") as profile:
        run = _draw(browser, Path(page), profile, ["--dump-dom"], SVG_HOOK, timeout)
        if run.returncode != 0:
            raise _failure(Path(page), run)
    svg = _svg_from_dom(run.stdout)
    if not svg.lstrip().startswith("<?xml"):
        raise ImageError(f"Chromium drew no SVG of {page}: the page wrote none")
    _replace(Path(output), svg.encode("utf-8"))


def _svg_from_dom(dom: str) -> str:
    """The text of the page's last ``<pre id="mg-svg-out">`` (appended at the end of the
    body; as element text, its ``<``, ``>`` and ``&`` are escaped), unescaped."""
    start = dom.rfind(f'<pre id="{SVG_HOOK}"')
    if start < 0:
        return ""
    opened = dom.find(">", start) + 1
    closed = dom.find("</pre>", opened)
    return html.unescape(dom[opened:closed]) if 0 < opened <= closed else ""
