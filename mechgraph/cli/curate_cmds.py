"""Curation commands: validate (and, later, curate and fmt)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mechgraph.cli.common import JsonOption, KbOption, emit_json, fail


def validate(
    sources: Annotated[
        Path | None,
        typer.Option(
            "--sources",
            help="Folder with the documents' texts: check every quote against them.",
        ),
    ] = None,
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Check the curated sources; report problems as file:line: LEVEL rule: message.

    Exits 1 when there is any error.

    Examples:

      mechgraph validate

      mechgraph validate --sources ../shared/seeds

      mechgraph validate --kb my-copy/ontology --json
    """
    from mechgraph.api import validate as run_validate
    from mechgraph.cli.render import validation_text
    from mechgraph.sources.locate import default_kb_dir, display_path

    root = kb if kb is not None else default_kb_dir()
    if sources is not None and not sources.is_dir():
        fail(f"--sources: folder not found: {sources}", 2)
    result = run_validate(root, sources)
    if as_json:
        emit_json(
            {
                "ok": result.ok,
                "problems": [
                    {
                        "file": p.file,
                        "line": p.line,
                        "level": p.level.value,
                        "rule": p.rule,
                        "message": p.message,
                    }
                    for p in result.problems
                ],
                "stats": result.kb.stats(),
            }
        )
    else:
        typer.echo(validation_text(result, display_path(root)))
    if not result.ok:
        raise typer.Exit(1)
