"""What every ``mechgraph`` subcommand shares: options, output helpers, error handling.

Exit codes: 0 ok, 1 validation or query failure, 2 usage error (including unknown names).
Results go to standard output (JSON with ``--json``); messages go to standard error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer

KbOption = Annotated[
    Path | None,
    typer.Option(
        "--kb",
        help="Knowledge-base folder (default: the shipped one; env MECHGRAPH_KB).",
        envvar="MECHGRAPH_KB",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on standard output.")]
ContextOption = Annotated[
    list[str],
    typer.Option(
        "--context",
        "-c",
        help="Context qualifier key=value (repeatable), e.g. dose=metronomic, pdl1=positive.",
    ),
]


def fail(message: str, code: int) -> NoReturn:
    typer.echo(f"mechgraph: error: {message}", err=True)
    raise typer.Exit(code)


def emit_json(data: object) -> None:
    """JSON on standard output: indented on a terminal, compact (and much faster) in a pipe."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, indent=indent, ensure_ascii=False) + "\n")


def parse_context(items: list[str]) -> dict[str, str]:
    context = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            fail(f"--context '{item}' must be key=value (e.g. dose=metronomic)", 2)
        context[key.strip()] = value.strip()
    return context


@contextmanager
def query_errors() -> Iterator[None]:
    """Unknown names and bad query options are usage errors (exit 2)."""
    from mechgraph.model.resolve import UnknownNameError
    from mechgraph.reasoning.effects import QueryError

    try:
        yield
    except (UnknownNameError, QueryError) as exc:
        fail(str(exc), 2)


def load_workspace(kb: Path | None):
    from mechgraph.api import workspace
    from mechgraph.sources.problems import ValidationError

    try:
        return workspace(kb)
    except ValidationError as exc:
        fail(
            f"the knowledge base has errors: {exc}\n(run 'mechgraph validate' for the full report)",
            1,
        )
