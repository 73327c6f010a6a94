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
from collections import Counter
from dataclasses import dataclass, field
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


@dataclass
class _Species:
    """A ``qual:qualitativeSpecies``: its ``qual:name``, the identifiers in its
    annotations, and its line."""

    name: str
    line: int
    xrefs: list[str] = field(default_factory=list)


#: A transition's input or output: (species id, ``qual:sign``, line).
_End = tuple[str, str, int]


@dataclass
class _Transition:
    """A ``qual:transition``: its line, inputs and outputs."""

    line: int
    inputs: list[_End] = field(default_factory=list)
    outputs: list[_End] = field(default_factory=list)


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
    model = _Model(NetworkBuilder(name, "sbml-qual", str(path), strict=strict))
    if model.parse(path, progress):
        model.add_network()
    return model.builder.build()


class _Model:
    """The species and transitions of one SBML-qual document, collected while expat reads
    it (``start`` and ``end`` are its handlers), then added to the network."""

    def __init__(self, builder: NetworkBuilder) -> None:
        self.builder = builder
        self.parser = expat.ParserCreate(namespace_separator="}")
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.EntityDeclHandler = self.entity
        self.species: dict[str, _Species] = {}
        self.transitions: list[_Transition] = []
        self.open_species: str | None = None  # the species whose element is open
        self.open_transition: _Transition | None = None
        self.qual = False  # an element of the qual namespace was seen

    def parse(self, path: Path, progress: Progress | None) -> bool:
        """Read the document in chunks, reporting progress; False (with a problem) when it
        is not well-formed XML, declares an entity or holds nothing of SBML-qual."""
        total = file_size(path)
        done = 0
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    self.parser.Parse(chunk, False)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
                self.parser.Parse(b"", True)
        except expat.ExpatError as exc:
            self.builder.content = True
            self.builder.problem(exc.lineno, f"not well-formed XML: {expat.ErrorString(exc.code)}")
            return False
        except _EntityDeclared as exc:
            self.builder.content = True
            self.builder.problem(
                exc.args[0], "the document declares an XML entity (<!ENTITY>): refused"
            )
            return False
        if not self.qual:
            self.builder.problem(
                1, "not an SBML-qual model (no qual:qualitativeSpecies or transition)"
            )
            return False
        return True

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        """An element opens: a species, a transition, one of its inputs or outputs, or an
        annotation's ``rdf:resource`` inside a species."""
        namespace, local = _local(tag)
        values = {_local(k)[1]: v for k, v in attrs.items()}
        line = self.parser.CurrentLineNumber
        self.builder.content = True
        qual = "/qual/" in namespace
        self.qual = self.qual or qual
        if qual and local == "qualitativeSpecies":
            self._species(values, line)
        elif qual and local == "transition":
            self.open_transition = _Transition(line)
        elif qual and local in ("input", "output") and self.open_transition is not None:
            self._end_of_transition(self.open_transition, local, values, line)
        elif self.open_species is not None and "resource" in values:  # rdf:resource
            curie = curie_from_uri(values["resource"])
            if curie:
                self.species[self.open_species].xrefs.append(curie)

    def _species(self, values: dict[str, str], line: int) -> None:
        """A ``qual:qualitativeSpecies`` (without ``qual:id``, or declared twice: a
        problem)."""
        ident = node_name(values.get("id", ""))
        if not ident:
            self.builder.problem(line, "qualitativeSpecies without qual:id")
            return
        if ident in self.species:
            self.builder.problem(line, f"qualitativeSpecies '{ident}' is declared twice")
        self.species[ident] = _Species(node_name(values.get("name", "")), line)
        self.open_species = ident

    def _end_of_transition(
        self, transition: _Transition, local: str, values: dict[str, str], line: int
    ) -> None:
        """A ``qual:input`` or ``qual:output`` of ``transition`` (without
        ``qual:qualitativeSpecies``: a problem)."""
        ident = node_name(values.get("qualitativeSpecies", ""))
        if not ident:
            self.builder.problem(line, f"qual:{local} without qual:qualitativeSpecies")
            return
        ends = transition.inputs if local == "input" else transition.outputs
        ends.append((ident, values.get("sign", ""), line))

    def end(self, tag: str) -> None:
        """An element closes: a species, or a transition (kept)."""
        namespace, local = _local(tag)
        if "/qual/" not in namespace:
            return
        if local == "qualitativeSpecies":
            self.open_species = None
        elif local == "transition" and self.open_transition is not None:
            self.transitions.append(self.open_transition)
            self.open_transition = None

    def entity(self, *_: object) -> None:
        """An entity declaration: refused."""
        raise _EntityDeclared(self.parser.CurrentLineNumber)

    def add_network(self) -> None:
        """The nodes (named by ``qual:name`` when that is unique, else by ``qual:id``, the
        id kept as an identifier) and the edges of every transition."""
        names = Counter(item.name for item in self.species.values() if item.name)
        node = {
            ident: item.name if item.name and names[item.name] == 1 else ident
            for ident, item in self.species.items()
        }
        for ident, item in self.species.items():
            xrefs = item.xrefs + ([ident] if node[ident] != ident else [])
            self.builder.node(node[ident], *xrefs)
        for transition in self.transitions:
            self._transition_edges(transition, node)
        self.builder.lines = self.parser.CurrentLineNumber

    def _transition_edges(self, transition: _Transition, node: dict[str, str]) -> None:
        """An edge from every input to every output of a transition, signed by the input's
        ``qual:sign``; a transition without outputs, or naming an unknown species, is a
        problem."""
        if not transition.outputs:
            self.builder.problem(transition.line, "transition without qual:output")
            return
        for ident, _sign, line in transition.inputs + transition.outputs:
            if ident not in self.species:
                self.builder.problem(line, f"unknown qualitativeSpecies '{ident}'")
        for source, sign_word, line in transition.inputs:
            signs = _SIGNS.get(sign_word.strip().lower(), [])
            for target, _, _ in transition.outputs:
                if source not in self.species or target not in self.species:
                    continue
                if not signs:
                    self.builder.skip("unsigned")
                for sign in signs:
                    self.builder.edge(node[source], node[target], sign, line, sign_word)
