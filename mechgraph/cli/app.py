"""The ``mechgraph`` command. It parses arguments, calls :mod:`mechgraph.api` and prints.

Query commands live here; curation, export and view commands in their own modules
(``curate_cmds``, ``export_cmds``, ``view_cmds``), registered below. Shared options are in
:mod:`mechgraph.cli.options`, shared helpers in :mod:`mechgraph.cli.common`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypedDict

import typer

from mechgraph.cli import curate_cmds, export_cmds, hypothesis_cmds, import_cmds, view_cmds
from mechgraph.cli.common import (
    Command,
    arm,
    check_arm,
    check_given_and_inhibited,
    emit_json,
    fail,
    kb_errors,
    load_workspace,
    parse_context,
    query_errors,
)
from mechgraph.cli.options import (
    AgentsArgument,
    AllPathsOption,
    ContextOption,
    EvidenceOption,
    ImportedWeightOption,
    JsonOption,
    KbOption,
    TargetsOption,
    VsOption,
    WithNetworkOption,
    agents_argument,
    inhibit_option,
    paths_option,
)
from mechgraph.cli.progress import LazyBar

if TYPE_CHECKING:
    from typer.core import MarkupMode
    from typer.models import CommandInfo

    from mechgraph.api import DifferenceResult, EffectResult, MechanismGraph, Workspace


class AppSettings(TypedDict):
    """The options of :class:`typer.Typer` that ``app`` (and :func:`only`) is made with."""

    name: str
    help: str
    no_args_is_help: bool
    add_completion: bool
    pretty_exceptions_enable: bool
    rich_markup_mode: MarkupMode


SETTINGS: AppSettings = {
    "name": "mechgraph",
    "help": "Mechanism network and hypothesis-reasoning engine for cancer nano-immunotherapy."
    "\n\nExample: mechgraph effect Abraxane atezolizumab",
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
}
app = typer.Typer(**SETTINGS)


def _print_version(value: bool) -> None:
    if value:
        from mechgraph import __version__

        typer.echo(f"mechgraph {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version (mechgraph X.Y.Z) and exit.",
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Mechanism network and hypothesis-reasoning engine for cancer nano-immunotherapy."""


@app.command(cls=Command)
def effect(
    agents: AgentsArgument,
    context: ContextOption = [],  # noqa: B006
    target: TargetsOption = [],  # noqa: B006
    inhibit: Annotated[
        list[str],
        inhibit_option("Entity inhibited / knocked out for a what-if question (repeatable)."),
    ] = [],  # noqa: B006
    vs: VsOption = [],  # noqa: B006
    paths: Annotated[int, paths_option("Paths kept per sign and readout.")] = 3,
    evidence: EvidenceOption = False,
    all_paths: AllPathsOption = False,
    as_json: JsonOption = False,
    kb: KbOption = None,
    with_network: WithNetworkOption = [],  # noqa: B006
    imported_weight: ImportedWeightOption = 0.3,
) -> None:
    """Net effect of a combination on each cancer-immunity-cycle step and outcome; with
    --vs, the difference from a baseline arm (higher / lower / same / unknown).

    Examples:

      mechgraph effect Abraxane atezolizumab

      mechgraph effect Abraxane --vs paclitaxel

      mechgraph effect Doxil avelumab --vs avelumab -c tumour=ovarian -c species=human

      mechgraph effect Doxil avelumab --context pdl1=positive --json

      mechgraph effect nab-paclitaxel --inhibit PD-L1 --evidence

      mechgraph effect cyclophosphamide anti-PD-1 -c dose=metronomic --all-paths

      mechgraph effect Abraxane --target "T cell" --target neutropenia

      mechgraph effect Abraxane atezolizumab --with-network omnipath   (mechgraph import)
    """
    from mechgraph.api import effect as run_effect

    ws = import_cmds.with_networks(kb, with_network, imported_weight)
    ctx = parse_context(context)
    if vs and inhibit:
        fail("--inhibit cannot be combined with --vs (compare two arms of agents)", code=2)
    result: EffectResult | DifferenceResult
    if vs:
        result = _difference(agents, vs, ctx, target, paths, ws)
    else:
        with query_errors():
            check_given_and_inhibited(ws, agents, inhibit)
            result = run_effect(agents, ctx, inhibit=inhibit, targets=target, paths=paths, kb=ws)
    _print_effect(result, as_json, evidence, all_paths)


