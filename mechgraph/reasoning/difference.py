"""Questions with a baseline: what changes, readout by readout, when one arm is given instead
of another (comparative analysis; README, "How mechgraph reasons: comparisons").

Each arm keeps its own absolute verdict (:func:`~mechgraph.reasoning.effects.effect`). The
*difference* (first arm minus second arm) is propagated from three kinds of sources:

1. **Comparative claims that match the arms** (a claim with a ``comparator`` or a
   ``background``): the claim's subject covers a component only the first arm has (itself,
   a class it belongs to, or its carrier's class), its comparator covers a component only
   the second arm has (``free_payload``: that component is the subject's payload), and its
   background is among the shared components. A comparison of scope ``conditional`` holds
   only where the comparator's arm acts on the claim's object ("ICD inducers in a carrier
   give more ICD than free" says nothing of a payload that induces none); one of scope
   ``some`` (a result of some products) never applies. The claim's sign is
   the sign of the difference at its object (reversed when the arms are the other way
   round), which then propagates downstream through the absolute edges (more ICD -> more
   antigen release).
2. **Components only one arm has** and that no comparison pairs: they act with their
   absolute effects (``+`` for the first arm's, ``-`` for the second arm's).
3. **A formulation against its own free payload**: the carrier and its properties (the
   carrier's own biology: MPS uptake, anti-PEG antibodies) act, and the formulation's own
   absolute claims where the free payload does not act on their object; the shared
   payload cancels.

Components both arms have cancel. A matching ``no_effect`` comparison (a null trial) is
evidence for *same*: a difference path through its object is overruled when the null's
support is at least :data:`~mechgraph.reasoning.verdict.DOMINANCE_RATIO` times the path's
strength at that node, unless a claim on the path is specific to a stratum the query asks
about and the null is not (a subgroup result); the answer lists what it overruled. A
readout no difference reaches reads *same* when only shared components act on it (or
nothing does), and *unknown* when a paired component acts on it and no comparison says how
the two compare, or when a comparison of these arms is stated only in another context.

>>> from mechgraph import load_kb
>>> answer = difference(load_kb(), ["Abraxane"], ["paclitaxel"], targets=["neutropenia"])
>>> answer.rows[0].word
'lower'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Unpack

from mechgraph.graph.compile import compile_kb
from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.kb.rules import Rule
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import CONDITIONAL, FREE_PAYLOAD, SOME, Claim, Readout
from mechgraph.model.resolve import NameIndex
from mechgraph.model.vocab import DIFFERENCE_WORDS, EvidenceLevel, Relation, Sign
from mechgraph.reasoning.arms import covers, payloads
from mechgraph.reasoning.effects import (
    EffectResult,
    EngineOptions,
    ReadoutEffect,
    effect,
    split_paths,
)
from mechgraph.reasoning.propagate import (
    DEFAULT_PATHS,
    Intervention,
    Path,
    Propagation,
    propagate,
)
from mechgraph.reasoning.verdict import (
    DOMINANCE_RATIO,
    STEP_DECAY,
    Verdict,
    decide,
    step_factor,
)

HIGHER, LOWER, SAME, UNKNOWN = (
    DIFFERENCE_WORDS[s] for s in (Sign.PLUS, Sign.MINUS, Sign.NONE, Sign.AMBIGUOUS)
)
#: The difference keeps this many times the paths shown, so that the paths a null result
#: overrules leave others to count.
NULL_HEADROOM = 4


@dataclass(frozen=True)
class MatchedComparison:
    """A comparative claim that applies to the two arms; ``orientation`` is ``+`` when its
    subject is in the first arm, ``-`` when the arms are the other way round."""

    claim: Claim
    orientation: Sign
    first: str
    second: str

    @property
    def sign(self) -> Sign:
        """The sign of the difference (first minus second) at the claim's object."""
        return self.claim.sign * self.orientation


@dataclass(frozen=True)
class Null:
    """A matching ``no_effect`` comparison: evidence that its object does not differ."""

    comparison: MatchedComparison
    support: float

    @property
    def node(self) -> str:
        return self.comparison.claim.object


