"""mechgraph's RDF vocabulary, and reading claims back from an RDF export (Turtle, N-Triples,
JSON-LD).

The writer is :mod:`mechgraph.export.rdf`; both use the names below, so that an export read
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

>>> local_id(MG["claim_C0001"], "claim_")
'C0001'
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from mechgraph.model.records import Claim, Evidence, SourceRef
from mechgraph.model.vocab import EvidenceLevel, Relation

if TYPE_CHECKING:
    import rdflib

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


class RdfImportError(ValueError):
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
    >>> from mechgraph.export.rdf import build_graph
    >>> kb = load_kb()
    >>> read_claims(build_graph(kb)) == kb.claims
    True
    """
    import rdflib

    graph = source if isinstance(source, rdflib.Graph) else load_graph(source)
    mg = rdflib.Namespace(BASE_IRI)

    def one(subject, name: str, required: bool = True) -> rdflib.term.Node | None:
        values = sorted(graph.objects(subject, mg[name]))
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
    for node in sorted(graph.subjects(rdflib.RDF.type, mg["CausalClaim"])):
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
        source = None
        where = text(node, "curated_at")
        if where:
            file, _, line = where.rpartition(":")
            source = SourceRef(file, int(line))
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
                source=source,
                comparator=text(node, "comparator"),
                background=tuple(filter(None, text(node, "background").split("|"))),
                scope=text(node, "scope") or "every",
                via=tuple(filter(None, text(node, "via").split("|"))),
                within=_within(context, narrower),
            )
        )
    claims.sort(key=_curated_order)
    return claims


def _curated_order(claim: Claim) -> tuple:
    return (claim.source.file, claim.source.line, claim.id) if claim.source else ("", 0, claim.id)


def claims_by_id(claims: Iterable[Claim]) -> dict[str, Claim]:
    """Index claims by id (handy to compare an export with a loaded knowledge base)."""
    return {claim.id: claim for claim in claims}


def _within(context: dict[str, set[str]], narrower) -> dict[str, frozenset[str]]:
    """A claim's context with the narrower values (empty when there are none, as the loader
    does)."""
    wider = {
        key: frozenset(v for value in values for v in narrower(key, value))
        for key, values in sorted(context.items())
    }
    return wider if wider != {k: frozenset(v) for k, v in context.items()} else {}
