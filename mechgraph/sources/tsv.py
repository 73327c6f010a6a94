"""Reading the curated TSV tables, keeping line numbers for error messages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mechgraph.sources.problems import Problem


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


def read_table(
    path: Path, required: tuple[str, ...], display: str, problems: list[Problem]
) -> Iterator[Row]:
    """Yield the rows of a tab-separated table with a header line.

    Blank lines and lines starting with ``#`` are skipped. A missing required column,
    a row with more cells than the header, or undecodable text is reported in
    ``problems`` (the row is skipped) rather than raised.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(display, 0, f"not UTF-8 text ({exc.reason})"))
        return
    lines = text.splitlines()
    header_at = next(
        (i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")), None
    )
    if header_at is None:
        problems.append(Problem(display, 1, "empty file: expected a header row"))
        return
    header = [name.strip() for name in lines[header_at].split("\t")]
    missing = [name for name in required if name not in header]
    if missing:
        problems.append(Problem(display, header_at + 1, f"missing column(s): {', '.join(missing)}"))
        return
    for index in range(header_at + 1, len(lines)):
        line = lines[index]
        if not line.strip() or line.startswith("#"):
            continue
        values = line.split("\t")
        if len(values) > len(header):
            problems.append(
                Problem(
                    display,
                    index + 1,
                    f"{len(values)} cells but the header has {len(header)} columns "
                    "(a tab inside a cell?)",
                )
            )
            continue
        values += [""] * (len(header) - len(values))
        yield Row(display, index + 1, dict(zip(header, values, strict=True)))
