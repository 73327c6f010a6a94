"""Abduction: the cheapest sets of assumptions under which the knowledge base predicts what
was observed.

Semantics: *sign consistency* as in Iggy (Thiele et al. 2015) and CARNIVAL (Liu et al. 2019).
Every node takes a value ``+``, ``-`` or ``0``:

* interventions keep their sign (given ``+``, inhibited ``-``); observed nodes keep the
  observed value;
* a node other than an intervention that changes must be *explained*: at least one live
  incoming edge whose source has changed brings its sign (source sign x edge sign), and the
  explanations are *founded* (no node explains itself through a loop: the supporting edges
  form an acyclic graph rooted in the interventions; interventions are the only unexplained
  changes);
* ``0`` (``zero="strict"``, the default): a node that does not change receives no live
  influence at all, i.e. no applicable path reaches it with a sign, or the assumptions cut
  every such path (an empty strict set of reached signs). With ``zero="cancel"`` (Iggy's
  relaxation) a node may also stay unchanged when influences of both signs reach it (they
  may cancel out), which is how a readout reached by both signs can be observed as ``0``.

A node reached by both signs can take either; an observation decides which. This works on
the strict set of reached signs, however weak their paths: the verdict rule of
:mod:`mechgraph.reasoning.verdict` (floor, dominance) is for answers, not for what is
possible. Founded explanations agree with the engine's loop rule
(:mod:`mechgraph.reasoning.loops`) on loops entered at one node; on a loop entered at
several nodes, sign consistency can admit a sign that the engine's feedback rule does not
propagate.

An *assumption* changes which edges are live:

* ``context``: a context value, e.g. ``pdl1=negative``; claims whose context excludes it stop
  applying (values of one key with the same effect are one assumption);
* ``claim``: a claim taken not to hold in this setting (cost by evidence level: cheap for
  hypotheses and preclinical claims, expensive for clinical ones);
* ``branch``: a node taken to be inactive: it stays unchanged whatever reaches it, so the
  branch of the network below it is silent. A branch is a mechanism below the agents: the
  interventions, the parts of a formulation and the classes they belong to (all reached
  through structural links) are never taken to be inactive, since that says only that the
  drug is inert; observed nodes are not either.

The answer lists the subset-minimal assumption sets in order of cost (see :class:`Costs`).

Solver: an integer linear program (the CARNIVAL encoding: binary node signs, edge
activity and influence variables, continuous levels that forbid self-supporting loops),
solved exactly by HiGHS through ``scipy.optimize.milp`` (no dependency beyond scipy). The
cheapest set is found first; each set found is then excluded together with all its supersets
(a no-good cut ``sum(chosen) <= |set| - 1``) and the program solved again, which yields the
subset-minimal sets in order of cost. All costs are positive integers, so the optimum is exact.
Only the nodes between the interventions and the observations enter the program (the others
can always be labelled consistently); levels exist only inside strongly connected
components. ``time_limit`` bounds the search (the answer is then marked incomplete).

>>> from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
>>> from mechgraph.model.kb import KnowledgeBase
>>> g = MechanismGraph(KnowledgeBase())
>>> g.add(Edge("a", "b", Sign.PLUS, "x")); g.add(Edge("b", "c", Sign.MINUS, "x"))
>>> r = abduce(g, [Intervention("a")], [Observation("c", Sign.PLUS)])
>>> r.consistent, r.conflict[0].node
(False, 'c')
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.errors import MechgraphError
from mechgraph.model.records import Claim
from mechgraph.model.vocab import DIFFERENCE_WORDS, EvidenceLevel, Sign
from mechgraph.reasoning.arms import comparisons_on_record
from mechgraph.reasoning.loops import strongly_connected_components
from mechgraph.reasoning.propagate import Intervention, propagate_any

KINDS = ("context", "claim", "branch")
ZERO_MODES = ("strict", "cancel")

DEFAULT_CLAIM_COSTS: dict[EvidenceLevel, int] = {
    EvidenceLevel.HYPOTHESIS: 1,
    EvidenceLevel.IN_VITRO: 2,
    EvidenceLevel.PRECLINICAL_IN_VIVO: 2,
    EvidenceLevel.REVIEW_STATEMENT: 3,
    EvidenceLevel.CLINICAL: 6,
    EvidenceLevel.CLINICAL_PHASE3: 8,
}


@dataclass(frozen=True)
class Costs:
    """Integer cost of each kind of assumption (all must be >= 1).

    A context value costs 1 (it states a fact about the setting, not a doubt about the
    evidence); a claim costs by its evidence level (:data:`DEFAULT_CLAIM_COSTS`: hypothesis 1,
    in vitro and preclinical 2, review statement 3, clinical 6, phase III 8); an inactive
    branch costs 4.
    """

    context: int = 1
    branch: int = 4
    claim: Mapping[EvidenceLevel, int] = field(default_factory=lambda: dict(DEFAULT_CLAIM_COSTS))

    def of_claim(self, claim: Claim) -> int:
        return int(self.claim.get(claim.evidence.level, 3))


@dataclass(frozen=True)
class Observation:
    """An observed readout: ``+`` increased, ``-`` decreased, ``0`` unchanged."""

    node: str
    sign: Sign

    def __str__(self) -> str:
        return f"{self.node}={self.sign.value}"


@dataclass(frozen=True)
class Assumption:
    """One assumption of a hypothesis.

    ``kind`` is ``context`` (``key`` = context key, ``values`` the equivalent values),
    ``claim`` (``claim`` is the claim taken not to hold) or ``branch`` (``node`` inactive);
    the field of its kind is always set (the ``is not None`` tests below only tell mypy).
    """

    kind: str
    name: str
    cost: int
    key: str | None = None
    values: tuple[str, ...] = ()
    claim: Claim | None = field(default=None, compare=False)
    node: str | None = None
    excludes: tuple[str, ...] = ()  # for a context value: the claims it stops

    def sort_key(self) -> tuple:
        return (KINDS.index(self.kind), self.name)


@dataclass(frozen=True)
class Hypothesis:
    """A subset-minimal set of assumptions that makes the observations consistent.

    ``predicted`` holds the engine's strict sign (the signs that reach a node, ``?`` for
    both; abduction reasons on sign consistency, not on the verdict rule) of the observed
    nodes and of the knowledge base's readouts once the assumptions are applied.
    """

    assumptions: tuple[Assumption, ...]
    cost: int
    predicted: dict[str, Sign] = field(default_factory=dict)

    @property
    def context(self) -> dict[str, tuple[str, ...]]:
        return {
            a.key: a.values for a in self.assumptions if a.kind == "context" and a.key is not None
        }

    @property
    def dropped_claims(self) -> tuple[Claim, ...]:
        return tuple(a.claim for a in self.assumptions if a.kind == "claim" and a.claim is not None)

    @property
    def inactive(self) -> tuple[str, ...]:
        return tuple(a.node for a in self.assumptions if a.kind == "branch" and a.node is not None)


@dataclass
class Abduction:
    """The answer of :func:`abduce`; :meth:`to_dict` is the ``hypothesize --json`` output."""

    graph: MechanismGraph = field(repr=False)
    interventions: tuple[Intervention, ...]
    observations: tuple[Observation, ...]
    context: dict[str, str]
    zero: str
    kinds: tuple[str, ...]
    hypotheses: list[Hypothesis] = field(default_factory=list)
    conflict: tuple[Observation, ...] = ()
    reason: str = ""
    null_results: list[Claim] = field(default_factory=list)
    stats: dict[str, int | float] = field(default_factory=dict)
    complete: bool = True  # False: the time limit stopped the search (see ``reason``)
    #: the two arms (agent ids) when the observations are differences between them
    #: (:mod:`mechgraph.reasoning.difference_abduction`); None: against no treatment
    arms: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    #: comparisons of arms on record for the observed readouts (against no treatment only):
    #: a trial's result is a difference, to ask with ``vs``
    comparisons: list[Claim] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        """False when the observations are proved inconsistent (see ``conflict``)."""
        return not self.conflict

    def shared(self) -> tuple[Assumption, ...]:
        """The assumptions every hypothesis found makes (empty with fewer than two)."""
        if len(self.hypotheses) < 2:
            return ()
        common = set.intersection(*(set(h.assumptions) for h in self.hypotheses))
        return tuple(sorted(common, key=Assumption.sort_key))

    def groups(self) -> list[tuple[int, tuple[Assumption, ...], tuple[Assumption, ...]]]:
        """The hypotheses found, those that differ in one assumption only merged:
        ``(cost, common assumptions, alternatives)`` (one alternative: no merge)."""
        return group_alternatives(self.hypotheses)

    def to_dict(self) -> dict:
        from mechgraph.reasoning.serialize import claim_to_dict

        graph = self.graph

        def assumption(a: Assumption) -> dict:
            item = {"kind": a.kind, "name": a.name, "cost": a.cost}
            if a.kind == "context":
                assert a.key is not None
                item.update(
                    key=a.key,
                    values=list(a.values),
                    labels=[
                        graph.kb.contexts[(a.key, v)].label
                        for v in a.values
                        if (a.key, v) in graph.kb.contexts
                    ],
                    stops_claims=list(a.excludes),
                )
            elif a.kind == "claim":
                assert a.claim is not None
                item["claim"] = claim_to_dict(a.claim, graph)
            else:
                assert a.node is not None
                item.update(node=a.node, label=graph.label(a.node))
            return item

        def agents(ids: Sequence[str]) -> list[dict]:
            return [{"id": n, "label": graph.label(n)} for n in ids]

        return {
            "interventions": [
                {"id": i.node, "label": graph.label(i.node), "sign": i.sign.value}
                for i in self.interventions
            ],
            "arms": None
            if self.arms is None
            else {"first": agents(self.arms[0]), "second": agents(self.arms[1])},
            "observations": [
                {
                    "node": o.node,
                    "label": graph.label(o.node),
                    "sign": o.sign.value,
                    "difference": None if self.arms is None else DIFFERENCE_WORDS[o.sign],
                }
                for o in self.observations
            ],
            "context": dict(self.context),
            "zero": self.zero,
            "assumption_kinds": list(self.kinds),
            "consistent": self.consistent,
            "complete": self.complete,
            "conflict": [
                {"node": o.node, "label": graph.label(o.node), "sign": o.sign.value}
                for o in self.conflict
            ],
            "reason": self.reason,
            "hypotheses": [
                {
                    "rank": rank,
                    "cost": h.cost,
                    "assumptions": [assumption(a) for a in h.assumptions],
                    "predicted": {node: sign.value for node, sign in h.predicted.items()},
                }
                for rank, h in enumerate(self.hypotheses, start=1)
            ],
            "shared": [a.name for a in self.shared()],
            "null_results": [claim_to_dict(c, graph) for c in self.null_results],
            "comparisons_on_record": [claim_to_dict(c, graph) for c in self.comparisons],
            "stats": dict(self.stats),
        }


def group_alternatives(
    hypotheses: Sequence[Hypothesis],
) -> list[tuple[int, tuple[Assumption, ...], tuple[Assumption, ...]]]:
    """Merge hypotheses of equal cost that differ in exactly one assumption.

    Each group is ``(cost, common, alternatives)``: every ``common + (x,)`` for ``x`` in
    ``alternatives`` is one of the hypotheses (nothing is merged that was not found). A
    hypothesis joins the largest group it fits, in order of first appearance.

    >>> a, b, c = (Assumption("branch", n, 4, node=n) for n in "abc")
    >>> [(k, [x.name for x in common], [x.name for x in alt]) for k, common, alt in
    ...  group_alternatives([Hypothesis((a, b), 8), Hypothesis((a, c), 8)])]
    [(8, ['a'], ['b', 'c'])]
    """
    stars: dict[tuple[int, frozenset[Assumption]], list[int]] = {}
    for number, h in enumerate(hypotheses):
        for item in h.assumptions:
            stars.setdefault((h.cost, frozenset(h.assumptions) - {item}), []).append(number)
    order = sorted(stars.items(), key=lambda kv: (-len(kv[1]), kv[1][0]))
    placed: dict[int, tuple[int, frozenset[Assumption]]] = {}
    for key, members in order:
        free = [m for m in members if m not in placed]
        if len(free) >= 2:
            for m in free:
                placed[m] = key
    groups: list[tuple[int, tuple[Assumption, ...], tuple[Assumption, ...]]] = []
    seen: set[tuple[int, frozenset[Assumption]]] = set()
    for number, h in enumerate(hypotheses):
        star = placed.get(number)
        if star is None:
            groups.append((h.cost, h.assumptions, ()))
            continue
        if star in seen:
            continue
        seen.add(star)
        cost, common = star
        alternatives = [
            next(iter(frozenset(hypotheses[m].assumptions) - common))
            for m in sorted(n for n, k in placed.items() if k == star)
        ]
        groups.append(
            (
                cost,
                tuple(sorted(common, key=Assumption.sort_key)),
                tuple(sorted(alternatives, key=Assumption.sort_key)),
            )
        )
    return groups


# -- the integer program -----------------------------------------------------------------


class SolverTimeout(MechgraphError):
    """The solver did not finish before the time limit."""


class _Program:
    """A 0/1 integer program assembled row by row (sparse), solved with HiGHS."""

    def __init__(self) -> None:
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integer: list[int] = []
        self.cost: list[float] = []
        self.rows: list[tuple[list[int], list[float], float, float]] = []

    def var(self, lb: float = 0.0, ub: float = 1.0, integer: bool = True, cost: float = 0.0):
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(1 if integer else 0)
        self.cost.append(cost)
        return len(self.lb) - 1

    def row(self, terms: Iterable[tuple[int, float]], lb: float, ub: float) -> None:
        merged: dict[int, float] = {}
        for i, c in terms:  # a variable may occur twice (a self-loop's source is its target)
            merged[i] = merged.get(i, 0.0) + c
        merged = {i: c for i, c in merged.items() if c != 0.0}
        self.rows.append((list(merged), list(merged.values()), lb, ub))

    def solve(
        self,
        extra: Sequence[tuple[list[int], list[float], float, float]] = (),
        deadline: float | None = None,
    ):
        """The optimal 0/1 vector, or None when infeasible; :class:`SolverTimeout` when the
        ``deadline`` (a ``time.perf_counter()`` value) passes first."""
        import time

        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, milp
        from scipy.sparse import csr_matrix

        if not self.lb:  # nothing to decide: trivially feasible
            return np.zeros(0)
        rows = list(self.rows) + list(extra)
        data, cols, indptr, lo, hi = [], [], [0], [], []
        for idx, coef, lb, ub in rows:
            cols += idx
            data += coef
            indptr.append(len(cols))
            lo.append(lb)
            hi.append(ub)
        n = len(self.lb)
        constraints = []
        if rows:
            matrix = csr_matrix((data, cols, indptr), shape=(len(rows), n))
            constraints.append(LinearConstraint(matrix, np.array(lo), np.array(hi)))
        options = {}
        if deadline is not None:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise SolverTimeout()
            options["time_limit"] = remaining
        result = milp(
            c=np.array(self.cost),
            integrality=np.array(self.integer),
            bounds=Bounds(np.array(self.lb), np.array(self.ub)),
            constraints=constraints,
            options=options,
        )
        if result.status == 2 and "infeasible" in result.message.lower():
            return None
        if result.status == 1:
            raise SolverTimeout()
        if result.status != 0 or result.x is None:
            raise RuntimeError(f"the solver stopped without an answer: {result.message}")
        return result.x


def _and(p: _Program, out: int, a: int, b: int) -> None:
    """out = a AND b."""
    p.row([(out, 1), (a, -1)], -1, 0)
    p.row([(out, 1), (b, -1)], -1, 0)
    p.row([(out, 1), (a, -1), (b, -1)], -1, float("inf"))


@dataclass
class _Encoding:
    program: _Program
    assumptions: dict[int, Assumption]  # variable -> assumption
    plus: dict[str, int]
    minus: dict[str, int]
    nodes: list[str]


def _relevant(
    graph: MechanismGraph,
    interventions: Sequence[Intervention],
    observed: set[str],
    context: Mapping[str, str],
) -> tuple[list[str], list[Edge]]:
    """Nodes reachable from the interventions over edges that can apply in ``context`` and
    from which an observed node can be reached; the edges among them."""
    clamped = {i.node for i in interventions}

    def usable(edge: Edge) -> bool:
        return edge.target not in clamped and (
            edge.structural or bool(edge.applicable_claims(context))
        )

    reached = set(clamped)
    queue = deque(clamped)
    edges: list[Edge] = []
    while queue:
        node = queue.popleft()
        for edge in graph.out_edges(node):
            if not usable(edge):
                continue
            edges.append(edge)
            if edge.target not in reached:
                reached.add(edge.target)
                queue.append(edge.target)
    predecessors: dict[str, list[str]] = {}
    for edge in edges:
        predecessors.setdefault(edge.target, []).append(edge.source)
    useful = {n for n in observed if n in reached}
    queue = deque(useful)
    while queue:
        node = queue.popleft()
        for pred in predecessors.get(node, ()):
            if pred not in useful:
                useful.add(pred)
                queue.append(pred)
    nodes = sorted(useful)
    kept = [e for e in edges if e.source in useful and e.target in useful]
    # a fixed order of variables: the solver's choice among equally cheap answers is then
    # the same from run to run (sets iterate in a per-process order)
    return nodes, sorted(kept, key=lambda e: (e.source, e.target, e.sign.value))


def _agents(edges: Sequence[Edge], clamped: Iterable[str]) -> set[str]:
    """The interventions and what they reach through structural links only (a formulation's
    parts, the classes they belong to): the drugs themselves, not a branch below them."""
    structural: dict[str, list[str]] = {}
    for edge in edges:
        if edge.structural:
            structural.setdefault(edge.source, []).append(edge.target)
    found = set(clamped)
    queue = deque(found)
    while queue:
        for target in structural.get(queue.popleft(), ()):
            if target not in found:
                found.add(target)
                queue.append(target)
    return found


def _context_groups(
    claims: Sequence[Claim],
    context_values: Mapping[str, Sequence[str]],
    fixed: Mapping[str, str],
) -> list[tuple[str, tuple[str, ...], frozenset[str]]]:
    """Per free context key, the values grouped by the claims they exclude (non-empty)."""
    groups = []
    for key in sorted(context_values):
        if key in fixed:
            continue
        by_effect: dict[frozenset[str], list[str]] = {}
        for value in context_values[key]:
            excluded = frozenset(
                c.id for c in claims if key in c.context and value not in c.context[key]
            )
            if excluded:
                by_effect.setdefault(excluded, []).append(value)
        for excluded, values in by_effect.items():
            groups.append((key, tuple(values), excluded))
    groups.sort(key=lambda g: (g[0], g[1]))
    return groups


def _encode(
    graph: MechanismGraph,
    interventions: Sequence[Intervention],
    observations: Sequence[Observation],
    context: Mapping[str, str],
    context_values: Mapping[str, Sequence[str]],
    kinds: Sequence[str],
    costs: Costs,
    zero: str,
    with_costs: bool = True,
) -> _Encoding:
    """The integer program of a query (see the module docstring): the assumptions, the
    node values, the edges' influences and the rule that every change is explained."""
    observed = {o.node: o.sign for o in observations}
    clamped = {i.node: i.sign for i in interventions}
    nodes, edges = _relevant(graph, interventions, set(observed), context)
    encoding = _Encoding(_Program(), {}, {}, {}, nodes)
    claims = _claims_in_play(edges, context)
    excluded_by: dict[str, list[int]] = {}
    if "context" in kinds:
        excluded_by = _context_switches(
            encoding, claims, context_values, context, costs, with_costs
        )
    remains = _claim_switches(encoding, claims, excluded_by, "claim" in kinds, costs, with_costs)
    # Founded explanations need levels only inside loops: outside them support is acyclic.
    component = _components(nodes, edges)
    looped = {e.source for e in edges if component[e.source] == component[e.target]}
    branches: set[str] = set()
    if "branch" in kinds:
        branches = set(nodes) - set(observed) - _agents(edges, clamped)
    inactive, level = _node_values(
        encoding, graph, clamped, observed, looped, branches, costs, with_costs
    )
    incoming = _influences(encoding, edges, context, remains, component, level)
    _explanations(encoding, clamped, incoming, inactive, zero)
    return encoding


