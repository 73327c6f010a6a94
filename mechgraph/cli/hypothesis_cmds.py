"""Hypothesis reasoning commands: ``hypothesize``, ``screen``, ``suggest``, ``stratify``.

Registered in :mod:`mechgraph.cli.app`; they call :mod:`mechgraph.api` and print. Heavy
libraries (numpy, scipy) are imported by the reasoning modules when a command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mechgraph.cli.common import (
    ContextOption,
    JsonOption,
    KbOption,
    TargetsOption,
    VsOption,
    arm,
    check_arm,
    check_given_and_inhibited,
    check_output_path,
    emit_json,
    fail,
    load_workspace,
    output_errors,
    parse_context,
    query_errors,
)
from mechgraph.cli.progress import LazyBar

if TYPE_CHECKING:
    from mechgraph.api import (
        Abduction,
        DifferenceScreen,
        KnowledgeBase,
        ScreenResult,
        Stratification,
        SuggestResult,
    )
    from mechgraph.reasoning.abduction import Assumption

AgentsArgument = Annotated[
    list[str],
    typer.Argument(
        help="Agents given together (names, brands, ids).", metavar="AGENT", show_default=False
    ),
]


def _context_text(context: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in context.items()) or "none"


# -- hypothesize ------------------------------------------------------------------------------


def _assumption_text(a: Assumption, kb: KnowledgeBase) -> str:
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
    from mechgraph.api import DIFFERENCE_WORDS, Sign
    from mechgraph.views.text import short_claim

    graph = answer.graph
    kb = graph.kb
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
    else:
        first, second = (" + ".join(graph.label(n) for n in ids) for ids in answer.arms)
        names = f"{first} vs {second}"
        observed = ", ".join(
            f"{graph.label(o.node)} "
            + ("the same as" if o.sign is Sign.NONE else f"{DIFFERENCE_WORDS[o.sign]} than")
            + f" with {second}"
            for o in answer.observations
        )
    lines = [
        f"Hypotheses for {names}",
        f"observed: {observed}",
        f"context: {_context_text(answer.context)}; assumptions allowed: "
        f"{', '.join(answer.kinds)}; unchanged means: "
        + (
            "no influence reaches the node (strict)"
            if answer.zero == "strict"
            else "no influence, or influences of both signs (cancel)"
        ),
        "",
    ]
    if not answer.consistent:
        words = DIFFERENCE_WORDS if answer.arms else {}
        conflict = ", ".join(
            f"{graph.label(o.node)}={words.get(o.sign, o.sign.value)}" for o in answer.conflict
        )
        lines.append(f"NO CONSISTENT EXPLANATION: conflicting observation {conflict}")
        lines.append(f"  {answer.reason}")
        return "\n".join(lines)
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
    lines.append(
        f"HYPOTHESES ({len(answer.hypotheses)} minimal assumption sets, cheapest first; cost: "
        "context value 1, claim by evidence level 1-8, inactive branch 4)"
    )
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
    lines += [
        "",
        "Each set is minimal (no assumption can be left out); use --json for the predicted "
        "sign of every readout under each hypothesis.",
    ]
    return "\n".join(lines)


def hypothesize(
    agents: AgentsArgument,
    observe: Annotated[
        list[str],
        typer.Option(
            "--observe",
            "-o",
            help="Observed readout NODE=SIGN, SIGN + (up), - (down) or 0 (unchanged); with "
            "--vs, the difference from that arm: higher, lower or same. Repeatable.",
            show_default=False,
        ),
    ],
    context: ContextOption = [],  # noqa: B006
    vs: VsOption = [],  # noqa: B006
    inhibit: Annotated[
        list[str],
        typer.Option("--inhibit", help="Entity inhibited / knocked out (repeatable)."),
    ] = [],  # noqa: B006
    assume: Annotated[
        str,
        typer.Option(
            "--assume",
            help="Kinds of assumption allowed, comma-separated: context, claim, branch.",
        ),
    ] = "context,claim,branch",
    zero: Annotated[
        str,
        typer.Option(
            "--zero",
            help="What 0 means: strict (no influence reaches the node) or cancel (influences "
            "of both signs may cancel out).",
        ),
    ] = "strict",
    top: Annotated[int, typer.Option("--top", min=1, max=100, help="Most hypotheses listed.")] = 10,
    time_limit: Annotated[
        float,
        typer.Option("--time-limit", min=0.1, help="Seconds the solver may spend in all."),
    ] = 60.0,
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Abduction: minimal sets of assumptions under which the knowledge base predicts what
    was observed, cheapest first.

    An assumption is a context value (e.g. pdl1=negative), a claim taken not to hold in this
    setting (cheap for hypotheses and preclinical claims, expensive for clinical ones) or a
    branch of the network taken to be inactive. With --vs, the observations are differences
    from a baseline arm, as a trial reports them (higher, lower, same). Exit code 1 when no
    assumptions explain the observations (the conflicting observation is named).

    Examples:

      mechgraph hypothesize Doxil avelumab --vs avelumab -c tumour=ovarian -c species=human
      --observe "immunotherapy efficacy=same"

      mechgraph hypothesize Doxil avelumab --observe "immunotherapy efficacy=0"

      mechgraph hypothesize Abraxane --observe haematological_toxicity=+ --assume context,claim

      mechgraph hypothesize Doxil avelumab -o immunotherapy_efficacy=0 --zero cancel --json
    """
    from mechgraph.api import hypothesize as run

    if zero not in ("strict", "cancel"):
        fail(f"--zero must be strict or cancel, not '{zero}'", 2)
    kinds = [k.strip() for k in assume.split(",") if k.strip()]
    ctx = parse_context(context)
    ws = load_workspace(kb)
    agents, vs = arm(agents), arm(vs)
    with query_errors():
        check_given_and_inhibited(ws, agents, inhibit)
        if vs:
            check_arm(ws, vs, "the baseline arm (--vs); repeat --vs for each agent")
        answer = run(
            agents,
            observe,
            ctx,
            vs=vs,
            inhibit=inhibit,
            assume=kinds,
            zero=zero,
            top=top,
            time_limit=time_limit,
            kb=kb,
        )
    if as_json:
        emit_json(answer.to_dict())
    else:
        typer.echo(hypotheses_text(answer))
    if not answer.consistent:
        fail(f"no consistent explanation: {answer.reason}", 1)
    if not answer.complete and not answer.hypotheses:
        fail(f"{answer.reason}; no hypothesis found yet (raise --time-limit)", 1)


