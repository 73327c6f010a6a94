"""Whether the browser tests can run: Playwright and Debian's Chromium, or a skip with the
hint (a failure when ``MECHGRAPH_BROWSER_TESTS=required``, as in CI)."""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest

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
