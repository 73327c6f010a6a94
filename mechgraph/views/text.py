"""Plain-text rendering of results for the terminal (no colour codes, no heavy imports): the
one renderer module, a function per answer of the command line (``effect_table``,
``hypotheses_text``, ``screen_table``...), called by :mod:`mechgraph.cli`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.records import Claim, Entity
from mechgraph.model.resolve import Match
from mechgraph.model.vocab import DIFFERENCE_WORDS, Sign
from mechgraph.reasoning.difference import DifferenceResult, DifferenceRow
from mechgraph.reasoning.effects import EffectResult, ReadoutEffect, diverse
from mechgraph.reasoning.propagate import Path
from mechgraph.reasoning.screen_vs import SYMBOL
from mechgraph.reasoning.stratify import differs, is_changed, is_shifted
from mechgraph.reasoning.verdict import STRENGTH_FLOOR, above_floor, support_text

if TYPE_CHECKING:  # the loader is not needed to print an answer
    from mechgraph.api import ConceptReport, Formatting  # types only: views sit below the API
    from mechgraph.check import Outcome
    from mechgraph.graph.grounding import Grounding
    from mechgraph.kb.coverage import CoverageReport
    from mechgraph.kb.loader import LoadResult
    from mechgraph.model.imported import ImportedNetwork
    from mechgraph.model.kb import KnowledgeBase
    from mechgraph.reasoning.abduction import Abduction, Assumption
    from mechgraph.reasoning.contradictions import Contradiction
    from mechgraph.reasoning.screen import ScreenResult
    from mechgraph.reasoning.screen_vs import DifferenceScreen
    from mechgraph.reasoning.stratify import Stratification
    from mechgraph.reasoning.suggest import Rejected, Suggestion, SuggestResult, Target

_RELATION_SHORT = {
    "has_carrier": "carrier",
    "has_payload": "payload",
    "has_property": "property",
    "is_a": "is a",
    "part_of": "part of",
}


def _edge_tag(edge: Edge, context: dict[str, str]) -> str:
    """The tag of a path's step: its relation (structural) or its sign and claim ids."""
    if edge.structural:
        return _RELATION_SHORT.get(edge.relation, edge.relation)
    ids = ",".join(c.id for c in edge.applicable_claims(context))
    return f"{edge.sign.value} {ids}"


def path_line(path: Path, graph: MechanismGraph, context: dict[str, str]) -> str:
    """A path in one line: each node, and each step's sign and claim ids in brackets."""
    parts = [graph.label(path.start)]
    for edge in path.edges:
        parts.append(f"-[{_edge_tag(edge, context)}]-> {graph.label(edge.target)}")
    return " ".join(parts)


def context_text(context: Mapping[str, str]) -> str:
    """A query's context in one line: ``key=value, ...`` (``none`` without any)."""
    return ", ".join(f"{k}={v}" for k, v in context.items()) or "none"


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
    kb = result.propagation.graph.kb
    names = " + ".join(
        f"{i.label}{' (inhibited)' if i.sign is Sign.MINUS else ''}" for i in result.interventions
    )
    lines = [f"Effect of {names}", f"context: {context_text(result.context)}", ""]
    lines += _readout_sections(result, all_paths)
    lines += _why_lines(result, evidence, all_paths)
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


#: Width of the readout column of ``mechgraph effect``.
_READOUT_WIDTH = 52


