"""mechgraph: mechanism network and hypothesis-reasoning engine for cancer nano-immunotherapy.

Quick start::

    import mechgraph
    answer = mechgraph.effect(["Abraxane", "atezolizumab"])
    for item in answer.effects:
        print(item.label, item.sign.value, item.verdict)
    data = answer.to_dict()          # the same JSON as ``mechgraph effect --json``

Layers, lowest first (a package imports only from its own layer and those below; checked
by ``lint-imports``, see CONTRIBUTING.md): ``model`` (records, vocabularies, identifiers,
problems and errors, the RDF vocabulary) -> ``kb`` (the curated folder: read, validate,
format, edit, quotes, coverage) -> ``graph`` (compilation, grounding and merging imported
networks) -> ``reasoning`` (propagation, verdicts, differences, contradictions,
hypotheses) -> ``io`` (file formats, both directions) and ``views`` (HTML pages, images,
heatmaps) -> ``api`` (this package's functions) -> ``cli``. Every error mechgraph raises
derives from :class:`MechgraphError`.
"""

from mechgraph.api import (
    ConceptReport,
    Workspace,
    agent_group,
    compare,
    contradictions,
    describe,
    difference,
    effect,
    explain,
    ground,
    hypothesize,
    import_network,
    merge_networks,
    resolve,
    screen,
    search,
    stratify,
    suggest,
    validate,
    view_page,
    workspace,
)
from mechgraph.graph.compile import compile_kb
from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.kb.locate import default_kb_dir
from mechgraph.model.errors import MechgraphError
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.problems import Level, Problem, ValidationError
from mechgraph.model.records import Claim, Entity, Evidence, Formulation, OntologyClass, Readout
from mechgraph.model.resolve import UnknownNameError
from mechgraph.model.version import __version__ as __version__
from mechgraph.model.vocab import EvidenceLevel, ReadoutKind, Relation, Sign
from mechgraph.reasoning.contradictions import Contradiction
from mechgraph.reasoning.difference import DifferenceResult, DifferenceRow
from mechgraph.reasoning.effects import EffectResult, QueryError, ReadoutEffect
from mechgraph.reasoning.propagate import Feedback, Intervention, Path, Propagation, propagate

_LAZY = {  # imported on first use: loading the TSV sources is not needed when the cache answers
    "LoadResult": "mechgraph.kb.loader",
    "check_kb": "mechgraph.kb.loader",
    "check_quotes": "mechgraph.kb.loader",
    "load_kb": "mechgraph.kb.loader",
    "Grounding": "mechgraph.graph.grounding",
    "ImportedNetwork": "mechgraph.io.importers",
    "Abduction": "mechgraph.reasoning.abduction",
    "Costs": "mechgraph.reasoning.abduction",
    "Hypothesis": "mechgraph.reasoning.abduction",
    "Observation": "mechgraph.reasoning.abduction",
    "ScreenResult": "mechgraph.reasoning.screen",
    "ScreenRow": "mechgraph.reasoning.screen",
    "Stratification": "mechgraph.reasoning.stratify",
    "SuggestResult": "mechgraph.reasoning.suggest",
    "Suggestion": "mechgraph.reasoning.suggest",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'mechgraph' has no attribute {name!r}")


__all__ = [
    "Abduction",
    "MechgraphError",
    "Claim",
    "ConceptReport",
    "Contradiction",
    "DifferenceResult",
    "DifferenceRow",
    "Costs",
    "Edge",
    "EffectResult",
    "Entity",
    "Evidence",
    "EvidenceLevel",
    "Feedback",
    "Formulation",
    "Hypothesis",
    "Intervention",
    "KnowledgeBase",
    "Level",
    "LoadResult",
    "MechanismGraph",
    "Observation",
    "OntologyClass",
    "Path",
    "Problem",
    "Propagation",
    "QueryError",
    "Readout",
    "ReadoutEffect",
    "ReadoutKind",
    "Relation",
    "ScreenResult",
    "ScreenRow",
    "Sign",
    "Stratification",
    "SuggestResult",
    "Suggestion",
    "UnknownNameError",
    "ValidationError",
    "Workspace",
    "agent_group",
    "check_kb",
    "check_quotes",
    "compare",
    "compile_kb",
    "contradictions",
    "default_kb_dir",
    "describe",
    "difference",
    "effect",
    "explain",
    "hypothesize",
    "load_kb",
    "propagate",
    "resolve",
    "screen",
    "search",
    "stratify",
    "suggest",
    "validate",
    "view_page",
    "workspace",
    "Grounding",
    "ImportedNetwork",
    "ground",
    "import_network",
    "merge_networks",
]
