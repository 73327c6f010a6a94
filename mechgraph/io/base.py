"""What every importer shares: the imported network, line-by-line reading with progress,
and the all-or-nothing collection of problems (the sign words of "source interaction
target" files are :mod:`~mechgraph.io.interactions`').

An importer reads its file once, line by line, and feeds a :class:`NetworkBuilder`; every
malformed line becomes a :class:`~mechgraph.model.problems.Problem` (file, line, what is
wrong, and a hint for the file's format) and the import goes on to find the others.
:meth:`NetworkBuilder.build` then raises
:class:`~mechgraph.model.problems.ValidationError` with all of them, or returns the whole
network: never a part of it. Things worth saying that do not make the file wrong (PyBEL's
warnings, a table without signs) are *warnings* (:attr:`ImportedNetwork.warnings`, level
``WARN``): the import succeeds and they are printed; ``strict=True`` makes them errors.

>>> builder = NetworkBuilder("toy", "sif", "toy.sif")
>>> builder.edge("A", "B", Sign.MINUS, 1, "-1")
>>> builder.edge("A", "B", Sign.MINUS, 2, "inhibits")  # the same edge again
>>> network = builder.build()
>>> [(e.source, e.sign.value, e.target, e.line) for e in network.edges], network.skipped
([('A', '-', 'B', 1)], {'duplicate': 1})
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from mechgraph.model.imported import (  # the records the readers build, re-exported
    EdgeColumns as EdgeColumns,
)
from mechgraph.model.imported import ImportedEdge as ImportedEdge
from mechgraph.model.imported import ImportedNetwork as ImportedNetwork
from mechgraph.model.imported import ImportedNode as ImportedNode
from mechgraph.model.problems import Level, Problem, ValidationError
from mechgraph.model.vocab import Sign

#: ``progress(done, total)``: bytes (or characters) read so far out of the file's size.
Progress = Callable[[int, int], None]

#: How many problems (and, separately, warnings) an import reports at most (the count of
#: the rest is given).
MAX_PROBLEMS = 200

#: The rule of every import problem (``rule`` in ``--json`` output).
RULE = "import"
#: What to do about a malformed line, by format (``hint`` in ``--json`` output).
HINTS: dict[str, str] = {
    "sif": "write 'source<TAB>interaction<TAB>target' with a sign word (1 / -1, activates / "
    "inhibits, -> / -|) as UTF-8 text; see docs/import.md",
    "table": "give the table a header row naming its columns (source, target, sign; OmniPath "
    "and SIGNOR headers are recognised) or name them with --columns; rows are UTF-8 text, "
    "cells separated by tabs (commas in a .csv); see docs/import.md",
    "bel": "check the statement against the BEL 2 syntax (https://language.bel.bio): "
    "functions such as p(HGNC:CD274), a relation (increases, decreases...), balanced "
    "parentheses and quotes; 'SET Citation' and 'SET Evidence' before the statements; "
    "--strict makes PyBEL's warnings errors",
    "bnet": "write one rule 'target, function' a line (BoolNet: & | ! and parentheses); "
    "see docs/import.md",
    "aeon": "write regulations 'A -> B', 'A -| B' or 'A -? B' and functions '$B: ...'; "
    "see docs/import.md",
    "sbml-qual": "save the model as well-formed SBML-qual XML (qual:qualitativeSpecies and "
    "qual:transition with qual:input / qual:output); see docs/import.md",
}
GENERIC_HINT = "see docs/import.md for the formats mechgraph imports"

_BREAKS = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029]")


def node_name(text: str) -> str:
    """``text`` as a node name: stripped, and tabs and line breaks in it (a quoted CSV
    cell, an XML attribute, a BEL string) made single spaces, so that the normalised copy
    keeps one row per edge.

    >>> node_name(" T cell\\nactivation ")
    'T cell activation'
    """
    text = text.strip()
    return " ".join(text.split()) if _BREAKS.search(text) else text


def brief(text: str, limit: int = 80) -> str:
    """``text`` as quoted in a problem's message: at most ``limit`` characters.

    >>> brief("x" * 100, 10)
    'xxxxxxxxxx...'
    """
    return text if len(text) <= limit else text[:limit] + "..."


class NetworkBuilder:
    """Collects the edges, nodes, skipped rows, problems and warnings of one import.

    ``strict``: every warning is an error (:meth:`build` fails on it). ``self_loops``: keep
    an edge from a node to itself (a bare graph of a table keeps every edge; an import skips
    and counts them). ``content`` says whether the file had a line that is not blank
    (:func:`lines_of` sets it): a file without one is reported as empty.
    """

    def __init__(
        self, name: str, format: str, file: str, *, strict: bool = False, self_loops: bool = False
    ):
        self.name, self.format, self.file = name, format, file
        self.strict, self.self_loops = strict, self_loops
        self.edges = EdgeColumns()
        self._xrefs: dict[str, dict[str, None]] = {}  # only nodes that have some
        self._seen: set[int] = set()
        self.skipped: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.lines = 0
        self.content = False
        self.hint = HINTS.get(format, GENERIC_HINT)

    def node(self, node: str, *xrefs: str) -> None:
        """Declare a node (edges declare theirs) and add original identifiers to it."""
        self.edges.node_id(node)
        for xref in xrefs:
            if xref and xref != node:
                self._xrefs.setdefault(node, {})[xref] = None

    def edge(
        self,
        source: str,
        target: str,
        sign: Sign,
        line: int,
        relation: str = "",
        file: str | None = None,
    ) -> None:
        """Add a signed edge (a self-loop or a repeated edge is skipped and counted)."""
        columns = self.edges
        s = columns._ids.get(source)
        if s is None:
            s = columns.node_id(source)
        t = columns._ids.get(target)
        if t is None:
            t = columns.node_id(target)
        if s == t and not self.self_loops:
            self.skip("self-loop")
            return
        key = (s << 33) | (t << 1) | (sign is Sign.MINUS)
        if key in self._seen:
            self.skip("duplicate")
            return
        self._seen.add(key)
        columns.append(s, t, sign, file or self.file, line, relation)

    def skip(self, reason: str, count: int = 1) -> None:
        """Count ``count`` rows (or edges) skipped for ``reason``."""
        self.skipped[reason] = self.skipped.get(reason, 0) + count

    def problem(self, line: int, message: str, hint: str | None = None) -> None:
        """A malformed line (``line`` 0: the file as a whole): the import will fail."""
        self.problems.append(
            Problem(self.file, max(line, 0), message, RULE, Level.ERROR, hint or self.hint)
        )

    def warning(self, line: int, message: str, hint: str | None = None) -> None:
        """Something worth saying that does not stop the import (an error when strict)."""
        self.warnings.append(
            Problem(self.file, max(line, 0), message, RULE, Level.WARN, hint or self.hint)
        )

    def build(self) -> ImportedNetwork:
        """The network, or ValidationError listing every malformed line (nothing partial).

        A file with nothing but blank lines is an error; a network without a single signed
        edge is a warning (every row unsigned, say), unless another warning says why. With
        ``strict`` every warning is an error.
        """
        if not self.problems and not self.content and not self.edges.names:
            self.problem(0, "empty file: nothing to import")
        if not self.problems and not len(self.edges) and not self.warnings:
            counts = ", ".join(f"{k} {v:,}" for k, v in sorted(self.skipped.items()))
            self.warning(0, f"no signed edges were read (skipped: {counts or 'nothing'})")
        if self.strict:
            self.problems += [
                Problem(w.file, w.line, f"{w.message} [strict]", RULE, Level.ERROR, w.hint)
                for w in self.warnings
            ]
            self.warnings = []
        if self.problems:
            raise ValidationError(_capped(self.file, self.problems, "malformed lines"))
        xrefs = self._xrefs
        nodes = {
            n: ImportedNode(n, tuple(xrefs[n])) if n in xrefs else ImportedNode(n)
            for n in self.edges.names
        }
        return ImportedNetwork(
            self.name,
            self.format,
            self.file,
            self.edges,
            nodes,
            self.skipped,
            self.lines,
            _capped(self.file, self.warnings, "warnings"),
        )


def _capped(file: str, problems: list[Problem], what: str) -> list[Problem]:
    """``problems`` in line order, at most :data:`MAX_PROBLEMS` and a count of the rest."""
    problems = sorted(problems, key=lambda p: p.line)
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    last = problems[-1]
    return problems[:MAX_PROBLEMS] + [
        Problem(file, 0, f"{more} more {what} not listed", RULE, last.level, last.hint)
    ]


#: The longest line an importer reads (bytes); a longer one is a problem of its line.
MAX_LINE = 1 << 20
_WIDE_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


def lines_of(
    path: Path, builder: NetworkBuilder, progress: Progress | None = None
) -> Iterator[tuple[int, str]]:
    """``(line number, line without its end)`` for each line of a UTF-8 file (a BOM is
    dropped; LF or CRLF line ends), counting ``builder.lines``, setting ``builder.content``
    at the first line that is not blank, and reporting progress (bytes read) now and then.

    A line that is not UTF-8, holds a NUL byte or a carriage return, or is longer than
    :data:`MAX_LINE` bytes is a problem of that line and is not yielded; a UTF-16 or UTF-32
    file is one problem (and nothing is yielded)."""
    total = file_size(path) if progress is not None else 0
    done = 0
    number = 0
    with path.open("rb") as handle:
        while raw := handle.readline(MAX_LINE + 1):
            number += 1
            builder.lines = number
            if progress is not None:
                done += len(raw)
                if number % 8192 == 0:
                    progress(done, total)
            if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
                done += _skip_rest_of_line(handle)
                _bad_line(
                    builder, number, f"line longer than {MAX_LINE:,} bytes: not a network file?"
                )
                continue
            if number == 1 and _wide_text(raw, builder):
                return
            text = _decoded(number, raw, builder)
            if text is not None:
                yield number, text
    if progress is not None:
        progress(total, total)


def text_lines(lines: Iterable[str], builder: NetworkBuilder) -> Iterator[tuple[int, str]]:
    """:func:`lines_of` for lines already read as text (a text file, ``io.StringIO``...):
    numbered from 1, counted in ``builder.lines``, the same problems for the same lines."""
    for number, line in enumerate(lines, start=1):
        builder.lines = number
        text = _decoded(number, line.encode("utf-8", "surrogatepass"), builder)
        if text is not None:
            yield number, text


def _skip_rest_of_line(handle: BinaryIO) -> int:
    """Read past the end of an overlong line; the bytes read."""
    skipped = 0
    while (more := handle.readline(MAX_LINE)) and not more.endswith(b"\n"):
        skipped += len(more)
    return skipped + len(more)


def _wide_text(first: bytes, builder: NetworkBuilder) -> bool:
    """Whether the first line starts with a UTF-16 or UTF-32 BOM (a problem of line 1)."""
    wide = next((n for bom, n in _WIDE_BOMS.items() if first.startswith(bom)), None)
    if wide is not None:
        _bad_line(builder, 1, f"the file is {wide} text: save it as UTF-8")
    return wide is not None


def _decoded(number: int, raw: bytes, builder: NetworkBuilder) -> str | None:
    """Line ``number`` as text without its end (and, on line 1, without a BOM), noting
    that the file has content; None, with a problem of the line, when it is not UTF-8
    text, holds a NUL byte or a carriage return inside."""
    if b"\0" in raw:
        _bad_line(builder, number, "NUL byte in the line: binary data, not text")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        _bad_line(
            builder,
            number,
            f"not UTF-8 text (byte {exc.start + 1} of the line: {exc.reason}); "
            "save the file as UTF-8",
        )
        return None
    if number == 1:
        text = text.removeprefix("\ufeff")
    text = text.rstrip("\r\n")
    if "\r" in text:
        _bad_line(
            builder,
            number,
            "carriage return (CR) inside the line: save the file with LF or CRLF line ends",
        )
        return None
    if not builder.content and text.strip():
        builder.content = True
    return text


def _bad_line(builder: NetworkBuilder, number: int, message: str) -> None:
    """A line that cannot be read: a problem, and the file is not empty."""
    builder.content = True
    builder.problem(number, message)


def file_size(path: Path) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects that all stay
    alive (an import, a merge): its passes would only walk them again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
