"""Hypothesis reasoning commands: ``hypothesize``, ``screen``, ``suggest``, ``stratify``.

Registered in :mod:`mechgraph.cli.app`; they call :mod:`mechgraph.api` and print. Heavy
libraries (numpy, scipy) are imported by the reasoning modules when a command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from mechgraph.cli.common import (
    arm,
    check_arm,
    check_given_and_inhibited,
    check_output_path,
    emit_json,
    fail,
    load_workspace,
    parse_context,
    query_errors,
    write_output,
)
from mechgraph.cli.options import (
    AgentsArgument,
    ContextOption,
    InhibitOption,
    JsonOption,
    KbOption,
    TargetsOption,
    VsOption,
    inhibit_option,
    paths_option,
)
from mechgraph.cli.progress import LazyBar

# -- hypothesize ------------------------------------------------------------------------------


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
    inhibit: InhibitOption = [],  # noqa: B006
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
    from mechgraph.views.text import hypotheses_text

    if zero not in ("strict", "cancel"):
        fail(f"--zero must be strict or cancel, not '{zero}'", 2)
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
            assume=[k.strip() for k in assume.split(",") if k.strip()],
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
    from mechgraph.views.text import difference_screen_table, screen_table

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
        assert not isinstance(result, DifferenceScreen)  # without --vs (refused above)
        write_output(heatmap, screen_svg(result, shown))
        typer.echo(f"heatmap written to {heatmap}", err=True)
    if as_json:
        emit_json(result.to_dict(shown))
    elif isinstance(result, DifferenceScreen):  # with --vs
        typer.echo(difference_screen_table(result, shown))
    elif as_csv:
        sys.stdout.write(result.to_csv(shown))
    else:
        typer.echo(screen_table(result, shown))


# -- suggest ----------------------------------------------------------------------------------


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
    paths: Annotated[int, paths_option("Strongest paths per side considered.")] = 3,
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
    from mechgraph.views.text import suggestions_text

    load_workspace(kb)
    with query_errors():
        result = run(agents, against, parse_context(context), paths=paths, limit=limit, kb=kb)
    if as_json:
        emit_json(result.to_dict())
    else:
        typer.echo(suggestions_text(result, limit))


# -- stratify ---------------------------------------------------------------------------------


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
    inhibit: Annotated[list[str], inhibit_option("Entity inhibited (repeatable).")] = [],  # noqa: B006
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
    from mechgraph.views.text import stratification_text

    ctx = parse_context(context)
    ws = load_workspace(kb)
    with query_errors():
        check_given_and_inhibited(ws, agents, inhibit)
        result = run(agents, by, ctx, inhibit=inhibit, vs=arm(vs), targets=target, kb=kb)
    if as_json:
        emit_json(result.to_dict())
    else:
        typer.echo(stratification_text(result))
