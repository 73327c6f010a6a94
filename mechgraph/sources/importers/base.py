"""What every importer shares: the imported network, the sign vocabulary, line-by-line
reading with progress, and the all-or-nothing collection of problems.

An importer reads its file once, line by line, and feeds a :class:`NetworkBuilder`; every
malformed line becomes a :class:`~mechgraph.sources.problems.Problem` (file, line, what is
wrong) and the import goes on to find the others. :meth:`NetworkBuilder.build` then raises
:class:`~mechgraph.sources.problems.ValidationError` with all of them, or returns the whole
network: never a part of it.

>>> builder = NetworkBuilder("toy", "sif", "toy.sif")
>>> builder.edge("A", "B", parse_sign("-1"), 1, "-1")
>>> builder.edge("A", "B", parse_sign("inhibits"), 2, "inhibits")  # the same edge again
>>> network = builder.build()
>>> [(e.source, e.sign.value, e.target, e.line) for e in network.edges], network.skipped
([('A', '-', 'B', 1)], {'duplicate': 1})
"""

from __future__ import annotations

import gc
import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from mechgraph.model.vocab import Sign
from mechgraph.sources.problems import Problem, ValidationError

#: ``progress(done, total)``: bytes (or characters) read so far out of the file's size.
Progress = Callable[[int, int], None]

#: How many problems an import reports at most (the count of the rest is given).
MAX_PROBLEMS = 200

_POSITIVE = {
    "1",
    "+1",
    "+",
    "->",
    "activation",
    "activates",
    "activate",
    "activator",
    "stimulation",
    "stimulates",
    "stimulator",
    "increases",
    "increase",
    "directlyincreases",
    "upregulates",
    "upregulation",
    "up",
    "positive",
    "promotes",
    "induces",
}
_NEGATIVE = {
    "-1",
    "-",
    "-|",
    "inhibition",
    "inhibits",
    "inhibit",
    "inhibitor",
    "decreases",
    "decrease",
    "directlydecreases",
    "downregulates",
    "downregulation",
    "down",
    "negative",
    "represses",
    "repression",
    "suppresses",
}
#: Interaction words that say nothing of a sign: such rows are skipped and counted.
_UNSIGNED = {
    "0",
    "?",
    "unknown",
    "form complex",
    "binding",
    "binds",
    "pp",
    "pd",
    "interacts",
    "interacts with",
    "interaction",
    "association",
    "undirected",
    "unsigned",
    "neutral",
}

UNSIGNED = "unsigned"


@lru_cache(maxsize=4096)
def parse_sign(text: str) -> Sign | str | None:
    """The sign an interaction word stands for: ``Sign.PLUS`` / ``Sign.MINUS``, the string
    ``"unsigned"`` for words that name an interaction without a sign (``0``, ``unknown``,
    ``form complex``, ``pp``...), or None for words it does not know.

    SIGNOR's ``up-regulates ...`` / ``down-regulates ...`` effects count by their first word.

    >>> parse_sign("up-regulates quantity by expression"), parse_sign("-1")
    (<Sign.PLUS: '+'>, <Sign.MINUS: '-'>)
    >>> parse_sign("form complex"), parse_sign("maybe")
    ('unsigned', None)
    """
    word = " ".join(text.strip().lower().split())
    if word in _POSITIVE:
        return Sign.PLUS
    if word in _NEGATIVE:
        return Sign.MINUS
    if word in _UNSIGNED:
        return UNSIGNED
    head = word.replace("-", "").replace("_", "").split(" ")[0]
    if head.startswith("upregulat"):
        return Sign.PLUS
    if head.startswith("downregulat"):
        return Sign.MINUS
    if head in _POSITIVE:
        return Sign.PLUS
    if head in _NEGATIVE:
        return Sign.MINUS
    return None


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

    def __getitem__(self, i):  # type: ignore[override]
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
    that are not causal...); they are not errors.
    """

    name: str
    format: str
    file: str
    edges: EdgeColumns
    nodes: dict[str, ImportedNode]
    skipped: dict[str, int] = field(default_factory=dict)
    lines: int = 0

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
    return " ".join(text.replace("\t", " ").split())


class NetworkBuilder:
    """Collects the edges, nodes, skipped rows and problems of one import."""

    def __init__(self, name: str, format: str, file: str):
        self.name, self.format, self.file = name, format, file
        self.edges = EdgeColumns()
        self._xrefs: dict[str, dict[str, None]] = {}  # only nodes that have some
        self._seen: set[int] = set()
        self.skipped: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.lines = 0

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
        if s == t:
            self.skip("self-loop")
            return
        key = (s << 33) | (t << 1) | (sign is Sign.MINUS)
        if key in self._seen:
            self.skip("duplicate")
            return
        self._seen.add(key)
        columns.append(s, t, sign, file or self.file, line, relation)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def build(self) -> ImportedNetwork:
        """The network, or ValidationError listing every malformed line (nothing partial)."""
        if self.problems:
            problems = sorted(self.problems, key=lambda p: p.line)
            if len(problems) > MAX_PROBLEMS:
                more = len(problems) - MAX_PROBLEMS
                problems = problems[:MAX_PROBLEMS] + [
                    Problem(self.file, 0, f"{more} more malformed lines not listed")
                ]
            raise ValidationError(problems)
        xrefs = self._xrefs
        nodes = {
            n: ImportedNode(n, tuple(xrefs[n])) if n in xrefs else ImportedNode(n)
            for n in self.edges.names
        }
        return ImportedNetwork(
            self.name, self.format, self.file, self.edges, nodes, self.skipped, self.lines
        )


def lines_of(
    path: Path, builder: NetworkBuilder, progress: Progress | None = None
) -> Iterator[tuple[int, str]]:
    """``(line number, line without its end)`` for each line of a UTF-8 file (a BOM is
    dropped), counting ``builder.lines`` and reporting progress (bytes read) now and then.
    A line that is not UTF-8 is a problem of that line and is not yielded."""
    total = file_size(path) if progress is not None else 0
    done = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            builder.lines = number
            if progress is not None:
                done += len(raw)
                if number % 8192 == 0:
                    progress(done, total)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                builder.problem(number, f"not UTF-8 text ({exc.reason}); save the file as UTF-8")
                continue
            if number == 1:
                text = text.removeprefix("\ufeff")
            yield number, text.rstrip("\r\n")
    if progress is not None:
        progress(total, total)


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