def _readout_sections(result: EffectResult, all_paths: bool) -> list[str]:
    """The table of ``mechgraph effect``: the cycle (each stage with its steps below it),
    the outcomes and the other targets asked for, one row per readout."""
    header = f"{'':<{_READOUT_WIDTH}} {'sign':<4}  {'verdict':<12}  {'support +/-':^17}"
    sections = [
        ("CANCER-IMMUNITY CYCLE (Sun et al. stages, Chen & Mellman steps)", ("stage", "step")),
        ("OUTCOMES", ("outcome",)),
    ]
    if any(item.readout.kind.value == "node" for item in result.effects):
        sections.append(("OTHER TARGETS", ("node",)))
    by_stage: dict[str | None, list[ReadoutEffect]] = {}
    for item in result.effects:
        by_stage.setdefault(item.readout.stage, []).append(item)
    lines = []
    for title, kinds in sections:
        lines += [title, header]
        for item in result.effects:
            if item.readout.kind.value not in kinds or item.readout.kind.value == "step":
                continue
            rows = [item] + (by_stage.get(item.readout.id, []) if "step" in kinds else [])
            lines += [_readout_row(row, all_paths) for row in rows]
        lines.append("")
    return lines


def _readout_row(row: ReadoutEffect, all_paths: bool) -> str:
    """One readout's row: its name (a step indented under its stage), sign, verdict and
    support."""
    kind = row.readout.kind.value
    name = f"{'    ' if kind == 'step' else ''}{row.readout.order}  {row.label}"
    if kind in ("outcome", "node"):
        name = f"   {row.label}"
    return (
        f"{name[:_READOUT_WIDTH]:<{_READOUT_WIDTH}} {row.sign.value:^4}  {row.verdict:<12}  "
        f"{_support(row, all_paths)}"
    )


def _why_lines(result: EffectResult, evidence: bool, all_paths: bool) -> list[str]:
    """The strongest path of each sign to each readout (with ``evidence``: the quotes of its
    steps), and what the strength floor sets aside."""
    graph = result.propagation.graph
    lines = ["WHY (strongest path of each sign; claim ids in brackets)"]
    for item in result.effects:
        for sign in (Sign.PLUS, Sign.MINUS):
            shown = item.all_paths(sign) if all_paths else item.paths.get(sign, [])
            for path in shown[:1]:
                lines.append(
                    f"  {item.label} {sign.value}: {path_line(path, graph, result.context)}"
                    f"{_floor_tag(path)}"
                )
                if evidence:
                    lines += _evidence_lines(path, result.context, graph.kb)
    if not any(item.paths.get(s) for item in result.effects for s in (Sign.PLUS, Sign.MINUS)):
        lines.append("  (no readout is reached by these interventions above the strength floor)")
    hidden = sum(1 for item in result.effects for s in item.below_floor if not item.paths.get(s))
    if hidden and not all_paths:
        lines.append(
            f"  ({hidden} side(s) reached only by paths below the strength floor "
            f"{STRENGTH_FLOOR:g} are set aside; --all-paths shows them)"
        )
    return lines


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
    """A claim with its evidence in one line: the statement, its arms and context, the
    quote, document, section, references and evidence level."""
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
    """The text answer of ``mechgraph search``: one line per match (id, label, type, how)."""
    if not matches:
        return "no match"
    lines = []
    for match in matches:
        concept = match.concept
        how = "" if match.how in ("id", "label") else f"  ({match.how}: {match.matched[:50]})"
        lines.append(f"{concept.id:<36} {concept.label:<40} {concept.type or '':<24}{how}")
    return "\n".join(lines)


def concept_text(report: ConceptReport, kb: KnowledgeBase) -> str:
    """The text answer of ``mechgraph show``: what a class or entity is, what it is made of
    and where it is used, then the claims about it."""
    c = report.concept
    lines = [f"{c.label}  [{c.id}]", f"  kind: {report.kind}"]
    lines += _identity_lines(report)
    lines += _composition_lines(report, kb)
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


def _identity_lines(report: ConceptReport) -> list[str]:
    """A concept's types, memberships, other names, identifiers and definition."""
    c = report.concept
    lines = []
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
    return lines


def _composition_lines(report: ConceptReport, kb: KnowledgeBase) -> list[str]:
    """A formulation's carrier, payloads, properties and targeting strategies (each with its
    quote); a strategy's followers; a readout's kind, order and desirable direction."""
    lines = []
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
    return lines


