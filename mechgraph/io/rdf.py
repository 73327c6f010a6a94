"""The knowledge base as RDF (Turtle, N-Triples, JSON-LD), built with rdflib.

What the graph holds (vocabulary in :mod:`mechgraph.model.rdf_vocab`); :func:`kb_triples`
is the one place that says which triples a knowledge base makes, one builder per part, and
the OWL export (:mod:`mechgraph.io.owl`) is made from the same triples:

* classes (``owl:Class``, ``rdfs:subClassOf``) and entities (``owl:NamedIndividual`` of their
  type), with ``rdfs:label``, oboInOwl ``hasExactSynonym`` / ``hasDbXref`` and IAO:0000115
  definitions;
* formulations (``mg:has_carrier`` / ``mg:has_payload`` / ``mg:has_property`` and the quote
  that states the composition), readouts, context values and source documents;
* every claim as an individual of ``mg:CausalClaim`` (n-ary pattern: subject, object,
  relation, context, curation) with an evidence node typed with an ECO class;
* every signed claim also as one direct triple ``subject RO:0002304|RO:0002305 object``, so
  that ordinary graph tools see the causal network. ``no_effect`` claims (reported null
  results) are claims but never causal triples.

Output is byte-identical for the same knowledge base (no blank nodes; N-Triples lines are
sorted; JSON-LD nodes and values are sorted).

>>> from mechgraph import load_kb
>>> text = rdf_bytes(load_kb(), "ttl").decode()
>>> "obo:RO_0002304" in text and "mg:claim_C0001" in text
True

**Reading back** (:func:`read_claims`):

Reading claims back from an RDF export (Turtle, N-Triples, JSON-LD). The writer and the
reader share the vocabulary of :mod:`mechgraph.model.rdf_vocab`, so that an export read
back gives the same :class:`~mechgraph.model.records.Claim` records as the curated tables
(the round trip is tested field by field).

Shape of one claim (n-ary relation pattern; the evidence is a node of its own, typed with an
Evidence & Conclusion Ontology class when one fits the evidence level)::

    mg:claim_C0014 a mg:CausalClaim ;
        mg:claim_id "C0014" ;
        mg:claim_subject mg:Nanocarrier ; mg:relation "increases" ;
        mg:claim_object mg:immunogenic_cell_death ;
        mg:causal_predicate obo:RO_0002304 ;
        mg:in_context mg:context_species_mouse ;
        mg:has_evidence mg:evidence_C0014 ;
        mg:curated_at "ontology/claims.tsv:15" .
    mg:evidence_C0014 a mg:Evidence, obo:ECO_0000304 ;
        mg:from_document mg:document_sun_review ; mg:section "..." ;
        mg:reference_list "26|27" ; mg:cited_reference "26", "27" ;
        mg:quote "..." ; mg:evidence_level "review_statement" ;
        mg:curator "..." ; mg:curation_date "2026-11-21" .

>>> from mechgraph.model.rdf_vocab import MG
>>> local_id(MG["claim_C0001"], "claim_")
'C0001'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias, cast

from mechgraph.model.errors import MechgraphError
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.rdf_vocab import (
    BASE_IRI,
    CAUSAL_PREDICATE,
    DATA_PROPERTIES,
    ECO_LABELS,
    META_CLASSES,
    OBJECT_PROPERTIES,
    OBO,
    OBO_IN_OWL,
    PREFIXES,
    RO_LABELS,
    eco_class,
)
from mechgraph.model.records import Claim, Evidence, OntologyClass, SourceRef
from mechgraph.model.vocab import EvidenceLevel, Relation

if TYPE_CHECKING:
    import rdflib
    from rdflib.term import Identifier, Literal, Node, URIRef

    #: One triple of the graph: IRIs, and a literal as the object of a data property.
    Triple: TypeAlias = tuple[URIRef, URIRef, URIRef | Literal]

#: Export formats handled here: name -> (rdflib serializer, file suffix).
RDF_FORMATS = {"ttl": ("turtle", "ttl"), "nt": ("nt", "nt"), "jsonld": ("json-ld", "jsonld")}

_RDFS_COMMENT = PREFIXES["rdfs"] + "comment"
#: The annotation properties of labels' companions (oboInOwl synonyms and cross-references,
#: IAO:0000115 definitions).
SYNONYM, XREF, DEFINITION = (
    OBO_IN_OWL + "hasExactSynonym",
    OBO_IN_OWL + "hasDbXref",
    OBO + "IAO_0000115",
)


def build_graph(kb: KnowledgeBase) -> rdflib.Graph:
    """The knowledge base as an rdflib graph (no blank nodes): the triples of
    :func:`kb_triples`."""
    from rdflib import Graph, Namespace

    graph = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, Namespace(iri))
    for triple in kb_triples(kb):
        graph.add(triple)
    return graph


def kb_triples(kb: KnowledgeBase) -> Iterator[Triple]:
    """Every triple the knowledge base makes, in a fixed order: the vocabulary, the classes
    (parents first), the entities, their memberships, formulations and readouts, the context
    values, the documents, then each claim with its evidence.

    The RDF exports do not depend on this order (they are sorted); the OWL export
    (:mod:`mechgraph.io.owl`) is built from these triples in this order, which is the order
    its RDF/XML lists the entities in.
    """
    for part in (
        _vocabulary_triples,
        _class_triples,
        _entity_triples,
        _membership_triples,
        _formulation_triples,
        _readout_triples,
        _context_triples,
        _document_triples,
        _claim_triples,
    ):
        yield from part(kb)


# The terms are cached: a knowledge base names the same properties, classes and values
# thousands of times, and rdflib checks every IRI it makes.


@lru_cache(maxsize=8192)
def _mg(name: str) -> URIRef:
    """The IRI of a name of the ``mg:`` namespace."""
    from rdflib import URIRef

    return URIRef(BASE_IRI + name)


@lru_cache(maxsize=256)
def _iri(iri: str) -> URIRef:
    """An IRI as an rdflib term."""
    from rdflib import URIRef

    return URIRef(iri)


@lru_cache(maxsize=8192, typed=True)
def _literal(value: str | int) -> Literal:
    """A plain literal (an ``int`` becomes an ``xsd:integer``)."""
    from rdflib import Literal

    return Literal(value)


def _labelled(node: URIRef, kind: URIRef, label: str) -> Iterator[Triple]:
    """A term of the vocabulary: its type and its label."""
    from rdflib import RDF, RDFS

    yield node, RDF.type, kind
    yield node, RDFS.label, _literal(label)


def _vocabulary_triples(kb: KnowledgeBase) -> Iterator[Triple]:
    """The ontology, its annotation, object and data properties, its own classes and the
    RO predicates and ECO classes it uses."""
    from rdflib import OWL, RDF, RDFS

    yield from _labelled(_mg(""), OWL.Ontology, "mechgraph: cancer nano-immunotherapy mechanisms")
    for annotation in (SYNONYM, XREF, DEFINITION):
        yield _iri(annotation), RDF.type, OWL.AnnotationProperty
    yield _iri(DEFINITION), RDFS.label, _literal("definition")
    for names, kind in (
        (OBJECT_PROPERTIES, OWL.ObjectProperty),
        (DATA_PROPERTIES, OWL.DatatypeProperty),
        (META_CLASSES, OWL.Class),
    ):
        for name, label in names.items():
            yield from _labelled(_mg(name), kind, label)
    for name, label in RO_LABELS.items():
        yield from _labelled(_iri(OBO + name), OWL.ObjectProperty, label)
    for name, label in ECO_LABELS.items():
        yield from _labelled(_iri(OBO + name), OWL.Class, label)


def _annotations(
    node: URIRef,
    label: str,
    synonyms: Iterable[str] = (),
    xrefs: Iterable[str] = (),
    definition: str = "",
) -> Iterator[Triple]:
    """A label with its synonyms, cross-references and definition."""
    from rdflib import RDFS

    yield node, RDFS.label, _literal(label)
    for value in synonyms:
        yield node, _iri(SYNONYM), _literal(value)
    for value in xrefs:
        yield node, _iri(XREF), _literal(value)
    if definition:
        yield node, _iri(DEFINITION), _literal(definition)


def _individual(node: URIRef, cls: URIRef) -> Iterator[Triple]:
    """A named individual of a class."""
    from rdflib import OWL, RDF

    yield node, RDF.type, OWL.NamedIndividual
    yield node, RDF.type, cls


def _parents_first(kb: KnowledgeBase) -> list[OntologyClass]:
    """The classes in curated order, but each after its parent class."""
    order: list[OntologyClass] = []
    seen: set[str] = set()

    def visit(class_id: str) -> None:
        if class_id in seen:
            return
        seen.add(class_id)
        record = kb.classes[class_id]
        if record.parent in kb.classes:
            visit(record.parent)
        order.append(record)

    for class_id in kb.classes:
        visit(class_id)
    return order


def _class_triples(kb: KnowledgeBase) -> Iterator[Triple]:
    """Each class (``owl:Class``, ``rdfs:subClassOf`` its parent), parents first."""
    from rdflib import OWL, RDF, RDFS

    for cls in _parents_first(kb):
        node = _mg(cls.id)
        yield node, RDF.type, OWL.Class
        if cls.parent:
            yield node, RDFS.subClassOf, _mg(cls.parent)
        yield from _annotations(node, cls.label, cls.synonyms, cls.xrefs, cls.definition)


def _entity_triples(kb: KnowledgeBase) -> Iterator[Triple]:
    """Each entity, a named individual of its type."""
    for entity in kb.entities.values():
        node = _mg(entity.id)
        yield from _individual(node, _mg(entity.type))
        yield from _annotations(
            node, entity.label, entity.synonyms, entity.xrefs, entity.definition
        )


def _membership_triples(kb: KnowledgeBase) -> Iterator[Triple]:
    """A formulation's strategies and an entity's parents: an instance of a parent class,
    ``mg:member_of`` a parent entity."""
    from rdflib import RDF

    for item in kb.strategies:  # a formulation is an instance of its strategies' classes
        yield _mg(item.formulation), RDF.type, _mg(item.strategy)
    for entity in kb.entities.values():
        for parent in entity.parents:
            relation = RDF.type if parent in kb.classes else _mg("member_of")
            yield _mg(entity.id), relation, _mg(parent)


def _formulation_triples(kb: KnowledgeBase) -> Iterator[Triple]:
    """A formulation's carrier, payloads and carrier properties, and where its composition
    is stated."""
    for form in kb.formulations.values():
        node = _mg(form.id)
        yield node, _mg("has_carrier"), _mg(form.carrier)
        for payload in form.payloads:
            yield node, _mg("has_payload"), _mg(payload)
        for prop in form.properties:
            yield node, _mg("has_property"), _mg(prop)
        if form.evidence:
            yield node, _mg("composition_document"), _mg(f"document_{form.evidence.document}")
            yield from _data(
                node,
                composition_section=form.evidence.section,
                composition_quote=form.evidence.quote,
            )


def _data(node: URIRef, **values: str) -> Iterator[Triple]:
    """A data property for each value that is not empty, in the order given."""
    for name, value in values.items():
        if value:
            yield node, _mg(name), _literal(value)


def _readout_triples(kb: KnowledgeBase) -> Iterator[Triple]:
    """A readout's kind, order, desirable direction, stage and document."""
    for readout in kb.readouts.values():
        node = _mg(readout.id)
        yield node, _mg("readout_kind"), _literal(readout.kind.value)
        yield node, _mg("readout_order"), _literal(readout.order)
        yield node, _mg("desirable_direction"), _literal(readout.desirable.value)
        if readout.stage:
            yield node, _mg("part_of_stage"), _mg(readout.stage)
        if readout.document:
            yield node, _mg("from_document"), _mg(f"document_{readout.document}")