def _assume(encoding: _Encoding, assumption: Assumption, with_costs: bool) -> int:
    """A 0/1 variable that makes ``assumption`` (costing its cost, or nothing without
    costs)."""
    var = encoding.program.var(cost=assumption.cost if with_costs else 0)
    encoding.assumptions[var] = assumption
    return var


def _claims_in_play(edges: Iterable[Edge], context: Mapping[str, str]) -> list[Claim]:
    """The claims that apply on ``edges``, each once, by id."""
    claims: dict[str, Claim] = {}
    for edge in edges:
        for claim in edge.applicable_claims(context):
            claims.setdefault(claim.id, claim)
    return sorted(claims.values(), key=lambda c: c.id)


def _context_switches(
    encoding: _Encoding,
    claims: Sequence[Claim],
    context_values: Mapping[str, Sequence[str]],
    context: Mapping[str, str],
    costs: Costs,
    with_costs: bool,
) -> dict[str, list[int]]:
    """A variable per free context value (values of the same effect merged, one value of
    a key at most); per claim id, the variables of the values that exclude it."""
    per_key: dict[str, list[int]] = {}
    excluded_by: dict[str, list[int]] = {}
    for key, values, excluded in _context_groups(claims, context_values, context):
        assumption = Assumption(
            "context",
            f"{key}={'|'.join(values)}",
            costs.context,
            key=key,
            values=values,
            excludes=tuple(sorted(excluded)),
        )
        var = _assume(encoding, assumption, with_costs)
        per_key.setdefault(key, []).append(var)
        for cid in excluded:
            excluded_by.setdefault(cid, []).append(var)
    for group in per_key.values():
        if len(group) > 1:
            encoding.program.row([(v, 1) for v in group], 0, 1)
    return excluded_by


