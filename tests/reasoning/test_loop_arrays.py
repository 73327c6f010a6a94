"""The array loop analysis (scipy, level by level) finds the feedback edges the reference
(:func:`mechgraph.reasoning.loops.feedback_edges`) finds."""

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from mechgraph.reasoning import loops  # noqa: E402
from mechgraph.reasoning.loop_arrays import feedback_mask  # noqa: E402


def _arrays(size, pairs, sources):
    src = np.array([u for u, _ in pairs], dtype=np.int64)
    dst = np.array([v for _, v in pairs], dtype=np.int64)
    return size, src, dst, np.array(sorted(sources), dtype=np.int64)


def _name(i: int) -> str:
    return f"n{i:03d}"  # string order is number order, as the reference cuts by str


def _reference(size, pairs, sources):
    successors = {_name(u): [] for u in range(size)}
    for u, v in pairs:
        successors[_name(u)].append(_name(v))
    cut = loops.feedback_edges(successors, {_name(s) for s in sources})
    return np.array([(_name(u), _name(v)) in cut for u, v in pairs], dtype=bool)


@st.composite
def graphs(draw):
    """Small graphs, edges sorted by (source, target): loops nested, several or no sources,
    loops that no source reaches."""
    size = draw(st.integers(1, 10))
    node = st.integers(0, size - 1)
    pairs = draw(st.lists(st.tuples(node, node), max_size=45, unique=True))
    pairs = [(u, v) for u, v in pairs if u != v]
    sources = draw(st.lists(node, max_size=3, unique=True))
    return size, sorted(pairs), sources


def _same(size, pairs, sources):
    got = feedback_mask(*_arrays(size, pairs, sources))
    assert got.dtype == bool and got.shape == (len(pairs),)
    np.testing.assert_array_equal(got, _reference(size, pairs, sources))
    return got


@settings(max_examples=400, deadline=None)
@given(graphs())
def test_matches_reference(case):
    _same(*case)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(20, 300), st.floats(1.0, 4.0))
def test_matches_reference_on_larger_graphs(seed, size, degree):
    """Many nesting levels and components, sometimes with no source at all."""
    rng = np.random.default_rng(seed)
    codes = np.unique(rng.integers(0, size * size, int(size * degree)))
    src, dst = codes // size, codes % size
    pairs = [(int(u), int(v)) for u, v in zip(src, dst, strict=True) if u != v]
    sources = [int(s) for s in rng.choice(size, int(rng.integers(0, 4)), replace=False)]
    _same(size, pairs, sources)


def test_nested_loops():
    # x -> a; outer loop a -> b -> c -> a; inner loop b -> c -> d -> b; unreached loop e <-> f
    pairs = sorted([(0, 1), (1, 2), (2, 3), (3, 1), (3, 4), (4, 2), (5, 6), (6, 5)])
    got = _same(7, pairs, [0])
    closed = {pair for pair, cut in zip(pairs, got, strict=True) if cut}
    assert closed == {(3, 1), (4, 2), (5, 6)}


def test_no_edges():
    assert feedback_mask(0, np.zeros(0, int), np.zeros(0, int), np.zeros(0, int)).shape == (0,)
    assert not feedback_mask(3, np.array([0, 1]), np.array([1, 2]), np.array([0])).any()
