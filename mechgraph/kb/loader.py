"""Loading and validating the curated knowledge base (the TSV tables in ``ontology/``).

>>> kb = load_kb()                      # the shipped knowledge base
>>> kb.entities["paclitaxel"].type
'Taxane'

Every problem is reported as ``file:line: LEVEL rule: message``; :func:`load_kb` raises
:class:`~mechgraph.model.problems.ValidationError` when there is any error, while
:func:`check_kb` returns the knowledge base (as far as it could be read) with all problems.

The problems are a :class:`~mechgraph.model.problems.ProblemLog`: the first
:data:`~mechgraph.model.problems.MAX_PER_RULE` of each file, rule and level, then one line
counting the others (their hints are never computed). Every check is linear in the size of
the tables (cycles of parents by Tarjan's algorithm, conflicts by groups of claims), so that
hostile input (a cell of a million ``a|`` items, 20,000 copies of a row) gives a short
report in seconds. Numbers, dates and reference numbers are ASCII digits only.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Protocol, TypeVar

from mechgraph.kb.locate import default_kb_dir, display_path
from mechgraph.kb.quotes import (
    MAX_QUOTE_CHARS,
    MAX_QUOTE_WORDS,
    DocumentText,
    Span,
    normalise_text,
    word_count,
)
from mechgraph.kb.tsv import Row, path_problem, read_table, shown_path
from mechgraph.model.curie import PREFIXES, check_curie, normalise_curie
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.problems import Level, Problem, ProblemLog, ValidationError
from mechgraph.model.records import (
    FREE_PAYLOAD,
    SCOPES,
    Claim,
    ContextKey,
    ContextValue,
    Document,
    Entity,
    Evidence,
    Formulation,
    NotCurated,
    OntologyClass,
    Readout,
    Section,
    SourceRef,
    StrategyAssignment,
)
from mechgraph.model.resolve import NameIndex
from mechgraph.model.vocab import EvidenceLevel, ReadoutKind, Relation, Sign

#: Columns whose cells are lists split with ``|``.
LIST_COLUMNS = frozenset(
    {"synonyms", "xrefs", "parents", "payloads", "properties", "refs", "background", "via"}
)

#: The tables of a knowledge base and their columns, in loading order (canonical layout).
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents.tsv": ("id", "file", "title", "authors", "citation", "note"),
    "sections.tsv": ("document", "section", "anchor", "end"),
    "classes.tsv": ("id", "label", "parent", "synonyms", "xrefs", "definition"),
    "context_keys.tsv": ("key", "class", "label", "exclusive", "default", "definition"),
    "contexts.tsv": ("key", "value", "label", "parent", "synonyms", "xrefs", "definition"),
    "entities.tsv": ("id", "label", "type", "parents", "synonyms", "xrefs", "definition"),
    "formulations.tsv": (
        "formulation",
        "carrier",
        "payloads",
        "properties",
        "document",
        "section",
        "quote",
    ),
    "strategies.tsv": ("formulation", "strategy", "document", "section", "quote"),
    "readouts.tsv": ("readout", "kind", "stage", "order", "desirable", "source"),
    "not_curated.tsv": ("document", "section", "quote", "reason"),
    "claims.tsv": (
        "id",
        "subject",
        "relation",
        "object",
        "comparator",
        "background",
        "scope",
        "via",
        "context",
        "evidence_level",
        "document",
        "section",
        "refs",
        "quote",
        "curator",
        "date",
        "note",
    ),
}
#: The columns a table must have (the others are optional).
REQUIRED: dict[str, tuple[str, ...]] = {
    "documents.tsv": ("id", "title"),
    "sections.tsv": ("document", "section"),
    "classes.tsv": ("id", "label", "parent"),
    "context_keys.tsv": ("key", "class"),
    "contexts.tsv": ("key", "value", "label"),
    "entities.tsv": ("id", "label", "type"),
    "formulations.tsv": ("formulation", "carrier", "payloads"),
    "strategies.tsv": ("formulation", "strategy", "document", "quote"),
    "readouts.tsv": ("readout", "kind", "order", "desirable"),
    "claims.tsv": (
        "id",
        "subject",
        "relation",
        "object",
        "context",
        "evidence_level",
        "document",
        "quote",
    ),
    "not_curated.tsv": ("document", "section", "quote", "reason"),
}
OPTIONAL_TABLES = {
    "formulations.tsv",
    "sections.tsv",
    "not_curated.tsv",
    "context_keys.tsv",
    "strategies.tsv",
}
#: The root of the targeting strategies (``strategies.tsv``).
STRATEGY_ROOT = "TargetingStrategy"
ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
#: Numbers are ASCII digits only (``\d`` and ``str.isdigit`` also accept ``²``, ``①``, ``１``).
NUMBER_PATTERN = re.compile(r"[0-9]+")
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: How many ids a message lists before "and N more".
MAX_LISTED = 5

#: A message or hint, or a function that makes it (called with no arguments, only when the
#: problem is listed). ``...``: the functions are lambdas that bind their loop variables as
#: defaults (``lambda curie=curie: ...``), which mypy does not match with ``Callable[[], str]``.
Text = str | Callable[..., str]


@dataclass
class LoadResult:
    """A knowledge base as far as it could be read, and every problem found.

    ``problems`` is a :class:`~mechgraph.model.problems.ProblemLog`: it lists the first
    problems of each file, rule and level and counts the others in one summary line;
    :meth:`counts` gives the true numbers.
    """

    kb: KnowledgeBase
    problems: list[Problem] = field(default_factory=ProblemLog)
    notes: list[str] = field(default_factory=list)  # what was checked or skipped, for humans

    def __post_init__(self) -> None:
        if not isinstance(self.problems, ProblemLog):
            self.problems = ProblemLog(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level is Level.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        """Problems by level (``ERROR``, ``WARN``, ``INFO``), those not listed included."""
        found = {level.value: 0 for level in Level}
        for problem in self.problems:
            found[problem.level.value] += problem.count
        return found


def listed(ids: Iterable[str], joiner: str = ", ") -> str:
    """Ids joined for a message, the first :data:`MAX_LISTED` of them and a count of the rest.

    >>> listed(["a", "b", "c", "d", "e", "f", "g"])
    'a, b, c, d, e and 2 more'
    """
    ids = list(ids)
    shown = joiner.join(ids[:MAX_LISTED])
    return f"{shown} and {len(ids) - MAX_LISTED:,} more" if len(ids) > MAX_LISTED else shown


def cyclic_groups(parents: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The groups of nodes that are their own ancestors (strongly connected components with
    more than one node, or one node that is its own parent), each in ``parents`` order.

    ``parents`` maps each node to the nodes it points to; nodes it points to that are not
    keys have no parents. Linear in nodes and edges, with no recursion limit on deep
    hierarchies (networkx's iterative strongly connected components).

    >>> cyclic_groups({"a": ["b"], "b": ["a"], "c": ["c"], "d": ["a"]})
    [['a', 'b'], ['c']]
    """
    import networkx as nx  # its components are iterative, linear and recursion-free

    order = {node: i for i, node in enumerate(parents)}
    graph = nx.DiGraph()
    graph.add_nodes_from(parents)
    graph.add_edges_from((node, up) for node, ups in parents.items() for up in ups)
    groups = [
        sorted(group, key=lambda n: order.get(n, len(order)))
        for group in nx.strongly_connected_components(graph)
        if len(group) > 1 or graph.has_edge(next(iter(group)), next(iter(group)))
    ]
    groups.sort(key=lambda group: order.get(group[0], len(order)))
    return groups


