"""Design suggestions: what to add to a combination to block the harmful side of a
trade-off while sparing the beneficial side, with the second-order consequences.

A *target* is a trade-off at a readout (both signs supported above the strength floor,
whether the verdict rule decided it by dominance or left it ``?``; its harmful sign is the
undesirable one, its beneficial sign the desirable one) or a named rule the combination
matches (its harmful side is the rule's last directed condition, e.g.
``nanocarrier_tumour_delivery down``; its beneficial side the conditions on nodes the
harmful paths do not pass through, e.g. ``antitumour_immunity up``).

The *harmful branch* is the set of nodes on the strongest harmful paths (before the target
node itself), each with the sign the harmful path brings there, that no beneficial path
brings the same sign to (what lies after the pivot).
A candidate (an entity of the knowledge base that is an agent or a carrier property, and that
the combination does not reach already) *blocks* the branch when, given alone, it reaches one
of those nodes with the opposite sign (by a path at or above the strength floor; only such
paths count here, as everywhere); it *spares* the beneficial side when it reaches no
node of the beneficial paths (the target node aside) with the sign opposite to theirs. A
candidate's own paths to the target node are second-order consequences: they show in the
target's sign after the addition and in the contradictions. For each candidate that does
both, the combination is queried again with the candidate added: the readouts whose sign
changes and the contradictions that appear (e.g. anti-PEG IgM when PEGylation is added
against MPS uptake) or disappear are reported, so that second-order consequences are seen.

Ranking: by the strength of the strongest harmful path blocked times the strength of the
candidate's own opposing path, then by fewer new contradictions, then carrier properties
before single agents before whole formulations (the smallest change first).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from mechgraph.graph.mechanism_graph import MechanismGraph
from mechgraph.kb.rules import Rule
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.resolve import NameIndex
from mechgraph.model.vocab import Sign
from mechgraph.reasoning.contradictions import Contradiction
from mechgraph.reasoning.effects import EffectResult, QueryError, effect
from mechgraph.reasoning.propagate import Intervention, Path, Propagation, propagate
from mechgraph.reasoning.swaps import Swap, carrier_swaps
from mechgraph.reasoning.verdict import above_floor, judge

CANDIDATE_CLASSES = ("Agent", "CarrierProperty")
DEFAULT_PATHS = 3


@dataclass(frozen=True)
class Target:
    """The harmful side of a trade-off or rule, and the beneficial side to spare."""

    kind: str  # "trade-off" or "rule"
    node: str
    label: str
    harmful: Sign
    harmful_paths: tuple[Path, ...]
    beneficial_paths: tuple[Path, ...]
    rule: str | None = None
    title: str = ""

    @property
    def name(self) -> str:
        return self.rule or self.node


@dataclass(frozen=True)
class Block:
    """Where a candidate opposes the harmful branch: the node, the sign the harmful path
    brings there, and the candidate's own path of the opposite sign."""

    node: str
    harmful_sign: Sign
    path: Path


@dataclass(frozen=True)
class Suggestion:
    """A candidate addition with what it blocks and what it changes."""

    candidate: str
    label: str
    kind: str
    blocks: tuple[Block, ...]
    blocked_paths: int
    score: float
    target_before: Sign
    target_after: Sign
    changed: tuple[tuple[str, Sign, Sign], ...]  # readout id, sign before, sign after
    new_contradictions: tuple[Contradiction, ...]
    resolved_contradictions: tuple[Contradiction, ...]
    equivalent: tuple[str, ...] = ()  # other candidates with the very same outcome

    def outcome_key(self) -> tuple:
        return (
            frozenset((b.node, b.harmful_sign) for b in self.blocks),
            round(self.score, 9),
            self.target_after,
            self.changed,
            frozenset(_contradiction_key(c) for c in self.new_contradictions),
            frozenset(_contradiction_key(c) for c in self.resolved_contradictions),
        )


