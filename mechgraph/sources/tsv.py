"""Reading the curated TSV tables, keeping line numbers for error messages.

Line numbers are those of :meth:`str.splitlines` on the file's text (a UTF-8 byte-order
mark, as some spreadsheets write, is ignored); the formatter and the editing commands count
lines the same way, so that every message points at the row a curator sees.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mechgraph.sources.problems import Level, Problem

BOM = "\ufeff"


@dataclass(frozen=True)
class Row:
    """One data row: its cells by column name and its 1-based line number in the file."""

    file: str
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def list(self, column: str) -> tuple[str, ...]:
        """A ``|``-separated cell as a tuple of non-empty, stripped items."""
        return tuple(item.strip() for item in self.get(column).split("|") if item.strip())


def is_skipped(line: str) -> bool:
    """Blank lines and comment lines (starting with ``#``) hold no data."""
    return not line.strip() or line.startswith("#")


def header_index(lines: list[str]) -> int | None:
    """The index of the header line: the first line that is neither blank nor a comment."""
    return next((i for i, line in enumerate(lines) if not is_skipped(line)), None)


def read_text(path: Path) -> str:
    """A table's text (UTF-8, byte-order mark removed); UnicodeDecodeError if not UTF-8."""
    return path.read_text(encoding="utf-8").removeprefix(BOM)


def read_table(
    path: Path,
    required: tuple[str, ...],
    display: str,
    problems: list[Problem],
    *,
    known: tuple[str, ...] | None = None,
    text: str | None = None,
) -> Iterator[Row]:
    """Yield the rows of a tab-separated table with a header line.

    Blank lines and lines starting with ``#`` are skipped. A missing required column,
    a column named twice, a row with more cells than the header, or undecodable text is
    reported in ``problems`` (the row is skipped) rather than raised. With ``known`` (the
    table's columns), a column outside it is reported as a warning. ``text`` replaces the
    file's content (to check an edit before writing it).
    """
    if text is None:
        try:
            text = read_text(path)
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(
                    display,
                    0,
                    f"not UTF-8 text ({exc.reason})",
                    hint="save the file again as UTF-8 text ('Text CSV' with tab separators "
                    "and character set UTF-8 in a spreadsheet)",
                )
            )
            return
    else:
        text = text.removeprefix(BOM)
    lines = text.splitlines()
    header_at = header_index(lines)
    if header_at is None:
        problems.append(Problem(display, 1, "empty file: expected a header row"))
        return
    header = [name.strip() for name in lines[header_at].split("\t")]
    missing = [name for name in required if name not in header]
    if missing:
        problems.append(
            Problem(
                display,
                header_at + 1,
                f"missing column(s): {', '.join(missing)}",
                hint="the first line that is not a comment must name the columns, separated "
                f"by tabs: {' '.join(known or required)}",
            )
        )
        return
    doubled = sorted({name for name in header if name and header.count(name) > 1})
    if doubled:
        problems.append(
            Problem(
                display,
                header_at + 1,
                f"column(s) named twice: {', '.join(doubled)}",
                hint="delete or rename the second column of that name",
            )
        )
        return
    for name in header:
        if known is not None and name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            guess = f"did you mean '{close[0]}'? " if close else ""
            problems.append(
                Problem(
                    display,
                    header_at + 1,
                    f"unknown column '{name}' (ignored)" if name else "column without a name",
                    "unknown-column",
                    Level.WARN,
                    f"{guess}the columns are: {', '.join(known)}",
                )
            )
    for index in range(header_at + 1, len(lines)):
        line = lines[index]
        if is_skipped(line):
            continue
        values = line.split("\t")
        if len(values) > len(header):
            problems.append(
                Problem(
                    display,
                    index + 1,
                    f"{len(values)} cells but the header has {len(header)} columns "
                    "(a tab inside a cell?)",
                    hint="remove the extra tab(s) so that each cell sits under its column",
                )
            )
            continue
        values += [""] * (len(header) - len(values))
        yield Row(display, index + 1, dict(zip(header, values, strict=True)))
