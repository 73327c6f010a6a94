import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def _test_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("mechgraph-cache")


@pytest.fixture(autouse=True)
def _cache_in_a_temporary_folder(_test_cache, monkeypatch):
    """Every test (and every process it starts) caches into one temporary folder of the
    test session, never into the user's cache."""
    monkeypatch.setenv("MECHGRAPH_CACHE", str(_test_cache))
