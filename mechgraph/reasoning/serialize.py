"""Plain-data (JSON-ready) forms of query results: the documented output contract."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.records import Claim, Evidence
from mechgraph.model.vocab import Sign
from mechgraph.reasoning.propagate import Feedback, Path

if TYPE_CHECKING:
    from mechgraph.reasoning.contradictions import Contradiction
    from mechgraph.reasoning.effects import EffectResult, ReadoutEffect

SCHEMA_VERSION = 1

STRUCTURE_TEXT = {
    "has_carrier": "{s} is carried by {t}",
    "has_payload": "{s} carries the payload {t}",
    "has_property": "{s} has the carrier property {t}",
    "is_a": "{s} is a {t}",
    "part_of": "{s} is part of {t}",
}


def evidence_to_dict(evidence: Evidence, graph: MechanismGraph) -> dict[str, Any]:
    document = graph.kb.documents.get(evidence.document)
    return {
        "document": evidence.document,
        "document_title": document.title if document else "",
        "section": evidence.section,
        "refs": list(evidence.refs),
        "quote": evidence.quote,
        "evidence_level": evidence.level.value,
        "curator": evidence.curator,
        "date": evidence.date,
    }


def claim_to_dict(claim: Claim, graph: MechanismGraph) -> dict[str, Any]:
    return {
        "claim": claim.id,
        "subject": claim.subject,
        "relation": claim.relation.value,
        "object": claim.object,
        "context": {k: sorted(v) for k, v in sorted(claim.context.items())},
        **evidence_to_dict(claim.evidence, graph),
        "note": claim.note,
        "source": str(claim.source) if claim.source else "",
    }


Memo = dict[tuple, dict[str, Any]]  # step dicts already built within one output


def structure_to_dict(edge: Edge, graph: MechanismGraph) -> dict[str, Any]:
    """The evidence of an edge without claims: the curated row (or imported line) that states
    it, in words, with the row's own evidence when it has some."""
    text = STRUCTURE_TEXT.get(edge.relation, "{s} " + edge.relation + " {t}")
    item: dict[str, Any] = {
        "statement": text.format(s=graph.label(edge.source), t=graph.label(edge.target)),
        "source": str(edge.origin) if edge.origin else "",
    }
    if edge.origin_evidence:
        item.update(evidence_to_dict(edge.origin_evidence, graph))
    return item


def step_to_dict(
    edge: Edge, graph: MechanismGraph, context: dict[str, str], memo: Memo | None = None
) -> dict[str, Any]:
    """One path step with the evidence behind it (claims, or the curated structure row).

    Paths share many steps: pass the same ``memo`` while building one output to build each
    step once (the output then holds the same dict at each place the step occurs).
    """
    if memo is not None and edge.key in memo:
        return memo[edge.key]
    step: dict[str, Any] = {
        "source": edge.source,
        "source_label": graph.label(edge.source),
        "target": edge.target,
        "target_label": graph.label(edge.target),
        "relation": edge.relation,
        "sign": edge.sign.value,
        "kind": "structure" if edge.structural else "claim",
        "weight": round(edge.weight(context), 4),
    }
    if edge.structural:
        step["evidence"] = [structure_to_dict(edge, graph)]
    else:
        step["evidence"] = [claim_to_dict(c, graph) for c in edge.applicable_claims(context)]
    if memo is not None:
        memo[edge.key] = step
    return step


def path_to_dict(
    path: Path, graph: MechanismGraph, context: dict[str, str], memo: Memo | None = None
) -> dict[str, Any]:
    return {
        "sign": path.sign.value,
        "strength": round(path.strength, 4),
        "nodes": path.nodes,
        "steps": [step_to_dict(edge, graph, context, memo) for edge in path.edges],
    }


def feedback_to_dict(item: Feedback, graph: MechanismGraph) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "loop_sign": item.loop_sign.value,
        "closing_edge": {
            "source": item.edge.source,
            "target": item.edge.target,
            "sign": item.edge.sign.value,
            "claims": [c.id for c in item.edge.claims],
        },
        "summary": (
            f"{graph.label(item.edge.source)} feeds back on {graph.label(item.edge.target)} "
            f"({item.kind} loop)"
        ),
    }


def readout_to_dict(
    item: ReadoutEffect, graph: MechanismGraph, context: dict[str, str], memo: Memo | None = None
):
    leaning = item.leaning
    return {
        "id": item.readout.id,
        "label": item.label,
        "kind": item.readout.kind.value,
        "stage": item.readout.stage,
        "sign": item.sign.value,
        "desirable": item.readout.desirable.value
        if item.readout.desirable in (Sign.PLUS, Sign.MINUS)
        else None,
        "verdict": item.verdict,
        "strength": {s.value: round(item.strength(s), 4) for s in (Sign.PLUS, Sign.MINUS)},
        "leaning": None
        if leaning is None
        else {"sign": leaning[0].value, "margin": round(leaning[1], 4)},
        "paths": {
            s.value: [path_to_dict(p, graph, context, memo) for p in item.paths.get(s, [])]
            for s in (Sign.PLUS, Sign.MINUS)
        },
        "feedback": [feedback_to_dict(f, graph) for f in item.feedback],
    }


def contradiction_to_dict(
    item: Contradiction, graph: MechanismGraph, context: dict[str, str], memo: Memo | None = None
):
    return {
        "kind": item.kind,
        "node": item.node,
        "node_label": item.node_label,
        "summary": item.summary,
        "pivot": item.pivot,
        "rule": item.rule,
        "severity": item.severity,
        "references": list(item.references),
        "sides": {
            name: [path_to_dict(p, graph, context, memo) for p in paths]
            for name, paths in item.sides.items()
        },
        "claim_sides": {
            name: [claim_to_dict(c, graph) for c in claims]
            for name, claims in item.claim_sides.items()
        },
        "claims": list(item.claims),
    }


def effect_to_dict(result: EffectResult) -> dict[str, Any]:
    """The object printed by ``mechgraph effect --json``."""
    graph = result.propagation.graph
    context = result.context
    memo: Memo = {}
    return {
        "schema_version": SCHEMA_VERSION,
        "interventions": [
            {"query": i.query, "id": i.id, "label": i.label, "sign": i.sign.value}
            for i in result.interventions
        ],
        "context": dict(context),
        "effects": [readout_to_dict(e, graph, context, memo) for e in result.effects],
        "contradictions": [
            contradiction_to_dict(c, graph, context, memo) for c in result.contradictions
        ],
    }
