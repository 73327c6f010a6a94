"""Merging imported signed networks into the compiled knowledge-base graph.

Each imported node becomes the knowledge-base concept it grounds to
(:mod:`mechgraph.graph.grounding`), or stays a node of its own, named as in its file
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
>>> from mechgraph.io.importers import ImportedEdge, ImportedNetwork, ImportedNode
>>> from mechgraph.graph.grounding import ground
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

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from mechgraph.graph.grounding import AMBIGUOUS, MATCHED, Grounding
from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.imported import ImportedNetwork
from mechgraph.model.problems import Problem
from mechgraph.model.records import Concept, Entity, SourceRef
from mechgraph.model.resolve import NameIndex, UnknownNameError, normalise_name
from mechgraph.model.vocab import Sign

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
    warnings: list[Problem] = field(default_factory=list)  # the import's (printed by the CLI)
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
class ImportedEdges:
    """The imported edges of a :class:`MergedGraph`, as arrays sorted by source node.

    Node numbers index the merged graph's :meth:`~MergedGraph.nodes`: the knowledge base's
    nodes, then ``names`` (the nodes only imported networks have). Edge ``k`` goes from
    ``src[k]`` to ``dst[k]`` with ``sign[k]`` (+1 / -1) and ``weight[k]``, read from
    ``files[file[k]]`` at ``line[k]``; node ``i``'s out-edges are ``start[i]:start[i + 1]``.
    """

    names: list[str]
    src: np.ndarray
    dst: np.ndarray
    sign: np.ndarray
    weight: np.ndarray
    file: np.ndarray
    line: np.ndarray
    files: list[str]
    start: np.ndarray

    def __len__(self) -> int:
        return len(self.src)


@dataclass
class MergedGraph(MechanismGraph):
    """A knowledge-base graph with imported networks merged in (``merges``: one report per
    network, in order). ``successors`` holds the knowledge base's own edges; the imported
    ones are kept as arrays (``imported``) and become :class:`Edge` objects when asked for,
    so that a network of a million edges costs tens of megabytes, not gigabytes."""

    merges: list[MergeReport] = field(default_factory=list)
    imported: ImportedEdges | None = None

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state.pop("_nodes", None)  # rebuilt on demand
        state.pop("_index", None)
        return state

    def nodes(self) -> list[str]:
        """The knowledge base's nodes, then the imported-only ones (do not change it)."""
        found = self.__dict__.get("_nodes")
        if found is None:
            names = self.imported.names if self.imported is not None else []
            found = self.__dict__["_nodes"] = [*self.successors, *names]
        return found

    def node_index(self) -> dict[str, int]:
        """Node -> its number (its place in :meth:`nodes`)."""
        index = self.__dict__.get("_index")
        if index is None:
            index = self.__dict__["_index"] = {n: i for i, n in enumerate(self.nodes())}
        return index

    def imported_nodes(self) -> set[str]:
        """Graph nodes that come only from imported networks (no knowledge-base concept)."""
        return set(self.imported.names) if self.imported is not None else set()

    def imported_edge(self, k: int) -> Edge:
        """Imported edge ``k`` (see :class:`ImportedEdges`) as an :class:`Edge`."""
        block, nodes = self.imported, self.nodes()
        assert block is not None, "only a graph with imported edges has imported edge k"
        plus = block.sign[k] > 0
        return Edge(
            nodes[block.src[k]],
            nodes[block.dst[k]],
            Sign.PLUS if plus else Sign.MINUS,
            "increases" if plus else "decreases",
            origin=SourceRef(block.files[block.file[k]], int(block.line[k])),
            fixed_weight=float(block.weight[k]),
        )

    def edges(self) -> Iterator[Edge]:
        yield from super().edges()
        for k in range(len(self.imported) if self.imported is not None else 0):
            yield self.imported_edge(k)

    def edge_count(self) -> int:
        extra = len(self.imported) if self.imported is not None else 0
        return super().edge_count() + extra

    def out_edges(self, node: str) -> list[Edge]:
        own = self.successors.get(node, [])
        block = self.imported
        i = self.node_index().get(node) if block is not None else None
        if block is None or i is None:
            return own
        start, end = block.start[i], block.start[i + 1]
        return own + [self.imported_edge(k) for k in range(start, end)]