@dataclass(frozen=True)
class DifferenceRow:
    """One readout: each arm's absolute effect and the difference between them.

    ``word`` is ``higher`` / ``lower`` (the first arm has more / less of the readout),
    ``same`` or ``unknown``; ``reason`` says why in one sentence. ``decision`` is the
    verdict rule over the difference supports; ``overruled`` the difference paths a null
    result overruled.
    """

    readout: Readout
    label: str
    first: ReadoutEffect
    second: ReadoutEffect
    decision: Verdict
    word: str
    reason: str
    paths: dict[Sign, list[Path]] = field(default_factory=dict)
    below_floor: dict[Sign, list[Path]] = field(default_factory=dict)
    nulls: tuple[Null, ...] = ()
    overruled: tuple[Path, ...] = ()

    @property
    def sign(self) -> Sign:
        """``+`` higher, ``-`` lower, ``0`` same, ``?`` unknown."""
        return {HIGHER: Sign.PLUS, LOWER: Sign.MINUS, SAME: Sign.NONE}.get(
            self.word, Sign.AMBIGUOUS
        )

    @property
    def favourable(self) -> bool | None:
        """True when the difference goes the readout's desirable way (lower toxicity, higher
        tumour control), False against it, None for same, unknown or a readout without a
        desirable direction."""
        definite = (Sign.PLUS, Sign.MINUS)
        if self.sign not in definite or self.readout.desirable not in definite:
            return None
        return self.sign is self.readout.desirable


@dataclass(frozen=True)
class DifferenceSources:
    """Where a difference comes from: each arm's effect, how their components relate, and
    the signed sources the difference propagates from (``interventions``: components only
    one arm has, ``+`` for the first arm's, ``-`` for the second's; ``seeds``: one-step
    paths of the matched comparisons and of a formulation's own claims)."""

    first: EffectResult
    second: EffectResult
    shared: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]
    only_first: tuple[str, ...]
    only_second: tuple[str, ...]
    comparisons: tuple[MatchedComparison, ...]
    interventions: tuple[Intervention, ...]
    seeds: tuple[Path, ...]

    @property
    def context(self) -> dict[str, str]:
        return self.first.context

    @property
    def nulls(self) -> list[Null]:
        """The matched ``no_effect`` comparisons (null results of these arms)."""
        return [
            Null(m, m.claim.evidence.level.weight * STEP_DECAY)
            for m in self.comparisons
            if m.claim.relation is Relation.NO_EFFECT
        ]


@dataclass(frozen=True)
class DifferenceResult:
    """Answer to :func:`difference`: the two arms, how they relate (``sources``), and the
    rows."""

    sources: DifferenceSources
    rows: tuple[DifferenceRow, ...]

    first = property(lambda self: self.sources.first, doc="The first arm's effect.")
    second = property(lambda self: self.sources.second, doc="The second arm's effect.")
    shared = property(lambda self: self.sources.shared, doc="Components both arms have.")
    pairs = property(lambda self: self.sources.pairs, doc="Components put against each other.")
    only_first = property(lambda self: self.sources.only_first)
    only_second = property(lambda self: self.sources.only_second)
    comparisons = property(lambda self: self.sources.comparisons, doc="Matched comparisons.")

    def row(self, node_id: str) -> DifferenceRow:
        for row in self.rows:
            if row.readout.id == node_id:
                return row
        raise KeyError(node_id)

    def to_dict(self, all_paths: bool = False) -> dict:
        """The JSON contract of ``mechgraph effect --vs --json`` (README)."""
        from mechgraph.reasoning.serialize import difference_to_dict

        return difference_to_dict(self, all_paths)


def _claim_matches(
    kb: KnowledgeBase,
    claim: Claim,
    mine: Sequence[str],
    theirs: Sequence[str],
    shared: Sequence[str],
) -> list[tuple[str, str]]:
    """The (mine, theirs) component pairs the claim compares ("" for theirs when it states
    the effect of adding its subject to the shared background)."""
    if not all(any(covers(kb, b, s) for s in shared) for b in claim.background):
        return []
    found = []
    for x in mine:
        if not covers(kb, claim.subject, x):
            continue
        if not claim.comparator:
            found.append((x, ""))
        elif claim.comparator == FREE_PAYLOAD:
            found += [(x, y) for y in theirs if y in payloads(kb, x)]
        else:
            found += [(x, y) for y in theirs if covers(kb, claim.comparator, y)]
    return found


