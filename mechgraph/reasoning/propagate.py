"""Qualitative propagation of interventions through the mechanism graph.

Semantics (README, "How mechgraph reasons"):

* Interventions are clamped: an agent given is ``+``, an entity inhibited is ``-``;
  edges into an intervention are not followed.
* Only edges that apply in the query's context are followed (structural edges always
  apply; a causal edge applies if at least one of its claims does).
* Along a path, signs multiply; over parallel paths, ``+`` and ``-`` give the strict sign
  ``?`` (:meth:`Propagation.sign`; the verdict rule then weighs the two sides).
* Loops: an edge that returns into a loop's entry node is feedback (see
  :mod:`mechgraph.reasoning.loops`); it does not change signs and is reported instead.
  All other paths count, so the graph that carries signs is acyclic and every path in it
  is simple.
* Strength: an edge weighs 1 - prod(1 - w) over its applicable claims (w from the evidence
  level); a path weighs the product of its edges, each times its step factor (decay per
  causal step, penalty per inherited ``is_a`` step: :mod:`mechgraph.reasoning.verdict`); a
  sign's strength at a node is the strength of its strongest path. The signs reached
  (:meth:`Propagation.sign`) are the strict set; :func:`~mechgraph.reasoning.verdict.judge`
  decides between them.

>>> from mechgraph import load_kb, compile_kb
>>> result = propagate(compile_kb(load_kb()), [Intervention("abraxane")])
>>> result.sign("abraxane")
<Sign.PLUS: '+'>
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.vocab import Sign
from mechgraph.reasoning.loops import feedback_edges
from mechgraph.reasoning.verdict import decide, step_factor

DEFAULT_PATHS = 3


@dataclass(frozen=True)
class Intervention:
    """A node set by the query: given (``+``) or inhibited / knocked out (``-``)."""

    node: str
    sign: Sign = Sign.PLUS


@dataclass(frozen=True)
class Path:
    """A chain of edges from an intervention to a node, with its sign and strength."""

    start: str
    sign: Sign
    strength: float
    edges: tuple[Edge, ...] = ()

    @property
    def nodes(self) -> list[str]:
        return [self.start] + [edge.target for edge in self.edges]


@dataclass(frozen=True)
class Feedback:
    """A loop closed by ``edge``; ``loop_sign`` + amplifies, - damps, ? is undetermined.

    The loop's sign is the decided sign of the edge's source x the edge's sign x the decided
    sign of its target (undetermined when either end is decided ``?`` or ``0``).
    """

    edge: Edge
    loop_sign: Sign

    @property
    def kind(self) -> str:
        return {Sign.PLUS: "amplifying", Sign.MINUS: "damping"}.get(self.loop_sign, "undetermined")


@dataclass
class Propagation:
    """The outcome of propagating interventions: a sign, strength and paths per node."""

    graph: MechanismGraph
    interventions: tuple[Intervention, ...]
    context: Mapping[str, str]
    best: dict[str, dict[Sign, list[Path]]] = field(default_factory=dict)
    feedback: list[Feedback] = field(default_factory=list)

    def sign(self, node: str) -> Sign:
        """``+``, ``-``, ``?`` (both) or ``0`` (not reached)."""
        signs = self.best.get(node, {})
        if Sign.PLUS in signs and Sign.MINUS in signs:
            return Sign.AMBIGUOUS
        if signs:
            return next(iter(signs))
        return Sign.NONE

    def feedback_into(self, nodes: Iterable[str] | None = None) -> list[Feedback]:
        """The feedback edges whose target is one of ``nodes`` (all when None)."""
        if nodes is None:
            return list(self.feedback)
        wanted = set(nodes)
        return [f for f in self.feedback if f.edge.target in wanted]

    def signs(self, node: str) -> set[Sign]:
        return set(self.best.get(node, {}))

    def is_reached(self, node: str) -> bool:
        return node in self.best

    def node_signs(self) -> dict[str, Sign]:
        """Every reached node (interventions included) with its sign."""
        return {node: self.sign(node) for node in self.best}

    def paths(self, node: str, sign: Sign) -> list[Path]:
        """The strongest paths that bring ``sign`` to ``node``, strongest first."""
        return list(self.best.get(node, {}).get(sign, []))

    def strength(self, node: str, sign: Sign) -> float:
        paths = self.paths(node, sign)
        return paths[0].strength if paths else 0.0

    def decided_signs(self) -> dict[str, Sign]:
        """Every reached node's decided sign (:func:`~mechgraph.reasoning.verdict.decide`),
        nodes decided ``0`` (reached by sub-floor paths only) left out."""
        signs: dict[str, Sign] = {}
        for node in self.best:
            sign = self.decided(node)
            if sign is not Sign.NONE:
                signs[node] = sign
        return signs

    def decided(self, node: str) -> Sign:
        """The decided sign of one node (the verdict rule over its two supports)."""
        return decide(self.strength(node, Sign.PLUS), self.strength(node, Sign.MINUS)).sign


def _rank(path: Path) -> tuple[float, int, tuple[str, ...]]:
    return (-path.strength, len(path.edges), tuple(path.nodes))


def propagate(
    graph: MechanismGraph,
    interventions: Iterable[Intervention],
    context: Mapping[str, str] | None = None,
    paths_per_sign: int = DEFAULT_PATHS,
    seeds: Iterable[Path] = (),
) -> Propagation:
    """Propagate the interventions' signs over the graph (see the module docstring).

    ``seeds`` are paths that arrive from outside the graph (a comparison's difference at
    its object, :mod:`mechgraph.reasoning.difference`): each brings its sign and strength
    to its last node, which is not clamped, and propagates on from there.
    """
    interventions = tuple(interventions)
    context = dict(context or {})
    clamped = {i.node for i in interventions}
    result = Propagation(graph, interventions, context)
    seeded = _seeds_by_node(seeds, clamped)
    starts = clamped | set(seeded)
    out, weights = _edges_in_play(graph, context, clamped, starts)
    pairs = {node: list(dict.fromkeys(e.target for e in edges)) for node, edges in out.items()}
    closing = feedback_edges(pairs, starts)

    # Topological order of the acyclic remainder, then dynamic programming.
    order, incoming = _acyclic_order(out, closing)
    for intervention in interventions:
        result.best.setdefault(intervention.node, {})[intervention.sign] = [
            Path(intervention.node, intervention.sign, 1.0)
        ]
    for node in order:
        if node not in clamped:
            strongest = _strongest_arrivals(
                result.best, seeded.get(node, ()), incoming[node], weights, paths_per_sign
            )
            if strongest:
                result.best[node] = strongest
    result.feedback.extend(_feedback(result, out, closing))
    return result


def _seeds_by_node(seeds: Iterable[Path], clamped: set[str]) -> dict[str, list[Path]]:
    """The seeds by the node they arrive at (none at an intervention: it is clamped)."""
    seeded: dict[str, list[Path]] = {}
    for seed in seeds:
        if seed.nodes[-1] not in clamped:
            seeded.setdefault(seed.nodes[-1], []).append(seed)
    return seeded


def _edges_in_play(
    graph: MechanismGraph, context: Mapping[str, str], clamped: set[str], starts: set[str]
) -> tuple[dict[str, list[Edge]], dict[tuple[str, str, str], float]]:
    """The edges that apply, from ``starts`` outwards and none into a clamped node: each
    node reached (``starts`` included) with its usable out-edges, and each edge's weight
    times its step factor."""
    weights: dict[tuple[str, str, str], float] = {}
    out: dict[str, list[Edge]] = {}
    reached = set(starts)
    queue = deque(sorted(reached))
    while queue:
        node = queue.popleft()
        usable = []
        for edge in graph.out_edges(node):
            if edge.target in clamped:
                continue
            weight = edge.weight(context)
            if weight <= 0.0:
                continue
            weights[edge.key] = weight * step_factor(edge)
            usable.append(edge)
            if edge.target not in reached:
                reached.add(edge.target)
                queue.append(edge.target)
        out[node] = usable
    return out, weights


def _acyclic_order(
    out: Mapping[str, list[Edge]], closing: set[tuple[str, str]]
) -> tuple[list[str], dict[str, list[Edge]]]:
    """The nodes of ``out`` in a topological order of the edges that close no loop (Kahn's
    algorithm, from the nodes without such incoming edges in name order), and each node's
    incoming such edges."""
    indegree = dict.fromkeys(out, 0)
    incoming: dict[str, list[Edge]] = {node: [] for node in out}
    for edges in out.values():
        for edge in edges:
            if (edge.source, edge.target) not in closing:
                indegree[edge.target] += 1
                incoming[edge.target].append(edge)
    ready = deque(sorted(node for node, degree in indegree.items() if degree == 0))
    order = []
    while ready:
        node = ready.popleft()
        order.append(node)
        for edge in out[node]:
            if (edge.source, edge.target) in closing:
                continue
            indegree[edge.target] -= 1
            if indegree[edge.target] == 0:
                ready.append(edge.target)
    return order, incoming


def _strongest_arrivals(
    best: Mapping[str, dict[Sign, list[Path]]],
    seeds: Iterable[Path],
    incoming: Iterable[Edge],
    weights: Mapping[tuple[str, str, str], float],
    paths_per_sign: int,
) -> dict[Sign, list[Path]]:
    """The strongest paths of each sign into a node: its seeds, and each incoming edge
    added to the best paths of its source (empty when nothing arrives)."""
    candidates: dict[Sign, list[Path]] = {}
    for seed in seeds:
        candidates.setdefault(seed.sign, []).append(seed)
    for edge in incoming:
        for sign, paths in best.get(edge.source, {}).items():
            new_sign = sign * edge.sign
            for path in paths:
                candidates.setdefault(new_sign, []).append(
                    Path(
                        path.start,
                        new_sign,
                        path.strength * weights[edge.key],
                        path.edges + (edge,),
                    )
                )
    return {
        sign: sorted(paths, key=_rank)[:paths_per_sign]
        for sign, paths in sorted(candidates.items())
    }


def _feedback(
    result: Propagation, out: Mapping[str, list[Edge]], closing: set[tuple[str, str]]
) -> list[Feedback]:
    """The loops the closing edges make, each with its sign from the decided signs of the
    edge's ends (see :class:`Feedback`)."""
    definite = (Sign.PLUS, Sign.MINUS)
    found = []
    for edges in out.values():
        for edge in edges:
            if (edge.source, edge.target) not in closing:
                continue
            source_sign, target_sign = result.decided(edge.source), result.decided(edge.target)
            loop_sign = (
                source_sign * edge.sign * target_sign
                if source_sign in definite and target_sign in definite
                else Sign.AMBIGUOUS
            )
            found.append(Feedback(edge, loop_sign))
    return found


#: Graphs with more edges than this are propagated by the array engine
#: (:mod:`mechgraph.reasoning.fast`); smaller ones by this module, which needs no numpy.
FAST_ENGINE_EDGES = 5000


def propagate_any(
    graph: MechanismGraph,
    interventions: Iterable[Intervention],
    context: Mapping[str, str] | None = None,
    paths_per_sign: int = DEFAULT_PATHS,
    engine: str = "auto",
):
    """Propagate with the engine that suits the graph's size (same semantics either way).

    ``engine`` is ``"auto"``, ``"python"`` or ``"arrays"``. The array engine remembers its
    last answers (:meth:`~mechgraph.graph.arrays.ArrayGraph.remember`): asking about other
    targets of the same interventions does not propagate again.
    """
    if engine == "python" or (engine == "auto" and graph.edge_count() <= FAST_ENGINE_EDGES):
        return propagate(graph, interventions, context, paths_per_sign)
    from mechgraph.reasoning.fast import propagate_fast

    interventions, context = tuple(interventions), dict(context or {})
    arrays = graph.arrays()
    key = (interventions, tuple(sorted(context.items())), paths_per_sign)
    return arrays.remember(
        key, lambda: propagate_fast(arrays, interventions, context, paths_per_sign)
    )
