"""BEL scripts (``.bel``), parsed by PyBEL (an optional extra: ``pip install
mechgraph[bel]``).

Only causal relations become edges: ``increases`` / ``directlyIncreases`` (``+``) and
``decreases`` / ``directlyDecreases`` (``-``); every other relation (``association``,
``partOf``, ``hasVariant``, ``positiveCorrelation``...) is skipped and counted. A node is
named by its name in its namespace (``p(HGNC:CD274)`` -> ``CD274``, kept as ``HGNC:CD274``
for grounding, and ``HGNC:17635`` too when the BEL gives the identifier); a modified
protein (``p(HGNC:CD274, pmod(Ph))``) counts as the protein; other terms (complexes,
compositions, reactions) are named by their BEL text. Namespaces are not checked against
their definitions (no download).

**Tolerant by default.** BEL as people have it is read the way PyBEL reads it leniently
(:data:`TOLERANT`): ``SET Citation`` does not clear the annotations and evidence set before
it (the Selventa corpora set them first), namespaces and annotations are not checked, naked
names, redefinitions and definitions PyBEL cannot read are allowed. Then:

* a line PyBEL cannot read at all (:class:`pybel.exceptions.BELSyntaxError`, and any
  exception that stops PyBEL: a malformed ``SET DOCUMENT`` line, say) is an **error** of
  that line: the import fails, listing them all;
* every other PyBEL warning (a statement without a citation, ``UNSET`` of an annotation that
  is not set, missing document metadata...) is a **warning** of its line
  (``network.warnings``): printed, the line is skipped (as PyBEL skips it), the import
  succeeds. An annotation that is set but never defined is kept.

``strict=True`` (``mechgraph import --strict``) reads with PyBEL's default, strict settings
(``SET Citation`` clears annotations and evidence) and makes every warning an error.
Lines that are not UTF-8 text are errors of their line, as for every format.

PyBEL reads about 500 statements a second. A line repeated under the same citation,
evidence and annotations is read once (:class:`_Memo`; the result is PyBEL's own, which a
property test checks), and the statements report progress.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

from mechgraph.io.base import (
    ImportedNetwork,
    NetworkBuilder,
    Progress,
    file_size,
    lines_of,
    node_name,
)
from mechgraph.model.errors import MechgraphError
from mechgraph.model.vocab import Sign

CAUSAL = {
    "increases": Sign.PLUS,
    "directlyIncreases": Sign.PLUS,
    "decreases": Sign.MINUS,
    "directlyDecreases": Sign.MINUS,
}
INSTALL_HINT = "BEL import needs PyBEL: pip install 'mechgraph[bel]' (or pip install pybel)"

#: PyBEL 0.15 settings (``pybel.io.line_utils.parse_lines``) for BEL as users have it.
TOLERANT: dict[str, bool] = {
    "citation_clearing": False,  # annotations and evidence may come before SET Citation
    "no_identifier_validation": True,  # no namespace download, no name checks
    "allow_naked_names": True,  # names without a namespace
    "allow_redefinition": True,  # a namespace or annotation defined twice
    "allow_definition_failures": True,  # a DEFINE line PyBEL cannot read
}
#: PyBEL's defaults, except that namespaces are still not downloaded (``--strict``).
STRICT: dict[str, bool] = {
    "citation_clearing": True,
    "no_identifier_validation": True,
    "allow_naked_names": True,
}
#: Read each line once per parser state (:class:`_Memo`); off only to compare with PyBEL.
MEMO = True
#: PyBEL warnings that say nothing about the statements (never reported).
_IGNORED = {"VersionFormatWarning"}


class MissingDependency(MechgraphError, ImportError):
    """An optional dependency of an importer is not installed (the message says what to do)."""


def _node(entity) -> tuple[str, list[str]]:
    """The node name and the original identifiers of a PyBEL entity."""
    parent = getattr(entity, "get_parent", None)
    if callable(parent) and parent() is not None:
        entity = parent()
    namespace = getattr(entity, "namespace", None)
    name = getattr(entity, "name", None)
    if namespace and name:
        xrefs = [node_name(f"{namespace}:{name}")]
        identifier = getattr(entity, "identifier", None)
        if identifier:
            xrefs.insert(0, node_name(f"{namespace}:{identifier}"))
        return node_name(str(name)), xrefs
    return node_name(str(entity)), []


def _is_error(exc: BaseException) -> bool:
    """Whether a PyBEL finding makes its line unreadable (an error), not a warning."""
    return isinstance(exc, SyntaxError) or type(exc).__name__.endswith("Error")


def read_bel(
    path: Path | str,
    name: str,
    *,
    progress: Progress | None = None,
    strict: bool = False,
    **_: object,
) -> ImportedNetwork:
    """Read a BEL script with PyBEL (see the module docstring); MissingDependency if PyBEL
    is not installed, ValidationError listing every error."""
    graph_type = _pybel_graph()
    path = Path(path)
    builder = NetworkBuilder(name, "bel", str(path), strict=strict)
    total = file_size(path)
    if progress is not None:
        progress(0, total)
    texts: list[str] = []
    for number, text in lines_of(path, builder):  # keep the numbering: bad lines become ""
        texts.extend([""] * (number - 1 - len(texts)))
        texts.append(text)
    if builder.problems or not builder.content:
        return builder.build()
    graph = graph_type(path=str(path))
    # tolerant: an annotation SET without a DEFINE is kept as a name (PyBEL would stop with
    # "NotImplementedError: where is key ...?" at the first statement that carries it)
    graph.raise_on_missing_annotations = strict
    try:
        with _quiet_pybel():
            _parse_lines(graph, texts, strict=strict, progress=progress, total=total)
    # Whatever stops PyBEL (its own exceptions, pyparsing's or any other, as for a malformed
    # SET DOCUMENT line) is a problem of the document, reported with its line: not a crash.
    except Exception as exc:  # noqa: BLE001
        builder.problem(_line(exc), _message(exc))
        return builder.build()
    _findings(builder, graph, strict)
    _causal_edges(builder, graph)
    if progress is not None:
        progress(total, total)
    return builder.build()


def _pybel_graph() -> Any:
    """PyBEL's ``BELGraph`` (imported without its deprecation warnings);
    MissingDependency when PyBEL is not installed."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pybel  # noqa: F401
            from pybel.struct import BELGraph
    except ImportError:
        raise MissingDependency(INSTALL_HINT) from None
    return BELGraph


