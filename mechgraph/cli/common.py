"""What every ``mechgraph`` subcommand shares: output helpers, error handling (the shared
options are in :mod:`mechgraph.cli.options`).

Exit codes: 0 ok, 1 validation or query failure or a file that cannot be written (an
``--output`` that is a folder, a link, a device, in a missing folder, a full disk...), 2 usage
error (including unknown names, a repeated ``--context`` key, an agent both given and
inhibited). Results go to standard output (JSON with ``--json``); messages go to standard
error, one line each (``mechgraph: error: ...``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from typer.core import TyperCommand

if TYPE_CHECKING:  # typer vendors click (typer._click); no click package is needed
    from typer import _click as click

    from mechgraph.api import MechanismGraph, Workspace


class Command(TyperCommand):
    """A command whose usage line shows its arguments as ``AGENT...`` (required, repeatable),
    ``[AGENT]...`` (optional, repeatable), ``FILE`` or ``[QUERY]`` (typer would print
    ``{AGENT}``). Registered with ``app.command(cls=Command)``."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(argument_usage(param))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces


def argument_usage(param: click.Parameter) -> str:
    """How an argument appears in a usage line: ``NAME``, ``[NAME]``, ``NAME...``,
    ``[NAME]...``."""
    name = (param.metavar or param.name or "").strip("[]{}.").upper() or "ARG"
    if not param.required:
        name = f"[{name}]"
    return name + ("..." if param.nargs != 1 else "")


def fail(message: str, code: int) -> NoReturn:
    """Print ``mechgraph: error: MESSAGE`` (one line) on standard error and exit with
    ``code``."""
    typer.echo(f"mechgraph: error: {message}", err=True)
    raise typer.Exit(code)


def emit_json(data: object) -> None:
    """JSON on standard output: indented on a terminal, compact (and much faster) in a pipe."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, indent=indent, ensure_ascii=False) + "\n")


def parse_context(items: list[str]) -> dict[str, str]:
    """``--context key=value`` options as a dict; a malformed item is a usage error. A key
    given with several values keeps them all (``a|b``): the query accepts that only for a
    key that is not exclusive (``context_keys.tsv``), a usage error otherwise."""
    context: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value or "|" in value:
            fail(f"--context '{item}' must be key=value (e.g. dose=metronomic)", 2)
        values = context[key].split("|") if key in context else []
        context[key] = "|".join(dict.fromkeys([*values, value]))
    return context


def check_given_and_inhibited(
    ws: Workspace[MechanismGraph], agents: list[str], inhibit: list[str]
) -> None:
    """Usage error (exit 2) when a name of ``--inhibit`` stands for one of the agents given
    (``effect Abraxane --inhibit nab-paclitaxel``): an agent cannot be both given and
    inhibited. Names are compared once resolved in the workspace ``ws``; an unknown name is
    left for the query to report (call inside :func:`query_errors`)."""
    if not agents or not inhibit:
        return
    given = {ws.index.resolve(name).id: name for name in agents}
    for name in inhibit:
        concept = ws.index.resolve(name)
        if concept.id in given:
            same = "" if given[concept.id] == name else f" (the same as '{given[concept.id]}')"
            fail(
                f"'{name}'{same} is both given and inhibited (--inhibit): an agent cannot be "
                "both; leave it out of the agents or of --inhibit",
                2,
            )


def arm(names: list[str]) -> list[str]:
    """An arm's agents: each value split at `` + `` (``--vs "irinotecan + fluorouracil"``
    is ``--vs irinotecan --vs fluorouracil``)."""
    return [part.strip() for name in names for part in name.split(" + ") if part.strip()]


def check_arm(ws: Workspace[MechanismGraph], names: list[str], what: str) -> None:
    """Usage error (exit 2) when two names of one arm stand for the same agent (call inside
    :func:`query_errors`: an unknown name is reported by the resolver)."""
    seen: dict[str, str] = {}
    for name in names:
        concept = ws.index.resolve(name)
        if concept.id in seen:
            same = "" if seen[concept.id] == name else f" (the same as '{seen[concept.id]}')"
            fail(f"'{name}'{same} is given twice in {what}", 2)
        seen[concept.id] = name


@contextmanager
def query_errors() -> Iterator[None]:
    """Unknown names and bad query options are usage errors (exit 2)."""
    from mechgraph.api import QueryError, UnknownNameError

    try:
        yield
    except (UnknownNameError, QueryError) as exc:
        fail(str(exc), 2)


@contextmanager
def output_errors() -> Iterator[None]:
    """A file that cannot be written (:class:`~mechgraph.io.write.OutputError`: a
    folder, link, device or FIFO given as output, a missing folder, a full disk) is a
    one-line error, exit 1; the file is left as it was."""
    from mechgraph.api import OutputError

    try:
        yield
    except OutputError as exc:
        fail(str(exc), 1)


def write_output(path: Path, data: bytes | str) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` atomically; a file that cannot be written
    is a one-line error (exit 1), the file left as it was."""
    from mechgraph.api import write_atomically

    with output_errors():
        write_atomically(path, data)


def check_output_path(path: Path) -> None:
    """Fail at once (exit 1) when ``path`` is an output that cannot be written, before a
    command does its work; nothing is created."""
    from mechgraph.api import check_output

    with output_errors():
        check_output(path)


@contextmanager
def kb_errors() -> Iterator[None]:
    """A knowledge base that does not load is a one-line error (exit 1) that points to
    ``mechgraph validate``."""
    from mechgraph.api import ValidationError

    try:
        yield
    except ValidationError as exc:
        fail(
            f"the knowledge base has errors: {exc}\n(run 'mechgraph validate' for the full report)",
            1,
        )


def load_workspace(kb: Path | None) -> Workspace[MechanismGraph]:
    """The workspace of ``kb`` (see :func:`mechgraph.api.workspace`); a knowledge base that
    does not load is a one-line error (exit 1)."""
    from mechgraph.api import workspace

    with kb_errors():
        return workspace(kb)
