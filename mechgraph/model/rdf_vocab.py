"""The RDF vocabulary of mechgraph's exports and of reading them back: the base IRI and
namespaces, the prefixes, the object and data properties and classes of the schema, the
Relation Ontology causal predicates and the Evidence & Conclusion Ontology classes.

No rdflib at import time (IRIs are strings): the exporters, the RDF reader and ``sparql``
share these names.

>>> MG["claim_C1"]
'https://w3id.org/mechgraph/claim_C1'
"""

from __future__ import annotations

from mechgraph.model.records import Evidence
from mechgraph.model.vocab import EvidenceLevel, Relation

BASE_IRI = "https://w3id.org/mechgraph/"
OBO = "http://purl.obolibrary.org/obo/"
OBO_IN_OWL = "http://www.geneontology.org/formats/oboInOwl#"


class _Namespace(str):
    """A minimal IRI namespace (``MG["claim_C1"]``) that needs no rdflib at import time."""

    def __getitem__(self, name: str) -> str:  # type: ignore[override]
        return f"{self}{name}"


MG = _Namespace(BASE_IRI)

#: Prefixes bound in every export and predeclared for ``mechgraph sparql``.
PREFIXES: dict[str, str] = {
    "mg": BASE_IRI,
    "obo": OBO,
    "oboInOwl": OBO_IN_OWL,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: Object properties of the vocabulary (local name -> label); names match the OWL export.
OBJECT_PROPERTIES: dict[str, str] = {
    "has_carrier": "has carrier",
    "has_payload": "has payload",
    "has_property": "has carrier property",
    "member_of": "member of",
    "claim_subject": "claim subject",
    "claim_object": "claim object",
    "causal_predicate": "causal predicate (Relation Ontology)",
    "has_evidence": "has evidence",
    "from_document": "from document",
    "in_context": "in context",
    "within_context": "within a broader context value",
    "part_of_stage": "part of stage",
    "composition_document": "composition stated in document",
}
#: Data properties (local name -> label).
DATA_PROPERTIES: dict[str, str] = {
    "claim_id": "claim identifier",
    "relation": "relation",
    "comparator": "comparator arm (an id, or free_payload: the subject's payload given free)",
    "background": "components both arms share ('|'-separated, in curated order)",
    "scope": "scope (every member of the subject, some, or conditional)",
    "via": "claims that give the mechanism ('|'-separated ids)",
    "evidence_level": "evidence level",
    "quote": "verbatim quote",
    "section": "section",
    "cited_reference": "cited reference number",
    "reference_list": "cited reference numbers, in curated order ('|'-separated)",
    "curator": "curator",
    "curation_date": "curation date",
    "curated_at": "curated at (file:line)",
    "readout_kind": "readout kind",
    "readout_order": "readout order",
    "desirable_direction": "desirable direction",
    "context_key": "context key",
    "context_value": "context value",
    "citation": "citation",
    "authors": "authors",
    "source_file": "source file",
    "composition_section": "composition stated in section",
    "composition_quote": "composition quote",
}
#: Classes of the vocabulary itself (beside the knowledge base's own classes).
META_CLASSES: dict[str, str] = {
    "CausalClaim": "causal claim",
    "Evidence": "evidence",
    "SourceDocument": "source document",
}


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