# -- screen -----------------------------------------------------------------------------------

PHASES = {"agents": "profiling agents", "combinations": "recomputing combinations"}


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
    rows = result.top(top)
    steps, legend = _readout_columns(result)
    lines = [
        f"Screen of {len(result.rows)} combinations ({result.stats['agents']} agents), "
        f"context: {_context_text(result.context)}",
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


def screen(
    agents: Annotated[
        str | None,
        typer.Option(
            "--agents",
            "-a",
            help="Agents: a class (every member, e.g. Formulation) or a comma-separated list; "
            "default: every agent.",
            show_default=False,
        ),
    ] = None,
    partners: Annotated[
        str | None,
        typer.Option(
            "--with",
            "-w",
            help="Partners: each combination is SIZE-1 agents plus one partner (class or list).",
            show_default=False,
        ),
    ] = None,
    size: Annotated[int, typer.Option("--size", min=1, max=3, help="Agents per combination.")] = 2,
    context: ContextOption = [],  # noqa: B006
    top: Annotated[int, typer.Option("--top", min=0, help="Rows shown (0: all).")] = 20,
    exact: Annotated[
        bool | None,
        typer.Option(
            "--exact/--approx",
            help="Recompute combinations that superposition cannot answer exactly "
            "(default: only on graphs of up to 5,000 edges).",
            show_default=False,
        ),
    ] = None,
    heatmap: Annotated[
        Path | None,
        typer.Option(
            "--heatmap", help="Write a heatmap of the rows shown (SVG file).", show_default=False
        ),
    ] = None,
    vs: Annotated[
        list[str],
        typer.Option(
            "--vs",
            help="Rank by the difference from this baseline arm instead (repeatable; "
            "'partner': each combination's --with partner alone). Default: against no "
            "treatment.",
            show_default=False,
        ),
    ] = [],  # noqa: B006
    as_json: JsonOption = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV on standard output.")] = False,
    kb: KbOption = None,
) -> None:
    """Rank combinations by a transparent score over the cycle steps and outcomes.

    Score: favourable minus unfavourable verdicts, each weighted by the support (evidence
    strength) of its sign; contested readouts (trade-offs) and named rules are counted and
    shown as contradictions. With --vs: favourable minus unfavourable differences from the
    baseline arm, unknown ones counted; ties broken by fewer unknowns, then by name.

    Examples:

      mechgraph screen --agents Formulation --with ImmuneCheckpointInhibitor --vs partner

      mechgraph screen --agents Formulation --with ImmuneCheckpointInhibitor

      mechgraph screen --agents "Doxil,Abraxane,liposomal irinotecan" --size 2 --csv

      mechgraph screen --with atezolizumab --top 10 --heatmap screen.svg
    """
    from mechgraph.api import DifferenceScreen
    from mechgraph.api import screen as run
    from mechgraph.views.heatmap import screen_svg

    if as_json and as_csv:
        fail("--json and --csv cannot be combined", 2)
    if heatmap is not None and heatmap.suffix.lower() != ".svg":
        fail(f"--heatmap writes SVG: give a file name ending in .svg, not '{heatmap}'", 2)
    if vs and (heatmap is not None or as_csv):
        fail("--vs prints a table or --json (no --heatmap or --csv yet)", 2)
    baseline = arm(vs)
    if vs and not baseline:
        fail("--vs names no agent (give the baseline arm, e.g. --vs paclitaxel)", 2)
    ctx = parse_context(context)
    if heatmap is not None:
        check_output_path(heatmap)  # before the work: a bad --heatmap fails at once
    load_workspace(kb)
    bar = LazyBar("screening")
    try:
        with query_errors():
            result = run(
                agents,
                partners,
                size=size,
                context=ctx,
                exact=exact,
                progress=lambda phase, done, total: bar.phase(phase, done, total, PHASES),
                vs=baseline,
                kb=kb,
            )
    finally:
        bar.close()
    shown = top or None
    if heatmap is not None:
        from mechgraph.api import write_atomically

        assert not isinstance(result, DifferenceScreen)  # without --vs (refused above)
        with output_errors():
            write_atomically(heatmap, screen_svg(result, shown))
        typer.echo(f"heatmap written to {heatmap}", err=True)
    if as_json:
        emit_json(result.to_dict(shown))
    elif vs:
        typer.echo(difference_screen_table(result, shown))
    else:
        assert not isinstance(result, DifferenceScreen)  # without --vs
        if as_csv:
            sys.stdout.write(result.to_csv(shown))
        else:
            typer.echo(screen_table(result, shown))


def difference_screen_table(result, top: int | None) -> str:
    from mechgraph.api import SYMBOL

    graph = result.graph
    steps, legend = _readout_columns(result)
    lines = [
        f"Screen of {len(result.rows)} combinations against a baseline, context: "
        f"{_context_text(result.context)}",
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


# -- suggest ----------------------------------------------------------------------------------


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
    from mechgraph.views.text import path_line

    graph, ctx = result.graph, result.context
    names = " + ".join(i.label for i in result.base.interventions)
    lines = [f"Design suggestions for {names}", f"context: {_context_text(ctx)}", ""]
    lines += _swap_lines(result, limit)
    if not result.targets:
        lines.append("No trade-off or rule to work against: nothing is pulled both ways.")
        return "\n".join(lines)
    for target, suggestions, rejected in result.targets:
        if target.kind == "rule":
            head = (
                f"AGAINST rule {target.rule} ({target.title}): "
                f"{target.label} {target.harmful.value}"
            )
        else:
            head = f"AGAINST the {target.harmful.value} side of the trade-off at {target.label}"
        lines.append(head)
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
        for number, s in enumerate(suggestions[:limit], start=1):
            lines.append(f"  {number}. add {s.label} ({s.kind}), score {s.score:.3f}")
            for b in s.blocks[:2]:
                lines.append(
                    f"     blocks {graph.label(b.node)} ({b.harmful_sign.value} on the harmful "
                    f"path): {path_line(b.path, graph, ctx)}"
                )
            lines.append(
                f"     {target.label}: {s.target_before.value} -> {s.target_after.value}; "
                f"readouts changed: "
                + (
                    ", ".join(f"{graph.label(r)} {a.value}->{b.value}" for r, a, b in s.changed)
                    or "none"
                )
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
        if rejected:
            lines.append(
                "  also block it but oppose the beneficial side: "
                + ", ".join(r.label for r in rejected[:8])
                + (f" and {len(rejected) - 8} more" if len(rejected) > 8 else "")
            )
        lines.append("")
    return "\n".join(lines).rstrip()


def suggest(
    agents: AgentsArgument,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            help="A readout with a trade-off (name or id) or a rule id; default: every "
            "trade-off and rule of the combination.",
            show_default=False,
        ),
    ] = None,
    context: ContextOption = [],  # noqa: B006
    paths: Annotated[
        int, typer.Option("--paths", min=1, max=20, help="Strongest paths per side considered.")
    ] = 3,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Suggestions per target.")] = 5,
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Additions (entities, carrier properties) that block the harmful side of a trade-off
    while sparing the beneficial side, each with the contradictions it brings.

    Examples:

      mechgraph suggest Abraxane --against immunogenicity_vs_mps

      mechgraph suggest Abraxane --against "tumour delivery of the nanocarrier"

      mechgraph suggest Doxil avelumab --json
    """
    from mechgraph.api import suggest as run

    load_workspace(kb)
    with query_errors():
        result = run(agents, against, parse_context(context), paths=paths, limit=limit, kb=kb)
    if as_json:
        emit_json(result.to_dict())
    else:
        typer.echo(suggestions_text(result, limit))


# -- stratify ---------------------------------------------------------------------------------


def stratification_text(result: Stratification) -> str:
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
    from mechgraph.api import Sign, differs, is_changed, is_shifted

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


def stratify(
    agents: AgentsArgument,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="Context key to stratify by (pdl1, dose, schedule, tumour, species, "
            "setting), or a carrier property to redesign the formulations by (size, "
            "pegylation, charge, ligand, composition).",
        ),
    ],
    context: ContextOption = [],  # noqa: B006
    inhibit: Annotated[
        list[str], typer.Option("--inhibit", help="Entity inhibited (repeatable).")
    ] = [],  # noqa: B006
    vs: VsOption = [],  # noqa: B006
    target: TargetsOption = [],  # noqa: B006
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """The same query under each value of a context key, side by side, with the readouts
    whose verdict changes marked (with --vs: whose difference from the baseline changes).

    Examples:

      mechgraph stratify Doxil avelumab --by pdl1

      mechgraph stratify Doxil avelumab --vs avelumab --by pdl1 -c tumour=ovarian

      mechgraph stratify Abraxane --by dose --json

      mechgraph stratify oxaliplatin_plga_np --by species --context tumour=pancreatic

      mechgraph stratify Doxil avelumab --by pegylation
    """
    from mechgraph.api import stratify as run

    ctx = parse_context(context)
    ws = load_workspace(kb)
    with query_errors():
        check_given_and_inhibited(ws, agents, inhibit)
        result = run(agents, by, ctx, inhibit=inhibit, vs=arm(vs), targets=target, kb=kb)
    if as_json:
        emit_json(result.to_dict())
    else:
        typer.echo(stratification_text(result))
