"""Every export format: the committed copies are fresh, the bytes are deterministic (also
across hash seeds), the RDF round trip gives the same claims, and each format holds what
its readers expect (RO causal triples, ECO evidence types, CX2 structure, SIF signs)."""

import dataclasses
import hashlib
import json
import os
import re
import subprocess
import sys

import pytest
from kbfactory import claim, make_kb

import mechgraph
from mechgraph.io.exporters import FORMATS, export_bytes
from mechgraph.io.network import network_view
from mechgraph.io.rdf import BASE_IRI, RdfImportError, build_graph, rdf_bytes, read_claims
from mechgraph.model.vocab import EvidenceLevel, Relation

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
def kb():
    return mechgraph.load_kb()


@pytest.fixture(scope="module")
def rdf_graph(kb):
    return build_graph(kb)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_committed_export_is_fresh(repo, fmt):
    path = repo / "exports" / FORMATS[fmt].filename
    command = "mechgraph export --all"
    assert path.is_file(), f"{path.name} is missing: run `{command}`"
    fresh = export_bytes(mechgraph.load_kb(repo / "ontology"), fmt)
    assert path.read_bytes() == fresh, f"exports/{path.name} is stale: run `{command}`"


def test_exports_are_deterministic_across_hash_seeds(kb):
    code = (
        "import hashlib, json, mechgraph\n"
        "from mechgraph.io.exporters import FORMATS\n"
        "kb = mechgraph.load_kb()\n"
        "print(json.dumps({n: hashlib.sha256(f.build(kb)).hexdigest()"
        " for n, f in FORMATS.items()}))\n"
    )
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONHASHSEED": seed, "MECHGRAPH_CACHE": "off"},
                timeout=300,
            ).stdout
        )
        for seed in ("1", "2")
    ]
    here = {name: hashlib.sha256(f.build(kb)).hexdigest() for name, f in FORMATS.items()}
    assert runs[0] == runs[1] == here


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


# -- network formats -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def compiled(kb):
    return mechgraph.compile_kb(kb)


def test_graphml_loads_in_networkx_with_signs_and_evidence(kb, compiled, tmp_path):
    import networkx as nx

    path = tmp_path / "kb.graphml"
    path.write_bytes(export_bytes(kb, "graphml"))
    graph = nx.read_graphml(path, force_multigraph=True)
    assert set(graph.nodes) == set(compiled.nodes())
    assert graph.number_of_edges() == compiled.edge_count()
    for edge in compiled.edges():
        key = f"{edge.source}|{edge.relation}|{edge.target}"
        data = graph[edge.source][edge.target][key]
        assert data["sign"] == edge.sign.value
        assert data["structural"] is edge.structural
        if edge.claims:
            assert set(data["claims"].split("|")) == {c.id for c in edge.claims}
            assert len(data["quotes"].split("|")) == len(edge.claims)
    assert graph.nodes["paclitaxel"]["type"] == "Taxane"
    assert graph.nodes["abraxane"]["formulation"] is True


CX2_TYPES = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "double": lambda v: isinstance(v, float),
    "list_of_string": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
}


def test_cx2_follows_the_specification(kb, compiled):
    doc = json.loads(export_bytes(kb, "cx2"))
    assert doc[0] == {"CXVersion": "2.0", "hasFragments": False}
    assert list(doc[-1]) == ["status"] and doc[-1]["status"] == [{"error": "", "success": True}]
    aspects = {name: body for item in doc[1:-1] for name, body in item.items()}
    counts = {m["name"]: m["elementCount"] for m in aspects.pop("metaData")}
    assert counts == {name: len(body) for name, body in aspects.items()}
    declared = aspects["attributeDeclarations"][0]
    for aspect in ("nodes", "edges"):
        for element in aspects[aspect]:
            for name, value in element["v"].items():
                kind = declared[aspect][name]["d"]
                assert CX2_TYPES[kind](value), f"{aspect} {name}={value!r} is not {kind}"
    for name, value in aspects["networkAttributes"][0].items():
        assert CX2_TYPES[declared["networkAttributes"][name]["d"]](value)
    ids = [n["id"] for n in aspects["nodes"]]
    assert len(set(ids)) == len(ids) == len(compiled.nodes())
    assert len({e["id"] for e in aspects["edges"]}) == compiled.edge_count()
    by_id = {n["id"]: n["v"]["mechgraph_id"] for n in aspects["nodes"]}
    pairs = {(by_id[e["s"]], e["v"]["sign"], by_id[e["t"]]) for e in aspects["edges"]}
    assert pairs == {(e.source, e.sign.value, e.target) for e in compiled.edges()}


