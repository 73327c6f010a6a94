"""The public Python API: what ``import mechgraph`` offers, and what the CLI calls.

>>> import mechgraph
>>> answer = mechgraph.effect(["Doxil", "avelumab"], context={"pdl1": "positive"})
>>> answer.effect_on("tumour_control").sign in set(mechgraph.Sign)
True

Every function takes an optional ``kb`` (a folder or a loaded :class:`KnowledgeBase`);
without it the shipped knowledge base is used, loaded once and cached.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from mechgraph.graph.compile import compile_kb
from mechgraph.graph.mechanism_graph import MechanismGraph
from mechgraph.model.curie import resolver_url
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import Claim, Concept, Formulation, OntologyClass, Readout
from mechgraph.model.resolve import Match, NameIndex
from mechgraph.model.vocab import Sign
from mechgraph.reasoning.contradictions import Contradiction, knowledge_base_contradictions
from mechgraph.reasoning.effects import Comparison, EffectResult, ReadoutEffect
from mechgraph.reasoning.effects import compare as _compare
from mechgraph.reasoning.effects import effect as _effect
from mechgraph.sources.cache import load_cached
from mechgraph.sources.locate import default_kb_dir
from mechgraph.sources.problems import Level, ValidationError
from mechgraph.sources.rules import Rule, load_rules

if TYPE_CHECKING:
    from mechgraph.sources.loader import LoadResult

KbArg = KnowledgeBase | str | Path | None


@dataclass
class Workspace:
    """A loaded knowledge base with its compiled graph, name index and rules."""

    kb: KnowledgeBase
    graph: MechanismGraph
    index: NameIndex
    rules: list[Rule]

    @classmethod
    def of(cls, kb: KnowledgeBase, rules_dir: str | Path | None = None) -> Workspace:
        """Compile a loaded knowledge base; raise ValidationError if its rules are malformed."""
        rules, problems = load_rules(kb, rules_dir)
        if any(p.level is Level.ERROR for p in problems):
            raise ValidationError(problems)
        return cls(kb, compile_kb(kb), NameIndex(kb), rules)


@lru_cache(maxsize=8)
def _workspace_for(path: str, rules_dir: str | None) -> Workspace:
    from mechgraph.sources.loader import load_kb  # not needed when the cache answers

    return load_cached(Path(path), rules_dir, lambda: Workspace.of(load_kb(path), rules_dir))


def workspace(kb: KbArg = None, rules: str | Path | None = None) -> Workspace:
    """The (cached) workspace of a knowledge-base folder, or of an already loaded one.

    ``rules`` is the rules folder (default: the shipped ``rules/``; env MECHGRAPH_RULES).
    """
    rules_dir = str(rules) if rules is not None else os.environ.get("MECHGRAPH_RULES")
    if isinstance(kb, KnowledgeBase):
        return Workspace.of(kb, rules_dir)
    return _workspace_for(str(Path(kb) if kb is not None else default_kb_dir()), rules_dir)


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
    return ReadoutEffect(
        answer.readout,
        answer.label,
        answer.sign,
        {s: p for s, p in answer.paths.items() if s is wanted},
        answer.feedback,
    )


def compare(
    first: Sequence[str],
    second: Sequence[str],
    context: Mapping[str, str] | None = None,
    *,
    kb: KbArg = None,
) -> Comparison:
    """Two agent sets side by side per readout (e.g. ``["nab-paclitaxel"]`` vs
    ``["paclitaxel"]``)."""
    ws = workspace(kb)
    return _compare(
        ws.kb, first, second, context=context, rules=ws.rules, graph=ws.graph, index=ws.index
    )


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


def validate(
    path: str | Path | None = None,
    sources: str | Path | None = None,
    rules: str | Path | None = None,
) -> LoadResult:
    """Check a knowledge-base folder and its rules; with ``sources``, also verify every quote
    against the documents' texts."""
    from mechgraph.sources.loader import check_kb, check_quotes

    result = check_kb(path)
    rules_dir = rules if rules is not None else os.environ.get("MECHGRAPH_RULES")
    result.problems.extend(load_rules(result.kb, rules_dir)[1])
    if sources is not None:
        result.problems.extend(check_quotes(result.kb, sources))
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
    )
