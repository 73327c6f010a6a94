"""Fuzz the knowledge-base loader and the network importers through the real CLI.

    python benchmarks/fuzz.py --cases 1000                  # the knowledge-base campaign
    python benchmarks/fuzz.py --format sif --cases 300      # one import format
    python benchmarks/fuzz.py --format all --cases 300      # the KB and every format
    python benchmarks/fuzz.py --format kb --seed 7 --case 42 --keep case42  # one case

Formats: ``kb`` (the default), ``sif``, ``tsv``, ``csv`` (``table`` is both), ``bel``,
``bnet``, ``aeon``, ``sbml-qual``, ``all``. ``--smoke`` runs 3 cases of every target.

A **knowledge-base case** copies ``ontology/`` and ``rules/`` into a temporary folder and
applies one to three seeded mutations (cells, rows, columns and headers deleted, duplicated
or swapped; Unicode digits such as ``²`` ``①`` ``１`` ``٣`` in numeric cells; U+2028, NUL,
BOM, CR and other control characters in cells; huge cells and ``a|``-repeated lists; invalid
UTF-8, truncated and empty files; a directory, a FIFO or a dangling symlink named ``*.tsv``;
entity parent cycles, self-referencing stages, floods of rows...). It then runs
``mechgraph validate --kb ontology`` (``--json`` in one case out of four, ``--sources`` with
the reviews' texts of ``../shared/seeds`` in about one out of three), ``mechgraph fmt
--check`` and ``mechgraph effect Abraxane atezolizumab`` on it (which must refuse a broken
knowledge base naming the file, and answer on one that validates; with the texts, also
``mechgraph coverage``). An **import case** mutates a small valid sample of the format
(from ``tests/data/importers``; for bnet and aeon also deep bracket nesting, long ``!`` runs
and very long OR formulas; for SBML nesting, entity bombs...) and runs ``mechgraph import
FORMAT FILE --check`` (and, when that works, a query merging it with ``--with-network``).

The first cases of a campaign apply each mutator once on its own; the others draw one to
three at random. A case is reproducible from its format, seed and number alone.

Each run is classified by exit code, **traceback** (standard error holds ``Traceback``, or
the worker process died), **hang** (more than ``--timeout`` seconds, 10 by default) and
**messages without a file** (an error line, or a line of the validation report, that names
no file of the case); a case with one mutation of one line whose errors name the file but
never a line is counted as **without a line**; a case with one mutation that must make the
input invalid but exits 0 is counted as **undetected**; a run printing more than 10,000
lines as a **flood**. The report lists each failure with its reproducer, grouped by
signature. The exit code is 1 if any traceback or hang was found (``--strict``: also any
message without a file or a line), else 0.

Runs go through ``mechgraph.cli.app.main`` in ``--jobs`` worker processes (2 by default;
a run in-process costs 10-100 ms instead of 0.2-0.5 s for ``python -m mechgraph``), killed
and replaced on a hang; ``--subprocess`` runs ``python -m mechgraph`` instead. Either way
``MECHGRAPH_CACHE`` is ``off`` unless ``--cache DIR`` is given.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from mechgraph.kb.loader import REQUIRED

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "importers"
SEEDS = REPO.parent / "shared" / "seeds"  # the reviews' texts, for validate --sources
TIMEOUT = 10.0
FLOOD_LINES = 10_000
KB_TABLES = (
    "documents.tsv",
    "sections.tsv",
    "classes.tsv",
    "contexts.tsv",
    "entities.tsv",
    "formulations.tsv",
    "readouts.tsv",
    "not_curated.tsv",
    "claims.tsv",
)
REQUIRED_TABLES = {"documents.tsv", "classes.tsv", "contexts.tsv", "entities.tsv"} | {
    "readouts.tsv",
    "claims.tsv",
}
#: Required columns of each table (as the loader and the rules reader check them).
REQUIRED_COLUMNS = {
    **REQUIRED,
    "not_curated.tsv": ("document", "section", "quote", "reason"),
    "contradictions.tsv": ("id", "title", "when", "summary"),
}
LIST_COLUMNS = ("synonyms", "xrefs", "parents", "payloads", "properties", "refs", "context")
UNICODE_DIGITS = ("²", "①", "１", "٣", "𝟘", "߃", "৪", "³")
INJECTED = {
    "U+2028": "\u2028",
    "U+2029": "\u2029",
    "NUL": "\x00",
    "BOM": "\ufeff",
    "CR": "\r",
    "VT": "\x0b",
    "FF": "\x0c",
    "FS": "\x1c",
    "NEL": "\x85",
    "ESC": "\x1b[31m",
    "DEL": "\x7f",
    "BEL": "\x07",
}
JUNK = (
    "",
    " ",
    "|",
    "||",
    "a|",
    "|a|",
    "=",
    "key=",
    "=value",
    "dose=",
    "dose=high=low",
    "#",
    "#comment",
    '"',
    '"quoted"',
    "'",
    "\\",
    "None",
    "null",
    "NaN",
    "-1",
    "0",
    "1e309",
    "9" * 400,
    "é",
    "🧬",
    "שלום",
    "C0001",
    "CHEBI:",
    "chebi:12",
    "CHEBI:abc",
    "GO:123",
    "x" * 5000,
    "Ａｂｒａｘａｎｅ",
    "a b",
    " padded ",
    "&",
    "up",
    "given",
    "../../etc/passwd",
    "%s%n",
    "{0}",
    "<b>",
    "\u200b",
    "stage",
    "+",
    "-",
    "increases",
    "Formulation",
    "abraxane",
)


# -- cases ------------------------------------------------------------------------------


@dataclass
class Mutation:
    """One change to a case: what was done, to which file and line (0: not one line), and
    whether it must make the input invalid."""

    name: str
    file: str
    line: int = 0
    must_fail: bool = False
    detail: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{self.name} {where}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class Command:
    """A mechgraph command line and when it runs: ``always``, or ``if_ok`` (when the first
    command of the case exited 0). ``check_names``: its error lines must name a file
    (``"exit 1"``: only when it exits 1, e.g. a query on a broken knowledge base, whose
    unknown names exit 2 naming no file)."""

    args: list[str]
    when: str = "always"
    check_names: bool | str = True


@dataclass
class Case:
    target: str
    seed: int
    index: int
    folder: Path
    mutations: list[Mutation] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)
    #: Texts that name a file of the case in a message (``ontology/``, ``net.sif``...).
    names: tuple[str, ...] = ()

    @property
    def focus(self) -> Mutation | None:
        """The mutation whose file and line the errors should name (one-mutation cases)."""
        if len(self.mutations) == 1 and self.mutations[0].line:
            return self.mutations[0]
        return None

    @property
    def must_fail(self) -> bool:
        return len(self.mutations) == 1 and self.mutations[0].must_fail


class Folder:
    """The files of a case, edited as text (bytes that are not UTF-8 survive as surrogates)."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, rel: str) -> Path:
        return self.root / rel

    def is_table(self, rel: str) -> bool:
        path = self.path(rel)
        return path.is_file() and not path.is_symlink()

    def tables(self, folders: Iterable[str] = ("ontology", "rules")) -> list[str]:
        found = []
        for folder in folders:
            base = self.root / folder
            if base.is_dir():
                found += [f"{folder}/{p.name}" for p in sorted(base.glob("*.tsv"))]
        return [rel for rel in found if self.is_table(rel)]

    def read(self, rel: str) -> str:
        return self.path(rel).read_bytes().decode("utf-8", "surrogateescape")

    def write(self, rel: str, text: str) -> None:
        self.path(rel).write_bytes(text.encode("utf-8", "surrogateescape"))

    def lines(self, rel: str) -> list[str]:
        return self.read(rel).split("\n")

    def write_lines(self, rel: str, lines: list[str]) -> None:
        self.write(rel, "\n".join(lines))


