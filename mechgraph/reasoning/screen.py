"""Screening: every combination of agents ranked by a transparent score over the readouts.

Score of a combination = sum over the scored readouts (cycle steps and outcomes) of the
strength of the favourable sign where the verdict is *favourable*, minus the strength of the
unfavourable sign where it is *unfavourable*; the verdicts are those of ``mechgraph effect``
(the verdict rule of :mod:`.verdict`: a sign below the strength floor does not count, a
dominant sign decides). Contested (``?``) readouts add nothing to the score but count as
contradictions (trade-offs), together with the named rules (``rules/``) the combination
matches. Rows are ranked by score, then by fewer contradictions, then by name.

Speed: what can be computed once per agent is. Each agent is propagated alone once (array
engine); a combination's signs and strengths are then the per-readout maximum over its
agents (*superposition*). Superposition is exactly the engine's answer when no agent of the
combination reaches another (interventions are clamped) and every loop that several agents
reach is entered by them at the same nodes (the feedback edges are then the same); both are
checked per combination from per-agent data (the agents' reach, and per loop its entry
nodes). Other combinations are recomputed with the engine when ``exact`` is true (by default
on graphs the size of a curated knowledge base), or flagged ``exact: false`` otherwise.

>>> from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
>>> from mechgraph.model.kb import KnowledgeBase
>>> from mechgraph.model.records import Readout
>>> from mechgraph.model.vocab import ReadoutKind
>>> g = MechanismGraph(KnowledgeBase())
>>> g.add(Edge("a", "r", Sign.PLUS, "x")); g.add(Edge("b", "r", Sign.MINUS, "x"))
>>> g.add(Edge("c", "r", Sign.PLUS, "x"))
>>> r = Readout("r", ReadoutKind.OUTCOME, 1, Sign.PLUS)
>>> out = screen_combinations(g, [("a", "b"), ("a", "c")], [r])
>>> [(row.agents, row.score, row.contested) for row in out.rows]
[(('a', 'c'), 1.0, 0), (('a', 'b'), 0.0, 1)]
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from mechgraph.graph.mechanism_graph import MechanismGraph
from mechgraph.kb.rules import Rule
from mechgraph.model.records import Readout
from mechgraph.model.vocab import Sign
from mechgraph.reasoning.propagate import FAST_ENGINE_EDGES, Intervention
from mechgraph.reasoning.verdict import above_floor, decide_arrays, verdict_word

if TYPE_CHECKING:
    import numpy as np

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass(frozen=True, kw_only=True)
class RankedRow:
    """A screened combination: its agents, their labels, its score and how many readouts
    count for and against it."""

    agents: tuple[str, ...]
    labels: tuple[str, ...]
    score: float
    favourable: int
    unfavourable: int

    @property
    def name(self) -> str:
        return " + ".join(self.labels)

    def summary(self, rank: int, baseline: Sequence[str] | None = None) -> dict[str, object]:
        """The JSON fields of every screen's row: its rank, agents and labels, the
        ``baseline`` it is compared with (if any), its score and counts."""
        head: dict[str, object] = {
            "rank": rank,
            "agents": list(self.agents),
            "labels": list(self.labels),
        }
        if baseline is not None:
            head["baseline"] = list(baseline)
        return {
            **head,
            "score": round(self.score, 4),
            "favourable": self.favourable,
            "unfavourable": self.unfavourable,
        }


R = TypeVar("R", bound=RankedRow)


@dataclass
class RankedRows(Generic[R]):
    """A screen's answer: its rows, ranked best first, over the readouts scored."""

    graph: MechanismGraph = field(repr=False)
    readouts: tuple[Readout, ...]
    rows: list[R]
    context: dict[str, str]

    def top(self, n: int | None) -> list[R]:
        """The ``n`` best rows (all of them when ``n`` is 0 or None)."""
        return self.rows if not n else self.rows[:n]


@dataclass(frozen=True, kw_only=True)
class ScreenRow(RankedRow):
    """One combination: its per-readout signs, verdicts and strengths, and its score."""

    signs: tuple[Sign, ...]
    verdicts: tuple[str, ...]
    plus: tuple[float, ...]
    minus: tuple[float, ...]
    contested: int
    rules: tuple[str, ...]
    exact: bool

    @property
    def contradictions(self) -> int:
        """Trade-offs (contested readouts) plus named rules matched."""
        return self.contested + len(self.rules)