def _key(src: np.ndarray, dst: np.ndarray, sign: np.ndarray) -> np.ndarray:
    """One int64 per (source, target, sign)."""
    return (src.astype(np.int64) << 32) | (dst.astype(np.int64) << 1) | (sign < 0)


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
    merged = MergedGraph(graph.kb)
    merged.successors = {node: list(out) for node, out in graph.successors.items()}
    kb_nodes = list(merged.successors)
    index = {n: i for i, n in enumerate(kb_nodes)}
    kb_edges = [e for out in merged.successors.values() for e in out]
    kb_keys = _key(
        np.array([index[e.source] for e in kb_edges], dtype=np.int64),
        np.array([index[e.target] for e in kb_edges], dtype=np.int64),
        np.array([1 if e.sign is Sign.PLUS else -1 for e in kb_edges], dtype=np.int8),
    )
    names: list[str] = []
    files: list[str] = []
    parts: list[tuple[np.ndarray, ...]] = []
    if isinstance(graph, MergedGraph):
        merged.merges = list(graph.merges)
        if graph.imported is not None:
            block = graph.imported
            names, files = list(block.names), list(block.files)
            index.update((n, len(kb_nodes) + i) for i, n in enumerate(names))
            parts.append((block.src, block.dst, block.sign, block.weight, block.file, block.line))
    seen = [_key(p[0], p[1], p[2]) for p in parts]
    total = sum(len(n.edges) for n, _ in networks)
    done = 0
    own = set(kb_nodes)
    for network, grounding in networks:
        report = _merge_one(network, grounding, weight, own, index, names)
        columns = network.edges
        local = np.fromiter(
            (index[report.nodes[n]] for n in columns.names), np.int64, len(columns.names)
        )
        src = local[np.frombuffer(columns.src, dtype=np.int32)]
        dst = local[np.frombuffer(columns.dst, dtype=np.int32)]
        sign = np.frombuffer(columns.sign, dtype=np.int8)
        loops = src == dst
        report.self_loops = int(loops.sum())
        keys = _key(src, dst, sign)
        curated = np.isin(keys, kb_keys) & ~loops
        report.curated = int(curated.sum())
        candidate = ~loops & ~curated
        first = np.zeros(len(keys), dtype=bool)
        first[np.unique(keys, return_index=True)[1]] = True
        if seen:
            first &= ~np.isin(keys, np.concatenate(seen))
        added = candidate & first
        report.duplicates = int((candidate & ~first).sum())
        report.added = int(added.sum())
        file_ids = np.array([_intern(files, f) for f in columns.files], dtype=np.int32)
        chosen = np.flatnonzero(added)
        parts.append(
            (
                src[chosen].astype(np.int32),
                dst[chosen].astype(np.int32),
                sign[chosen],
                np.full(len(chosen), weight),
                file_ids[np.frombuffer(columns.file, dtype=np.int32)[chosen]],
                np.frombuffer(columns.line, dtype=np.int64)[chosen],
            )
        )
        seen.append(keys[chosen])
        merged.merges.append(report)
        done += len(columns)
        if progress is not None:
            progress(done, total)
    merged.imported = _sorted_block(parts, names, files, len(kb_nodes) + len(names))
    return merged


def _intern(items: list[str], item: str) -> int:
    try:
        return items.index(item)
    except ValueError:
        items.append(item)
        return len(items) - 1


def _sorted_block(
    parts: list[tuple[np.ndarray, ...]], names: list[str], files: list[str], nodes: int
) -> ImportedEdges:
    src, dst, sign, weight, file, line = (
        np.concatenate([p[i] for p in parts]) if parts else np.zeros(0, dtype=d)
        for i, d in enumerate((np.int32, np.int32, np.int8, np.float64, np.int32, np.int64))
    )
    order = np.argsort(src, kind="stable")
    start = np.zeros(nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=nodes), out=start[1:])
    return ImportedEdges(
        names,
        src[order],
        dst[order],
        sign[order],
        weight[order],
        file[order],
        line[order],
        files,
        start,
    )


def _merge_one(
    network: ImportedNetwork,
    grounding: Grounding,
    weight: float,
    kb_nodes: set[str],
    index: dict[str, int],
    names: list[str],
) -> MergeReport:
    """The report of one network, its nodes mapped to graph nodes (new ones numbered)."""
    mapping = grounding.mapping()
    nodes: dict[str, str] = {}
    for node in network.nodes:
        graph_id = mapping.get(node)
        if graph_id is None:
            match = grounding.matches.get(node)
            ambiguous = match is not None and match.status == AMBIGUOUS
            graph_id = f"{network.name}:{node}" if ambiguous or node in kb_nodes else node
            if graph_id not in index:
                index[graph_id] = len(kb_nodes) + len(names)
                names.append(graph_id)
        nodes[node] = graph_id
    xrefs = {n: network.nodes[n].xrefs for n in nodes if n not in mapping}
    warnings = list(getattr(network, "warnings", ()))
    return MergeReport(network.name, network.file, weight, grounding, nodes, xrefs, warnings)