def header_at(lines: list[str]) -> int | None:
    return next(
        (i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")), None
    )


def data_rows(lines: list[str]) -> list[int]:
    at = header_at(lines)
    if at is None:
        return []
    return [
        i for i in range(at + 1, len(lines)) if lines[i].strip() and not lines[i].startswith("#")
    ]


def column(lines: list[str], name: str) -> int | None:
    at = header_at(lines)
    if at is None:
        return None
    header = [cell.strip() for cell in lines[at].split("\t")]
    return header.index(name) if name in header else None


def required_column(rel: str, name: str) -> bool:
    return name in REQUIRED_COLUMNS.get(Path(rel).name, ())


def ids_of(folder: Folder, table: str, name: str = "id") -> list[str]:
    rel = f"ontology/{table}"
    if not folder.is_table(rel):
        return []
    lines = folder.lines(rel)
    col = column(lines, name)
    if col is None:
        return []
    out = []
    for i in data_rows(lines):
        cells = lines[i].split("\t")
        if col < len(cells) and cells[col].strip():
            out.append(cells[col].strip())
    return out


def append_rows(folder: Folder, rel: str, rows: list[dict[str, str]]) -> int:
    """Append rows (by column name) to a table; return the line number of the first one."""
    lines = folder.lines(rel)
    at = header_at(lines)
    assert at is not None
    header = [cell.strip() for cell in lines[at].split("\t")]
    while lines and lines[-1] == "":
        lines.pop()
    first = len(lines) + 1
    lines += ["\t".join(row.get(name, "") for name in header) for row in rows]
    folder.write_lines(rel, [*lines, ""])
    return first


def copies_of(line: str, most: int, budget: int = 50_000_000) -> int:
    """How many copies of a line to add: ``most``, fewer if that passed ``budget``
    characters (a huge line repeated would not fit in memory)."""
    return max(1, min(most, budget // (len(line) + 1)))


Mutator = Callable[[random.Random, Folder], Mutation | None]
KB_MUTATORS: list[tuple[str, Mutator, float]] = []


def kb_mutator(weight: float = 1.0) -> Callable[[Mutator], Mutator]:
    """Register a knowledge-base mutator (``weight``: how often random cases draw it)."""

    def register(function: Mutator) -> Mutator:
        KB_MUTATORS.append((function.__name__, function, weight))
        return function

    return register


def pick_cell(
    rng: random.Random, folder: Folder, *, tables: list[str] | None = None
) -> tuple[str, list[str], int, list[str], int] | None:
    """A random data cell: (file, lines, line index, cells, cell index)."""
    choices = [t for t in (tables or folder.tables()) if folder.is_table(t)]
    rng.shuffle(choices)
    for rel in choices:
        lines = folder.lines(rel)
        rows = data_rows(lines)
        if rows:
            index = rng.choice(rows)
            cells = lines[index].split("\t")
            return rel, lines, index, cells, rng.randrange(len(cells))
    return None


def header_name(lines: list[str], cell: int) -> str:
    at = header_at(lines)
    header = lines[at].split("\t") if at is not None else []
    return header[cell].strip() if cell < len(header) else ""


def _cell_edit(
    rng: random.Random, folder: Folder, name: str, edit: Callable[[list[str], int], str]
) -> Mutation | None:
    picked = pick_cell(rng, folder)
    if picked is None:
        return None
    rel, lines, index, cells, at = picked
    detail = edit(cells, at)
    lines[index] = "\t".join(cells)
    folder.write_lines(rel, lines)
    return Mutation(name, rel, index + 1, detail=detail)


@kb_mutator()
def cell_delete(rng: random.Random, folder: Folder) -> Mutation | None:
    def edit(cells: list[str], at: int) -> str:
        return f"cell {at + 1} '{cells.pop(at)[:30]}'"

    return _cell_edit(rng, folder, "cell_delete", edit)


@kb_mutator()
def cell_duplicate(rng: random.Random, folder: Folder) -> Mutation | None:
    def edit(cells: list[str], at: int) -> str:
        cells.insert(at, cells[at])
        return f"cell {at + 1}"

    mutation = _cell_edit(rng, folder, "cell_duplicate", edit)
    if mutation is not None:
        mutation.must_fail = True  # one cell more than the header
    return mutation


@kb_mutator()
def cell_swap(rng: random.Random, folder: Folder) -> Mutation | None:
    def edit(cells: list[str], at: int) -> str:
        other = rng.randrange(len(cells))
        cells[at], cells[other] = cells[other], cells[at]
        return f"cells {at + 1} and {other + 1}"

    return _cell_edit(rng, folder, "cell_swap", edit)


@kb_mutator()
def cell_empty(rng: random.Random, folder: Folder) -> Mutation | None:
    def edit(cells: list[str], at: int) -> str:
        cells[at] = ""
        return f"cell {at + 1}"

    return _cell_edit(rng, folder, "cell_empty", edit)


@kb_mutator(weight=3.0)
def cell_junk(rng: random.Random, folder: Folder) -> Mutation | None:
    def edit(cells: list[str], at: int) -> str:
        cells[at] = rng.choice(JUNK)
        return f"cell {at + 1} = {cells[at][:20]!r}"

    return _cell_edit(rng, folder, "cell_junk", edit)


@kb_mutator(weight=2.0)
def cell_unicode_digits(rng: random.Random, folder: Folder) -> Mutation | None:
    """ASCII digits of a cell replaced by digits of other scripts (``isdigit()`` is True)."""
    numeric = {"order", "date", "refs", "xrefs", "id"}
    tables = [t for t in folder.tables(("ontology",))]
    rng.shuffle(tables)
    for rel in tables:
        lines = folder.lines(rel)
        rows = data_rows(lines)
        rng.shuffle(rows)
        for index in rows:
            cells = lines[index].split("\t")
            spots = [
                i
                for i, cell in enumerate(cells)
                if re.search(r"[0-9]", cell) and header_name(lines, i) in numeric
            ]
            if not spots:
                continue
            at = rng.choice(spots)
            digit = rng.choice(UNICODE_DIGITS)
            every = rng.random() < 0.5
            cells[at] = re.sub(r"[0-9]", digit, cells[at], count=0 if every else 1)
            lines[index] = "\t".join(cells)
            folder.write_lines(rel, lines)
            column_name = header_name(lines, at)
            return Mutation(
                "cell_unicode_digits",
                rel,
                index + 1,
                must_fail=True,
                detail=f"{column_name} = {cells[at][:30]!r}",
            )
    return None


@kb_mutator(weight=2.0)
def readout_order_digit(rng: random.Random, folder: Folder) -> Mutation | None:
    rel = "ontology/readouts.tsv"
    if not folder.is_table(rel):
        return None
    lines = folder.lines(rel)
    col, rows = column(lines, "order"), data_rows(lines)
    if col is None or not rows:
        return None
    index = rng.choice(rows)
    cells = lines[index].split("\t")
    if col >= len(cells):
        return None
    cells[col] = rng.choice([*UNICODE_DIGITS, "1.5", "-1", "+2", "1_000", "0x1", "1e3", "٣٣"])
    lines[index] = "\t".join(cells)
    folder.write_lines(rel, lines)
    return Mutation("readout_order_digit", rel, index + 1, True, f"order = {cells[col]!r}")


@kb_mutator()
def claim_date_digit(rng: random.Random, folder: Folder) -> Mutation | None:
    rel = "ontology/claims.tsv"
    if not folder.is_table(rel):
        return None
    lines = folder.lines(rel)
    col, rows = column(lines, "date"), data_rows(lines)
    if col is None or not rows:
        return None
    index = rng.choice(rows)
    cells = lines[index].split("\t")
    if col >= len(cells):
        return None
    digit = rng.choice(UNICODE_DIGITS)
    cells[col] = rng.choice(
        [
            f"2026-1{digit}-01",
            "２０２６-０１-０１",
            "2026-13-45",
            "2026-1-1",
            f"{digit}" * 4 + "-01-01",
        ]
    )
    lines[index] = "\t".join(cells)
    folder.write_lines(rel, lines)
    return Mutation("claim_date_digit", rel, index + 1, True, f"date = {cells[col]!r}")


@kb_mutator(weight=3.0)
def inject_char(rng: random.Random, folder: Folder) -> Mutation | None:
    """A line-break or control character inside a cell."""
    name = rng.choice(sorted(INJECTED))

    def edit(cells: list[str], at: int) -> str:
        where = rng.randrange(len(cells[at]) + 1)
        cells[at] = cells[at][:where] + INJECTED[name] + cells[at][where:]
        return f"{name} in cell {at + 1}"

    mutation = _cell_edit(rng, folder, "inject_char", edit)
    if mutation is not None:
        mutation.must_fail = name != "CR"
    return mutation


@kb_mutator()
def note_line_separator(rng: random.Random, folder: Folder) -> Mutation | None:
    """The issue's case: a claim's note with U+2028 inside."""
    rel = "ontology/claims.tsv"
    if not folder.is_table(rel):
        return None
    lines = folder.lines(rel)
    col, rows = column(lines, "note"), data_rows(lines)
    if col is None or not rows:
        return None
    index = rng.choice(rows)
    cells = lines[index].split("\t")
    cells += [""] * (col + 1 - len(cells))
    char = rng.choice(["\u2028", "\u2029"])
    cells[col] = f"first part{char}second part"
    lines[index] = "\t".join(cells)
    folder.write_lines(rel, lines)
    return Mutation("note_line_separator", rel, index + 1, True, f"U+{ord(char):04X} in note")


@kb_mutator()
def huge_list_cell(rng: random.Random, folder: Folder) -> Mutation | None:
    """A list cell of 1,000,000 ``a|`` items (or 200,000 distinct ones)."""
    spots = []
    for rel in folder.tables(("ontology",)):
        lines = folder.lines(rel)
        for name in LIST_COLUMNS:
            col = column(lines, name)
            if col is not None and data_rows(lines):
                spots.append((rel, name, col))
    if not spots:
        return None
    rel, name, col = rng.choice(spots)
    lines = folder.lines(rel)
    index = rng.choice(data_rows(lines))
    cells = lines[index].split("\t")
    cells += [""] * (col + 1 - len(cells))
    if rng.random() < 0.7:
        cells[col], detail = "a|" * 1_000_000, f"{name} = 'a|' * 1,000,000"
    else:
        cells[col] = "|".join(f"a{i}" for i in range(200_000))
        detail = f"{name} = 200,000 distinct items"
    lines[index] = "\t".join(cells)
    folder.write_lines(rel, lines)
    return Mutation("huge_list_cell", rel, index + 1, detail=detail)


@kb_mutator()
def huge_cell(rng: random.Random, folder: Folder) -> Mutation | None:
    def edit(cells: list[str], at: int) -> str:
        size = rng.choice([100_000, 2_000_000])
        cells[at] = rng.choice(["x", "word ", "é", "C"]) * size
        return f"cell {at + 1} of {size:,} repeats"

    return _cell_edit(rng, folder, "huge_cell", edit)


@kb_mutator()
def long_line(rng: random.Random, folder: Folder) -> Mutation | None:
    def edit(cells: list[str], at: int) -> str:
        cells.extend(["x"] * 100_000)
        return "100,000 extra cells"

    mutation = _cell_edit(rng, folder, "long_line", edit)
    if mutation is not None:
        mutation.must_fail = True
    return mutation


def _pick_rows(rng: random.Random, folder: Folder, least: int = 1) -> tuple[str, list[str]] | None:
    tables = folder.tables()
    rng.shuffle(tables)
    for rel in tables:
        lines = folder.lines(rel)
        if len(data_rows(lines)) >= least:
            return rel, lines
    return None


@kb_mutator(weight=2.0)
def row_delete(rng: random.Random, folder: Folder) -> Mutation | None:
    picked = _pick_rows(rng, folder)
    if picked is None:
        return None
    rel, lines = picked
    index = rng.choice(data_rows(lines))
    del lines[index]
    folder.write_lines(rel, lines)
    return Mutation("row_delete", rel, detail=f"line {index + 1}")


@kb_mutator()
def row_duplicate(rng: random.Random, folder: Folder) -> Mutation | None:
    picked = _pick_rows(rng, folder)
    if picked is None:
        return None
    rel, lines = picked
    index = rng.choice(data_rows(lines))
    lines.insert(index + 1, lines[index])
    folder.write_lines(rel, lines)
    return Mutation("row_duplicate", rel, index + 2)


@kb_mutator()
def row_multiply(rng: random.Random, folder: Folder) -> Mutation | None:
    """One row repeated 20,000 times (quadratic checks show up as hangs)."""
    picked = _pick_rows(rng, folder)
    if picked is None:
        return None
    rel, lines = picked
    index = rng.choice(data_rows(lines))
    copies = copies_of(lines[index], 20_000)
    lines[index + 1 : index + 1] = [lines[index]] * copies
    folder.write_lines(rel, lines)
    return Mutation("row_multiply", rel, detail=f"line {index + 1} x {copies:,}")


@kb_mutator()
def row_swap(rng: random.Random, folder: Folder) -> Mutation | None:
    picked = _pick_rows(rng, folder, 2)
    if picked is None:
        return None
    rel, lines = picked
    a, b = rng.sample(data_rows(lines), 2)
    lines[a], lines[b] = lines[b], lines[a]
    folder.write_lines(rel, lines)
    return Mutation("row_swap", rel, detail=f"lines {a + 1} and {b + 1}")


@kb_mutator()
def row_comment(rng: random.Random, folder: Folder) -> Mutation | None:
    picked = _pick_rows(rng, folder)
    if picked is None:
        return None
    rel, lines = picked
    index = rng.choice(data_rows(lines))
    lines[index] = rng.choice(["#", "# ", " #"]) + lines[index]
    folder.write_lines(rel, lines)
    return Mutation("row_comment", rel, detail=f"line {index + 1}")


@kb_mutator()
def row_truncate(rng: random.Random, folder: Folder) -> Mutation | None:
    picked = _pick_rows(rng, folder)
    if picked is None:
        return None
    rel, lines = picked
    index = rng.choice(data_rows(lines))
    lines[index] = lines[index][: rng.randrange(len(lines[index]) + 1)]
    folder.write_lines(rel, lines)
    return Mutation("row_truncate", rel, index + 1)


@kb_mutator()
def blank_lines(rng: random.Random, folder: Folder) -> Mutation | None:
    picked = _pick_rows(rng, folder)
    if picked is None:
        return None
    rel, lines = picked
    index = rng.randrange(len(lines) + 1)
    lines[index:index] = [rng.choice(["", " ", "\t", " \t ", "\t\t"])] * rng.randint(1, 3)
    folder.write_lines(rel, lines)
    return Mutation("blank_lines", rel, detail=f"before line {index + 1}")


def _columns(rng: random.Random, folder: Folder) -> tuple[str, list[str], int, int] | None:
    tables = folder.tables()
    rng.shuffle(tables)
    for rel in tables:
        lines = folder.lines(rel)
        at = header_at(lines)
        if at is not None:
            return rel, lines, at, len(lines[at].split("\t"))
    return None


def _edit_columns(lines: list[str], at: int, edit: Callable[[list[str]], None]) -> None:
    for i in [at, *data_rows(lines)]:
        cells = lines[i].split("\t")
        edit(cells)
        lines[i] = "\t".join(cells)


@kb_mutator()
def column_delete(rng: random.Random, folder: Folder) -> Mutation | None:
    picked = _columns(rng, folder)
    if picked is None:
        return None
    rel, lines, at, width = picked
    col = rng.randrange(width)
    name = header_name(lines, col)
    _edit_columns(lines, at, lambda cells: cells.pop(col) if col < len(cells) else None)
    folder.write_lines(rel, lines)
    return Mutation("column_delete", rel, at + 1, required_column(rel, name), f"'{name}'")


@kb_mutator()
def column_duplicate(rng: random.Random, folder: Folder) -> Mutation | None:
    picked = _columns(rng, folder)
    if picked is None:
        return None
    rel, lines, at, width = picked
    col = rng.randrange(width)
    name = header_name(lines, col)

    def edit(cells: list[str]) -> None:
        if col < len(cells):
            cells.insert(col, cells[col])

    _edit_columns(lines, at, edit)
    folder.write_lines(rel, lines)
    return Mutation("column_duplicate", rel, at + 1, bool(name), f"'{name}'")


@kb_mutator()
def column_swap(rng: random.Random, folder: Folder) -> Mutation | None:
    picked = _columns(rng, folder)
    if picked is None or picked[3] < 2:
        return None
    rel, lines, at, width = picked
    a, b = rng.sample(range(width), 2)

    def edit(cells: list[str]) -> None:
        cells += [""] * (max(a, b) + 1 - len(cells))
        cells[a], cells[b] = cells[b], cells[a]

    _edit_columns(lines, at, edit)
    folder.write_lines(rel, lines)
    return Mutation("column_swap", rel, detail=f"columns {a + 1} and {b + 1}")


@kb_mutator()
def header_swap(rng: random.Random, folder: Folder) -> Mutation | None:
    picked = _columns(rng, folder)
    if picked is None or picked[3] < 2:
        return None
    rel, lines, at, width = picked
    a, b = rng.sample(range(width), 2)
    cells = lines[at].split("\t")
    cells[a], cells[b] = cells[b], cells[a]
    lines[at] = "\t".join(cells)
    folder.write_lines(rel, lines)
    return Mutation("header_swap", rel, detail=f"names {cells[b]!r} and {cells[a]!r}")


@kb_mutator()
def header_rename(rng: random.Random, folder: Folder) -> Mutation | None:
    picked = _columns(rng, folder)
    if picked is None:
        return None
    rel, lines, at, width = picked
    cells = lines[at].split("\t")
    col = rng.randrange(width)
    old = cells[col]
    cells[col] = rng.choice([old.upper(), old[:-1], old + "s", f" {old}x", "", old + "\ufeff"])
    lines[at] = "\t".join(cells)
    folder.write_lines(rel, lines)
    must = required_column(rel, old.strip()) and cells[col].strip() != old.strip()
    return Mutation("header_rename", rel, at + 1, must, f"{old!r} -> {cells[col]!r}")


@kb_mutator()
def header_delete(rng: random.Random, folder: Folder) -> Mutation | None:
    picked = _columns(rng, folder)
    if picked is None:
        return None
    rel, lines, at, _ = picked
    rows = data_rows(lines)
    del lines[at]
    folder.write_lines(rel, lines)
    return Mutation("header_delete", rel, at + 1 if rows else 0, bool(rows))


@kb_mutator()
def header_only(rng: random.Random, folder: Folder) -> Mutation | None:
    picked = _pick_rows(rng, folder)
    if picked is None:
        return None
    rel, lines = picked
    for index in reversed(data_rows(lines)):
        del lines[index]
    folder.write_lines(rel, lines)
    return Mutation("header_only", rel)


def _any_table(rng: random.Random, folder: Folder) -> str | None:
    tables = folder.tables()
    return rng.choice(tables) if tables else None


@kb_mutator()
def file_truncate(rng: random.Random, folder: Folder) -> Mutation | None:
    rel = _any_table(rng, folder)
    if rel is None:
        return None
    data = folder.path(rel).read_bytes()
    cut = rng.randrange(len(data) + 1)
    folder.path(rel).write_bytes(data[:cut])
    return Mutation("file_truncate", rel, detail=f"at byte {cut:,} of {len(data):,}")


@kb_mutator()
def file_empty(rng: random.Random, folder: Folder) -> Mutation | None:
    rel = _any_table(rng, folder)
    if rel is None:
        return None
    text = rng.choice(["", "\n", "\n\n", "# only a comment\n", "\ufeff", "   \n\t\n", "\r\n"])
    folder.write(rel, text)
    return Mutation("file_empty", rel, must_fail=True, detail=repr(text))


@kb_mutator(weight=2.0)
def file_invalid_utf8(rng: random.Random, folder: Folder) -> Mutation | None:
    rel = _any_table(rng, folder)
    if rel is None:
        return None
    lines = folder.path(rel).read_bytes().split(b"\n")
    rows = data_rows([line.decode("utf-8", "replace") for line in lines]) or [0]
    index = rng.choice(rows)
    bad = rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\x80\x80", b"\xf8\x88"])
    where = rng.randrange(len(lines[index]) + 1)
    lines[index] = lines[index][:where] + bad + lines[index][where:]
    folder.path(rel).write_bytes(b"\n".join(lines))
    return Mutation("file_invalid_utf8", rel, index + 1, True, repr(bad))


@kb_mutator()
def file_reencode(rng: random.Random, folder: Folder) -> Mutation | None:
    rel = _any_table(rng, folder)
    if rel is None:
        return None
    text = folder.read(rel)
    encoding = rng.choice(["utf-16", "utf-32", "latin-1"])
    if encoding == "latin-1":
        text += "\n# café\n"
        data = text.encode("latin-1", "replace")
    else:
        data = text.encode(encoding, "surrogatepass")
    folder.path(rel).write_bytes(data)
    return Mutation("file_reencode", rel, must_fail=True, detail=encoding)


@kb_mutator()
def line_ends(rng: random.Random, folder: Folder) -> Mutation | None:
    rel = _any_table(rng, folder)
    if rel is None:
        return None
    text = folder.read(rel)
    style = rng.choice(["crlf", "cr", "mixed", "no-final-newline", "bom", "double-bom"])
    if style == "crlf":
        text = text.replace("\n", "\r\n")
    elif style == "cr":
        text = text.replace("\n", "\r")
    elif style == "mixed":
        text = "".join(line + rng.choice(["\n", "\r\n", "\r"]) for line in text.split("\n") if line)
    elif style == "no-final-newline":
        text = text.rstrip("\n")
    elif style == "bom":
        text = "\ufeff" + text
    else:
        text = "\ufeff\ufeff" + text
    folder.write(rel, text)
    return Mutation("line_ends", rel, must_fail=style == "double-bom", detail=style)


@kb_mutator()
def file_delete(rng: random.Random, folder: Folder) -> Mutation | None:
    rel = _any_table(rng, folder)
    if rel is None:
        return None
    folder.path(rel).unlink()
    return Mutation("file_delete", rel, must_fail=Path(rel).name in REQUIRED_TABLES)


@kb_mutator()
def file_binary(rng: random.Random, folder: Folder) -> Mutation | None:
    rel = _any_table(rng, folder)
    if rel is None:
        return None
    folder.path(rel).write_bytes(bytes(rng.randrange(256) for _ in range(rng.choice([16, 4096]))))
    return Mutation("file_binary", rel, must_fail=True)


def _odd_entry(rng: random.Random, folder: Folder) -> tuple[str, Path]:
    """Where to put a non-file named ``*.tsv``: a table it replaces, or a new name."""
    base = rng.choice(["ontology", "rules"])
    tables = [t for t in folder.tables((base,))]
    if tables and rng.random() < 0.6:
        rel = rng.choice(tables)
        folder.path(rel).unlink()
    else:
        rel = f"{base}/{rng.choice(['extra', 'notes', 'zz_more', 'claims.bak'])}.tsv"
    return rel, folder.path(rel)


@kb_mutator(weight=1.5)
def dir_named_tsv(rng: random.Random, folder: Folder) -> Mutation | None:
    rel, path = _odd_entry(rng, folder)
    path.mkdir()
    return Mutation("dir_named_tsv", rel, must_fail=True)


@kb_mutator(weight=1.5)
def dangling_symlink(rng: random.Random, folder: Folder) -> Mutation | None:
    rel, path = _odd_entry(rng, folder)
    kind = rng.choice(["missing", "loop"])
    path.symlink_to(path.name if kind == "loop" else "does-not-exist.tsv")
    return Mutation("dangling_symlink", rel, must_fail=True, detail=kind)


@kb_mutator()
def fifo_named_tsv(rng: random.Random, folder: Folder) -> Mutation | None:
    if not hasattr(os, "mkfifo"):
        return None
    rel, path = _odd_entry(rng, folder)
    os.mkfifo(path)
    return Mutation("fifo_named_tsv", rel, must_fail=True)


@kb_mutator()
def symlink_to_copy(rng: random.Random, folder: Folder) -> Mutation | None:
    """A table replaced by a (working) symlink to a copy: must still validate the same."""
    rel = _any_table(rng, folder)
    if rel is None:
        return None
    target = folder.root / f"copy-of-{Path(rel).name}"
    shutil.copyfile(folder.path(rel), target)
    folder.path(rel).unlink()
    folder.path(rel).symlink_to(os.path.relpath(target, folder.path(rel).parent))
    return Mutation("symlink_to_copy", rel)


def _set_cell(folder: Folder, rel: str, key_col: str, key: str, col: str, value: str) -> int:
    """Set ``col`` of the row whose ``key_col`` is ``key``; return its line (0 if none)."""
    lines = folder.lines(rel)
    k, c = column(lines, key_col), column(lines, col)
    if k is None or c is None:
        return 0
    for i in data_rows(lines):
        cells = lines[i].split("\t")
        if k < len(cells) and cells[k].strip() == key:
            cells += [""] * (c + 1 - len(cells))
            cells[c] = value
            lines[i] = "\t".join(cells)
            folder.write_lines(rel, lines)
            return i + 1
    return 0


@kb_mutator(weight=2.0)
def entity_parent_cycle(rng: random.Random, folder: Folder) -> Mutation | None:
    ids = ids_of(folder, "entities.tsv")
    size = rng.choice([1, 2, 2, 3])
    if len(ids) < size:
        return None
    chosen = rng.sample(ids, size)
    rel = "ontology/entities.tsv"
    line = 0
    for i, entity in enumerate(chosen):
        line = _set_cell(folder, rel, "id", entity, "parents", chosen[(i + 1) % size]) or line
    return Mutation("entity_parent_cycle", rel, line, True, " -> ".join([*chosen, chosen[0]]))


@kb_mutator()
def class_cycle(rng: random.Random, folder: Folder) -> Mutation | None:
    ids = ids_of(folder, "classes.tsv")
    size = rng.choice([1, 2, 3])
    if len(ids) < size:
        return None
    chosen = rng.sample(ids, size)
    rel = "ontology/classes.tsv"
    line = 0
    for i, cls in enumerate(chosen):
        line = _set_cell(folder, rel, "id", cls, "parent", chosen[(i + 1) % size]) or line
    return Mutation("class_cycle", rel, line, True, " -> ".join([*chosen, chosen[0]]))


@kb_mutator(weight=2.0)
def stage_self(rng: random.Random, folder: Folder) -> Mutation | None:
    """A readout that is its own stage, two stages each other's, or an outcome in a stage."""
    readouts = ids_of(folder, "readouts.tsv", "readout")
    if len(readouts) < 2:
        return None
    rel = "ontology/readouts.tsv"
    kind = rng.choice(["self", "self", "pair", "step-in-step"])
    a, b = rng.sample(readouts, 2)
    if kind == "self":
        line = _set_cell(folder, rel, "readout", a, "stage", a)
        detail = f"{a} in stage {a}"
    elif kind == "pair":
        _set_cell(folder, rel, "readout", a, "stage", b)
        line = _set_cell(folder, rel, "readout", b, "stage", a)
        detail = f"{a} and {b} each other's stage"
    else:
        line = _set_cell(folder, rel, "readout", a, "stage", b)
        detail = f"{a} in stage {b}"
        kinds = dict(zip(readouts, ids_of(folder, "readouts.tsv", "kind"), strict=False))
        return Mutation("stage_self", rel, line, kinds.get(b) != "stage", detail)
    return Mutation("stage_self", rel, line, True, detail)


@kb_mutator()
def formulation_self(rng: random.Random, folder: Folder) -> Mutation | None:
    forms = ids_of(folder, "formulations.tsv", "formulation")
    if not forms:
        return None
    form = rng.choice(forms)
    col = rng.choice(["payloads", "carrier", "properties"])
    line = _set_cell(folder, "ontology/formulations.tsv", "formulation", form, col, form)
    return Mutation("formulation_self", "ontology/formulations.tsv", line, True, f"{col} {form}")


@kb_mutator(weight=2.0)
def dangling_reference(rng: random.Random, folder: Folder) -> Mutation | None:
    spots = [
        ("claims.tsv", "subject"),
        ("claims.tsv", "object"),
        ("claims.tsv", "document"),
        ("entities.tsv", "type"),
        ("entities.tsv", "parents"),
        ("classes.tsv", "parent"),
        ("formulations.tsv", "carrier"),
        ("formulations.tsv", "payloads"),
        ("readouts.tsv", "readout"),
        ("readouts.tsv", "stage"),
        ("sections.tsv", "document"),
    ]
    table, col = rng.choice(spots)
    rel = f"ontology/{table}"
    if not folder.is_table(rel):
        return None
    lines = folder.lines(rel)
    c, rows = column(lines, col), data_rows(lines)
    if c is None or not rows:
        return None
    index = rng.choice(rows)
    cells = lines[index].split("\t")
    cells += [""] * (c + 1 - len(cells))
    cells[c] = rng.choice(["nonexistent_xyz", "Nonexistent", "paclitaxe", "stage9"])
    lines[index] = "\t".join(cells)
    folder.write_lines(rel, lines)
    return Mutation("dangling_reference", rel, index + 1, True, f"{col} = {cells[c]}")


@kb_mutator(weight=1.5)
def rule_pattern(rng: random.Random, folder: Folder) -> Mutation | None:
    rules = [t for t in folder.tables(("rules",))]
    if not rules:
        return None
    rel = rng.choice(rules)
    lines = folder.lines(rel)
    c, rows = column(lines, "when"), data_rows(lines)
    if c is None or not rows:
        return None
    index = rng.choice(rows)
    cells = lines[index].split("\t")
    cells += [""] * (c + 1 - len(cells))
    cells[c], must = rng.choice(
        [
            ("", True),
            ("&", True),
            ("tumour_control up &", True),
            ("given", True),
            ("tumour_control up & & survival down", True),
            ("given given", False),  # the class or entity 'given'? unknown: an error anyway
            ("tumour_control sideways", True),
            (" & ".join(["tumour_control up"] * 20_000), False),  # long, but valid
            (" & ".join(f"missing{i} up" for i in range(20_000)), True),
            ("nonexistent_xyz up", True),
            ("tumour_control up & given nonexistent_xyz", True),
            ("tumour_control\u2028up", True),
        ]
    )
    lines[index] = "\t".join(cells)
    folder.write_lines(rel, lines)
    return Mutation("rule_pattern", rel, index + 1, must, f"when = {cells[c][:40]!r}")


@kb_mutator()
def deep_hierarchy(rng: random.Random, folder: Folder) -> Mutation | None:
    """A chain of 3,000 classes or entities (a valid, if odd, knowledge base)."""
    which = rng.choice(["classes", "entities"])
    size = 3_000
    if which == "classes":
        rel = "ontology/classes.tsv"
        if not folder.is_table(rel) or column(folder.lines(rel), "parent") is None:
            return None
        rows = [
            {"id": f"ChainClass{i}", "label": f"chain class {i}", "parent": f"ChainClass{i - 1}"}
            for i in range(1, size)
        ]
        rows.insert(0, {"id": "ChainClass0", "label": "chain class 0", "parent": ""})
    else:
        rel = "ontology/entities.tsv"
        types = ids_of(folder, "classes.tsv")
        if not folder.is_table(rel) or not types or column(folder.lines(rel), "parents") is None:
            return None
        kind = rng.choice(types)
        rows = [
            {
                "id": f"chain_entity{i}",
                "label": f"chain entity {i}",
                "type": kind,
                "parents": f"chain_entity{i - 1}" if i else "",
            }
            for i in range(size)
        ]
    append_rows(folder, rel, rows)
    return Mutation("deep_hierarchy", rel, detail=f"{size:,} {which}")


@kb_mutator()
def name_flood(rng: random.Random, folder: Folder) -> Mutation | None:
    """5,000 entities sharing one label (duplicate names)."""
    rel = "ontology/entities.tsv"
    types = ids_of(folder, "classes.tsv")
    if not folder.is_table(rel) or not types:
        return None
    kind = rng.choice(types)
    rows = [{"id": f"same_name{i}", "label": "same name", "type": kind} for i in range(5_000)]
    line = append_rows(folder, rel, rows)
    return Mutation("name_flood", rel, line + 1, True, "5,000 entities labelled 'same name'")


@kb_mutator()
def claim_flood(rng: random.Random, folder: Folder) -> Mutation | None:
    """10,000 claims on one subject and object with alternating signs."""
    rel = "ontology/claims.tsv"
    entities = ids_of(folder, "entities.tsv")
    documents = ids_of(folder, "documents.tsv")
    if not folder.is_table(rel) or len(entities) < 2 or not documents:
        return None
    subject, obj = rng.sample(entities, 2)
    rows = [
        {
            "id": f"F{i:06d}",
            "subject": subject,
            "relation": "increases" if i % 2 else "decreases",
            "object": obj,
            "evidence_level": "hypothesis",
            "document": documents[0],
            "quote": "a quote",
            "context": rng.choice(["", "dose=high", "dose=metronomic"]),
        }
        for i in range(10_000)
    ]
    append_rows(folder, rel, rows)
    return Mutation("claim_flood", rel, detail=f"10,000 claims {subject} -> {obj}")


@kb_mutator()
def section_flood(rng: random.Random, folder: Folder) -> Mutation | None:
    rel = "ontology/sections.tsv"
    documents = ids_of(folder, "documents.tsv")
    if not folder.is_table(rel) or not documents:
        return None
    document = rng.choice(documents)
    rows = [{"document": document, "section": f"Section {i}"} for i in range(20_000)]
    append_rows(folder, rel, rows)
    return Mutation("section_flood", rel, detail=f"20,000 sections of {document}")


@kb_mutator()
def id_collision(rng: random.Random, folder: Folder) -> Mutation | None:
    classes = ids_of(folder, "classes.tsv")
    rel = "ontology/entities.tsv"
    if not classes or not folder.is_table(rel):
        return None
    taken = rng.choice(classes)
    line = append_rows(folder, rel, [{"id": taken, "label": f"{taken} again", "type": taken}])
    return Mutation("id_collision", rel, line, True, f"entity {taken} is also a class")


@kb_mutator()
def context_junk(rng: random.Random, folder: Folder) -> Mutation | None:
    rel = "ontology/claims.tsv"
    if not folder.is_table(rel):
        return None
    lines = folder.lines(rel)
    c, rows = column(lines, "context"), data_rows(lines)
    if c is None or not rows:
        return None
    index = rng.choice(rows)
    cells = lines[index].split("\t")
    cells += [""] * (c + 1 - len(cells))
    value, must = rng.choice(
        [
            ("dose=", True),
            ("=high", True),
            ("dose=high=low", True),
            ("dose", True),
            ("|", False),
            ("nokey=x", True),
            ("dose=nonexistent", True),
            ("dose=high|dose=metronomic", False),
            ("DOSE=high", True),
            ("dose = high", False),
        ]
    )
    cells[c] = value
    lines[index] = "\t".join(cells)
    folder.write_lines(rel, lines)
    return Mutation("context_junk", rel, index + 1, must, f"context = {value!r}")


@kb_mutator()
def header_flood(rng: random.Random, folder: Folder) -> Mutation | None:
    """10,000 unknown columns in a header (10,000 warnings)."""
    picked = _columns(rng, folder)
    if picked is None:
        return None
    rel, lines, at, _ = picked
    lines[at] += "".join(f"\textra{i}" for i in range(10_000))
    folder.write_lines(rel, lines)
    return Mutation("header_flood", rel, at + 1, detail="10,000 unknown columns")


def make_kb_case(case: Case, rng: random.Random, pristine: Path) -> None:
    """Copy the knowledge base and rules into the case folder and mutate them."""
    shutil.copytree(pristine / "ontology", case.folder / "ontology")
    shutil.copytree(pristine / "rules", case.folder / "rules")
    folder = Folder(case.folder)
    names = [name for name, _, _ in KB_MUTATORS]
    weights = [weight for _, _, weight in KB_MUTATORS]
    if case.index < len(KB_MUTATORS):
        chosen = [names[case.index]]
    else:
        chosen = rng.choices(names, weights, k=rng.choice([1, 1, 2, 3]))
    functions = {name: function for name, function, _ in KB_MUTATORS}
    for name in chosen:
        mutation = functions[name](rng, folder)
        if mutation is not None:
            case.mutations.append(mutation)
    validate = ["validate", "--kb", "ontology"]
    if rng.random() < 0.25:
        validate.append("--json")
    if (pristine / "seeds").is_dir() and rng.random() < 0.3:
        validate += ["--sources", str(pristine / "seeds")]
    case.commands = [
        Command(validate),
        Command(["fmt", "--check", "--kb", "ontology"]),
        # Also on a broken knowledge base: the query must say why it cannot run (exit 1,
        # naming the file), and it goes through the on-disk cache with --cache.
        # An absolute path: in a worker process, mechgraph's in-memory cache of workspaces
        # is keyed by the path as given (every case has its own folder).
        Command(
            ["effect", "Abraxane", "atezolizumab", "--kb", str(case.folder / "ontology")],
            "always",
            "exit 1",
        ),
    ]
    if "--sources" in validate:  # the to-do list of the reviews, on a KB that validates
        sources = ["--sources", str(pristine / "seeds")]
        kb = ["--kb", str(case.folder / "ontology")]
        case.commands.append(Command(["coverage", *sources, *kb], "if_ok", "exit 1"))
    case.names = ("ontology", "rules")


# -- import formats ---------------------------------------------------------------------

#: target -> (sample file in tests/data/importers, mechgraph format, extra arguments)
SAMPLES: dict[str, list[tuple[str, str, list[str]]]] = {
    "sif": [("toy.sif", "sif", [])],
    "tsv": [("omnipath.tsv", "table", []), ("signor.tsv", "table", [])],
    "csv": [("columns.csv", "table", ["--columns", "source=geneA,target=geneB,sign=mode"])],
    "bel": [("toy.bel", "bel", [])],
    "bnet": [("toy.bnet", "bnet", [])],
    "aeon": [("toy.aeon", "aeon", [])],
    "sbml-qual": [("toy.sbml", "sbml-qual", [])],
}
TARGETS = ("kb", *SAMPLES)
ALIASES = {"table": ("tsv", "csv"), "all": TARGETS, "sbml": ("sbml-qual",)}

TextMutator = Callable[[random.Random, list[str], str], tuple[list[str], Mutation] | None]
NET_MUTATORS: list[tuple[str, TextMutator, tuple[str, ...]]] = []
ALL = ("sif", "tsv", "csv", "bel", "bnet", "aeon", "sbml-qual")
LOGIC = ("bnet", "aeon")


def net_mutator(targets: tuple[str, ...] = ALL) -> Callable[[TextMutator], TextMutator]:
    """Register a mutator of an import sample's lines, for some targets."""

    def register(function: TextMutator) -> TextMutator:
        NET_MUTATORS.append((function.__name__, function, targets))
        return function

    return register


def _content_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")]


def _line_op(name: str, rng: random.Random, lines: list[str], file: str, op) -> tuple | None:
    rows = _content_lines(lines)
    if not rows:
        return None
    index = rng.choice(rows)
    detail = op(lines, index)
    return lines, Mutation(name, file, index + 1, detail=detail or "")


@net_mutator()
def line_delete(rng, lines, file):
    result = _line_op("line_delete", rng, lines, file, lambda ls, i: ls.pop(i)[:40])
    if result:
        result[1].line = 0
    return result


@net_mutator()
def line_duplicate(rng, lines, file):
    return _line_op("line_duplicate", rng, lines, file, lambda ls, i: ls.insert(i, ls[i]))


@net_mutator()
def line_swap(rng, lines, file):
    rows = _content_lines(lines)
    if len(rows) < 2:
        return None
    a, b = rng.sample(rows, 2)
    lines[a], lines[b] = lines[b], lines[a]
    return lines, Mutation("line_swap", file, detail=f"lines {a + 1} and {b + 1}")


@net_mutator()
def line_truncate(rng, lines, file):
    def op(ls, i):
        ls[i] = ls[i][: rng.randrange(len(ls[i]) + 1)]

    return _line_op("line_truncate", rng, lines, file, op)


def _tokens(line: str) -> list[str]:
    return re.findall(r"\s+|[A-Za-z0-9_.:]+|.", line)


def _token_op(name, rng, lines, file, op):
    def edit(ls, i):
        parts = _tokens(ls[i])
        words = [k for k, p in enumerate(parts) if p.strip()]
        if not words:
            return "no token"
        k = rng.choice(words)
        detail = op(parts, k)
        ls[i] = "".join(parts)
        return detail

    return _line_op(name, rng, lines, file, edit)


@net_mutator()
def token_delete(rng, lines, file):
    return _token_op("token_delete", rng, lines, file, lambda p, k: repr(p.pop(k)))


@net_mutator()
def token_duplicate(rng, lines, file):
    return _token_op("token_duplicate", rng, lines, file, lambda p, k: p.insert(k, p[k]))


@net_mutator()
def token_junk(rng, lines, file):
    def op(parts, k):
        parts[k] = rng.choice(
            [*JUNK, "(", ")", "!", "&", "|", "->", "-|", "-?", "$", ":", ",", "<", ">", '"']
        )
        return repr(parts[k][:20])

    return _token_op("token_junk", rng, lines, file, op)


@net_mutator()
def net_inject_char(rng, lines, file):
    name = rng.choice(sorted(INJECTED))

    def op(ls, i):
        where = rng.randrange(len(ls[i]) + 1)
        ls[i] = ls[i][:where] + INJECTED[name] + ls[i][where:]
        return name

    return _line_op("inject_char", rng, lines, file, op)


@net_mutator()
def net_invalid_utf8(rng, lines, file):
    def op(ls, i):
        bad = rng.choice(["\udcff", "\udcc3", "\udced\udca0\udc80", "\udcc0\udcaf"])
        where = rng.randrange(len(ls[i]) + 1)
        ls[i] = ls[i][:where] + bad + ls[i][where:]
        return "invalid UTF-8"

    result = _line_op("invalid_utf8", rng, lines, file, op)
    if result:
        result[1].must_fail = True
    return result


@net_mutator()
def net_truncate(rng, lines, file):
    text = "\n".join(lines)
    cut = rng.randrange(len(text) + 1)
    return text[:cut].split("\n"), Mutation("file_truncate", file, detail=f"at {cut}")


@net_mutator()
def net_empty(rng, lines, file):
    text = rng.choice(["", "\n", "# comment\n", "\ufeff", "  \n\t\n"])
    return text.split("\n"), Mutation("file_empty", file, detail=repr(text))


@net_mutator()
def net_binary(rng, lines, file):
    data = bytes(rng.randrange(256) for _ in range(rng.choice([16, 4096])))
    return data.decode("utf-8", "surrogateescape").split("\n"), Mutation("file_binary", file)


@net_mutator()
def net_reencode(rng, lines, file):
    # The case writer encodes as UTF-8; a UTF-16 text is marked for it with a sentinel line.
    return ["\x00UTF16", *lines], Mutation("file_utf16", file, must_fail=True)


@net_mutator()
def huge_line(rng, lines, file):
    def op(ls, i):
        size = rng.choice([200_000, 3_000_000])
        ls[i] = ls[i] + " " + "A" * size
        return f"{size:,} more characters"

    return _line_op("huge_line", rng, lines, file, op)


@net_mutator()
def line_multiply(rng, lines, file):
    def op(ls, i):
        copies = copies_of(ls[i], 100_000)
        ls[i + 1 : i + 1] = [ls[i]] * copies
        return f"x {copies:,}"

    result = _line_op("line_multiply", rng, lines, file, op)
    if result:
        result[1].line = 0
    return result


@net_mutator(("sif", "tsv", "csv"))
def edge_flood(rng, lines, file):
    """50,000 distinct edges (a large, valid network)."""
    suffix = Path(file).suffix
    sep = "," if suffix == ".csv" else "\t"
    if suffix == ".sif":
        rows = [f"N{i}\t1\tN{i + 1}" for i in range(50_000)]
    else:
        header = lines[0].split(sep)
        rows = []
        for i in range(50_000):
            cells = [f"N{i}" if k == 0 else f"N{i + 1}" if k == 1 else "1" for k in range(3)]
            cells += ["1"] * (len(header) - 3)
            rows.append(sep.join(cells))
    return [*lines, *rows], Mutation("edge_flood", file, detail="50,000 edges")


@net_mutator(("sif",))
def many_targets(rng, lines, file):
    return [*lines, "A 1 " + " ".join(f"T{i}" for i in range(100_000))], Mutation(
        "many_targets", file, len(lines) + 1, detail="100,000 targets on one line"
    )


@net_mutator(("tsv", "csv"))
def csv_quotes(rng, lines, file):
    def op(ls, i):
        kind = rng.choice(["open", "huge", "embedded", "crlf"])
        if kind == "open":
            ls[i] = '"' + ls[i]
        elif kind == "huge":
            sep = "," if file.endswith(".csv") else "\t"
            cells = ls[i].split(sep)
            cells[0] = '"' + "x" * 200_000 + '"'
            ls[i] = sep.join(cells)
        elif kind == "embedded":
            ls[i] = ls[i].replace(",", '","', 1).replace("\t", '\t"', 1)
        else:
            ls[i] = ls[i] + '"\r\n"'
        return kind

    return _line_op("csv_quotes", rng, lines, file, op)


@net_mutator(("tsv", "csv"))
def header_mutation(rng, lines, file):
    sep = "," if file.endswith(".csv") else "\t"
    header = lines[0].split(sep)
    kind = rng.choice(["delete", "duplicate", "swap", "rename", "drop-header", "empty"])
    col = rng.randrange(len(header))
    if kind == "delete":
        lines = [sep.join(c for k, c in enumerate(line.split(sep)) if k != col) for line in lines]
    elif kind == "duplicate":
        header.insert(col, header[col])
        lines[0] = sep.join(header)
    elif kind == "swap" and len(header) > 1:
        other = rng.randrange(len(header))
        header[col], header[other] = header[other], header[col]
        lines[0] = sep.join(header)
    elif kind == "rename":
        header[col] = header[col].upper() + "x"
        lines[0] = sep.join(header)
    elif kind == "drop-header":
        lines = lines[1:]
    else:
        header[col] = ""
        lines[0] = sep.join(header)
    return lines, Mutation("header_mutation", file, 1, detail=f"{kind} column {col + 1}")


def _rule_line(file: str, target: str, function: str) -> str:
    return f"${target}: {function}" if file.endswith(".aeon") else f"{target}, {function}"


def _logic_append(lines: list[str], file: str, function: str, name: str, detail: str, regs=()):
    extra = []
    if file.endswith(".aeon"):
        extra = [f"{r} -> FUZZ" for r in regs]
    line = _rule_line(file, "FUZZ", function)
    new = [*lines, *extra, line]
    return new, Mutation(name, file, len(new), detail=detail)


@net_mutator(LOGIC)
def deep_nesting(rng, lines, file):
    depth = rng.choice([100, 1_000, 10_000, 100_000])
    function = "(" * depth + "A" + ")" * depth
    return _logic_append(lines, file, function, "deep_nesting", f"depth {depth:,}", ["A"])


@net_mutator(LOGIC)
def bang_run(rng, lines, file):
    count = rng.choice([1_000, 100_000, 1_000_000])
    return _logic_append(lines, file, "!" * count + "A", "bang_run", f"{count:,} '!'", ["A"])


@net_mutator(LOGIC)
def long_or(rng, lines, file):
    count = rng.choice([10_000, 100_000])
    op = rng.choice([" | ", " & ", "|", " ^ "])
    names = [f"A{i}" for i in range(count)]
    regs = names if file.endswith(".aeon") else ()
    detail = f"{count:,} terms joined by {op.strip()!r}"
    return _logic_append(lines, file, op.join(names), "long_or", detail, regs)


@net_mutator(LOGIC)
def logic_junk(rng, lines, file):
    function = rng.choice(
        [
            "((A",
            "A)",
            "A & | B",
            "A !",
            "& A",
            "",
            "()",
            "!",
            "A B",
            "f(",
            "f(A,)",
            "A => => B",
            "A <=> ",
            "1 & 0",
            "true",
            "A ^",
            "{x}",
            "A # comment",
        ]
    )
    return _logic_append(lines, file, function, "logic_junk", repr(function), ["A", "B"])


@net_mutator(("aeon",))
def aeon_regulation_junk(rng, lines, file):
    line = rng.choice(
        ["A -x B", "A ->", "-> B", "$: A", "$A A", "$A: B", "A -|?? B", "A->B", "A -> A", "$A:"]
    )
    return [*lines, line], Mutation("aeon_regulation_junk", file, len(lines) + 1, detail=line)


@net_mutator(("sbml-qual",))
def xml_mutation(rng, lines, file):
    kind = rng.choice(
        ["sign", "species-ref", "attribute-drop", "namespace", "doctype", "comment", "cdata"]
    )
    text = "\n".join(lines)
    if kind == "sign":
        text = text.replace('qual:sign="positive"', f'qual:sign="{rng.choice(JUNK)}"', 1)
    elif kind == "species-ref":
        text = text.replace('qual:qualitativeSpecies="S1"', 'qual:qualitativeSpecies="S99"', 1)
    elif kind == "attribute-drop":
        text = re.sub(r'qual:id="[^"]*"', "", text, count=rng.randint(1, 6))
    elif kind == "namespace":
        text = text.replace(
            'xmlns:qual="http://www.sbml.org/sbml/level3/version1/qual/version1"', ""
        )
    elif kind == "doctype":
        text = text.replace("<sbml", '<!DOCTYPE sbml [<!ENTITY e "IFNG">]>\n<sbml', 1)
        text = text.replace('qual:name="IFNG"', 'qual:name="&e;"', 1)
    elif kind == "comment":
        text = text.replace("<qual:listOfTransitions>", "<!-- -- --><qual:listOfTransitions>", 1)
    else:
        text = text.replace("</model>", "<![CDATA[ <notxml> ]]></model>", 1)
    return text.split("\n"), Mutation("xml_mutation", file, detail=kind)


@net_mutator(("sbml-qual",))
def xml_bomb(rng, lines, file):
    kind = rng.choice(["laughs", "external", "deep", "huge-attribute"])
    text = "\n".join(lines)
    if kind == "laughs":
        entities = '<!ENTITY l0 "lol">' + "".join(
            f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
        )
        text = text.replace("<sbml", f"<!DOCTYPE sbml [{entities}]>\n<sbml", 1)
        text = text.replace('qual:name="IFNG"', 'qual:name="&l9;"', 1)
    elif kind == "external":
        entity = '<!ENTITY x SYSTEM "file:///etc/passwd">'
        text = text.replace("<sbml", f"<!DOCTYPE sbml [{entity}]>\n<sbml", 1)
        text = text.replace('qual:name="IFNG"', 'qual:name="&x;"', 1)
    elif kind == "deep":
        depth = 100_000
        text = text.replace("</model>", "<a>" * depth + "</a>" * depth + "</model>", 1)
    else:
        text = text.replace('qual:name="IFNG"', f'qual:name="{"G" * 3_000_000}"', 1)
    return text.split("\n"), Mutation("xml_bomb", file, detail=kind)


@net_mutator(("bel",))
def bel_mutation(rng, lines, file):
    kind = rng.choice(["deep", "unbalanced", "relation", "no-citation", "statement-flood"])
    if kind == "deep":
        depth = rng.choice([50, 500, 5_000])
        lines = [*lines, "complex(" * depth + "p(HGNC:A)" + ")" * depth + " increases p(HGNC:B)"]
    elif kind == "unbalanced":
        lines = [*lines, "p(HGNC:A increases p(HGNC:B))))"]
    elif kind == "relation":
        lines = [*lines, "p(HGNC:A) " + rng.choice(["->", "frob", "", "increases"]) + " p(HGNC:B"]
    elif kind == "no-citation":
        lines = [line for line in lines if not line.startswith("SET Citation")]
    else:
        lines = [*lines, *(f"p(HGNC:G{i}) increases p(HGNC:G{i + 1})" for i in range(1_000))]
    return lines, Mutation("bel_mutation", file, detail=kind)


def make_net_case(case: Case, rng: random.Random, pristine: Path) -> None:
    """Write a mutated sample of the case's format into its folder."""
    sample, format, extra = rng.choice(SAMPLES[case.target])
    text = (DATA / sample).read_text(encoding="utf-8")
    lines = text.split("\n")
    usable = [(n, f) for n, f, targets in NET_MUTATORS if case.target in targets]
    if case.index < len(usable):
        chosen = [usable[case.index]]
    else:
        chosen = [rng.choice(usable) for _ in range(rng.choice([1, 1, 2, 3]))]
    name = f"net{Path(sample).suffix}"
    for _, function in chosen:
        result = function(rng, lines, name)
        if result is not None:
            lines, mutation = result
            case.mutations.append(mutation)
    if lines and lines[0] == "\x00UTF16":
        data = "\n".join(lines[1:]).encode("utf-16", "surrogatepass")
    else:
        data = "\n".join(lines).encode("utf-8", "surrogateescape")
    (case.folder / name).write_bytes(data)
    kb = ["--kb", str(pristine / "ontology")]
    args = ["import", format, name, "--check", *extra, *kb]
    if rng.random() < 0.25:
        args.append("--json")
    case.commands = [Command(args)]
    if format != "table" or not extra:  # --with-network reads a table without --columns
        case.commands.append(
            Command(["effect", "Abraxane", "--with-network", f"{format}:{name}", *kb], "if_ok")
        )
    case.names = (name,)


def make_case(target: str, seed: int, index: int, folder: Path, pristine: Path) -> Case:
    """The case ``index`` of a campaign (the same for the same target, seed and index)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{seed}/{target}/{index}")
    case = Case(target, seed, index, folder)
    (make_kb_case if target == "kb" else make_net_case)(case, rng, pristine)
    return case


# -- running and classifying ------------------------------------------------------------


@dataclass
class Outcome:
    """What one command of a case did."""

    args: list[str]
    rc: int | None = None  # None: killed after the timeout, or the worker died
    seconds: float = 0.0
    traceback: str = ""  # the exception line(s) of a traceback, or how the worker died
    hang: bool = False
    unnamed: list[str] = field(default_factory=list)  # message lines naming no file
    noline: str = ""  # the case's one changed line is named by no error line
    lines: int = 0
    stderr: str = ""  # the first lines of standard error


@dataclass
class CaseResult:
    target: str
    seed: int
    index: int
    mutations: list[str]
    outcomes: list[Outcome]
    undetected: bool = False

    @property
    def reproducer(self) -> str:
        return (
            f"python benchmarks/fuzz.py --format {self.target} --seed {self.seed} "
            f"--case {self.index} --keep fuzz-case"
        )


PROBLEM_LINE = re.compile(r"^(?P<where>\S.*?): (?P<level>ERROR|WARN|INFO) (?P<rule>[\w-]+): ")
SUMMARY_LINE = re.compile(r"^\S.*: \d+ error\(s\), \d+ warning\(s\), \d+ info; ")


def _split_where(where: str) -> tuple[str, int]:
    file, sep, line = where.rpartition(":")
    if sep and line.isascii() and line.isdigit():
        return file, int(line)
    return where, 0


def _names(text: str, names: tuple[str, ...]) -> bool:
    return any(
        text == name or text.startswith((f"{name}/", f"{name}:")) or f" {name}" in f" {text}"
        for name in names
    )


def classify(
    case: Case,
    args: list[str],
    rc: int | None,
    out: str,
    err: str,
    check_names: bool | str = True,
) -> Outcome:
    """Classify one run: traceback, messages naming no file (with ``check_names``), the
    changed line never named."""
    outcome = Outcome(args, rc)
    if "Traceback (most recent call last)" in err:
        tail = [line for line in err.rstrip().split("\n") if line.strip()][-3:]
        outcome.traceback = " | ".join(line.strip() for line in tail)[:400]
    outcome.lines = out.count("\n") + err.count("\n")
    outcome.stderr = "\n".join(err.split("\n")[:5])[:2000]
    command = args[0]
    places, unnamed = _error_places(err, case.names)
    if command == "validate":
        report_places, report_unnamed = _report_places(args, out, case.names)
        places += report_places
        unnamed += report_unnamed
    if not check_names or (check_names == "exit 1" and rc != 1):
        unnamed = []
    outcome.unnamed = unnamed[:5] + ([f"... {len(unnamed) - 5} more"] if len(unnamed) > 5 else [])
    if command in ("validate", "import") and rc not in (0, None):
        outcome.noline = _no_line(case, places)
    return outcome


Place = tuple[str, int, str]  # (file, line, level) of one message


def _error_places(err: str, names: tuple[str, ...]) -> tuple[list[Place], list[str]]:
    """The places of the ``mechgraph: error:`` lines of standard error, and the lines that
    name none of the case's files."""
    places: list[Place] = []
    unnamed: list[str] = []
    for line in err.split("\n"):
        if not line.startswith("mechgraph: error: "):
            continue
        text = line.removeprefix("mechgraph: error: ")
        if not _names(text, names):
            unnamed.append(line[:300])
            continue
        head = re.match(r"^(\S+?):(\d+)[: ]", text)
        places.append((head.group(1), int(head.group(2)), "ERROR") if head else (text, 0, "ERROR"))
    return places, unnamed


def _report_places(
    args: list[str], out: str, names: tuple[str, ...]
) -> tuple[list[Place], list[str]]:
    """The places of the problems ``validate`` printed (as JSON with ``--json``, else as
    report lines), and the problems or lines that name none of the case's files."""
    if "--json" in args and out.strip():
        try:
            problems = json.loads(out)["problems"]
        except (ValueError, KeyError, TypeError):
            return [], [f"(standard output is not the JSON report: {out[:80]!r})"]
        return _json_places(problems, names)
    return _text_places(out, names)


def _json_places(problems: list[dict], names: tuple[str, ...]) -> tuple[list[Place], list[str]]:
    """The places of the problems of ``validate --json``, and those naming no case file."""
    places: list[Place] = []
    unnamed: list[str] = []
    for problem in problems:
        file, line = str(problem.get("file", "")), int(problem.get("line") or 0)
        if not _names(file, names):
            unnamed.append(json.dumps(problem)[:300])
        places.append((file, line, str(problem.get("level"))))
    return places, unnamed


def _text_places(out: str, names: tuple[str, ...]) -> tuple[list[Place], list[str]]:
    """The places of the report lines of ``validate``, and the lines naming no case file or
    that are no report line."""
    places: list[Place] = []
    unnamed: list[str] = []
    for line in out.split("\n"):
        if not line.strip() or line.startswith(("  hint: ", "note: ")):
            continue
        match = PROBLEM_LINE.match(line)
        if match:
            file, number = _split_where(match.group("where"))
            if not _names(file, names):
                unnamed.append(line[:300])
            places.append((file, number, match.group("level")))
        elif not SUMMARY_LINE.match(line):
            unnamed.append(f"(not a report line) {line[:300]}")
    return places, unnamed


def _no_line(case: Case, places: list[Place]) -> str:
    """Why the errors about the changed file fall short: they name it but no line ("" if
    they do not)."""
    focus = case.focus
    if focus is None:
        return ""
    mine = [p for p in places if p[2] == "ERROR" and p[0].endswith(focus.file)]
    if mine and not any(line for _, line, _ in mine):
        return f"errors name {focus.file} but no line (the change is at line {focus.line})"
    return ""


def run_inprocess(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """``mechgraph ARGS`` through ``mechgraph.cli.app.main`` in this process, as
    ``python -m mechgraph`` would run it (an uncaught exception prints its traceback and
    exits 1)."""
    from mechgraph.cli.app import main

    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv, sys.stdout, sys.stderr, os.getcwd()
    sys.argv, sys.stdout, sys.stderr = ["mechgraph", *args], out, err
    rc = 0
    try:
        os.chdir(cwd)
        main()
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    except BaseException:  # noqa: BLE001 - what the interpreter prints for any exception
        err.write(traceback.format_exc())
        rc = 1
    finally:
        sys.argv, sys.stdout, sys.stderr = saved[:3]
        os.chdir(saved[3])
    return rc, out.getvalue(), err.getvalue()


def run_subprocess(args: list[str], cwd: Path, timeout: float) -> tuple[int | None, str, str]:
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mechgraph", *args],
            cwd=cwd,
            capture_output=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            env=os.environ.copy(),
        )
    except subprocess.TimeoutExpired:
        return None, "", ""
    decode = lambda data: data.decode("utf-8", "replace")  # noqa: E731
    return done.returncode, decode(done.stdout), decode(done.stderr)


def worker_environment(case_root: Path, cache: str | None) -> None:
    os.environ["MECHGRAPH_CACHE"] = cache or "off"
    os.environ["MECHGRAPH_IMPORTS"] = str(case_root / "imports")
    for name in ("MECHGRAPH_KB", "MECHGRAPH_RULES", "MECHGRAPH_CURATOR"):
        os.environ.pop(name, None)


def run_case(
    case: Case, subprocess_mode: bool, timeout: float, begin: Callable[[int], None]
) -> CaseResult:
    """Run a built case's commands (``begin(i)`` is called before command ``i``)."""
    outcomes: list[Outcome] = []
    first_rc = None
    for number, command in enumerate(case.commands):
        if command.when == "if_ok" and first_rc != 0:
            continue
        begin(number)
        start = time.perf_counter()
        if subprocess_mode:
            rc, out, err = run_subprocess(command.args, case.folder, timeout)
        else:
            rc, out, err = run_inprocess(command.args, case.folder)
        outcome = classify(case, command.args, rc, out, err, command.check_names)
        outcome.seconds = time.perf_counter() - start
        outcome.hang = rc is None or outcome.seconds > timeout
        outcomes.append(outcome)
        if number == 0:
            first_rc = rc
    undetected = case.must_fail and first_rc == 0
    return CaseResult(
        case.target,
        case.seed,
        case.index,
        [str(m) for m in case.mutations],
        outcomes,
        undetected,
    )


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _worker(conn: Connection, root: str, pristine: str, options: dict) -> None:
    """A worker process: build and run the cases the parent sends, one at a time."""
    sys.stdin = open(os.devnull)  # noqa: SIM115 - for the worker's whole life
    worker_environment(Path(root), options["cache"])
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        target, seed, index = job
        folder = Path(root) / f"{target}-{index}"
        try:
            case = make_case(target, seed, index, folder, Path(pristine))
            conn.send(("built", [str(m) for m in case.mutations]))
            result = run_case(
                case,
                options["subprocess"],
                options["timeout"],
                lambda number, case=case: conn.send(("begin", case.commands[number].args)),
            )
            conn.send(("done", result))
        except Exception:  # noqa: BLE001 - a bug of the harness itself: report it
            conn.send(("error", traceback.format_exc()))
        finally:
            _remove(folder)


class Pool:
    """``jobs`` worker processes; a worker is killed and replaced when a run hangs."""

    def __init__(self, jobs: int, root: Path, pristine: Path, options: dict):
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.root, self.pristine, self.options = root, pristine, options
        self.workers = [self._start() for _ in range(max(1, jobs))]

    def _start(self) -> dict:
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=_worker,
            args=(child, str(self.root), str(self.pristine), self.options),
            daemon=True,
        )
        process.start()
        child.close()
        return {"process": process, "conn": parent, "job": None, "deadline": 0.0, "args": []}

    def run(self, jobs: list[tuple[str, int, int]], report: Callable[[CaseResult], None]) -> None:
        todo = list(reversed(jobs))
        timeout = self.options["timeout"]
        while todo or any(w["job"] for w in self.workers):
            for worker in self.workers:
                if worker["job"] is None and todo:
                    worker["job"] = todo.pop()
                    worker["deadline"] = time.monotonic() + timeout + 60  # building the case
                    worker["args"], worker["mutations"] = [], []
                    worker["conn"].send(worker["job"])
            busy = [w for w in self.workers if w["job"] is not None]
            wait_for = max(0.0, min(w["deadline"] for w in busy) - time.monotonic())
            ready = wait([w["conn"] for w in busy], timeout=wait_for)
            for worker in busy:
                if worker["conn"] in ready:
                    self._receive(worker, report)
                elif time.monotonic() > worker["deadline"]:
                    self._fail(worker, report, hang=True)

    def _receive(self, worker: dict, report: Callable[[CaseResult], None]) -> None:
        try:
            kind, data = worker["conn"].recv()
        except (EOFError, OSError):
            self._fail(worker, report, hang=False)
            return
        timeout = self.options["timeout"]
        if kind == "built":
            worker["mutations"] = data
        elif kind == "begin":
            worker["args"] = data
            worker["deadline"] = time.monotonic() + timeout + 1
        elif kind == "done":
            worker["job"] = None
            report(data)
        else:  # the harness failed on this case
            target, seed, index = worker["job"]
            worker["job"] = None
            outcome = Outcome(["(harness)"], None, traceback=data.strip().split("\n")[-1])
            report(CaseResult(target, seed, index, worker["mutations"], [outcome]))

    def _fail(self, worker: dict, report: Callable[[CaseResult], None], hang: bool) -> None:
        """The worker hung (killed here) or died: report the case, start a new worker."""
        process = worker["process"]
        if process.is_alive():
            process.kill()
        process.join()
        target, seed, index = worker["job"]
        outcome = Outcome(worker["args"] or ["(building the case)"], None)
        if hang:
            outcome.hang = True
            outcome.seconds = self.options["timeout"]
        else:
            outcome.traceback = f"the worker process died (exit code {process.exitcode})"
        report(CaseResult(target, seed, index, worker["mutations"], [outcome]))
        _remove(self.root / f"{target}-{index}")
        worker.update(self._start())

    def close(self) -> None:
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker["conn"].send(None)
        for worker in self.workers:
            worker["process"].join(timeout=5)
            if worker["process"].is_alive():
                worker["process"].kill()


def prepare_pristine(root: Path) -> Path:
    """A copy of the repository's knowledge base and rules (others may edit the originals
    while a campaign runs)."""
    pristine = root / "pristine"
    shutil.copytree(REPO / "ontology", pristine / "ontology")
    shutil.copytree(REPO / "rules", pristine / "rules")
    if SEEDS.is_dir():
        shutil.copytree(SEEDS, pristine / "seeds")
    return pristine


@dataclass
class Summary:
    """The figures of a campaign on one target."""

    target: str
    cases: int = 0
    runs: int = 0
    exits: dict[str, int] = field(default_factory=dict)
    tracebacks: list[CaseResult] = field(default_factory=list)
    hangs: list[CaseResult] = field(default_factory=list)
    unnamed: list[CaseResult] = field(default_factory=list)
    noline: list[CaseResult] = field(default_factory=list)
    undetected: list[CaseResult] = field(default_factory=list)
    floods: list[CaseResult] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")
    seconds: float = 0.0

    def add(self, result: CaseResult) -> None:
        self.cases += 1
        for outcome in result.outcomes:
            self.runs += 1
            key = f"{outcome.args[0]} {'hang' if outcome.rc is None else outcome.rc}"
            self.exits[key] = self.exits.get(key, 0) + 1
            if outcome.seconds > self.slowest[0]:
                self.slowest = (outcome.seconds, result.reproducer)
        kinds = (
            (self.tracebacks, lambda o: o.traceback),
            (self.hangs, lambda o: o.hang),
            (self.unnamed, lambda o: o.unnamed),
            (self.noline, lambda o: o.noline),
            (self.floods, lambda o: o.lines > FLOOD_LINES),
        )
        for found, test in kinds:
            if any(test(o) for o in result.outcomes):
                found.append(result)
        if result.undetected:
            self.undetected.append(result)

    def counts(self) -> dict[str, object]:
        return {
            "target": self.target,
            "cases": self.cases,
            "runs": self.runs,
            "exits": dict(sorted(self.exits.items())),
            "tracebacks": len(self.tracebacks),
            "hangs": len(self.hangs),
            "unnamed": len(self.unnamed),
            "noline": len(self.noline),
            "undetected": len(self.undetected),
            "floods": len(self.floods),
            "slowest_seconds": round(self.slowest[0], 2),
            "seconds": round(self.seconds, 1),
        }

    @property
    def failed(self) -> bool:
        return bool(self.tracebacks or self.hangs)


def campaign(
    target: str,
    cases: int,
    seed: int = 0,
    *,
    jobs: int = 2,
    timeout: float = TIMEOUT,
    subprocess_mode: bool = False,
    cache: str | None = None,
    only: list[int] | None = None,
    progress: Callable[[CaseResult], None] | None = None,
) -> Summary:
    """Run ``cases`` cases (or the case numbers in ``only``) on one target."""
    summary = Summary(target)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mechgraph-fuzz-") as tmp:
        root = Path(tmp)
        pristine = prepare_pristine(root)
        options = {"subprocess": subprocess_mode, "timeout": timeout, "cache": cache}
        pool = Pool(jobs, root, pristine, options)
        numbers = only if only is not None else list(range(cases))

        def report(result: CaseResult) -> None:
            summary.add(result)
            if progress is not None:
                progress(result)

        try:
            pool.run([(target, seed, n) for n in numbers], report)
        finally:
            pool.close()
    summary.seconds = time.perf_counter() - start
    return summary


def _signature(outcome: Outcome, kind: str) -> str:
    if kind == "traceback":
        text = outcome.traceback.split(" | ")[-1]
    elif kind == "unnamed":
        text = outcome.unnamed[0]
    elif kind == "noline":
        text = outcome.noline
    else:
        text = " ".join(outcome.args[:2])
    text = re.sub(r"'[^']*'", "'…'", text)
    return f"{outcome.args[0]}: " + re.sub(r"\d+", "N", text)[:160]


def summary_seed(found: list[tuple[CaseResult, Outcome]]) -> int:
    return found[0][0].seed


def print_summary(summary: Summary, out=sys.stdout, examples: int = 3) -> None:
    """The figures of a campaign, then each kind of failure grouped by signature: a few
    examples with their mutations, command and reproducer, and the numbers of all cases."""
    c = summary.counts()
    exits = ", ".join(f"{k}: {v}" for k, v in c["exits"].items())
    print(
        f"\n== {summary.target}: {c['cases']} cases, {c['runs']} runs in {c['seconds']} s "
        f"(slowest run {c['slowest_seconds']} s)",
        file=out,
    )
    print(f"   exits by command and code: {exits}", file=out)
    print(
        f"   tracebacks: {c['tracebacks']}   hangs: {c['hangs']}   messages without a file: "
        f"{c['unnamed']}   without a line: {c['noline']}   undetected: {c['undetected']}   "
        f"floods (> {FLOOD_LINES:,} lines): {c['floods']}",
        file=out,
    )
    groups = (
        ("traceback", summary.tracebacks, lambda o: o.traceback),
        ("hang", summary.hangs, lambda o: o.hang),
        ("unnamed", summary.unnamed, lambda o: o.unnamed),
        ("noline", summary.noline, lambda o: o.noline),
        ("flood", summary.floods, lambda o: o.lines > FLOOD_LINES),
    )
    for kind, results, test in groups:
        failures = [(r, o) for r in results for o in r.outcomes if test(o)]
        _print_failures(kind, failures, out, examples)
    _print_undetected(summary.undetected, out)


def _print_failures(
    kind: str, failures: list[tuple[CaseResult, Outcome]], out, examples: int
) -> None:
    """One kind of failure, grouped by signature: a few examples and every case's number."""
    by_signature: dict[str, list[tuple[CaseResult, Outcome]]] = {}
    for result, outcome in failures:
        by_signature.setdefault(_signature(outcome, kind), []).append((result, outcome))
    for signature, found in by_signature.items():
        print(f"-- {kind.upper()} x{len(found)}: {signature}", file=out)
        for result, outcome in found[:examples]:
            what = "; ".join(result.mutations) or "no mutation"
            detail = {
                "traceback": outcome.traceback,
                "hang": f"over {outcome.seconds:.0f} s",
                "unnamed": " / ".join(outcome.unnamed[:2]),
                "noline": outcome.noline,
                "flood": f"{outcome.lines:,} lines",
            }[kind]
            print(f"   case {result.index} [{what[:200]}]", file=out)
            print(f"     mechgraph {' '.join(outcome.args)[:200]}", file=out)
            print(f"     {detail[:400]}", file=out)
            print(f"     reproduce: {result.reproducer}", file=out)
        if len(found) > examples:
            cases = ", ".join(str(r.index) for r, _ in found)
            print(f"   every case (--seed {summary_seed(found)} --case N): {cases}", file=out)


def _print_undetected(undetected: list[CaseResult], out) -> None:
    """The mutations that every command accepted (exit 0), by mutation kind."""
    names: dict[str, list[CaseResult]] = {}
    for result in undetected:
        names.setdefault(result.mutations[0].split()[0], []).append(result)
    for name, found in sorted(names.items()):
        first = found[0]
        print(
            f"-- UNDETECTED x{len(found)}: {name} exits 0, e.g. case {first.index} "
            f"[{first.mutations[0][:160]}]: {first.reproducer}",
            file=out,
        )


def keep_case(target: str, seed: int, index: int, folder: Path, options: dict) -> int:
    """Build one case into ``folder`` (kept), run it with ``python -m mechgraph`` and print
    how to run it by hand."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    pristine = prepare_pristine(folder)
    worker_environment(folder, options["cache"])
    case = make_case(target, seed, index, folder / "case", pristine)
    print(f"case {index} of {target} (seed {seed}) in {case.folder}:")
    for mutation in case.mutations:
        print(f"  {mutation}")
    timeout = options["timeout"]
    result = run_case(case, True, timeout, lambda number: None)
    for outcome in result.outcomes:
        state = "hang" if outcome.hang else f"exit {outcome.rc}"
        print(
            f"\n$ cd {case.folder} && MECHGRAPH_CACHE=off python -m mechgraph "
            f"{' '.join(outcome.args)}"
        )
        print(f"  -> {state} in {outcome.seconds:.2f} s, {outcome.lines:,} lines")
        for label, value in (
            ("traceback", outcome.traceback),
            ("no file", " / ".join(outcome.unnamed)),
            ("no line", outcome.noline),
            ("stderr", outcome.stderr),
        ):
            if value:
                print(f"  {label}: {value[:1000]}")
    return 1 if any(o.traceback or o.hang for o in result.outcomes) else 0


def _parser() -> argparse.ArgumentParser:
    """The command line of this script."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--format", default="kb", help=f"kb, {', '.join(SAMPLES)}, table, all")
    parser.add_argument("--cases", type=int, default=300, help="cases per target")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--case", type=int, action="append", help="only this case (repeatable)")
    parser.add_argument("--keep", type=Path, help="build --case into this folder and keep it")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds before a hang")
    parser.add_argument("--subprocess", action="store_true", help="run python -m mechgraph")
    parser.add_argument("--cache", help="MECHGRAPH_CACHE for the runs (default: off)")
    parser.add_argument("--strict", action="store_true", help="also fail on unnamed messages")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="a line per case")
    parser.add_argument("--smoke", action="store_true", help="3 cases of every target")
    return parser