def stats_text(data: Mapping[str, object]) -> str:
    """The text answer of ``mechgraph stats``: one line per count, a table per breakdown."""
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"{key.replace('_', ' ')}:")
            for name, count in sorted(value.items(), key=lambda item: -item[1]):
                lines.append(f"  {name:<24} {count}")
        elif key == "entity_xref_share":
            lines.append(f"{'share of entities with xrefs':<28} {value:.1%}")
        elif key == "formulations_with_strategy":
            lines.append(f"{'formulations with a targeting strategy':<28} {value}")
        else:
            lines.append(f"{key.replace('_', ' '):<28} {value}")
    return "\n".join(lines)


def import_text(network: ImportedNetwork, grounding: Grounding, seconds: float) -> str:
    """The text answer of ``mechgraph import``: what was read, how its nodes were grounded
    (counts), then the matched and the ambiguous nodes."""
    summary = network.summary()
    skipped = ", ".join(f"{k} {v:,}" for k, v in sorted(network.skipped.items())) or "none"
    counts = grounding.counts()
    lines = [
        f"imported {network.name} ({network.format}) from {network.file} in {seconds:.1f} s",
        f"  {summary['lines']:,} lines, {summary['nodes']:,} nodes, {summary['edges']:,} edges "
        f"({summary['positive']:,} +, {summary['negative']:,} -); skipped: {skipped}",
        f"grounding: {counts['matched']:,} matched, {counts['ambiguous']:,} ambiguous, "
        f"{counts['unmatched']:,} unmatched (kept as nodes of their own)",
    ]
    if grounding.matched:
        lines += ["", "MATCHED (imported node -> knowledge base, how)"]
        width = max(len(m.node) for m in grounding.matched)
        for m in sorted(grounding.matched, key=lambda m: m.node.lower()):
            lines.append(f"  {m.node:<{width}} -> {m.kb_id}  ({m.how})")
    if grounding.ambiguous:
        lines += ["", "AMBIGUOUS (not merged; candidates)"]
        width = max(len(m.node) for m in grounding.ambiguous)
        for m in sorted(grounding.ambiguous, key=lambda m: m.node.lower()):
            why = f"  {m.how}" if m.how else ""
            lines.append(f"  {m.node:<{width}} ?  {', '.join(m.candidates)}{why}")
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


def format_text(done: Formatting, root: str, write: bool) -> str:
    """The text answer of ``mechgraph fmt``: each table (that would be) reformatted, then
    the tally for the knowledge-base folder ``root``."""
    verb = "reformatted" if write else "would reformat"
    lines = [f"{verb} {table.display}" for table in done.changed]
    broken = len(done.broken)
    unchanged = len(done.tables) - len(done.changed) - broken
    lines.append(
        f"{root}: {len(done.changed)} file(s) {verb}, {unchanged} already canonical"
        + (f", {broken} not formatted" if broken else "")
    )
    return "\n".join(lines)


def coverage_text(report: CoverageReport, show_reviewed: bool = False) -> str:
    """The text answer of ``mechgraph coverage``: claims per section of each document, then
    the causal and comparative sentences no claim covers (``show_reviewed``: also those
    marked as reviewed)."""
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
            lines += _explained_path(f"{sign.value} path {rank}", path, graph, context)
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


def _explained_path(
    title: str, path: Path, graph: MechanismGraph, context: dict[str, str]
) -> list[str]:
    """One path of ``mechgraph explain``: its strength and steps, then the claim behind
    each step and where each structural step (carrier, payload...) comes from."""
    lines = [
        f"\n{title} (strength {_strength_text(path.strength)}"
        f"{_floor_tag(path).replace(' [', ', ').replace(']', '')}): "
        f"{path_line(path, graph, context)}"
    ]
    lines += _evidence_lines(path, context, graph.kb)
    for edge in path.edges:
        if edge.structural and edge.origin:
            relation = _RELATION_SHORT.get(edge.relation, edge.relation)
            lines.append(
                f"      {graph.label(edge.source)} {relation} "
                f"{graph.label(edge.target)} ({edge.origin})"
            )
    return lines


