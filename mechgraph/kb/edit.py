"""Adding one row to a curated table without touching anything else.

:func:`plan_row` reads the table, builds the new row (cells in the file's own column
order, in canonical form) and inserts it where the canonical order puts it
(:mod:`mechgraph.kb.format`): in ``claims.tsv`` before the first row with a larger id,
in every other table after the last row. Every other byte of the file is kept: comments,
blank lines, line ends, a byte-order mark. Nothing is written here: the caller validates
the knowledge base with :attr:`Insertion.new_text` in place (``check_kb(...,
overrides=...)``) and then writes it atomically, after checking with :func:`unchanged`
that nobody changed the file meanwhile.

Writers hold :func:`edit_lock` on the knowledge-base folder from reading the table to
renaming the new file into place, so two edits at the same time never lose a row: the
second waits for the first, then plans its row on the table the first wrote.
:func:`check_editable` refuses a folder that belongs to an installed package (edits there
would be erased by the next install).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mechgraph.kb.format import SORTED_BY_ID, canonical_cell, natural_key
from mechgraph.kb.locate import PACKAGE_DIR, display_path
from mechgraph.kb.tsv import (
    BOM,
    header_index,
    is_skipped,
    split_lines,
    split_lines_keepends,
)
from mechgraph.model.errors import MechgraphError

CLAIM_ID = re.compile(r"C([0-9]+)")
LOCK_NAME = ".mechgraph.lock"
LOCK_TIMEOUT = 60.0  # seconds a writer waits for another one (env MECHGRAPH_LOCK_TIMEOUT)


class EditError(MechgraphError, ValueError):
    """An edit that cannot be made (the message is one line, for the curator)."""


def installed_copy(root: Path) -> bool:
    """True if ``root`` lies inside an installed package (a wheel's copy of the knowledge
    base, or anything under site-packages), where edits are erased by the next install."""
    resolved = root.resolve()
    if resolved.is_relative_to((PACKAGE_DIR / "_data").resolve()):
        return True
    return any(part in ("site-packages", "dist-packages") for part in resolved.parts)


def check_editable(root: Path) -> None:
    """Raise EditError when ``root`` is an installed copy of the knowledge base."""
    if installed_copy(root):
        raise EditError(
            f"{display_path(root)} is the knowledge base installed with the mechgraph "
            "package, and the next install would erase edits made there: edit your checkout "
            "instead (--kb CHECKOUT/ontology, or install it editable with pip install -e .)"
        )


@contextmanager
def edit_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the knowledge-base folder's edit lock (``root/.mechgraph.lock``).

    Waits up to ``timeout`` seconds (default ``$MECHGRAPH_LOCK_TIMEOUT`` or 60) for another
    writer, then raises EditError. The lock is released when the process ends, however it
    ends (an operating-system lock, not the file's existence).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with edit_lock(folder):
    ...     (folder / LOCK_NAME).exists()
    True
    """
    from filelock import FileLock, Timeout

    if timeout is None:
        try:
            timeout = float(os.environ.get("MECHGRAPH_LOCK_TIMEOUT", LOCK_TIMEOUT))
        except ValueError:
            timeout = LOCK_TIMEOUT
    lock = FileLock(root / LOCK_NAME, timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise EditError(
            f"{display_path(root)} is being edited by another mechgraph process (lock "
            f"{display_path(root / LOCK_NAME)} held for over {timeout:g} s); nothing written, "
            "try again when it has finished"
        ) from None
    except OSError as exc:
        raise EditError(
            f"cannot lock {display_path(root)} for editing: {exc.strerror or exc}"
        ) from None
    try:
        yield
    finally:
        lock.release()


@dataclass(frozen=True)
class Insertion:
    """A new row planned for a table: where it goes and the file's text with it."""

    table: str
    path: Path
    line: int  # 1-based line of the new row in new_text
    cells: dict[str, str]  # column -> value, in the file's column order
    row_text: str  # the line as written, without its line end
    old: bytes
    new_text: str

    @property
    def display(self) -> str:
        return display_path(self.path)

    @property
    def where(self) -> str:
        return f"{self.display}:{self.line}"


def read_table_text(path: Path) -> tuple[bytes, str]:
    """A table's bytes and text (EditError when missing or not UTF-8)."""
    if not path.is_file():
        raise EditError(f"{display_path(path)}: file not found")
    raw = path.read_bytes()
    try:
        return raw, raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EditError(f"{display_path(path)}: not UTF-8 text ({exc.reason})") from None


def _header(lines: list[str], path: Path) -> tuple[int, list[str]]:
    plain = [line.rstrip("\r\n") for line in lines]
    if plain:
        plain[0] = plain[0].removeprefix(BOM)
    at = header_index(plain)
    if at is None:
        raise EditError(f"{display_path(path)}: no header row")
    return at, [name.strip() for name in plain[at].split("\t")]


def next_claim_id(root: Path) -> str:
    """The next free claim id: C + (largest number + 1), zero-padded like the others."""
    path = root / "claims.tsv"
    numbers, width = [], 4
    if path.is_file():
        _, text = read_table_text(path)
        lines = split_lines(text)
        at, header = _header(lines, path)
        column = header.index("id") if "id" in header else 0
        for line in lines[at + 1 :]:
            if is_skipped(line):
                continue
            cells = line.split("\t")
            match = CLAIM_ID.fullmatch(cells[column].strip()) if column < len(cells) else None
            if match:
                numbers.append(int(match.group(1)))
                width = max(width, len(match.group(1)))
    return f"C{max(numbers, default=0) + 1:0{width}d}"


def plan_row(root: Path, table: str, values: dict[str, str]) -> Insertion:
    """Plan adding a row with ``values`` (column -> text) to ``root/table``.

    Raises EditError when a value holds a tab or a line break, or names a column the file
    does not have.
    """
    path = root / table
    for column, value in values.items():
        if any(char in value for char in "\t\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
            raise EditError(f"the value of {column} contains a tab or a line break")
    old, text = read_table_text(path)
    lines = split_lines_keepends(text)
    at, header = _header(lines, path)
    absent = [c for c, v in values.items() if v.strip() and c not in header]
    if absent:
        raise EditError(
            f"{display_path(path)} has no column {', '.join(absent)}: add it to the header "
            "('mechgraph fmt' adds every column)"
        )
    cells = {column: canonical_cell(column, values.get(column, "")) for column in header}
    row_text = "\t".join(cells.values())
    newline = "\r\n" if lines[at].endswith("\r\n") else "\n"
    data = [i for i in range(at + 1, len(lines)) if not is_skipped(lines[i])]
    after = data[-1] if data else at  # insert after this line: the last row by default
    if table in SORTED_BY_ID and SORTED_BY_ID[table] in header:
        id_column = header.index(SORTED_BY_ID[table])
        key = natural_key(cells[SORTED_BY_ID[table]])

        def row_key(index: int) -> tuple:
            parts = lines[index].rstrip("\r\n").split("\t")
            return natural_key(parts[id_column].strip() if id_column < len(parts) else "")

        larger = next((i for i in data if row_key(i) > key), None)
        if larger is not None:
            after = max((i for i in data if i < larger), default=at)
    if not lines[after].endswith(("\n", "\r")):  # the last line has no line end
        lines[after] += newline
    lines.insert(after + 1, row_text + newline)
    return Insertion(table, path, after + 2, cells, row_text, old, "".join(lines))


def unchanged(insertion: Insertion) -> bool:
    """True if the file still holds the bytes the insertion was planned on."""
    return insertion.path.is_file() and insertion.path.read_bytes() == insertion.old
