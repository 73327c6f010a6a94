"""Merging imported signed networks into the compiled knowledge-base graph.

Each imported node becomes the knowledge-base concept it grounds to
(:mod:`mechgraph.sources.grounding`), or stays a node of its own, named as in its file
(``MAPK1``; ``NETWORK:NAME`` when that name is already a node or a name of the knowledge
base, e.g. an ambiguous one). Each imported edge becomes an :class:`Edge` with relation
``increases`` / ``decreases``, no claims, ``origin`` = the file and line it was read from,
and a ``fixed_weight`` (default :data:`DEFAULT_IMPORTED_WEIGHT` = 0.3): imported evidence
weighs less than the evidence levels of curated claims from review statements up (0.35 to
0.95), and a path through several imported edges weighs less still (path strength is the
product). An imported edge that the knowledge base already has (same source, target and
sign) is not added: the curated edge and its claims stand.

The merged graph is a new :class:`MergedGraph`; the knowledge base's own graph is not
changed. :class:`MergedIndex` lets queries name the imported nodes (``--target MAPK1``).

>>> from mechgraph import load_kb, compile_kb
>>> from mechgraph.sources.importers import ImportedEdge, ImportedNetwork, ImportedNode
>>> from mechgraph.sources.grounding import ground
>>> from mechgraph.model.vocab import Sign
>>> kb = load_kb()
>>> net = ImportedNetwork("toy", "sif", "toy.sif",
...     [ImportedEdge("CD274", "MAPK1", Sign.PLUS, "toy.sif", 1)],
...     {"CD274": ImportedNode("CD274"), "MAPK1": ImportedNode("MAPK1")})
>>> merged = merge(compile_kb(kb), [(net, ground(net, kb))])
>>> [(e.source, e.target, e.weight({}), str(e.origin)) for e in merged.out_edges("pd_l1")
...  if e.fixed_weight is not None]
[('pd_l1', 'MAPK1', 0.3, 'toy.sif:1')]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.records import Concept, Entity, SourceRef
from mechgraph.model.resolve import NameIndex, UnknownNameError, normalise_name
from mechgraph.model.vocab import Sign
from mechgraph.sources.grounding import AMBIGUOUS, Grounding
from mechgraph.sources.importers.base import ImportedNetwork, paused_gc

DEFAULT_IMPORTED_WEIGHT = 0.3
IMPORTED_TYPE = "ImportedNode"

#: ``progress(done, total)``: edges merged so far.
Progress = Callable[[int, int], None]


def is_imported(edge: Edge) -> bool:
    """True for an edge merged from an imported network (no claims, a fixed weight)."""
    return not edge.claims and edge.fixed_weight is not None


@dataclass
class MergeReport:
    """What merging one network did: its grounding, the imported-node -> graph-node map,
    and counts of edges added, already curated (kept as curated), turned into self-loops
    by grounding (dropped) and already added from an earlier network."""

    network: str
    file: str
    weight: float
    grounding: Grounding
    nodes: dict[str, str]
    xrefs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # of unmatched nodes
    added: int = 0
    curated: int = 0
    self_loops: int = 0
    duplicates: int = 0

    def to_dict(self) -> dict[str, object]:
        matched = self.grounding.mapping()
        return {
            "network": self.network,
            "file": self.file,
            "weight": self.weight,
            "edges_added": self.added,
            "edges_already_curated": self.curated,
            "edges_became_self_loops": self.self_loops,
            "edges_duplicate": self.duplicates,
            "new_nodes": sum(1 for n in self.nodes if n not in matched),
            "grounding": self.grounding.counts(),
        }


@dataclass
class MergedGraph(MechanismGraph):
    """A knowledge-base graph with imported networks merged in (``merges``: one report per
    network, in order)."""

    merges: list[MergeReport] = field(default_factory=list)

    def imported_nodes(self) -> set[str]:
        """Graph nodes that come only from imported networks (no knowledge-base concept)."""
        return {n for r in self.merges for n in r.nodes.values() if self.kb.concept(n) is None}


def _copy(graph: MechanismGraph) -> MergedGraph:
    merged = MergedGraph(graph.kb)
    merged.successors = {node: list(out) for node, out in graph.successors.items()}
    if isinstance(graph, MergedGraph):
        merged.merges = list(graph.merges)
    return merged


def merge(
    graph: MechanismGraph,
    networks: Sequence[tuple[ImportedNetwork, Grounding]],
    *,
    weight: float = DEFAULT_IMPORTED_WEIGHT,
    progress: Progress | None = None,
) -> MergedGraph:
    """A copy of ``graph`` with the networks' edges added (see the module docstring).

    ``weight`` (0 < weight <= 1) is the weight of every imported edge.
    """
    if not 0.0 < weight <= 1.0:
        raise ValueError(f"the imported weight must be in (0, 1], not {weight}")
    with paused_gc():
        return _merge(graph, networks, weight, progress)


def _merge(
    graph: MechanismGraph,
    networks: Sequence[tuple[ImportedNetwork, Grounding]],
    weight: float,
    progress: Progress | None,
) -> MergedGraph:
    merged = _copy(graph)
    own = set(graph.successors)  # nodes of the knowledge base (and earlier merges)
    imported: set[str] = set(merged.imported_nodes())
    keys = {e.key for e in merged.edges()}
    total = sum(len(n.edges) for n, _ in networks)
    done = 0
    for network, grounding in networks:
        mapping = grounding.mapping()
        nodes: dict[str, str] = {}
        for node in network.nodes:
            if node in mapping:
                nodes[node] = mapping[node]
                continue
            match = grounding.matches.get(node)
            ambiguous = match is not None and match.status == AMBIGUOUS
            if ambiguous or (node in own and node not in imported):
                nodes[node] = f"{network.name}:{node}"
            else:
                nodes[node] = node
            imported.add(nodes[node])
            merged.successors.setdefault(nodes[node], [])
        xrefs = {n: network.nodes[n].xrefs for n in nodes if n not in mapping}
        report = MergeReport(network.name, network.file, weight, grounding, nodes, xrefs)
        for edge in network.edges:
            done += 1
            if progress is not None and done % 10000 == 0:
                progress(done, total)
            source, target = nodes[edge.source], nodes[edge.target]
            if source == target:
                report.self_loops += 1
                continue
            key = (source, target, edge.sign.value)
            if key in keys:
                curated = any(
                    e.target == target and e.sign is edge.sign and not is_imported(e)
                    for e in merged.successors.get(source, [])
                )
                if curated:
                    report.curated += 1
                else:
                    report.duplicates += 1
                continue
            keys.add(key)
            merged.add(
                Edge(
                    source,
                    target,
                    edge.sign,
                    "increases" if edge.sign is Sign.PLUS else "decreases",
                    origin=SourceRef(edge.file, edge.line),
                    fixed_weight=weight,
                )
            )
            report.added += 1
        merged.merges.append(report)
    if progress is not None:
        progress(total, total)
    return merged


class MergedIndex(NameIndex):
    """The knowledge base's name index plus the imported nodes that ground to no concept:
    each answers to its graph id, its name in the file and its original identifiers (an
    :class:`Entity` of type ``ImportedNode`` stands for it). A name that both a concept and
    an imported node answer to resolves to the concept if it is the concept's id or label
    and the imported node's only by a synonym; otherwise both are offered."""

    def __init__(self, base: NameIndex, graph: MergedGraph):
        self.kb = base.kb
        self._by_key = base._by_key  # shared with the knowledge base's index, never changed
        self._imported: dict[str, dict[str, str]] = {}  # name key -> graph id -> how
        self._found: dict[str, tuple[list[str], set[str], set[str]]] = {}
        self._stubs: dict[str, Entity] = {}
        for report in graph.merges:
            grounded = report.grounding.mapping()
            for node, graph_id in report.nodes.items():
                if node in grounded:
                    continue
                networks, names, xrefs = self._found.setdefault(graph_id, ([], set(), set()))
                networks.append(report.network)
                names.add(node)
                xrefs.update(report.xrefs.get(node, ()))
        for graph_id, (_, names, xrefs) in self._found.items():
            self._imported.setdefault(normalise_name(graph_id), {})[graph_id] = "id"
            for name, how in [*((n, "synonym") for n in names), *((x, "xref") for x in xrefs)]:
                if name != graph_id:
                    entry = self._imported.setdefault(normalise_name(name), {})
                    entry.setdefault(graph_id, how)

    def stub(self, graph_id: str) -> Entity:
        """The entity that stands for an imported node in answers."""
        found = self._stubs.get(graph_id)
        if found is None:
            networks, names, xrefs = self._found[graph_id]
            found = self._stubs[graph_id] = Entity(
                graph_id,
                graph_id,
                IMPORTED_TYPE,
                synonyms=tuple(sorted(names - {graph_id})),
                xrefs=tuple(sorted(xrefs)),
                definition=f"imported node (from {', '.join(dict.fromkeys(networks))})",
            )
        return found

    def resolve(self, name: str) -> Concept:
        imported = self._imported.get(normalise_name(name))
        if not imported:
            return super().resolve(name)
        known = self._by_key.get(normalise_name(name), [])
        direct = [c for c, _, how in known if how in ("id", "label")]
        if known and len(direct) == 1 and "id" not in imported.values():
            return direct[0]
        if not known and len(imported) == 1:
            return self.stub(next(iter(imported)))
        if not known and list(imported.values()).count("id") == 1:
            return self.stub(next(g for g, how in imported.items() if how == "id"))
        raise UnknownNameError(name, sorted({c.id for c, _, _ in known} | set(imported)))