def contradictions_text(found: Sequence[Contradiction]) -> str:
    """The text answer of ``mechgraph contradictions``: one line per contradiction."""
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
    kb = first.propagation.graph.kb
    a = " + ".join(i.label for i in first.interventions)
    b = " + ".join(i.label for i in second.interventions)
    lines = [f"Difference of {a} vs {b}", f"context: {context_text(first.context)}"]
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
        lines += _difference_why(row, first.propagation.graph, first.context, evidence, all_paths)
    changed = sum(1 for row in result.rows if row.word in ("higher", "lower"))
    unknown = sum(1 for row in result.rows if row.word == "unknown")
    lines.append(
        f"\n{changed} readout(s) differ, {unknown} unknown (no comparison stated, or comparable "
        "evidence both ways)."
    )
    if not evidence:
        lines.append("Add --evidence for the quotes behind each step, or --json for everything.")
    return "\n".join(lines)


def _difference_why(
    row: DifferenceRow,
    graph: MechanismGraph,
    context: dict[str, str],
    evidence: bool,
    all_paths: bool,
) -> list[str]:
    """Why a readout differs (or not): the reason, the strongest path of each sign, the
    null results on record and the paths they overrule."""
    lines = [f"  {row.label}: {row.word}: {row.reason}"]
    for sign in (Sign.PLUS, Sign.MINUS):
        shown = list(row.paths.get(sign, []))
        if all_paths:
            shown += row.below_floor.get(sign, [])
        for path in shown[:1]:
            lines.append(f"      {sign.value}: {path_line(path, graph, context)}")
            if evidence:
                lines += _evidence_lines(path, context, graph.kb)
    for null in row.nulls:
        lines.append(f"      null: {claim_line(null.comparison.claim, graph.kb)}")
    for path in diverse(list(row.overruled), 3):  # distinct mechanisms (JSON: all)
        lines.append(f"      overruled: {path_line(path, graph, context)}")
    return lines


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


# -- hypotheses, screens, suggestions, strata ------------------------------------------------


def _assumption_text(a: Assumption, kb: KnowledgeBase) -> str:
    """One assumption of a hypothesis in words."""
    if a.kind == "context":
        key = a.key
        assert key is not None  # set for a context assumption
        labels = [kb.contexts[(key, v)].label for v in a.values if (key, v) in kb.contexts]
        stops = ", ".join(a.excludes)
        return f"context {a.name} ({'; '.join(labels)}): sets aside {stops}"
    if a.kind == "claim":
        c = a.claim
        assert c is not None  # set for a claim assumption
        where = f"; {c.context_text()}" if c.context else ""
        return (
            f"claim {c.id} does not hold here: {kb.label(c.subject)} {c.relation.value} "
            f"{kb.label(c.object)} ({c.evidence.level.value}, {c.evidence.document}{where})"
        )
    return f"branch inactive: {a.name} [{a.node}] stays unchanged"


def hypotheses_text(answer: Abduction) -> str:
    """The text answer of ``mechgraph hypothesize``: what was observed, the results on
    record that bear on it, then the hypotheses, cheapest first (or why there is none)."""
    names, observed = _abduction_question(answer)
    lines = [
        f"Hypotheses for {names}",
        f"observed: {observed}",
        f"context: {context_text(answer.context)}; assumptions allowed: "
        f"{', '.join(answer.kinds)}; unchanged means: "
        + (
            "no influence reaches the node (strict)"
            if answer.zero == "strict"
            else "no influence, or influences of both signs (cancel)"
        ),
        "",
    ]
    if not answer.consistent:
        return "\n".join([*lines, *_conflict_lines(answer)])
    lines += _on_record_lines(answer)
    if not answer.complete:
        if not answer.hypotheses:
            lines.append(f"NO ANSWER YET: {answer.reason}")
            return "\n".join(lines)
        lines.append(
            f"INCOMPLETE: {answer.reason}; the hypotheses below are proved, more may exist"
        )
    if len(answer.hypotheses) == 1 and not answer.hypotheses[0].assumptions:
        lines.append("No assumption needed: the knowledge base already allows what was observed.")
        return "\n".join(lines)
    return "\n".join(lines + _hypothesis_lines(answer))