@contextmanager
def _quiet_pybel() -> Iterator[None]:
    """PyBEL silenced while it reads: its loggers, its output (it prints each bad line on
    stdout with tqdm.write: the problems say it instead) and its deprecation warnings (not
    the user's)."""
    import io
    import logging
    import warnings

    quiet = [logging.getLogger(n) for n in ("pybel", "bel_resources", "pybel.parser")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.CRITICAL)
    try:
        with (
            redirect_stdout(io.StringIO()),
            redirect_stderr(io.StringIO()),
            warnings.catch_warnings(),
        ):
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)


def _findings(builder: NetworkBuilder, graph: Any, strict: bool) -> None:
    """PyBEL's findings, line by line: a line it cannot read is an error, anything else a
    warning (the line skipped, as PyBEL skips it)."""
    for _path, issue, _context in getattr(graph, "warnings", []):
        if type(issue).__name__ in _IGNORED:
            continue
        line = _line(issue)
        if _is_error(issue):
            builder.problem(line, _message(issue))
        else:
            skipped = " (line skipped)" if line and not strict else ""
            builder.warning(line, _message(issue) + skipped)


def _causal_edges(builder: NetworkBuilder, graph: Any) -> None:
    """The causal relations of the graph as signed edges (in line order; the others
    skipped and counted by relation)."""
    for source, target, data in graph.edges(data=True):
        relation = data.get("relation", "")
        sign = CAUSAL.get(relation)
        if sign is None:
            builder.skip(f"not causal ({relation})")
            continue
        source_name, source_xrefs = _node(source)
        target_name, target_xrefs = _node(target)
        builder.node(source_name, *source_xrefs)
        builder.node(target_name, *target_xrefs)
        builder.edge(source_name, target_name, sign, _line(data), relation)
    builder.edges.sort_by_line()


def _parse_lines(
    graph, texts: list[str], *, strict: bool, progress: Progress | None, total: int
) -> None:
    """PyBEL's ``parse_lines``, its three sections in turn, with a line memo (see
    :class:`_Memo`) and a progress bar over the statements."""
    from bel_resources import split_file_to_annotations_and_definitions
    from pybel.io.line_utils import parse_definitions, parse_document, parse_statements
    from pybel.manager.cache_manager import Manager
    from pybel.parser import BELParser, MetadataParser

    options = STRICT if strict else TOLERANT
    docs, definitions, statements = split_file_to_annotations_and_definitions(texts)
    metadata = MetadataParser(
        Manager(connection="sqlite://"),  # in memory: nothing in ~/.data
        allow_redefinition=options.get("allow_redefinition", False),
        skip_validation=options["no_identifier_validation"],
    )
    if MEMO and not strict:  # repeating a definition is harmless where redefining is allowed
        metadata.parseString = _Memo(metadata.parseString, None)
    parse_document(graph, docs, metadata)
    parse_definitions(
        graph,
        definitions,
        metadata,
        allow_failures=options.get("allow_definition_failures", False),
        use_tqdm=False,
    )
    parser = BELParser(
        graph=graph,
        namespace_to_term_to_encoding=metadata.namespace_to_term_to_encoding,
        namespace_to_pattern=metadata.namespace_to_pattern,
        annotation_to_term=metadata.annotation_to_term,
        annotation_to_pattern=metadata.annotation_to_pattern,
        annotation_to_local=metadata.annotation_to_local,
        citation_clearing=options["citation_clearing"],
        skip_validation=options["no_identifier_validation"],
        allow_naked_names=options["allow_naked_names"],
    )
    if MEMO:
        parser.parseString = _Memo(parser.parseString, parser.control_parser)
    lines = _reporting(statements, progress, total, len(texts))
    parse_statements(graph, lines, parser, use_tqdm=False)


