"""The knowledge base as an OWL ontology (RDF/XML), for Protégé: the triples of the RDF
graph (:func:`mechgraph.io.rdf.kb_triples`) written with owlready2.

The class hierarchy is the TBox; entities, context values, documents and claims (n-ary
pattern, individuals of ``mg:CausalClaim``) are named individuals, and a claim about a class
points at the class's IRI (OWL 2 punning). The OWL file says less than the RDF exports (what
it leaves out came after it, and the committed file stays as it is: dropping a rule below
changes ``exports/mechgraph.owl``) and says it in OWL's terms; :class:`OwlForm` turns the
graph's triples into the ontology's, one rule each:

* **RDF only**: the terms of :data:`RDF_ONLY` and every triple that mentions one (the
  ontology's own node, whose header owlready2 writes; claim ids, reference lists, authors,
  where a composition is stated, the RO causal triples and predicates, the evidence class
  and its ECO types), and the documents of readouts;
* **evidence on the claim**: the properties of a claim's evidence node are the claim's
  (``claim_C1 mg:quote ...``), the node itself is left out;
* **OWL declarations**: the data properties with one value per individual are
  ``owl:FunctionalProperty`` (every one but ``mg:cited_reference``), a class without a
  superclass is a subclass of ``owl:Thing``, some data properties have a shorter label
  (:data:`OWL_LABELS`);
* **literals** are ``xsd:string`` (numbers keep their type), and ``mg:curated_at`` names the
  file without its folder.

Every IRI an assertion points at must be declared (typed) in the graph, or the ontology is
not built (:class:`OwlExportError`). Labels use ``rdfs:label``; synonyms and
cross-references use oboInOwl's ``hasExactSynonym`` and ``hasDbXref``; definitions use
IAO:0000115. Output is deterministic for a given input: owlready2 lists the entities in
the order they first appear in the triples.

>>> from mechgraph import load_kb
>>> text = owl_bytes(load_kb()).decode()
>>> '<owl:NamedIndividual rdf:about="claim_C0001">' in text and "evidence_C0001" not in text
True
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from mechgraph.io.rdf import kb_triples
from mechgraph.model.errors import MechgraphError
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.rdf_vocab import (
    BASE_IRI,
    ECO_LABELS,
    OBO,
    OBO_IN_OWL,
    PREFIXES,
    RO_LABELS,
)

if TYPE_CHECKING:
    from rdflib import Literal

    from mechgraph.io.rdf import Triple

    #: A triple of the OWL form: IRIs as strings, a literal as an rdflib ``Literal``.
    OwlTriple = tuple[str, str, str | Literal]

__all__ = [
    "BASE_IRI",
    "MULTI_VALUED",
    "OBO",
    "OBO_IN_OWL",
    "OWL_LABELS",
    "RDF_ONLY",
    "OwlExportError",
    "OwlForm",
    "build_ontology",
    "owl_bytes",
]

#: Terms of the RDF graph that the OWL export leaves out, with every triple that mentions
#: one: the ontology's node (owlready2 writes the ontology header), claim ids, reference
#: lists, authors, where a composition is stated, the RO causal predicates (and so the
#: direct causal triples), the evidence nodes' link and classes.
RDF_ONLY: frozenset[str] = frozenset(
    [BASE_IRI]
    + [
        BASE_IRI + name
        for name in (
            "claim_id",
            "reference_list",
            "authors",
            "composition_document",
            "composition_section",
            "composition_quote",
            "causal_predicate",
            "has_evidence",
            "Evidence",
        )
    ]
    + [OBO + name for name in (*RO_LABELS, *ECO_LABELS)]
)
#: Data properties whose label is shorter in the OWL export.
OWL_LABELS: dict[str, str] = {
    BASE_IRI + "comparator": "comparator arm",
    BASE_IRI + "background": "components both arms share",
    BASE_IRI + "scope": "scope",
    BASE_IRI + "via": "claims that give the mechanism",
}
#: The data properties an individual may have several values of (the others are
#: functional).
MULTI_VALUED: frozenset[str] = frozenset({BASE_IRI + "cited_reference"})


class OwlExportError(MechgraphError, ValueError):
    """A knowledge base whose OWL form points at an IRI it does not declare."""


_RDF, _RDFS, _OWL, _XSD = (PREFIXES[name] for name in ("rdf", "rdfs", "owl", "xsd"))
RDF_TYPE, RDFS_LABEL, RDFS_SUBCLASS_OF = _RDF + "type", _RDFS + "label", _RDFS + "subClassOf"
HAS_EVIDENCE, FROM_DOCUMENT, CURATED_AT = (
    BASE_IRI + name for name in ("has_evidence", "from_document", "curated_at")
)


class OwlForm:
    """The OWL export's triples from the RDF graph's, in the same order (see the module
    docstring for the rules), with IRIs as strings. Iterate :meth:`convert` once."""

    def __init__(self) -> None:
        from rdflib import Literal

        self.literal: type[Literal] = Literal  # (rdflib is imported when an export is built)
        self.claim_of: dict[str, str] = {}  # evidence node -> its claim
        self.classes: dict[str, bool] = {}  # class -> whether it has a superclass
        self.typed: set[str] = set()
        self.pointed_at: dict[str, None] = {}  # mg: IRIs in object position, in order

    def convert(self, triples: Iterable[Triple]) -> Iterator[OwlTriple]:
        """The OWL triples of ``triples``; :class:`OwlExportError` at the end when one
        points at an undeclared IRI."""
        for triple in triples:
            kept = self._kept(triple)
            if kept is None:
                continue
            self._note(kept)
            yield kept
            s, p, o = kept
            if p == RDF_TYPE and o == _OWL + "DatatypeProperty" and s not in MULTI_VALUED:
                yield s, p, _OWL + "FunctionalProperty"
        for cls, has_superclass in self.classes.items():  # as owlready2 does
            if not has_superclass:
                yield cls, RDFS_SUBCLASS_OF, _OWL + "Thing"
        self._check_declared()

    def _kept(self, triple: Triple) -> OwlTriple | None:
        """The triple as the OWL export has it (None: left out), moved from the evidence
        node to its claim."""
        s, p = str(triple[0]), str(triple[1])
        o = triple[2] if isinstance(triple[2], self.literal) else str(triple[2])
        if p == HAS_EVIDENCE:
            self.claim_of[o] = s
            return None
        if not RDF_ONLY.isdisjoint((s, p, o)):  # (a literal is never equal to an IRI)
            return None
        if s in self.claim_of:
            if p == RDF_TYPE:
                return None
            s = self.claim_of[s]
        elif p == FROM_DOCUMENT:
            return None  # a readout's document: RDF only
        return s, p, self._owl_value(s, p, o)

    def _owl_value(self, s: str, p: str, o: str | Literal) -> str | Literal:
        """The object as the OWL export has it: ``curated_at`` without the folder, a
        property's shorter label."""
        if p == CURATED_AT:
            return self.literal(str(o).rsplit("/", 1)[-1])
        if p == RDFS_LABEL and s in OWL_LABELS:
            return self.literal(OWL_LABELS[s])
        return o

    def _note(self, triple: OwlTriple) -> None:
        """Remember the classes, the typed IRIs and the ``mg:`` IRIs pointed at."""
        s, p, o = triple
        if p == RDF_TYPE:
            self.typed.add(s)
            if o == _OWL + "Class":
                self.classes.setdefault(s, False)
        elif p == RDFS_SUBCLASS_OF:
            self.classes[s] = True
        if o.startswith(BASE_IRI) and not isinstance(o, self.literal):
            self.pointed_at[o] = None

    def _check_declared(self) -> None:
        """:class:`OwlExportError` for the first ``mg:`` IRI pointed at but not declared."""
        for iri in self.pointed_at:
            if iri not in self.typed:
                raise OwlExportError(
                    f"the OWL export points at mg:{iri[len(BASE_IRI) :]}, which the "
                    "knowledge base does not declare"
                )


