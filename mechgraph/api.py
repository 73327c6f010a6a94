"""The public Python API: what ``import mechgraph`` offers, and what the CLI calls.

>>> import mechgraph
>>> answer = mechgraph.effect(["Doxil", "avelumab"], context={"pdl1": "positive"})
>>> answer.effect_on("tumour_control").sign in set(mechgraph.Sign)
True

Every function takes an optional ``kb`` (a folder or a loaded :class:`KnowledgeBase`);
without it the shipped knowledge base is used, loaded once and cached.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mechgraph.graph.compile import compile_kb
from mechgraph.graph.mechanism_graph import MechanismGraph
from mechgraph.model.curie import resolver_url
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import Claim, Concept, Formulation, OntologyClass, Readout
from mechgraph.model.resolve import Match, NameIndex
from mechgraph.reasoning.effects import EffectResult
from mechgraph.reasoning.effects import effect as _effect
from mechgraph.sources.loader import LoadResult, check_kb, check_quotes, load_kb
from mechgraph.sources.locate import default_kb_dir

KbArg = KnowledgeBase | str | Path | None


@dataclass
class Workspace:
    """A loaded knowledge base with its compiled graph and name index."""

    kb: KnowledgeBase
    graph: MechanismGraph
    index: NameIndex


@lru_cache(maxsize=8)
def _workspace_for(path: str) -> Workspace:
    kb = load_kb(path)
    return Workspace(kb, compile_kb(kb), NameIndex(kb))


def workspace(kb: KbArg = None) -> Workspace:
    """The (cached) workspace of a knowledge-base folder, or of an already loaded one."""
    if isinstance(kb, KnowledgeBase):
        return Workspace(kb, compile_kb(kb), NameIndex(kb))
    return _workspace_for(str(Path(kb) if kb is not None else default_kb_dir()))


def effect(
    agents: Sequence[str],
    context: Mapping[str, str] | None = None,
    *,
    inhibit: Sequence[str] = (),
    paths: int = 3,
    kb: KbArg = None,
) -> EffectResult:
    """Net effect of a combination on every cycle stage, step and outcome.

    ``agents`` are names (id, label, synonym or brand); ``inhibit`` names entities knocked
    out for a what-if question; ``context`` holds key=value qualifiers (e.g. ``dose``).
    """
    ws = workspace(kb)
    return _effect(
        ws.kb,
        agents,
        context,
        inhibit=inhibit,
        graph=ws.graph,
        index=ws.index,
        paths_per_sign=paths,
    )


def resolve(name: str, kb: KbArg = None) -> Concept:
    """The class or entity a name stands for (UnknownNameError with suggestions otherwise)."""
    return workspace(kb).index.resolve(name)


def search(text: str, limit: int = 20, kb: KbArg = None) -> list[Match]:
    """Classes and entities whose names, identifiers or definitions contain ``text``."""
    return workspace(kb).index.search(text, limit)


def validate(path: str | Path | None = None, sources: str | Path | None = None) -> LoadResult:
    """Check a knowledge-base folder; with ``sources``, also verify quotes against the texts."""
    result = check_kb(path)
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