def cycle_members(parents: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """Each node of :func:`cyclic_groups`, mapped to its group (one set shared by the group)."""
    found: dict[str, set[str]] = {}
    for group in cyclic_groups(parents):
        members = set(group)
        found.update(dict.fromkeys(group, members))
    return found


def cycle_path(start: str, parents: Mapping[str, Iterable[str]], group: set[str]) -> list[str]:
    """A shortest loop from ``start`` back to itself through the nodes of ``group``
    (``start`` first and last)."""
    previous: dict[str, str] = {}
    todo = [start]
    while todo:
        following = []
        for node in todo:
            for parent in parents.get(node, ()):
                if parent == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start] if node != start else [start, start]
                if parent in group and parent not in previous:
                    previous[parent] = node
                    following.append(parent)
        todo = following
    return [start, start]


def valid_date(text: str) -> bool:
    """True for a real calendar date written ``YYYY-MM-DD`` in ASCII digits.

    >>> valid_date("2026-11-21"), valid_date("2026-13-01"), valid_date("２０２６-01-01")
    (True, False, False)
    """
    if not DATE_PATTERN.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def did_you_mean(value: str, candidates: Iterable[str], what: str = "") -> str:
    """A hint naming the closest candidates to a mistyped value (empty when none is close)."""
    pool = list(dict.fromkeys(candidates))
    close = difflib.get_close_matches(value, pool, n=3, cutoff=0.6) if value else []
    if not close:
        lowered = value.lower()
        close = [c for c in pool if lowered and (lowered in c.lower() or c.lower() in lowered)][:3]
    if not close:
        return ""
    return f"did you mean {' or '.join(repr(c) for c in close)}{what}? "


def shown_file(kb: KnowledgeBase, ref: SourceRef) -> str:
    """The file of a record's source as messages show it (like the loader's own messages:
    relative to the working directory when possible)."""
    if kb.root is None:
        return ref.file
    return _shown(str(kb.root), Path(ref.file).name, os.getcwd())


@functools.lru_cache(maxsize=256)
def _shown(root: str, name: str, cwd: str) -> str:
    """:func:`shown_path` of a table, once per folder, name and working directory (a report
    names the same few files thousands of times)."""
    return shown_path(Path(root) / name)


def curie_hint(text: str) -> str:
    """How to write a malformed cross-reference."""
    prefix, sep, _ = text.strip().partition(":")
    known = PREFIXES.get(prefix.upper()) if sep else None
    if known is not None:
        return (
            f"{known.name} identifiers are {known.hint}; copy it from {known.title} "
            "rather than typing it, or leave it out"
        )
    names = ", ".join(p.name for p in PREFIXES.values())
    guess = did_you_mean(prefix, [p.name for p in PREFIXES.values()]) if sep else ""
    return f"{guess}write PREFIX:ID with one of the prefixes {names} (e.g. CHEBI:45863)"


class _Sourced(Protocol):
    @property
    def source(self) -> SourceRef | None: ...


R = TypeVar("R", bound=_Sourced)
W = TypeVar("W", bound=Enum)


def kept_rows(rows: Iterable[Row], records: Mapping[str, R]) -> Iterator[tuple[Row, R]]:
    """Each row with the record of its ``id`` that it made (not the rows of an id that
    another row had taken, nor the rows that made no record)."""
    for row in rows:
        record = records.get(row.get("id"))
        if record is not None and record.source is not None and record.source.line == row.line:
            yield row, record


