"""Plain-data (JSON-ready) forms of query results: the documented output contract."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.records import Claim, Evidence
from mechgraph.model.vocab import Sign
from mechgraph.reasoning.propagate import Feedback, Path
from mechgraph.reasoning.verdict import (
    COMPOSITION_STEP,
    DOMINANCE_RATIO,
    INHERITED_STEP,
    STEP_DECAY,
    STRENGTH_FLOOR,
    Verdict,
    above_floor,
)

if TYPE_CHECKING:
    from mechgraph.reasoning.contradictions import Contradiction
    from mechgraph.reasoning.difference import DifferenceResult
    from mechgraph.reasoning.effects import EffectResult, ReadoutEffect

SCHEMA_VERSION = 3

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
        "comparator": claim.comparator,
        "background": list(claim.background),
        "via": list(claim.via),
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
    key = (*edge.key, edge.relation)
    if memo is not None and key in memo:
        return memo[key]
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
        memo[key] = step
    return step


def path_to_dict(
    path: Path, graph: MechanismGraph, context: dict[str, str], memo: Memo | None = None
) -> dict[str, Any]:
    return {
        "sign": path.sign.value,
        "strength": _round(path.strength),
        "below_floor": not above_floor(path.strength),
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


def _round(value: float) -> float:
    """Four decimals, or four significant digits for the small strengths of long paths."""
    return round(value, 4) if value >= 0.001 or value == 0 else float(f"{value:.4g}")


def dominance_to_dict(decision: Verdict) -> dict[str, Any]:
    """How the verdict rule decided: ``outcome`` (unreached, unopposed, dominant,
    comparable, below floor), ``ratio`` (stronger / weaker support when both count),
    ``overruled`` (the weaker side when the stronger dominates) and ``set_aside`` (reached
    signs whose support is below the floor)."""
    weak = decision.overruled
    ratio = decision.ratio
    return {
        "outcome": decision.outcome,
        "ratio": None if ratio is None else round(ratio, 4),
        "overruled": None
        if weak is None
        else {"sign": weak.value, "support": _round(decision.support(weak))},
        "set_aside": [s.value for s in decision.set_aside],
    }


def verdict_rule_to_dict() -> dict[str, float]:
    """The constants of the verdict rule (:mod:`mechgraph.reasoning.verdict`)."""
    return {
        "strength_floor": STRENGTH_FLOOR,
        "dominance_ratio": DOMINANCE_RATIO,
        "step_decay": STEP_DECAY,
        "inherited_step": INHERITED_STEP,
        "composition_step": COMPOSITION_STEP,
    }


def readout_to_dict(
    item: ReadoutEffect,
    graph: MechanismGraph,
    context: dict[str, str],
    memo: Memo | None = None,
    all_paths: bool = False,
):
    """One entry of ``effects``; ``all_paths`` also lists the paths below the floor."""
    leaning = item.leaning
    signs = (Sign.PLUS, Sign.MINUS)
    return {
        "id": item.readout.id,
        "label": item.label,
        "kind": item.readout.kind.value,
        "stage": item.readout.stage,
        "sign": item.sign.value,
        "reached": [s.value for s in signs if s in item.reached],
        "desirable": item.readout.desirable.value
        if item.readout.desirable in (Sign.PLUS, Sign.MINUS)
        else None,
        "verdict": item.verdict,
        "contested": item.contested,
        "hypothesis_only": item.hypothesis_only,
        "strength": {s.value: _round(item.strength(s)) for s in signs},
        "dominance": dominance_to_dict(item.decision),
        "leaning": None
        if leaning is None
        else {"sign": leaning[0].value, "margin": round(leaning[1], 4)},
        "paths": {
            s.value: [
                path_to_dict(p, graph, context, memo)
                for p in (item.all_paths(s) if all_paths else item.paths.get(s, []))
            ]
            for s in signs
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


def effect_to_dict(result: EffectResult, all_paths: bool = False) -> dict[str, Any]:
    """The object printed by ``mechgraph effect --json`` (``--all-paths``: with the paths
    below the strength floor)."""
    graph = result.propagation.graph
    context = result.context
    memo: Memo = {}
    return {
        "schema_version": SCHEMA_VERSION,
        "verdict_rule": verdict_rule_to_dict(),
        "interventions": [
            {"query": i.query, "id": i.id, "label": i.label, "sign": i.sign.value}
            for i in result.interventions
        ],
        "context": dict(context),
        "effects": [readout_to_dict(e, graph, context, memo, all_paths) for e in result.effects],
        "contradictions": [
            contradiction_to_dict(c, graph, context, memo) for c in result.contradictions
        ],
        "comparisons": [
            {"arms": c.arms_text(), **claim_to_dict(c, graph)} for c in result.comparisons
        ],
    }


def difference_to_dict(result: DifferenceResult, all_paths: bool = False) -> dict[str, Any]:
    """The object printed by ``mechgraph effect A --vs B --json``: both arms (each as
    ``effect --json`` prints it), how their components relate, the comparisons that apply,
    and per readout the difference."""
    first, second = result.first, result.second
    graph = first.propagation.graph
    context = first.context
    memo: Memo = {}
    signs = (Sign.PLUS, Sign.MINUS)

    def arm(items: EffectResult) -> dict[str, Any]:
        data = effect_to_dict(items, all_paths)
        del data["schema_version"], data["verdict_rule"]
        return data

    def row(item) -> dict[str, Any]:
        return {
            "id": item.readout.id,
            "label": item.label,
            "kind": item.readout.kind.value,
            "first": item.first.sign.value,
            "second": item.second.sign.value,
            "difference": item.word,
            "sign": item.sign.value,
            "reason": item.reason,
            "support": {s.value: _round(item.decision.support(s)) for s in signs},
            "dominance": dominance_to_dict(item.decision),
            "paths": {
                s.value: [
                    path_to_dict(p, graph, context, memo)
                    for p in list(item.paths.get(s, []))
                    + (list(item.below_floor.get(s, [])) if all_paths else [])
                ]
                for s in signs
            },
            "nulls": [
                {
                    "claim": claim_to_dict(n.comparison.claim, graph),
                    "support": _round(n.support),
                }
                for n in item.nulls
            ],
            "overruled": [path_to_dict(p, graph, context, memo) for p in item.overruled],
        }

    return {
        "schema_version": SCHEMA_VERSION,
        "verdict_rule": verdict_rule_to_dict(),
        "context": dict(context),
        "arms": {"first": arm(first), "second": arm(second)},
        "shared": list(result.shared),
        "pairs": [list(pair) for pair in result.pairs],
        "only_first": list(result.only_first),
        "only_second": list(result.only_second),
        "comparisons": [
            {
                "claim": m.claim.id,
                "orientation": m.orientation.value,
                "first": m.first,
                "second": m.second,
                "object": m.claim.object,
                "difference": m.sign.value,
                "arms": m.claim.arms_text(),
            }
            for m in result.comparisons
        ],
        "differences": [row(item) for item in result.rows],
    }