@dataclass(frozen=True)
class Rejected:
    """A candidate that blocks the harmful branch but also opposes the beneficial one."""

    candidate: str
    label: str
    hits: tuple[Block, ...]  # beneficial nodes it opposes


@dataclass
class SuggestResult:
    """The answer of :func:`suggest`: per target, the suggestions, best first."""

    graph: MechanismGraph = field(repr=False)
    base: EffectResult = field(repr=False)
    context: dict[str, str]
    targets: list[tuple[Target, list[Suggestion], list[Rejected]]] = field(default_factory=list)
    swaps: list[Swap] = field(default_factory=list)  # a drug given in a formulation instead

    def to_dict(self) -> dict:
        from mechgraph.reasoning.serialize import contradiction_to_dict, path_to_dict

        graph, ctx = self.graph, self.context

        def block(b: Block) -> dict:
            return {
                "node": b.node,
                "label": graph.label(b.node),
                "harmful_sign": b.harmful_sign.value,
                "path": path_to_dict(b.path, graph, ctx),
            }

        return {
            "interventions": [
                {"query": i.query, "id": i.id, "label": i.label} for i in self.base.interventions
            ],
            "context": dict(ctx),
            "targets": [
                {
                    "kind": t.kind,
                    "name": t.name,
                    "title": t.title,
                    "node": t.node,
                    "label": t.label,
                    "harmful_sign": t.harmful.value,
                    "harmful_paths": [path_to_dict(p, graph, ctx) for p in t.harmful_paths],
                    "beneficial_paths": [path_to_dict(p, graph, ctx) for p in t.beneficial_paths],
                    "suggestions": [
                        {
                            "candidate": s.candidate,
                            "label": s.label,
                            "equivalent": [
                                {"id": e, "label": graph.label(e)} for e in s.equivalent
                            ],
                            "kind": s.kind,
                            "score": round(s.score, 4),
                            "blocks": [block(b) for b in s.blocks],
                            "blocked_paths": s.blocked_paths,
                            "target_sign": {
                                "before": s.target_before.value,
                                "after": s.target_after.value,
                            },
                            "changed_readouts": [
                                {
                                    "id": r,
                                    "label": graph.label(r),
                                    "before": a.value,
                                    "after": b.value,
                                }
                                for r, a, b in s.changed
                            ],
                            "new_contradictions": [
                                contradiction_to_dict(c, graph, ctx) for c in s.new_contradictions
                            ],
                            "resolved_contradictions": [
                                contradiction_to_dict(c, graph, ctx)
                                for c in s.resolved_contradictions
                            ],
                        }
                        for s in suggestions
                    ],
                    "rejected": [
                        {
                            "candidate": r.candidate,
                            "label": r.label,
                            "opposes_beneficial": [block(b) for b in r.hits],
                        }
                        for r in rejected
                    ],
                }
                for t, suggestions, rejected in self.targets
            ],
            "swaps": [
                {
                    "replaced": w.replaced,
                    "by": w.by,
                    "by_label": graph.label(w.by),
                    "score": round(w.score, 4),
                    "unknown": w.unknown,
                    **{
                        side: [
                            {"id": r.readout.id, "difference": r.word, "reason": r.reason}
                            for r in rows
                        ]
                        for side, rows in (("improved", w.improved), ("worsened", w.worsened))
                    },
                }
                for w in self.swaps
            ],
        }


def _prefix_signs(path: Path, start_sign: Sign) -> list[tuple[str, Sign]]:
    """Each node after the start with the sign the path brings to it."""
    sign, out = start_sign, []
    for edge in path.edges:
        sign = sign * edge.sign
        out.append((edge.target, sign))
    return out


def _contradiction_key(c: Contradiction) -> tuple:
    """The same contradiction before and after an addition (its sides may grow)."""
    return (c.kind, c.node, c.rule, c.pivot if c.kind == "conflicting-claims" else None)


