"""BEL scripts (``.bel``), parsed by PyBEL (an optional extra: ``pip install
mechgraph[bel]``).

Only causal relations become edges: ``increases`` / ``directlyIncreases`` (``+``) and
``decreases`` / ``directlyDecreases`` (``-``); every other relation (``association``,
``partOf``, ``hasVariant``, ``positiveCorrelation``...) is skipped and counted. A node is
named by its name in its namespace (``p(HGNC:CD274)`` -> ``CD274``, kept as ``HGNC:CD274``
for grounding, and ``HGNC:17635`` too when the BEL gives the identifier); a modified
protein (``p(HGNC:CD274, pmod(Ph))``) counts as the protein; other terms (complexes,
compositions, reactions) are named by their BEL text. Namespaces are not checked against
their definitions (no download). Every line PyBEL cannot read is reported with its number,
and then nothing is imported.
"""

from __future__ import annotations

from pathlib import Path

from mechgraph.model.vocab import Sign
from mechgraph.sources.importers.base import ImportedNetwork, NetworkBuilder, Progress, file_size

CAUSAL = {
    "increases": Sign.PLUS,
    "directlyIncreases": Sign.PLUS,
    "decreases": Sign.MINUS,
    "directlyDecreases": Sign.MINUS,
}
INSTALL_HINT = "BEL import needs PyBEL: pip install 'mechgraph[bel]' (or pip install pybel)"


class MissingDependency(ImportError):
    """An optional dependency of an importer is not installed (the message says what to do)."""


def _node(entity) -> tuple[str, list[str]]:
    """The node name and the original identifiers of a PyBEL entity."""
    parent = getattr(entity, "get_parent", None)
    if callable(parent) and parent() is not None:
        entity = parent()
    namespace = getattr(entity, "namespace", None)
    name = getattr(entity, "name", None)
    if namespace and name:
        xrefs = [f"{namespace}:{name}"]
        identifier = getattr(entity, "identifier", None)
        if identifier:
            xrefs.insert(0, f"{namespace}:{identifier}")
        return str(name), xrefs
    return str(entity), []


def read_bel(
    path: Path | str, name: str, *, progress: Progress | None = None, **_: object
) -> ImportedNetwork:
    """Read a BEL script with PyBEL; MissingDependency if PyBEL is not installed."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pybel
    except ImportError:
        raise MissingDependency(INSTALL_HINT) from None
    import contextlib
    import io
    import logging

    path = Path(path)
    builder = NetworkBuilder(name, "bel", str(path))
    total = file_size(path)
    if progress is not None:
        progress(0, total)
    quiet = [logging.getLogger(n) for n in ("pybel", "bel_resources", "pybel.parser")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.CRITICAL)
    try:  # PyBEL prints each bad line on stdout (tqdm.write): the problems say it instead
        with (
            contextlib.redirect_stdout(io.StringIO()),
            contextlib.redirect_stderr(io.StringIO()),
            warnings.catch_warnings(),
        ):
            warnings.simplefilter("ignore")  # PyBEL's deprecation warnings are not the user's
            graph = pybel.from_bel_script(
                str(path), no_identifier_validation=True, allow_naked_names=True
            )
    except Exception as exc:  # PyBEL raises its own exceptions for bad documents
        builder.problem(getattr(exc, "line_number", 0) or 0, _message(exc))
        return builder.build()
    finally:
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)
    for _path, exc, _context in getattr(graph, "warnings", []):
        if type(exc).__name__ == "VersionFormatWarning":
            continue
        builder.problem(getattr(exc, "line_number", 0) or 0, _message(exc))
    builder.lines = max((d.get("line", 0) for _, _, d in graph.edges(data=True)), default=0)
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
        builder.edge(source_name, target_name, sign, int(data.get("line", 0)), relation)
    builder.edges.sort_by_line()
    if progress is not None:
        progress(total, total)
    return builder.build()


def _message(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"BEL: {type(exc).__name__}: {text}"
