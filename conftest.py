"""pytest's root configuration, for the tests in ``tests/`` and the doctests of ``mechgraph/``
(``--doctest-modules``, see ``[tool.pytest.ini_options]`` in pyproject.toml).

The fixtures every test needs are in ``tests/conftest.py``; this file holds only what the
doctests need too: the cache in a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# Scripts, not modules to import: never collected, even when pytest is given their folder.
collect_ignore = ["docs", "benchmarks"]


@pytest.fixture(scope="session")
def _test_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("mechgraph-cache")


@pytest.fixture(autouse=True)
def _cache_in_a_temporary_folder(_test_cache, monkeypatch):
    """Every test and doctest (and every process it starts) caches into one temporary folder
    of the test session, never into the user's cache."""
    monkeypatch.setenv("MECHGRAPH_CACHE", str(_test_cache))