def _targets(
    kb: KnowledgeBase, base: EffectResult, against: str | None, index: NameIndex, rules
) -> list[Target]:
    prop = base.propagation
    rule_ids = {r.id: r for r in rules}
    matched = {c.rule: c for c in base.contradictions if c.kind == "rule"}
    if against is not None and against in rule_ids:
        if against not in matched:
            raise QueryError(f"rule '{against}' does not apply to this combination")
        return [_rule_target(kb, base, rule_ids[against])]
    if against is not None:
        node = index.resolve(against).id
        readout = kb.readouts.get(node)
        if readout is None or readout.desirable not in (Sign.PLUS, Sign.MINUS):
            raise QueryError(
                f"'{against}' has no desirable direction: name a readout with one "
                f"(e.g. a cycle step or outcome) or a rule ({', '.join(sorted(rule_ids))})"
            )
        return [_trade_off_target(kb, prop, node, readout.desirable)]
    targets = []
    for item in base.effects:
        if item.contested and item.readout.desirable in (Sign.PLUS, Sign.MINUS):
            targets.append(_trade_off_target(kb, prop, item.readout.id, item.readout.desirable))
    for rule_id in matched:
        targets.append(_rule_target(kb, base, rule_ids[rule_id]))
    return targets


def _trade_off_target(kb, prop, node: str, desirable: Sign) -> Target:
    harmful = Sign.MINUS if desirable is Sign.PLUS else Sign.PLUS
    return Target(
        "trade-off",
        node,
        kb.label(node),
        harmful,
        _counted(prop.paths(node, harmful)),
        _counted(prop.paths(node, desirable)),
    )


def _counted(paths) -> tuple[Path, ...]:
    """The paths at or above the strength floor (the others never change a verdict)."""
    return tuple(p for p in paths if above_floor(p.strength))


def _rule_target(kb, base: EffectResult, rule: Rule) -> Target:
    prop = base.propagation
    directed = [c for c in rule.conditions if c.predicate in ("up", "down")]
    last = directed[-1]
    harmful = Sign.PLUS if last.predicate == "up" else Sign.MINUS
    harmful_paths = _counted(prop.paths(last.node, harmful))
    on_harm = {n for p in harmful_paths for n in p.nodes}
    beneficial: list[Path] = []
    for c in directed[:-1]:
        if c.node not in on_harm:
            beneficial += _counted(
                prop.paths(c.node, Sign.PLUS if c.predicate == "up" else Sign.MINUS)
            )
    return Target(
        "rule",
        last.node,
        kb.label(last.node),
        harmful,
        harmful_paths,
        tuple(beneficial),
        rule=rule.id,
        title=rule.title,
    )


def _ancestors(graph: MechanismGraph, nodes: set[str], context) -> set[str]:
    predecessors: dict[str, list[str]] = {}
    for edge in graph.edges():
        if edge.weight(context) > 0:
            predecessors.setdefault(edge.target, []).append(edge.source)
    seen, queue = set(nodes), deque(nodes)
    while queue:
        for pred in predecessors.get(queue.popleft(), ()):
            if pred not in seen:
                seen.add(pred)
                queue.append(pred)
    return seen


def suggest(
    kb: KnowledgeBase,
    agents: Sequence[str],
    against: str | None = None,
    context: Mapping[str, str] | None = None,
    *,
    rules: Sequence[Rule] = (),
    graph: MechanismGraph | None = None,
    index: NameIndex | None = None,
    paths: int = DEFAULT_PATHS,
    limit: int = 10,
) -> SuggestResult:
    """Candidates that block the harmful branch of each target (or of ``against``: a readout
    name or a rule id), each with its second-order consequences."""
    from mechgraph.graph.compile import compile_kb

    graph = graph or compile_kb(kb)
    index = index or NameIndex(kb)
    base = effect(kb, agents, context, rules=rules, graph=graph, index=index, paths_per_sign=paths)
    context = base.context
    search = _Search(kb, agents, context, rules, graph, index, base)
    result = SuggestResult(graph, base, context)
    for target in _targets(kb, base, against, index, rules):
        beneficial, branch = search.branch(target)
        if not branch:
            result.targets.append((target, [], []))
            continue
        suggestions, rejected = search.candidates(target, beneficial, branch)
        suggestions.sort(
            key=lambda s: (-s.score, len(s.new_contradictions), _KIND_ORDER[s.kind], s.label)
        )
        result.targets.append((target, _merge_equivalent(suggestions)[:limit], rejected))
    result.swaps = _swaps(kb, agents, context, against, rules, graph, index, limit)
    return result