def _context_triples(kb: KnowledgeBase) -> Iterator[Triple]:
    """Each context value, an individual of its key's class; then the broader values."""
    for (key, value), record in kb.contexts.items():
        node = _mg(f"context_{key}_{value}")
        yield from _individual(node, _mg(kb.declared_context_key(key).class_id))
        yield from _annotations(
            node, record.label, record.synonyms, record.xrefs, record.definition
        )
        yield from _data(node, context_key=key, context_value=value)
    for (key, value), record in kb.contexts.items():
        if record.parent:
            yield (
                _mg(f"context_{key}_{value}"),
                _mg("within_context"),
                _mg(f"context_{key}_{record.parent}"),
            )


def _document_triples(kb: KnowledgeBase) -> Iterator[Triple]:
    """Each source document: title, note, citation, authors and file."""
    for doc in kb.documents.values():
        node = _mg(f"document_{doc.id}")
        yield from _individual(node, _mg("SourceDocument"))
        yield from _annotations(node, doc.title, definition=doc.note)
        yield from _data(node, citation=doc.citation, authors=doc.authors, source_file=doc.file)


def _claim_triples(kb: KnowledgeBase) -> Iterator[Triple]:
    """Each claim (n-ary pattern): what it says, its causal triple, its evidence, its
    context and where it was curated."""
    from rdflib import RDFS

    for claim in kb.claims:
        node = _mg(f"claim_{claim.id}")
        yield from _individual(node, _mg("CausalClaim"))
        label = f"{claim.id}: {kb.label(claim.subject)} {claim.relation.value} "
        yield node, RDFS.label, _literal(label + kb.label(claim.object))
        yield node, _mg("claim_id"), _literal(claim.id)
        yield node, _mg("claim_subject"), _mg(claim.subject)
        yield node, _mg("claim_object"), _mg(claim.object)
        yield from _data(
            node,
            relation=claim.relation.value,
            comparator=claim.comparator,
            background="|".join(claim.background),
            scope=claim.scope if claim.scope != "every" else "",
            via="|".join(claim.via),
        )
        yield from _causal_triples(claim, node)
        yield from _evidence_triples(claim, node)
        for key in sorted(claim.context):
            for value in sorted(claim.context[key]):
                yield node, _mg("in_context"), _mg(f"context_{key}_{value}")
        if claim.source:
            yield node, _mg("curated_at"), _literal(str(claim.source).replace("\\", "/"))
        if claim.note:
            yield node, RDFS.comment, _literal(claim.note)


