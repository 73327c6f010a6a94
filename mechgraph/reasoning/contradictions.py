"""Contradictions a clinician should weigh, found in a query's result or in the whole KB.

Kinds:

* ``trade-off``: a readout reached by paths of opposite sign, both sides above the strength
  floor (decided by dominance, or ``?``); the *pivot* is the node where the strongest paths
  of each sign part ways;
* ``conflicting-claims``: curated claims of opposite sign about the same pair, in
  compatible contexts;
* ``evidence-discordance``: preclinical and clinical claims about the same node pointing
  different ways (a null clinical result counts as a direction of its own);
* ``rule``: a named pattern from ``rules/*.tsv`` matched by the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mechgraph.graph.mechanism_graph import MechanismGraph
from mechgraph.kb.rules import Rule
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import Claim
from mechgraph.model.vocab import EvidenceLevel, Relation, Sign
from mechgraph.reasoning.propagate import Path, Propagation
from mechgraph.reasoning.verdict import (
    DOMINANCE_RATIO,
    Verdict,
    above_floor,
    support_text,
)

PRECLINICAL = (EvidenceLevel.PRECLINICAL_IN_VIVO, EvidenceLevel.IN_VITRO)
CLINICAL = (EvidenceLevel.CLINICAL_PHASE3, EvidenceLevel.CLINICAL)


@dataclass(frozen=True)
class Contradiction:
    """One contradiction: its kind, the node concerned, both sides and a readable summary.

    ``sides`` holds paths (trade-offs and rules, keyed by sign or condition);
    ``claim_sides`` holds claims (conflicts and discordance, keyed by side name).
    """

    kind: str
    node: str
    node_label: str
    summary: str
    pivot: str | None = None
    sides: dict[str, list[Path]] = field(default_factory=dict)
    claim_sides: dict[str, list[Claim]] = field(default_factory=dict)
    rule: str | None = None
    severity: str | None = None
    references: tuple[str, ...] = ()

    @property
    def claims(self) -> tuple[str, ...]:
        return tuple(c.id for side in self.claim_sides.values() for c in side)


def _path_text(graph: MechanismGraph, path: Path) -> str:
    return " -> ".join(graph.label(node) for node in path.nodes)


def pivot_of(first: Path, second: Path) -> str | None:
    """Where two paths from the same intervention part ways (None: different starts)."""
    if first.start != second.start:
        return None
    for a, b in zip(first.edges, second.edges, strict=False):
        if a is not b:
            return a.source
    return first.start


def trade_off(
    graph: MechanismGraph, node: str, paths: Mapping[Sign, list[Path]], decision: Verdict
) -> Contradiction:
    """The trade-off at a node whose two signs both have support above the floor (``paths``:
    the paths that count, strongest first); the summary says how the verdict rule settled it.
    """
    plus, minus = list(paths[Sign.PLUS]), list(paths[Sign.MINUS])
    pivot = pivot_of(plus[0], minus[0])
    up, down = support_text(decision.plus), support_text(decision.minus)
    if (weak := decision.overruled) is not None:  # dominant: the weaker side is overruled
        settled = (
            f"{decision.sign.value} dominates ({up} vs {down}, at least {DOMINANCE_RATIO:g}x), "
            f"the {weak.value} side is overruled"
        )
    elif up == down:
        settled = f"the two sides are equally supported ({up}): a tie, the verdict is ?"
    else:
        settled = (
            f"the two sides are comparable ({up} vs {down}, less than {DOMINANCE_RATIO:g}x "
            "apart): the verdict is ?"
        )
    where = f"from {graph.label(pivot)}" if pivot else "from different interventions"
    summary = (
        f"{graph.label(node)} is pulled both ways {where}: up via "
        f"{_path_text(graph, plus[0])}, down via {_path_text(graph, minus[0])}; {settled}."
    )
    return Contradiction(
        "trade-off", node, graph.label(node), summary, pivot, {"+": plus, "-": minus}
    )


def contexts_compatible(a: Claim, b: Claim) -> bool:
    """Two claims can hold together unless a shared context key has disjoint values."""
    return all(a.context[key] & b.context[key] for key in a.context.keys() & b.context.keys())


def conflicting_claims(
    kb: KnowledgeBase, claims: Iterable[Claim], context: Mapping[str, str] | None = None
) -> list[Contradiction]:
    """Claims about the same pair that disagree (increases / decreases / no effect) while
    their contexts are compatible."""
    by_pair: dict[tuple[str, str, str, tuple[str, ...]], list[Claim]] = {}
    for claim in claims:  # a comparison disagrees only with the same comparison
        if claim.applies_in(context or {}):
            key = (claim.subject, claim.object, claim.comparator, claim.background)
            by_pair.setdefault(key, []).append(claim)
    found = []
    for (subject, obj, _, _), group in sorted(by_pair.items()):
        sides = {r.value: [c for c in group if c.relation is r] for r in Relation}
        sides = {name: side for name, side in sides.items() if side}
        clash = any(
            contexts_compatible(a, b)
            for name_a, side_a in sides.items()
            for name_b, side_b in sides.items()
            if name_a < name_b
            for a in side_a
            for b in side_b
        )
        if not clash:
            continue
        listed = " vs ".join(
            f"{name.replace('_', ' ')} ({', '.join(c.id for c in side)})"
            for name, side in sides.items()
        )
        summary = (
            f"Curated claims disagree on how {kb.label(subject)} acts on {kb.label(obj)}: "
            f"{listed}; the sources are kept as they are, weigh them by their evidence."
        )
        found.append(
            Contradiction(
                "conflicting-claims", obj, kb.label(obj), summary, subject, claim_sides=sides
            )
        )
    return found


def _direction(claim: Claim, subject_sign: Sign) -> str:
    if claim.relation is Relation.NO_EFFECT:
        return "no effect"
    return "up" if claim.sign * subject_sign is Sign.PLUS else "down"


def evidence_discordance(
    kb: KnowledgeBase,
    subject_signs: Mapping[str, Sign],
    context: Mapping[str, str] | None = None,
    *,
    agents: Sequence[str] | None = None,
    arms: Iterable[Claim] = (),
) -> list[Contradiction]:
    """Nodes on which preclinical and clinical claims (from subjects with a definite sign in
    ``subject_signs``) point different ways.

    A clinical claim counts against the preclinical ones when it is about the agents
    themselves (one of ``agents``, the interventions, or a part or class of one; None: every
    subject) or about the subject of a preclinical claim (or a class of it): a clinical null
    on another mechanism (lymphopenia) does not contradict a preclinical route (immunogenic
    cell death). ``arms`` are the comparisons of arms that match the query (a nanomedicine
    added to a checkpoint inhibitor): the preclinical potentiation and the failed trials."""
    by_object: dict[str, dict[str, list[tuple[str, Claim]]]] = {}
    arm_ids = {c.id for c in arms}
    for claim in kb.claims:
        if claim.comparative:  # only a difference of the query's own arms counts
            sign = Sign.PLUS if claim.id in arm_ids else None
        else:
            sign = subject_signs.get(claim.subject)
        if sign not in (Sign.PLUS, Sign.MINUS) or not claim.applies_in(context or {}):
            continue
        group = (
            "preclinical"
            if claim.evidence.level in PRECLINICAL
            else "clinical"
            if claim.evidence.level in CLINICAL
            else None
        )
        if group:
            sides = by_object.setdefault(claim.object, {})
            sides.setdefault(group, []).append((_direction(claim, sign), claim))
    found = []
    for obj, sides in sorted(by_object.items()):
        if len(sides) < 2:
            continue
        pre_subjects = {c.subject for _, c in sides["preclinical"]}
        relevant = [
            (d, c)
            for d, c in sides["clinical"]
            if agents is None
            or any(kb.includes(a, c.subject) for a in agents)
            or any(kb.is_a(s, c.subject) or kb.is_a(c.subject, s) for s in pre_subjects)
        ]
        pre = {d for d, _ in sides["preclinical"]}
        # the trials of the query's own arms first (a failed add-on), then the absolute claims
        trials = [(d, c) for d, c in relevant if c.comparative]
        absolute = [(d, c) for d, c in relevant if not c.comparative]
        clinical = next(
            (group for group in (trials, absolute) if group and not pre <= {d for d, _ in group}),
            None,
        )
        if clinical is None:  # the clinical evidence also shows what models did
            continue
        clin = {d for d, _ in clinical}
        summary = (
            f"Preclinical evidence says {kb.label(obj)} goes "
            f"{' / '.join(sorted(pre))} ({', '.join(c.id for _, c in sides['preclinical'])})"
            f", clinical evidence says {' / '.join(sorted(clin))} "
            f"({', '.join(c.id for _, c in clinical)}): results in models have "
            "not carried over to patients."
        )
        found.append(
            Contradiction(
                "evidence-discordance",
                obj,
                kb.label(obj),
                summary,
                claim_sides={
                    "preclinical": [c for _, c in sides["preclinical"]],
                    "clinical": [c for _, c in clinical],
                },
            )
        )
    return found


def rule_matches(
    kb: KnowledgeBase, graph: MechanismGraph, propagation: Propagation, rules: Iterable[Rule]
) -> list[Contradiction]:
    """The named rules whose preconditions (``requires``, ``contexts``) hold for the query's
    interventions and context and whose every condition holds in the result (``up`` /
    ``down`` / ``reached``: a path of that sign at or above the strength floor)."""
    found = []
    given = [i.node for i in propagation.interventions if i.sign is Sign.PLUS]
    for rule in rules:
        if not rule.applies(kb, given, propagation.context):
            continue
        sides: dict[str, list[Path]] = {}
        for condition in rule.conditions:
            if condition.predicate == "given":
                if not any(kb.is_a(node, condition.node) for node in given):
                    break
                continue
            wanted = {"up": [Sign.PLUS], "down": [Sign.MINUS], "reached": [Sign.PLUS, Sign.MINUS]}[
                condition.predicate
            ]
            paths = [
                p
                for s in wanted
                for p in propagation.paths(condition.node, s)
                if above_floor(p.strength)
            ]
            if not paths:
                break
            sides[str(condition)] = paths
        else:
            directed = [c.node for c in rule.conditions if c.predicate in ("up", "down")]
            last = directed[-1] if directed else rule.conditions[-1].node
            found.append(
                Contradiction(
                    "rule",
                    last,
                    kb.label(last),
                    f"{rule.title}: {rule.summary}",
                    sides=sides,
                    rule=rule.id,
                    severity=rule.severity,
                    references=rule.references,
                )
            )
    return found


def knowledge_base_contradictions(kb: KnowledgeBase) -> list[Contradiction]:
    """Conflicts and discordance in the knowledge base as a whole (no query)."""
    found = conflicting_claims(kb, kb.claims)
    # Discordance between claims whose subjects are the same or related by class membership.
    subjects = {c.subject for c in kb.claims}
    for subject in sorted(subjects):
        related = {s: Sign.PLUS for s in subjects if kb.is_a(subject, s)}
        for item in evidence_discordance(kb, related):
            if not any(c.subject == subject for side in item.claim_sides.values() for c in side):
                continue
            found.append(item)
    unique: dict[tuple[str, tuple[str, ...]], Contradiction] = {}
    for item in found:
        unique.setdefault((item.kind, tuple(sorted(item.claims))), item)
    return list(unique.values())
