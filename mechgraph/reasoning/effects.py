"""Answers to "what does this combination do to each step of the cycle, why, and what could
go wrong": :func:`effect` (the difference between two arms is
:mod:`mechgraph.reasoning.difference`).

>>> from mechgraph import load_kb
>>> answer = effect(load_kb(), ["Abraxane", "atezolizumab"])
>>> [i.id for i in answer.interventions]
['abraxane', 'atezolizumab']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from mechgraph.graph.compile import compile_kb
from mechgraph.graph.mechanism_graph import MechanismGraph
from mechgraph.kb.rules import Rule
from mechgraph.model.errors import MechgraphError
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import Claim, Readout
from mechgraph.model.resolve import NameIndex
from mechgraph.model.vocab import EvidenceLevel, ReadoutKind, Sign
from mechgraph.reasoning.arms import comparisons_on_record
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
from mechgraph.reasoning.verdict import Verdict, above_floor, judge, verdict_word


class QueryError(MechgraphError, ValueError):
    """A query that cannot be answered as asked (e.g. an unknown context key)."""


class EngineOptions(TypedDict, total=False):
    """Keyword arguments that :func:`effect` and
    :func:`~mechgraph.reasoning.difference.difference` share, for passing as ``**options``."""

    targets: Iterable[str]
    rules: Iterable[Rule]
    graph: MechanismGraph | None
    index: NameIndex | None


@dataclass(frozen=True)
class ResolvedIntervention:
    """An intervention as the user named it and as the knowledge base knows it."""

    query: str
    id: str
    label: str
    sign: Sign = Sign.PLUS


@dataclass(frozen=True)
class ReadoutEffect:
    """The net effect on one node (a cycle stage, step, outcome or any --target node).

    ``decision`` is the verdict rule's answer (:mod:`mechgraph.reasoning.verdict`): the
    decided :attr:`sign`, the strict set of :attr:`reached` signs and each side's support.
    ``paths`` holds the strongest paths of each sign that count (at or above the strength
    floor); ``below_floor`` the weaker ones, which never change the verdict and are shown
    only on request.
    """

    readout: Readout
    label: str
    decision: Verdict
    paths: dict[Sign, list[Path]]
    feedback: list[Feedback]
    below_floor: dict[Sign, list[Path]] = field(default_factory=dict)
    #: the decided sign rests on hypotheses only: each of its paths passes through an edge
    #: that only hypothesis-level claims support (a chain is as good as its weakest link)
    hypothesis_only: bool = False

    @property
    def sign(self) -> Sign:
        """The decided sign: ``+``, ``-``, ``0`` or ``?`` (comparable opposing supports)."""
        return self.decision.sign

    @property
    def reached(self) -> frozenset[Sign]:
        """The strict set of signs some path brings (pure sign reachability)."""
        return self.decision.reached

    @property
    def verdict(self) -> str:
        """favourable / unfavourable / contested (``?``) / unchanged / reached (no
        polarity)."""
        return verdict_word(self.sign, self.readout.desirable)

    @property
    def contested(self) -> bool:
        """Both signs have support above the floor (decided by dominance, or ``?``)."""
        return self.decision.contested

    def remark(self, show_set_aside: bool = False) -> str:
        """The verdict rule's remark (:meth:`Verdict.note`), and whether the verdict rests on
        hypotheses only; empty when there is none."""
        notes = (
            self.decision.note(show_set_aside=show_set_aside),
            "hypothesis-level evidence only" if self.hypothesis_only else "",
        )
        return "; ".join(n for n in notes if n)

    def strength(self, sign: Sign) -> float:
        """The support of ``sign``: the strength of its strongest path (0 if unreached)."""
        return self.decision.support(sign)

    def all_paths(self, sign: Sign) -> list[Path]:
        """The paths of ``sign`` that count, then those below the floor."""
        return list(self.paths.get(sign, [])) + list(self.below_floor.get(sign, []))

    @property
    def leaning(self) -> tuple[Sign, float] | None:
        """For a ``?`` node: the side with the stronger best path and by how much
        (``(Sign.AMBIGUOUS, 0.0)`` for a tie)."""
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
    #: comparisons the sources state for this combination against another arm (answered by
    #: ``effect ... --vs``; they never change these absolute verdicts)
    comparisons: tuple[Claim, ...] = ()

    def to_dict(self, all_paths: bool = False) -> dict:
        """The JSON contract of ``mechgraph effect --json`` (see README); ``all_paths`` also
        lists the paths below the strength floor."""
        from mechgraph.reasoning.serialize import effect_to_dict

        return effect_to_dict(self, all_paths)

    def effect_on(self, node_id: str) -> ReadoutEffect:
        for item in self.effects:
            if item.readout.id == node_id:
                return item
        raise KeyError(node_id)


def _context_value(kb: KnowledgeBase, key: str, given: str) -> str:
    """The value of ``key`` that ``given`` names: the value itself, or one of its synonyms
    (``dose=high`` is the standard, maximum tolerated, dose), in any case."""
    if (key, given) in kb.contexts:
        return given
    for (k, value), record in kb.contexts.items():
        if k == key and given.casefold() in {value.casefold(), *map(str.casefold, record.synonyms)}:
            return value
    allowed = ", ".join(v for k, v in kb.contexts if k == key)
    raise QueryError(f"unknown value '{given}' for '{key}' (known: {allowed})")


def check_context(kb: KnowledgeBase, context: Mapping[str, str]) -> dict[str, str]:
    """Validate a query context against the knowledge base's vocabulary: declared keys,
    their values, and one value only for an exclusive key (several, ``a|b``, otherwise).
    A declared key the query leaves out is read with its default (``dose=standard``)."""
    checked = {}
    for key, value in context.items():
        declared = kb.context_key(key)
        if declared is None:
            known = ", ".join(kb.known_context_keys())
            raise QueryError(f"unknown context key '{key}' (known: {known})")
        values = [_context_value(kb, key, v.strip()) for v in value.split("|") if v.strip()]
        if len(values) > 1 and declared.exclusive:
            given = " and ".join(f"{key}={v}" for v in values)
            raise QueryError(
                f"context {key} is given twice ({given}): its values exclude each other, give "
                "one (context_keys.tsv declares it exclusive)"
            )
        checked[key] = "|".join(dict.fromkeys(values))
    for key, declared in kb.context_keys.items():
        if declared.default and key not in checked:
            checked[key] = declared.default
    return checked


def split_paths(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Paths at or above the strength floor, and those below it."""
    kept = [p for p in paths if above_floor(p.strength)]
    return kept, [p for p in paths if not above_floor(p.strength)]