def match_comparisons(
    kb: KnowledgeBase,
    first: Sequence[str],
    second: Sequence[str],
    context: Mapping[str, str] | None,
) -> tuple[list[MatchedComparison], list[tuple[str, str]]]:
    """The comparative claims that apply to the arms, and the component pairs they (or a
    formulation against its free payload) put against each other (``context`` None: in
    any context)."""
    shared = [n for n in first if n in second]
    only_first = [n for n in first if n not in second]
    only_second = [n for n in second if n not in first]
    matched: list[MatchedComparison] = []
    for claim in kb.claims:
        if not claim.comparative or claim.scope == SOME:
            continue
        if context is not None and not claim.applies_in(context):
            continue
        for x, y in _claim_matches(kb, claim, only_first, only_second, shared):
            matched.append(MatchedComparison(claim, Sign.PLUS, x, y))
        for y, x in _claim_matches(kb, claim, only_second, only_first, shared):
            matched.append(MatchedComparison(claim, Sign.MINUS, x, y))
    # an "adding x" claim does not apply to a component that a comparison pairs
    pairs = {(m.first, m.second) for m in matched if m.first and m.second}
    pairs |= {(x, y) for x in only_first for y in only_second if y in payloads(kb, x)}
    pairs |= {(x, y) for x in only_first for y in only_second if x in payloads(kb, y)}
    paired = {n for pair in pairs for n in pair}
    matched = [m for m in matched if (m.first and m.second) or (m.first or m.second) not in paired]
    return matched, sorted(pairs)


def _seed(match: MatchedComparison, context: Mapping[str, str]) -> Path:
    """The difference a comparison brings to its object, as a one-step path from the claim's
    subject (its sign is the difference's: reversed when the arms are the other way round,
    relation ``compared_with_reversed``)."""
    claim = match.claim
    start = match.first if match.orientation is Sign.PLUS else match.second
    relation = "compared_with" if match.orientation is Sign.PLUS else "compared_with_reversed"
    edge = Edge(start, claim.object, match.sign, relation, (claim,))
    return Path(start, match.sign, edge.weight(context) * step_factor(edge), (edge,))


def _own_effects(
    kb: KnowledgeBase, graph: MechanismGraph, form: str, sign: Sign, context: Mapping[str, str]
) -> list[Path]:
    """The absolute claims about a formulation itself (and the more general formulations it
    is a kind of, e.g. Abraxane -> paclitaxel nanoparticles): what it does besides its
    payload, as one-step paths with ``sign`` (``-`` for the second arm's)."""
    found = []
    todo: list[tuple[str, tuple[Edge, ...], float]] = [(form, (), 1.0)]
    seen = {form}
    while todo:
        node, steps, strength = todo.pop()
        for edge in graph.out_edges(node):
            weight = edge.weight(context) * step_factor(edge)
            if weight <= 0.0:
                continue
            if edge.relation == "is_a" and edge.target in kb.formulations:
                if edge.target not in seen:
                    seen.add(edge.target)
                    todo.append((edge.target, (*steps, edge), strength * weight))
            elif not edge.structural:
                found.append(Path(form, edge.sign * sign, strength * weight, (*steps, edge)))
    return found


def _strength_at(path: Path, node: str, context: Mapping[str, str], start: float) -> float:
    """A path's strength where it passes ``node`` (``start``: its first step's strength)."""
    if path.start == node:
        return 1.0
    strength = start
    for index, edge in enumerate(path.edges):
        if index:
            strength *= edge.weight(context) * step_factor(edge)
        if edge.target == node:
            return strength
    return path.strength