def _progress(verbose: bool):
    """What to do after each case: a line per case with ``--verbose``, else nothing."""

    def progress(result: CaseResult) -> None:
        if verbose:
            states = ", ".join(
                f"{o.args[0]} {'hang' if o.hang else o.rc} {o.seconds:.2f}s"
                for o in result.outcomes
            )
            print(f"{result.target} {result.index}: {states}  [{'; '.join(result.mutations)}]")

    return progress


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.smoke:
        args.format, args.cases = "all", 3
    name = args.format.strip().lower()
    targets = ALIASES.get(name, (name,))
    unknown = [t for t in targets if t not in TARGETS]
    if unknown or args.cases < 0 or args.jobs < 1 or args.timeout <= 0:
        parser.error(f"unknown format {args.format!r} (known: {', '.join(TARGETS)}, table, all)")
    options = {"subprocess": args.subprocess, "timeout": args.timeout, "cache": args.cache}
    if args.keep is not None:
        if not args.case or len(targets) != 1:
            parser.error("--keep needs one --format and one --case")
        return keep_case(targets[0], args.seed, args.case[0], args.keep, options)

    summaries = []
    for target in targets:
        summary = campaign(
            target,
            args.cases,
            args.seed,
            jobs=args.jobs,
            timeout=args.timeout,
            subprocess_mode=args.subprocess,
            cache=args.cache,
            only=args.case,
            progress=_progress(args.verbose),
        )
        summaries.append(summary)
        if not args.json:
            print_summary(summary)
    if args.json:
        print(json.dumps([s.counts() for s in summaries], indent=2))
    failed = any(s.failed for s in summaries)
    if args.strict:
        failed = failed or any(s.unnamed or s.noline for s in summaries)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