class _Memo:
    """A parser's ``parseString`` that reads a line once per parser state.

    PyBEL reads about 500 statements a second; BEL files repeat lines (a statement under
    several citations, pasted blocks). The outcome of a statement line depends only on its
    text and the control state (citation, evidence, annotations, statement group): a repeat
    under the same state adds nothing to the graph (PyBEL keys an edge by its terms, relation,
    citation, evidence and annotations, not its line) and raises the same warning, now at its
    own line. ``SET``/``UNSET`` lines are replayed by restoring the state they left. With no
    control parser (the document and definition sections) only a line repeating the line just
    before it is skipped: redefining a name to what it already is changes nothing.
    """

    _FIELDS = ("statement_group", "citation_db", "citation_db_id", "evidence", "annotations")

    def __init__(self, parse, control) -> None:
        self.parse, self.control = parse, control
        self.seen: dict[tuple, tuple[Exception | None, tuple | None]] = {}
        self.previous: tuple[str, Exception | None] | None = None

    def _state(self) -> tuple:
        return tuple(repr(getattr(self.control, name)) for name in self._FIELDS)

    def __call__(self, line: str, line_number: int = 0) -> None:
        import copy

        if self.control is None:
            if self.previous is None or self.previous[0] != line:
                self.previous = (line, self._run(line, line_number))
            return self._raise(self.previous[1], line, line_number)
        key = (line, self._state())
        if key not in self.seen:
            outcome = self._run(line, line_number)
            after = None
            if self._state() != key[1]:
                after = tuple(copy.deepcopy(getattr(self.control, n)) for n in self._FIELDS)
            self.seen[key] = (outcome, after)
        outcome, after = self.seen[key]
        if after is not None:
            for name, value in zip(self._FIELDS, after, strict=True):
                setattr(self.control, name, copy.deepcopy(value))
        return self._raise(outcome, line, line_number)

    def _run(self, line: str, line_number: int) -> Exception | None:
        try:
            self.parse(line, line_number=line_number)
        # Every outcome is kept, whatever it is: PyBEL's own loop decides what it means.
        except Exception as exc:  # noqa: BLE001
            return exc
        return None

    def _raise(self, outcome: Exception | None, line: str, line_number: int) -> None:
        """Raise the remembered outcome again, at ``line_number``."""
        import copy

        if outcome is None:
            return
        if getattr(outcome, "line_number", None) == line_number:
            raise outcome
        again: Exception | None
        try:
            copied: Any = copy.copy(outcome)  # a PyBEL exception (untyped): it has line_number
            copied.line_number = line_number
            again = copied
        except Exception:  # noqa: BLE001 - it cannot be copied: read the line again
            again = self._run(line, line_number)
            if again is None:
                return
        raise again


def _reporting(lines, progress: Progress | None, total: int, count: int):
    """The statement lines, reporting progress now and then (by line number of ``count``)."""
    for index, item in enumerate(lines):
        if progress is not None and index % 2_000 == 1_999:
            progress(min(total, total * item[0] // max(1, count)), total)
        yield item


def _line(found: object) -> int:
    """The line number of a PyBEL exception or edge (0 when it has none)."""
    value = found.get("line") if isinstance(found, dict) else getattr(found, "line_number", 0)
    return value if isinstance(value, int) and value > 0 else 0


def _message(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    undefined = re.fullmatch(r"where is key (.+)\?", text)
    if isinstance(exc, NotImplementedError) and undefined:
        key = undefined.group(1)
        return f"BEL: annotation '{key}' is set but not defined (DEFINE ANNOTATION {key} ...)"
    if len(text) > 300:
        text = text[:300] + "..."
    return f"BEL: {type(exc).__name__}: {text}"