def _causal_triples(claim: Claim, node: URIRef) -> Iterator[Triple]:
    """A signed claim's RO predicate and its direct triple ``subject RO:... object``."""
    predicate = CAUSAL_PREDICATE.get(claim.relation)
    # no_effect, a comparison of arms or a claim about some members: a claim, never an
    # absolute causal triple
    if predicate and not claim.comparative and claim.inherited:
        yield node, _mg("causal_predicate"), _iri(OBO + predicate)
        yield _mg(claim.subject), _iri(OBO + predicate), _mg(claim.object)


def _evidence_triples(claim: Claim, node: URIRef) -> Iterator[Triple]:
    """A claim's evidence node (typed with its ECO class): document, level, references,
    quote, section and curation."""
    from rdflib import OWL, RDF

    ev, ev_node = claim.evidence, _mg(f"evidence_{claim.id}")
    yield node, _mg("has_evidence"), ev_node
    yield ev_node, RDF.type, OWL.NamedIndividual
    yield ev_node, RDF.type, _mg("Evidence")
    eco = eco_class(ev)
    if eco:
        yield ev_node, RDF.type, _iri(OBO + eco)
    yield ev_node, _mg("from_document"), _mg(f"document_{ev.document}")
    yield from _data(ev_node, evidence_level=ev.level.value, reference_list="|".join(ev.refs))
    yield from _data(ev_node, quote=ev.quote, section=ev.section)
    for ref in ev.refs:
        yield ev_node, _mg("cited_reference"), _literal(ref)
    yield from _data(ev_node, curator=ev.curator, curation_date=ev.date)


