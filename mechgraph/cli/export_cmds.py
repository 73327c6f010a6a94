"""Export commands: the knowledge base in other tools' formats, and SPARQL over its RDF."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from mechgraph.cli.common import (
    check_output_path,
    fail,
    kb_errors,
    output_errors,
    parse_context,
    query_errors,
    write_output,
)
from mechgraph.cli.options import ContextOption, KbOption, paths_option

FORMAT_NAMES = "owl, ttl, jsonld, nt, graphml, cx2, sif, json"


def export(
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help=f"Export format: {FORMAT_NAMES}.", show_default="owl"),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Regular file to write (default: standard output); its folder must exist.",
        ),
    ] = None,
    write_all: Annotated[
        bool,
        typer.Option("--all", help="Write every format into --dir (default: exports/)."),
    ] = False,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            help="Folder for --all (default: exports/ at the repository root); created if "
            "missing, its parent folder must exist.",
            show_default=False,
        ),
    ] = None,
    kb: KbOption = None,
) -> None:
    """Export the knowledge base for other tools.

    Formats: owl (OWL/RDF-XML for Protégé), ttl / jsonld / nt (RDF, with Relation Ontology
    causal triples and ECO-typed evidence), graphml and cx2 (Cytoscape, NDEx), sif (signed
    network for CARNIVAL, CausalR, Iggy), json (node-link JSON for networkx, D3).
    Without --format, the format follows the suffix of --output (else owl). Files are
    written atomically; the same knowledge base always gives the same bytes. --output and
    --dir write regular files only: a folder, symbolic link, FIFO, device or a file under
    /proc, /sys or /dev is refused (exit 1) and left as it is; --output never creates
    folders, --all creates --dir itself (not its parents) when it is missing.

    Examples:

      mechgraph export --format owl -o exports/mechgraph.owl

      mechgraph export --format ttl > mechgraph.ttl

      mechgraph export --format cx2 -o network.cx2

      mechgraph export --all

      mechgraph export --all --dir ../mechgraph-exports
    """
    from mechgraph import api

    formats = api.export_formats()
    if write_all:
        if fmt is not None or output is not None:
            fail("--all writes every format: use --dir DIR, not --format or --output", 2)
        target = folder if folder is not None else _default_exports_dir()
        with output_errors(), kb_errors():  # a bad --dir fails before the KB is read
            written = api.export_all(target, kb=kb)
        for path in written:
            typer.echo(f"wrote {path}", err=True)
        return
    if folder is not None:
        fail("--dir goes with --all (use --output FILE for one format)", 2)
    if fmt is None:  # infer from the output file's suffix (x.ttl -> ttl), else OWL
        suffix = output.suffix.lstrip(".").lower() if output is not None else ""
        fmt = next((f.name for f in formats.values() if f.filename.endswith(f".{suffix}")), "owl")
    if fmt not in formats:
        fail(f"unknown format '{fmt}' (available: {', '.join(formats)})", 2)
    if output is not None:
        check_output_path(output)
    with kb_errors():
        data = api.export(fmt, kb=kb)
    if output is None:
        write_stdout(data)
    else:
        write_output(output, data)
        typer.echo(f"wrote {output}", err=True)


def write_stdout(data: bytes) -> None:
    """Write ``data`` on standard output; a closed pipe (``| head``) ends quietly (exit 1),
    a full disk or another write error is a one-line error (exit 1)."""
    import os

    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except OSError as exc:
        try:  # no second error when Python flushes standard output at exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass
        if isinstance(exc, BrokenPipeError):
            raise typer.Exit(1) from None
        fail(f"cannot write to standard output: {exc.strerror or exc}", 1)


def _default_exports_dir() -> Path:
    """``exports/`` at the repository root when run from a checkout, else in the cwd."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "ontology").is_dir():
        return checkout / "exports"
    return Path("exports")


