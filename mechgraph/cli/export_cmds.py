"""Export commands: the knowledge base in other tools' formats, and SPARQL over its RDF."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from mechgraph.cli.common import ContextOption, KbOption, fail, load_workspace

FORMAT_NAMES = "owl, ttl, jsonld, nt, graphml, cx2, sif, json"


def export(
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help=f"Export format: {FORMAT_NAMES}.", show_default="owl"),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: standard output)."),
    ] = None,
    write_all: Annotated[
        bool,
        typer.Option("--all", help="Write every format into --dir (default: exports/)."),
    ] = False,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            help="Folder for --all (default: exports/ at the repository root).",
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
    written atomically; the same knowledge base always gives the same bytes.

    Examples:

      mechgraph export --format owl -o exports/mechgraph.owl

      mechgraph export --format ttl > mechgraph.ttl

      mechgraph export --format cx2 -o network.cx2

      mechgraph export --all

      mechgraph export --all --dir /tmp/mechgraph-exports
    """
    from mechgraph.export.formats import FORMATS, export_all
    from mechgraph.export.write import write_atomically

    if write_all:
        if fmt is not None or output is not None:
            fail("--all writes every format: use --dir DIR, not --format or --output", 2)
        ws = load_workspace(kb)
        target = folder if folder is not None else _default_exports_dir()
        for path in export_all(ws.kb, target):
            typer.echo(f"wrote {path}", err=True)
        return
    if folder is not None:
        fail("--dir goes with --all (use --output FILE for one format)", 2)
    if fmt is None:  # infer from the output file's suffix (x.ttl -> ttl), else OWL
        suffix = output.suffix.lstrip(".").lower() if output is not None else ""
        fmt = next((f.name for f in FORMATS.values() if f.filename.endswith(f".{suffix}")), "owl")
    if fmt not in FORMATS:
        fail(f"unknown format '{fmt}' (available: {', '.join(FORMATS)})", 2)
    ws = load_workspace(kb)
    data = FORMATS[fmt].build(ws.kb)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomically(output, data)
        typer.echo(f"wrote {output}", err=True)


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
    paths: Annotated[
        int, typer.Option("--paths", min=1, max=50, help="Paths per sign for --agent.")
    ] = 5,
    context: ContextOption = [],  # noqa: B006
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="SPARQL 1.1 JSON results (JSON-LD for CONSTRUCT) on standard output."
        ),
    ] = False,
    kb: KbOption = None,
) -> None:
    """Run a SPARQL query over the knowledge base's RDF (the graph of `export --format ttl`).

    The prefixes mg:, obo:, oboInOwl:, owl:, rdf:, rdfs: and xsd: are predeclared. Values
    from users go in with --bind (never pasted into the query text). --agent/--target add
    the strongest paths of that answer as mg:answer (mg:uses_claim, mg:on_path), so a query
    can select, e.g., the hypothesis-level claims an answer rests on. Example queries are in
    docs/queries/.

    Examples:

      mechgraph sparql "SELECT ?id WHERE { ?c mg:claim_id ?id } LIMIT 3"

      mechgraph sparql --file docs/queries/claims_about.rq --bind name=PD-L1

      mechgraph sparql --file docs/queries/inorganic_formulations.rq --json

      mechgraph sparql --file Q.rq --agent Abraxane --target tumour_control
    """
    from mechgraph.export.rdf import build_graph
    from mechgraph.export.sparql import (
        QueryFailure,
        add_answer,
        missing_requirements,
        parse_binding,
        result_json,
        result_text,
        run_query,
    )

    if (query is None) == (file is None):
        fail("give the query as an argument or with --file (one of them)", 2)
    if file is not None:
        if not file.is_file():
            fail(f"--file: no such file: {file}", 2)
        query = file.read_text(encoding="utf-8")
    if (target is None) != (not agent):
        fail("--agent and --target go together", 2)
    try:
        bindings = dict(parse_binding(item) for item in bind)
    except QueryFailure as exc:
        fail(str(exc), 2)
    missing = missing_requirements(query or "", bindings, target is not None)
    if missing:
        fail(f"this query needs {' and '.join(missing)} (see the comments at its top)", 2)
    ws = load_workspace(kb)
    graph = build_graph(ws.kb)
    if target is not None:
        from mechgraph.api import explain, resolve
        from mechgraph.cli.common import parse_context, query_errors

        ctx = parse_context(context)
        with query_errors():
            answer = explain(agent, target, ctx, paths=paths, kb=kb)
            agent_ids = [resolve(name, kb=kb).id for name in agent]
        count = add_answer(graph, answer, agent_ids, ctx)
        typer.echo(f"mg:answer: {count} claims on the paths to {answer.label}", err=True)
    try:
        result = run_query(graph, query or "", bindings)
        text = result_json(result, graph) if as_json else result_text(result, graph)
    except QueryFailure as exc:
        fail(str(exc), 1)
    if as_json:
        sys.stdout.write(text.rstrip("\n") + "\n")
    else:
        typer.echo(text)
