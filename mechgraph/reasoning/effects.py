"""The answer to "what does this combination do to each step of the cycle, and why".

>>> from mechgraph import load_kb
>>> answer = effect(load_kb(), ["Abraxane", "atezolizumab"])
>>> [i.id for i in answer.interventions]
['abraxane', 'atezolizumab']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mechgraph.graph.compile import compile_kb
from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import Readout
from mechgraph.model.resolve import NameIndex
from mechgraph.model.vocab import CONTEXT_KEYS, Sign
from mechgraph.reasoning.propagate import (
    DEFAULT_PATHS,
    Feedback,
    Intervention,
    Path,
    Propagation,
    propagate,
)


class QueryError(ValueError):
    """A query that cannot be answered as asked (e.g. an unknown context key)."""


@dataclass(frozen=True)
class ResolvedIntervention:
    """An intervention as the user named it and as the knowledge base knows it."""

    query: str
    id: str
    label: str
    sign: Sign = Sign.PLUS


@dataclass(frozen=True)
class ReadoutEffect:
    """The net effect on one cycle step, stage or outcome, with the paths behind it."""

    readout: Readout
    label: str
    sign: Sign
    paths: dict[Sign, list[Path]]
    feedback: list[Feedback]

    @property
    def verdict(self) -> str:
        """favourable / unfavourable / contested / unchanged, from the desirable sign."""
        if self.sign is Sign.NONE:
            return "unchanged"
        if self.sign is Sign.AMBIGUOUS:
            return "contested"
        return "favourable" if self.sign is self.readout.desirable else "unfavourable"

    def strength(self, sign: Sign) -> float:
        paths = self.paths.get(sign, [])
        return paths[0].strength if paths else 0.0

    @property
    def leaning(self) -> tuple[Sign, float] | None:
        """For a contested readout: the side with the stronger best path, and by how much."""
        if self.sign is not Sign.AMBIGUOUS:
            return None
        plus, minus = self.strength(Sign.PLUS), self.strength(Sign.MINUS)
        if plus == minus:
            return (Sign.AMBIGUOUS, 0.0)
        return (Sign.PLUS, plus - minus) if plus > minus else (Sign.MINUS, minus - plus)


@dataclass(frozen=True)
class Contradiction:
    """Something a clinician should weigh: a trade-off or conflicting claims."""

    kind: str  # "trade-off" or "conflicting-claims"
    node: str
    node_label: str
    summary: str
    pivot: str | None = None
    sides: dict[Sign, list[Path]] = field(default_factory=dict)
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class EffectResult:
    """Answer to :func:`effect`: per-readout effects and contradictions."""

    interventions: tuple[ResolvedIntervention, ...]
    context: dict[str, str]
    effects: tuple[ReadoutEffect, ...]
    contradictions: tuple[Contradiction, ...]
    propagation: Propagation

    def to_dict(self) -> dict:
        """The JSON contract of ``mechgraph effect --json`` (see README)."""
        from mechgraph.reasoning.serialize import effect_to_dict

        return effect_to_dict(self)

    def effect_on(self, readout_id: str) -> ReadoutEffect:
        for item in self.effects:
            if item.readout.id == readout_id:
                return item
        raise KeyError(readout_id)


def _labels(graph: MechanismGraph, path: Path) -> str:
    return " -> ".join(graph.label(node) for node in path.nodes)


def _pivot(first: Path, second: Path) -> str | None:
    """The node where two paths from the same intervention part ways (None if they start
    from different interventions)."""
    if first.start != second.start:
        return None
    for a, b in zip(first.edges, second.edges, strict=False):
        if a is not b:
            return a.source
    return first.start


def _trade_off(graph: MechanismGraph, effect: ReadoutEffect) -> Contradiction:
    plus, minus = effect.paths[Sign.PLUS][0], effect.paths[Sign.MINUS][0]
    pivot = _pivot(plus, minus)
    leaning = effect.leaning
    lean_text = (
        "the two sides are equally supported"
        if leaning is None or leaning[0] is Sign.AMBIGUOUS
        else f"the evidence leans {leaning[0].value} by {leaning[1]:.2f}"
    )
    where = f"from {graph.label(pivot)}" if pivot else "from different interventions"
    summary = (
        f"{effect.label} is pulled both ways {where}: up via {_labels(graph, plus)}, "
        f"down via {_labels(graph, minus)}; {lean_text}."
    )
    return Contradiction(
        "trade-off",
        effect.readout.id,
        effect.label,
        summary,
        pivot,
        {Sign.PLUS: effect.paths[Sign.PLUS], Sign.MINUS: effect.paths[Sign.MINUS]},
    )


def _conflicting_claims(graph: MechanismGraph, propagation: Propagation) -> list[Contradiction]:
    """Pairs reached by the query that carry applicable claims of both signs."""
    by_pair: dict[tuple[str, str], list[Edge]] = {}
    for node in propagation.best:
        for edge in graph.out_edges(node):
            if not edge.structural and edge.applicable_claims(propagation.context):
                by_pair.setdefault((edge.source, edge.target), []).append(edge)
    found = []
    for (source, target), edges in sorted(by_pair.items()):
        if len({edge.sign for edge in edges}) < 2:
            continue
        ids = tuple(c.id for e in edges for c in e.applicable_claims(propagation.context))
        up = [c.id for e in edges if e.sign is Sign.PLUS for c in e.claims]
        down = [c.id for e in edges if e.sign is Sign.MINUS for c in e.claims]
        summary = (
            f"Curated claims disagree on how {graph.label(source)} acts on "
            f"{graph.label(target)}: increases ({', '.join(up)}) vs decreases "
            f"({', '.join(down)}) in compatible contexts."
        )
        found.append(
            Contradiction(
                "conflicting-claims",
                target,
                graph.label(target),
                summary,
                source,
                claims=ids,
            )
        )
    return found


def check_context(kb: KnowledgeBase, context: Mapping[str, str]) -> dict[str, str]:
    """Validate a query context against the knowledge base's vocabulary."""
    checked = {}
    for key, value in context.items():
        if key not in CONTEXT_KEYS:
            raise QueryError(f"unknown context key '{key}' (known: {', '.join(CONTEXT_KEYS)})")
        if (key, value) not in kb.contexts:
            allowed = ", ".join(v for k, v in kb.contexts if k == key)
            raise QueryError(f"unknown value '{value}' for '{key}' (known: {allowed})")
        checked[key] = value
    return checked