def _abduction_question(answer: Abduction) -> tuple[str, str]:
    """The combination asked about and what was observed, in words; with two arms, each
    observation is the difference from the second."""
    graph = answer.graph
    if answer.arms is None:
        names = " + ".join(
            graph.label(i.node) + (" (inhibited)" if i.sign.value == "-" else "")
            for i in answer.interventions
        )
        observed = ", ".join(
            f"{graph.label(o.node)} {o.sign.value}"
            + (" (unchanged)" if o.sign.value == "0" else "")
            for o in answer.observations
        )
        return names, observed
    first, second = (" + ".join(graph.label(n) for n in ids) for ids in answer.arms)
    observed = ", ".join(
        f"{graph.label(o.node)} "
        + ("the same as" if o.sign is Sign.NONE else f"{DIFFERENCE_WORDS[o.sign]} than")
        + f" with {second}"
        for o in answer.observations
    )
    return f"{first} vs {second}", observed


def _conflict_lines(answer: Abduction) -> list[str]:
    """Why no assumption explains the observations: the one that conflicts, and the
    reason."""
    words = DIFFERENCE_WORDS if answer.arms else {}
    conflict = ", ".join(
        f"{answer.graph.label(o.node)}={words.get(o.sign, o.sign.value)}" for o in answer.conflict
    )
    return [f"NO CONSISTENT EXPLANATION: conflicting observation {conflict}", f"  {answer.reason}"]


def _on_record_lines(answer: Abduction) -> list[str]:
    """The null results the knowledge base records for what was observed, and the
    comparisons of arms on record for these readouts."""
    kb = answer.graph.kb
    lines = []
    for claim in answer.null_results:
        where = f" ({claim.context_text()})" if claim.context else ""
        arms = claim.arms_text(kb.label) if claim.comparative else kb.label(claim.subject)
        lines.append(
            f"The knowledge base records a matching null result: {claim.id} "
            f"{arms}: no effect on {kb.label(claim.object)}{where}: "
            f'"{claim.evidence.quote}" ({claim.evidence.document}, {claim.evidence.level.value})'
        )
    if answer.comparisons:
        lines.append(
            "Comparisons of arms on record for these readouts (a trial's result is a "
            "difference between its arms: ask it with --vs and the other arm):"
        )
        lines += [f"  {short_claim(claim, kb)}" for claim in answer.comparisons] + [""]
    if answer.null_results:
        if answer.hypotheses and answer.hypotheses[0].assumptions:
            lines.append(
                "The hypotheses below say what else must fail for the knowledge base's paths "
                "to agree with it."
            )
        lines.append("")
    return lines


def _hypothesis_lines(answer: Abduction) -> list[str]:
    """The hypotheses, cheapest first: the assumptions every one makes, then each group of
    one cost with its own assumptions and its alternatives."""
    kb = answer.graph.kb
    lines = [
        f"HYPOTHESES ({len(answer.hypotheses)} minimal assumption sets, cheapest first; cost: "
        "context value 1, claim by evidence level 1-8, inactive branch 4)"
    ]
    shared = set(answer.shared())
    if shared:
        lines.append("  in every hypothesis below:")
        for a in sorted(shared, key=lambda a: a.sort_key()):
            lines.append(f"    - {_assumption_text(a, kb)}")
    for number, (cost, common, alternatives) in enumerate(answer.groups(), start=1):
        own = [a for a in common if a not in shared]
        count = f" ({len(alternatives)} hypotheses)" if alternatives else ""
        lines.append(f"  {number}. cost {cost}{count}")
        for a in own:
            lines.append(f"    - {_assumption_text(a, kb)}")
        if alternatives:
            lines.append("    - one of:")
            for a in alternatives:
                lines.append(f"        {_assumption_text(a, kb)}")
        if not own and not alternatives:
            lines.append("    - (only the assumptions shared by all)")
    return [
        *lines,
        "",
        "Each set is minimal (no assumption can be left out); use --json for the predicted "
        "sign of every readout under each hypothesis.",
    ]