def _claim_switches(
    encoding: _Encoding,
    claims: Sequence[Claim],
    excluded_by: Mapping[str, list[int]],
    droppable: bool,
    costs: Costs,
    with_costs: bool,
) -> dict[str, int]:
    """Per claim an assumption can stop (a context value that excludes it; dropping it,
    when claims are ``droppable``), a variable that is 1 while the claim holds."""
    p = encoding.program
    remains: dict[str, int] = {}
    for claim in claims:
        blockers = list(excluded_by.get(claim.id, []))
        if droppable:
            assumption = Assumption("claim", claim.id, costs.of_claim(claim), claim=claim)
            blockers.append(_assume(encoding, assumption, with_costs))
        if not blockers:
            continue
        r = remains[claim.id] = p.var()
        for b in blockers:
            p.row([(r, 1), (b, 1)], 0, 1)  # r <= 1 - b
        p.row([(r, 1)] + [(b, 1) for b in blockers], 1, float("inf"))  # r >= 1 - sum(b)
    return remains


def _components(nodes: Sequence[str], edges: Iterable[Edge]) -> dict[str, int]:
    """Each node's strongly connected component, by number."""
    successors: dict[str, list[str]] = {}
    for edge in edges:
        successors.setdefault(edge.source, []).append(edge.target)
    component: dict[str, int] = {}
    for number, members in enumerate(strongly_connected_components(nodes, successors)):
        for member in members:
            component[member] = number
    return component