@app.command(cls=Command)
def explain(
    agents: Annotated[list[str], agents_argument("Agents given together.")],
    target: Annotated[str, typer.Option("--target", "-t", help="The node to explain.")],
    sign: Annotated[
        str | None,
        typer.Option("--sign", help="Only paths of this sign: + or -.", show_default=False),
    ] = None,
    paths: Annotated[int, paths_option("Paths per sign.", 50, "-k")] = 5,
    context: ContextOption = [],  # noqa: B006
    all_paths: AllPathsOption = False,
    as_json: JsonOption = False,
    kb: KbOption = None,
    with_network: WithNetworkOption = [],  # noqa: B006
    imported_weight: ImportedWeightOption = 0.3,
) -> None:
    """The strongest paths from the agents to one node, each step with its evidence.

    Examples:

      mechgraph explain Doxil avelumab --target "tumour delivery of the nanocarrier"

      mechgraph explain Abraxane --target haematological_toxicity --sign - --paths 3 --json

      mechgraph explain paclitaxel --target "tumour delivery of the nanocarrier" --all-paths

      mechgraph explain Abraxane --target STAT1 --with-network omnipath   (mechgraph import)
    """
    from mechgraph.api import explain as run_explain
    from mechgraph.api import readout_to_dict
    from mechgraph.views.text import explanation_text

    if sign not in (None, "+", "-"):
        fail(f"--sign must be + or -, not '{sign}'", 2)
    ws = import_cmds.with_networks(kb, with_network, imported_weight)
    ctx = parse_context(context)
    with query_errors():
        answer = run_explain(agents, target, ctx, sign=sign, paths=paths, kb=ws)
    if as_json:
        emit_json(readout_to_dict(answer, ws.graph, ctx, all_paths=all_paths))
    else:
        typer.echo(explanation_text(answer, ws.graph, ctx, all_paths=all_paths))