def _more_specific(path: Path, null: Null, context: Mapping[str, str], kb: KnowledgeBase) -> bool:
    """Whether a claim on the path speaks of the query's stratum and the null does not: a
    context key the query sets (to another value than the key's default: a trial is read at
    the standard dose), that the claim names and the null's claim leaves open (the subgroup
    result of a trial whose overall result was null). A null does not overrule a more
    specific claim (specificity, as in defeasible reasoning)."""
    general = null.comparison.claim.context
    strata = {k for k, v in context.items() if v != getattr(kb.context_key(k), "default", "")}
    return any(
        key in strata and key not in general
        for edge in path.edges
        for claim in edge.applicable_claims(context)
        for key in claim.context
    )


class DifferenceOptions(EngineOptions, total=False):
    """The keyword arguments of :func:`difference`, for passing on as ``**options``."""

    paths_per_sign: int


def difference_sources(
    kb: KnowledgeBase,
    first: Sequence[str],
    second: Sequence[str],
    context: Mapping[str, str] | None = None,
    **given: Unpack[DifferenceOptions],
) -> DifferenceSources:
    """The arms' effects and the sources of their difference (see the module docstring;
    the keyword arguments are those of :func:`difference`)."""
    index = given.get("index") or NameIndex(kb)
    graph = given.get("graph") or compile_kb(kb)
    paths_per_sign = given.get("paths_per_sign", DEFAULT_PATHS)
    options = EngineOptions(
        targets=list(given.get("targets", ())),
        rules=given.get("rules", ()),
        graph=graph,
        index=index,
    )
    one = effect(kb, first, context, paths_per_sign=paths_per_sign, **options)
    other = effect(kb, second, context, paths_per_sign=paths_per_sign, **options)
    context = one.context
    a = [i.id for i in one.interventions]
    b = [i.id for i in other.interventions]
    matched, pairs = match_comparisons(kb, a, b, context)
    # a conditional comparison ("ICD inducers loaded in carriers give more ICD than free",
    # "less myelotoxic than the free cytotoxic") holds where the comparator arm acts on its
    # object (the free drug induces ICD, is myelotoxic)
    arm_of = {Sign.PLUS: other.propagation, Sign.MINUS: one.propagation}
    matched = [
        m
        for m in matched
        if m.claim.scope != CONDITIONAL
        or arm_of[m.orientation].decided(m.claim.object) is not Sign.NONE
    ]
    paired = {n for pair in pairs for n in pair}
    only_first = [n for n in a if n not in b]
    only_second = [n for n in b if n not in a]

    interventions = [Intervention(n, Sign.PLUS) for n in only_first if n not in paired]
    interventions += [Intervention(n, Sign.MINUS) for n in only_second if n not in paired]
    seeds = [_seed(m, context) for m in matched if m.sign is not Sign.NONE]
    for x, y in pairs:  # a formulation against its free payload: the carrier's own biology
        for form, sign in ((x, Sign.PLUS), (y, Sign.MINUS)):
            parts = kb.formulations.get(form)
            if parts and (x in payloads(kb, y) or y in payloads(kb, x)):
                interventions += [Intervention(p, sign) for p in (parts.carrier, *parts.properties)]
                # its own claims, where the free payload does not act on their object:
                # otherwise nothing says the formulation does it more than the free drug
                free = other.propagation if sign is Sign.PLUS else one.propagation
                seeds += [
                    path
                    for path in _own_effects(kb, graph, form, sign, context)
                    if free.decided(path.nodes[-1]) is Sign.NONE
                ]
    return DifferenceSources(
        one,
        other,
        tuple(n for n in a if n in b),
        tuple(pairs),
        tuple(only_first),
        tuple(only_second),
        tuple(matched),
        tuple(dict.fromkeys(interventions)),
        tuple(seeds),
    )


