"""The ``import`` command (signed networks into ``imports/``, grounded to the knowledge base)
and the ``--with-network`` option that merges them into a query (``effect``, ``explain``).

An import is all or nothing: the network (``NAME.tsv``) and its grounding table
(``NAME.grounding.tsv``) are written together by
:func:`mechgraph.io.write.write_all_atomically` (both to temporary files, then both
renamed; if anything fails, the files that were there before are back and no new or
temporary file is left). Malformed input is reported as one
``mechgraph: error: FILE:LINE: problem`` line per problem (exit 1); warnings as
``mechgraph: warning: FILE:LINE: ...`` lines (the import goes on; ``--strict`` makes them
errors). See ``docs/import.md``.
"""

from __future__ import annotations

import re
import stat
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from mechgraph.cli.common import emit_json, fail, load_workspace
from mechgraph.cli.options import JsonOption, KbOption
from mechgraph.cli.progress import LazyBar

if TYPE_CHECKING:
    from mechgraph.api import (
        Grounding,
        ImportedNetwork,
        MechanismGraph,
        Problem,
        ValidationError,
        Workspace,
    )


def _problems(exc: ValidationError, as_json: bool = False) -> NoReturn:
    """Every problem of a failed import on standard error (JSON on stdout with --json),
    then exit 1."""
    problems = exc.problems or []
    if as_json:
        emit_json({"ok": False, "problems": [p.to_dict() for p in problems]})
    if not problems:
        fail(str(exc) or "the import failed", 1)
    for problem in problems[:-1]:
        typer.echo(
            f"mechgraph: error: {_one_line(problem.where)}: {_one_line(problem.message)}", err=True
        )
    fail(f"{_one_line(problems[-1].where)}: {_one_line(problems[-1].message)}", 1)


def _warnings(problems: Iterable[Problem]) -> None:
    """Warnings of an import on standard error, one line each."""
    for problem in problems:
        typer.echo(
            f"mechgraph: warning: {_one_line(problem.where)}: {_one_line(problem.message)}",
            err=True,
        )


_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def _one_line(text: object) -> str:
    """``text`` for one line of a terminal: line breaks and other control characters (from
    a file name or a quoted cell) written as escapes (``\\x0b``)."""
    text = str(text)
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def _unreadable(path: Path) -> str | None:
    """Why ``path`` cannot be imported (missing, a folder, not a regular file), or None."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return f"file not found: {path}"
    except OSError as exc:
        return f"cannot read {path}: {exc.strerror or exc}"
    if stat.S_ISDIR(info.st_mode):
        return f"{path} is a folder, not a network file"
    if not stat.S_ISREG(info.st_mode):
        return f"{path} is not a regular file (a pipe or a device?): give a network file"
    return None


def _read(
    format: str,
    path: Path,
    name: str | None,
    columns: Mapping[str, str] | None,
    label: str,
    as_json: bool = False,
    strict: bool = False,
) -> ImportedNetwork:
    """Import one file with a lazy progress bar; usage errors exit 2, malformed lines 1."""
    from mechgraph.api import MissingDependency, ValidationError
    from mechgraph.api import import_network as _import_network

    bar = LazyBar(label)
    try:
        return _import_network(
            format, path, name=name, columns=columns, progress=bar, strict=strict
        )
    except FileNotFoundError:
        fail(_unreadable(path) or f"file not found: {path}", 2)
    except MissingDependency as exc:
        fail(str(exc), 2)
    except ValueError as exc:
        fail(str(exc), 2)
    except ValidationError as exc:
        bar.close()
        _problems(exc, as_json)
    except OSError as exc:  # unreadable: permissions, a folder, an I/O error
        fail(f"cannot read {path}: {exc.strerror or exc}", 2)
    finally:
        bar.close()


def import_network(
    format: Annotated[
        str,
        typer.Argument(
            help="sif, table (tsv, csv; OmniPath and SIGNOR columns recognised), bel, bnet, "
            "aeon or sbml-qual.",
            metavar="FORMAT",
            show_default=False,
        ),
    ],
    file: Annotated[Path, typer.Argument(help="The network file.", show_default=False)],
    name: Annotated[
        str | None,
        typer.Option("--name", "-n", help="Name to save it under (default: the file's name)."),
    ] = None,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            help="For a table whose columns are not recognised: ROLE=COLUMN,... with roles "
            "source, target, sign (or stimulation, inhibition), directed, source_id, target_id.",
            show_default=False,
        ),
    ] = None,
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            help="Folder to save into (default: $MECHGRAPH_IMPORTS, else ./imports).",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Read and ground only; write nothing.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Make every warning an error (BEL: PyBEL's strict reading, where "
            "'SET Citation' clears annotations and evidence).",
        ),
    ] = False,
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Import a signed network, ground its nodes to the knowledge base, save it for queries.

    The file is read line by line; any malformed line is reported as FILE:LINE and nothing
    is saved (exit 1). Warnings (e.g. PyBEL's, or a table without signs) are printed as
    FILE:LINE too and do not stop the import; --strict makes them errors. Otherwise the
    network is saved, normalised, as INTO/NAME.tsv with its grounding table
    INTO/NAME.grounding.tsv (matched, ambiguous, unmatched nodes): both or neither. Queries
    merge it with --with-network NAME. Imported edges keep their file and line and weigh 0.3
    (less than curated claims) unless --imported-weight says otherwise.

    Examples:

      mechgraph import table ../shared/data/omnipath_signed_carnival.tsv --name omnipath

      mechgraph effect Abraxane atezolizumab --with-network omnipath

      mechgraph explain Abraxane --target STAT1 --with-network omnipath

      mechgraph import sif network.sif --check --json

      mechgraph import table interactions.csv --columns source=geneA,target=geneB,sign=mode

      mechgraph import bel model.bel    (needs: pip install 'mechgraph[bel]')
    """
    from mechgraph import api
    from mechgraph.api import check_name, parse_columns, resolve_format
    from mechgraph.views.text import import_text

    try:
        chosen = resolve_format(format)
        mapping = parse_columns(columns) if columns else None
        if name is not None:
            check_name(name)
    except ValueError as exc:
        fail(str(exc), 2)
    if mapping and chosen.name != "table":
        fail("--columns applies to the table format only", 2)
    unreadable = _unreadable(file)
    if unreadable:
        fail(unreadable, 2)
    ws = load_workspace(kb)
    started = time.perf_counter()
    label = f"importing {file.name}"
    network = _read(chosen.name, file, name, mapping, label, as_json, strict)
    seconds = time.perf_counter() - started
    _warnings(network.warnings)
    grounding = api.ground(network, kb=ws)
    written = [] if check else _save(network, grounding, into, as_json)
    if as_json:
        emit_json(
            {
                "ok": True,
                "network": network.summary(),
                "seconds": round(seconds, 3),
                "written": written,
                "warnings": [w.to_dict() for w in network.warnings],
                "grounding": grounding.to_dict(),
            }
        )
    else:
        typer.echo(import_text(network, grounding, seconds))
    for path in written:
        typer.echo(f"wrote {path}", err=True)
    if written:
        typer.echo(f"use it in a query with: --with-network {network.name}", err=True)


