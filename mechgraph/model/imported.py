"""A signed network read from a file, before it meets the knowledge base: its edges (kept
column-wise, so that a 100,000-edge table costs little memory), its nodes with the names,
synonyms and identifiers the file gives, and what the reader skipped or could not read.

The readers of :mod:`mechgraph.io` build these; :mod:`mechgraph.graph.grounding` matches
their nodes to the knowledge base and :mod:`mechgraph.graph.merge` adds their edges.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

from mechgraph.model.problems import Problem
from mechgraph.model.vocab import Sign


@dataclass(frozen=True, slots=True)
class ImportedEdge:
    """One signed edge as the file states it: node names of the imported network, the sign,
    where it was read (``file``, ``line``) and the interaction as written (``relation``)."""

    source: str
    target: str
    sign: Sign
    file: str
    line: int
    relation: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.target, self.sign.value)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class ImportedNode:
    """A node of an imported network: its name there and the original identifiers the file
    gives for it (CURIEs such as ``UniProt:Q9NZQ7`` where the file says which resource, else
    as written), used for grounding."""

    id: str
    xrefs: tuple[str, ...] = ()


class EdgeColumns(Sequence[ImportedEdge]):
    """The edges of an imported network, stored column by column: node ids into ``names``,
    signs, lines, and ids into the ``files`` and ``relations`` lists. A million edges take
    tens of megabytes instead of a million objects; indexing or iterating gives
    :class:`ImportedEdge` objects, made on the fly.

    >>> columns = EdgeColumns()
    >>> columns.append(columns.node_id("A"), columns.node_id("B"), Sign.MINUS, "t.sif", 3)
    >>> columns[0].key, columns[0].where, len(columns)
    (('A', 'B', '-'), 't.sif:3', 1)
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self.src = array("i")
        self.dst = array("i")
        self.sign = array("b")  # +1 / -1
        self.line = array("q")
        self.file = array("i")
        self.relation = array("i")
        self.files: list[str] = []
        self.relations: list[str] = []
        self._ids: dict[str, int] = {}
        self._file_ids: dict[str, int] = {}
        self._relation_ids: dict[str, int] = {}

    @classmethod
    def of(cls, edges: Iterable[ImportedEdge]) -> EdgeColumns:
        columns = cls()
        for e in edges:
            columns.append(
                columns.node_id(e.source),
                columns.node_id(e.target),
                e.sign,
                e.file,
                e.line,
                e.relation,
            )
        return columns

    def node_id(self, name: str) -> int:
        """The id of a node name (a new id for a new name)."""
        found = self._ids.get(name)
        if found is None:
            found = self._ids[name] = len(self.names)
            self.names.append(name)
        return found

    def append(
        self, source: int, target: int, sign: Sign, file: str, line: int, relation: str = ""
    ) -> None:
        file_id = self._file_ids.get(file)
        if file_id is None:
            file_id = self._file_ids[file] = len(self.files)
            self.files.append(file)
        relation_id = self._relation_ids.get(relation)
        if relation_id is None:
            relation_id = self._relation_ids[relation] = len(self.relations)
            self.relations.append(relation)
        self.src.append(source)
        self.dst.append(target)
        self.sign.append(1 if sign is Sign.PLUS else -1)
        self.line.append(line)
        self.file.append(file_id)
        self.relation.append(relation_id)

    def sort_by_line(self) -> None:
        """Put the edges in the order of their lines (stable)."""
        order = sorted(range(len(self)), key=self.line.__getitem__)
        for name in ("src", "dst", "sign", "line", "file", "relation"):
            column = getattr(self, name)
            setattr(self, name, array(column.typecode, (column[i] for i in order)))

    def count_sign(self, sign: Sign) -> int:
        """How many edges have this sign."""
        return self.sign.count(1 if sign is Sign.PLUS else -1)

    def __len__(self) -> int:
        return len(self.src)

    def _edge(self, i: int) -> ImportedEdge:
        return ImportedEdge(
            self.names[self.src[i]],
            self.names[self.dst[i]],
            Sign.PLUS if self.sign[i] > 0 else Sign.MINUS,
            self.files[self.file[i]],
            self.line[i],
            self.relations[self.relation[i]],
        )

    @overload
    def __getitem__(self, i: int) -> ImportedEdge: ...

    @overload
    def __getitem__(self, i: slice) -> list[ImportedEdge]: ...

    def __getitem__(self, i: int | slice) -> ImportedEdge | list[ImportedEdge]:
        if isinstance(i, slice):
            return [self._edge(j) for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._edge(i)

    def __iter__(self) -> Iterator[ImportedEdge]:
        return (self._edge(i) for i in range(len(self)))


@dataclass
class ImportedNetwork:
    """A signed network read from a file, not yet tied to the knowledge base.

    ``edges`` are kept as :class:`EdgeColumns` (a list of :class:`ImportedEdge` given here
    is converted); ``nodes`` lists every end of an edge (missing ones are added).
    ``skipped`` counts rows left out on purpose, by reason (``unsigned`` interactions,
    ``undirected`` ones, ``duplicate`` edges, ``self-loop`` edges, relations
    that are not causal...); they are not errors. ``warnings`` are problems of level
    ``WARN`` (file, line, message) that did not stop the import.
    """

    name: str
    format: str
    file: str
    edges: EdgeColumns
    nodes: dict[str, ImportedNode]
    skipped: dict[str, int] = field(default_factory=dict)
    lines: int = 0
    warnings: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not isinstance(self.edges, EdgeColumns):
            self.edges = EdgeColumns.of(self.edges)
        for name in self.edges.names:  # every end of an edge is a node
            if name not in self.nodes:
                self.nodes[name] = ImportedNode(name)

    def summary(self) -> dict[str, object]:
        """Counts, as printed by ``mechgraph import`` (JSON key ``network``)."""
        return {
            "name": self.name,
            "format": self.format,
            "file": self.file,
            "lines": self.lines,
            "nodes": len(self.nodes),
            "edges": len(self.edges),
            "positive": self.edges.count_sign(Sign.PLUS),
            "negative": self.edges.count_sign(Sign.MINUS),
            "skipped": dict(sorted(self.skipped.items())),
        }

    def to_tsv(self) -> str:
        """The normalised form (read back by the ``table`` importer, provenance kept):
        ``source interaction target source_ids target_ids relation file line``."""
        header = "source\tinteraction\ttarget\tsource_ids\ttarget_ids\trelation\tfile\tline"
        rows = [header]
        for e in self.edges:
            rows.append(
                "\t".join(
                    (
                        e.source,
                        "1" if e.sign is Sign.PLUS else "-1",
                        e.target,
                        "|".join(self.nodes[e.source].xrefs),
                        "|".join(self.nodes[e.target].xrefs),
                        _cell(e.relation),
                        _cell(e.file),
                        str(e.line),
                    )
                )
            )
        return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    """A text as one cell of a normalised table row (no tab, one space between words)."""
    return " ".join(text.replace("\t", " ").split())
