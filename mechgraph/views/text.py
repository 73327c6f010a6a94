"""Plain-text rendering of results for the terminal (no colour codes, no heavy imports)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.records import Claim, Entity
from mechgraph.model.resolve import Match
from mechgraph.model.vocab import Sign
from mechgraph.reasoning.difference import DifferenceResult
from mechgraph.reasoning.effects import EffectResult, ReadoutEffect, diverse
from mechgraph.reasoning.propagate import Path
from mechgraph.reasoning.verdict import STRENGTH_FLOOR, above_floor, support_text

if TYPE_CHECKING:  # the loader is not needed to print an answer
    from mechgraph.api import ConceptReport  # the type only: views sit below the API
    from mechgraph.check import Outcome
    from mechgraph.kb.coverage import CoverageReport
    from mechgraph.kb.loader import LoadResult
    from mechgraph.model.kb import KnowledgeBase
    from mechgraph.reasoning.contradictions import Contradiction

_RELATION_SHORT = {
    "has_carrier": "carrier",
    "has_payload": "payload",
    "has_property": "property",
    "is_a": "is a",
    "part_of": "part of",
}


def _edge_tag(edge: Edge, context: dict[str, str]) -> str:
    if edge.structural:
        return _RELATION_SHORT.get(edge.relation, edge.relation)
    ids = ",".join(c.id for c in edge.applicable_claims(context))
    return f"{edge.sign.value} {ids}"


def path_line(path: Path, graph: MechanismGraph, context: dict[str, str]) -> str:
    parts = [graph.label(path.start)]
    for edge in path.edges:
        parts.append(f"-[{_edge_tag(edge, context)}]-> {graph.label(edge.target)}")
    return " ".join(parts)


def _support(item: ReadoutEffect, all_paths: bool = False) -> str:
    """The support column (sides below the floor show as ``-`` unless ``all_paths``) and the
    verdict rule's remark in brackets."""

    def fmt(sign: Sign) -> str:
        value = item.strength(sign)
        if value <= 0 or (not all_paths and not above_floor(value)):
            return "-"
        return support_text(value)

    text = f"{fmt(Sign.PLUS):>7} / {fmt(Sign.MINUS):<7}"
    note = item.remark(show_set_aside=all_paths)
    return f"{text} ({note})" if note else text.rstrip()


def _strength_text(value: float) -> str:
    """A path strength in explanations: three decimals, fewer digits for tiny values."""
    return f"{value:.3f}" if value >= 0.001 else support_text(value)


def _floor_tag(path: Path) -> str:
    return "" if above_floor(path.strength) else f" [below the floor {STRENGTH_FLOOR:g}]"


