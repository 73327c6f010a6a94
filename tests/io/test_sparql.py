"""``mechgraph sparql`` (:mod:`mechgraph.io.sparql`): the shipped example queries answer what the
knowledge base says (checked against the same facts computed in Python), bindings are never
query text, errors are one line with the right exit code, and no query reaches the network
(``SERVICE`` is refused unless ``--allow-network``)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap

import pytest

import mechgraph
from mechgraph.io.rdf import build_graph
from mechgraph.io.sparql import QueryFailure, parse_binding, run_query
from mechgraph.model.vocab import EvidenceLevel
from tests.helpers.cli import one_line_error

QUERIES = "docs/queries"


@pytest.fixture
def select_json(run_cli):
    """``select_json(*args, repo=...)``: the variables and rows of ``mechgraph sparql ARGS
    --json`` run in ``repo``."""

    def select(*args, repo):
        proc = run_cli("sparql", *args, "--json", cwd=repo)
        assert proc.returncode == 0, proc.stderr
        data = json.loads(proc.stdout)
        names = data["head"]["vars"]
        rows = [
            {name: row[name]["value"] for name in names if name in row}
            for row in data["results"]["bindings"]
        ]
        return names, rows

    return select


def claims_about(kb, node):
    """Python's answer: claims about ``node`` or a class it belongs to."""
    entity = kb.entities[node]
    around = {node}
    for cls in [entity.type, *entity.parents]:
        if cls in kb.classes:
            around |= set(kb.superclasses(cls))
    return {c.id for c in kb.claims if c.subject in around or c.object in around}


def test_claims_about_pdl1(select_json, kb, repo):
    _, rows = select_json("--file", f"{QUERIES}/claims_about_pdl1.rq", repo=repo)
    expected = claims_about(kb, "pd_l1")
    assert {row["id"] for row in rows} == expected
    assert len(expected) >= 3
    direct = {c.id for c in kb.claims if "pd_l1" in (c.subject, c.object)}
    assert direct and direct < expected, "PD-L1 should get direct and class-level claims"


@pytest.mark.parametrize("name", ["PD-L1", "CD274"])  # label and an exact synonym
def test_claims_about_with_a_bound_name(select_json, kb, repo, name):
    _, rows = select_json(
        "--file", f"{QUERIES}/claims_about.rq", "--bind", f"name={name}", repo=repo
    )
    assert {row["id"] for row in rows} == claims_about(kb, "pd_l1")


def test_inorganic_formulations(select_json, kb, repo):
    _, rows = select_json("--file", f"{QUERIES}/inorganic_formulations.rq", repo=repo)
    expected = {
        f.id for f in kb.formulations.values() if kb.is_a(f.carrier, "InorganicNanoparticle")
    }
    assert expected, "no formulation with an inorganic carrier to find"
    assert {row["formulation"] for row in rows} == expected
    assert "abraxane" not in expected


def test_hypotheses_on_the_paths_of_an_answer(select_json, kb, repo):
    # tumour control rests on clinical claims only (its MPS side is below the floor)
    agents, target = ["Abraxane", "atezolizumab"], "nanocarrier_tumour_delivery"
    answer = mechgraph.explain(agents, target, paths=5)
    expected = {
        claim.id
        for paths in answer.paths.values()
        for path in paths
        for edge in path.edges
        for claim in edge.applicable_claims({})
        if claim.evidence.level is EvidenceLevel.HYPOTHESIS
    }
    assert expected, "the answer rests on no hypothesis; pick another example"
    args = ["--file", f"{QUERIES}/hypotheses_on_path.rq", "--target", target]
    for agent in agents:
        args += ["--agent", agent]
    _, rows = select_json(*args, repo=repo)
    assert {row["id"] for row in rows} == expected


def test_claim_ids_computed_in_python_can_be_bound_one_by_one(kb):
    """The other way to query an answer's path: bind each claim id (never format text)."""
    graph = build_graph(kb)
    query = (
        "SELECT ?level WHERE { ?claim mg:claim_id ?id ; mg:has_evidence/mg:evidence_level ?level }"
    )
    for claim in kb.claims[:5]:
        rows = list(run_query(graph, query, dict([parse_binding(f"id={claim.id}")])))
        assert [str(row[0]) for row in rows] == [claim.evidence.level.value]


def test_every_shipped_query_parses_and_runs(kb, repo):
    graph = build_graph(kb)
    names = sorted(p.name for p in (repo / QUERIES).glob("*.rq"))
    assert {
        "claims_about_pdl1.rq",
        "claims_about.rq",
        "hypotheses_on_path.rq",
        "inorganic_formulations.rq",
    } <= set(names)
    for name in names:
        text = (repo / QUERIES / name).read_text(encoding="utf-8")
        bindings = dict([parse_binding("name=PD-L1")]) if "--bind name" in text else {}
        assert run_query(graph, text, bindings).type == "SELECT", name


def test_a_query_that_needs_a_binding_says_so(run_cli, repo):
    proc = run_cli("sparql", "--file", f"{QUERIES}/claims_about.rq", cwd=repo)
    assert proc.returncode == 2
    assert "--bind name=" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    proc = run_cli("sparql", "--file", f"{QUERIES}/hypotheses_on_path.rq", cwd=repo)
    assert proc.returncode == 2 and "--target" in proc.stderr