class _Loader:
    def __init__(self, root: Path, overrides: Mapping[str, str] | None = None):
        self.root = root
        self.overrides = dict(overrides or {})
        self.kb = KnowledgeBase(root=root)
        self.problems = ProblemLog()
        self._names: tuple[tuple[int, int], dict[str, str]] | None = None
        self._section_names: dict[str, list[str]] = {}
        self._section_sets: dict[str, set[str]] = {}
        self._root_name: str | None = None

    # -- helpers ------------------------------------------------------------------------
    def report(
        self, row: Row, message: Text, rule: str, level: Level = Level.ERROR, hint: Text = ""
    ) -> None:
        """Report a problem of a row; ``message`` and ``hint`` may be functions, called only
        when the problem is listed (see :class:`ProblemLog`)."""
        if not self.problems.wants(row.file, rule, level):
            self.problems.skip(row.file, row.line, rule, level)
            return
        message = message() if callable(message) else message
        hint = hint() if callable(hint) else hint
        self.problems.append(Problem(row.file, row.line, message, rule, level, hint))

    def rows(self, name: str) -> list[Row]:
        path = self.root / name
        display = shown_path(path)
        text = self.overrides.get(name)
        if text is None and path_problem(path) is None and not path.exists():
            if name not in OPTIONAL_TABLES:
                self.problems.append(Problem(display, 0, "file not found", "missing-file"))
            return []
        return list(
            read_table(path, REQUIRED[name], display, self.problems, known=COLUMNS[name], text=text)
        )

    def check_folder(self) -> None:
        """Report the entries named ``*.tsv`` that are not files (a folder, a FIFO, a broken
        symbolic link): nothing can read them (the known tables are reported when read)."""
        for path in sorted(self.root.glob("*.tsv")):
            trouble = path_problem(path) if path.name not in COLUMNS else None
            if trouble is not None:
                self.problems.append(
                    Problem(
                        shown_path(path),
                        0,
                        f"{path.name} {trouble}",
                        "missing-file",
                        hint="delete it or make it a table file: every *.tsv entry of the "
                        "knowledge-base folder is read as a table by some tool",
                    )
                )

    def node_names(self) -> dict[str, str]:
        """Every id, label and synonym of a concept, mapped to its id (kept while no concept
        is added)."""
        size = (len(self.kb.classes), len(self.kb.entities))
        if self._names is None or self._names[0] != size:
            names: dict[str, str] = {}
            for concept in self.kb.concepts():
                for name in (concept.id, concept.label, *concept.synonyms):
                    names.setdefault(name, concept.id)
            self._names = (size, names)
        return self._names[1]

    def node_hint(self, value: str, table: str = "entities.tsv or classes.tsv") -> str:
        """Closest known ids (and ids whose label or synonym is close) for an unknown node."""
        names = self.node_names()
        close = difflib.get_close_matches(value, list(names), n=3, cutoff=0.6)
        ids = list(dict.fromkeys(names[name] for name in close))
        guess = f"did you mean {' or '.join(repr(i) for i in ids)}? " if ids else ""
        return (
            f"{guess}use an id from {table} ('mechgraph search {value[:12] or 'TEXT'}' finds it) "
            "or add it first with 'mechgraph curate add-entity'"
        )

    def row_at(self, source: SourceRef | None) -> Row:
        """An empty row at a record's source, for its problems (every record the loader
        makes has a source: :meth:`ref`)."""
        assert source is not None, "a record the loader made has its source"
        return Row(shown_file(self.kb, source), source.line, {})

    def ref(self, row: Row) -> SourceRef:
        """Where a record came from, relative to the KB folder's parent (``ontology/x.tsv``)
        so that outputs do not depend on the working directory or on the on-disk cache."""
        if self._root_name is None:
            self._root_name = self.root.resolve().name
        return SourceRef(f"{self._root_name}/{Path(row.file).name}", row.line)

    def check_id(self, row: Row, column: str, taken: Callable[[str], bool]) -> str | None:
        value = row.get(column)
        if not value:
            self.report(row, f"missing {column}", "required", hint=f"give the row an {column}")
            return None
        if not ID_PATTERN.fullmatch(value):
            fixed = re.sub(r"[^A-Za-z0-9_]+", "_", value).strip("_")
            fixed = fixed if fixed[:1].isalpha() else f"x_{fixed}"
            self.report(
                row,
                f"{column} '{value}' must be letters, digits and '_' (starting with a letter)",
                "id-syntax",
                hint=f"e.g. '{fixed}' (the label can keep spaces and punctuation)",
            )
            return None
        if taken(value):
            self.report(
                row,
                f"duplicate id '{value}'",
                "duplicate-id",
                hint="ids must be unique across classes.tsv and entities.tsv (claim ids across "
                "claims.tsv): rename one of the rows, or merge them",
            )
            return None
        return value

    def xrefs(self, row: Row) -> tuple[str, ...]:
        good = []
        for curie in dict.fromkeys(row.list("xrefs")):
            problem = check_curie(curie)
            if problem:
                self.report(
                    row,
                    f"bad identifier '{curie}': {problem}",
                    "curie",
                    hint=lambda curie=curie: curie_hint(curie),
                )
            else:
                good.append(normalise_curie(curie))
        return tuple(good)

    def known(self, node_id: str) -> bool:
        return node_id in self.kb.entities or node_id in self.kb.classes

    def require(self, row: Row, column: str) -> None:
        """Report an empty cell in a column the row needs."""
        if not row.get(column):
            self.report(row, f"missing {column}", "required")

    def report_unknown_node(
        self, row: Row, message: str, node: str, table: str = "entities.tsv or classes.tsv"
    ) -> None:
        """Report a cell naming a node that is not in ``table``, with the closest ids."""
        self.report(row, message, "unknown-entity", hint=lambda: self.node_hint(node, table))

    def report_cycle(
        self,
        row: Row,
        what: str,
        node: str,
        parents: Mapping[str, Iterable[str]],
        cyclic: Mapping[str, set[str]],
    ) -> None:
        """Report a class or entity (``what``) whose parents lead back to it."""
        self.report(
            row,
            f"{what} '{node}' is its own ancestor",
            "class-cycle",
            hint=lambda: (
                "the parents go round in a loop ("
                + listed(cycle_path(node, parents, cyclic[node]), " -> ")
                + "): change one parent"
            ),
        )

    # -- tables -------------------------------------------------------------------------
    def load_documents(self) -> None:
        for row in self.rows("documents.tsv"):
            doc_id = self.check_id(row, "id", lambda v: v in self.kb.documents)
            if doc_id is None:
                continue
            self.require(row, "title")
            self.kb.documents[doc_id] = Document(
                doc_id,
                row.get("title"),
                row.get("file"),
                row.get("authors"),
                row.get("citation"),
                row.get("note"),
                self.ref(row),
            )

    def load_sections(self) -> None:
        seen: dict[str, set[str]] = {}
        for row in self.rows("sections.tsv"):
            document, name = row.get("document"), row.get("section")
            if document not in self.kb.documents:
                self.report(
                    row,
                    f"unknown document '{document}'",
                    "unknown-document",
                    hint=f"{did_you_mean(document, self.kb.documents)}add the document to "
                    "documents.tsv first",
                )
                continue
            if not name:
                self.report(row, "missing section", "required")
                continue
            known = self.kb.sections.setdefault(document, [])
            names = seen.setdefault(document, set())
            if name in names and not row.get("end"):
                self.report(row, f"duplicate section '{name}'", "duplicate-id")
                continue
            names.add(name)
            known.append(
                Section(document, name, row.get("anchor") or name, row.get("end"), self.ref(row))
            )
        self._section_names = {
            document: list(dict.fromkeys(s.name for s in sections))
            for document, sections in self.kb.sections.items()
        }
        self._section_sets = {doc: set(names) for doc, names in self._section_names.items()}

    def load_classes(self) -> None:
        rows = self.rows("classes.tsv")
        for row in rows:
            class_id = self.check_id(row, "id", self.known)
            if class_id is None:
                continue
            self.require(row, "label")
            self.kb.classes[class_id] = OntologyClass(
                class_id,
                row.get("label") or class_id,
                row.get("parent") or None,
                row.list("synonyms"),
                self.xrefs(row),
                row.get("definition"),
                self.ref(row),
            )
        parents = {
            cls.id: [cls.parent]
            for cls in self.kb.classes.values()
            if cls.parent and cls.parent in self.kb.classes
        }
        cyclic = cycle_members(parents)
        for row, cls in kept_rows(rows, self.kb.classes):
            if cls.parent and cls.parent not in self.kb.classes:
                parent = cls.parent
                self.report(
                    row,
                    f"unknown parent class '{parent}'",
                    "unknown-class",
                    hint=lambda parent=parent: (
                        f"{did_you_mean(parent, self.kb.classes)}use a "
                        "class id from classes.tsv, or leave parent empty for a top-level class"
                    ),
                )
            elif cls.id in cyclic:
                self.report_cycle(row, "class", cls.id, parents, cyclic)

    def unknown_key_hint(self, key: str) -> str:
        known = self.kb.known_context_keys()
        return (
            f"{did_you_mean(key, known)}the keys are declared in context_keys.tsv "
            f"(known: {', '.join(known)}); add a row there for a new one"
        )

    def load_context_keys(self) -> None:
        for row in self.rows("context_keys.tsv"):
            key = self.check_id(row, "key", lambda v: v in self.kb.context_keys)
            if key is None:
                continue
            class_id, exclusive = row.get("class"), (row.get("exclusive") or "yes").lower()
            if class_id not in self.kb.classes:
                self.report(
                    row,
                    f"unknown class '{class_id}' for context key '{key}' (not in classes.tsv)",
                    "unknown-entity",
                    hint="the values of a key are typed with a class: add it to classes.tsv",
                )
                continue
            if exclusive not in ("yes", "no"):
                self.report(
                    row,
                    f"exclusive must be yes or no, not '{row.get('exclusive')}'",
                    "vocabulary",
                    hint="yes: a query gives one value of the key; no: it may give several",
                )
                continue
            self.kb.context_keys[key] = ContextKey(
                key,
                class_id,
                row.get("label") or key,
                exclusive == "yes",
                row.get("definition"),
                self.ref(row),
                row.get("default"),
            )

    def load_contexts(self) -> None:
        for row in self.rows("contexts.tsv"):
            key, value = row.get("key"), row.get("value")
            if self.kb.context_key(key) is None:
                self.report(
                    row,
                    f"unknown context key '{key}' (known: "
                    f"{', '.join(self.kb.known_context_keys())})",
                    "vocabulary",
                    hint=self.unknown_key_hint(key),
                )
                continue
            if not value or "=" in value or "|" in value:
                self.report(
                    row,
                    f"bad context value '{value}'",
                    "vocabulary",
                    hint="a value is one word or phrase without '=' or '|' (e.g. metronomic)",
                )
                continue
            if (key, value) in self.kb.contexts:
                self.report(
                    row,
                    f"duplicate context value {key}={value}",
                    "duplicate-id",
                    hint="delete one of the two rows (merge their synonyms)",
                )
                continue
            self.kb.contexts[(key, value)] = ContextValue(
                key,
                value,
                row.get("label") or value,
                row.list("synonyms"),
                self.xrefs(row),
                row.get("definition"),
                self.ref(row),
                row.get("parent") or None,
            )
        self.check_context_parents()
        self.check_context_defaults()

    def check_context_defaults(self) -> None:
        """A key's default is one of its values."""
        for key, record in list(self.kb.context_keys.items()):
            if record.default and (key, record.default) not in self.kb.contexts:
                values = [v for k, v in self.kb.contexts if k == key]
                self.report(
                    self.row_at(record.source),
                    f"unknown default '{record.default}' of context key '{key}' "
                    f"(known: {listed(values)})",
                    "vocabulary",
                    hint="the default is a value of the key in contexts.tsv, or empty for none",
                )
                self.kb.context_keys[key] = replace(record, default="")

    def check_context_parents(self) -> None:
        """A value's parent is another value of its key, and no value is within itself."""
        for (key, value), record in list(self.kb.contexts.items()):
            if record.parent is None:
                continue
            where = self.row_at(record.source)
            if (key, record.parent) not in self.kb.contexts:
                values = [v for k, v in self.kb.contexts if k == key and v != value]
                self.report(
                    where,
                    f"unknown parent '{record.parent}' of {key}={value} (known: {listed(values)})",
                    "vocabulary",
                    hint="a parent is a broader value of the same key (TNBC within breast)",
                )
                self.kb.contexts[(key, value)] = replace(record, parent=None)
        for (key, value), _record in list(self.kb.contexts.items()):
            seen, parent = {value}, self.kb.contexts[(key, value)].parent
            while parent is not None and parent not in seen:
                seen.add(parent)
                parent = self.kb.contexts[(key, parent)].parent
            if parent is not None:
                record = self.kb.contexts[(key, value)]
                self.report(
                    self.row_at(record.source),
                    f"the parents of {key}={value} form a cycle",
                    "cycle",
                    hint="a value cannot be within itself: remove one of the parent cells",
                )
                self.kb.contexts[(key, value)] = replace(record, parent=None)

    def load_entities(self) -> None:
        rows = self.rows("entities.tsv")
        for row in rows:
            entity_id = self.check_id(row, "id", self.known)
            if entity_id is None:
                continue
            type_ = row.get("type")
            if type_ not in self.kb.classes:
                self.report(
                    row,
                    f"unknown type '{type_}' (not a class in classes.tsv)",
                    "unknown-class",
                    hint=lambda type_=type_: (
                        f"{did_you_mean(type_, self.kb.classes)}the type "
                        "is a class id from classes.tsv (e.g. Taxane, CellType, BiologicalProcess)"
                    ),
                )
            self.require(row, "label")
            self.kb.entities[entity_id] = Entity(
                entity_id,
                row.get("label") or entity_id,
                type_,
                row.list("parents"),
                row.list("synonyms"),
                self.xrefs(row),
                row.get("definition"),
                self.ref(row),
            )
        self.check_entity_parents(rows)

    def check_entity_parents(self, rows: list[Row]) -> None:
        """An entity's parents are known, other than itself, and do not lead back to it."""
        parents = {
            entity.id: [p for p in entity.parents if p in self.kb.entities and p != entity.id]
            for entity in self.kb.entities.values()
        }
        cyclic = cycle_members(parents)
        for row, entity in kept_rows(rows, self.kb.entities):
            for parent in dict.fromkeys(entity.parents):
                if not self.known(parent):
                    self.report_unknown_node(row, f"unknown parent '{parent}'", parent)
                elif parent == entity.id:
                    self.report(row, f"'{parent}' cannot be its own parent", "class-cycle")
            if entity.id in cyclic:
                self.report_cycle(row, "entity", entity.id, parents, cyclic)

    def check_section(self, row: Row, document: str) -> None:
        section = row.get("section")
        names = self._section_names.get(document, [])
        if section in self._section_sets.get(document, ()):
            return
        if not self.problems.wants(row.file, "unknown-section"):
            self.problems.skip(row.file, row.line, "unknown-section")
            return
        close = difflib.get_close_matches(section, names, n=1, cutoff=0.3)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        what = f"unknown section '{section}'" if section else "missing section"
        self.report(
            row,
            f"{what} of {document}{hint}",
            "unknown-section",
            hint=f"copy one of the section names of {document} from sections.tsv"
            + (f", e.g. '{close[0]}'" if close else ""),
        )

    def evidence(self, row: Row, level: EvidenceLevel) -> Evidence:
        document = row.get("document")
        if not document:
            self.report(row, "missing document", "required")
        elif document not in self.kb.documents:
            self.report(
                row,
                f"unknown document '{document}' (not in documents.tsv)",
                "unknown-document",
                hint=lambda: (
                    f"{did_you_mean(document, self.kb.documents)}use an id from "
                    f"documents.tsv ({listed(self.kb.documents)}) or add the document there"
                ),
            )
        elif self.kb.sections.get(document):
            self.check_section(row, document)
        quote = row.get("quote")
        if quote and word_count(quote) > MAX_QUOTE_WORDS:
            self.report(
                row,
                f"quote has {word_count(quote):,} words (at most {MAX_QUOTE_WORDS})",
                "quote",
                hint=f"keep the {MAX_QUOTE_WORDS} words that carry the claim, verbatim (a quote "
                "may be part of a sentence)",
            )
        elif len(quote) > MAX_QUOTE_CHARS:
            self.report(
                row,
                f"quote has {len(quote):,} characters (at most {MAX_QUOTE_CHARS})",
                "quote",
                hint=f"keep the words that carry the claim (at most {MAX_QUOTE_WORDS}), verbatim",
            )
        refs = row.list("refs")
        for ref in dict.fromkeys(refs):
            if not NUMBER_PATTERN.fullmatch(ref):
                self.report(
                    row,
                    f"reference number '{ref}' must be digits (0-9)",
                    "refs",
                    hint="refs are the document's own reference numbers, separated by '|' "
                    "(e.g. 23|24); put anything else in note",
                )
        date = row.get("date")
        if date and not valid_date(date):
            self.report(
                row, f"date '{date}' must be a date written YYYY-MM-DD (digits 0-9)", "date"
            )
        return Evidence(document, row.get("section"), refs, quote, level, row.get("curator"), date)

    def load_formulations(self) -> None:
        formulations = self.kb.members("Formulation")
        carriers = self.kb.members("Nanocarrier")
        properties = self.kb.members("CarrierProperty")
        for row in self.rows("formulations.tsv"):
            form_id = row.get("formulation")
            entity = self.kb.entities.get(form_id)
            if entity is None:
                self.report_unknown_node(
                    row,
                    f"unknown formulation '{form_id}' (add it to entities.tsv)",
                    form_id,
                    "entities.tsv",
                )
                continue
            if form_id not in formulations:
                self.report(
                    row, f"'{form_id}' is a {entity.type}, not a Formulation", "formulation"
                )
            if form_id in self.kb.formulations:
                self.report(row, f"formulation '{form_id}' decomposed twice", "duplicate-id")
                continue
            self.check_carrier(row, form_id, carriers)
            payloads = row.list("payloads")
            self.check_parts(row, form_id, payloads, properties)
            evidence = (
                self.evidence(row, EvidenceLevel.REVIEW_STATEMENT) if row.get("document") else None
            )
            self.kb.formulations[form_id] = Formulation(
                form_id,
                row.get("carrier"),
                payloads,
                row.list("properties"),
                evidence,
                self.ref(row),
            )
        self.warn_undecomposed(formulations)

    def check_carrier(self, row: Row, form_id: str, carriers: set[str]) -> None:
        """A formulation's carrier is given, known, not the formulation, a Nanocarrier."""
        carrier = row.get("carrier")
        if not carrier:
            self.report(row, "missing carrier", "required")
        elif not self.known(carrier):
            self.report_unknown_node(row, f"unknown carrier '{carrier}'", carrier)
        elif carrier == form_id:
            self.report(row, f"formulation '{form_id}' cannot be its own carrier", "formulation")
        elif carrier not in carriers:
            self.report(row, f"carrier '{carrier}' is not a Nanocarrier", "formulation")

    def check_parts(
        self, row: Row, form_id: str, payloads: tuple[str, ...], properties: set[str]
    ) -> None:
        """A formulation has a payload; its payloads and properties are known, other than
        itself; its properties are CarrierProperty members."""
        if not payloads:
            self.report(row, "a formulation needs at least one payload", "required")
        for part in dict.fromkeys(payloads + row.list("properties")):
            if not self.known(part):
                self.report_unknown_node(row, f"unknown entity '{part}'", part)
            elif part == form_id:
                self.report(
                    row,
                    f"formulation '{form_id}' cannot be one of its own parts",
                    "formulation",
                    hint="a formulation decomposes into other things: its carrier, its "
                    "payloads (the drugs it carries) and the carrier's properties",
                )
        for prop in dict.fromkeys(row.list("properties")):
            if self.known(prop) and prop != form_id and prop not in properties:
                self.report(row, f"property '{prop}' is not a CarrierProperty", "formulation")

    def warn_undecomposed(self, formulations: set[str]) -> None:
        """A WARN for each Formulation entity without a row in formulations.tsv."""
        for entity in self.kb.entities.values():
            if entity.id in formulations and entity.id not in self.kb.formulations:
                assert entity.source is not None
                self.problems.append(
                    Problem(
                        shown_file(self.kb, entity.source),
                        entity.source.line,
                        f"formulation '{entity.id}' has no row in formulations.tsv "
                        "(it cannot act through its carrier and payloads)",
                        "formulation",
                        Level.WARN,
                    )
                )

    def load_strategies(self) -> None:
        """``strategies.tsv``: the targeting strategies of each formulation (or nanocarrier
        entity, e.g. TAM-repolarising CaCO3 nanoparticles), quoted. Once the table exists, a
        formulation that follows none is a WARN."""
        rows = self.rows("strategies.tsv")
        carriers = self.kb.members("Nanocarrier")
        for row in rows:
            form_id, strategy = row.get("formulation"), row.get("strategy")
            if form_id not in self.kb.formulations and form_id not in carriers:
                known = self.known(form_id)
                self.report(
                    row,
                    f"'{form_id}' is neither a formulation nor a nanocarrier"
                    if known
                    else f"unknown formulation '{form_id}'",
                    "formulation" if known else "unknown-entity",
                    hint=lambda form_id=form_id: self.node_hint(form_id, "formulations.tsv"),
                )
                continue
            if strategy not in self.kb.classes or not self.kb.is_a(strategy, STRATEGY_ROOT):
                strategies = [c for c in self.kb.classes if self.kb.is_a(c, STRATEGY_ROOT)]
                self.report(
                    row,
                    f"unknown targeting strategy '{strategy}' (known: {listed(strategies)})",
                    "vocabulary",
                    hint=f"a strategy is a subclass of {STRATEGY_ROOT} in classes.tsv",
                )
                continue
            if strategy in self.kb.strategies_of(form_id):
                self.report(row, f"'{form_id}' follows '{strategy}' twice", "duplicate-id")
                continue
            self.kb.strategies.append(
                StrategyAssignment(
                    form_id,
                    strategy,
                    self.evidence(row, EvidenceLevel.REVIEW_STATEMENT),
                    self.ref(row),
                )
            )
        if not rows:
            return
        for form in self.kb.formulations.values():
            if not self.kb.strategies_of(form.id) and form.source is not None:
                self.problems.append(
                    Problem(
                        shown_file(self.kb, form.source),
                        form.source.line,
                        f"formulation '{form.id}' follows no targeting strategy "
                        "(add a row to strategies.tsv)",
                        "formulation",
                        Level.WARN,
                    )
                )

    def load_readouts(self) -> None:
        for row in self.rows("readouts.tsv"):
            readout_id = row.get("readout")
            if not self.known(readout_id):
                self.report_unknown_node(
                    row,
                    f"unknown readout '{readout_id}'" if readout_id else "missing readout",
                    readout_id,
                )
                continue
            kind = self.readout_kind(row)
            if kind is None:
                continue
            desirable = row.get("desirable")
            if desirable not in ("+", "-"):
                self.report(row, f"desirable must be + or -, not '{desirable}'", "vocabulary")
                continue
            order = self.readout_order(row)
            stage = self.readout_stage(row, readout_id, kind)
            if readout_id in self.kb.readouts:
                self.report(row, f"duplicate readout '{readout_id}'", "duplicate-id")
                continue
            self.check_readout_source(row)
            self.kb.readouts[readout_id] = Readout(
                readout_id,
                kind,
                order,
                Sign(desirable),
                stage,
                row.get("source") or None,
                self.ref(row),
            )
        self.check_stages()

    def readout_kind(self, row: Row) -> ReadoutKind | None:
        """A readout's kind: stage, step or outcome (None when it is none of them)."""
        try:
            kind = ReadoutKind(row.get("kind"))
            if kind is ReadoutKind.NODE:
                raise ValueError(kind)
        except ValueError:
            self.report(
                row, f"unknown kind '{row.get('kind')}' (stage, step or outcome)", "vocabulary"
            )
            return None
        return kind

    def readout_order(self, row: Row) -> int:
        """A readout's place in its list (0 when it is not a whole number: still a readout,
        so that its steps do not fail as well)."""
        order = row.get("order")
        if not NUMBER_PATTERN.fullmatch(order):
            self.report(
                row,
                f"order must be a whole number written with the digits 0-9, not '{order}'",
                "vocabulary",
                hint="the order is the readout's place in its list: 1, 2, 3...",
            )
            return 0
        return int(order)

    def readout_stage(self, row: Row, readout_id: str, kind: ReadoutKind) -> str | None:
        """The stage a step belongs to (None for another kind, or a stage that is itself)."""
        stage = row.get("stage") or None
        if kind is ReadoutKind.STEP and stage is None:
            self.report(row, "a step needs the stage it belongs to", "required")
        elif stage is not None and stage == readout_id:
            self.report(row, f"readout '{readout_id}' is its own stage", "stage")
            stage = None
        elif stage is not None and kind is not ReadoutKind.STEP:
            self.report(
                row,
                f"only a step belongs to a stage: '{readout_id}' is a {kind.value} "
                f"(stage '{stage}')",
                "stage",
            )
            stage = None
        return stage

    def check_readout_source(self, row: Row) -> None:
        """The document a readout names as its source is in documents.tsv."""
        document = row.get("source")
        if document and document not in self.kb.documents:
            self.report(
                row,
                f"unknown source document '{document}' (not in documents.tsv)",
                "unknown-document",
                hint=lambda: (
                    f"{did_you_mean(document, self.kb.documents)}"
                    "the source column names the document that defines the readout"
                ),
            )

    def check_stages(self) -> None:
        """The stage of a step is a readout of kind stage."""
        for readout in self.kb.readouts.values():
            if readout.stage and (
                readout.stage not in self.kb.readouts
                or self.kb.readouts[readout.stage].kind is not ReadoutKind.STAGE
            ):
                assert readout.source is not None
                self.problems.append(
                    Problem(
                        shown_file(self.kb, readout.source),
                        readout.source.line,
                        f"stage '{readout.stage}' is not a readout of kind stage",
                        "stage",
                    )
                )

    def context_hint(self, key: str, value: str, values: list[str]) -> str:
        labels = {
            name: v
            for (k, v), record in self.kb.contexts.items()
            if k == key
            for name in (record.label, *record.synonyms)
        }
        close = did_you_mean(value, [*values, *labels])
        return (
            f"{close}use a value listed for '{key}' in contexts.tsv, or add the value there "
            "(with a label) if the sources need it"
        )

    def context(self, row: Row) -> dict[str, frozenset[str]]:
        parsed: dict[str, set[str]] = {}
        for item in dict.fromkeys(row.list("context")):
            key, sep, value = (part.strip() for part in item.partition("="))
            if not sep or not key or not value:
                self.report(
                    row,
                    f"context '{item}' must be key=value",
                    "vocabulary",
                    hint="write key=value items separated by '|', e.g. species=mouse|dose=high",
                )
            elif self.kb.context_key(key) is None:
                self.report(
                    row,
                    f"unknown context key '{key}' (known: "
                    f"{', '.join(self.kb.known_context_keys())})",
                    "vocabulary",
                    hint=lambda key=key: self.unknown_key_hint(key),
                )
            elif (key, value) not in self.kb.contexts:
                values = [v for k, v in self.kb.contexts if k == key]
                self.report(
                    row,
                    f"unknown value '{value}' for context key '{key}' (known: {listed(values)})",
                    "vocabulary",
                    hint=lambda key=key, value=value, values=values: self.context_hint(
                        key, value, values
                    ),
                )
            else:
                parsed.setdefault(key, set()).add(value)
        return {key: frozenset(values) for key, values in parsed.items()}

    def load_claims(self) -> None:
        seen: set[str] = set()
        for row in self.rows("claims.tsv"):
            claim_id = self.check_id(row, "id", lambda v: v in seen)
            if claim_id is None:
                continue
            seen.add(claim_id)
            nodes_ok = self.check_claim_nodes(row)
            relation = self.vocabulary(
                row,
                "relation",
                Relation,
                "relation is increases, decreases, or no_effect for a reported null result",
                missing="missing sign",
            )
            level = self.vocabulary(
                row,
                "evidence_level",
                EvidenceLevel,
                "ontology/README.md explains each level; speculation is 'hypothesis'",
            )
            if not row.get("quote"):
                self.report(
                    row,
                    "missing quote",
                    "required",
                    hint="copy the sentence (at most 25 words) that states the claim, verbatim",
                )
            if row.get("subject") and row.get("subject") == row.get("object"):
                self.report(row, "subject and object are the same", "self-loop", Level.WARN)
            comparator, background = self.arms(row)
            scope = self.claim_scope(row)
            context = self.context(row)
            within = self.within(context)
            evidence = self.evidence(row, EvidenceLevel.HYPOTHESIS if level is None else level)
            if (
                nodes_ok
                and relation is not None
                and level is not None
                and comparator is not None
                and scope is not None
            ):
                self.kb.claims.append(
                    Claim(
                        claim_id,
                        row.get("subject"),
                        relation,
                        row.get("object"),
                        evidence,
                        context,
                        row.get("note"),
                        self.ref(row),
                        comparator,
                        background,
                        scope,
                        row.list("via"),
                        within,
                    )
                )

    def check_claim_nodes(self, row: Row) -> bool:
        """A claim's subject and object are given and known (False when one is not)."""
        ok = True
        for column in ("subject", "object"):
            value = row.get(column)
            if not value:
                self.report(row, f"missing {column}", "required")
                ok = False
            elif not self.known(value):
                self.report_unknown_node(
                    row, f"unknown {column} '{value}' (not in entities.tsv or classes.tsv)", value
                )
                ok = False
        return ok

    def vocabulary(
        self, row: Row, column: str, words: type[W], advice: str, missing: str = ""
    ) -> W | None:
        """The cell of ``column`` as one of ``words`` (None when it is not one: reported, the
        hint naming the closest word, then ``advice``; ``missing``: the message for an empty
        cell)."""
        text = row.get(column)
        try:
            return words(text)
        except ValueError:
            values = [w.value for w in words]
            what = missing if missing and not text else f"unknown {column} '{text}'"
            self.report(
                row,
                f"{what} (expected one of: {', '.join(values)})",
                "vocabulary",
                hint=lambda: f"{did_you_mean(text, values)}{advice}",
            )
            return None

    def claim_scope(self, row: Row) -> str | None:
        """A claim's scope, ``every`` by default (None when it is not one of SCOPES)."""
        scope = row.get("scope") or SCOPES[0]
        if scope not in SCOPES:
            self.report(
                row,
                f"unknown scope '{scope}' (expected one of: {', '.join(SCOPES)})",
                "vocabulary",
                hint="every: holds for every member of the subject (inherited); some: a "
                "'can be designed to' statement (never inherited)",
            )
            return None
        return scope

    def within(self, context: Mapping[str, frozenset[str]]) -> dict[str, frozenset[str]]:
        """A claim's context with the narrower values of each value (empty when no value
        has narrower ones: the context itself is then used)."""
        wider = {
            key: frozenset(v for value in values for v in self.kb.narrower_values(key, value))
            for key, values in context.items()
        }
        return wider if wider != dict(context) else {}

    def arms(self, row: Row) -> tuple[str | None, tuple[str, ...]]:
        """A claim's ``comparator`` and ``background`` (README, "Comparisons"); comparator
        None when one of them is wrong (reported)."""
        comparator, background = row.get("comparator"), row.list("background")
        subject = row.get("subject")
        wrong = False
        for column, value in [("comparator", comparator)] + [("background", b) for b in background]:
            if not value or (column == "comparator" and value == FREE_PAYLOAD):
                continue
            if not self.known(value):
                nor = f", nor {FREE_PAYLOAD}" if column == "comparator" else ""
                self.report_unknown_node(
                    row,
                    f"unknown {column} '{value}' (not in entities.tsv or classes.tsv{nor})",
                    value,
                )
                wrong = True
            elif value == subject:
                self.report(
                    row,
                    f"the {column} '{value}' is the subject: an arm cannot be compared with itself",
                    "comparison",
                )
                wrong = True
        if comparator and comparator in background:
            self.report(
                row, f"'{comparator}' is both the comparator and in the background", "comparison"
            )
            wrong = True
        return (None if wrong else comparator), background

    def check_via(self) -> None:
        """Every claim a ``via`` cell names exists and is not the claim itself."""
        ids = {c.id for c in self.kb.claims}
        for claim in self.kb.claims:
            for ref in claim.via:
                if ref == claim.id or ref not in ids:
                    what = "is the claim itself" if ref == claim.id else "is not a claim id"
                    at = self.row_at(claim.source)
                    self.problems.append(
                        Problem(
                            at.file,
                            at.line,
                            f"via '{ref}' {what}",
                            "unknown-claim",
                            Level.ERROR,
                            "via lists the ids of the claims that give this claim's mechanism",
                        )
                    )

    def load_not_curated(self) -> None:
        for row in self.rows("not_curated.tsv"):
            document = row.get("document")
            if document not in self.kb.documents:
                self.report(
                    row,
                    f"unknown document '{document}'" if document else "missing document",
                    "unknown-document",
                    hint=lambda document=document: (
                        f"{did_you_mean(document, self.kb.documents)}use an id from documents.tsv"
                    ),
                )
                continue
            if self.kb.sections.get(document):
                self.check_section(row, document)
            if not row.get("quote") or not row.get("reason"):
                self.report(row, "a reviewed sentence needs a quote and a reason", "required")
                continue
            self.kb.not_curated.append(
                NotCurated(
                    document, row.get("section"), row.get("quote"), row.get("reason"), self.ref(row)
                )
            )

    def check_names(self) -> None:
        for name, ids in sorted(NameIndex(self.kb).collisions().items()):
            first = self.kb.concept(ids[1])
            where = first.source if first and first.source else SourceRef("entities.tsv", 0)
            self.problems.append(
                Problem(
                    shown_file(self.kb, where),
                    where.line,
                    f"name '{name}' is used by {listed(ids, ' and ')}: names must be unique",
                    "duplicate-name",
                )
            )

    def load(self) -> LoadResult:
        if not self.root.is_dir():
            self.problems.append(
                Problem(
                    display_path(self.root), 0, "knowledge-base folder not found", "missing-file"
                )
            )
            return LoadResult(self.kb, self.problems)
        self.check_folder()
        self.load_documents()
        self.load_sections()
        self.load_classes()
        self.load_context_keys()
        self.load_contexts()
        self.load_entities()
        self.load_formulations()
        self.load_strategies()
        self.load_readouts()
        self.load_claims()
        self.check_via()
        self.load_not_curated()
        self.check_names()
        return LoadResult(self.kb, self.problems)


