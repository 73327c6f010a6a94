"""The bare graph of a signed interaction table (source, interaction, target), as exported
for CARNIVAL / COSMOS / OmniPath: tab-separated, a header line, ``interaction`` +1 or -1.

It builds a graph of the table alone (every edge weighs 1, self-loops kept), the fast path
of the benchmarks and of ``mechgraph view --network``. The rows are read by the table
importer (:func:`~mechgraph.io.table.table_network`, through
:class:`~mechgraph.io.interactions.InteractionReader`): the same headers, sign words and
problems, each with its file and line. To reason over a network together with the knowledge
base, import it with :mod:`mechgraph.io.importers` (more formats, provenance kept) and merge
it (:mod:`mechgraph.graph.merge`; ``docs/import.md``).

>>> import io
>>> rows = list(read_signed_rows(io.StringIO("source\\tinteraction\\ttarget\\nA\\t1\\tB\\n"), "t"))
>>> rows[0]
('A', '+', 'B', 2)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.io.interactions import InteractionReader
from mechgraph.io.table import table_network
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import SourceRef
from mechgraph.model.vocab import Sign


def read_signed_rows(handle: Iterable[str], name: str) -> Iterator[tuple[str, str, str, int]]:
    """``(source, sign, target, line)`` of each signed edge of the lines of a table (a text
    file, or any iterable of lines), once each; ValidationError lists every malformed line,
    ``name`` standing for the file. A BOM and CRLF line ends are fine."""
    network = table_network(InteractionReader.of_text(handle, name, self_loops=True))
    for edge in network.edges:
        yield edge.source, edge.sign.value, edge.target, edge.line


def load_signed_table(path: Path | str) -> MechanismGraph:
    """A mechanism graph of a signed table (edges weigh 1; origin = file and line).

    Raises FileNotFoundError / OSError for a file that cannot be read, ValidationError (every
    malformed line, with the file and line) for malformed content."""
    path = Path(path)
    network = table_network(InteractionReader.open(path, path.stem, "table", self_loops=True))
    graph = MechanismGraph(KnowledgeBase())
    edges = network.edges  # read column by column: no ImportedEdge objects on the way
    names, files = edges.names, [Path(file).name for file in edges.files]
    for s, t, sign, line, file in zip(
        edges.src, edges.dst, edges.sign, edges.line, edges.file, strict=True
    ):
        positive = sign > 0
        graph.add(
            Edge(
                names[s],
                names[t],
                Sign.PLUS if positive else Sign.MINUS,
                "increases" if positive else "decreases",
                origin=SourceRef(files[file], line),
            )
        )
    return graph