def serialize(graph: rdflib.Graph, fmt: str) -> bytes:
    """Serialise a graph deterministically as ``ttl``, ``nt`` or ``jsonld``."""
    if fmt not in RDF_FORMATS:
        raise ValueError(f"unknown RDF format '{fmt}' (available: {', '.join(RDF_FORMATS)})")
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(set(line for line in lines if line.strip()))) + "\n").encode()
    if fmt == "jsonld":
        data = json.loads(
            graph.serialize(format="json-ld", context=dict(sorted(PREFIXES.items())), indent=None)
        )
        return (json.dumps(_canonical_jsonld(data), indent=1, ensure_ascii=False) + "\n").encode()
    return graph.serialize(format="turtle", encoding="utf-8")


def _canonical_jsonld(data: dict) -> dict:
    """Sort JSON-LD nodes by @id and every multi-valued property by its JSON text."""

    def value_key(value: object) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    def node(item: dict) -> dict:
        out = {}
        for key in sorted(item):
            value = item[key]
            if isinstance(value, list):
                value = sorted(value, key=value_key)
            out[key] = value
        return out

    graph = data.get("@graph", [])
    return {
        "@context": data.get("@context", {}),
        "@graph": sorted((node(item) for item in graph), key=lambda item: item.get("@id", "")),
    }


