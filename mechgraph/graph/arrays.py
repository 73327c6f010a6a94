"""The compiled graph as integer-indexed arrays, for networks too large for dict walking.

Built once from a :class:`MechanismGraph`; node ``i`` is ``nodes[i]``; edge ``j`` goes from
``src[j]`` to ``dst[j]`` with ``sign[j]`` (+1 / -1), evidence weight ``weight[j]`` and step
kind ``step_kind[j]`` (an index into :data:`STEP_KINDS`, see :attr:`Edge.step_kind`).
Edges whose claims carry context qualifiers are listed in ``contextual`` so that a query
recomputes only their weights.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar, cast

import numpy as np

from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.vocab import Sign

if TYPE_CHECKING:
    from mechgraph.graph.merge import MergedGraph

T = TypeVar("T")

#: Step kinds by code, as stored in ``ArrayGraph.step_kind`` (imported edges are causal).
STEP_KINDS = ("causal", "inherited", "composition")


@dataclass
class ArrayGraph:
    graph: MechanismGraph
    nodes: list[str]
    index: dict[str, int]
    own_edges: list[Edge]  # the graph's Edge objects (a merged graph's imported ones: arrays)
    order: np.ndarray | None  # edge j is edge order[j] of own_edges + imported (None: j)
    src: np.ndarray
    dst: np.ndarray
    sign: np.ndarray
    weight: np.ndarray
    contextual: np.ndarray
    pair: np.ndarray  # edge -> id of its (source, target) pair
    pair_src: np.ndarray  # pair -> source (pairs are sorted by source, then target)
    pair_dst: np.ndarray  # pair -> target
    step_kind: np.ndarray  # edge -> code in STEP_KINDS
    _answers: OrderedDict = field(default_factory=OrderedDict, repr=False)

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_answers": OrderedDict()}  # answers are not stored

    def remember(self, key: Hashable, compute: Callable[[], T], size: int = 16) -> T:
        """``compute()``, or its value from an earlier call with the same ``key`` (the last
        ``size`` are kept): a question about the same agents reuses their propagation."""
        if key in self._answers:
            self._answers.move_to_end(key)
            return self._answers[key]
        value = self._answers[key] = compute()
        while len(self._answers) > size:
            self._answers.popitem(last=False)
        return value

    @classmethod
    def build(cls, graph: MechanismGraph) -> ArrayGraph:
        nodes = graph.nodes()
        index = {node: i for i, node in enumerate(nodes)}
        own = [e for out in graph.successors.values() for e in out]  # grouped by source
        src = np.fromiter((index[e.source] for e in own), dtype=np.int32, count=len(own))
        dst = np.fromiter((index[e.target] for e in own), dtype=np.int32, count=len(own))
        sign = np.fromiter(
            (1 if e.sign is Sign.PLUS else -1 for e in own), dtype=np.int8, count=len(own)
        )
        weight = np.fromiter((e.weight({}) for e in own), dtype=np.float64, count=len(own))
        codes = {kind: k for k, kind in enumerate(STEP_KINDS)}
        step_kind = np.fromiter((codes[e.step_kind] for e in own), dtype=np.int8, count=len(own))
        contextual = np.fromiter(
            (j for j, e in enumerate(own) if any(c.context for c in e.claims)), dtype=np.int64
        )
        order = None
        block = getattr(graph, "imported", None)  # a MergedGraph's imported edges
        if block is not None and len(block):
            src = np.concatenate([src, block.src])
            dst = np.concatenate([dst, block.dst])
            sign = np.concatenate([sign, block.sign])
            weight = np.concatenate([weight, block.weight])
            step_kind = np.concatenate([step_kind, np.zeros(len(block), dtype=np.int8)])
            order = np.argsort(src, kind="stable")  # grouped by source again
            src, dst, sign, weight = src[order], dst[order], sign[order], weight[order]
            step_kind = step_kind[order]
            where = np.empty(len(order), dtype=np.int64)
            where[order] = np.arange(len(order))
            contextual = where[contextual]
        pairs, pair = np.unique(src.astype(np.int64) * len(nodes) + dst, return_inverse=True)
        pairs_src, pairs_dst = np.divmod(pairs, max(len(nodes), 1))
        return cls(
            graph,
            nodes,
            index,
            own,
            order,
            src,
            dst,
            sign,
            weight,
            contextual,
            pair.astype(np.int64),
            pairs_src,
            pairs_dst,
            step_kind,
        )

    @property
    def size(self) -> int:
        return len(self.nodes)

    @property
    def pair_count(self) -> int:
        return len(self.pair_src)

    def edge(self, j: int) -> Edge:
        """Edge ``j`` as an :class:`Edge` (an imported one is made when asked for)."""
        k = int(self.order[j]) if self.order is not None else j
        if k < len(self.own_edges):
            return self.own_edges[k]
        # Edges past the graph's own exist only in a merged graph (its imported block).
        return cast("MergedGraph", self.graph).imported_edge(k - len(self.own_edges))

    def weights_in(self, context: Mapping[str, str]) -> np.ndarray:
        """Edge weights in a query context (only context-qualified edges are recomputed)."""
        if not context or not len(self.contextual):
            return self.weight
        weights = self.weight.copy()
        for j in self.contextual:
            weights[j] = self.edge(int(j)).weight(context)
        return weights
