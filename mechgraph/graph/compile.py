"""Compiling a knowledge base into a :class:`MechanismGraph`.

Besides one edge per (subject, object, sign) of the signed claims, compilation adds
structural edges with sign +, so that interventions reach every claim that applies to them:

* a formulation acts through its parts: ``has_carrier``, ``has_payload``, ``has_property``;
* a member acts through its classes: ``is_a`` from an entity to its type and parents, and
  from a class to its parent class (class-level claims apply to members).

>>> from mechgraph import load_kb
>>> graph = compile_kb(load_kb())
>>> any(e.relation == "has_payload" for e in graph.out_edges("abraxane"))
True
"""

from __future__ import annotations

from collections.abc import Iterator

from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import Claim
from mechgraph.model.vocab import Sign


def compile_kb(kb: KnowledgeBase) -> MechanismGraph:
    """Build the signed mechanism graph of a knowledge base."""
    graph = MechanismGraph(kb)
    for concept in kb.concepts():
        graph.successors.setdefault(concept.id, [])
    for edges in (
        _membership_edges(kb),
        _composition_edges(kb),
        _claim_edges(kb),
        _stage_edges(kb),
    ):
        for edge in edges:
            graph.add(edge)
    return graph


def _membership_edges(kb: KnowledgeBase) -> Iterator[Edge]:
    """``is_a`` from a class to its parent class, and from an entity to its type and
    parents."""
    for cls in kb.classes.values():
        if cls.parent:
            yield Edge(cls.id, cls.parent, Sign.PLUS, "is_a", origin=cls.source)
    for entity in kb.entities.values():
        for parent in dict.fromkeys((entity.type, *entity.parents)):
            if kb.concept(parent):
                yield Edge(entity.id, parent, Sign.PLUS, "is_a", origin=entity.source)


def _composition_edges(kb: KnowledgeBase) -> Iterator[Edge]:
    """A formulation's parts: ``has_carrier``, ``has_payload``, ``has_property``."""
    for form in kb.formulations.values():
        parts = [("has_carrier", form.carrier)]
        parts += [("has_payload", p) for p in form.payloads]
        parts += [("has_property", p) for p in form.properties]
        for relation, part in parts:
            yield Edge(
                form.id,
                part,
                Sign.PLUS,
                relation,
                origin=form.source,
                origin_evidence=form.evidence,
            )


def _claim_edges(kb: KnowledgeBase) -> Iterator[Edge]:
    """One edge per subject, object and sign of the signed claims that are inherited and
    not comparative."""
    grouped: dict[tuple[str, str, Sign], list[Claim]] = {}
    for claim in kb.claims:  # a comparison is a difference between arms, not an edge;
        # a claim about some members of a class ("can be designed to") is not inherited
        if claim.sign in (Sign.PLUS, Sign.MINUS) and not claim.comparative and claim.inherited:
            grouped.setdefault((claim.subject, claim.object, claim.sign), []).append(claim)
    for (subject, obj, sign), claims in grouped.items():
        yield Edge(subject, obj, sign, claims[0].relation.value, tuple(claims))


def _stage_edges(kb: KnowledgeBase) -> Iterator[Edge]:
    """``part_of`` from a cycle step to its stage."""
    for readout in kb.readouts.values():
        if readout.stage:
            yield Edge(readout.id, readout.stage, Sign.PLUS, "part_of", origin=readout.source)