def _fixed_value(p: _Program, sign: Sign) -> tuple[int, int]:
    """The ``plus`` and ``minus`` variables of a node whose value is given."""
    return (
        p.var(float(sign is Sign.PLUS), float(sign is Sign.PLUS)),
        p.var(float(sign is Sign.MINUS), float(sign is Sign.MINUS)),
    )


def _node_values(
    encoding: _Encoding,
    graph: MechanismGraph,
    clamped: Mapping[str, Sign],
    observed: Mapping[str, Sign],
    looped: set[str],
    branches: set[str],
    costs: Costs,
    with_costs: bool,
) -> tuple[dict[str, int], dict[str, int]]:
    """Each node's ``plus`` and ``minus`` variables (at most one of them 1, both 0 when
    the node is taken inactive); the variables of the nodes that may be taken inactive
    (``branches``) and the levels of the nodes in loops."""
    p, plus, minus = encoding.program, encoding.plus, encoding.minus
    inactive: dict[str, int] = {}
    level: dict[str, int] = {}
    big = len(encoding.nodes) + 1
    for node in encoding.nodes:
        if node in clamped:
            plus[node], minus[node] = _fixed_value(p, clamped[node])
            continue
        if node in observed:
            plus[node], minus[node] = _fixed_value(p, observed[node])
        else:
            plus[node], minus[node] = p.var(), p.var()
        if node in looped:
            level[node] = p.var(0.0, float(big), integer=False)
        terms = [(plus[node], 1), (minus[node], 1)]
        if node in branches:
            assumption = Assumption("branch", graph.label(node), costs.branch, node=node)
            var = inactive[node] = _assume(encoding, assumption, with_costs)
            terms.append((var, 1))
        p.row(terms, 0, 1)
    return inactive, level


