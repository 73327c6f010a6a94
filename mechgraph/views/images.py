"""Images of a view: a PNG of the page as a browser draws it, through headless Chromium.

The page is opened from its file (no network: the page has no external resource and
Chromium's background networking is off), given time to lay out the network, and captured
at 1600 x 1000 pixels. The image is written to a temporary file beside the target and then
renamed, so a failed capture leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

#: Executable names tried, in order, when ``MECHGRAPH_CHROMIUM`` is not set.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Window size of the capture (the size the browser tests check readability at).
WINDOW = (1600, 1000)
#: Milliseconds of page time given to lay out the network before the capture.
LAYOUT_BUDGET_MS = 20000


class ImageError(RuntimeError):
    """No browser to draw with, or the capture failed (the message says which)."""


def find_chromium() -> str | None:
    """The Chromium executable: ``MECHGRAPH_CHROMIUM``, else the first of
    :data:`CHROMIUM_NAMES` on the PATH (None if there is none)."""
    chosen = os.environ.get("MECHGRAPH_CHROMIUM")
    if chosen:
        return chosen if shutil.which(chosen) or Path(chosen).is_file() else None
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def page_png(page: Path, output: Path, timeout: float = 120.0) -> None:
    """Draw the HTML file ``page`` in headless Chromium and write the PNG to ``output``."""
    browser = find_chromium()
    if browser is None:
        raise ImageError(
            "--png needs Chromium (apt-get install chromium, or set MECHGRAPH_CHROMIUM to "
            "a Chromium or Chrome executable); the HTML page was written"
        )
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="mechgraph-chromium-") as profile:
        shot = Path(profile) / "page.png"
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--window-size={WINDOW[0]},{WINDOW[1]}",
            f"--virtual-time-budget={LAYOUT_BUDGET_MS}",
            f"--screenshot={shot}",
            page.resolve().as_uri(),
        ]
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ImageError(f"Chromium could not draw {page}: {exc}") from exc
        if run.returncode != 0 or not shot.is_file() or shot.stat().st_size == 0:
            last = (run.stderr.strip().splitlines() or ["no output"])[-1]
            raise ImageError(f"Chromium could not draw {page} (exit {run.returncode}): {last}")
        partial = output.with_name(f".{output.name}.part")
        shutil.copyfile(shot, partial)
        partial.replace(output)