#: The engines keep this many times the paths shown, so that the paths shown can differ.
CANDIDATE_PATHS = 3


def diverse(paths: list[Path], k: int) -> list[Path]:
    """Up to ``k`` of ``paths`` (strongest first) that differ in their mechanism: the nodes
    their causal steps pass through before the end. A path that differs from one already
    kept only by structural steps (a class, a parent formulation, a carrier's class) is the
    same mechanism and is left out.

    >>> from mechgraph.graph.mechanism_graph import Edge
    >>> def path(strength, *steps):
    ...     edges = tuple(Edge(s, t, Sign.PLUS, r) for s, r, t in steps)
    ...     return Path(edges[0].source, Sign.PLUS, strength, edges)
    >>> found = [
    ...     path(0.9, ("a", "increases", "b"), ("b", "increases", "z")),
    ...     path(0.5, ("a", "is_a", "A"), ("A", "increases", "b"), ("b", "increases", "z")),
    ...     path(0.4, ("a", "increases", "d"), ("d", "increases", "z")),
    ... ]
    >>> [p.nodes for p in diverse(found, 3)]
    [['a', 'b', 'z'], ['a', 'd', 'z']]
    """
    kept: list[Path] = []
    mechanisms: set[tuple[str, ...]] = set()
    for path in paths:
        mechanism = tuple(e.target for e in path.edges if e.step_kind == "causal")[:-1]
        if mechanism in mechanisms:
            continue
        kept.append(path)
        mechanisms.add(mechanism)
        if len(kept) == k:
            break
    return kept


def _node_effect(
    kb: KnowledgeBase, propagation: Propagation, readout: Readout, shown: int = DEFAULT_PATHS
) -> ReadoutEffect:
    paths, weak = {}, {}
    for sign in (Sign.PLUS, Sign.MINUS):
        kept, below = split_paths(propagation.paths(readout.id, sign))
        kept, below = diverse(kept, shown), diverse(below, shown)
        if kept:
            paths[sign] = kept
        if below:
            weak[sign] = below
    on_paths = {node for ps in paths.values() for p in ps for node in p.nodes}
    feedback = propagation.feedback_into(on_paths)
    decision = judge(propagation, readout.id)
    deciding = paths.get(decision.sign, [])
    speculative = bool(deciding) and all(
        rests_on_hypothesis(p, propagation.context) for p in deciding
    )
    return ReadoutEffect(
        readout, kb.label(readout.id), decision, paths, feedback, weak, speculative
    )


def rests_on_hypothesis(path: Path, context: Mapping[str, str]) -> bool:
    """Whether some causal step of ``path`` is supported by hypothesis-level claims only."""
    for edge in path.edges:
        claims = edge.applicable_claims(context)
        if claims and all(c.evidence.level is EvidenceLevel.HYPOTHESIS for c in claims):
            return True
    return False


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
        graph,
        [Intervention(r.id, r.sign) for r in resolved],
        context,
        paths_per_sign * CANDIDATE_PATHS,
    )

    if selected:
        nodes = [kb.readouts.get(n) or _target(n) for n in dict.fromkeys(selected)]
    else:
        nodes = sorted(kb.readouts.values(), key=lambda r: (_KIND_ORDER[r.kind], r.order))
    effects = tuple(_node_effect(kb, propagation, r, paths_per_sign) for r in nodes)

    contradictions = [
        trade_off(graph, e.readout.id, e.paths, e.decision) for e in effects if e.contested
    ]
    decided = propagation.decided_signs()
    reached_claims = [c for c in kb.claims if c.subject in decided]
    contradictions += conflicting_claims(kb, reached_claims, context)
    given = [r.id for r in resolved if r.sign is Sign.PLUS]
    # the subject added to the rest of the combination ("X + Y vs Y"): a null there says
    # X's own routes did not add; a comparison with another comparator says nothing absolute
    arms = [c for c in comparisons_on_record(kb, given, context, strict=False) if not c.comparator]
    contradictions += evidence_discordance(kb, decided, context, agents=given, arms=arms)
    contradictions += rule_matches(kb, graph, propagation, rules)
    on_record = tuple(comparisons_on_record(kb, given, context))
    return EffectResult(
        tuple(resolved), context, effects, tuple(contradictions), propagation, on_record
    )


_KIND_ORDER = {
    ReadoutKind.STAGE: 0,
    ReadoutKind.STEP: 1,
    ReadoutKind.OUTCOME: 2,
    ReadoutKind.NODE: 3,
}


def _target(node: str) -> Readout:
    """A node asked for as a target that is not a readout: kind ``node``, no polarity."""
    return Readout(node, ReadoutKind.NODE, 0, Sign.NONE)
