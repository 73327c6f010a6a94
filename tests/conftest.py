"""Fixtures for every test: the checkout (``repo``) and the command line in a subprocess
(``run_cli``).

Plain helpers are imported from :mod:`tests.helpers` (``from tests.helpers.kbfactory import
claim, make_kb``); a folder's own fixtures are in its ``conftest.py`` (the ``browser`` of
``views/browser/``, the ``toy_kb`` of ``graph/``). The cache is redirected for every test by
the ``conftest.py`` at the root of the checkout.

Tests marked ``slow`` start processes or a browser, or build a package: every test that uses
``run_cli`` or ``browser`` is marked here; the others carry ``@pytest.mark.slow`` (or a
module's ``pytestmark``). ``python -m pytest -m "not slow"`` is the quick run; the default
run, as CI runs it, is the whole suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.paths import REPO

#: Fixtures whose tests are marked slow: a process per call, a browser per module.
SLOW_FIXTURES = {"run_cli", "browser"}


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def run_cli():
    """``run_cli(*args, cwd=None, env=None, text=True, timeout=300)``: run ``python -m
    mechgraph ARGS`` as a user would, with ``env`` added to this process's environment; the
    completed process (its output as text, or as bytes with ``text=False``)."""

    def run(*args, cwd=None, env=None, text=True, timeout=300) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "mechgraph", *args],
            capture_output=True,
            text=text,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            timeout=timeout,
        )

    return run


def pytest_collection_modifyitems(items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
