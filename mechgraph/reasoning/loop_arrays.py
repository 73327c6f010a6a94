"""Feedback edges of Steensgaard's loop-nesting forest, computed on edge arrays.

The edges :func:`mechgraph.reasoning.loops.feedback_edges` finds (which cuts a loop no
path enters at its smallest edge by name, where this cuts it at its first edge in array
order; the engines never pass such loops). Computed level by level:

1. The strongly connected components of the edges still in play (one scipy pass).
2. Edges between components leave play; their targets are this level's *entries*, and so
   are the ``sources`` at the top level. (Below the top level only edges inside the parent
   loop are still in play, so entries are reached from inside the parent loop.)
3. Edges inside a component into one of its entries close a loop: feedback edges. When no
   loop of the level has an entry (loops no path reaches), the first inner edge in edge
   order is cut instead.
4. The other inner edges are the next level's edges.

Each level only touches the edges still inside loops. They are held as a compressed
sparse row structure over compact node labels: row pointers and targets, in the input
order (which is sorted by source). Dropping edges keeps that order, and the nodes that
left every loop are dropped with a monotone relabelling, so rows stay sorted and no level
needs a sort; scipy gets int32 arrays it uses without copying. The per-level feedback
flags are mapped back onto the input edges at the end, from the last level up.

Most of the time goes into the components pass of each level; its cost grows with
the edges inside loops, summed over the nesting levels.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components


def feedback_mask(n: int, src: np.ndarray, dst: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Boolean mask of the edges (node pairs, each listed once, sorted by ``src``) that close
    loops, for nodes ``0..n-1`` entered from ``sources``."""
    targets = np.asarray(dst, dtype=np.int32)  # never written to
    indptr = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    ones = np.broadcast_to(1.0, len(targets))  # edge weights: scipy reads the structure only
    levels: list[tuple[np.ndarray, np.ndarray]] = []  # (closes, kept) over each level's edges
    while len(targets):
        size = len(indptr) - 1
        graph = csr_matrix((ones[: len(targets)], targets, indptr), shape=(size, size))
        _, comp = connected_components(graph, directed=True, connection="strong")
        inner = np.repeat(comp, np.diff(indptr)) == np.take(comp, targets)
        if not inner.any():
            break
        entry = np.zeros(size, dtype=bool)
        if not levels:
            entry[sources] = True
        entry[targets[~inner]] = True
        closes = inner & np.take(entry, targets)
        if not closes.any():  # a loop no path enters: cut one edge, deterministically
            closes[np.argmax(inner)] = True
        kept = inner ^ closes
        levels.append((closes, kept))
        # The next level: kept edges, over the nodes still in a loop (or with a kept self-loop).
        before = np.zeros(len(targets) + 1, dtype=np.int32)  # kept edges before each edge
        np.cumsum(kept, dtype=np.int32, out=before[1:])
        bounds = np.take(before, indptr)
        live = np.take(np.bincount(comp), comp) > 1
        live |= bounds[1:] > bounds[:-1]
        label = np.cumsum(live, dtype=np.int32) - 1
        targets = np.take(label, targets[kept])
        indptr = np.concatenate((bounds[:1], bounds[1:][live]))
    removed = np.zeros(len(targets), dtype=bool)
    for closes, kept in reversed(levels):
        closes[kept] = removed
        removed = closes
    return removed
