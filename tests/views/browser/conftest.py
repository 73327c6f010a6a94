"""The ``browser`` fixture of the browser tests: one headless Chromium per module, driven by
Playwright (skipped without it, unless ``MECHGRAPH_BROWSER_TESTS=required``)."""

from __future__ import annotations

import pytest

from mechgraph.views.images import HEADLESS_ARGS
from tests.helpers.browsers import CHROMIUM, require_browser

ARGS = list(HEADLESS_ARGS)


@pytest.fixture(scope="module")
def browser():
    require_browser("the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
