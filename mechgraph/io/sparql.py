"""SPARQL over the knowledge base's RDF (the graph of the Turtle export), with safe bindings.

User-supplied names never become query text: ``--bind NAME=VALUE`` is parsed into an rdflib
term and passed through ``initBindings``, so a value such as ``x" } ; DROP ...`` is just a
string literal that matches nothing.

Queries stay on this machine: rdflib would send a ``SERVICE <http://...>`` pattern to that
endpoint (and open ``file:`` IRIs), so :func:`run_query` refuses a query with ``SERVICE``
(:class:`NetworkRefused`, before anything is evaluated) unless ``allow_network=True``
(``mechgraph sparql --allow-network``); the command also blocks network access for the rest
of the process (:func:`forbid_network`).

>>> from mechgraph import load_kb
>>> from mechgraph.io.rdf import build_graph
>>> graph = build_graph(load_kb())
>>> q = "SELECT ?c WHERE { ?c mg:claim_id ?id }"
>>> [str(row[0]) for row in run_query(graph, q, dict([parse_binding("id=C0001")]))]
['https://w3id.org/mechgraph/claim_C0001']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from mechgraph.model.errors import MechgraphError
from mechgraph.model.rdf_vocab import BASE_IRI, PREFIXES

if TYPE_CHECKING:
    import rdflib

    from mechgraph.reasoning.effects import ReadoutEffect

VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
CURIE = re.compile(r"([A-Za-z][A-Za-z0-9_]*):([A-Za-z0-9_.\-]*)")
TYPED = re.compile(r'"(.*)"\^\^([A-Za-z][A-Za-z0-9_]*):([A-Za-z0-9_]+)', re.DOTALL)
IRI = re.compile(r"<([^<>\"{}|^`\\\s]+)>")


REQUIRES = re.compile(r"^\s*#\s*requires\s+--(bind\s+[A-Za-z_][A-Za-z0-9_]*|target)\b", re.M)


def missing_requirements(text: str, bound: Iterable[str], has_target: bool) -> list[str]:
    """The ``# requires --bind NAME`` / ``# requires --target`` lines of a query file that
    the command line does not satisfy (a shipped query that would be slow or meaningless).

    >>> missing_requirements("# requires --bind name\\nSELECT ...", [], False)
    ['--bind name=...']
    >>> missing_requirements("# requires --target\\nSELECT ...", [], True)
    []
    """
    bound = set(bound)
    missing = []
    for match in REQUIRES.finditer(text):
        words = match.group(1).split()
        if words[0] == "bind" and words[1] not in bound:
            missing.append(f"--bind {words[1]}=...")
        elif words[0] == "target" and not has_target:
            missing.append("--agent ... --target ...")
    return missing


class QueryFailure(MechgraphError, ValueError):
    """A malformed query, a bad binding, or a query that failed while running."""


class NetworkRefused(QueryFailure):
    """A query that would reach out to the network (``SERVICE``) without permission."""


def services(query) -> list[str]:
    """The endpoints of the ``SERVICE`` patterns anywhere in a prepared query (in
    sub-queries, ``OPTIONAL``, ``FILTER EXISTS``...), as written: ``<IRI>`` or ``?var``.

    >>> from rdflib.plugins.sparql import prepareQuery
    >>> services(prepareQuery("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"))
    ['<http://example.org/sparql>']
    >>> services(prepareQuery("SELECT * { ?s ?p ?o }"))
    []
    """
    from rdflib.plugins.sparql.parserutils import CompValue

    found: list[str] = []
    seen: set[int] = set()
    stack: list[object] = [query.algebra]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                term = item.get("term")
                found.append(term.n3() if hasattr(term, "n3") else str(term))
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
    return found


def forbid_network() -> None:
    """Block network access (and ``urllib`` requests of any scheme, ``file:`` included) for
    the rest of this process with an audit hook: the second line of defence behind the
    ``SERVICE`` check of :func:`run_query`. An audit hook cannot be removed: for command-line
    processes, not for a library caller."""
    import sys

    blocked = {"urllib.Request", "socket.connect", "socket.getaddrinfo", "socket.gethostbyname"}

    def hook(event: str, args: tuple) -> None:
        if event in blocked:
            raise NetworkRefused(
                "the query tried to reach the network; give --allow-network to allow it"
            )

    sys.addaudithook(hook)


def parse_binding(text: str) -> tuple[str, rdflib.term.Identifier]:
    """``NAME=VALUE`` -> (variable name, rdflib term).

    VALUE is an IRI when written ``<https://...>`` or as a CURIE with a known prefix
    (``mg:claim_C0001``, ``obo:RO_0002304``), a typed literal when written
    ``"3"^^xsd:integer``, and otherwise a plain string literal (``PD-L1``).

    >>> parse_binding("node=mg:pd_l1")[1].n3()
    '<https://w3id.org/mechgraph/pd_l1>'
    >>> parse_binding("name=PD-L1")[1].n3()
    '"PD-L1"'
    """
    from rdflib import Literal, URIRef

    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not VARIABLE.fullmatch(name):
        raise QueryFailure(
            f"--bind '{text}' must be NAME=VALUE with a variable name (e.g. id=C0014)"
        )
    if match := IRI.fullmatch(value):
        return name, URIRef(match.group(1))
    if (match := TYPED.fullmatch(value)) and match.group(2) in PREFIXES:
        return name, Literal(match.group(1), datatype=URIRef(PREFIXES[match.group(2)] + match[3]))
    if (match := CURIE.fullmatch(value)) and match.group(1) in PREFIXES:
        return name, URIRef(PREFIXES[match.group(1)] + match.group(2))
    return name, Literal(value)


def run_query(
    graph: rdflib.Graph,
    text: str,
    bindings: Mapping[str, rdflib.term.Identifier] | None = None,
    *,
    allow_network: bool = False,
):
    """Run a SPARQL query (the ``mg:``, ``obo:``, ``rdfs:``... prefixes are predeclared);
    raise :class:`QueryFailure` with a one-line message when it is malformed or fails, and
    :class:`NetworkRefused` (before evaluating anything) when it has a ``SERVICE`` pattern
    and ``allow_network`` is false."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        query = prepareQuery(text, initNs=PREFIXES)
    except Exception as exc:  # pyparsing reports syntax errors with several exception types
        raise QueryFailure(f"malformed SPARQL query: {_one_line(exc)}") from None
    if not allow_network and (endpoints := services(query)):
        raise NetworkRefused(
            f"the query calls SERVICE {', '.join(endpoints)}: mechgraph queries only the "
            "local knowledge base; give --allow-network to let it contact that endpoint"
        )
    from rdflib import Variable

    try:
        result = graph.query(
            query, initBindings={Variable(k): v for k, v in (bindings or {}).items()}
        )
        if result.type == "SELECT":
            result.bindings  # noqa: B018 - evaluate now, so that errors surface here
    except NetworkRefused:
        raise
    except Exception as exc:
        raise QueryFailure(f"the query failed: {_one_line(exc)}") from None
    return result