def effect_table(result: EffectResult, evidence: bool = False, all_paths: bool = False) -> str:
    """The text answer of ``mechgraph effect``; ``all_paths`` also shows the support and
    strongest paths below the strength floor (marked; they never change a verdict)."""
    graph = result.propagation.graph
    kb = graph.kb
    names = " + ".join(
        f"{i.label}{' (inhibited)' if i.sign is Sign.MINUS else ''}" for i in result.interventions
    )
    context = ", ".join(f"{k}={v}" for k, v in result.context.items()) or "none"
    lines = [f"Effect of {names}", f"context: {context}", ""]
    width = 52
    header = f"{'':<{width}} {'sign':<4}  {'verdict':<12}  {'support +/-':^17}"
    sections = [
        ("CANCER-IMMUNITY CYCLE (Sun et al. stages, Chen & Mellman steps)", ("stage", "step")),
        ("OUTCOMES", ("outcome",)),
    ]
    if any(item.readout.kind.value == "node" for item in result.effects):
        sections.append(("OTHER TARGETS", ("node",)))
    by_stage: dict[str | None, list[ReadoutEffect]] = {}
    for item in result.effects:
        by_stage.setdefault(item.readout.stage, []).append(item)
    for title, kinds in sections:
        lines += [title, header]
        for item in result.effects:
            if item.readout.kind.value not in kinds or item.readout.kind.value == "step":
                continue
            rows = [item] + (by_stage.get(item.readout.id, []) if "step" in kinds else [])
            for row in rows:
                indent = "    " if row.readout.kind.value == "step" else ""
                name = f"{indent}{row.readout.order}  {row.label}"
                if row.readout.kind.value in ("outcome", "node"):
                    name = f"   {row.label}"
                lines.append(
                    f"{name[:width]:<{width}} {row.sign.value:^4}  {row.verdict:<12}  "
                    f"{_support(row, all_paths)}"
                )
        lines.append("")
    lines.append("WHY (strongest path of each sign; claim ids in brackets)")
    for item in result.effects:
        for sign in (Sign.PLUS, Sign.MINUS):
            shown = item.all_paths(sign) if all_paths else item.paths.get(sign, [])
            for path in shown[:1]:
                lines.append(
                    f"  {item.label} {sign.value}: {path_line(path, graph, result.context)}"
                    f"{_floor_tag(path)}"
                )
                if evidence:
                    lines += _evidence_lines(path, result.context, kb)
    if not any(item.paths.get(s) for item in result.effects for s in (Sign.PLUS, Sign.MINUS)):
        lines.append("  (no readout is reached by these interventions above the strength floor)")
    hidden = sum(1 for item in result.effects for s in item.below_floor if not item.paths.get(s))
    if hidden and not all_paths:
        lines.append(
            f"  ({hidden} side(s) reached only by paths below the strength floor "
            f"{STRENGTH_FLOOR:g} are set aside; --all-paths shows them)"
        )
    lines.append("")
    if result.contradictions:
        lines.append(f"CONTRADICTIONS ({len(result.contradictions)})")
        for contradiction in result.contradictions:
            lines.append(f"  [{contradiction.kind}] {contradiction.summary}")
    else:
        lines.append("CONTRADICTIONS: none")
    if result.comparisons:
        lines += ["", "COMPARISONS ON RECORD (against another arm; ask them with --vs)"]
        for claim in result.comparisons:
            lines.append(f"  {claim_line(claim, kb) if evidence else short_claim(claim, kb)}")
    if not evidence:
        lines += ["", "Add --evidence for the quotes behind each step, or --json for everything."]
    return "\n".join(lines)


def short_claim(claim: Claim, kb: KnowledgeBase) -> str:
    """A claim in one line: id, subject, relation, object, its arms, its evidence level."""
    ev = claim.evidence
    return (
        f"{claim.id} {kb.label(claim.subject)} {claim.relation.value} {kb.label(claim.object)}"
        f"{arms_text(claim, kb)} ({ev.level.value})"
    )


def _evidence_lines(path: Path, context: dict[str, str], kb: KnowledgeBase) -> list[str]:
    out = []
    for edge in path.edges:
        for claim in edge.applicable_claims(context):
            out.append(f"      {claim_line(claim, kb)}")
            out += via_lines(claim, kb)
    return out


def via_lines(
    claim: Claim, kb: KnowledgeBase, depth: int = 1, seen: frozenset[str] = frozenset()
) -> list[str]:
    """The claims that give a claim's mechanism (``via``), indented under it, each once."""
    by_id = {c.id: c for c in kb.claims} if claim.via else {}
    out = []
    for ref in claim.via:
        if ref in seen or ref not in by_id:
            continue
        out.append(f"      {'  ' * depth}via {claim_line(by_id[ref], kb)}")
        out += via_lines(by_id[ref], kb, depth + 1, seen | {claim.id, ref})
    return out


def claim_line(claim: Claim, kb: KnowledgeBase) -> str:
    ev = claim.evidence
    refs = f" [{', '.join(ev.refs)}]" if ev.refs else ""
    context = f" ({claim.context_text()})" if claim.context else ""
    return (
        f"{claim.id} {kb.label(claim.subject)} {claim.relation.value} {kb.label(claim.object)}"
        f'{arms_text(claim, kb)}{context}: "{ev.quote}" ({ev.document}, {ev.section}{refs}; '
        f"{ev.level.value})"
    )


