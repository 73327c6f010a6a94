"""Fixtures shared by the io tests: the shipped knowledge base and its compiled graph."""

import pytest

import mechgraph


@pytest.fixture(scope="module")
def kb():
    """The shipped knowledge base."""
    return mechgraph.load_kb()


@pytest.fixture(scope="module")
def compiled(kb):
    """The mechanism graph compiled from it."""
    return mechgraph.compile_kb(kb)
