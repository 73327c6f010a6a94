"""The RDF export (:mod:`mechgraph.io.rdf`): the round trip gives the same claims, signed claims
are RO causal triples, evidence is typed with ECO, every external term is verified."""

import dataclasses

import pytest

import mechgraph
from mechgraph.io.rdf import (
    BASE_IRI,
    RdfImportError,
    build_graph,
    kb_triples,
    rdf_bytes,
    read_claims,
    serialize,
)
from mechgraph.model.rdf_vocab import PREFIXES
from mechgraph.model.vocab import EvidenceLevel, Relation
from tests.helpers.kbfactory import claim, make_kb

OBO = "http://purl.obolibrary.org/obo/"
# Every external identifier the RDF export may use, with the label checked in its source
# (RO: oborel/obo-relations; ECO: evidenceontology eco-basic.obo). A new one must be added
# here, after checking it, or the test fails.
VERIFIED_TERMS = {
    "RO_0002304": "causally upstream of, positive effect",
    "RO_0002305": "causally upstream of, negative effect",
    "ECO_0006017": "author statement supported from referenced clinical study used in manual "
    "assertion",
    "ECO_0000304": "author statement supported by traceable reference used in manual assertion",
    "ECO_0000303": "author statement without traceable support used in manual assertion",
    "IAO_0000115": "definition",
}


@pytest.fixture(scope="module")
def rdf_graph(kb):
    return build_graph(kb)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_rdf_round_trip_gives_the_same_claims(kb, tmp_path, fmt):
    path = tmp_path / f"kb.{fmt}"
    path.write_bytes(rdf_bytes(kb, fmt))
    back = {c.id: c for c in read_claims(path)}
    assert sorted(back) == sorted(c.id for c in kb.claims)
    for original in kb.claims:
        for field in dataclasses.fields(original):
            assert getattr(back[original.id], field.name) == getattr(original, field.name), (
                f"{original.id}.{field.name} differs after the {fmt} round trip"
            )
    assert [c.id for c in read_claims(path)] == [c.id for c in kb.claims]  # curated order


def test_round_trip_keeps_edge_cases(tmp_path):
    """Unsorted references, several context values, a note, a null result, no refs."""
    root = make_kb(
        tmp_path / "kb",
        [
            claim("C1", "a", "increases", "b", refs="27|3", context="dose=high|dose=metronomic"),
            claim("C2", "b", "no_effect", "a", note="a reported null result", curator=""),
            claim("C3", "a", "decreases", "b", evidence_level="hypothesis", section=""),
        ],
        ["a", "b"],
    )
    small = mechgraph.load_kb(root)
    path = tmp_path / "kb.ttl"
    path.write_bytes(rdf_bytes(small, "ttl"))
    assert read_claims(path) == small.claims
    assert read_claims(path)[0].evidence.refs == ("27", "3")


def test_round_trip_notices_a_changed_quote(kb):
    from rdflib import Literal, URIRef

    graph = build_graph(kb)
    evidence = URIRef(f"{BASE_IRI}evidence_{kb.claims[0].id}")
    quote = URIRef(f"{BASE_IRI}quote")
    graph.set((evidence, quote, Literal("something else")))
    assert read_claims(graph) != kb.claims
    graph.remove((evidence, URIRef(f"{BASE_IRI}evidence_level"), None))
    with pytest.raises(RdfImportError):
        read_claims(graph)


def test_signed_claims_are_ro_triples_and_null_results_are_not(kb, rdf_graph):
    from rdflib import URIRef

    predicates = {URIRef(OBO + "RO_0002304"): "+", URIRef(OBO + "RO_0002305"): "-"}
    found = {
        (str(s)[len(BASE_IRI) :], predicates[p], str(o)[len(BASE_IRI) :])
        for p in predicates
        for s, o in rdf_graph.subject_objects(p)
    }
    signed = [c for c in kb.claims if c.relation in (Relation.INCREASES, Relation.DECREASES)]
    # a comparison of arms, or a claim about some members of a class, is no absolute triple
    expected = {
        (c.subject, c.sign.value, c.object) for c in signed if not c.comparative and c.inherited
    }
    assert found == expected
    assert any(c.comparative for c in signed) and any(not c.inherited for c in signed)
    null = [c for c in kb.claims if c.relation is Relation.NO_EFFECT]
    assert null, "the knowledge base has no no_effect claim to check"
    signed_pairs = {(s, o) for s, _, o in expected}
    for c in null:
        if (c.subject, c.object) not in signed_pairs:
            assert (c.subject, "+", c.object) not in found and (c.subject, "-", c.object) not in (
                found
            )
        node = URIRef(f"{BASE_IRI}claim_{c.id}")
        assert (node, URIRef(BASE_IRI + "causal_predicate"), None) not in rdf_graph


