"""The OWL export loads back with owlready2 and rdflib and is deterministic across processes."""

import pytest

import mechgraph
from mechgraph.io.owl import BASE_IRI, owl_bytes


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


# The committed exports/mechgraph.owl is checked with every other format in
# tests/io/test_exporters.py (test_committed_export_is_fresh).