def difference(
    kb: KnowledgeBase,
    first: Sequence[str],
    second: Sequence[str],
    context: Mapping[str, str] | None = None,
    *,
    targets: Iterable[str] = (),
    rules: Iterable[Rule] = (),
    graph: MechanismGraph | None = None,
    index: NameIndex | None = None,
    paths_per_sign: int = DEFAULT_PATHS,
) -> DifferenceResult:
    """Each arm's effect and, per readout, the difference of the first arm from the second
    (see the module docstring)."""
    graph = graph or compile_kb(kb)
    src = difference_sources(
        kb,
        first,
        second,
        context,
        targets=targets,
        rules=rules,
        graph=graph,
        index=index,
        paths_per_sign=paths_per_sign,
    )
    context = src.context
    paired = {n for pair in src.pairs for n in pair}
    # more paths than shown: a null result may overrule the strongest ones
    spread = propagate(
        graph, list(src.interventions), context, paths_per_sign * NULL_HEADROOM, list(src.seeds)
    )
    nulls = src.nulls
    seed_strength = {id(s.edges[0]): s.strength for s in src.seeds}
    a = [i.id for i in src.first.interventions]
    b = [i.id for i in src.second.interventions]
    elsewhere: dict[str, list[Claim]] = {}
    for m in match_comparisons(kb, a, b, None)[0]:  # stated for these arms, in another context
        if not m.claim.applies_in(context):
            elsewhere.setdefault(m.claim.object, []).append(m.claim)
    rows = tuple(
        _row(
            kb,
            spread,
            one_effect,
            other_effect,
            nulls,
            paired,
            seed_strength,
            context,
            elsewhere,
            paths_per_sign,
        )
        for one_effect, other_effect in zip(src.first.effects, src.second.effects, strict=True)
    )
    return DifferenceResult(src, rows)


def _row(
    kb: KnowledgeBase,
    spread: Propagation,
    first: ReadoutEffect,
    second: ReadoutEffect,
    nulls: list[Null],
    paired: set[str],
    seed_strength: dict[int, float],
    context: Mapping[str, str],
    elsewhere: Mapping[str, list[Claim]],
    shown: int,
) -> DifferenceRow:
    """One readout: the difference paths the null results leave, the verdict over them,
    and its word and reason."""
    node = first.readout.id
    kept, weak, overruled, applying = _unblocked_paths(
        kb, spread, node, nulls, seed_strength, context, shown
    )
    plus = kept[Sign.PLUS][0].strength if Sign.PLUS in kept else 0.0
    minus = kept[Sign.MINUS][0].strength if Sign.MINUS in kept else 0.0
    decision = decide(plus, minus)
    if decision.sign in (Sign.PLUS, Sign.MINUS):
        word, reason, applying = _decided(
            kb, node, first.label, decision, kept, applying, context, max(plus, minus)
        )
    elif decision.sign is Sign.AMBIGUOUS:
        word = UNKNOWN
        reason = (
            f"comparable differences both ways: higher through {_claims_of(kept[Sign.PLUS][0])}"
            f", lower through {_claims_of(kept[Sign.MINUS][0])}"
        )
    else:
        word, reason = _undecided(kb, first, second, paired, applying, overruled, elsewhere)
    return DifferenceRow(
        first.readout,
        first.label,
        first,
        second,
        decision,
        word,
        reason,
        kept,
        weak,
        tuple(applying),
        tuple(overruled),
    )


def _unblocked_paths(
    kb: KnowledgeBase,
    spread: Propagation,
    node: str,
    nulls: list[Null],
    seed_strength: dict[int, float],
    context: Mapping[str, str],
    shown: int,
) -> tuple[dict[Sign, list[Path]], dict[Sign, list[Path]], list[Path], list[Null]]:
    """The difference paths to ``node`` of each sign at or above the floor that no null
    result overrules and those below the floor (``shown`` of each), the paths overruled,
    and the null results that apply (at the node, or overruling a path)."""
    kept: dict[Sign, list[Path]] = {}
    weak: dict[Sign, list[Path]] = {}
    overruled: list[Path] = []
    applying = [n for n in nulls if n.node == node]
    for sign in (Sign.PLUS, Sign.MINUS):
        counted, below = split_paths(spread.paths(node, sign))
        for path in counted:
            start = seed_strength.get(id(path.edges[0]), 1.0) if path.edges else 1.0
            blockers = [
                n
                for n in nulls
                if n.node in path.nodes
                and not _more_specific(path, n, context, kb)
                and n.support >= DOMINANCE_RATIO * _strength_at(path, n.node, context, start)
            ]
            if blockers:
                overruled.append(path)
                applying += [n for n in blockers if n not in applying]
            else:
                kept.setdefault(sign, []).append(path)
        if below:
            weak[sign] = below
    kept = {sign: paths[:shown] for sign, paths in kept.items()}
    weak = {sign: paths[:shown] for sign, paths in weak.items()}
    return kept, weak, overruled, applying