@dataclass
class ScreenResult(RankedRows[ScreenRow]):
    """The answer of :func:`screen_combinations`: rows ranked best first."""

    exact: bool
    stats: dict[str, float | int] = field(default_factory=dict)

    def to_dict(self, top: int | None = None) -> dict:
        graph = self.graph
        return {
            "context": dict(self.context),
            "exact_mode": self.exact,
            "score": "sum of favourable strengths minus sum of unfavourable strengths over "
            "the readouts; contested readouts count as contradictions",
            "readouts": [
                {
                    "id": r.id,
                    "label": graph.label(r.id),
                    "kind": r.kind.value,
                    "desirable": r.desirable.value,
                }
                for r in self.readouts
            ],
            "combinations": len(self.rows),
            "rows": [
                {
                    **row.summary(rank),
                    "contested": row.contested,
                    "rules": list(row.rules),
                    "contradictions": row.contradictions,
                    "exact": row.exact,
                    "readouts": {
                        r.id: {
                            "sign": s.value,
                            "verdict": v,
                            "strength": {"+": round(p, 4), "-": round(m, 4)},
                        }
                        for r, s, v, p, m in zip(
                            self.readouts, row.signs, row.verdicts, row.plus, row.minus, strict=True
                        )
                    },
                }
                for rank, row in enumerate(self.top(top), start=1)
            ],
            "stats": dict(self.stats),
        }

    def to_csv(self, top: int | None = None) -> str:
        """One line per combination: rank, agents, score, counts, then sign per readout."""
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["rank", "combination", "agents", "score", "favourable", "unfavourable", "contested"]
            + ["rules", "exact"]
            + [r.id for r in self.readouts]
        )
        for rank, row in enumerate(self.top(top), start=1):
            writer.writerow(
                [rank, row.name, "|".join(row.agents), f"{row.score:.4f}", row.favourable]
                + [row.unfavourable, row.contested, "|".join(row.rules), str(row.exact).lower()]
                + [s.value for s in row.signs]
            )
        return out.getvalue()


def verdict(sign: Sign, desirable: Sign) -> str:
    """favourable / unfavourable / contested / unchanged / reached (no polarity)."""
    return verdict_word(sign, desirable)


def _strength(distance):
    """Path strength from the array engine's distances, to 6 decimals (the engine adds 1e-9
    per edge to its costs; rounding keeps equal strengths equal)."""
    import numpy as np

    return np.round(np.exp(-distance), 6)


@dataclass
class _Profile:
    """What one agent does alone: strengths at the tracked nodes, reach, loop entries."""

    plus: np.ndarray  # over tracked nodes
    minus: np.ndarray
    reached: np.ndarray  # boolean mask over graph nodes
    loops: dict[int, tuple[int, ...]]  # loop (its smallest node index) -> its entry nodes


def _profile(arrays, agent: str, tracked, context, weights) -> _Profile:
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    from mechgraph.reasoning.fast import propagate_fast

    n = arrays.size
    result = propagate_fast(arrays, [Intervention(agent)], context, paths_per_sign=1)
    distance = result._distances()
    plus = _strength(distance[tracked])
    minus = _strength(distance[n + tracked])
    reached = np.isfinite(distance[:n]) | np.isfinite(distance[n : 2 * n])
    a = arrays.index[agent]
    usable = (weights > 0) & (arrays.dst != a) & reached[arrays.src]
    src, dst = arrays.src[usable], arrays.dst[usable]
    loops: dict[int, tuple[int, ...]] = {}
    if len(src):
        graph = csr_matrix((np.ones(len(src)), (src, dst)), shape=(n, n))
        _, label = connected_components(graph, directed=True, connection="strong")
        sizes = np.bincount(label, minlength=n)
        looped = sizes > 1
        looped[label[src[src == dst]]] = True
        inside = looped[label]
        if inside.any():
            # smallest node of each loop names it
            first = np.full(label.max() + 1, n, dtype=np.int64)
            nodes = np.flatnonzero(inside & reached)
            np.minimum.at(first, label[nodes], nodes)
            entering = (label[src] != label[dst]) & inside[dst]
            entries = set(dst[entering].tolist())
            if inside[a]:
                entries.add(a)
            by_loop: dict[int, list[int]] = {}
            for node in sorted(entries):
                by_loop.setdefault(int(first[label[node]]), []).append(node)
            loops = {key: tuple(v) for key, v in by_loop.items()}
    return _Profile(plus, minus, reached, loops)


