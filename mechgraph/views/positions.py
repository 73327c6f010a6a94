"""Node positions computed in Python for networks too large for in-browser physics.

``pivot_mds`` is pivot multidimensional scaling (Brandes & Pich, "Eigensolver methods for
progressive multidimensional scaling of large data", Graph Drawing 2006): breadth-first
distances from ``k`` well-spread pivot nodes, double-centred, projected on their two main
axes. It costs ``k`` breadth-first searches and one small SVD, so 5,000-20,000 nodes take
well under a second, and it keeps graph distance as drawing distance. Each connected
component is laid out on its own; components are packed in rows, largest first.

>>> pos = pivot_mds(["a", "b", "c"], [("a", "b"), ("b", "c")])
>>> sorted(pos) == ["a", "b", "c"]
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np


def _component_layout(adjacency, members: np.ndarray, pivots: int) -> np.ndarray:
    """Pivot MDS of one connected component (``members`` are node indices)."""
    from scipy.sparse.csgraph import shortest_path

    size = len(members)
    if size == 1:
        return np.zeros((1, 2))
    if size <= 3:
        angles = np.arange(size) * 2 * math.pi / size
        return np.column_stack([np.cos(angles), np.sin(angles)])
    sub = adjacency[members][:, members]
    k = min(pivots, size)
    chosen = [int(np.argmax(np.diff(sub.indptr)))]  # start at the best-connected node
    distances = np.empty((k, size))
    nearest = np.full(size, np.inf)
    for i in range(k):
        distances[i] = shortest_path(sub, directed=False, unweighted=True, indices=chosen[i])
        nearest = np.minimum(nearest, distances[i])
        if i + 1 < k:
            nearest[chosen] = -1
            chosen.append(int(np.argmax(nearest)))  # farthest from every pivot so far
    squared = distances.T**2  # size x k
    centred = (
        squared
        - squared.mean(axis=0, keepdims=True)
        - squared.mean(axis=1, keepdims=True)
        + squared.mean()
    ) * -0.5
    _, vectors = np.linalg.eigh(centred.T @ centred)  # k x k: cheap; ascending eigenvalues
    coords = centred @ vectors[:, ::-1][:, :2]
    if coords.shape[1] < 2:
        coords = np.column_stack([coords, np.zeros(size)])
    for axis in range(2):  # fix the SVD's arbitrary signs so that output is deterministic
        column = coords[:, axis]
        if column[np.argmax(np.abs(column))] < 0:
            coords[:, axis] = -column
    return coords


def pivot_mds(
    nodes: Sequence[str],
    edges: Iterable[tuple[str, str]],
    pivots: int = 50,
    spacing: float = 40.0,
) -> dict[str, tuple[float, float]]:
    """Positions (in pixels, about ``spacing`` apart) for ``nodes``, edges taken as undirected."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    index = {node: i for i, node in enumerate(nodes)}
    pairs = np.array([(index[s], index[t]) for s, t in edges], dtype=np.int64).reshape(-1, 2)
    n = len(nodes)
    adjacency = csr_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n)).maximum(
        csr_matrix((np.ones(len(pairs)), (pairs[:, 1], pairs[:, 0])), shape=(n, n))
    )
    count, labels = connected_components(adjacency, directed=False)
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(count + 1))
    groups = sorted(
        (order[bounds[c] : bounds[c + 1]] for c in range(count)), key=lambda g: (-len(g), g[0])
    )
    positions = np.zeros((n, 2))
    rng = np.random.default_rng(0)  # fixed seed: the same input gives the same page
    x = y = row_height = 0.0
    row_width = spacing * math.sqrt(n) * 3
    for members in groups:
        coords = _component_layout(adjacency, members, pivots)
        # scale so that neighbours sit about `spacing` apart, then spread coincident nodes
        span = np.ptp(coords, axis=0).max() if len(members) > 1 else 0.0
        scale = spacing * math.sqrt(len(members)) / span if span > 0 else spacing
        coords = coords * scale + rng.uniform(-spacing / 2, spacing / 2, coords.shape)
        coords -= coords.min(axis=0)
        width, height = np.ptp(coords, axis=0) + spacing
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        positions[members] = coords + (x, y)
        x += width
        row_height = max(row_height, height)
    positions -= positions.mean(axis=0)
    return {
        node: (round(float(px), 1), round(float(py), 1))
        for node, (px, py) in zip(nodes, positions, strict=True)
    }
