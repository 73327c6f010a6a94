"""Export commands: the knowledge base in other tools' formats."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from mechgraph.cli.common import KbOption, fail, load_workspace


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="Export format: owl.")] = "owl",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: standard output)."),
    ] = None,
    kb: KbOption = None,
) -> None:
    """Export the knowledge base for other tools (OWL/RDF-XML for Protégé).

    Examples:

      mechgraph export --format owl -o exports/mechgraph.owl
    """
    if fmt != "owl":
        fail(f"unknown format '{fmt}' (available: owl)", 2)
    from mechgraph.export.owl import owl_bytes
    from mechgraph.export.write import write_atomically

    ws = load_workspace(kb)
    data = owl_bytes(ws.kb)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        write_atomically(output, data)
        typer.echo(f"wrote {output}", err=True)