def test_bound_values_are_never_query_text(select_json, kb, repo):
    hostile = 'PD-L1" } UNION { ?claim ?p ?o } #'
    _, rows = select_json(
        "--file", f"{QUERIES}/claims_about.rq", "--bind", f"name={hostile}", repo=repo
    )
    assert rows == []


def test_binding_syntax():
    from rdflib import XSD, Literal, URIRef

    assert parse_binding("node=mg:pd_l1") == ("node", URIRef("https://w3id.org/mechgraph/pd_l1"))
    assert parse_binding("p=<http://purl.obolibrary.org/obo/RO_0002304>")[1] == URIRef(
        "http://purl.obolibrary.org/obo/RO_0002304"
    )
    assert parse_binding("?n=3") == ("n", Literal("3"))
    assert parse_binding('n="3"^^xsd:integer')[1] == Literal("3", datatype=XSD.integer)
    assert parse_binding("x=unknown:thing")[1] == Literal("unknown:thing")
    for bad in ("noequals", "1x=3", "=3"):
        with pytest.raises(QueryFailure):
            parse_binding(bad)


def test_plain_table_and_ask(run_cli, repo):
    proc = run_cli(
        "sparql", "SELECT ?id WHERE { ?c mg:claim_id ?id } ORDER BY ?id LIMIT 2", cwd=repo
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["id"] and lines[2:4] == ["C0001", "C0002"]
    assert lines[-1] == "(2 rows)"
    proc = run_cli("sparql", "ASK { ?c mg:claim_id ?id }", "--bind", "id=C0001", "--json", cwd=repo)
    assert json.loads(proc.stdout)["boolean"] is True
    proc = run_cli("sparql", "ASK { ?c mg:claim_id ?id }", "--bind", "id=C9999")
    assert proc.returncode == 0 and proc.stdout.strip() == "false"


@pytest.mark.parametrize(
    "query", ["SELEC ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { ?x nope:p ?o }", "SELECT ?x {"]
)
def test_malformed_query_is_one_line_and_exit_1(run_cli, query):
    proc = run_cli("sparql", query)
    assert proc.returncode == 1
    assert proc.stderr.startswith("mechgraph: error: ")
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["SELECT * {}", "--file", "q.rq"],
        ["--file", "missing.rq"],
        ["SELECT * {}", "--bind", "nonsense"],
        ["SELECT * {}", "--agent", "Abraxane"],
        ["SELECT * {}", "--agent", "Abraxanne", "--target", "tumour_control"],
    ],
)
def test_usage_errors_exit_2(run_cli, args, tmp_path):
    (tmp_path / "q.rq").write_text("SELECT * {}")
    proc = run_cli("sparql", *args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("mechgraph: error: ") and "Traceback" not in proc.stderr


# -- SPARQL stays local ------------------------------------------------------------------------

SERVICE_QUERIES = [
    "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * { ?c mg:claim_id ?id OPTIONAL { SERVICE SILENT <https://example.org/q> "
    "{ ?c ?p ?o } } }",
    "ASK { ?c mg:claim_id ?id FILTER EXISTS { SERVICE <file:///etc/hostname> { ?s ?p ?o } } }",
    "SELECT * { { SELECT ?s { SERVICE <http://example.org/sparql> { ?s ?p ?o } } } }",
]


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_service_is_refused_before_any_network_attempt(query, monkeypatch):
    import urllib.request

    from rdflib import Graph

    from mechgraph.io.sparql import NetworkRefused, run_query

    attempts = []

    def record(*args, **kwargs):
        attempts.append(args)
        raise AssertionError("network attempted")

    monkeypatch.setattr(urllib.request, "urlopen", record)
    monkeypatch.setattr(socket.socket, "connect", record)
    monkeypatch.setattr(socket, "getaddrinfo", record)
    with pytest.raises(NetworkRefused, match="--allow-network"):
        run_query(Graph(), query)
    assert attempts == []


def test_cli_sparql_service_is_a_usage_error(run_cli, tmp_path):
    proc = run_cli("sparql", SERVICE_QUERIES[0])
    err = one_line_error(proc, 2)
    assert "SERVICE <http://127.0.0.1:9/sparql>" in err and "--allow-network" in err
    assert proc.stdout == ""


def test_cli_sparql_allow_network_contacts_the_endpoint(run_cli):
    with socket.socket() as probe:  # a local port nobody listens on: refused at once
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    query = f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    proc = run_cli("sparql", "--allow-network", query)
    assert "the query failed" in one_line_error(proc, 1)


@pytest.mark.slow  # a process
def test_network_is_blocked_even_past_the_service_check():
    script = textwrap.dedent(
        """
        from rdflib import Graph
        from mechgraph.io.sparql import NetworkRefused, forbid_network, run_query
        forbid_network()
        try:
            run_query(Graph(), "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                      allow_network=True)
        except NetworkRefused:
            print("blocked")
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.stdout.strip() == "blocked", proc.stderr