def check_kb(
    path: Path | str | None = None, *, overrides: Mapping[str, str] | None = None
) -> LoadResult:
    """Load a knowledge-base folder and return it with every problem found (never raises).

    ``overrides`` maps table names (``"claims.tsv"``) to texts read instead of the files:
    an edit is checked this way before it is written, with messages naming the real files.
    """
    root = Path(path) if path is not None else default_kb_dir()
    return _Loader(root, overrides).load()


def load_kb(path: Path | str | None = None) -> KnowledgeBase:
    """Load a knowledge-base folder (the shipped one by default).

    Raises :class:`ValidationError` listing every problem if the sources have errors.
    """
    result = check_kb(path)
    if not result.ok:
        raise ValidationError(result.problems)
    return result.kb


def read_documents(kb: KnowledgeBase, sources: Path | str) -> dict[str, DocumentText]:
    """The texts of the knowledge base's documents found in ``sources``, with sections."""
    folder = Path(sources)
    texts = {}
    for doc in kb.documents.values():
        if not doc.file or "\x00" in doc.file:
            continue
        path = folder / doc.file
        try:
            raw = path.read_bytes() if path.is_file() else None
        except OSError:  # unreadable: the document is reported as having no text
            raw = None
        if raw is not None:
            headings = [(s.name, s.anchor, s.end) for s in kb.sections.get(doc.id, [])]
            text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
            texts[doc.id] = DocumentText.from_raw(text, headings)
    return texts