def rdf_bytes(kb: KnowledgeBase, fmt: str = "ttl") -> bytes:
    """The knowledge base serialised as ``ttl`` (Turtle), ``nt`` or ``jsonld``."""
    return serialize(build_graph(kb), fmt)


class RdfImportError(MechgraphError, ValueError):
    """An RDF export that does not describe claims the way mechgraph writes them."""


def local_id(iri: object, prefix: str = "") -> str:
    """The mechgraph id inside an IRI of the ``mg:`` namespace (``mg:claim_C1`` -> ``C1``)."""
    text = str(iri)
    if not text.startswith(BASE_IRI + prefix):
        raise RdfImportError(f"<{text}> is not a mechgraph IRI ({BASE_IRI}{prefix}...)")
    return text[len(BASE_IRI) + len(prefix) :]


def load_graph(source: str | Path, fmt: str | None = None) -> rdflib.Graph:
    """Parse an RDF file (format guessed from the suffix: .ttl, .nt, .jsonld)."""
    import rdflib

    path = Path(source)
    guessed = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld"}
    graph = rdflib.Graph()
    graph.parse(path, format=fmt or guessed.get(path.suffix.lower(), "turtle"))
    return graph


def read_claims(source: rdflib.Graph | str | Path) -> list[Claim]:
    """The claims of an RDF export, in curated order (file, then line), as records.

    >>> from mechgraph import load_kb
    >>> from mechgraph.io.rdf import build_graph
    >>> kb = load_kb()
    >>> read_claims(build_graph(kb)) == kb.claims
    True
    """
    import rdflib

    graph = source if isinstance(source, rdflib.Graph) else load_graph(source)
    reader = _ClaimReader(graph)
    nodes = _ordered(graph.subjects(rdflib.RDF.type, rdflib.URIRef(BASE_IRI + "CausalClaim")))
    return sorted((reader.claim(node) for node in nodes), key=_curated_order)