def test_evidence_nodes_are_typed_with_eco_per_level(kb, rdf_graph):
    from rdflib import RDF, URIRef

    expected_by_level = {
        EvidenceLevel.CLINICAL_PHASE3: "ECO_0006017",
        EvidenceLevel.CLINICAL: "ECO_0006017",
        EvidenceLevel.PRECLINICAL_IN_VIVO: "ECO_0000304",
        EvidenceLevel.IN_VITRO: "ECO_0000304",
        EvidenceLevel.REVIEW_STATEMENT: "ECO_0000304",
    }
    seen = set()
    for c in kb.claims:
        types = {
            str(t)[len(OBO) :]
            for t in rdf_graph.objects(URIRef(f"{BASE_IRI}evidence_{c.id}"), RDF.type)
            if str(t).startswith(OBO)
        }
        if c.evidence.level is EvidenceLevel.HYPOTHESIS:
            want = set()
        elif not c.evidence.refs:
            want = {"ECO_0000303"}
        else:
            want = {expected_by_level[c.evidence.level]}
        assert types == want, f"{c.id} ({c.evidence.level.value}, refs {c.evidence.refs})"
        seen |= types
    assert seen == {"ECO_0006017", "ECO_0000304", "ECO_0000303"}


def test_every_external_term_is_verified_and_labelled(rdf_graph):
    from rdflib import RDFS, URIRef

    used = {
        str(term)[len(OBO) :]
        for triple in rdf_graph
        for term in triple
        if str(term).startswith(OBO)
    }
    assert used == set(VERIFIED_TERMS)
    for local, label in VERIFIED_TERMS.items():
        assert str(rdf_graph.value(URIRef(OBO + local), RDFS.label)) == label


def test_rdf_holds_labels_synonyms_xrefs_definitions_and_formulations(rdf_graph):
    from rdflib import RDF, RDFS, BNode, Namespace, URIRef

    mg = Namespace(BASE_IRI)
    oio = "http://www.geneontology.org/formats/oboInOwl#"
    paclitaxel = mg["paclitaxel"]
    assert str(rdf_graph.value(paclitaxel, RDFS.label)) == "paclitaxel"
    xrefs = {str(v) for v in rdf_graph.objects(paclitaxel, URIRef(oio + "hasDbXref"))}
    assert {"CHEBI:45863", "DrugBank:DB01229"} <= xrefs
    synonyms = {str(v) for v in rdf_graph.objects(paclitaxel, URIRef(oio + "hasExactSynonym"))}
    assert "Taxol" in synonyms
    assert rdf_graph.value(paclitaxel, URIRef(OBO + "IAO_0000115")) is not None
    assert (paclitaxel, RDF.type, mg["Taxane"]) in rdf_graph
    assert (mg["Taxane"], RDFS.subClassOf, mg["CytotoxicDrug"]) in rdf_graph
    assert (mg["abraxane"], mg["has_payload"], paclitaxel) in rdf_graph
    assert (mg["abraxane"], mg["has_carrier"], mg["AlbuminNanoparticle"]) in rdf_graph
    assert rdf_graph.value(mg["abraxane"], mg["composition_quote"]) is not None
    assert not any(isinstance(t, BNode) for triple in rdf_graph for t in triple)


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])  # N-Triples lines are sorted by serialize
def test_rdf_exports_do_not_depend_on_the_order_of_the_triples(kb, fmt):
    """kb_triples lists the triples in the OWL export's order; the RDF exports are sorted."""
    import random

    from rdflib import Graph, Namespace

    triples = list(kb_triples(kb))
    random.Random(17).shuffle(triples)
    graph = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, Namespace(iri))
    for triple in triples:
        graph.add(triple)
    assert serialize(graph, fmt) == rdf_bytes(kb, fmt)