def test_sif_lines_are_the_signed_edges(kb, compiled):
    lines = export_bytes(kb, "sif").decode().splitlines()
    assert lines == sorted(set(lines))
    parsed = set()
    for line in lines:
        source, sign, target = line.split("\t")
        assert sign in {"1", "-1"}
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", source) and re.fullmatch(
            r"[A-Za-z][A-Za-z0-9_]*", target
        ), "SIF node names must not need quoting (CARNIVAL, CausalR read whitespace tables)"
        parsed.add((source, "+" if sign == "1" else "-", target))
    assert parsed == {(e.source, e.sign.value, e.target) for e in compiled.edges()}
    assert "abraxane\t1\tpaclitaxel" in lines
    assert any(line.split("\t")[1] == "-1" for line in lines)


def test_sif_styles_for_causalr_and_causal_only(kb):
    from mechgraph.io.sif import sif_lines

    view = network_view(kb)
    causalr = sif_lines(view, style="causalr")
    assert {line.split("\t")[1] for line in causalr} == {"Activates", "Inhibits"}
    causal = sif_lines(view, causal_only=True)
    assert "abraxane\t1\tpaclitaxel" not in causal
    assert len(causal) == len({(e.source, e.sign, e.target) for e in view.edges if e.claims})


def test_node_link_json_loads_in_networkx(kb, compiled):
    import networkx as nx

    data = json.loads(export_bytes(kb, "json"))
    graph = nx.node_link_graph(data, edges="edges")
    assert graph.is_directed() and graph.is_multigraph()
    assert graph.number_of_nodes() == len(compiled.nodes())
    assert graph.number_of_edges() == compiled.edge_count()
    edge = next(e for e in data["edges"] if e["claims"])
    assert len(edge["claims"]) == len(edge["evidence_levels"]) == len(edge["quotes"])


def test_edge_keys_are_unique(kb):
    keys = [edge.key for edge in network_view(kb).edges]
    assert len(keys) == len(set(keys))


# -- command line --------------------------------------------------------------------------


def run_cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "mechgraph", *args],
        capture_output=True,
        cwd=cwd,
        timeout=300,
    )


def test_cli_export_to_stdout_and_by_suffix(kb, tmp_path):
    proc = run_cli("export", "--format", "ttl")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == rdf_bytes(kb, "ttl")
    proc = run_cli("export", "-o", str(tmp_path / "net.sif"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "net.sif").read_bytes() == export_bytes(kb, "sif")


def test_cli_export_all_writes_every_format(kb, tmp_path):
    proc = run_cli("export", "--all", "--dir", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f.filename for f in FORMATS.values())
    for fmt in ("cx2", "nt"):
        assert (tmp_path / "out" / FORMATS[fmt].filename).read_bytes() == export_bytes(kb, fmt)


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "pdf"],
        ["--all", "--format", "ttl"],
        ["--all", "-o", "x.ttl"],
        ["--dir", "somewhere"],
    ],
)
def test_cli_export_usage_errors(args, tmp_path):
    proc = run_cli("export", *args, cwd=tmp_path)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert err.startswith("mechgraph: error: ") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