def _save(
    network: ImportedNetwork, grounding: Grounding, into: Path | None, as_json: bool
) -> list[str]:
    """Save the network and its grounding table into ``into`` (default: the imports
    folder), both or neither; the files written. A write error is one line (and, with
    ``--json``, a problem on standard output), exit 1."""
    from mechgraph import api

    folder = into if into is not None else api.imports_dir()
    try:
        saved = api.save_import(network, grounding, folder)
    except OSError as exc:
        if as_json:
            where = str(exc.filename or folder / f"{network.name}.tsv")
            hint = "free some space, or choose another folder with --into"
            problem = api.Problem(where, 0, _one_line(str(exc)), "write", hint=hint)
            emit_json({"ok": False, "problems": [problem.to_dict()]})
        fail(_one_line(str(exc)), 1)
    return [str(target) for target in saved]


def with_networks(kb: Path | None, specs: list[str], weight: float) -> Workspace[MechanismGraph]:
    """The workspace of ``kb`` with the ``--with-network`` networks merged in (it alone
    without any). A knowledge base that does not load is an error (exit 1); merged
    workspaces are cached on disk (see :func:`mechgraph.api.merge_networks`); usage errors
    exit 2, malformed files 1."""
    ws = load_workspace(kb)
    if not specs:
        return ws
    from mechgraph.api import MissingDependency, ValidationError, merge_networks

    bar = LazyBar("importing and merging")
    try:
        merged = merge_networks(specs, kb, imported_weight=weight, progress=bar)
    except (LookupError, MissingDependency, ValueError) as exc:
        fail(f"--with-network: {exc}", 2)
    except FileNotFoundError as exc:
        fail(f"--with-network: file not found: {exc.filename}", 2)
    except ValidationError as exc:
        bar.close()
        _problems(exc, False)
    except OSError as exc:  # unreadable: permissions, a folder, an I/O error
        where = f"{exc.filename}: " if exc.filename else ""
        fail(f"--with-network: cannot read {where}{exc.strerror or exc}", 2)
    finally:
        bar.close()
    for report in merged.graph.merges:
        _warnings(getattr(report, "warnings", ()))
        counts = report.grounding.counts()
        typer.echo(
            f"merged {report.network}: {report.added:,} edges (weight {report.weight:g}), "
            f"{counts['matched']} nodes grounded to the knowledge base, "
            f"{counts['ambiguous']} ambiguous",
            err=True,
        )
    return merged