class _ClaimReader:
    """Reads claims back from a graph written by :func:`build_graph`."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.graph = graph
        #: (key, value) -> the values directly within it
        self.children: dict[tuple[str, str], set[str]] = {}
        for child, parent in graph.subject_objects(_mg("within_context")):
            key = str(self.one(parent, "context_key"))
            self.children.setdefault((key, str(self.one(parent, "context_value"))), set()).add(
                str(self.one(child, "context_value"))
            )

    def optional(self, subject: Node, name: str) -> Node | None:
        """The value of ``mg:<name>``, None when it has none; an error when it has several."""
        values = _ordered(self.graph.objects(subject, _mg(name)))
        if len(values) > 1:
            raise RdfImportError(f"<{subject}> has {len(values)} values of mg:{name}")
        return values[0] if values else None

    def one(self, subject: Node, name: str) -> Node:
        """The value of ``mg:<name>``, which the subject must have."""
        value = self.optional(subject, name)
        if value is None:
            raise RdfImportError(f"<{subject}> has no mg:{name}")
        return value

    def text(self, subject: Node, name: str) -> str:
        """The text of an optional ``mg:<name>`` ("" when it has none)."""
        value = self.optional(subject, name)
        return "" if value is None else str(value)

    def narrower(self, key: str, value: str) -> set[str]:
        """``value`` and every value within it, at any depth."""
        found, todo = {value}, [value]
        while todo:
            for v in self.children.get((key, todo.pop()), ()):
                if v not in found:
                    found.add(v)
                    todo.append(v)
        return found

    def claim(self, node: Node) -> Claim:
        """The claim of a ``mg:CausalClaim`` node."""
        context = self.context(node)
        return Claim(
            id=local_id(node, "claim_"),
            subject=local_id(self.one(node, "claim_subject")),
            relation=Relation(str(self.one(node, "relation"))),
            object=local_id(self.one(node, "claim_object")),
            evidence=self.evidence(node),
            context={key: frozenset(values) for key, values in sorted(context.items())},
            note="\n".join(sorted(str(v) for v in self.graph.objects(node, _iri(_RDFS_COMMENT)))),
            source=self.origin(node),
            comparator=self.text(node, "comparator"),
            background=tuple(filter(None, self.text(node, "background").split("|"))),
            scope=self.text(node, "scope") or "every",
            via=tuple(filter(None, self.text(node, "via").split("|"))),
            within=_within(context, self.narrower),
        )

    def evidence(self, node: Node) -> Evidence:
        """A claim's evidence; the reference list must agree with the cited references."""
        evidence_node = self.one(node, "has_evidence")
        refs = self.text(evidence_node, "reference_list")
        ref_tuple = tuple(refs.split("|")) if refs else ()
        cited = {str(v) for v in self.graph.objects(evidence_node, _mg("cited_reference"))}
        if cited != set(ref_tuple):
            raise RdfImportError(
                f"claim {local_id(node, 'claim_')}: mg:cited_reference disagrees with the list"
            )
        return Evidence(
            document=local_id(self.one(evidence_node, "from_document"), "document_"),
            section=self.text(evidence_node, "section"),
            refs=ref_tuple,
            quote=self.text(evidence_node, "quote"),
            level=EvidenceLevel(str(self.one(evidence_node, "evidence_level"))),
            curator=self.text(evidence_node, "curator"),
            date=self.text(evidence_node, "curation_date"),
        )

    def context(self, node: Node) -> dict[str, set[str]]:
        """A claim's context values by key."""
        context: dict[str, set[str]] = {}
        for ctx in self.graph.objects(node, _mg("in_context")):
            key, value = str(self.one(ctx, "context_key")), str(self.one(ctx, "context_value"))
            context.setdefault(key, set()).add(value)
        return context

    def origin(self, node: Node) -> SourceRef | None:
        """Where the claim was curated (``mg:curated_at`` "file:line"), if known."""
        where = self.text(node, "curated_at")
        if not where:
            return None
        file, _, line = where.rpartition(":")
        return SourceRef(file, int(line))


def _ordered(nodes: Iterable[Node]) -> list[Identifier]:
    """``sorted(nodes)``: rdflib types the nodes of a graph as ``Node``, but each is an
    ``Identifier`` (a URIRef, Literal or BNode), and identifiers are ordered."""
    return sorted(cast("Iterable[Identifier]", nodes))


def _curated_order(claim: Claim) -> tuple:
    return (claim.source.file, claim.source.line, claim.id) if claim.source else ("", 0, claim.id)


def _within(
    context: dict[str, set[str]], narrower: Callable[[str, str], set[str]]
) -> dict[str, frozenset[str]]:
    """A claim's context with the narrower values (empty when there are none, as the loader
    does)."""
    wider = {
        key: frozenset(v for value in values for v in narrower(key, value))
        for key, values in sorted(context.items())
    }
    return wider if wider != {k: frozenset(v) for k, v in context.items()} else {}