def _influences(
    encoding: _Encoding,
    edges: Sequence[Edge],
    context: Mapping[str, str],
    remains: Mapping[str, int],
    component: Mapping[str, int],
    level: Mapping[str, int],
) -> dict[str, list[tuple[int, int, int, int]]]:
    """Per edge whether it is live, the signs it brings and whether it supports its
    target's value (in a loop, from a lower level); per node, the ``(f_plus, f_minus,
    q_plus, q_minus)`` variables of its incoming edges."""
    p, plus, minus = encoding.program, encoding.plus, encoding.minus
    big = len(encoding.nodes) + 1
    incoming: dict[str, list[tuple[int, int, int, int]]] = {}
    for edge in edges:
        u, v = edge.source, edge.target
        found = [remains.get(c.id) for c in edge.applicable_claims(context)]
        claim_vars = [r for r in found if r is not None]
        if edge.structural or len(claim_vars) < len(found):
            live = None  # always live: structural, or a claim that no assumption can remove
        else:
            live = p.var()
            for r in claim_vars:
                p.row([(live, 1), (r, -1)], 0, float("inf"))  # live >= r
            p.row([(live, 1)] + [(r, -1) for r in claim_vars], float("-inf"), 0)
        same, flipped = (plus[u], minus[u]) if edge.sign is Sign.PLUS else (minus[u], plus[u])
        if live is None:
            f_plus, f_minus = same, flipped
        else:
            f_plus, f_minus = p.var(), p.var()
            _and(p, f_plus, live, same)
            _and(p, f_minus, live, flipped)
        q_plus, q_minus = p.var(), p.var()
        p.row([(q_plus, 1), (f_plus, -1)], float("-inf"), 0)
        p.row([(q_plus, 1), (plus[v], -1)], float("-inf"), 0)
        p.row([(q_minus, 1), (f_minus, -1)], float("-inf"), 0)
        p.row([(q_minus, 1), (minus[v], -1)], float("-inf"), 0)
        if component[u] == component[v] and v in level:
            # level[v] >= level[u] + 1 - big * (1 - q_plus - q_minus)
            p.row(
                [(level[v], 1), (level[u], -1), (q_plus, -big), (q_minus, -big)],
                1 - big,
                float("inf"),
            )
        incoming.setdefault(v, []).append((f_plus, f_minus, q_plus, q_minus))
    return incoming


