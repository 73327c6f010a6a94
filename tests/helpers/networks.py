"""Helpers for the importer and grounding tests: a small imported network in memory, and the
edges and problems of an import as plain tuples."""

from mechgraph import Sign
from mechgraph.io.importers import ImportedEdge, ImportedNetwork, ImportedNode


def network(edges, xrefs=None, name="net"):
    """An imported network from ``(source, sign, target)`` triples."""
    xrefs = xrefs or {}
    found = [
        ImportedEdge(s, t, Sign(sign), f"{name}.sif", line)
        for line, (s, sign, t) in enumerate(edges, start=1)
    ]
    names = dict.fromkeys(n for e in found for n in (e.source, e.target))
    names.update(dict.fromkeys(xrefs))
    nodes = {n: ImportedNode(n, tuple(xrefs.get(n, ()))) for n in names}
    return ImportedNetwork(name, "sif", f"{name}.sif", found, nodes)


def edges(network):
    """``(source, sign, target, line)`` of each edge of an imported network."""
    return [(e.source, e.sign.value, e.target, e.line) for e in network.edges]


def problem_lines(excinfo):
    """The lines of the problems of a caught ``ValidationError``."""
    return [p.line for p in excinfo.value.problems]


def signed_edges(network):
    """``(source, sign, target)`` of each edge of an imported network."""
    return [(e.source, e.sign.value, e.target) for e in network.edges]


def problems(excinfo):
    """``(line, message)`` of each problem of a caught ``ValidationError``."""
    return [(p.line, p.message) for p in excinfo.value.problems]
