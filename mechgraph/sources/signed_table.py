"""A small reader for signed interaction tables (source, interaction, target), as exported
for CARNIVAL / COSMOS / OmniPath: tab-separated, a header line, ``interaction`` +1 or -1.

It builds a bare graph of the table alone (every edge weighs 1, self-loops kept), the fast
path of the benchmarks and of ``mechgraph view --network``. To reason over a network
together with the knowledge base, import it with :mod:`mechgraph.sources.importers` (more
formats and column sets, every malformed line reported, provenance kept) and merge it
(:mod:`mechgraph.graph.merge`; ``docs/import.md``).

>>> import io
>>> rows = list(read_signed_rows(io.StringIO("source\\tinteraction\\ttarget\\nA\\t1\\tB\\n"), "t"))
>>> rows[0]
('A', '+', 'B', 2)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import SourceRef
from mechgraph.model.vocab import Sign
from mechgraph.sources.problems import Problem, ValidationError

SIGNS = {"1": "+", "+1": "+", "+": "+", "-1": "-", "-": "-"}


def read_signed_rows(handle: TextIO, name: str) -> Iterator[tuple[str, str, str, int]]:
    """Yield (source, sign, target, line); raise ValidationError naming the bad line."""
    header = handle.readline().rstrip("\n").split("\t")
    try:
        s, i, t = (header.index(c) for c in ("source", "interaction", "target"))
    except ValueError:
        raise ValidationError(
            [Problem(name, 1, "header must name the columns source, interaction and target")]
        ) from None
    for number, line in enumerate(handle, start=2):
        if not line.strip():
            continue
        cells = line.rstrip("\n").split("\t")
        try:
            source, sign, target = cells[s].strip(), SIGNS[cells[i].strip()], cells[t].strip()
        except (IndexError, KeyError):
            raise ValidationError(
                [
                    Problem(
                        name,
                        number,
                        f"expected source, interaction (+1 or -1) and target, got {line.strip()!r}",
                    )
                ]
            ) from None
        if not source or not target:
            raise ValidationError([Problem(name, number, "empty source or target")])
        yield source, sign, target, number


def load_signed_table(path: Path | str) -> MechanismGraph:
    """A mechanism graph of a signed table (edges weigh 1; origin = file and line)."""
    path = Path(path)
    graph = MechanismGraph(KnowledgeBase())
    seen: set[tuple[str, str, str]] = set()
    with path.open(encoding="utf-8") as handle:
        for source, sign, target, line in read_signed_rows(handle, str(path)):
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
