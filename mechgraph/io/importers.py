"""Importers of large signed networks: one module per format, one result type.

Every importer reads its file as a stream (line by line, or chunk by chunk for XML), reports
each malformed line as ``file:line: problem`` and imports all or nothing: if any line is
malformed it raises :class:`~mechgraph.model.problems.ValidationError` listing them, and
returns no partial network. The result is an :class:`ImportedNetwork` (edges with their
file and line, nodes with their original identifiers), tied to the knowledge base later by
:mod:`mechgraph.graph.grounding` and :mod:`mechgraph.graph.merge`.

========== ================================ ===========================================
format     extensions                       module
========== ================================ ===========================================
sif        .sif                             :mod:`~mechgraph.io.sif`
table      .tsv .txt .csv (tsv, csv,        :mod:`~mechgraph.io.table`
           omnipath, signor are aliases)
bel        .bel (needs PyBEL)               :mod:`~mechgraph.io.bel`
bnet       .bnet                            :mod:`~mechgraph.io.bnet`
aeon       .aeon                            :mod:`~mechgraph.io.aeon`
sbml-qual  .sbml .xml                       :mod:`~mechgraph.io.sbml_qual`
========== ================================ ===========================================

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.sif"
>>> _ = path.write_text("IFNG 1 CD274\\n")
>>> network = import_network("sif", path)
>>> network.name, [e.key for e in network.edges]
('toy', [('IFNG', 'CD274', '+')])
"""

from __future__ import annotations

import errno
import importlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from mechgraph.io.base import (
    GENERIC_HINT,
    HINTS,
    RULE,
    ImportedEdge,
    ImportedNetwork,
    ImportedNode,
    Progress,
    paused_gc,
)
from mechgraph.io.bel import MissingDependency
from mechgraph.io.interactions import parse_sign
from mechgraph.io.plugins import plugin_formats
from mechgraph.model.problems import Level, Problem, ValidationError


@dataclass(frozen=True)
class Format:
    """An importable format: its reader (``module:function``), file extensions and a line
    for ``--help``."""

    name: str
    reader: str
    extensions: tuple[str, ...]
    description: str

    def read(self, path: Path, name: str, **options) -> ImportedNetwork:
        module, function = self.reader.split(":")
        return getattr(importlib.import_module(module), function)(path, name, **options)


_PACKAGE = "mechgraph.io"
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("sif", f"{_PACKAGE}.sif:read_sif", (".sif",), "source interaction target"),
        Format(
            "table",
            f"{_PACKAGE}.table:read_table",
            (".tsv", ".txt", ".csv", ".tab"),
            "TSV/CSV with a header (CARNIVAL, OmniPath, SIGNOR columns or --columns)",
        ),
        Format("bel", f"{_PACKAGE}.bel:read_bel", (".bel",), "BEL script (needs PyBEL)"),
        Format("bnet", f"{_PACKAGE}.bnet:read_bnet", (".bnet",), "BoolNet logical model"),
        Format("aeon", f"{_PACKAGE}.aeon:read_aeon", (".aeon",), "AEON logical model"),
        Format(
            "sbml-qual",
            f"{_PACKAGE}.sbml_qual:read_sbml_qual",
            (".sbml", ".xml"),
            "SBML-qual logical model",
        ),
    )
}
FORMATS.update(plugin_formats("mechgraph.importers", Format, FORMATS))  # other packages'
ALIASES = {
    "tsv": "table",
    "csv": "table",
    "omnipath": "table",
    "signor": "table",
    "sbml": "sbml-qual",
    "sbmlqual": "sbml-qual",
    "sbml_qual": "sbml-qual",
}
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", re.ASCII)
#: The longest network name (its files, ``NAME.grounding.tsv``, must fit in 255 bytes).
MAX_NAME = 200


def resolve_format(name: str) -> Format:
    """The format called ``name`` (or an alias); ValueError naming the known ones."""
    key = ALIASES.get(name.strip().lower(), name.strip().lower())
    if key not in FORMATS:
        known = ", ".join([*FORMATS, *ALIASES])
        raise ValueError(f"unknown format '{name}' (known: {known})")
    return FORMATS[key]


def detect_format(path: Path | str) -> Format | None:
    """The format a file's extension stands for, or None."""
    suffix = Path(path).suffix.lower()
    return next((f for f in FORMATS.values() if suffix in f.extensions), None)