_Signed = tuple[str, Sign]  # a node with the sign a path brings to it


@dataclass
class _Search:
    """One :func:`suggest` query: the combination's answer, the candidates (entities that
    are agents or carrier properties it neither gives nor reaches), and each candidate's
    propagation alone and effect once added (each computed once, for every target)."""

    kb: KnowledgeBase
    agents: Sequence[str]
    context: dict[str, str]
    rules: Sequence[Rule]
    graph: MechanismGraph
    index: NameIndex
    base: EffectResult
    given: set[str] = field(init=False)
    starts: dict[str, Sign] = field(init=False)  # the agents and inhibitions, with signs
    pool: list[str] = field(init=False)  # the candidates
    before_keys: dict[tuple, Contradiction] = field(init=False)
    alone: dict[str, Propagation] = field(default_factory=dict)
    after: dict[str, EffectResult] = field(default_factory=dict)

    def __post_init__(self) -> None:
        kb = self.kb
        self.given = {i.id for i in self.base.interventions}
        self.starts = {i.id: i.sign for i in self.base.interventions}
        reached = set(self.base.propagation.node_signs())
        self.pool = sorted(
            e.id
            for e in kb.entities.values()
            if e.id not in self.given
            and e.id not in reached
            and any(kb.is_a(e.id, cls) for cls in CANDIDATE_CLASSES)
        )
        self.before_keys = {_contradiction_key(c): c for c in self.base.contradictions}

    def branch(self, target: Target) -> tuple[dict[_Signed, None], dict[_Signed, list[Path]]]:
        """The nodes and signs of the target's beneficial paths, and its harmful branch:
        each node and sign of its harmful paths that no beneficial path brings (not the
        target node, nor an agent given), with the harmful paths through it."""
        beneficial: dict[_Signed, None] = {}
        for p in target.beneficial_paths:
            for node, sign in _prefix_signs(p, self.starts.get(p.start, Sign.PLUS)):
                beneficial[(node, sign)] = None
        branch: dict[_Signed, list[Path]] = {}
        for p in target.harmful_paths:
            for node, sign in _prefix_signs(p, self.starts.get(p.start, Sign.PLUS)):
                if (
                    node != target.node
                    and node not in self.given
                    and (node, sign) not in beneficial
                ):
                    branch.setdefault((node, sign), []).append(p)
        return beneficial, branch

    def candidates(
        self,
        target: Target,
        beneficial: Mapping[_Signed, None],
        branch: Mapping[_Signed, list[Path]],
    ) -> tuple[list[Suggestion], list[Rejected]]:
        """The candidates upstream of the branch that block it: those that spare the
        beneficial side (suggested) and those that do not (rejected)."""
        upstream = _ancestors(self.graph, {n for n, _ in branch}, self.context)
        suggestions, rejected = [], []
        for candidate in self.pool:
            if candidate not in upstream:
                continue
            prop = self.propagation_alone(candidate)
            blocks = _opposed(prop, branch)
            if not blocks:
                continue
            hits = _opposed(prop, (key for key in beneficial if key[0] != target.node))
            if hits:
                rejected.append(Rejected(candidate, self.kb.label(candidate), tuple(hits)))
                continue
            suggestions.append(self.suggestion(candidate, target, blocks, branch))
        return suggestions, rejected

    def propagation_alone(self, candidate: str) -> Propagation:
        """The candidate given alone (the strongest path of each sign)."""
        if candidate not in self.alone:
            self.alone[candidate] = propagate(
                self.graph, [Intervention(candidate)], self.context, 1
            )
        return self.alone[candidate]

    def added(self, candidate: str) -> EffectResult:
        """The effect of the combination with the candidate added."""
        if candidate not in self.after:
            self.after[candidate] = effect(
                self.kb,
                [*self.agents, candidate],
                self.context,
                rules=self.rules,
                graph=self.graph,
                index=self.index,
                paths_per_sign=1,
            )
        return self.after[candidate]

    def suggestion(
        self,
        candidate: str,
        target: Target,
        blocks: list[Block],
        branch: Mapping[_Signed, list[Path]],
    ) -> Suggestion:
        """A candidate that blocks the branch and spares the beneficial side, scored, with
        what adding it changes (readout signs, contradictions)."""
        kb, base = self.kb, self.base
        new = self.added(candidate)
        new_keys = {_contradiction_key(c): c for c in new.contradictions}
        changed = tuple(
            (a.readout.id, a.sign, b.sign)
            for a, b in zip(base.effects, new.effects, strict=True)
            if a.sign is not b.sign
        )
        blocked = {id(p) for b in blocks for p in branch[(b.node, b.harmful_sign)]}
        strongest = max(p.strength for b in blocks for p in branch[(b.node, b.harmful_sign)])
        score = strongest * max(b.path.strength for b in blocks)
        return Suggestion(
            candidate,
            kb.label(candidate),
            _kind(kb, candidate),
            tuple(sorted(blocks, key=lambda b: -b.path.strength)),
            len(blocked),
            score,
            judge(base.propagation, target.node).sign,
            judge(new.propagation, target.node).sign,
            changed,
            tuple(c for k, c in new_keys.items() if k not in self.before_keys),
            tuple(c for k, c in self.before_keys.items() if k not in new_keys),
        )