def _separable(members: Sequence[tuple[_Profile, int]]) -> bool:
    """True when superposing the agents' profiles is exactly the engine's answer: no agent
    reaches another, and loops reached by several agents have the same entries for each."""
    for i, (a, a_node) in enumerate(members):
        for b, b_node in members[i + 1 :]:
            if a.reached[b_node] or b.reached[a_node]:
                return False
            for key in a.loops.keys() & b.loops.keys():
                if a.loops[key] != b.loops[key]:
                    return False
    return True


def screen_combinations(
    graph: MechanismGraph,
    combinations: Iterable[Sequence[str]],
    readouts: Sequence[Readout],
    context: Mapping[str, str] | None = None,
    *,
    rules: Sequence[Rule] = (),
    exact: bool | None = None,
    progress: Progress | None = None,
) -> ScreenResult:
    """Rank ``combinations`` (tuples of node ids) by their score over ``readouts``.

    ``exact``: recompute non-superposable combinations with the engine (None: only when
    the graph has at most FAST_ENGINE_EDGES edges). ``progress(phase, done, total)`` is
    called as agents are profiled and combinations recomputed.
    """
    import numpy as np

    from mechgraph.reasoning.fast import propagate_fast

    context = dict(context or {})
    combos = [tuple(dict.fromkeys(c)) for c in combinations]
    combos = list(dict.fromkeys(tuple(sorted(c)) for c in combos))
    if exact is None:
        exact = graph.edge_count() <= FAST_ENGINE_EDGES
    started = time.perf_counter()
    arrays = graph.arrays()
    readout_ids = [r.id for r in readouts]
    rule_nodes = [c.node for rule in rules for c in rule.conditions if c.predicate != "given"]
    tracked_ids = list(dict.fromkeys(readout_ids + rule_nodes))
    present = [t for t in tracked_ids if t in arrays.index]
    position = {t: k for k, t in enumerate(present)}
    tracked = np.array([arrays.index[t] for t in present], dtype=np.int64)
    agents = sorted({a for c in combos for a in c})
    missing = [a for a in agents if a not in arrays.index]
    if missing:
        raise KeyError(f"not in the graph: {', '.join(missing)}")
    weights = arrays.weights_in(context)
    profiles: dict[str, _Profile] = {}
    for done, agent in enumerate(agents, start=1):
        profiles[agent] = _profile(arrays, agent, tracked, context, weights)
        if progress:
            progress("agents", done, len(agents))
    profiled = time.perf_counter()

    # superposition for every combination at once
    size = max((len(c) for c in combos), default=0)
    agent_pos = {a: k for k, a in enumerate(agents)}
    plus_table = np.stack([profiles[a].plus for a in agents]) if agents else np.zeros((0, 0))
    minus_table = np.stack([profiles[a].minus for a in agents]) if agents else np.zeros((0, 0))
    plus = np.zeros((len(combos), len(present)))
    minus = np.zeros((len(combos), len(present)))
    for width in range(1, size + 1):
        of_width = [k for k, c in enumerate(combos) if len(c) == width]
        if not of_width:
            continue
        members = np.array([[agent_pos[a] for a in combos[k]] for k in of_width])
        plus[of_width] = plus_table[members].max(axis=1)
        minus[of_width] = minus_table[members].max(axis=1)
    exact_flags = [_separable([(profiles[a], arrays.index[a]) for a in c]) for c in combos]
    separable = sum(exact_flags)
    combined = time.perf_counter()

    recompute = [k for k, flag in enumerate(exact_flags) if not flag] if exact else []
    for done, k in enumerate(recompute, start=1):
        result = propagate_fast(
            arrays, [Intervention(a) for a in combos[k]], context, paths_per_sign=1
        )
        distance = result._distances()
        plus[k] = _strength(distance[tracked])
        minus[k] = _strength(distance[arrays.size + tracked])
        exact_flags[k] = True
        if progress:
            progress("combinations", done, len(recompute))
    recomputed = time.perf_counter()

    rows = _rows(graph, combos, readouts, position, plus, minus, exact_flags, rules, context)
    rows.sort(key=lambda r: (-round(r.score, 6), r.contradictions, r.labels))
    stats = {
        "agents": len(agents),
        "combinations": len(combos),
        "readouts": len(readouts),
        "superposable": separable,
        "recomputed": len(recompute),
        "approximate": sum(1 for f in exact_flags if not f),
        "seconds_profiles": round(profiled - started, 4),
        "seconds_combine": round(combined - profiled, 4),
        "seconds_recompute": round(recomputed - combined, 4),
        "seconds_total": round(time.perf_counter() - started, 4),
    }
    return ScreenResult(graph, tuple(readouts), rows, context, bool(exact), stats)