def _readout_columns(result: ScreenResult | DifferenceScreen) -> tuple[int, str]:
    """How many of a screen's readouts are cycle steps, and the legend of its columns."""
    steps = [r for r in result.readouts if r.kind.value == "step"]
    outcomes = [r for r in result.readouts if r.kind.value != "step"]
    legend = (
        "cycle steps "
        + " ".join(str(r.order) for r in steps)
        + " | outcomes: "
        + ", ".join(result.graph.label(r.id) for r in outcomes)
    )
    return len(steps), legend


def _marks(marks: list[str], steps: int) -> str:
    """A screen row's marks, steps and outcomes apart."""
    return " ".join(marks[:steps]) + " | " + " ".join(marks[steps:])


def screen_table(result: ScreenResult, top: int | None) -> str:
    """The text answer of ``mechgraph screen``: the ``top`` combinations (None: all) by
    score, each with its signs per readout, then the named rules they match."""
    rows = result.top(top)
    steps, legend = _readout_columns(result)
    lines = [
        f"Screen of {len(result.rows)} combinations ({result.stats['agents']} agents), "
        f"context: {context_text(result.context)}",
        "score = sum of the support of favourable verdicts - sum of the support of "
        f"unfavourable ones over {len(result.readouts)} readouts; contested readouts are "
        "trade-offs, counted with the named rules as contradictions",
        f"signs: {legend}",
        "",
        f"{'rank':>4}  {'score':>6}  {'fav':>3} {'unf':>3} {'?':>3} {'rules':>5}  "
        f"{'signs':<{2 * len(result.readouts) + 1}}  combination",
    ]
    for rank, row in enumerate(rows, start=1):
        signs = _marks([s.value for s in row.signs], steps)
        mark = "" if row.exact else " *"
        lines.append(
            f"{rank:>4}  {row.score:>+6.2f}  {row.favourable:>3} {row.unfavourable:>3} "
            f"{row.contested:>3} {len(row.rules):>5}  {signs}  {row.name}{mark}"
        )
    if rows:
        lines.append("")
        lines.append("Named rules matched by the rows above:")
        seen: dict[str, int] = {}  # rule -> rows that match it
        for row in rows:
            for rule in row.rules:
                seen[rule] = seen.get(rule, 0) + 1
        for rule, count in sorted(seen.items(), key=lambda kv: -kv[1]):
            lines.append(f"  {rule}: {count} of {len(rows)}")
        if not seen:
            lines.append("  none")
    if not all(r.exact for r in rows):
        lines.append("* superposition of the agents' single effects, not recomputed (--exact)")
    stats = result.stats
    lines.append(
        f"({stats['superposable']} combinations superposed exactly, {stats['recomputed']} "
        f"recomputed; {stats['seconds_total']:.2f} s)"
    )
    return "\n".join(lines)