def _opposed(prop: Propagation, signed: Iterable[_Signed]) -> list[Block]:
    """Where ``prop`` brings the opposite sign (by a path at or above the floor) to one of
    the ``signed`` nodes, with its strongest such path."""
    return [
        Block(node, sign, prop.paths(node, _flip(sign))[0])
        for (node, sign) in signed
        if above_floor(prop.strength(node, _flip(sign)))
    ]


def _swaps(kb, agents, context, against, rules, graph, index, limit) -> list[Swap]:
    """Carrier swaps (:mod:`mechgraph.reasoning.swaps`); with ``against`` a readout, only
    those that improve it."""
    found = carrier_swaps(kb, agents, context, rules=rules, graph=graph, index=index)
    readout = _readout_named(kb, index, against)
    if readout is not None:
        found = [w for w in found if any(r.readout.id == readout for r in w.improved)]
    return found[:limit]


def _readout_named(kb: KnowledgeBase, index: NameIndex, name: str | None) -> str | None:
    """The readout ``--against`` names (None for a rule id, or no ``--against``)."""
    if name is None or name in kb.readouts:
        return name
    try:
        found = index.resolve(name).id
    except LookupError:  # a rule id
        return None
    return found if found in kb.readouts else None


def _merge_equivalent(suggestions: list[Suggestion]) -> list[Suggestion]:
    """Candidates with the very same outcome (e.g. formulations acting only through their
    common carrier class) become one suggestion listing the others as ``equivalent``."""
    groups: dict[tuple, list[Suggestion]] = {}
    for item in suggestions:
        groups.setdefault(item.outcome_key(), []).append(item)
    merged = []
    for members in groups.values():
        first = members[0]
        merged.append(replace(first, equivalent=tuple(m.candidate for m in members[1:])))
    return merged


def _flip(sign: Sign) -> Sign:
    return Sign.MINUS if sign is Sign.PLUS else Sign.PLUS


_KIND_ORDER = {"carrier property": 0, "agent": 1, "formulation": 2}


def _kind(kb: KnowledgeBase, node: str) -> str:
    if kb.is_a(node, "CarrierProperty"):
        return "carrier property"
    if node in kb.formulations:
        return "formulation"
    return "agent"