class MergedIndex(NameIndex):
    """The knowledge base's name index plus the imported nodes that ground to no concept:
    each answers to its graph id, its name in the file and its original identifiers (an
    :class:`Entity` of type ``ImportedNode`` stands for it).

    A name is matched exactly first: if exactly one node (imported or of the knowledge
    base) answers to it as written, case included, that is the one, so nodes whose names
    differ only by case (``v_TNFA``, ``v_TNFa`` in one model) can each be named. Otherwise
    names match as the knowledge base's do (case, spaces, hyphens, underscores ignored): a
    name that both a concept and an imported node answer to resolves to the concept if it
    is the concept's id or label and the imported node's only by a synonym; otherwise all
    of them are offered."""

    def __init__(self, base: NameIndex, graph: MergedGraph):
        self.kb = base.kb
        self._by_key = base._by_key  # shared with the knowledge base's index, never changed
        self._graph = graph
        self._stubs: dict[str, Entity] = {}
        # name key -> graph id, for keys that name one imported node by its id (most keys);
        # name key -> {graph id: how} for the others. Lean, so a cached copy loads fast.
        self._ids: dict[str, str] = {}
        self._more: dict[str, dict[str, str]] = {}
        for report in graph.merges:
            for node, graph_id in report.nodes.items():
                if self._grounded(report, node):
                    continue
                self._add_name(normalise_name(graph_id), graph_id, "id")
                if node != graph_id:
                    self._add_name(normalise_name(node), graph_id, "synonym")
                for xref in report.xrefs.get(node, ()):
                    if xref != graph_id:
                        self._add_name(normalise_name(xref), graph_id, "xref")

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_stubs": {}}

    @staticmethod
    def _grounded(report: MergeReport, node: str) -> bool:
        match = report.grounding.matches.get(node)
        return match is not None and match.status == MATCHED

    def _add_name(self, key: str, graph_id: str, how: str) -> None:
        entry = self._more.get(key)
        if entry is None:
            if how == "id" and self._ids.get(key, graph_id) == graph_id:
                self._ids[key] = graph_id
                return
            entry = self._more[key] = {}
            if key in self._ids:
                entry[self._ids.pop(key)] = "id"
        if how == "id":
            entry[graph_id] = "id"
        else:
            entry.setdefault(graph_id, how)

    def _imported(self, key: str) -> dict[str, str]:
        found = self._ids.get(key)
        return {found: "id"} if found is not None else self._more.get(key, {})

    def stub(self, graph_id: str) -> Entity:
        """The entity that stands for an imported node in answers."""
        found = self._stubs.get(graph_id)
        if found is None:
            networks: list[str] = []
            names: set[str] = set()
            xrefs: set[str] = set()
            for report in self._graph.merges:
                # an imported node is named as in its file, or NETWORK:NAME
                for node in {graph_id, graph_id.removeprefix(f"{report.network}:")}:
                    if report.nodes.get(node) == graph_id and not self._grounded(report, node):
                        networks.append(report.network)
                        names.add(node)
                        xrefs.update(report.xrefs.get(node, ()))
            found = self._stubs[graph_id] = Entity(
                graph_id,
                graph_id,
                IMPORTED_TYPE,
                synonyms=tuple(sorted(names - {graph_id})),
                xrefs=tuple(sorted(xrefs)),
                definition=f"imported node (from {', '.join(dict.fromkeys(networks))})",
            )
        return found

    def _exact(self, name: str, imported: dict[str, str]) -> list[str]:
        """The imported nodes among ``imported`` that answer to ``name`` exactly (as their
        graph id, their name in the file or an original identifier, case included)."""
        found = []
        for graph_id in imported:
            if graph_id == name:
                found.append(graph_id)
                continue
            stub = self.stub(graph_id)
            if name in stub.synonyms or name in stub.xrefs:
                found.append(graph_id)
        return found

    def resolve(self, name: str) -> Concept:
        imported = self._imported(normalise_name(name))
        if not imported:
            return super().resolve(name)
        known = self._by_key.get(normalise_name(name), [])
        direct = [c for c, _, how in known if how in ("id", "label")]
        if known and len(direct) == 1 and "id" not in imported.values():
            return direct[0]
        if len(imported) + len(known) > 1:  # exact (case included) first, then ignoring case
            exact = self._exact(name, imported)
            exact_known = [c for c, _, _ in known if _written(c, name)]
            if len(exact) + len(exact_known) == 1:
                return self.stub(exact[0]) if exact else exact_known[0]
        if not known and len(imported) == 1:
            return self.stub(next(iter(imported)))
        if not known and list(imported.values()).count("id") == 1:
            return self.stub(next(g for g, how in imported.items() if how == "id"))
        raise UnknownNameError(name, sorted({c.id for c, _, _ in known} | set(imported)))


def _written(concept: Concept, name: str) -> bool:
    """Whether ``name`` is, exactly as written, an id, label, synonym or xref of ``concept``."""
    return (
        name in (concept.id, concept.label)
        or name in concept.synonyms
        or name in getattr(concept, "xrefs", ())
    )