def _decided(
    kb: KnowledgeBase,
    node: str,
    label: str,
    decision: Verdict,
    kept: Mapping[Sign, list[Path]],
    applying: list[Null],
    context: Mapping[str, str],
    best: float,
) -> tuple[str, str, list[Null]]:
    """The word and reason of a difference the verdict decides ``+`` or ``-`` (unknown
    when a null result at the node has comparable support), and the null results that
    weigh against it (not those of the whole population, silent on the query's stratum)."""
    # a null weighs against the deciding path, unless that path is the more specific
    deciding = kept[decision.sign][0]
    general = [n for n in applying if _more_specific(deciding, n, context, kb)]
    applying = [n for n in applying if n not in general]
    null_support = max((n.support for n in applying if n.node == node), default=0.0)
    if null_support and best < DOMINANCE_RATIO * null_support:
        reason = (
            f"a null result ({_ids(applying)}) and a difference ({best:.2f}) have comparable "
            "support"
        )
        return UNKNOWN, reason, applying
    word = DIFFERENCE_WORDS[decision.sign]
    reason = f"{label} is {word} through {_claims_of(deciding)}"
    if decision.contested:
        weaker_side = decision.overruled
        assert weaker_side is not None, "a contested + or - is dominant: it overrules one"
        reason += f"; the opposite side ({_claims_of(kept[weaker_side][0])}) is weaker"
    if applying:
        reason += f"; the null result {_ids(applying)} is weaker"
    if general:
        reason += (
            f"; the null result {_ids(general)} is about the whole population, this "
            "claim about the stratum asked for"
        )
    return word, reason, applying


def _undecided(
    kb: KnowledgeBase,
    first: ReadoutEffect,
    second: ReadoutEffect,
    paired: set[str],
    applying: list[Null],
    overruled: list[Path],
    elsewhere: Mapping[str, list[Claim]],
) -> tuple[str, str]:
    """The word and reason where no difference reaches the readout: a null result, a
    comparison stated in another context, paired components nothing compares, shared
    components only, or nothing."""
    node = first.readout.id
    if applying:
        reason = f"the null result {_ids(applying)} says the arms do not differ"
        if overruled:
            reason += f"; it overrules {len(overruled)} weaker path(s)"
        return SAME, reason
    if node in elsewhere:
        stated = "; ".join(
            f"{c.id} ({c.context_text() or 'no context'})" for c in elsewhere[node][:3]
        )
        return UNKNOWN, f"a comparison is stated only in another context: {stated}"
    starts = {
        p.start
        for e in (first, second)
        for paths in (*e.paths.values(), *e.below_floor.values())
        for p in paths
    } & paired
    if starts:
        return UNKNOWN, (
            f"no comparison is stated: {_names(kb, starts)} act(s) on it, and nothing says "
            "how the arms compare"
        )
    if first.paths or second.paths:
        shared = {p.start for e in (first, second) for ps in e.paths.values() for p in ps}
        return SAME, (
            f"only components both arms share act on it ({_names(kb, shared)}): they "
            "cancel; the knowledge base names no effect of the others on it"
        )
    return SAME, "neither arm acts on it"


def _claims_of(path: Path) -> str:
    """The first claim of each causal step, and the weakest evidence level among them."""
    claims = [edge.claims[0] for edge in path.edges if edge.claims]
    if not claims:
        return f"{path.start}'s own effects"
    weakest = max(claims, key=lambda c: list(EvidenceLevel).index(c.evidence.level))
    ids = ", ".join(dict.fromkeys(c.id for c in claims))
    return f"{ids} [{weakest.evidence.level.value}]"


def _ids(nulls: Iterable[Null]) -> str:
    return ", ".join(dict.fromkeys(n.comparison.claim.id for n in nulls))


def _names(kb: KnowledgeBase, nodes: Iterable[str]) -> str:
    return ", ".join(kb.label(n) for n in sorted(nodes))
