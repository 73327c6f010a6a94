"""SBML-qual logical models (``.sbml``, ``.xml``), read as a stream with the standard
library's expat parser (line numbers kept).

Nodes are the ``qual:qualitativeSpecies`` (named by ``qual:name`` when that is unique, else
by ``qual:id``); identifiers in their annotations (``identifiers.org`` or ``urn:miriam``
URIs, e.g. ``http://identifiers.org/uniprot/P04637``) are kept for grounding. Each
``qual:transition`` gives an edge from every ``qual:input`` to every ``qual:output``, signed
by the input's ``qual:sign``: ``positive`` ``+``, ``negative`` ``-``, ``dual`` both; an input
without a sign (or ``unknown``) is skipped as ``unsigned``. Function terms (MathML) are not
read. A document that is not well-formed XML, or that declares XML entities (SBML has no
use for them), is reported with its line and nothing is imported.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote
from xml.parsers import expat

from mechgraph.io.base import (
    ImportedNetwork,
    NetworkBuilder,
    Progress,
    file_size,
    node_name,
)
from mechgraph.model.curie import PREFIXES
from mechgraph.model.vocab import Sign

_SIGNS = {"positive": [Sign.PLUS], "negative": [Sign.MINUS], "dual": [Sign.PLUS, Sign.MINUS]}


def curie_from_uri(uri: str) -> str | None:
    """``http://identifiers.org/uniprot/P04637`` / ``urn:miriam:uniprot:P04637`` ->
    ``UniProt:P04637``; ``hgnc.symbol`` gives the bare symbol; None for other URIs.

    >>> curie_from_uri("https://identifiers.org/CHEBI:15377"), curie_from_uri("urn:miriam:hgnc.symbol:CD274")
    ('CHEBI:15377', 'CD274')
    >>> curie_from_uri("http://identifiers.org/uniprot/P04637"), curie_from_uri("urn:miriam:ncit:C2039")
    ('UniProt:P04637', 'NCIT:C2039')
    """  # noqa: E501
    uri = unquote(uri.strip())
    found = re.match(r"^urn:miriam:([^:]+):(.+)$", uri)
    if found is None:
        found = re.match(r"^https?://identifiers\.org/([^/:]+)[/:](.+)$", uri)
    if found is None:
        return None
    prefix, local = found.group(1).lower(), found.group(2)
    if prefix == "hgnc.symbol":
        return local
    known = PREFIXES.get(prefix.upper())  # the one prefix table: bioregistry's spelling
    canonical = known.name if known is not None else found.group(1)
    if local.upper().startswith(canonical.upper() + ":"):
        local = local.split(":", 1)[1]
    return f"{canonical}:{local}"


class _EntityDeclared(Exception):
    """An ``<!ENTITY ...>`` declaration: refused (entity expansion can blow a file up)."""


def _local(name: str) -> tuple[str, str]:
    namespace, _, local = name.rpartition("}")
    return namespace, local


def read_sbml_qual(
    path: Path | str,
    name: str,
    *,
    progress: Progress | None = None,
    strict: bool = False,
    **_: object,
) -> ImportedNetwork:
    """Read an SBML-qual model; ValidationError lists every problem with its line."""
    path = Path(path)
    builder = NetworkBuilder(name, "sbml-qual", str(path), strict=strict)
    parser = expat.ParserCreate(namespace_separator="}")
    species: dict[str, dict] = {}  # id -> {name, xrefs, line}
    transitions: list[dict] = []
    state: dict = {"species": None, "transition": None, "qual": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        namespace, local = _local(tag)
        values = {_local(k)[1]: v for k, v in attrs.items()}
        line = parser.CurrentLineNumber
        builder.content = True
        qual = "/qual/" in namespace
        state["qual"] = state["qual"] or qual
        if qual and local == "qualitativeSpecies":
            ident = node_name(values.get("id", ""))
            if not ident:
                builder.problem(line, "qualitativeSpecies without qual:id")
                return
            if ident in species:
                builder.problem(line, f"qualitativeSpecies '{ident}' is declared twice")
            species[ident] = {"name": node_name(values.get("name", "")), "xrefs": [], "line": line}
            state["species"] = ident
        elif qual and local == "transition":
            state["transition"] = {"line": line, "inputs": [], "outputs": []}
        elif qual and local in ("input", "output") and state["transition"] is not None:
            ident = node_name(values.get("qualitativeSpecies", ""))
            if not ident:
                builder.problem(line, f"qual:{local} without qual:qualitativeSpecies")
                return
            state["transition"][local + "s"].append((ident, values.get("sign", ""), line))
        elif state["species"] is not None and "resource" in values:  # rdf:resource
            curie = curie_from_uri(values["resource"])
            if curie:
                species[state["species"]]["xrefs"].append(curie)

    def end(tag: str) -> None:
        namespace, local = _local(tag)
        if "/qual/" not in namespace:
            return
        if local == "qualitativeSpecies":
            state["species"] = None
        elif local == "transition" and state["transition"] is not None:
            transitions.append(state["transition"])
            state["transition"] = None

    def entity(*_: object) -> None:
        raise _EntityDeclared(parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.EntityDeclHandler = entity
    total = file_size(path)
    done = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                parser.Parse(chunk, False)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        builder.content = True
        builder.problem(exc.lineno, f"not well-formed XML: {expat.ErrorString(exc.code)}")
        return builder.build()
    except _EntityDeclared as exc:
        builder.content = True
        builder.problem(exc.args[0], "the document declares an XML entity (<!ENTITY>): refused")
        return builder.build()
    if not state["qual"]:
        builder.problem(1, "not an SBML-qual model (no qual:qualitativeSpecies or transition)")
        return builder.build()

    names: dict[str, int] = {}
    for item in species.values():
        if item["name"]:
            names[item["name"]] = names.get(item["name"], 0) + 1
    node = {
        ident: item["name"] if item["name"] and names[item["name"]] == 1 else ident
        for ident, item in species.items()
    }
    for ident, item in species.items():
        xrefs = item["xrefs"] + ([ident] if node[ident] != ident else [])
        builder.node(node[ident], *xrefs)
    for transition in transitions:
        if not transition["outputs"]:
            builder.problem(transition["line"], "transition without qual:output")
            continue
        for ident, _sign, line in transition["inputs"] + transition["outputs"]:
            if ident not in species:
                builder.problem(line, f"unknown qualitativeSpecies '{ident}'")
        for source, sign_word, line in transition["inputs"]:
            signs = _SIGNS.get(sign_word.strip().lower(), [])
            for target, _, _ in transition["outputs"]:
                if source not in species or target not in species:
                    continue
                if not signs:
                    builder.skip("unsigned")
                for sign in signs:
                    builder.edge(node[source], node[target], sign, line, sign_word)
    builder.lines = parser.CurrentLineNumber
    return builder.build()
