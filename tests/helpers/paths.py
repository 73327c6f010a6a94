"""Where things are: the checkout, the test data, and the folders beside the checkout."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
TEST_DATA = TESTS / "data"  # the small input files of the tests (tests/data/<topic>/)
SHARED = REPO.parent / "shared"  # beside the checkout, when it is there
SEEDS = SHARED / "seeds"  # the texts of the reviews