def closest_passage_hint(text: DocumentText, quote: str, document: Document) -> str:
    """Point at the passage of the document closest to a quote that is not in it verbatim."""
    needle = normalise_text(quote)[:MAX_QUOTE_CHARS]
    advice = "copy the quote verbatim from the text (typographic quotes, line breaks and hyphens "
    advice += "do not matter)"
    if not needle or not text.text:
        return advice
    matcher = difflib.SequenceMatcher(None, text.text, needle, autojunk=False)
    match = matcher.find_longest_match(0, len(text.text), 0, len(needle))
    if match.size < min(12, len(needle)):
        return f"{advice}; nothing close was found in {document.file or document.id}"
    start = max(0, match.a - match.b)
    if text.text[start] == " ":
        start += 1
    else:  # back to the start of the word
        while start > 0 and text.text[start - 1] != " " and match.a - start < len(needle) + 30:
            start -= 1
    end = min(len(text.text), start + len(needle))
    while end < len(text.text) and end < start + len(needle) + 30 and text.text[end] != " ":
        end += 1  # to the end of the word
    passage = text.excerpt(Span(start, end))
    return (
        f"{advice}; closest passage ({document.file or document.id}, line "
        f'{text.line_of(start)}): "{passage}"'
    )


def check_quotes(
    kb: KnowledgeBase,
    sources: Path | str,
    extra: Iterable[tuple[str, Evidence, SourceRef]] = (),
) -> list[Problem]:
    """Check that every claim's and formulation's quote occurs in its document's text, and
    (where the document's sections are listed in sections.tsv) in the section it names;
    ``extra`` adds other quoted records (id, evidence, source), e.g. the model tests'.

    ``sources`` is a folder holding the documents' files (``documents.tsv`` names them).
    Documents without a file there (e.g. external articles) are reported once as INFO.
    Quotes longer than :data:`MAX_QUOTE_CHARS` (an error of the loader) are not looked for;
    the closest passage is searched for the quotes that are listed only (see
    :class:`ProblemLog`).
    """
    problems = ProblemLog()
    texts = read_documents(kb, sources)
    _document_problems(kb, texts, sources, problems)
    records = [(c.id, c.evidence, c.source) for c in kb.claims] + [
        (f.id, f.evidence, f.source) for f in kb.formulations.values() if f.evidence
    ]
    records += [(a.formulation, a.evidence, a.source) for a in kb.strategies if a.evidence]
    records += list(extra)
    records += [
        ("not_curated", Evidence(n.document, n.section, quote=n.quote), n.source)
        for n in kb.not_curated
    ]
    for record_id, evidence, source in records:
        text = texts.get(evidence.document)
        if text is None or not evidence.quote or source is None:
            continue
        if len(evidence.quote) <= MAX_QUOTE_CHARS:
            _quote_problems(kb, text, record_id, evidence, source, problems)
    return problems


