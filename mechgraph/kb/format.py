"""The canonical layout of the curated tables, written by ``mechgraph fmt``.

A table is in canonical layout when:

* it is UTF-8 without a byte-order mark, with ``\\n`` line ends and a final newline;
* its header lists the table's columns in the order of :data:`~mechgraph.kb.loader.
  COLUMNS` (all of them, optional ones included), followed by any other columns in their
  original order (they are kept, never dropped);
* every row has one cell per column (empty cells included), each cell without leading or
  trailing white space; ``|``-lists (synonyms, xrefs, parents, payloads, properties, refs,
  context) have no empty items and no spaces around ``|``; a well-formed cross-reference
  has its prefix spelled canonically (``chebi:1`` -> ``CHEBI:1``) and a context item has
  no spaces around ``=``;
* rows are in canonical order: ``claims.tsv`` by id (numbers compared as numbers: C0999
  before C1000); ``classes.tsv`` parents before children, otherwise in file order; every
  other table in file order (the curator's grouping; ``sections.tsv`` follows the text);
* comment lines (``#``) have no trailing white space and stay with the row below them
  (comments above the header stay there, comments after the last row stay at the end);
  blank lines are removed (use a ``#`` line to separate groups).

Formatting changes no content: the loader reads the same records from both layouts.

>>> table = canonical_table("contexts.tsv", "value\\tkey\\tlabel\\n high\\tdose \\tHigh dose\\n")
>>> header, row = table.splitlines()
>>> header.split("\\t")
['key', 'value', 'label', 'parent', 'synonyms', 'xrefs', 'definition']
>>> row.split("\\t")
['dose', 'high', 'High dose', '', '', '', '']
>>> table.endswith("\\n")
True
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mechgraph.kb.loader import COLUMNS, LIST_COLUMNS, REQUIRED
from mechgraph.kb.locate import display_path
from mechgraph.kb.tsv import (
    BOM,
    header_index,
    is_skipped,
    split_lines,
    split_lines_keepends,
)
from mechgraph.model.curie import check_curie, normalise_curie
from mechgraph.model.errors import MechgraphError

#: Tables whose rows are sorted by id (the others keep their order, see the module doc).
SORTED_BY_ID = {"claims.tsv": "id"}


class LayoutError(MechgraphError, ValueError):
    """A table that cannot be laid out without losing or changing content."""

    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


@dataclass
class RawRow:
    """A data row as written: its line number, cells, and the comment lines above it."""

    line: int
    cells: list[str]
    comments: list[str] = field(default_factory=list)


@dataclass
class RawTable:
    """A table split into what precedes the header, the header, rows and trailing comments."""

    preamble: list[str]
    header: list[str]
    header_line: int
    rows: list[RawRow]
    trailing: list[str]

    def value(self, row: RawRow, column: str) -> str:
        if column not in self.header:
            return ""
        index = self.header.index(column)
        return row.cells[index].strip() if index < len(row.cells) else ""


def parse_table(text: str) -> RawTable:
    """Split a table's text (LayoutError when it has no header)."""
    lines = split_lines(text.removeprefix(BOM))
    at = header_index(lines)
    if at is None:
        raise LayoutError(1, "empty file: expected a header row")
    header = [name.strip() for name in lines[at].split("\t")]
    rows: list[RawRow] = []
    pending: list[str] = []
    for index in range(at + 1, len(lines)):
        line = lines[index]
        if is_skipped(line):
            pending.append(line)
        else:
            rows.append(RawRow(index + 1, line.split("\t"), pending))
            pending = []
    return RawTable(lines[:at], header, at + 1, rows, pending)


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key comparing digit runs as numbers: ``C0999 < C1000``, ``C2 < C10``."""
    parts = re.split(r"([0-9]+)", text)  # ASCII digit runs at the odd positions
    return tuple((0, int(part)) if i % 2 else (1, part) for i, part in enumerate(parts))


def canonical_cell(column: str, value: str) -> str:
    """A cell in canonical form (the loader reads the same value from both)."""
    value = value.strip()
    if column not in LIST_COLUMNS and column != "context":
        return value
    items = [item.strip() for item in value.split("|") if item.strip()]
    if column == "xrefs":
        items = [normalise_curie(item) if check_curie(item) is None else item for item in items]
    elif column == "context":
        items = [
            "=".join(part.strip() for part in item.partition("=")[::2]) if "=" in item else item
            for item in items
        ]
    return "|".join(items)


def parents_first(rows: list[RawRow], id_of: Callable[[RawRow], str], parent_of) -> list[RawRow]:
    """Rows in file order, except that a row comes after the row of its parent.

    Repeatedly takes the first remaining row whose parent is not among the remaining rows
    (a loop of parents is broken at its first row). A table already in this order is
    returned unchanged.
    """
    remaining = list(rows)
    pending = Counter(id_of(row) for row in remaining)
    ordered: list[RawRow] = []
    while remaining:
        pick = next(
            (
                i
                for i, row in enumerate(remaining)
                if not parent_of(row) or pending[parent_of(row)] == 0
            ),
            0,
        )
        row = remaining.pop(pick)
        pending[id_of(row)] -= 1
        ordered.append(row)
    return ordered


def ordered_rows(name: str, table: RawTable) -> list[RawRow]:
    """The rows of a table in canonical order."""
    if name in SORTED_BY_ID:
        column = SORTED_BY_ID[name]
        return sorted(table.rows, key=lambda row: natural_key(table.value(row, column)))
    if name == "classes.tsv":
        return parents_first(
            table.rows, lambda row: table.value(row, "id"), lambda row: table.value(row, "parent")
        )
    return list(table.rows)


def canonical_columns(name: str, header: list[str]) -> list[str]:
    known = list(COLUMNS.get(name, ()))
    return known + [column for column in header if column not in known]


def check_header(name: str, table: RawTable) -> None:
    """Refuse headers that formatting would make worse (missing or doubled columns)."""
    missing = [column for column in REQUIRED.get(name, ()) if column not in table.header]
    if missing:
        raise LayoutError(
            table.header_line,
            f"missing column(s) {', '.join(missing)}: fix the header first",
        )
    doubled = sorted({c for c in table.header if table.header.count(c) > 1})
    if doubled:
        raise LayoutError(table.header_line, f"column(s) named twice: {', '.join(doubled)}")


def row_cells(name: str, table: RawTable, row: RawRow, columns: list[str]) -> list[str]:
    if len(row.cells) > len(table.header):
        raise LayoutError(
            row.line,
            f"{len(row.cells)} cells but the header has {len(table.header)} columns: fix the row "
            "first",
        )
    by_column = dict(zip(table.header, row.cells, strict=False))
    cells = [canonical_cell(column, by_column.get(column, "")) for column in columns]
    if cells and cells[0].startswith("#"):
        raise LayoutError(row.line, "the first cell starts with '#': it would become a comment")
    return cells


def canonical_table(name: str, text: str) -> str:
    """The canonical layout of a table's text (LayoutError if it cannot be done safely)."""
    table = parse_table(text)
    check_header(name, table)
    columns = canonical_columns(name, table.header)
    out = [line.rstrip() for line in table.preamble if line.strip()]
    out.append("\t".join(columns))
    for row in ordered_rows(name, table):
        out += [line.rstrip() for line in row.comments if line.strip()]
        out.append("\t".join(row_cells(name, table, row, columns)))
    out += [line.rstrip() for line in table.trailing if line.strip()]
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class TableLayout:
    """One table of a knowledge base: its text now and in canonical layout."""

    name: str
    path: Path
    display: str
    old: bytes
    new: str | None  # None when the table cannot be formatted (see ``error``)
    error: LayoutError | None = None

    @property
    def changed(self) -> bool:
        return self.new is not None and self.new.encode("utf-8") != self.old

    def first_difference(self) -> int:
        """The first line (1-based) where the canonical layout differs from the file."""
        old = split_lines(self.old.decode("utf-8", "replace").removeprefix(BOM))
        new = split_lines(self.new or "")
        for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):
            if a != b:
                return number
        return min(len(old), len(new)) + 1

    def diff(self) -> str:
        import difflib

        old = split_lines_keepends(self.old.decode("utf-8", "replace"))
        new = split_lines_keepends(self.new or "")
        return "".join(difflib.unified_diff(old, new, self.display, f"{self.display} (fmt)"))


def layout_of(name: str, path: Path, text: bytes) -> TableLayout:
    display = display_path(path)
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as exc:
        return TableLayout(name, path, display, text, None, LayoutError(0, f"not UTF-8 ({exc})"))
    try:
        return TableLayout(name, path, display, text, canonical_table(name, decoded))
    except LayoutError as exc:
        return TableLayout(name, path, display, text, None, exc)


def kb_layout(root: Path, overrides: Mapping[str, str] | None = None) -> list[TableLayout]:
    """Every table of a knowledge-base folder with its canonical layout, in loading order.

    ``overrides`` maps table names to texts used instead of the files (an edit not yet
    written).
    """
    tables = []
    for name in COLUMNS:
        path = root / name
        if overrides and name in overrides:
            tables.append(layout_of(name, path, overrides[name].encode("utf-8")))
        elif path.is_file():
            tables.append(layout_of(name, path, path.read_bytes()))
    return tables
