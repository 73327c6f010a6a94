"""The knowledge base as RDF (Turtle, N-Triples, JSON-LD), built with rdflib.

What the graph holds (vocabulary in :mod:`mechgraph.sources.rdf_import`, names shared with
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
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import Evidence
from mechgraph.model.vocab import EvidenceLevel, Relation
from mechgraph.sources.rdf_import import (
    BASE_IRI,
    DATA_PROPERTIES,
    META_CLASSES,
    OBJECT_PROPERTIES,
    OBO,
    OBO_IN_OWL,
    PREFIXES,
)

if TYPE_CHECKING:
    import rdflib

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
# the plain causal pair: RO:0002304 "causally upstream of, positive effect" and RO:0002305
# "causally upstream of, negative effect" (children of RO:0002411 "causally upstream of",
# "p precedes q and p and q are linked in a causal chain"). RO declares these between
# occurrents; we read "drug X" as "the presence/administration of X", the usual reading in
# causal networks built on RO (e.g. GO-CAM). Checked in the oborel/obo-relations sources
# (RO_0002211, RO_0002212, RO_0002213, RO_0002411 term pages) and in GO-CAM's
# CausalPredicateEnum (labels of RO:0002304 / RO:0002305).
RO_POSITIVE = "RO_0002304"
RO_NEGATIVE = "RO_0002305"
RO_LABELS = {
    RO_POSITIVE: "causally upstream of, positive effect",
    RO_NEGATIVE: "causally upstream of, negative effect",
}
CAUSAL_PREDICATE = {Relation.INCREASES: RO_POSITIVE, Relation.DECREASES: RO_NEGATIVE}

# Evidence & Conclusion Ontology classes for the evidence nodes. Every claim is a curator's
# reading of a statement in a document (a review), so the evidence is an author statement
# used in a manual assertion; ECO distinguishes whether the statement cites a traceable
# reference (our `refs` column) and whether that reference is a clinical study:
#   ECO:0006017 "author statement supported from referenced clinical study used in manual
#               assertion" (earlier label: "author statement from published clinical study
#               used in manual assertion"; a child of ECO:0000304) -> clinical levels with refs
#   ECO:0000304 "author statement supported by traceable reference used in manual assertion"
#               (GO's TAS) -> preclinical in vivo, in vitro and review statements with refs
#   ECO:0000303 "author statement without traceable support used in manual assertion"
#               (GO's NAS) -> the same levels when the statement cites no reference
# Hypotheses (speculation: "could", "one can speculate") get no ECO class: ECO has no term
# for a speculative statement, and typing one as an author statement would make it count as
# support in ECO-aware tools. The level itself is always in mg:evidence_level. IDs and labels
# checked in evidenceontology/evidenceontology (eco-basic.obo, gaf-eco-mapping-derived.txt).
ECO_LABELS = {
    "ECO_0006017": "author statement supported from referenced clinical study used in manual "
    "assertion",
    "ECO_0000304": "author statement supported by traceable reference used in manual assertion",
    "ECO_0000303": "author statement without traceable support used in manual assertion",
}


def eco_class(evidence: Evidence) -> str | None:
    """The ECO class (``ECO_nnnnnnn``) of a claim's evidence, or None for a hypothesis.

    >>> eco_class(Evidence("doc", refs=("12",), level=EvidenceLevel.CLINICAL))
    'ECO_0006017'
    >>> eco_class(Evidence("doc", level=EvidenceLevel.REVIEW_STATEMENT))
    'ECO_0000303'
    >>> eco_class(Evidence("doc", refs=("3",), level=EvidenceLevel.HYPOTHESIS)) is None
    True
    """
    if evidence.level is EvidenceLevel.HYPOTHESIS:
        return None
    if not evidence.refs:
        return "ECO_0000303"
    return "ECO_0006017" if evidence.level.is_clinical else "ECO_0000304"


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
    for prop in (oio["hasExactSynonym"], oio["hasDbXref"], obo["IAO_0000115"]):
        add((prop, RDF.type, OWL.AnnotationProperty))
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
        add((node, RDF.type, mg[kb.context_key(key).class_id]))
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