def default_name(path: Path | str) -> str:
    """A network name from a file name: ``omnipath_signed_carnival.tsv`` ->
    ``omnipath_signed_carnival`` (characters other than letters, digits, ``_ . -`` become
    ``_``)."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(path).stem).strip("_.-")
    return stem[:MAX_NAME].rstrip("_.-") or "network"


def check_name(name: str) -> str:
    """``name`` if it can name an imported network (and its file), else ValueError."""
    if not NAME.match(name):
        raise ValueError(
            f"network name '{name[:80]}' must be letters, digits, '_', '.' or '-', "
            "starting with a letter or digit"
        )
    if len(name) > MAX_NAME:
        raise ValueError(f"network name '{name[:40]}...' is longer than {MAX_NAME} characters")
    return name


def import_network(
    format: str,
    path: Path | str,
    *,
    name: str | None = None,
    columns: dict[str, str] | None = None,
    progress: Progress | None = None,
    strict: bool = False,
) -> ImportedNetwork:
    """Read a network file of ``format`` (see the table above).

    Things that do not make the file wrong come back as ``network.warnings`` (PyBEL's
    warnings, a table without signs...); with ``strict`` every warning is an error (and BEL
    is read with PyBEL's strict settings).

    Raises FileNotFoundError (no such file), IsADirectoryError / OSError (a folder, not a
    regular file, unreadable), ValueError (unknown format, bad name, ``columns`` with a
    format other than ``table`` or without the roles a table needs, see
    :func:`~mechgraph.io.table.check_columns`), :class:`MissingDependency` (PyBEL for ``bel``) or
    ValidationError (malformed lines, all of them, each with its file and line).
    """
    chosen = resolve_format(format)
    path = Path(path)
    if not path.is_file():
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "a folder, not a network file", str(path))
        if path.exists():
            raise OSError(f"not a regular file (a pipe or a device?): {path}")
        raise FileNotFoundError(f"file not found: {path}")
    name = check_name(name) if name else default_name(path)
    options: dict[str, object] = {"progress": progress}
    if columns:
        if chosen.name != "table":
            raise ValueError("--columns applies to the table format only")
        options["columns"] = columns
    if strict:
        options["strict"] = True
    try:
        with paused_gc():
            network = chosen.read(path, name, **options)
    except RecursionError:
        message = "an expression is nested too deeply to be read"
        hint = HINTS.get(chosen.name, GENERIC_HINT)
        raise ValidationError([Problem(str(path), 0, message, RULE, hint=hint)]) from None
    if strict and network.warnings:  # a reader that does not apply strict itself
        raise ValidationError(
            [
                Problem(w.file, w.line, f"{w.message} [strict]", RULE, Level.ERROR, w.hint)
                for w in network.warnings
            ]
        )
    return network


def imports_dir() -> Path:
    """Where ``mechgraph import`` writes and ``--with-network NAME`` looks:
    ``$MECHGRAPH_IMPORTS``, else ``imports/`` in the current directory."""
    return Path(os.environ.get("MECHGRAPH_IMPORTS") or "imports")


def locate_network(spec: str, imports: Path | str | None = None) -> tuple[Format, Path]:
    """What ``--with-network SPEC`` names: ``FORMAT:FILE``, a file (format from its
    extension; a table otherwise) or the NAME of a network imported into ``imports``
    (``<imports>/NAME.tsv``). LookupError says what was tried."""
    head, sep, tail = spec.partition(":")
    if sep and len(head) > 1 and (head.lower() in FORMATS or head.lower() in ALIASES):
        return resolve_format(head), Path(tail)
    path = Path(spec)
    if path.is_file():
        return detect_format(path) or FORMATS["table"], path
    folder = Path(imports) if imports is not None else imports_dir()
    stored = folder / f"{spec}.tsv"
    if NAME.match(spec) and stored.is_file():
        return FORMATS["table"], stored
    raise LookupError(
        f"no file '{spec}' and no imported network of that name in {folder}/ "
        "(import it first: mechgraph import FORMAT FILE --name NAME)"
    )


def load_network(
    spec: str | Path | ImportedNetwork,
    imports: Path | str | None = None,
    progress: Progress | None = None,
) -> ImportedNetwork:
    """The network ``spec`` names (see :func:`locate_network`), imported (its warnings are
    in ``network.warnings``)."""
    if isinstance(spec, ImportedNetwork):
        return spec
    chosen, path = locate_network(str(spec), imports)
    return import_network(chosen.name, path, progress=progress)


__all__ = [
    "ALIASES",
    "FORMATS",
    "Format",
    "ImportedEdge",
    "ImportedNetwork",
    "ImportedNode",
    "MissingDependency",
    "Progress",
    "check_name",
    "default_name",
    "detect_format",
    "import_network",
    "imports_dir",
    "load_network",
    "locate_network",
    "parse_sign",
    "resolve_format",
]