def difference_screen_table(result: DifferenceScreen, top: int | None) -> str:
    """The text answer of ``mechgraph screen --vs``: the ``top`` combinations (None: all)
    ranked by their differences from the baseline arm."""
    graph = result.graph
    steps, legend = _readout_columns(result)
    lines = [
        f"Screen of {len(result.rows)} combinations against a baseline, context: "
        f"{context_text(result.context)}",
        "score = support of favourable differences - support of unfavourable ones; "
        "ranked by score, then fewer unknown (?), then more favourable, then name",
        f"differences (+ higher, - lower, = same, ? unknown): {legend}",
        "",
        f"{'rank':>4}  {'score':>6}  {'fav':>3} {'unf':>3} {'?':>3}  "
        f"{'differences':<{2 * len(result.readouts) + 1}}  combination  (vs baseline)",
    ]
    for rank, row in enumerate(result.top(top), start=1):
        text = _marks([SYMBOL[w] for w in row.words], steps)
        base = " + ".join(graph.label(b) for b in row.baseline)
        lines.append(
            f"{rank:>4}  {row.score:>+6.2f}  {row.favourable:>3} {row.unfavourable:>3} "
            f"{row.unknown:>3}  {text}  {row.name}  (vs {base})"
        )
    return "\n".join(lines)


def _swap_lines(result: SuggestResult, limit: int) -> list[str]:
    """The carrier swaps: a drug of the combination given in a formulation instead, with
    the readouts the difference improves and worsens."""
    if not result.swaps:
        return []
    graph = result.graph
    lines = ["CARRIER SWAPS (a drug given in a formulation instead of free; the difference)"]
    for number, w in enumerate(result.swaps[:limit], start=1):
        lines.append(
            f"  {number}. {graph.label(w.by)} instead of {graph.label(w.replaced)}, "
            f"score {w.score:+.2f} ({w.unknown} unknown)"
        )
        for side, rows in (("improves", w.improved), ("worsens", w.worsened)):
            if rows:
                lines.append(
                    f"     {side}: "
                    + ", ".join(f"{r.label} {r.word}" for r in rows[:8])
                    + (f" and {len(rows) - 8} more" if len(rows) > 8 else "")
                )
    return [*lines, ""]


def suggestions_text(result: SuggestResult, limit: int) -> str:
    """The text answer of ``mechgraph suggest``: the carrier swaps, then per trade-off or
    rule the additions that block its harmful side (at most ``limit`` each)."""
    names = " + ".join(i.label for i in result.base.interventions)
    lines = [f"Design suggestions for {names}", f"context: {context_text(result.context)}", ""]
    lines += _swap_lines(result, limit)
    if not result.targets:
        lines.append("No trade-off or rule to work against: nothing is pulled both ways.")
        return "\n".join(lines)
    for target, suggestions, rejected in result.targets:
        lines += _target_lines(result, target, suggestions[:limit], rejected)
    return "\n".join(lines).rstrip()


def _target_lines(
    result: SuggestResult,
    target: Target,
    suggestions: Sequence[Suggestion],
    rejected: Sequence[Rejected],
) -> list[str]:
    """One trade-off or rule to work against: its harmful and beneficial paths, the
    additions that block the harmful one and those that would oppose the beneficial one."""
    graph, ctx = result.graph, result.context
    if target.kind == "rule":
        head = f"AGAINST rule {target.rule} ({target.title}): {target.label} {target.harmful.value}"
    else:
        head = f"AGAINST the {target.harmful.value} side of the trade-off at {target.label}"
    lines = [head]
    for p in target.harmful_paths[:1]:
        lines.append(f"  harmful:    {path_line(p, graph, ctx)}")
    for p in target.beneficial_paths[:1]:
        lines.append(f"  beneficial: {path_line(p, graph, ctx)}")
    if not target.harmful_paths:
        lines.append("  the combination does not reach this side: nothing to block")
    elif not suggestions:
        lines.append(
            "  no entity or carrier property of the knowledge base blocks the harmful "
            "branch while sparing the beneficial one"
        )
    for number, s in enumerate(suggestions, start=1):
        lines += _suggestion_lines(number, s, target, graph, ctx)
    if rejected:
        lines.append(
            "  also block it but oppose the beneficial side: "
            + ", ".join(r.label for r in rejected[:8])
            + (f" and {len(rejected) - 8} more" if len(rejected) > 8 else "")
        )
    return [*lines, ""]