def _rows(
    graph, combos, readouts, position, plus, minus, exact_flags, rules, context=None
) -> list[ScreenRow]:
    import numpy as np

    kb = graph.kb
    n_read = len(readouts)
    cols = [position.get(r.id) for r in readouts]
    p = np.zeros((len(combos), n_read))
    m = np.zeros((len(combos), n_read))
    for j, col in enumerate(cols):
        if col is not None:
            p[:, j] = plus[:, col]
            m[:, j] = minus[:, col]
    decided = decide_arrays(p, m)  # +1, -1, 0, 2 (?)
    desirable = np.array(
        [
            1 if r.desirable is Sign.PLUS else -1 if r.desirable is Sign.MINUS else 0
            for r in readouts
        ]
    )
    good = np.where(desirable > 0, p, np.where(desirable < 0, m, 0.0))
    bad = np.where(desirable > 0, m, np.where(desirable < 0, p, 0.0))
    polar = desirable != 0
    fav = polar & (decided == desirable)
    unfav = polar & (decided == -desirable)
    scores = (np.where(fav, good, 0.0) - np.where(unfav, bad, 0.0)).sum(axis=1)
    contested = (decided == 2).sum(axis=1)
    n_fav, n_unfav = fav.sum(axis=1), unfav.sum(axis=1)
    sign_of = {1: Sign.PLUS, -1: Sign.MINUS, 2: Sign.AMBIGUOUS, 0: Sign.NONE}

    rows = []
    for k, combo in enumerate(combos):
        signs = tuple(sign_of[int(decided[k, j])] for j in range(n_read))
        matched = tuple(
            rule.id
            for rule in rules
            if _rule_holds(kb, rule, combo, position, plus[k], minus[k], context)
        )
        rows.append(
            ScreenRow(
                agents=combo,
                labels=tuple(graph.label(a) for a in combo),
                signs=signs,
                verdicts=tuple(
                    verdict(s, r.desirable) for s, r in zip(signs, readouts, strict=True)
                ),
                plus=tuple(float(x) for x in p[k]),
                minus=tuple(float(x) for x in m[k]),
                score=float(scores[k]),
                favourable=int(n_fav[k]),
                unfavourable=int(n_unfav[k]),
                contested=int(contested[k]),
                rules=matched,
                exact=bool(exact_flags[k]),
            )
        )
    return rows


def _rule_holds(kb, rule: Rule, combo, position, plus, minus, context=None) -> bool:
    """The rule's preconditions and conditions hold for the combination (same test as
    ``effect``)."""
    if not rule.applies(kb, combo, context):
        return False
    for condition in rule.conditions:
        if condition.predicate == "given":
            if not any(kb.is_a(a, condition.node) for a in combo):
                return False
            continue
        col = position.get(condition.node)
        if col is None:
            return False
        up, down = above_floor(plus[col]), above_floor(minus[col])
        ok = {"up": up, "down": down, "reached": up or down}[condition.predicate]
        if not ok:
            return False
    return True