def _one_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return " ".join(lines)[:300] or type(exc).__name__


def display(term: object, graph: rdflib.Graph) -> str:
    """A term for a plain table: ``mg:claim_C0001`` for IRIs, the text for literals."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return graph.namespace_manager.normalizeUri(term)
    if isinstance(term, Literal):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def result_table(result, graph: rdflib.Graph) -> tuple[list[str], list[list[str]]]:
    """Column names and display rows of a SELECT result."""
    names = [str(v) for v in result.vars]
    rows = [[display(row[i], graph) for i in range(len(names))] for row in result]
    return names, rows


def table_text(names: Sequence[str], rows: Iterable[Sequence[str]], cap: int = 60) -> str:
    """A plain aligned table (columns padded to at most ``cap`` characters; longer values
    are printed whole)."""
    rows = [list(row) for row in rows]
    widths = [
        min(cap, max([len(name)] + [len(row[i]) for row in rows])) for i, name in enumerate(names)
    ]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    out = [line(names), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    return "\n".join(text.rstrip() for text in out)


def add_answer(
    graph: rdflib.Graph,
    answer: ReadoutEffect,
    agents: Sequence[str],
    context: Mapping[str, str] | None = None,
) -> int:
    """Add the paths of an answer (from :func:`mechgraph.explain`) to ``graph`` as RDF, so
    that queries can join them with the claims; return the number of claims on the paths.

    ``mg:answer`` gets ``mg:answer_agent`` (the resolved agents), ``mg:answer_target``,
    ``mg:uses_claim`` (every claim that applies on a step of a path), ``mg:on_path`` (every
    node) and ``mg:has_path`` -> ``mg:answer_path_plus_1``... each with ``mg:path_sign``,
    ``mg:path_rank``, ``mg:path_strength``, ``mg:uses_claim`` and ``mg:on_path``.
    """
    from rdflib import RDF, Literal, Namespace, URIRef

    mg = Namespace(BASE_IRI)
    context = dict(context or {})
    node = mg["answer"]
    graph.add((node, RDF.type, mg["Answer"]))
    for agent in agents:
        graph.add((node, mg["answer_agent"], mg[agent]))
    graph.add((node, mg["answer_target"], mg[answer.readout.id]))
    used: set[str] = set()
    for sign, paths in sorted(answer.paths.items(), key=lambda item: item[0].value):
        word = "plus" if sign.value == "+" else "minus"
        for rank, path in enumerate(paths, start=1):
            path_node = URIRef(f"{BASE_IRI}answer_path_{word}_{rank}")
            graph.add((node, mg["has_path"], path_node))
            graph.add((path_node, mg["path_sign"], Literal(sign.value)))
            graph.add((path_node, mg["path_rank"], Literal(rank)))
            graph.add((path_node, mg["path_strength"], Literal(round(path.strength, 4))))
            for step_node in path.nodes:
                graph.add((path_node, mg["on_path"], mg[step_node]))
                graph.add((node, mg["on_path"], mg[step_node]))
            for edge in path.edges:
                for claim in edge.applicable_claims(context):
                    graph.add((path_node, mg["uses_claim"], mg[f"claim_{claim.id}"]))
                    graph.add((node, mg["uses_claim"], mg[f"claim_{claim.id}"]))
                    used.add(claim.id)
    return len(used)


def result_json(result, graph: rdflib.Graph) -> str:
    """SPARQL 1.1 Query Results JSON for SELECT/ASK; JSON-LD for CONSTRUCT/DESCRIBE."""
    if result.type in ("SELECT", "ASK"):
        data = result.serialize(format="json")
        return data.decode("utf-8") if isinstance(data, bytes) else str(data)
    return result.graph.serialize(format="json-ld", context=PREFIXES)


def result_text(result, graph: rdflib.Graph) -> str:
    """The plain-text form: a table for SELECT, true/false for ASK, Turtle otherwise."""
    if result.type == "SELECT":
        names, rows = result_table(result, graph)
        return table_text(names, rows) + f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})"
    if result.type == "ASK":
        return "true" if result.askAnswer else "false"
    for prefix, iri in PREFIXES.items():
        result.graph.bind(prefix, iri)
    return result.graph.serialize(format="turtle")