def _explanations(
    encoding: _Encoding,
    clamped: Mapping[str, Sign],
    incoming: Mapping[str, list[tuple[int, int, int, int]]],
    inactive: Mapping[str, int],
    zero: str,
) -> None:
    """A change of a node other than an intervention is explained by a supporting edge;
    an unchanged, active node receives no influence (``zero`` strict) or both signs
    (cancel)."""
    p, plus, minus = encoding.program, encoding.plus, encoding.minus
    for node in encoding.nodes:
        if node in clamped:
            continue
        ins = incoming.get(node, [])
        p.row([(plus[node], 1)] + [(q, -1) for _, _, q, _ in ins], float("-inf"), 0)
        p.row([(minus[node], 1)] + [(q, -1) for _, _, _, q in ins], float("-inf"), 0)
        changed = [(plus[node], -1), (minus[node], -1)]
        if node in inactive:
            changed.append((inactive[node], -1))
        for f_plus, f_minus, _, _ in ins:
            for f, other in ((f_plus, 1), (f_minus, 0)):
                terms = [(f, 1)] + changed
                if zero == "cancel":
                    terms += [(g[other], -1) for g in ins]
                p.row(terms, float("-inf"), 0)


# -- the public entry point ------------------------------------------------------------------


def restricted_graph(
    graph: MechanismGraph, dropped: Iterable[str] = (), inactive: Iterable[str] = ()
) -> MechanismGraph:
    """A copy of ``graph`` without the dropped claims (ids) and the out-edges of inactive
    nodes (an edge whose claims are all dropped disappears)."""
    dropped, inactive = set(dropped), set(inactive)
    copy = MechanismGraph(graph.kb)
    for node in graph.nodes():
        copy.successors.setdefault(node, [])
        if node in inactive:
            continue
        for edge in graph.out_edges(node):
            if edge.claims and dropped & {c.id for c in edge.claims}:
                kept = tuple(c for c in edge.claims if c.id not in dropped)
                if not kept:
                    continue
                edge = Edge(
                    edge.source,
                    edge.target,
                    edge.sign,
                    edge.relation,
                    kept,
                    edge.origin,
                    edge.origin_evidence,
                )
            copy.add(edge)
    return copy


