"""The ``view`` command: interactive HTML network views that open offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mechgraph.cli import import_cmds
from mechgraph.cli.common import (
    arm,
    check_given_and_inhibited,
    check_output_path,
    emit_json,
    fail,
    parse_context,
    query_errors,
    write_output,
)
from mechgraph.cli.options import (
    ContextOption,
    ImportedWeightOption,
    InhibitOption,
    JsonOption,
    KbOption,
    VsOption,
    WithNetworkOption,
    agents_argument,
    paths_option,
)


def view(
    agents: Annotated[
        list[str] | None,
        agents_argument(
            "Agents given together; without any, the whole knowledge base is drawn.", "[AGENT]..."
        ),
    ] = None,
    context: ContextOption = [],  # noqa: B006
    target: Annotated[
        list[str],
        typer.Option("--target", "-t", help="Draw only the paths to this node (repeatable)."),
    ] = [],  # noqa: B006
    inhibit: InhibitOption = [],  # noqa: B006
    paths: Annotated[int, paths_option("Paths drawn per sign and readout.")] = 3,
    network: Annotated[
        Path | None,
        typer.Option(
            "--network",
            help="Draw a signed table (source, interaction, target) instead of the KB.",
        ),
    ] = None,
    with_network: WithNetworkOption = [],  # noqa: B006
    imported_weight: ImportedWeightOption = 0.3,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="HTML file to write (default: mechgraph-view.html); a regular file in an "
            "existing folder.",
        ),
    ] = None,
    vs: VsOption = [],  # noqa: B006
    png: Annotated[
        Path | None,
        typer.Option(
            "--png",
            help="Also write a PNG image of the page as headless Chromium draws it at "
            "1600x1000 (needs Chromium; MECHGRAPH_CHROMIUM names another executable).",
        ),
    ] = None,
    svg: Annotated[
        Path | None,
        typer.Option(
            "--svg",
            help="Also write an SVG (vector) image of the network as headless Chromium "
            "draws the page at 1600x1000, what its SVG button saves (needs Chromium, as --png).",
        ),
    ] = None,
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Write an interactive network view: one HTML file that opens offline in any browser.

    Node colour and shape show the entity type; green arrows increase, red bar ends
    decrease, dashed edges rest on hypotheses only, width shows evidence strength. Hover or
    click a node or an edge for its identifiers or its claims (quote, document, section,
    references, evidence level). With agents, only the paths behind the answer are drawn,
    each readout labelled with its verdict, and each contradiction can be highlighted.
    The file is written atomically; --output must be a regular file (not a folder, link,
    FIFO or device) in an existing folder, else nothing is written (exit 1).

    Examples:

      mechgraph view -o kb.html

      mechgraph view Abraxane atezolizumab -o abraxane_atezolizumab.html

      mechgraph view Abraxane --vs paclitaxel -o abraxane_vs_paclitaxel.html

      mechgraph view Doxil avelumab --context pdl1=positive --target tumour_control

      mechgraph view --network ../shared/data/omnipath_signed_carnival.tsv -o omnipath.html

      mechgraph view Abraxane --target STAT1 --with-network omnipath -o stat1.html

      mechgraph view Abraxane atezolizumab -o answer.html --png answer.png

      mechgraph view Doxil avelumab --vs avelumab -o vs.html --svg vs.svg
    """
    from mechgraph.api import ValidationError, view_page

    _check_usage(agents, network, vs, inhibit)
    ctx = parse_context(context)
    output = output if output is not None else Path("mechgraph-view.html")
    for path in (output, png, svg):  # before the work: a bad output fails at once
        if path is not None:
            check_output_path(path)
    ws = import_cmds.with_networks(kb, with_network, imported_weight) if network is None else None
    try:
        with query_errors():
            if ws is not None:
                check_given_and_inhibited(ws, agents or [], inhibit)
            html, data = view_page(
                agents or [],
                ctx,
                targets=target,
                inhibit=inhibit,
                paths=paths,
                network=network,
                vs=arm(vs),
                kb=ws if with_network else kb,
            )
    except ValidationError as exc:
        fail(str(exc), 1)
    write_output(output, html.encode("utf-8"))
    _write_images(output, png, svg)
    summary = {
        "file": str(output),
        "png": str(png) if png is not None else None,
        "svg": str(svg) if svg is not None else None,
        "nodes": len(data["nodes"]),
        "edges": len(data["edges"]),
        "contradictions": len(data.get("contradictions", [])),
    }
    if as_json:
        emit_json(summary)
    typer.echo(
        f"wrote {output}: {summary['nodes']:,} nodes, {summary['edges']:,} edges"
        + (f", {summary['contradictions']} contradictions" if agents else "")
        + (f"; image {png}" if png is not None else "")
        + (f"; SVG {svg}" if svg is not None else ""),
        err=True,
    )


def _check_usage(
    agents: list[str] | None, network: Path | None, vs: list[str], inhibit: list[str]
) -> None:
    """Usage errors (exit 2) of options that do not go together, or of a missing
    ``--network`` file."""
    if network is not None and agents:
        fail("--network draws a whole table: give either AGENTs or --network, not both", 2)
    if vs and (not agents or inhibit):
        fail("--vs needs AGENTs (the first arm) and cannot be combined with --inhibit", 2)
    if network is not None and not network.is_file():
        fail(f"--network: file not found: {network}", 2)


def _write_images(page: Path, png: Path | None, svg: Path | None) -> None:
    """The PNG and SVG images of the written ``page`` that were asked for (headless
    Chromium draws them); one that cannot be made is a one-line error (exit 1)."""
    if png is None and svg is None:
        return
    from mechgraph.views.images import ImageError, page_png, page_svg

    try:
        if png is not None:
            page_png(page, png)
        if svg is not None:
            page_svg(page, svg)
    except ImageError as exc:
        fail(str(exc), 1)