def _document_problems(
    kb: KnowledgeBase, texts: Mapping[str, DocumentText], sources: Path | str, problems: ProblemLog
) -> None:
    """Report the documents without a text in ``sources`` (INFO), and the sections whose
    heading is not found in their document's text."""
    for doc in kb.documents.values():
        if doc.id not in texts and doc.source:
            problems.append(
                Problem(
                    shown_file(kb, doc.source),
                    doc.source.line,
                    f"document '{doc.id}' has no text in {display_path(Path(sources))}: its quotes "
                    "are not checked",
                    "quote-source",
                    Level.INFO,
                )
            )
        elif doc.id in texts and doc.id in kb.sections:
            by_name = {s.name: s for s in reversed(kb.sections[doc.id])}
            for name in texts[doc.id].unplaced:
                where = by_name[name].source or SourceRef("sections.tsv", 0)
                problems.append(
                    Problem(
                        shown_file(kb, where),
                        where.line,
                        f"heading of section '{name}' not found in the text",
                        "section-anchor",
                    )
                )


def _quote_problems(
    kb: KnowledgeBase,
    text: DocumentText,
    record_id: str,
    evidence: Evidence,
    source: SourceRef,
    problems: ProblemLog,
) -> None:
    """Report a record's quote that is not in its document's text (with the closest
    passage, if the problem is listed), or not in the section the record names."""
    found = text.find_all(evidence.quote)
    short = evidence.quote[:60] + ("..." if len(evidence.quote) > 60 else "")
    if not found and not problems.wants(shown_file(kb, source), "quote"):
        problems.skip(shown_file(kb, source), source.line, "quote")
    elif not found:
        problems.append(
            Problem(
                shown_file(kb, source),
                source.line,
                f'{record_id}: quote not found verbatim in {evidence.document}: "{short}"',
                "quote",
                hint=closest_passage_hint(text, evidence.quote, kb.documents[evidence.document]),
            )
        )
    if not found:
        return
    sections = {text.section_at(offset) for offset in found}
    if text.sections and evidence.section and evidence.section not in sections:
        problems.append(
            Problem(
                shown_file(kb, source),
                source.line,
                f"{record_id}: quote is in section '{sorted(sections)[0]}', not in "
                f"'{evidence.section}'",
                "quote-section",
                hint=f"set section to '{sorted(sections)[0]}' (copied from sections.tsv), "
                "or quote the section you meant",
            )
        )