def _context_values(graph: MechanismGraph) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for key, value in graph.kb.contexts:
        values.setdefault(key, []).append(value)
    return values


def _reason(answer: Abduction, observation: Observation) -> str:
    """Why one observation alone cannot be explained (a graph may name its sources and
    signs otherwise: ``sources_text``, ``sign_words``, as a difference of arms does)."""
    graph = answer.graph
    label = graph.label(observation.node)
    sources = getattr(graph, "sources_text", "the interventions")
    words = getattr(graph, "sign_words", {})

    def word(sign: Sign) -> str:
        return words.get(sign, sign.value)

    clamped = {i.node: i.sign for i in answer.interventions}
    if observation.node in clamped:
        return (
            f"{label} is an intervention ({clamped[observation.node].value}); it cannot be "
            f"observed as {observation.sign.value}"
        )
    result = propagate_any(graph, answer.interventions, answer.context, paths_per_sign=1)
    signs = result.signs(observation.node)
    if not signs:
        return f"no path from {sources} reaches {label}, so it cannot change"
    if observation.sign is Sign.NONE:
        return (
            f"no allowed assumption ({', '.join(answer.kinds) or 'none'}) cuts every path from "
            f"{sources} to {label} (composition and class membership links cannot be cut), "
            f"so it cannot stay {word(Sign.NONE) if words else 'unchanged'}"
        )
    have = "/".join(word(s) for s in sorted(signs))
    return f"every path from {sources} brings {have} to {label}, never {word(observation.sign)}"


def abduce(
    graph: MechanismGraph,
    interventions: Sequence[Intervention],
    observations: Sequence[Observation],
    context: Mapping[str, str] | None = None,
    *,
    kinds: Sequence[str] = KINDS,
    costs: Costs | None = None,
    zero: str = "strict",
    top: int = 5,
    readouts: Sequence[str] | None = None,
    time_limit: float | None = 60.0,
) -> Abduction:
    """The ``top`` cheapest subset-minimal assumption sets that explain the observations.

    ``readouts`` (default: the knowledge base's readouts) are the nodes whose predicted sign is
    reported with each hypothesis, besides the observed nodes. ``time_limit`` (seconds, None:
    none) bounds the whole search: when it passes, the hypotheses proved so far are returned
    with ``complete`` False (each is still a cheapest minimal set among those not listed
    before it).
    """
    import time

    context = dict(context or {})
    costs = costs or Costs()
    kinds = _checked_kinds(kinds, zero, costs)
    interventions = tuple(interventions)
    observations = tuple(observations)
    answer = Abduction(graph, interventions, observations, context, zero, kinds)
    if readouts is None:
        readouts = list(graph.kb.readouts)
    import scipy.optimize  # noqa: F401  (imported before the clock starts: ~1 s the first time)

    started = time.perf_counter()
    deadline = None if time_limit is None else started + time_limit
    values = _context_values(graph)

    def encode(obs: Sequence[Observation], with_costs: bool = True) -> _Encoding:
        return _encode(graph, interventions, obs, context, values, kinds, costs, zero, with_costs)

    # observations no path can change are settled before the program
    clamped = {i.node: i.sign for i in interventions}
    settled = [o for o in observations if o.node in clamped and clamped[o.node] is not o.sign]
    if settled:
        return _conflict_of_one(answer, settled[0])
    encoding = encode(observations)
    answer.stats = {
        "nodes": len(encoding.nodes),
        "variables": len(encoding.program.lb),
        "constraints": len(encoding.program.rows),
        "assumption_variables": len(encoding.assumptions),
    }
    unreached = [o for o in observations if o.sign is not Sign.NONE and o.node not in encoding.plus]
    if unreached:
        return _conflict_of_one(answer, unreached[0])
    answer.stats["solves"] = _cheapest_sets(answer, encoding, top, deadline, time_limit)
    answer.stats["seconds"] = round(time.perf_counter() - started, 4)
    if not answer.hypotheses:
        if answer.complete:
            _explain_conflict(answer, lambda obs: encode(obs, False), deadline, time_limit)
        return answer
    _complete(answer, readouts)
    return answer


def _checked_kinds(kinds: Sequence[str], zero: str, costs: Costs) -> tuple[str, ...]:
    """The assumption kinds in their canonical order; ValueError for an unknown kind, zero
    mode or a cost below 1."""
    if zero not in ZERO_MODES:
        raise ValueError(f"zero must be one of {', '.join(ZERO_MODES)}")
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        raise ValueError(f"unknown assumption kind {bad[0]!r} (known: {', '.join(KINDS)})")
    if any(v < 1 for v in (costs.context, costs.branch, *costs.claim.values())):
        raise ValueError("assumption costs must be positive integers")
    return tuple(k for k in KINDS if k in kinds)


def _conflict_of_one(answer: Abduction, observation: Observation) -> Abduction:
    """The answer for an observation that no assumption can make hold."""
    answer.conflict = (observation,)
    answer.reason = _reason(answer, observation)
    return answer