def build_ontology(kb: KnowledgeBase) -> Any:
    """The knowledge base as an owlready2 ontology (in its own World), built from the RDF
    graph's triples.

    owlready2 has no type hints: its ontologies are ``Any`` here.
    """
    import owlready2

    ontology = owlready2.World().get_ontology(BASE_IRI)
    _add_triples(ontology, OwlForm().convert(kb_triples(kb)))
    return ontology


def _add_triples(ontology: Any, triples: Iterable[OwlTriple]) -> None:
    """Add triples to an owlready2 ontology's quadstore, in order, with owlready2's
    low-level calls (it numbers the IRIs in the order they first appear, and lists the
    entities of its RDF/XML in that order). A plain literal is an ``xsd:string``, as
    owlready2 stores a Python string."""
    from rdflib import Literal

    storids: dict[str, int] = {}

    def storid(iri: str) -> int:
        if iri not in storids:
            storids[iri] = ontology._abbreviate(iri)
        return storids[iri]

    for s, p, o in triples:
        if isinstance(o, Literal):
            value = o.value if isinstance(o.value, int | float) else str(o)
            datatype = storid(str(o.datatype or _XSD + "string"))
            ontology._add_data_triple_spod(storid(s), storid(p), value, datatype)
        else:
            ontology._add_obj_triple_spo(storid(s), storid(p), storid(o))


def owl_bytes(kb: KnowledgeBase) -> bytes:
    """The ontology serialised as RDF/XML."""
    buffer = io.BytesIO()
    build_ontology(kb).save(file=buffer, format="rdfxml")
    return buffer.getvalue()