def sparql(
    query: Annotated[
        str | None,
        typer.Argument(help="The SPARQL query text (or use --file).", show_default=False),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="Read the query from this .rq file.", show_default=False),
    ] = None,
    bind: Annotated[
        list[str],
        typer.Option(
            "--bind",
            help="Bind a query variable: NAME=VALUE (repeatable). VALUE is a string, an IRI "
            'as <...> or mg:/obo: CURIE, or a typed literal "3"^^xsd:integer.',
        ),
    ] = [],  # noqa: B006
    agent: Annotated[
        list[str],
        typer.Option(
            "--agent",
            help="With --target: add the paths of this answer as mg:answer (repeatable).",
        ),
    ] = [],  # noqa: B006
    target: Annotated[
        str | None,
        typer.Option("--target", help="The node whose paths from --agent are added."),
    ] = None,
    paths: Annotated[int, paths_option("Paths per sign for --agent.", 50)] = 5,
    context: ContextOption = [],  # noqa: B006
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="SPARQL 1.1 JSON results (JSON-LD for CONSTRUCT) on standard output."
        ),
    ] = False,
    allow_network: Annotated[
        bool,
        typer.Option(
            "--allow-network",
            help="Let SERVICE <...> patterns contact remote SPARQL endpoints (refused otherwise).",
        ),
    ] = False,
    kb: KbOption = None,
) -> None:
    """Run a SPARQL query over the knowledge base's RDF (the graph of `export --format ttl`).

    The prefixes mg:, obo:, oboInOwl:, owl:, rdf:, rdfs: and xsd: are predeclared. Values
    from users go in with --bind (never pasted into the query text). --agent/--target add
    the strongest paths of that answer as mg:answer (mg:uses_claim, mg:on_path), so a query
    can select, e.g., the hypothesis-level claims an answer rests on. Example queries are in
    docs/queries/. The query stays on this machine: a SERVICE pattern (a remote endpoint) is
    refused (exit 2) unless --allow-network is given.

    Examples:

      mechgraph sparql "SELECT ?id WHERE { ?c mg:claim_id ?id } LIMIT 3"

      mechgraph sparql --file docs/queries/claims_about.rq --bind name=PD-L1

      mechgraph sparql --file docs/queries/inorganic_formulations.rq --json

      mechgraph sparql --file Q.rq --agent Abraxane --target tumour_control
    """
    from mechgraph import api

    text = _query_text(query, file)
    if (target is None) != (not agent):
        fail("--agent and --target go together", 2)
    bindings = _bindings(bind, text, target is not None)
    try:
        with kb_errors(), query_errors():
            answer = api.sparql(
                text,
                bindings,
                agents=agent,
                target=target,
                context=parse_context(context) if target is not None else {},
                paths=paths,
                as_json=as_json,
                allow_network=allow_network,
                kb=kb,
            )
    except api.NetworkRefused as exc:
        fail(str(exc), 2)
    except api.QueryFailure as exc:
        fail(str(exc), 1)
    if answer.answer_claims is not None:
        typer.echo(
            f"mg:answer: {answer.answer_claims} claims on the paths to {answer.answer_label}",
            err=True,
        )
    if as_json:
        sys.stdout.write(answer.text.rstrip("\n") + "\n")
    else:
        typer.echo(answer.text)


def _query_text(query: str | None, file: Path | None) -> str:
    """The SPARQL query given as the argument or in ``--file`` (one of them, a file that
    exists: a usage error otherwise)."""
    if (query is None) == (file is None):
        fail("give the query as an argument or with --file (one of them)", 2)
    if file is None:
        assert query is not None  # one of them is given (checked above)
        return query
    if not file.is_file():
        fail(f"--file: no such file: {file}", 2)
    return file.read_text(encoding="utf-8")


def _bindings(bind: list[str], query: str, has_target: bool) -> dict:
    """The ``--bind`` values as the query's bindings; a malformed one, or a value the query
    needs and is not given, is a usage error."""
    from mechgraph import api

    try:
        bindings = api.sparql_bindings(bind)
    except api.QueryFailure as exc:
        fail(str(exc), 2)
    missing = api.sparql_requirements(query, bindings, has_target)
    if missing:
        fail(f"this query needs {' and '.join(missing)} (see the comments at its top)", 2)
    return bindings
