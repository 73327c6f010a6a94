"""The compiled mechanism graph as sorted node and edge rows, shared by the network exports
(GraphML, CX2, SIF, node-link JSON).

Nodes are the knowledge base's classes and entities; edges are the compiled graph's edges:
one causal edge per (subject, object, sign) carrying its claims, and the structural edges
(``is_a``, ``has_carrier``, ``has_payload``, ``has_property``, ``part_of``) that let an
intervention reach every claim that applies to it. Rows are sorted, so every export built
from them is deterministic.

>>> from mechgraph import load_kb
>>> view = network_view(load_kb())
>>> any(e.relation == "has_payload" and e.source == "abraxane" for e in view.edges)
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mechgraph.graph.compile import compile_kb
from mechgraph.graph.mechanism_graph import MechanismGraph
from mechgraph.model.kb import KnowledgeBase


@dataclass(frozen=True)
class NodeRow:
    """One node: ids, label, what it is (``kind`` class/entity, ``type`` its class,
    ``category`` the root of its class chain, e.g. Agent or CellType) and readout data."""

    id: str
    label: str
    kind: str
    type: str
    category: str
    formulation: bool = False
    readout_kind: str = ""
    desirable: str = ""
    xrefs: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    strategies: tuple[str, ...] = ()  # the targeting strategies a formulation follows

    def attributes(self) -> dict[str, object]:
        """The attributes every network format writes (lists as lists), in their order."""
        return {
            "label": self.label,
            "kind": self.kind,
            "type": self.type,
            "category": self.category,
            "formulation": self.formulation,
            "readout_kind": self.readout_kind,
            "desirable": self.desirable,
            "xrefs": list(self.xrefs),
            "strategies": list(self.strategies),
        }


@dataclass(frozen=True)
class EdgeRow:
    """One edge with its sign and, for causal edges, the evidence of every claim behind it
    (lists aligned by claim: ``claims[i]``, ``evidence_levels[i]``, ``documents[i]``...)."""

    source: str
    target: str
    sign: str
    relation: str
    structural: bool
    weight: float
    claims: tuple[str, ...] = ()
    evidence_levels: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()
    origin: str = ""

    @property
    def sign_value(self) -> int:
        """+1 or -1 (the SIF/CARNIVAL convention)."""
        return 1 if self.sign == "+" else -1

    @property
    def key(self) -> str:
        """A stable edge id: ``source|relation|target``."""
        return f"{self.source}|{self.relation}|{self.target}"

    def attributes(self) -> dict[str, object]:
        """The attributes every network format writes (lists as lists), in their order."""
        return {
            "sign": self.sign,
            "sign_value": self.sign_value,
            "interaction": self.relation,
            "structural": self.structural,
            "weight": self.weight,
            "claims": list(self.claims),
            "evidence_levels": list(self.evidence_levels),
            "documents": list(self.documents),
            "sections": list(self.sections),
            "quotes": list(self.quotes),
            "contexts": list(self.contexts),
            "origin": self.origin,
        }


@dataclass
class NetworkView:
    """Sorted nodes and edges of a compiled knowledge base."""

    nodes: list[NodeRow] = field(default_factory=list)
    edges: list[EdgeRow] = field(default_factory=list)

    def node_index(self) -> dict[str, int]:
        """Node id -> integer id (position in ``nodes``), for formats with numeric ids."""
        return {node.id: i for i, node in enumerate(self.nodes)}


def _category(kb: KnowledgeBase, node_id: str) -> str:
    concept = kb.concept(node_id)
    if concept is None:
        return ""
    start = concept.id if concept.kind == "class" else concept.type
    chain = kb.superclasses(start) if start else []
    return chain[-1] if chain else ""


def network_view(kb: KnowledgeBase, graph: MechanismGraph | None = None) -> NetworkView:
    """Rows of the compiled graph of ``kb`` (compiled here unless ``graph`` is given)."""
    graph = graph or compile_kb(kb)
    view = NetworkView()
    for node_id in sorted(graph.nodes()):
        concept = kb.concept(node_id)
        readout = kb.readouts.get(node_id)
        view.nodes.append(
            NodeRow(
                id=node_id,
                label=kb.label(node_id),
                kind=concept.kind if concept else "",
                type=(concept.type or "") if concept else "",
                category=_category(kb, node_id),
                formulation=node_id in kb.formulations,
                readout_kind=readout.kind.value if readout else "",
                desirable=readout.desirable.value if readout else "",
                xrefs=tuple(concept.xrefs) if concept else (),
                synonyms=tuple(concept.synonyms) if concept else (),
                strategies=kb.strategies_of(node_id),
            )
        )
    rows = []
    for edge in graph.edges():
        claims = sorted(edge.claims, key=lambda c: c.id)
        rows.append(
            EdgeRow(
                source=edge.source,
                target=edge.target,
                sign=edge.sign.value,
                relation=edge.relation,
                structural=edge.structural,
                weight=round(edge.weight({}), 4),
                claims=tuple(c.id for c in claims),
                evidence_levels=tuple(c.evidence.level.value for c in claims),
                documents=tuple(c.evidence.document for c in claims),
                sections=tuple(c.evidence.section for c in claims),
                quotes=tuple(c.evidence.quote for c in claims),
                contexts=tuple(c.context_text() for c in claims),
                origin=_origin(edge),
            )
        )
    view.edges = sorted(rows, key=lambda e: (e.source, e.target, e.sign, e.relation))
    return view


def _origin(edge) -> str:
    """Where a structural edge was curated (``ontology/entities.tsv:12``), else ''."""
    if edge.claims or edge.origin is None:
        return ""
    return str(edge.origin).replace("\\", "/")
