"""The OWL export loads back with owlready2 and rdflib, is deterministic across processes and
is the RDF graph in OWL terms (the same triples but for the listed differences)."""

from pathlib import Path

import pytest

import mechgraph
from mechgraph.io.owl import (
    BASE_IRI,
    OWL_LABELS,
    RDF_ONLY,
    OwlExportError,
    build_ontology,
    owl_bytes,
)
from mechgraph.io.rdf import build_graph
from tests.helpers.kbfactory import claim, make_kb


@pytest.fixture(scope="module")
def owl_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("owl") / "mechgraph.owl"
    path.write_bytes(owl_bytes(mechgraph.load_kb()))
    return path


def test_owl_loads_back_with_owlready2(owl_file):
    import owlready2

    kb = mechgraph.load_kb()
    world = owlready2.World()
    onto = world.get_ontology(owl_file.as_uri()).load()
    assert len(list(onto.classes())) >= len(kb.classes) + 2  # + CausalClaim, SourceDocument
    taxane = onto.search_one(iri=BASE_IRI + "Taxane")
    assert taxane is not None and onto.search_one(iri=BASE_IRI + "CytotoxicDrug") in (
        taxane.ancestors()
    )
    claims = list(onto.search(type=onto.search_one(iri=BASE_IRI + "CausalClaim")))
    assert len(claims) == len(kb.claims)
    first = kb.claims[0]
    individual = onto.search_one(iri=f"{BASE_IRI}claim_{first.id}")
    assert individual.quote == first.evidence.quote
    assert individual.claim_subject[0].name == first.subject
    abraxane = onto.search_one(iri=BASE_IRI + "abraxane")
    assert [p.name for p in abraxane.has_payload] == ["paclitaxel"]


def test_owl_loads_back_with_rdflib(owl_file):
    import rdflib

    graph = rdflib.Graph()
    graph.parse(owl_file, format="xml")
    rows = list(
        graph.query(
            f"SELECT ?claim ?quote WHERE {{ ?claim a <{BASE_IRI}CausalClaim> ; "
            f"<{BASE_IRI}quote> ?quote }}"
        )
    )
    assert len(rows) == len(mechgraph.load_kb().claims)
    xref = rdflib.URIRef("http://www.geneontology.org/formats/oboInOwl#hasDbXref")
    paclitaxel = rdflib.URIRef(BASE_IRI + "paclitaxel")
    assert "CHEBI:45863" in {str(value) for value in graph.objects(paclitaxel, xref)}


@pytest.mark.slow  # processes
def test_export_is_deterministic_across_processes():
    import hashlib
    import os
    import subprocess
    import sys

    code = (
        "import hashlib, mechgraph; from mechgraph.io.owl import owl_bytes; "
        "print(hashlib.sha256(owl_bytes(mechgraph.load_kb())).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1
    assert digests.pop().strip() == hashlib.sha256(owl_bytes(mechgraph.load_kb())).hexdigest()


def _owl_and_rdf_triples(kb, owl_file):
    """The OWL export's triples (literals plain) and the RDF graph's, with each evidence
    node's properties on its claim."""
    from rdflib import RDF, XSD, Graph, Literal, URIRef

    owl = {
        (s, p, Literal(str(o)) if isinstance(o, Literal) and o.datatype == XSD.string else o)
        for s, p, o in Graph().parse(owl_file, format="xml")
    }
    rdf = build_graph(kb)
    claim_of = dict((ev, c) for c, ev in rdf.subject_objects(URIRef(BASE_IRI + "has_evidence")))
    folded = {
        (claim_of.get(s, s), p, o) for s, p, o in rdf if not (s in claim_of and p == RDF.type)
    }
    return owl, folded


def test_owl_export_is_the_rdf_graph_in_owl_terms(kb, owl_file):
    from rdflib import OWL, RDF, RDFS, Literal, URIRef

    owl, rdf = _owl_and_rdf_triples(kb, owl_file)
    curated_at, from_document = URIRef(BASE_IRI + "curated_at"), URIRef(BASE_IRI + "from_document")
    readouts = {URIRef(BASE_IRI + r) for r in kb.readouts}
    roots = {URIRef(BASE_IRI + c.id) for c in kb.classes.values() if not c.parent}

    def owl_declaration(s, p, o) -> bool:  # what the OWL export adds
        return (
            (p, o) == (RDF.type, OWL.FunctionalProperty)
            or (
                (p, o) == (RDFS.subClassOf, OWL.Thing)
                and (s in roots or s.endswith(("CausalClaim", "SourceDocument")))
            )
            or (p == RDFS.label and o == Literal(OWL_LABELS.get(str(s), "")))
            or (s, p, o) == (URIRef(BASE_IRI.rstrip("/")), RDF.type, OWL.Ontology)
            or p == curated_at
        )

    def rdf_only(s, p, o) -> bool:  # what it leaves out
        return (
            bool({str(s), str(p), str(o)} & RDF_ONLY)
            or (p == from_document and s in readouts)
            or (p == RDFS.label and str(s) in OWL_LABELS)
            or p == curated_at
        )

    assert len(owl & rdf) > 9000
    assert [t for t in owl - rdf if not owl_declaration(*t)] == []
    assert [t for t in rdf - owl if not rdf_only(*t)] == []
    for c in kb.claims:  # the curation place: the file without its folder
        node = URIRef(f"{BASE_IRI}claim_{c.id}")
        assert {str(o) for s, p, o in owl if (s, p) == (node, curated_at)} == {
            f"{Path(c.source.file).name}:{c.source.line}"
        }


def test_owl_export_needs_every_iri_declared(tmp_path):
    """The test knowledge base's dose values are typed with DoseRegimen, which it lacks."""
    root = make_kb(tmp_path / "kb", [claim("C1", "a", "increases", "b")], ["a", "b"])
    with pytest.raises(OwlExportError, match="mg:DoseRegimen"):
        build_ontology(mechgraph.load_kb(root))


# The committed exports/mechgraph.owl is checked with every other format in
# tests/io/test_exporters.py (test_committed_export_is_fresh).
