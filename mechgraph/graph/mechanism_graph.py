"""The compiled mechanism graph: signed edges between concepts, each carrying its claims.

Kept as plain adjacency lists so that queries need no heavy import; :meth:`to_networkx`
gives a ``networkx.MultiDiGraph`` for analysis and exports.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import Claim, Evidence, SourceRef
from mechgraph.model.vocab import Sign

if TYPE_CHECKING:
    import networkx as nx


_CAUSAL = ("increases", "decreases")


@dataclass(frozen=True)
class Edge:
    """A signed edge. Causal edges carry the claims behind them; structural edges
    (formulation parts, class membership) carry the curated row that states them."""

    source: str
    target: str
    sign: Sign
    relation: str
    claims: tuple[Claim, ...] = ()
    origin: SourceRef | None = None
    origin_evidence: Evidence | None = None
    fixed_weight: float | None = None  # e.g. an imported edge (mechgraph.graph.merge)

    @property
    def structural(self) -> bool:
        return not self.claims

    @property
    def step_kind(self) -> str:
        """``"causal"`` (a claim or an imported edge), ``"inherited"`` (``is_a``: a member
        acts through its class) or ``"composition"`` (a formulation's parts; a cycle step
        feeding its stage). Path strength treats the kinds differently
        (:mod:`mechgraph.reasoning.verdict`)."""
        if self.claims or self.fixed_weight is not None or self.relation in _CAUSAL:
            return "causal"
        return "inherited" if self.relation == "is_a" else "composition"

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.target, self.sign.value)

    def applicable_claims(self, context: Mapping[str, str]) -> tuple[Claim, ...]:
        return tuple(c for c in self.claims if c.applies_in(context))

    def weight(self, context: Mapping[str, str]) -> float:
        """Evidence-based strength in [0, 1].

        Claims from the same document count once (its strongest claim: a review restating a
        point in several sections is one source); documents combine as 1 - prod(1 - w).
        Structural edges weigh 1; an edge with no applicable claim weighs 0; an edge given a
        ``fixed_weight`` (an imported edge) weighs that, whatever the context.
        """
        if self.fixed_weight is not None:
            return self.fixed_weight
        if self.structural:
            return 1.0
        best: dict[str, float] = {}
        for claim in self.applicable_claims(context):
            document = claim.evidence.document
            best[document] = max(best.get(document, 0.0), claim.evidence.level.weight)
        remaining = 1.0
        for weight in best.values():
            remaining *= 1.0 - weight
        return 1.0 - remaining


@dataclass
class MechanismGraph:
    """Signed directed multigraph over the knowledge base's concepts."""

    kb: KnowledgeBase
    successors: dict[str, list[Edge]] = field(default_factory=dict)

    def add(self, edge: Edge) -> None:
        self.successors.setdefault(edge.source, []).append(edge)
        self.successors.setdefault(edge.target, [])

    def nodes(self) -> list[str]:
        return list(self.successors)

    def edges(self) -> Iterator[Edge]:
        for out in self.successors.values():
            yield from out

    def edge_count(self) -> int:
        return sum(len(out) for out in self.successors.values())

    def arrays(self):
        """The graph as integer-indexed arrays (built once, then cached; needs numpy)."""
        from mechgraph.graph.arrays import ArrayGraph

        cached = getattr(self, "_arrays", None)
        if cached is None or cached[0] != self.edge_count():
            cached = (self.edge_count(), ArrayGraph.build(self))
            self._arrays = cached
        return cached[1]

    def out_edges(self, node: str) -> list[Edge]:
        return self.successors.get(node, [])

    def label(self, node: str) -> str:
        return self.kb.label(node)

    def to_networkx(self) -> nx.MultiDiGraph:
        """A ``networkx.MultiDiGraph``: node attributes ``label``, ``type``; edge key is the
        sign, edge attributes ``sign``, ``relation``, ``structural`` and ``claims`` (ids)."""
        import networkx as nx

        graph = nx.MultiDiGraph()
        for node in self.successors:
            graph.add_node(node, label=self.label(node), type=self.kb.type_of(node) or "")
        for edge in self.edges():
            graph.add_edge(
                edge.source,
                edge.target,
                key=edge.sign.value,
                sign=edge.sign.value,
                relation=edge.relation,
                structural=edge.structural,
                claims=[c.id for c in edge.claims],
            )
        return graph