def arms_text(claim: Claim, kb: KnowledgeBase) -> str:
    """`` [A + B vs B]`` for a comparison of arms, with labels (empty for an absolute claim)."""
    return f" [{claim.arms_text(kb.label)}]" if claim.comparative else ""


def search_table(matches: list[Match]) -> str:
    if not matches:
        return "no match"
    lines = []
    for match in matches:
        concept = match.concept
        how = "" if match.how in ("id", "label") else f"  ({match.how}: {match.matched[:50]})"
        lines.append(f"{concept.id:<36} {concept.label:<40} {concept.type or '':<24}{how}")
    return "\n".join(lines)


def concept_text(report: ConceptReport, kb: KnowledgeBase) -> str:
    c = report.concept
    lines = [f"{c.label}  [{c.id}]", f"  kind: {report.kind}"]
    if report.type_chain:
        lines.append(f"  is a: {' < '.join(report.type_chain)}")
    parents = c.parents if isinstance(c, Entity) else ()  # a class has none
    if parents:
        lines.append(f"  member of: {', '.join(parents)}")
    if c.synonyms:
        lines.append(f"  synonyms: {', '.join(c.synonyms)}")
    for xref, url in report.xref_urls.items():
        lines.append(f"  xref: {xref}  {url}")
    if c.definition:
        lines.append(f"  definition: {c.definition}")
    if report.formulation:
        f = report.formulation
        lines.append(
            f"  carrier: {kb.label(f.carrier)}; payloads: "
            f"{', '.join(kb.label(p) for p in f.payloads)}"
            + (
                f"; properties: {', '.join(kb.label(p) for p in f.properties)}"
                if f.properties
                else ""
            )
        )
    for item in report.strategies:
        lines.append(f"  targeting strategy: {kb.label(item.strategy)}")
        if item.evidence and item.evidence.quote:
            lines.append(f'    "{item.evidence.quote}" ({item.evidence.document})')
    if report.followers:
        lines.append(f"  formulations following it: {', '.join(report.followers)}")
    if report.readout:
        r = report.readout
        lines.append(f"  readout: {r.kind.value} {r.order}, desirable {r.desirable.value}")
    if report.members:
        lines.append(f"  members: {', '.join(report.members)}")
    if report.used_in:
        lines.append(f"  used in: {', '.join(report.used_in)}")
    if c.source:
        lines.append(f"  curated at: {c.source}")
    for title, claims in (
        ("claims with it as subject", report.claims_as_subject),
        ("claims with it as object", report.claims_as_object),
    ):
        if claims:
            lines.append(f"  {title} ({len(claims)}):")
            lines += [f"    {claim_line(claim, kb)}" for claim in claims]
    return "\n".join(lines)


def validation_text(result: LoadResult, root: str, hints: bool = True) -> str:
    """The quality report: problems worst first (then by file and line), each
    ``file:line: LEVEL rule: message`` with ``  hint: ...`` below it; a summary line; notes
    on what was not checked."""
    ordered = sorted(result.problems, key=lambda p: (-p.level.rank, p.file, p.line))
    lines = []
    for problem in ordered:
        lines.append(str(problem))
        if hints and problem.hint:
            lines.append(f"  hint: {problem.hint}")
    counts = result.counts()  # those not listed included
    stats = result.kb.stats()
    lines.append(
        f"{root}: {counts['ERROR']} error(s), {counts['WARN']} warning(s), {counts['INFO']} "
        f"info; {stats['claims']} claims, {stats['entities']} entities, {stats['classes']} classes"
    )
    lines += [f"note: {note}" for note in result.notes]
    return "\n".join(lines)


