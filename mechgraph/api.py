"""The public Python API: what ``import mechgraph`` offers, and what the CLI calls.

>>> import mechgraph
>>> answer = mechgraph.effect(["Doxil", "avelumab"], context={"pdl1": "positive"})
>>> answer.effect_on("tumour_control").sign in set(mechgraph.Sign)
True

Every function takes an optional ``kb`` (a folder or a loaded :class:`KnowledgeBase`);
without it the shipped knowledge base is used, loaded once and cached.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from mechgraph.graph.compile import compile_kb
from mechgraph.graph.mechanism_graph import MechanismGraph
from mechgraph.kb.cache import load_cached
from mechgraph.kb.locate import default_kb_dir
from mechgraph.kb.rules import Rule, load_rules
from mechgraph.model.curie import resolver_url
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.problems import Level, ValidationError
from mechgraph.model.records import (
    Claim,
    Concept,
    Formulation,
    OntologyClass,
    Readout,
    StrategyAssignment,
)
from mechgraph.model.resolve import Match, NameIndex
from mechgraph.model.vocab import Sign
from mechgraph.reasoning.contradictions import Contradiction, knowledge_base_contradictions
from mechgraph.reasoning.difference import DifferenceResult
from mechgraph.reasoning.difference import difference as _difference
from mechgraph.reasoning.effects import EffectResult, ReadoutEffect
from mechgraph.reasoning.effects import effect as _effect
from mechgraph.reasoning.screen_vs import DifferenceScreen

if TYPE_CHECKING:
    from mechgraph.kb.loader import LoadResult

#: The graph of a workspace: a :class:`MechanismGraph`, or the
#: :class:`~mechgraph.graph.merge.MergedGraph` of :func:`merge_networks`.
GraphT = TypeVar("GraphT", bound=MechanismGraph, covariant=True)


@dataclass
class Workspace(Generic[GraphT]):
    """A loaded knowledge base with its compiled graph, name index and rules
    (``Workspace[MergedGraph]`` when imported networks are merged in)."""

    kb: KnowledgeBase
    graph: GraphT
    index: NameIndex
    rules: list[Rule]

    @classmethod
    def of(
        cls: type[Workspace[MechanismGraph]],
        kb: KnowledgeBase,
        rules_dir: str | Path | None = None,
    ) -> Workspace[MechanismGraph]:
        """Compile a loaded knowledge base; raise ValidationError if its rules are malformed."""
        rules, problems = load_rules(kb, rules_dir)
        if any(p.level is Level.ERROR for p in problems):
            raise ValidationError(problems)
        return cls(kb, compile_kb(kb), NameIndex(kb), rules)


#: What the ``kb`` argument of the API's functions accepts: a knowledge-base folder, a
#: loaded knowledge base, a workspace (used as it is), or None (the shipped one).
KbArg = KnowledgeBase | Workspace[MechanismGraph] | str | Path | None


@lru_cache(maxsize=8)
def _workspace_for(path: str, rules_dir: str | None, _stamp: tuple) -> Workspace[MechanismGraph]:
    from mechgraph.kb.loader import load_kb  # not needed when the cache answers

    return load_cached(
        Path(path), rules_dir, lambda: Workspace.of(load_kb(path), rules_dir), Workspace
    )


def _stamp(*folders: Path | None) -> tuple:
    """The names, sizes and modification times of the tables in ``folders``: a workspace
    kept in memory is used again only while they are unchanged (an edit made meanwhile, by
    this process or another one, is seen)."""
    found = []
    for folder in folders:
        if folder is None:
            continue
        try:
            entries = sorted(folder.glob("*.tsv"))
        except OSError:
            continue
        for entry in entries:
            try:
                info = entry.stat()
            except OSError:
                continue
            found.append((entry.name, info.st_size, info.st_mtime_ns))
    return tuple(found)


def workspace(kb: KbArg = None, rules: str | Path | None = None) -> Workspace[MechanismGraph]:
    """The (cached) workspace of a knowledge-base folder, or of an already loaded one.

    ``rules`` is the rules folder (default: the shipped ``rules/``; env MECHGRAPH_RULES).
    A workspace passed as ``kb`` (e.g. from :func:`merge_networks`) is used as it is.
    """
    if isinstance(kb, Workspace):
        return kb
    rules_dir = str(rules) if rules is not None else os.environ.get("MECHGRAPH_RULES")
    if isinstance(kb, KnowledgeBase):
        return Workspace.of(kb, rules_dir)
    folder = (Path(kb) if kb is not None else default_kb_dir()).resolve()  # not the cwd's
    rules_folder = Path(rules_dir) if rules_dir else folder.parent / "rules"
    return _workspace_for(str(folder), rules_dir, _stamp(folder, rules_folder))


def effect(
    agents: Sequence[str],
    context: Mapping[str, str] | None = None,
    *,
    inhibit: Sequence[str] = (),
    targets: Sequence[str] = (),
    paths: int = 3,
    kb: KbArg = None,
) -> EffectResult:
    """Net effect of a combination on every cycle stage, step and outcome.

    ``agents`` are names (id, label, synonym or brand); ``inhibit`` names entities knocked
    out for a what-if question; ``context`` holds key=value qualifiers (e.g. ``dose``);
    ``targets`` restricts the report to those nodes (any node, not only readouts).
    """
    ws = workspace(kb)
    return _effect(
        ws.kb,
        agents,
        context,
        inhibit=inhibit,
        targets=targets,
        rules=ws.rules,
        graph=ws.graph,
        index=ws.index,
        paths_per_sign=paths,
    )


def explain(
    agents: Sequence[str],
    target: str,
    context: Mapping[str, str] | None = None,
    *,
    sign: Sign | str | None = None,
    inhibit: Sequence[str] = (),
    paths: int = 5,
    kb: KbArg = None,
) -> ReadoutEffect:
    """The strongest paths (``paths`` per sign, or only of ``sign``) from the agents to one
    node, each step with its evidence."""
    answer = effect(agents, context, inhibit=inhibit, targets=[target], paths=paths, kb=kb).effects[
        0
    ]
    if sign is None:
        return answer
    wanted = Sign(sign)
    return replace(
        answer,
        paths={s: p for s, p in answer.paths.items() if s is wanted},
        below_floor={s: p for s, p in answer.below_floor.items() if s is wanted},
    )


def difference(
    first: Sequence[str],
    second: Sequence[str],
    context: Mapping[str, str] | None = None,
    *,
    targets: Sequence[str] = (),
    paths: int = 3,
    kb: KbArg = None,
) -> DifferenceResult:
    """Each arm's effect and, per readout, how the first arm differs from the second
    (``higher`` / ``lower`` / ``same`` / ``unknown``, with paths and evidence), e.g.
    ``difference(["Abraxane"], ["paclitaxel"])`` or
    ``difference(["Doxil", "avelumab"], ["avelumab"], {"tumour": "ovarian"})``."""
    ws = workspace(kb)
    return _difference(
        ws.kb,
        first,
        second,
        context,
        targets=targets,
        rules=ws.rules,
        graph=ws.graph,
        index=ws.index,
        paths_per_sign=paths,
    )


#: ``compare`` is the difference of two arms (kept under its former name).
compare = difference


def contradictions(
    agents: Sequence[str] = (),
    context: Mapping[str, str] | None = None,
    *,
    kb: KbArg = None,
) -> list[Contradiction]:
    """The contradictions of a combination, or (without agents) of the whole knowledge base."""
    if agents:
        return list(effect(agents, context, kb=kb).contradictions)
    return knowledge_base_contradictions(workspace(kb).kb)


def resolve(name: str, kb: KbArg = None) -> Concept:
    """The class or entity a name stands for (UnknownNameError with suggestions otherwise)."""
    return workspace(kb).index.resolve(name)


def search(text: str, limit: int = 20, kb: KbArg = None) -> list[Match]:
    """Classes and entities whose names, identifiers or definitions contain ``text``."""
    return workspace(kb).index.search(text, limit)


def view_page(
    agents: Sequence[str] = (),
    context: Mapping[str, str] | None = None,
    *,
    targets: Sequence[str] = (),
    inhibit: Sequence[str] = (),
    paths: int = 3,
    network: str | Path | None = None,
    vs: Sequence[str] = (),
    kb: KbArg = None,
) -> tuple[str, dict]:
    """An interactive, self-contained HTML view and the data drawn in it.

    Without ``agents``: the whole knowledge base (or, with ``network``, a signed table such
    as ``../shared/data/omnipath_signed_carnival.tsv``). With ``agents``: the explanation of
    :func:`effect` for them, only the paths that carry the answer; with ``vs`` as well, the
    paths that carry the difference from that arm, each readout labelled with it.

    >>> html, data = view_page(["Abraxane", "atezolizumab"])
    >>> html.startswith("<!DOCTYPE html>") and len(data["readouts"]) > 0
    True
    """
    from mechgraph.views.build import difference_data, explanation_data, network_data
    from mechgraph.views.page import render_page

    if network is not None:
        from mechgraph.io.signed_table import load_signed_table

        data = network_data(load_signed_table(network), f"Signed network {Path(network).name}")
    elif agents and vs:
        data = difference_data(difference(agents, vs, context, targets=targets, paths=paths, kb=kb))
    elif agents:
        result = effect(agents, context, inhibit=inhibit, targets=targets, paths=paths, kb=kb)
        data = explanation_data(result)
    else:
        data = network_data(workspace(kb).graph, "mechgraph knowledge base")
    return render_page(data), data


def validate(
    path: str | Path | None = None,
    sources: str | Path | None = None,
    rules: str | Path | None = None,
    *,
    report: bool = False,
    reasoner: bool = False,
    overrides: Mapping[str, str] | None = None,
) -> LoadResult:
    """Check a knowledge-base folder and its rules; with ``sources``, also verify every quote
    against the documents' texts.

    ``report`` adds the curator's report checks (conflicting claims, records nothing refers
    to, layout; see :mod:`mechgraph.kb.report`); ``reasoner`` also checks the OWL form
    with HermiT (needs Java; a few seconds). ``overrides`` maps table names to texts checked
    instead of the files (an edit before it is written). ``result.notes`` says what was
    checked or skipped.
    """
    from mechgraph.kb import report as checks
    from mechgraph.kb.loader import check_kb, check_quotes
    from mechgraph.kb.questions import check_question_names, check_questions, quoted_records

    root = Path(path) if path is not None else default_kb_dir()
    result = check_kb(root, overrides=overrides)
    rules_dir = rules if rules is not None else os.environ.get("MECHGRAPH_RULES")
    loaded_rules, rule_problems = load_rules(result.kb, rules_dir)
    result.problems.extend(rule_problems)
    questions = root / "questions.tsv"
    asked: list = []
    if questions.is_file():  # the model tests (mechgraph check) must be well formed too
        asked, problems = check_questions(questions)
        result.problems.extend(problems + check_question_names(asked, result.kb))
    if sources is not None:
        result.problems.extend(check_quotes(result.kb, sources, quoted_records(asked)))
    else:
        result.notes.append("quotes not checked against the documents (--sources)")
    if report:
        rule_nodes = [node for rule in loaded_rules for node in rule.nodes()]
        result.problems.extend(checks.conflicting_claims(result.kb))
        result.problems.extend(checks.unused_records(result.kb, rule_nodes))
        result.problems.extend(checks.context_classes(result.kb))
        result.problems.extend(checks.layout_problems(root, overrides))
    if not reasoner:
        result.notes.append("OWL consistency not checked (--reasoner)")
    elif not result.ok:
        result.notes.append("OWL consistency not checked: fix the errors first")
    else:
        from mechgraph.io.owl import build_ontology

        problems, note = checks.owl_consistency(result.kb, build_ontology, root)
        result.problems.extend(problems)
        result.notes.append(note)
    return result


@dataclass(frozen=True)
class ConceptReport:
    """Everything the knowledge base says about one class or entity."""

    concept: Concept
    kind: str
    type_chain: list[str]
    xref_urls: dict[str, str]
    formulation: Formulation | None
    members: list[str]
    readout: Readout | None
    claims_as_subject: list[Claim]
    claims_as_object: list[Claim]
    used_in: list[str]
    #: a formulation's targeting strategies, each with the text that assigns it
    strategies: list[StrategyAssignment] = field(default_factory=list)
    #: for a targeting strategy: the formulations that follow it
    followers: list[str] = field(default_factory=list)

    def to_dict(self, graph: MechanismGraph) -> dict[str, Any]:
        """The report as ``show --json`` prints it (claims with their graph's edges)."""
        from mechgraph.reasoning.serialize import claim_to_dict

        c, f = self.concept, self.formulation
        return {
            "id": c.id,
            "label": c.label,
            "kind": self.kind,
            "type_chain": self.type_chain,
            "parents": list(getattr(c, "parents", ())),
            "synonyms": list(c.synonyms),
            "xrefs": self.xref_urls,
            "definition": c.definition,
            "formulation": None
            if f is None
            else {
                "carrier": f.carrier,
                "payloads": list(f.payloads),
                "properties": list(f.properties),
            },
            "members": self.members,
            "used_in": self.used_in,
            "strategies": [
                {
                    "strategy": a.strategy,
                    "document": a.evidence.document if a.evidence else "",
                    "quote": a.evidence.quote if a.evidence else "",
                }
                for a in self.strategies
            ],
            "followers": self.followers,
            "source": str(c.source) if c.source else "",
            "claims_as_subject": [claim_to_dict(x, graph) for x in self.claims_as_subject],
            "claims_as_object": [claim_to_dict(x, graph) for x in self.claims_as_object],
        }


def describe(name: str, kb: KbArg = None) -> ConceptReport:
    """Resolve ``name`` and gather its types, identifiers, composition and claims."""
    ws = workspace(kb)
    concept = ws.index.resolve(name)
    base = ws.kb
    start = concept.id if isinstance(concept, OntologyClass) else concept.type
    members = sorted(
        c.id
        for c in base.concepts()
        if c.id != concept.id and (c.type == concept.id or concept.id in getattr(c, "parents", ()))
    )
    used_in = sorted(
        f.id
        for f in base.formulations.values()
        if concept.id in (f.carrier, *f.payloads, *f.properties)
    )
    return ConceptReport(
        concept=concept,
        kind=concept.kind,
        type_chain=base.superclasses(start) if start else [],
        xref_urls={x: resolver_url(x) for x in concept.xrefs},
        formulation=base.formulations.get(concept.id),
        members=members,
        readout=base.readouts.get(concept.id),
        claims_as_subject=[c for c in base.claims if c.subject == concept.id],
        claims_as_object=[c for c in base.claims if c.object == concept.id],
        used_in=used_in,
        strategies=[a for a in base.strategies if a.formulation == concept.id],
        followers=base.following(concept.id) if isinstance(concept, OntologyClass) else [],
    )


# -- Hypothesis reasoning: abduction, screening, design suggestions, stratification --------

# The reasoning modules are imported when a function runs (start-up time of the CLI).
from mechgraph.reasoning.effects import QueryError  # noqa: E402

if TYPE_CHECKING:
    from mechgraph.reasoning.abduction import Abduction, Costs
    from mechgraph.reasoning.screen import Progress, ScreenResult
    from mechgraph.reasoning.stratify import Stratification
    from mechgraph.reasoning.suggest import SuggestResult

ASSUMPTION_KINDS = ("context", "claim", "branch")  # see mechgraph.reasoning.abduction.KINDS

_SIGN_WORDS = {
    "+": Sign.PLUS,
    "up": Sign.PLUS,
    "increased": Sign.PLUS,
    "-": Sign.MINUS,
    "down": Sign.MINUS,
    "decreased": Sign.MINUS,
    "0": Sign.NONE,
    "unchanged": Sign.NONE,
    "none": Sign.NONE,
}
_DIFFERENCE_WORDS = {"higher": Sign.PLUS, "lower": Sign.MINUS, "same": Sign.NONE}


def parse_observation(
    item: str | tuple[str, str | Sign], difference: bool = False
) -> tuple[str, Sign]:
    """``"NODE=SIGN"`` (SIGN ``+``, ``-`` or ``0``; also up/down/unchanged, and with
    ``difference`` higher/lower/same, a difference between arms) or a pair.

    >>> parse_observation("immunotherapy efficacy=0")
    ('immunotherapy efficacy', <Sign.NONE: '0'>)
    >>> parse_observation("immunotherapy efficacy=same", difference=True)
    ('immunotherapy efficacy', <Sign.NONE: '0'>)
    """
    if isinstance(item, str):
        name, sep, sign = item.rpartition("=")
        if not sep or not name.strip():
            raise QueryError(f"observation '{item}' must be NODE=SIGN with SIGN +, - or 0")
    else:
        name, sign = item
    if isinstance(sign, Sign):
        if sign is Sign.AMBIGUOUS:
            raise QueryError("an observation is +, - or 0, not ?")
        return name.strip(), sign
    word = str(sign).strip().lower()
    if word in _DIFFERENCE_WORDS and not difference:
        raise QueryError(
            f"'{word}' is a difference between two arms: give the baseline arm "
            "(--vs AGENT), or observe +, - or 0 against no treatment"
        )
    value = _SIGN_WORDS.get(word, _DIFFERENCE_WORDS.get(word))
    if value is None:
        raise QueryError(
            f"observed sign '{sign}' must be +, - or 0 (or up, down, unchanged; "
            "higher, lower, same for a difference from --vs)"
        )
    return name.strip(), value


def hypothesize(
    agents: Sequence[str],
    observe: Mapping[str, str | Sign] | Sequence[str | tuple[str, str | Sign]],
    context: Mapping[str, str] | None = None,
    *,
    vs: Sequence[str] = (),
    inhibit: Sequence[str] = (),
    assume: Sequence[str] = ASSUMPTION_KINDS,
    zero: str = "strict",
    top: int = 10,
    costs: Costs | None = None,
    time_limit: float | None = 60.0,
    kb: KbArg = None,
) -> Abduction:
    """Abduction: the cheapest minimal sets of assumptions (context values, claims taken
    not to hold, inactive branches) under which the knowledge base predicts the observations.

    ``observe`` maps node names to ``+``, ``-`` or ``0`` (or lists ``"NODE=SIGN"``);
    ``assume`` restricts the kinds of assumption; ``zero`` is ``"strict"`` (an unchanged node
    receives no influence) or ``"cancel"`` (opposite influences may cancel). With ``vs`` (the
    agents of a baseline arm) the observations are differences of ``agents`` from that arm:
    ``higher``, ``lower`` or ``same`` (or ``+``, ``-``, ``0``), as a trial reports them; see
    :mod:`mechgraph.reasoning.difference_abduction`. The result's ``consistent`` is False,
    with ``conflict`` and ``reason``, when nothing explains the observations; ``complete`` is
    False when ``time_limit`` (seconds) stopped the search. See
    :mod:`mechgraph.reasoning.abduction`.

    >>> import mechgraph
    >>> answer = mechgraph.hypothesize(["Doxil", "avelumab"], {"immunotherapy efficacy": "0"})
    >>> answer.consistent
    True
    >>> answer = mechgraph.hypothesize(["Doxil", "avelumab"],
    ...     {"immunotherapy efficacy": "same"}, {"tumour": "ovarian"}, vs=["avelumab"])
    >>> [c.id for c in answer.null_results]  # JAVELIN Ovarian 200
    ['C0103']
    """
    from mechgraph.reasoning.abduction import Observation, abduce
    from mechgraph.reasoning.difference_abduction import abduce_difference
    from mechgraph.reasoning.effects import check_context
    from mechgraph.reasoning.propagate import Intervention

    ws = workspace(kb)
    context = check_context(ws.kb, context or {})
    pairs = list(observe.items()) if isinstance(observe, Mapping) else list(observe)
    observations = []
    for item in pairs:
        name, sign = parse_observation(item, difference=bool(vs))
        observations.append(Observation(ws.index.resolve(name).id, sign))
    if not observations:
        raise QueryError("give at least one observation (--observe NODE=SIGN)")
    if len({o.node for o in observations}) < len(observations):
        raise QueryError("a node is observed twice")
    if vs and inhibit:
        raise QueryError("--inhibit cannot be combined with --vs (compare two arms of agents)")
    try:
        if vs:
            return abduce_difference(
                ws.kb,
                agents,
                vs,
                observations,
                context,
                graph=ws.graph,
                index=ws.index,
                kinds=assume,
                costs=costs,
                zero=zero,
                top=top,
                time_limit=time_limit,
            )
        interventions = [Intervention(ws.index.resolve(a).id) for a in agents]
        interventions += [Intervention(ws.index.resolve(a).id, Sign.MINUS) for a in inhibit]
        if not interventions:
            raise QueryError("give at least one agent")
        return abduce(
            ws.graph,
            interventions,
            observations,
            context,
            kinds=assume,
            costs=costs,
            zero=zero,
            top=top,
            time_limit=time_limit,
        )
    except ValueError as exc:
        raise QueryError(str(exc)) from None


def agent_group(spec: str | Sequence[str] | None, kb: KbArg = None) -> list[str]:
    """Agent ids from names and classes: ``"Formulation"`` (every member of the class),
    ``"CancerCellTargeting"`` (the formulations that follow a targeting strategy),
    ``"Doxil,Abraxane"`` or a list of names; None: every agent of the knowledge base."""
    from mechgraph.model.records import OntologyClass as _Class

    ws = workspace(kb)
    base = ws.kb
    if spec is None:
        names = ["Agent"]
    elif isinstance(spec, str):
        names = [n.strip() for n in spec.split(",") if n.strip()]
    else:
        names = list(spec)
    if not names:
        raise QueryError("empty agent list")
    found: dict[str, None] = {}
    for name in names:
        concept = ws.index.resolve(name)
        if isinstance(concept, _Class):
            members = sorted(e for e in base.entities if base.is_a(e, concept.id))
            members = members or base.following(concept.id)  # a targeting strategy
            if not members:
                raise QueryError(f"the class '{concept.label}' has no member in the knowledge base")
            found.update(dict.fromkeys(members))
        else:
            found[concept.id] = None
    return list(found)


def screen(
    agents: str | Sequence[str] | None = None,
    partners: str | Sequence[str] | None = None,
    *,
    size: int = 2,
    context: Mapping[str, str] | None = None,
    exact: bool | None = None,
    progress: Progress | None = None,
    vs: Sequence[str] = (),
    kb: KbArg = None,
) -> ScreenResult | DifferenceScreen:
    """Rank every combination by a transparent score over the cycle steps and outcomes.

    Without ``partners``: every ``size``-combination of ``agents``; with ``partners``:
    ``size - 1`` of ``agents`` plus one partner (e.g. every formulation with every checkpoint
    inhibitor: ``screen("Formulation", "ImmuneCheckpointInhibitor")``). Classes expand to their
    members (see :func:`agent_group`). See :mod:`mechgraph.reasoning.screen` for the score.
    With ``vs`` (agent names, or ``["partner"]``: each combination's partner alone), rank by
    the difference from that baseline instead (:mod:`mechgraph.reasoning.screen_vs`).
    """
    from itertools import combinations, product

    from mechgraph.model.vocab import ReadoutKind
    from mechgraph.reasoning.effects import check_context
    from mechgraph.reasoning.screen import screen_combinations

    if not 1 <= size <= 3:
        raise QueryError("--size must be 1, 2 or 3")
    ws = workspace(kb)
    context = check_context(ws.kb, context or {})
    first = agent_group(agents, kb=kb)
    if partners is None:
        combos = list(combinations(first, size))
    else:
        second = agent_group(partners, kb=kb)
        combos = [
            (*group, partner)
            for group, partner in product(combinations(first, size - 1), second)
            if partner not in group
        ]
    if not combos:
        raise QueryError("no combination to screen (too few agents for --size)")
    order = {ReadoutKind.STEP: 0, ReadoutKind.OUTCOME: 1}
    readouts = sorted(
        (r for r in ws.kb.readouts.values() if r.kind in order),
        key=lambda r: (order[r.kind], r.order),
    )
    if vs:
        from mechgraph.reasoning.screen_vs import PARTNER, screen_against

        if list(vs) == [PARTNER]:
            if partners is None:
                raise QueryError("--vs partner needs --with (the partners)")
            baseline = [PARTNER]
        else:
            baseline = [ws.index.resolve(name).id for name in vs]
        return screen_against(
            ws.kb,
            combos,
            baseline,
            context,
            partners=agent_group(partners, kb=kb) if partners is not None else (),
            readouts=readouts,
            rules=ws.rules,
            graph=ws.graph,
            index=ws.index,
            progress=progress,
        )
    return screen_combinations(
        ws.graph, combos, readouts, context, rules=ws.rules, exact=exact, progress=progress
    )


def suggest(
    agents: Sequence[str],
    against: str | None = None,
    context: Mapping[str, str] | None = None,
    *,
    paths: int = 3,
    limit: int = 10,
    kb: KbArg = None,
) -> SuggestResult:
    """Entities or carrier properties whose addition blocks the harmful side of a trade-off
    (``against``: a readout name or a rule id; default: every trade-off and rule of the
    combination) while sparing the beneficial side, each with the contradictions it brings.

    >>> import mechgraph
    >>> found = mechgraph.suggest(["Abraxane"], "immunogenicity_vs_mps")
    >>> found.targets[0][1][0].candidate
    'pegylated_surface'
    """
    from mechgraph.reasoning.suggest import suggest as _suggest

    ws = workspace(kb)
    return _suggest(
        ws.kb,
        agents,
        against,
        context,
        rules=ws.rules,
        graph=ws.graph,
        index=ws.index,
        paths=paths,
        limit=limit,
    )


def stratify(
    agents: Sequence[str],
    by: str,
    context: Mapping[str, str] | None = None,
    *,
    inhibit: Sequence[str] = (),
    vs: Sequence[str] = (),
    targets: Sequence[str] = (),
    kb: KbArg = None,
) -> Stratification:
    """The effect of a combination with the context key ``by`` unset and under each of its
    values (e.g. ``by="pdl1"``: positive / negative), readouts that change marked; with
    ``vs``, the difference from that arm per stratum. ``by`` may also name a carrier property
    (``"pegylation"``, ``"size"``...): the agents' formulations are then redesigned without
    and with each property of that kind (:mod:`mechgraph.reasoning.stratify`)."""
    from mechgraph.reasoning.stratify import stratify as _stratify

    ws = workspace(kb)
    return _stratify(
        ws.kb,
        agents,
        by,
        context,
        inhibit=inhibit,
        vs=vs,
        targets=targets,
        rules=ws.rules,
        graph=ws.graph,
        index=ws.index,
    )


# -- Imported networks: importers, grounding, merging (see docs/import.md) ------------------

if TYPE_CHECKING:  # imported when first used: most commands never import a network
    from mechgraph.graph.grounding import Grounding
    from mechgraph.graph.merge import MergedGraph
    from mechgraph.io.importers import ImportedNetwork

DEFAULT_IMPORTED_WEIGHT = 0.3  # = mechgraph.graph.merge.DEFAULT_IMPORTED_WEIGHT (tested)


def import_network(
    format: str,
    path: str | Path,
    *,
    name: str | None = None,
    columns: Mapping[str, str] | str | None = None,
    strict: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportedNetwork:
    """Read a signed network file: ``format`` is ``sif``, ``table`` (``tsv``, ``csv``;
    OmniPath and SIGNOR columns are recognised), ``bel`` (needs PyBEL), ``bnet``, ``aeon``
    or ``sbml-qual``. ``columns`` maps roles to a table's columns (``{"source": "geneA",
    "target": "geneB", "sign": "mode"}`` or ``"source=geneA,target=geneB,sign=mode"``).
    All or nothing: ValidationError lists every malformed line (file and line). Warnings
    (file and line) are in ``.warnings``; ``strict=True`` makes them errors.

    >>> import mechgraph, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.sif"
    >>> _ = path.write_text("IFNG 1 CD274\\nCD274 -1 MAPK1\\n")
    >>> [e.key for e in mechgraph.import_network("sif", path).edges]
    [('IFNG', 'CD274', '+'), ('CD274', 'MAPK1', '-')]
    """
    from mechgraph.io import importers
    from mechgraph.io.table import parse_columns

    if isinstance(columns, str):
        columns = parse_columns(columns)
    return importers.import_network(
        format,
        path,
        name=name,
        columns=dict(columns) if columns else None,
        progress=progress,
        strict=strict,
    )


def ground(network: ImportedNetwork, kb: KbArg = None) -> Grounding:
    """Which knowledge-base concept each node of an imported network stands for
    (cross-references, then names and synonyms): ``.matched``, ``.ambiguous``,
    ``.unmatched``, ``.mapping()``, ``.to_dict()``. See :mod:`mechgraph.graph.grounding`.
    """
    from mechgraph.graph.grounding import ground as _ground

    return _ground(network, workspace(kb).kb)


def merge_networks(
    networks: Sequence[str | Path | ImportedNetwork],
    kb: KbArg = None,
    *,
    imported_weight: float = DEFAULT_IMPORTED_WEIGHT,
    imports: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Workspace[MergedGraph]:
    """The knowledge base with imported networks merged in, as a workspace to pass as ``kb``
    to :func:`effect`, :func:`explain`, :func:`hypothesize`, :func:`view_page`...

    A network is an :class:`ImportedNetwork`, a file (``FORMAT:FILE`` or a file whose
    extension gives the format) or the name of a network saved by ``mechgraph import``
    (``imports/NAME.tsv``; ``imports`` or ``$MECHGRAPH_IMPORTS`` says where). Imported edges
    weigh ``imported_weight`` (default 0.3, less than curated evidence); the merge reports
    are ``result.graph.merges``. See :mod:`mechgraph.graph.merge`.

    >>> import mechgraph, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.sif"
    >>> _ = path.write_text("CD274 -1 MAPK1\\n")
    >>> merged = mechgraph.merge_networks([path])
    >>> mechgraph.explain(["atezolizumab"], "MAPK1", kb=merged).sign.value
    '+'
    """
    from mechgraph.graph.grounding import Grounder
    from mechgraph.graph.merge import MergedIndex, merge
    from mechgraph.io.importers import ImportedNetwork, load_network, locate_network
    from mechgraph.kb.cache import cached, file_digest, sources_key

    def build() -> Workspace[MergedGraph]:
        ws = workspace(kb)
        grounder = Grounder(ws.kb)
        loaded = [load_network(n, imports, progress=progress) for n in networks]
        graph = merge(
            ws.graph,
            [(n, grounder.ground(n)) for n in loaded],
            weight=imported_weight,
            progress=progress,
        )
        graph.arrays()  # built once, stored with the cached workspace
        return Workspace(ws.kb, graph, MergedIndex(ws.index, graph), ws.rules)

    if isinstance(kb, KnowledgeBase | Workspace) or any(
        isinstance(n, ImportedNetwork) for n in networks
    ):
        return build()
    # Files on disk: cache the merged workspace, keyed by the KB, the rules, the networks'
    # bytes, their formats and the weight, so a second run does not parse or ground again.
    kb_dir = Path(kb) if kb is not None else default_kb_dir()
    located = [locate_network(str(n), imports) for n in networks]
    try:
        key = "|".join(
            [
                sources_key(kb_dir, os.environ.get("MECHGRAPH_RULES")),
                file_digest([path for _, path in located]),
                ",".join(fmt.name for fmt, _ in located),
                repr(imported_weight),
            ]
        )
    except OSError:  # an unreadable source: building reports it
        return build()
    return cached(hashlib.sha256(key.encode()).hexdigest()[:32], build, Workspace)


# -- files, checks and queries for the faces (the command line calls these) ----------------

#: Names the faces need, from the layers below, loaded on first use (a fast start-up):
#: ``from mechgraph.api import OutputError`` works as if they were defined here.
_LAZY = {
    "check_name": "mechgraph.io.importers",
    "imports_dir": "mechgraph.io.importers",
    "resolve_format": "mechgraph.io.importers",
    "parse_columns": "mechgraph.io.table",
    "EditError": "mechgraph.kb.edit",
    "check_editable": "mechgraph.kb.edit",
    "edit_lock": "mechgraph.kb.edit",
    "check_kb": "mechgraph.kb.loader",
    "outcomes_to_dict": "mechgraph.check",
    "read_questions": "mechgraph.check",
    "run_questions": "mechgraph.check",
    "MissingDependency": "mechgraph.io.bel",
    "NetworkRefused": "mechgraph.io.sparql",
    "QueryFailure": "mechgraph.io.sparql",
    "OutputError": "mechgraph.io.write",
    "check_output": "mechgraph.io.write",
    "write_all_atomically": "mechgraph.io.write",
    "write_atomically": "mechgraph.io.write",
    "display_path": "mechgraph.kb.locate",
    "MechgraphError": "mechgraph.model.errors",
    "Problem": "mechgraph.model.problems",
    "at_or_above": "mechgraph.model.problems",
    "UnknownNameError": "mechgraph.model.resolve",
    "EvidenceLevel": "mechgraph.model.vocab",
    "Relation": "mechgraph.model.vocab",
    "claim_to_dict": "mechgraph.reasoning.serialize",
    "contradiction_to_dict": "mechgraph.reasoning.serialize",
    "readout_to_dict": "mechgraph.reasoning.serialize",
}

if TYPE_CHECKING:  # the same names for the type checker (``import X as X``: re-exported)
    from mechgraph.check import outcomes_to_dict as outcomes_to_dict
    from mechgraph.check import read_questions as read_questions
    from mechgraph.check import run_questions as run_questions
    from mechgraph.io.bel import MissingDependency as MissingDependency
    from mechgraph.io.importers import check_name as check_name
    from mechgraph.io.importers import imports_dir as imports_dir
    from mechgraph.io.importers import resolve_format as resolve_format
    from mechgraph.io.sparql import NetworkRefused as NetworkRefused
    from mechgraph.io.sparql import QueryFailure as QueryFailure
    from mechgraph.io.table import parse_columns as parse_columns
    from mechgraph.io.write import OutputError as OutputError
    from mechgraph.io.write import check_output as check_output
    from mechgraph.io.write import write_all_atomically as write_all_atomically
    from mechgraph.io.write import write_atomically as write_atomically
    from mechgraph.kb.edit import EditError as EditError
    from mechgraph.kb.edit import check_editable as check_editable
    from mechgraph.kb.edit import edit_lock as edit_lock
    from mechgraph.kb.loader import check_kb as check_kb
    from mechgraph.kb.locate import display_path as display_path
    from mechgraph.model.errors import MechgraphError as MechgraphError
    from mechgraph.model.problems import Problem as Problem
    from mechgraph.model.problems import at_or_above as at_or_above
    from mechgraph.model.resolve import UnknownNameError as UnknownNameError
    from mechgraph.model.vocab import EvidenceLevel as EvidenceLevel
    from mechgraph.model.vocab import Relation as Relation
    from mechgraph.reasoning.serialize import claim_to_dict as claim_to_dict
    from mechgraph.reasoning.serialize import contradiction_to_dict as contradiction_to_dict
    from mechgraph.reasoning.serialize import readout_to_dict as readout_to_dict


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mechgraph.api' has no attribute {name!r}")


if TYPE_CHECKING:
    from mechgraph.io.exporters import ExportFormat
    from mechgraph.kb.coverage import CoverageReport


def questions_file(kb: str | Path | None = None) -> Path:
    """The questions of a knowledge-base folder (``questions.tsv`` in it; the shipped one
    when ``kb`` is None)."""
    return (Path(kb) if kb else default_kb_dir()) / "questions.tsv"


def coverage(sources: str | Path, kb: KbArg = None) -> CoverageReport:
    """Which causal and comparative sentences of the documents in ``sources`` no claim
    covers (:func:`mechgraph.kb.coverage.coverage`)."""
    from mechgraph.kb.coverage import coverage as _coverage

    return _coverage(workspace(kb).kb, Path(sources))


def export_formats() -> dict[str, ExportFormat]:
    """Every export format by name (``owl``, ``ttl``, ``jsonld``, ``nt``, ``graphml``,
    ``cx2``, ``sif``, ``json``), each with the file name ``export --all`` writes.

    >>> export_formats()["cx2"].filename
    'mechgraph.cx2'
    """
    from mechgraph.io.exporters import FORMATS

    return dict(FORMATS)


def export(fmt: str, kb: KbArg = None) -> bytes:
    """The knowledge base in format ``fmt`` (the same knowledge base, the same bytes;
    ValueError naming the formats for an unknown one)."""
    from mechgraph.io.exporters import export_bytes

    return export_bytes(workspace(kb).kb, fmt)


def export_all(folder: str | Path, kb: KbArg = None) -> list[Path]:
    """Write every format into ``folder`` (created if missing, not its parents), each file
    atomically; the targets are checked before the knowledge base is loaded, so a bad
    folder fails at once (:class:`OutputError`)."""
    from mechgraph.io.exporters import export_all as _export_all
    from mechgraph.io.write import check_folder, check_output

    target = Path(folder)
    if check_folder(target):
        for each in export_formats().values():
            check_output(target / each.filename)
    return _export_all(workspace(kb).kb, target)


@dataclass(frozen=True)
class SparqlAnswer:
    """The result of :func:`sparql` as text (a table, or JSON) and, when the query asked
    for it, how many claims of an explanation were added as ``mg:answer``."""

    text: str
    answer_claims: int | None = None
    answer_label: str = ""


def sparql_bindings(items: Sequence[str]) -> dict:
    """``name=value`` bindings of ``sparql --bind`` (QueryFailure on a malformed one)."""
    from mechgraph.io.sparql import parse_binding

    return dict(parse_binding(item) for item in items)


def sparql_requirements(query: str, bindings: Mapping, has_target: bool) -> list[str]:
    """What a query file says it needs (its header comments) and was not given."""
    from mechgraph.io.sparql import missing_requirements

    return missing_requirements(query, bindings, has_target)


def sparql(
    query: str,
    bindings: Mapping | None = None,
    *,
    agents: Sequence[str] = (),
    target: str | None = None,
    context: Mapping[str, str] | None = None,
    paths: int = 3,
    as_json: bool = False,
    allow_network: bool = False,
    kb: KbArg = None,
) -> SparqlAnswer:
    """Run a SPARQL query over the knowledge base's RDF graph. With ``agents`` and
    ``target``, the claims on the paths of :func:`explain` are added first as ``mg:answer``.
    The query cannot reach the network unless ``allow_network`` (then ``NetworkRefused``
    never fires and a silent endpoint times out after 60 s); a bad query raises
    ``QueryFailure`` (both from :mod:`mechgraph.io.sparql`)."""
    from mechgraph.io.rdf import build_graph
    from mechgraph.io.sparql import add_answer, forbid_network, result_json, result_text, run_query

    graph = build_graph(workspace(kb).kb)
    count, label = None, ""
    if target is not None:
        answer = explain(list(agents), target, context, paths=paths, kb=kb)
        agent_ids = [resolve(name, kb=kb).id for name in agents]
        count, label = add_answer(graph, answer, agent_ids, dict(context or {})), answer.label
    if allow_network:
        import socket

        socket.setdefaulttimeout(60)  # a silent endpoint is an error, not a hang
    else:
        forbid_network()
    result = run_query(graph, query, dict(bindings or {}), allow_network=allow_network)
    text = result_json(result, graph) if as_json else result_text(result, graph)
    return SparqlAnswer(text, count, label)


# -- curation: the curated folder edited safely ---------------------------------------------

if TYPE_CHECKING:
    from mechgraph.kb.edit import Insertion
    from mechgraph.kb.format import TableLayout


@dataclass(frozen=True)
class RowAddition:
    """What :func:`add_row` did: the planned row (``insertion``), whether it was written, the
    problems the change would bring (``new``) and, when it fails validation, every error
    with it (``errors``; nothing is written then) and how many of them were there before."""

    insertion: Insertion
    written: bool
    new: list[Problem]
    errors: list[Problem]
    errors_before: int


def add_row(
    root: str | Path,
    table: str,
    values: Mapping[str, str],
    *,
    sources: str | Path | None = None,
    dry_run: bool = False,
) -> RowAddition:
    """Add one row to ``root/table`` (a claim without an id gets the next free one) after
    validating the whole knowledge base with it (quotes too, with ``sources``); written
    atomically, and only if it adds no error and the file did not change meanwhile (else
    :class:`~mechgraph.kb.edit.EditError`). Call it under :func:`edit_lock` when others may
    edit the same folder.
    """
    from mechgraph import api  # validate looked up at call time (a test stands in for it)
    from mechgraph.io.write import write_atomically as _write
    from mechgraph.kb.edit import EditError, next_claim_id, plan_row, unchanged

    root = Path(root)
    values = dict(values)
    if table == "claims.tsv" and not values.get("id"):
        values["id"] = next_claim_id(root)
    insertion = plan_row(root, table, values)

    def key(problem: Problem) -> tuple[str, Level, str]:
        return (problem.rule, problem.level, problem.message)

    before = api.validate(root, sources, report=True)
    after = api.validate(root, sources, report=True, overrides={table: insertion.new_text})
    old = {key(p) for p in before.problems}
    new = [p for p in after.problems if key(p) not in old]
    errors = [p for p in after.problems if p.level is Level.ERROR]
    if errors:
        earlier = sum(1 for p in errors if key(p) in old)
        return RowAddition(insertion, False, new, errors, earlier)
    if not dry_run:
        if not unchanged(insertion):
            raise EditError(
                f"{insertion.display} changed while the edit was checked; nothing written"
            )
        _write(insertion.path, insertion.new_text)
    return RowAddition(insertion, not dry_run, new, [], 0)


@dataclass(frozen=True)
class Formatting:
    """What :func:`format_kb` found: every table's layout, those that change, those
    written and those that cannot be laid out safely (left as they are)."""

    tables: list[TableLayout]
    written: list[TableLayout]

    @property
    def changed(self) -> list[TableLayout]:
        return [t for t in self.tables if t.changed]

    @property
    def broken(self) -> list[TableLayout]:
        return [t for t in self.tables if t.error is not None]


def format_kb(root: str | Path, write: bool = True) -> Formatting:
    """Lay out every table of ``root`` canonically (``mechgraph fmt``); with ``write``, the
    changed ones are rewritten atomically (content unchanged; twice changes nothing)."""
    from mechgraph.io.write import write_atomically as _write
    from mechgraph.kb.format import kb_layout

    tables = kb_layout(Path(root))
    written = []
    for table in tables:
        if table.changed and write:
            _write(table.path, table.new or "")
            written.append(table)
    return Formatting(tables, written)


def save_import(
    network: ImportedNetwork, grounding: Grounding, folder: str | Path | None = None
) -> list[Path]:
    """Save an imported network, normalised, as ``FOLDER/NAME.tsv`` with its grounding
    table ``FOLDER/NAME.grounding.tsv`` (both or neither; ``folder`` defaults to the
    imports folder, created if missing), so that queries can merge it by name."""
    from mechgraph.io.importers import imports_dir
    from mechgraph.io.write import write_all_atomically as _write_all

    target = Path(folder) if folder is not None else imports_dir()
    files = [
        (target / f"{network.name}.tsv", network.to_tsv()),
        (target / f"{network.name}.grounding.tsv", grounding.to_tsv()),
    ]
    _write_all(files, make_parents=True)
    return [path for path, _ in files]