@app.command(cls=Command)
def contradictions(
    agents: Annotated[
        list[str] | None,
        agents_argument("Agents given together; none: every conflict in the knowledge base."),
    ] = None,
    context: ContextOption = [],  # noqa: B006
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Trade-offs, conflicting claims, evidence discordance and rule matches.

    Examples:

      mechgraph contradictions Doxil avelumab

      mechgraph contradictions --json
    """
    from mechgraph.api import contradiction_to_dict
    from mechgraph.api import contradictions as run_contradictions
    from mechgraph.views.text import contradictions_text

    ws = load_workspace(kb)
    ctx = parse_context(context)
    with query_errors():
        found = run_contradictions(agents or (), ctx, kb=kb)
    if as_json:
        emit_json([contradiction_to_dict(c, ws.graph, ctx) for c in found])
    else:
        typer.echo(contradictions_text(found))


def _difference(
    agents: list[str],
    vs: list[str],
    ctx: dict[str, str],
    target: list[str],
    paths: int,
    ws: Workspace[MechanismGraph],
) -> DifferenceResult:
    """The difference of the arm ``agents`` from the arm ``vs``; an agent named twice in one
    arm is a usage error."""
    from mechgraph.api import difference

    agents, vs = arm(agents), arm(vs)
    with query_errors():
        check_arm(ws, agents, "the first arm (AGENT...)")
        check_arm(ws, vs, "the baseline arm (--vs); repeat --vs for each agent")
        return difference(agents, vs, ctx, targets=target, paths=paths, kb=ws)


def _print_effect(
    result: EffectResult | DifferenceResult, as_json: bool, evidence: bool, all_paths: bool
) -> None:
    """An effect or a difference on standard output: JSON with ``--json``, else its table."""
    from mechgraph.api import DifferenceResult
    from mechgraph.views.text import difference_table, effect_table

    if as_json:
        emit_json(result.to_dict(all_paths=all_paths))
    elif isinstance(result, DifferenceResult):
        typer.echo(difference_table(result, evidence=evidence, all_paths=all_paths))
    else:
        typer.echo(effect_table(result, evidence=evidence, all_paths=all_paths))


@app.command(cls=Command)
def compare(
    first: Annotated[list[str], agents_argument("First arm's agents.")],
    vs: VsOption,
    context: ContextOption = [],  # noqa: B006
    target: TargetsOption = [],  # noqa: B006
    evidence: EvidenceOption = False,
    all_paths: AllPathsOption = False,
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """The difference of one arm from another per readout (the same as effect ... --vs).

    Examples:

      mechgraph compare nab-paclitaxel --vs paclitaxel

      mechgraph compare Abraxane atezolizumab --vs Abraxane --target immunotherapy_efficacy

      mechgraph compare Doxil avelumab --vs avelumab -c tumour=ovarian --json
    """
    ws = load_workspace(kb)
    result = _difference(first, vs, parse_context(context), target, 3, ws)
    _print_effect(result, as_json, evidence, all_paths)


@app.command(cls=Command)
def search(
    text: Annotated[str, typer.Argument(help="Text to look for in names, synonyms, identifiers.")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most hits shown.")] = 20,
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Find classes and entities by name, synonym, identifier or definition.

    Examples:

      mechgraph search liposom

      mechgraph search CHEBI:45863 --json
    """
    from mechgraph.api import search as run_search
    from mechgraph.views.text import search_table

    load_workspace(kb)
    matches = run_search(text, limit, kb=kb)
    if as_json:
        emit_json([m.to_dict() for m in matches])
    else:
        typer.echo(search_table(matches))
    if not matches:
        raise typer.Exit(1)


@app.command(cls=Command)
def show(
    name: Annotated[str, typer.Argument(help="Name, synonym, brand or id.")],
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Everything the knowledge base says about one class or entity.

    Examples:

      mechgraph show Doxil

      mechgraph show "PD-L1" --json
    """
    from mechgraph.api import describe
    from mechgraph.views.text import concept_text

    ws = load_workspace(kb)
    with query_errors():
        report = describe(name, kb=kb)
    if not as_json:
        typer.echo(concept_text(report, ws.kb))
        return
    emit_json(report.to_dict(ws.graph))


@app.command(cls=Command)
def coverage(
    sources: Annotated[
        Path,
        typer.Option(
            "--sources",
            help="Folder with the documents' texts (e.g. ../shared/seeds).",
        ),
    ],
    show_reviewed: Annotated[
        bool,
        typer.Option(
            "--reviewed", help="Also list sentences marked as reviewed in not_curated.tsv."
        ),
    ] = False,
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Claims per document section, causal sentences no claim cites, and comparative
    sentences no comparator claim cites (the to-do lists).

    A sentence is causal if it has a causal verb (increase, induce, inhibit, deplete, ...);
    it is covered when a claim's quote overlaps it. A sentence is comparative if it compares
    (than, compared with, versus, alone, free drug, whereas, in combination with, ...); it is
    covered only by a claim with a comparator or a background (the difference of two arms).
    Sentences reviewed and left without a claim on purpose go in ontology/not_curated.tsv
    with the reason.

    Examples:

      mechgraph coverage --sources ../shared/seeds

      mechgraph coverage --sources ../shared/seeds --json
    """
    from mechgraph.api import coverage as run_coverage
    from mechgraph.views.text import coverage_text

    if not sources.is_dir():
        fail(f"--sources: folder not found: {sources}", 2)
    with kb_errors():
        report = run_coverage(sources, kb=kb)
    if as_json:
        emit_json(report.to_dict(show_reviewed))
    else:
        typer.echo(coverage_text(report, show_reviewed))


@app.command(cls=Command)
def stats(as_json: JsonOption = False, kb: KbOption = None) -> None:
    """Counts: claims, entities, formulations, share of entities with identifiers.

    Examples:

      mechgraph stats

      mechgraph stats --json
    """
    from mechgraph.views.text import stats_text

    data = load_workspace(kb).kb.stats()
    if as_json:
        emit_json(data)
    else:
        typer.echo(stats_text(data))


@app.command(cls=Command)
def check(
    questions: Annotated[
        Path | None,
        typer.Option(
            "--questions",
            "-q",
            help="The questions file (default: questions.tsv of the knowledge base).",
            show_default=False,
        ),
    ] = None,
    only: Annotated[
        list[str], typer.Option("--only", help="Run only this question id (repeatable).")
    ] = [],  # noqa: B006
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Run the model tests: each question of questions.tsv against the answer the
    knowledge base gives (exit 1 when a question fails that is not a known failure).

    Examples:

      mechgraph check

      mechgraph check --only Q001 --only Q012

      mechgraph check --json > check.json
    """
    from mechgraph.api import (
        ValidationError,
        outcomes_to_dict,
        questions_file,
        read_questions,
        run_questions,
    )
    from mechgraph.views.text import check_text

    ws = load_workspace(kb)
    path = questions or questions_file(kb)
    if not path.is_file():
        fail(f"{path}: no questions file (write one, see ontology/README.md)", 2)
    try:
        asked = read_questions(path)
    except ValidationError as exc:
        fail(str(exc), 1)
    if only:
        unknown = sorted(set(only) - {q.id for q in asked})
        if unknown:
            fail(f"unknown question id(s): {', '.join(unknown)}", 2)
        asked = [q for q in asked if q.id in only]
    bar = LazyBar("checking")
    try:
        outcomes = run_questions(asked, ws, progress=bar)
    finally:
        bar.close()
    if as_json:
        emit_json(outcomes_to_dict(outcomes, path))
    else:
        typer.echo(check_text(outcomes))
    if any(o.counts_as_failure for o in outcomes):
        raise typer.Exit(1)


app.command(cls=Command)(curate_cmds.validate)
app.command(cls=Command)(curate_cmds.fmt)
app.add_typer(curate_cmds.curate, name="curate")
app.command(cls=Command)(export_cmds.export)
app.command(cls=Command)(view_cmds.view)
app.command("import", cls=Command)(import_cmds.import_network)
app.command(cls=Command)(export_cmds.sparql)
app.command(cls=Command)(hypothesis_cmds.hypothesize)
app.command(cls=Command)(hypothesis_cmds.screen)
app.command(cls=Command)(hypothesis_cmds.suggest)
app.command(cls=Command)(hypothesis_cmds.stratify)


def only(name: str) -> typer.Typer | None:
    """``app`` reduced to the one command or command group called ``name`` (None if there is
    none). Typer builds every registered command on each run, a few milliseconds each, so a
    run builds only the command it executes; everything else (``--help``, unknown commands)
    goes through the full ``app``."""
    commands = [c for c in app.registered_commands if _command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return None
    single = typer.Typer(**SETTINGS)
    single.registered_commands = commands
    single.registered_groups = groups
    single.callback()(lambda: None)  # stays a group: `mechgraph NAME ...` parses as before
    return single


def _command_name(command: CommandInfo) -> str:
    """The name a registered command is run by: its own, else its function's (as typer
    names it: ``_`` becomes ``-``)."""
    if command.name:
        return command.name
    assert command.callback is not None  # every command above is registered with a function
    return command.callback.__name__.replace("_", "-")


def main() -> None:
    """Entry point of the ``mechgraph`` console script."""
    from mechgraph.api import MechgraphError

    command = only(sys.argv[1]) if len(sys.argv) > 1 else None
    try:
        (command or app)()
    except MechgraphError as exc:  # one no command turned into a message: still one line
        typer.echo(f"mechgraph: error: {exc}", err=True)
        sys.exit(1)
