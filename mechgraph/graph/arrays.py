"""The compiled graph as integer-indexed arrays, for networks too large for dict walking.

Built once from a :class:`MechanismGraph`; node ``i`` is ``nodes[i]``; edge ``j`` goes from
``src[j]`` to ``dst[j]`` with ``sign[j]`` (+1 / -1) and evidence weight ``weight[j]``.
Edges whose claims carry context qualifiers are listed in ``contextual`` so that a query
recomputes only their weights.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.vocab import Sign


@dataclass
class ArrayGraph:
    graph: MechanismGraph
    nodes: list[str]
    index: dict[str, int]
    edges: list[Edge]
    src: np.ndarray
    dst: np.ndarray
    sign: np.ndarray
    weight: np.ndarray
    contextual: np.ndarray
    pair: np.ndarray  # edge -> id of its (source, target) pair
    pair_src: np.ndarray  # pair -> source (pairs are sorted by source, then target)
    pair_dst: np.ndarray  # pair -> target

    @classmethod
    def build(cls, graph: MechanismGraph) -> ArrayGraph:
        nodes = list(graph.successors)
        index = {node: i for i, node in enumerate(nodes)}
        edges = list(graph.edges())  # grouped by source in node order: src is sorted
        src = np.fromiter((index[e.source] for e in edges), dtype=np.int32, count=len(edges))
        dst = np.fromiter((index[e.target] for e in edges), dtype=np.int32, count=len(edges))
        sign = np.fromiter(
            (1 if e.sign is Sign.PLUS else -1 for e in edges), dtype=np.int8, count=len(edges)
        )
        weight = np.fromiter((e.weight({}) for e in edges), dtype=np.float64, count=len(edges))
        contextual = np.fromiter(
            (j for j, e in enumerate(edges) if any(c.context for c in e.claims)), dtype=np.int64
        )
        pairs, pair = np.unique(src.astype(np.int64) * len(nodes) + dst, return_inverse=True)
        pairs_src, pairs_dst = np.divmod(pairs, max(len(nodes), 1))
        return cls(
            graph,
            nodes,
            index,
            edges,
            src,
            dst,
            sign,
            weight,
            contextual,
            pair.astype(np.int64),
            pairs_src,
            pairs_dst,
        )

    @property
    def size(self) -> int:
        return len(self.nodes)

    @property
    def pair_count(self) -> int:
        return len(self.pair_src)

    def weights_in(self, context: Mapping[str, str]) -> np.ndarray:
        """Edge weights in a query context (only context-qualified edges are recomputed)."""
        if not context or not len(self.contextual):
            return self.weight
        weights = self.weight.copy()
        for j in self.contextual:
            weights[j] = self.edges[j].weight(context)
        return weights