def _suggestion_lines(
    number: int, s: Suggestion, target: Target, graph: MechanismGraph, ctx: dict[str, str]
) -> list[str]:
    """One addition: what it blocks, how the target and the readouts change, the
    contradictions it brings and resolves, and the additions with the same outcome."""
    lines = [f"  {number}. add {s.label} ({s.kind}), score {s.score:.3f}"]
    for b in s.blocks[:2]:
        lines.append(
            f"     blocks {graph.label(b.node)} ({b.harmful_sign.value} on the harmful "
            f"path): {path_line(b.path, graph, ctx)}"
        )
    lines.append(
        f"     {target.label}: {s.target_before.value} -> {s.target_after.value}; "
        f"readouts changed: "
        + (", ".join(f"{graph.label(r)} {a.value}->{b.value}" for r, a, b in s.changed) or "none")
    )
    if s.new_contradictions:
        for c in s.new_contradictions:
            lines.append(f"     NEW [{c.kind}] {c.summary}")
    else:
        lines.append("     no new contradiction")
    for c in s.resolved_contradictions:
        lines.append(f"     resolves [{c.kind}] {c.node_label}")
    if s.equivalent:
        lines.append(
            f"     same outcome: {', '.join(graph.label(e) for e in s.equivalent[:6])}"
            + (f" and {len(s.equivalent) - 6} more" if len(s.equivalent) > 6 else "")
        )
    return lines


def stratification_text(result: Stratification) -> str:
    """The text answer of ``mechgraph stratify``: each readout's sign and support (with
    ``--vs``: its difference) under each value, changed readouts marked, then the claims each
    value sets aside."""
    first = result.results[0]
    names = " + ".join(i.label for i in first.interventions)
    kb = result.graph.kb
    if result.variable:
        heads = ["none" if v is None else v for v in result.strata]
        legend = (
            f"{', '.join(kb.label(f) for f in result.redesigned)} redesigned: without a "
            f"{kb.label(result.variable)} property (none), then with each one"
        )
    else:
        heads = ["unset" if v is None else v for v in result.strata]
        legend = ("unset: every claim applies; " if None in result.strata else "") + (
            f"each value sets aside the claims whose {result.key} names another value"
        )
    width = max(12, *(len(h) + 2 for h in heads))
    lines = [
        f"Effect of {names} by {result.key}",
        legend,
        "",
        f"{'':<2}{'readout':<44}" + "".join(f"{h:<{width}}" for h in heads),
    ]
    marked: list[tuple[str, str, list[str]]] = []  # (mark, label, cells) per readout
    if result.differences:
        vs = " + ".join(i.label for i in result.differences[0].second.interventions)
        lines[0] = f"Difference of {names} vs {vs} by {result.key}"
        for rows in result.difference_rows:
            marked.append(("*" if differs(rows) else " ", rows[0].label, [d.word for d in rows]))
    else:
        for row in result.rows:
            mark = "*" if is_changed(row) else "~" if is_shifted(row) else " "
            cells = [
                f"{e.sign.value} {e.strength(Sign.PLUS):.2f}/{e.strength(Sign.MINUS):.2f}"
                for e in row
            ]
            marked.append((mark, row[0].label, cells))
    for mark, label, cells in marked:
        lines.append(f"{mark} {label[:43]:<44}" + "".join(f"{c:<{width}}" for c in cells))
    lines += [
        "",
        "* sign, verdict or leaning differs between strata; ~ only the support differs "
        "(sign, then support + / -)",
        "",
    ]
    for value, excluded in zip(result.strata, result.excluded, strict=True):
        if value is None or result.variable:
            continue
        ids = ", ".join(c.id for c in excluded) or "none"
        lines.append(f"{result.key}={value} sets aside {len(excluded)} reached claims: {ids}")
    changed = result.changed()
    lines.append("")
    lines.append(
        f"changed (sign, verdict or leaning): {len(changed)} readouts; support only: "
        f"{len(result.shifted())}"
    )
    return "\n".join(lines)
