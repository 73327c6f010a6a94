"""Answers to "what does this combination do to each step of the cycle, why, and what could
go wrong": :func:`effect`, :func:`explain`, :func:`compare`.

>>> from mechgraph import load_kb
>>> answer = effect(load_kb(), ["Abraxane", "atezolizumab"])
>>> [i.id for i in answer.interventions]
['abraxane', 'atezolizumab']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from mechgraph.graph.compile import compile_kb
from mechgraph.graph.mechanism_graph import MechanismGraph
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import Readout
from mechgraph.model.resolve import NameIndex
from mechgraph.model.vocab import CONTEXT_KEYS, ReadoutKind, Sign
from mechgraph.reasoning.contradictions import (
    Contradiction,
    conflicting_claims,
    evidence_discordance,
    rule_matches,
    trade_off,
)
from mechgraph.reasoning.propagate import (
    DEFAULT_PATHS,
    Feedback,
    Intervention,
    Path,
    Propagation,
    propagate_any,
)
from mechgraph.sources.rules import Rule


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
    """The net effect on one node (a cycle stage, step, outcome or any --target node)."""

    readout: Readout
    label: str
    sign: Sign
    paths: dict[Sign, list[Path]]
    feedback: list[Feedback]

    @property
    def verdict(self) -> str:
        """favourable / unfavourable / contested / unchanged (``reached`` without polarity)."""
        if self.sign is Sign.NONE:
            return "unchanged"
        if self.sign is Sign.AMBIGUOUS:
            return "contested"
        if self.readout.desirable not in (Sign.PLUS, Sign.MINUS):
            return "reached"
        return "favourable" if self.sign is self.readout.desirable else "unfavourable"

    def strength(self, sign: Sign) -> float:
        paths = self.paths.get(sign, [])
        return paths[0].strength if paths else 0.0

    @property
    def leaning(self) -> tuple[Sign, float] | None:
        """For a contested node: the side with the stronger best path, and by how much."""
        if self.sign is not Sign.AMBIGUOUS:
            return None
        plus, minus = self.strength(Sign.PLUS), self.strength(Sign.MINUS)
        if plus == minus:
            return (Sign.AMBIGUOUS, 0.0)
        return (Sign.PLUS, plus - minus) if plus > minus else (Sign.MINUS, minus - plus)


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

    def effect_on(self, node_id: str) -> ReadoutEffect:
        for item in self.effects:
            if item.readout.id == node_id:
                return item
        raise KeyError(node_id)


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


def _node_effect(kb: KnowledgeBase, propagation: Propagation, readout: Readout) -> ReadoutEffect:
    paths = {s: propagation.paths(readout.id, s) for s in (Sign.PLUS, Sign.MINUS)}
    on_paths = {node for ps in paths.values() for p in ps for node in p.nodes}
    feedback = propagation.feedback_into(on_paths)
    return ReadoutEffect(
        readout, kb.label(readout.id), propagation.sign(readout.id), paths, feedback
    )


def effect(
    kb: KnowledgeBase,
    agents: Sequence[str],
    context: Mapping[str, str] | None = None,
    *,
    inhibit: Iterable[str] = (),
    targets: Iterable[str] = (),
    rules: Iterable[Rule] = (),
    graph: MechanismGraph | None = None,
    index: NameIndex | None = None,
    paths_per_sign: int = DEFAULT_PATHS,
) -> EffectResult:
    """The net effect of giving ``agents`` (and inhibiting ``inhibit``) on every readout.

    Names are resolved by id, label, synonym or brand name; an unknown name raises
    :class:`~mechgraph.model.resolve.UnknownNameError` with suggestions. ``targets`` (names)
    restricts the report to those nodes (readouts or any other node).
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
    selected = [index.resolve(t).id for t in targets]
    propagation = propagate_any(
        graph, [Intervention(r.id, r.sign) for r in resolved], context, paths_per_sign
    )

    if selected:
        nodes = [kb.readouts.get(n) or _target(n) for n in dict.fromkeys(selected)]
    else:
        nodes = sorted(kb.readouts.values(), key=lambda r: (_KIND_ORDER[r.kind], r.order))
    effects = tuple(_node_effect(kb, propagation, r) for r in nodes)

    contradictions = [
        trade_off(graph, propagation, e.readout.id) for e in effects if e.sign is Sign.AMBIGUOUS
    ]
    reached_claims = [c for c in kb.claims if propagation.is_reached(c.subject)]
    contradictions += conflicting_claims(kb, reached_claims, context)
    contradictions += evidence_discordance(kb, propagation.dominant_signs(), context)
    contradictions += rule_matches(kb, graph, propagation, rules)
    return EffectResult(tuple(resolved), context, effects, tuple(contradictions), propagation)


_KIND_ORDER = {
    ReadoutKind.STAGE: 0,
    ReadoutKind.STEP: 1,
    ReadoutKind.OUTCOME: 2,
    ReadoutKind.NODE: 3,
}


def _target(node: str) -> Readout:
    """A node asked for as a target that is not a readout: kind ``node``, no polarity."""
    return Readout(node, ReadoutKind.NODE, 0, Sign.NONE)


@dataclass(frozen=True)
class Comparison:
    """Two queries side by side, readout by readout."""

    first: EffectResult
    second: EffectResult
    rows: tuple[tuple[ReadoutEffect, ReadoutEffect], ...]

    def changed(self) -> list[tuple[ReadoutEffect, ReadoutEffect]]:
        return [(a, b) for a, b in self.rows if a.sign is not b.sign]


def compare(
    kb: KnowledgeBase, first: Sequence[str], second: Sequence[str], **options
) -> Comparison:
    """The effects of two agent sets (e.g. nab-paclitaxel vs paclitaxel) per readout."""
    a = effect(kb, first, **options)
    b = effect(kb, second, **options)
    rows = tuple(zip(a.effects, b.effects, strict=True))
    return Comparison(a, b, rows)
