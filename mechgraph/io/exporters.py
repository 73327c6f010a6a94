"""Every export format in one table: its name, the file ``mechgraph export --all`` writes and
the function that builds it. Each format lives in its own module; heavy libraries are
imported only when a format is built.

>>> sorted(FORMATS) == sorted(["owl", "ttl", "jsonld", "nt", "graphml", "cx2", "sif", "json"])
True
>>> FORMATS["cx2"].filename
'mechgraph.cx2'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mechgraph.io.plugins import plugin_formats
from mechgraph.model.kb import KnowledgeBase


@dataclass(frozen=True)
class ExportFormat:
    """An export format: ``build(kb)`` gives the file's bytes."""

    name: str
    filename: str
    description: str
    build: Callable[[KnowledgeBase], bytes]


def _owl(kb: KnowledgeBase) -> bytes:
    from mechgraph.io.owl import owl_bytes

    return owl_bytes(kb)


def _rdf(fmt: str) -> Callable[[KnowledgeBase], bytes]:
    def build(kb: KnowledgeBase) -> bytes:
        from mechgraph.io.rdf import rdf_bytes

        return rdf_bytes(kb, fmt)

    return build


def _graphml(kb: KnowledgeBase) -> bytes:
    from mechgraph.io.graphml import graphml_bytes

    return graphml_bytes(kb)


def _cx2(kb: KnowledgeBase) -> bytes:
    from mechgraph.io.cx2 import cx2_bytes

    return cx2_bytes(kb)


def _sif(kb: KnowledgeBase) -> bytes:
    from mechgraph.io.sif import sif_bytes

    return sif_bytes(kb)


def _json(kb: KnowledgeBase) -> bytes:
    from mechgraph.io.nodelink import nodelink_bytes

    return nodelink_bytes(kb)


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("owl", "mechgraph.owl", "OWL 2 (RDF/XML) for Protégé", _owl),
        ExportFormat("ttl", "mechgraph.ttl", "RDF Turtle (SPARQL, triple stores)", _rdf("ttl")),
        ExportFormat("jsonld", "mechgraph.jsonld", "RDF JSON-LD", _rdf("jsonld")),
        ExportFormat("nt", "mechgraph.nt", "RDF N-Triples (sorted lines)", _rdf("nt")),
        ExportFormat("graphml", "mechgraph.graphml", "GraphML (Cytoscape, Gephi)", _graphml),
        ExportFormat("cx2", "mechgraph.cx2", "CX2 JSON (Cytoscape, NDEx)", _cx2),
        ExportFormat("sif", "mechgraph.sif", "signed SIF (CARNIVAL, CausalR, Iggy)", _sif),
        ExportFormat("json", "mechgraph.json", "node-link JSON (networkx, D3)", _json),
    )
}
FORMATS.update(plugin_formats("mechgraph.exporters", ExportFormat, FORMATS))  # other packages'


def export_bytes(kb: KnowledgeBase, fmt: str) -> bytes:
    """The bytes of one format; ValueError for an unknown name."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}' (available: {', '.join(FORMATS)})")
    return FORMATS[fmt].build(kb)


def export_all(kb: KnowledgeBase, folder: Path | str, *, create: bool = True) -> list[Path]:
    """Write every format into ``folder`` (atomically, file by file); return the paths.

    ``folder`` is created when it is missing and ``create`` is true, but not its parents
    (a mistyped path is an error, not a new tree of folders). Every target is checked
    before anything is built; a folder that cannot hold the files or a file that must not
    be replaced (a symbolic link, a device...) raises
    :class:`~mechgraph.io.write.OutputError` and nothing is written. See
    :func:`~mechgraph.io.write.write_atomically` for how each file is written.
    """
    from mechgraph.io.write import check_output, prepare_folder, write_atomically

    folder = prepare_folder(folder, create=create)
    targets = [(fmt, folder / fmt.filename) for fmt in FORMATS.values()]
    for _, path in targets:
        check_output(path)
    written = []
    for fmt, path in targets:
        write_atomically(path, fmt.build(kb))
        written.append(path)
    return written