def coverage_text(report: CoverageReport, show_reviewed: bool = False) -> str:
    lines = []
    for doc in dict.fromkeys(s.document for s in report.sections):
        lines.append(f"{doc} ({report.files.get(doc, '')})")
        lines.append(
            f"  {'section':<56} claims  causal  covered  reviewed  open | compar.  compared  open"
        )
        for row in (s for s in report.sections if s.document == doc):
            left = row.causal - row.covered - row.reviewed
            uncompared = row.comparative - row.compared - row.comparative_reviewed
            lines.append(
                f"  {row.section[:56]:<56} {row.claims:>6}  {row.causal:>6}  "
                f"{row.covered:>7}  {row.reviewed:>8}  {left:>4} | {row.comparative:>7}  "
                f"{row.compared:>8}  {uncompared:>4}"
            )
        lines.append("")
    for title, items in (
        ("CAUSAL SENTENCES WITHOUT A CLAIM", report.uncovered),
        ("COMPARATIVE SENTENCES WITHOUT A COMPARATOR CLAIM", report.uncompared),
    ):
        open_items = [s for s in items if not s.reviewed]
        lines.append(f"{title} ({len(open_items)} open, {len(items) - len(open_items)} reviewed)")
        for item in items:
            if item.reviewed and not show_reviewed:
                continue
            status = f" [reviewed: {item.reviewed}]" if item.reviewed else ""
            lines.append(
                f"  {report.files.get(item.document, item.document)}:{item.line} "
                f"[{item.section}] {item.text}{status}"
            )
    for doc in report.missing_documents:
        lines.append(f"note: no text for document '{doc}' in the sources folder")
    return "\n".join(lines)


def explanation_text(
    answer: ReadoutEffect,
    graph: MechanismGraph,
    context: dict[str, str],
    all_paths: bool = False,
) -> str:
    """The text answer of ``mechgraph explain``; ``all_paths`` adds the paths below the
    strength floor (marked)."""
    lines = [f"{answer.label}: {answer.sign.value} ({answer.verdict})"]
    note = answer.decision.note(show_set_aside=all_paths)
    if note:
        lines[0] += f", {note}"
    for sign in (Sign.PLUS, Sign.MINUS):
        shown = answer.all_paths(sign) if all_paths else answer.paths.get(sign, [])
        for rank, path in enumerate(shown, 1):
            lines.append(
                f"\n{sign.value} path {rank} (strength {_strength_text(path.strength)}"
                f"{_floor_tag(path).replace(' [', ', ').replace(']', '')}): "
                f"{path_line(path, graph, context)}"
            )
            lines += _evidence_lines(path, context, graph.kb)
            for edge in path.edges:
                if edge.structural and edge.origin:
                    relation = _RELATION_SHORT.get(edge.relation, edge.relation)
                    lines.append(
                        f"      {graph.label(edge.source)} {relation} "
                        f"{graph.label(edge.target)} ({edge.origin})"
                    )
    if not any(answer.paths.get(s) for s in (Sign.PLUS, Sign.MINUS)):
        if answer.below_floor and not all_paths:
            lines.append(
                f"reached only by paths below the strength floor {STRENGTH_FLOOR:g} "
                "(--all-paths shows them)"
            )
        elif not answer.below_floor:
            lines.append("not reached by these agents")
    elif answer.below_floor and not all_paths:
        lines.append(
            f"\n(paths below the strength floor {STRENGTH_FLOOR:g} are not shown; --all-paths)"
        )
    for item in answer.feedback:
        lines.append(
            f"feedback: {graph.label(item.edge.source)} -> {graph.label(item.edge.target)}"
            f" ({item.kind} loop)"
        )
    return "\n".join(lines)


def contradictions_text(found: Sequence[Contradiction]) -> str:
    if not found:
        return "no contradictions"
    lines = [f"{len(found)} contradiction(s)"]
    for item in found:
        tag = f"{item.kind}{': ' + item.rule if item.rule else ''}"
        severity = f" [{item.severity}]" if item.severity else ""
        lines.append(f"- ({tag}){severity} {item.summary}")
    return "\n".join(lines)


