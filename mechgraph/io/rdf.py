"""The knowledge base as RDF (Turtle, N-Triples, JSON-LD), built with rdflib.

What the graph holds (vocabulary in :mod:`mechgraph.io.rdf`, names shared with
the OWL export):

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
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, cast

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
from mechgraph.model.records import Claim, Evidence, SourceRef
from mechgraph.model.vocab import EvidenceLevel, Relation

if TYPE_CHECKING:
    import rdflib
    from rdflib.term import Identifier, Node

# Relation Ontology predicates for the direct causal triples.
#
# Our subjects and objects are drugs, formulations, carriers, cells, molecules, processes and
# clinical outcomes, and a claim says that more of the subject goes with more (or less) of the
# object. RO:0002213 "positively regulates" / RO:0002212 "negatively regulates" are
# sub-properties of RO:0002211 "regulates", whose domain and range are both BFO:0000015
# "process", and whose definition ("x is the realization of a function to exert an effect on
# the frequency, rate or extent of y") asserts a controlling function; RO's own editor note
# says that many colloquial uses of "regulates" are really the weaker "causally upstream of
# or within". Our claims are mostly not process-to-process and assert no control function
# (a nanocarrier "increases" tumour delivery, neutropenia "decreases" survival), so we use
#: Export formats handled here: name -> (rdflib serializer, file suffix).
RDF_FORMATS = {"ttl": ("turtle", "ttl"), "nt": ("nt", "nt"), "jsonld": ("json-ld", "jsonld")}


def build_graph(kb: KnowledgeBase) -> rdflib.Graph:
    """The knowledge base as an rdflib graph (no blank nodes)."""
    from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef

    mg, obo, oio = Namespace(BASE_IRI), Namespace(OBO), Namespace(OBO_IN_OWL)
    graph = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, Namespace(iri))
    add = graph.add

    def literal(value: object) -> Literal:
        return Literal(value)

    ontology = URIRef(BASE_IRI)
    add((ontology, RDF.type, OWL.Ontology))
    add((ontology, RDFS.label, literal("mechgraph: cancer nano-immunotherapy mechanisms")))
    for name, label in OBJECT_PROPERTIES.items():
        add((mg[name], RDF.type, OWL.ObjectProperty))
        add((mg[name], RDFS.label, literal(label)))
    for name, label in DATA_PROPERTIES.items():
        add((mg[name], RDF.type, OWL.DatatypeProperty))
        add((mg[name], RDFS.label, literal(label)))
    for name, label in META_CLASSES.items():
        add((mg[name], RDF.type, OWL.Class))
        add((mg[name], RDFS.label, literal(label)))
    for name, label in RO_LABELS.items():
        add((obo[name], RDF.type, OWL.ObjectProperty))
        add((obo[name], RDFS.label, literal(label)))
    for name, label in ECO_LABELS.items():
        add((obo[name], RDF.type, OWL.Class))
        add((obo[name], RDFS.label, literal(label)))
    for annotation in (oio["hasExactSynonym"], oio["hasDbXref"], obo["IAO_0000115"]):
        add((annotation, RDF.type, OWL.AnnotationProperty))
    add((obo["IAO_0000115"], RDFS.label, literal("definition")))

    def annotate(node, label: str, synonyms=(), xrefs=(), definition: str = "") -> None:
        add((node, RDFS.label, literal(label)))
        for value in synonyms:
            add((node, oio["hasExactSynonym"], literal(value)))
        for value in xrefs:
            add((node, oio["hasDbXref"], literal(value)))
        if definition:
            add((node, obo["IAO_0000115"], literal(definition)))

    for cls in kb.classes.values():
        node = mg[cls.id]
        add((node, RDF.type, OWL.Class))
        if cls.parent:
            add((node, RDFS.subClassOf, mg[cls.parent]))
        annotate(node, cls.label, cls.synonyms, cls.xrefs, cls.definition)
    for entity in kb.entities.values():
        node = mg[entity.id]
        add((node, RDF.type, OWL.NamedIndividual))
        add((node, RDF.type, mg[entity.type]))
        for parent in entity.parents:
            add((node, RDF.type if parent in kb.classes else mg["member_of"], mg[parent]))
        annotate(node, entity.label, entity.synonyms, entity.xrefs, entity.definition)

    for item in kb.strategies:  # a formulation is an instance of its strategies' classes
        add((mg[item.formulation], RDF.type, mg[item.strategy]))

    for form in kb.formulations.values():
        node = mg[form.id]
        add((node, mg["has_carrier"], mg[form.carrier]))
        for payload in form.payloads:
            add((node, mg["has_payload"], mg[payload]))
        for prop in form.properties:
            add((node, mg["has_property"], mg[prop]))
        if form.evidence:
            add((node, mg["composition_document"], mg[f"document_{form.evidence.document}"]))
            if form.evidence.section:
                add((node, mg["composition_section"], literal(form.evidence.section)))
            if form.evidence.quote:
                add((node, mg["composition_quote"], literal(form.evidence.quote)))

    for readout in kb.readouts.values():
        node = mg[readout.id]
        add((node, mg["readout_kind"], literal(readout.kind.value)))
        add((node, mg["readout_order"], literal(readout.order)))
        add((node, mg["desirable_direction"], literal(readout.desirable.value)))
        if readout.stage:
            add((node, mg["part_of_stage"], mg[readout.stage]))
        if readout.document:
            add((node, mg["from_document"], mg[f"document_{readout.document}"]))

    for (key, value), record in kb.contexts.items():
        node = mg[f"context_{key}_{value}"]
        add((node, RDF.type, OWL.NamedIndividual))
        add((node, RDF.type, mg[kb.declared_context_key(key).class_id]))
        annotate(node, record.label, record.synonyms, record.xrefs, record.definition)
        add((node, mg["context_key"], literal(key)))
        add((node, mg["context_value"], literal(value)))
        if record.parent:
            add((node, mg["within_context"], mg[f"context_{key}_{record.parent}"]))

    for doc in kb.documents.values():
        node = mg[f"document_{doc.id}"]
        add((node, RDF.type, OWL.NamedIndividual))
        add((node, RDF.type, mg["SourceDocument"]))
        annotate(node, doc.title, definition=doc.note)
        for name, value in (
            ("citation", doc.citation),
            ("authors", doc.authors),
            ("source_file", doc.file),
        ):
            if value:
                add((node, mg[name], literal(value)))

    for claim in kb.claims:
        node = mg[f"claim_{claim.id}"]
        add((node, RDF.type, OWL.NamedIndividual))
        add((node, RDF.type, mg["CausalClaim"]))
        label = f"{claim.id}: {kb.label(claim.subject)} {claim.relation.value} "
        add((node, RDFS.label, literal(label + kb.label(claim.object))))
        add((node, mg["claim_id"], literal(claim.id)))
        add((node, mg["claim_subject"], mg[claim.subject]))
        add((node, mg["claim_object"], mg[claim.object]))
        add((node, mg["relation"], literal(claim.relation.value)))
        for name, value in (
            ("comparator", claim.comparator),
            ("background", "|".join(claim.background)),
            ("scope", claim.scope if claim.scope != "every" else ""),
            ("via", "|".join(claim.via)),
        ):
            if value:
                add((node, mg[name], literal(value)))
        predicate = CAUSAL_PREDICATE.get(claim.relation)
        # no_effect, a comparison of arms or a claim about some members: a claim, never an
        # absolute causal triple
        if predicate and not claim.comparative and claim.inherited:
            add((node, mg["causal_predicate"], obo[predicate]))
            add((mg[claim.subject], obo[predicate], mg[claim.object]))
        for key in sorted(claim.context):
            for value in sorted(claim.context[key]):
                add((node, mg["in_context"], mg[f"context_{key}_{value}"]))
        if claim.note:
            add((node, RDFS.comment, literal(claim.note)))
        if claim.source:
            add((node, mg["curated_at"], literal(str(claim.source).replace("\\", "/"))))
        ev, ev_node = claim.evidence, mg[f"evidence_{claim.id}"]
        add((node, mg["has_evidence"], ev_node))
        add((ev_node, RDF.type, OWL.NamedIndividual))
        add((ev_node, RDF.type, mg["Evidence"]))
        eco = eco_class(ev)
        if eco:
            add((ev_node, RDF.type, obo[eco]))
        add((ev_node, mg["from_document"], mg[f"document_{ev.document}"]))
        add((ev_node, mg["evidence_level"], literal(ev.level.value)))
        if ev.refs:
            add((ev_node, mg["reference_list"], literal("|".join(ev.refs))))
            for ref in ev.refs:
                add((ev_node, mg["cited_reference"], literal(ref)))
        for name, value in (
            ("section", ev.section),
            ("quote", ev.quote),
            ("curator", ev.curator),
            ("curation_date", ev.date),
        ):
            if value:
                add((ev_node, mg[name], literal(value)))
    return graph


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
    mg = rdflib.Namespace(BASE_IRI)

    def one(subject, name: str, required: bool = True) -> rdflib.term.Node | None:
        values = _ordered(graph.objects(subject, mg[name]))
        if len(values) > 1:
            raise RdfImportError(f"<{subject}> has {len(values)} values of mg:{name}")
        if not values:
            if required:
                raise RdfImportError(f"<{subject}> has no mg:{name}")
            return None
        return values[0]

    def text(subject, name: str) -> str:
        value = one(subject, name, required=False)
        return "" if value is None else str(value)

    children: dict[tuple[str, str], set[str]] = {}  # (key, value) -> narrower values
    for child, parent in graph.subject_objects(mg["within_context"]):
        key = str(one(parent, "context_key"))
        children.setdefault((key, str(one(parent, "context_value"))), set()).add(
            str(one(child, "context_value"))
        )

    def narrower(key: str, value: str) -> set[str]:
        found, todo = {value}, [value]
        while todo:
            for v in children.get((key, todo.pop()), ()):
                if v not in found:
                    found.add(v)
                    todo.append(v)
        return found

    claims: list[Claim] = []
    for node in _ordered(graph.subjects(rdflib.RDF.type, mg["CausalClaim"])):
        claim_id = local_id(node, "claim_")
        evidence_node = one(node, "has_evidence")
        document = one(evidence_node, "from_document")
        refs = text(evidence_node, "reference_list")
        ref_tuple = tuple(refs.split("|")) if refs else ()
        cited = {str(v) for v in graph.objects(evidence_node, mg["cited_reference"])}
        if cited != set(ref_tuple):
            raise RdfImportError(f"claim {claim_id}: mg:cited_reference disagrees with the list")
        context: dict[str, set[str]] = {}
        for ctx in graph.objects(node, mg["in_context"]):
            key, value = str(one(ctx, "context_key")), str(one(ctx, "context_value"))
            context.setdefault(key, set()).add(value)
        origin = None
        where = text(node, "curated_at")
        if where:
            file, _, line = where.rpartition(":")
            origin = SourceRef(file, int(line))
        notes = sorted(str(v) for v in graph.objects(node, rdflib.RDFS.comment))
        claims.append(
            Claim(
                id=claim_id,
                subject=local_id(one(node, "claim_subject")),
                relation=Relation(str(one(node, "relation"))),
                object=local_id(one(node, "claim_object")),
                evidence=Evidence(
                    document=local_id(document, "document_"),
                    section=text(evidence_node, "section"),
                    refs=ref_tuple,
                    quote=text(evidence_node, "quote"),
                    level=EvidenceLevel(str(one(evidence_node, "evidence_level"))),
                    curator=text(evidence_node, "curator"),
                    date=text(evidence_node, "curation_date"),
                ),
                context={key: frozenset(values) for key, values in sorted(context.items())},
                note="\n".join(notes),
                source=origin,
                comparator=text(node, "comparator"),
                background=tuple(filter(None, text(node, "background").split("|"))),
                scope=text(node, "scope") or "every",
                via=tuple(filter(None, text(node, "via").split("|"))),
                within=_within(context, narrower),
            )
        )
    claims.sort(key=_curated_order)
    return claims


def _ordered(nodes: Iterable[Node]) -> list[Identifier]:
    """``sorted(nodes)``: rdflib types the nodes of a graph as ``Node``, but each is an
    ``Identifier`` (a URIRef, Literal or BNode), and identifiers are ordered."""
    return sorted(cast("Iterable[Identifier]", nodes))


def _curated_order(claim: Claim) -> tuple:
    return (claim.source.file, claim.source.line, claim.id) if claim.source else ("", 0, claim.id)


def _within(context: dict[str, set[str]], narrower) -> dict[str, frozenset[str]]:
    """A claim's context with the narrower values (empty when there are none, as the loader
    does)."""
    wider = {
        key: frozenset(v for value in values for v in narrower(key, value))
        for key, values in sorted(context.items())
    }
    return wider if wider != {k: frozenset(v) for k, v in context.items()} else {}