def _cheapest_sets(
    answer: Abduction,
    encoding: _Encoding,
    top: int,
    deadline: float | None,
    time_limit: float | None,
) -> int:
    """Add to ``answer`` the ``top`` cheapest subset-minimal assumption sets, each found set
    cut off before the next solve; the number of solves."""
    chosen_vars = sorted(encoding.assumptions)
    cuts: list[tuple[list[int], list[float], float, float]] = []
    while len(answer.hypotheses) < top:
        try:
            solution = encoding.program.solve(cuts, deadline)
        except SolverTimeout:
            answer.complete = False
            answer.reason = f"the solver stopped at the time limit ({time_limit:g} s)"
            break
        if solution is None:
            break
        chosen = [v for v in chosen_vars if solution[v] > 0.5]
        assumptions = tuple(
            sorted((encoding.assumptions[v] for v in chosen), key=Assumption.sort_key)
        )
        answer.hypotheses.append(Hypothesis(assumptions, sum(a.cost for a in assumptions)))
        if not chosen:
            break
        cuts.append((chosen, [1.0] * len(chosen), float("-inf"), len(chosen) - 1.0))
    return len(cuts) + 1


def _explain_conflict(
    answer: Abduction,
    encode: Callable[[Sequence[Observation]], _Encoding],
    deadline: float | None,
    time_limit: float | None,
) -> None:
    """Set the answer's conflict (a minimal set of observations no assumptions reconcile)
    and its reason."""
    try:
        answer.conflict = _minimal_conflict(answer.observations, encode, deadline)
    except SolverTimeout:
        answer.conflict = answer.observations
        answer.complete = False
        answer.reason = (
            "these observations cannot hold together under any assumptions (the search "
            f"for a smaller conflicting subset stopped at the time limit, {time_limit:g} s)"
        )
        return
    if len(answer.conflict) == 1:
        answer.reason = _reason(answer, answer.conflict[0])
    else:
        answer.reason = "these observations cannot hold together under any assumptions: " + (
            ", ".join(f"{answer.graph.label(o.node)}={o.sign.value}" for o in answer.conflict)
        )


def _complete(answer: Abduction, readouts: Sequence[str]) -> None:
    """Rank the hypotheses found, add what each predicts for the observed nodes and
    ``readouts``, and the null results and comparisons on record that bear on them."""
    graph = answer.graph
    answer.hypotheses.sort(
        key=lambda h: (h.cost, len(h.assumptions), [a.name for a in h.assumptions])
    )
    shown = list(dict.fromkeys([o.node for o in answer.observations] + list(readouts)))
    answer.hypotheses = [
        Hypothesis(h.assumptions, h.cost, _predict(answer, h, shown)) for h in answer.hypotheses
    ]
    answer.null_results = _null_results(answer)
    observed = {o.node for o in answer.observations}
    given = [i.node for i in answer.interventions if i.sign is Sign.PLUS]
    answer.comparisons = [
        c for c in comparisons_on_record(graph.kb, given, answer.context) if c.object in observed
    ]


def _minimal_conflict(
    observations: Sequence[Observation],
    encode: Callable[[Sequence[Observation]], _Encoding],
    deadline: float | None = None,
) -> tuple[Observation, ...]:
    """A subset-minimal set of observations that no assumptions can reconcile (deletion
    filter: drop each observation in turn while the rest stays inconsistent)."""
    core = list(observations)
    for obs in list(observations):
        trial = [o for o in core if o != obs]
        if encode(trial).program.solve(deadline=deadline) is None:
            core = trial
    return tuple(core)


def _predict(answer: Abduction, hypothesis: Hypothesis, nodes: Sequence[str]) -> dict[str, Sign]:
    """The engine's sign of ``nodes`` once the hypothesis's assumptions hold."""
    restricted = restricted_graph(
        answer.graph, (c.id for c in hypothesis.dropped_claims), hypothesis.inactive
    )
    query = dict(answer.context)
    for key, values in hypothesis.context.items():  # equivalent values: the first stands for all
        query[key] = values[0]
    result = propagate_any(restricted, answer.interventions, query, paths_per_sign=1)
    predicted: dict[str, Sign] = {}
    for node in nodes:
        predicted[node] = Sign.NONE if node in hypothesis.inactive else result.sign(node)
    return predicted


def _null_results(answer: Abduction) -> list[Claim]:
    """Curated null results (absolute ``no_effect`` claims) on nodes observed unchanged, from
    subjects the interventions are or belong to (direct agreement with the observation)."""
    kb = answer.graph.kb
    zero = {o.node for o in answer.observations if o.sign is Sign.NONE}
    given = [i.node for i in answer.interventions if i.sign is Sign.PLUS]
    return [
        c
        for c in kb.claims
        if c.sign is Sign.NONE
        and not c.comparative
        and c.object in zero
        and c.applies_in(answer.context)
        and any(kb.is_a(g, c.subject) or g == c.subject for g in given)
    ]