def difference_table(
    result: DifferenceResult, evidence: bool = False, all_paths: bool = False
) -> str:
    """The text answer of ``mechgraph effect A --vs B`` (and ``compare``): each arm's sign
    and the difference per readout, then why."""
    first, second = result.first, result.second
    graph = first.propagation.graph
    kb = graph.kb
    a = " + ".join(i.label for i in first.interventions)
    b = " + ".join(i.label for i in second.interventions)
    context = ", ".join(f"{k}={v}" for k, v in first.context.items()) or "none"
    lines = [f"Difference of {a} vs {b}", f"context: {context}"]
    if result.shared:
        lines.append(f"shared (cancel): {', '.join(kb.label(n) for n in result.shared)}")
    for x, y in result.pairs:
        lines.append(f"compared: {kb.label(x)} against {kb.label(y)}")
    lines.append("")
    width = 46
    lines.append(f"{'readout':<{width}} {'first':^5} {'second':^6}  difference")
    for row in result.rows:
        name = ("    " if row.readout.kind.value == "step" else "") + row.label
        lines.append(
            f"{name[:width]:<{width}} {row.first.sign.value:^5} {row.second.sign.value:^6}  "
            f"{row.word}"
        )
    lines += ["", "WHY (first arm minus second arm; claim ids in brackets)"]
    for row in result.rows:
        lines.append(f"  {row.label}: {row.word}: {row.reason}")
        for sign in (Sign.PLUS, Sign.MINUS):
            shown = list(row.paths.get(sign, []))
            if all_paths:
                shown += row.below_floor.get(sign, [])
            for path in shown[:1]:
                lines.append(f"      {sign.value}: {path_line(path, graph, first.context)}")
                if evidence:
                    lines += _evidence_lines(path, first.context, kb)
        for null in row.nulls:
            lines.append(f"      null: {claim_line(null.comparison.claim, kb)}")
        for path in diverse(list(row.overruled), 3):  # distinct mechanisms (JSON: all)
            lines.append(f"      overruled: {path_line(path, graph, first.context)}")
    changed = sum(1 for row in result.rows if row.word in ("higher", "lower"))
    unknown = sum(1 for row in result.rows if row.word == "unknown")
    lines.append(
        f"\n{changed} readout(s) differ, {unknown} unknown (no comparison stated, or comparable "
        "evidence both ways)."
    )
    if not evidence:
        lines.append("Add --evidence for the quotes behind each step, or --json for everything.")
    return "\n".join(lines)


def check_text(outcomes: Sequence[Outcome]) -> str:
    """The text answer of ``mechgraph check``: one line per question, then the tally."""
    lines = []
    for o in outcomes:
        q = o.question
        mark = "pass" if o.passed else ("KNOWN" if not o.counts_as_failure else "FAIL")
        if o.passed and q.status:
            mark = "pass (marked known-failure: remove the mark)"
        arms = " + ".join(q.agents) + (f" vs {' + '.join(q.vs)}" if q.vs else "")
        line = f"{mark:<5} {q.id} {q.kind}: {arms} -> {q.target}: expected {q.expect}"
        if not o.passed:
            line += f", got {o.answer}" + (f" ({o.why})" if o.why else "")
            if q.status:
                line += f"\n        why it fails: {q.note}"
        lines.append(line)
    passed = sum(o.passed for o in outcomes)
    unexpected = sum(o.counts_as_failure for o in outcomes)
    share = passed / len(outcomes) if outcomes else 1.0
    lines.append(
        f"\n{passed} of {len(outcomes)} questions pass ({share:.0%}); "
        f"{len(outcomes) - passed - unexpected} known failure(s), {unexpected} unexpected."
    )
    return "\n".join(lines)
