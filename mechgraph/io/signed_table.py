"""A small reader for signed interaction tables (source, interaction, target), as exported
for CARNIVAL / COSMOS / OmniPath: tab-separated, a header line, ``interaction`` +1 or -1.

It builds a bare graph of the table alone (every edge weighs 1, self-loops kept), the fast
path of the benchmarks and of ``mechgraph view --network``. To reason over a network
together with the knowledge base, import it with :mod:`mechgraph.io.importers` (more
formats and column sets, every malformed line reported, provenance kept) and merge it
(:mod:`mechgraph.graph.merge`; ``docs/import.md``).

>>> import io
>>> rows = list(read_signed_rows(io.StringIO("source\\tinteraction\\ttarget\\nA\\t1\\tB\\n"), "t"))
>>> rows[0]
('A', '+', 'B', 2)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.problems import Problem, ValidationError
from mechgraph.model.records import SourceRef
from mechgraph.model.vocab import Sign

SIGNS = {"1": "+", "+1": "+", "+": "+", "-1": "-", "-": "-"}


def _error(name: str, line: int, message: str) -> ValidationError:
    return ValidationError([Problem(name, line, message)])


def read_signed_rows(handle: Iterable[str], name: str) -> Iterator[tuple[str, str, str, int]]:
    """Yield (source, sign, target, line) from the lines of a table (a text file, or any
    iterable of lines); raise ValidationError naming the bad line. A BOM and CRLF line ends
    are fine."""
    lines = iter(handle)
    first = next(lines, "").removeprefix("\ufeff").rstrip("\r\n")
    header = [cell.strip() for cell in first.split("\t")]
    try:
        s, i, t = (header.index(c) for c in ("source", "interaction", "target"))
    except ValueError:
        raise _error(
            name, 1, "header must name the columns source, interaction and target"
        ) from None
    for number, line in enumerate(lines, start=2):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        cells = line.split("\t")
        try:
            source, sign, target = cells[s].strip(), SIGNS[cells[i].strip()], cells[t].strip()
        except (IndexError, KeyError):
            shown = line.strip() if len(line) <= 80 else line.strip()[:80] + "..."
            raise _error(
                name, number, f"expected source, interaction (+1 or -1) and target, got {shown!r}"
            ) from None
        if not source or not target:
            raise _error(name, number, "empty source or target")
        yield source, sign, target, number


def _text_lines(path: Path) -> Iterator[str]:
    """The lines of a UTF-8 file; ValidationError naming the first line that is not."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _error(
                    str(path), number, f"not UTF-8 text ({exc.reason}); save the file as UTF-8"
                ) from None
            if "\0" in text:
                raise _error(str(path), number, "NUL byte in the line: binary data, not text")
            yield text


def load_signed_table(path: Path | str) -> MechanismGraph:
    """A mechanism graph of a signed table (edges weigh 1; origin = file and line).

    Raises FileNotFoundError / OSError for a file that cannot be read, ValidationError (with
    the file and line) for malformed content."""
    path = Path(path)
    graph = MechanismGraph(KnowledgeBase())
    seen: set[tuple[str, str, str]] = set()
    for source, sign, target, line in read_signed_rows(_text_lines(path), str(path)):
        if (source, target, sign) in seen:
            continue
        seen.add((source, target, sign))
        graph.add(
            Edge(
                source,
                target,
                Sign(sign),
                "increases" if sign == "+" else "decreases",
                origin=SourceRef(path.name, line),
            )
        )
    return graph