def effect(
    kb: KnowledgeBase,
    agents: Sequence[str],
    context: Mapping[str, str] | None = None,
    *,
    inhibit: Iterable[str] = (),
    graph: MechanismGraph | None = None,
    index: NameIndex | None = None,
    paths_per_sign: int = DEFAULT_PATHS,
) -> EffectResult:
    """The net effect of giving ``agents`` (and inhibiting ``inhibit``) on every readout.

    Names are resolved by id, label, synonym or brand name; an unknown name raises
    :class:`~mechgraph.model.resolve.UnknownNameError` with suggestions.
    """
    index = index or NameIndex(kb)
    graph = graph or compile_kb(kb)
    context = check_context(kb, context or {})
    resolved = [ResolvedIntervention(q, (c := index.resolve(q)).id, c.label) for q in agents]
    resolved += [
        ResolvedIntervention(q, (c := index.resolve(q)).id, c.label, Sign.MINUS) for q in inhibit
    ]
    if not resolved:
        raise QueryError("give at least one agent")
    propagation = propagate(
        graph, [Intervention(r.id, r.sign) for r in resolved], context, paths_per_sign
    )
    effects = []
    for readout in kb.readouts.values():
        paths = {s: propagation.paths(readout.id, s) for s in (Sign.PLUS, Sign.MINUS)}
        on_paths = {node for ps in paths.values() for p in ps for node in p.nodes}
        feedback = [f for f in propagation.feedback if f.edge.target in on_paths]
        effects.append(
            ReadoutEffect(
                readout, kb.label(readout.id), propagation.sign(readout.id), paths, feedback
            )
        )
    effects.sort(
        key=lambda e: ({"stage": 0, "step": 1, "outcome": 2}[e.readout.kind.value], e.readout.order)
    )
    contradictions = [_trade_off(graph, e) for e in effects if e.sign is Sign.AMBIGUOUS]
    contradictions += _conflicting_claims(graph, propagation)
    return EffectResult(
        tuple(resolved), context, tuple(effects), tuple(contradictions), propagation
    )
