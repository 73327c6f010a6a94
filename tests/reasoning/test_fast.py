"""The array engine gives the same answers as the reference engine (property-based)."""

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from mechgraph.model.vocab import Sign  # noqa: E402
from mechgraph.reasoning.fast import propagate_fast  # noqa: E402
from mechgraph.reasoning.propagate import Intervention, propagate  # noqa: E402
from tests.helpers.kbfactory import signed_graph  # noqa: E402


@st.composite
def signed_graphs(draw):
    size = draw(st.integers(2, 12))
    edges = draw(
        st.lists(
            st.tuples(st.integers(0, size - 1), st.integers(0, size - 1), st.sampled_from("+-")),
            min_size=1,
            max_size=40,
            unique=True,
        )
    )
    graph = signed_graph(size, edges)
    sources = draw(
        st.lists(
            st.tuples(st.integers(0, size - 1), st.sampled_from("+-")),
            min_size=1,
            max_size=3,
            unique_by=lambda x: x[0],
        )
    )
    return graph, [Intervention(f"n{i}", Sign(s)) for i, s in sources]


@settings(max_examples=300, deadline=None)
@given(signed_graphs())
def test_array_engine_matches_reference(case):
    graph, interventions = case
    ref = propagate(graph, interventions, paths_per_sign=3)
    fast = propagate_fast(graph.arrays(), interventions, paths_per_sign=3)
    assert fast.node_signs() == ref.node_signs()
    assert {(f.edge.key, f.kind) for f in fast.feedback} == {
        (f.edge.key, f.kind) for f in ref.feedback
    }
    for node in ref.node_signs():
        for sign in (Sign.PLUS, Sign.MINUS):
            assert fast.strength(node, sign) == pytest.approx(ref.strength(node, sign))
            ref_paths = [round(p.strength, 6) for p in ref.paths(node, sign)]
            fast_paths = [round(p.strength, 6) for p in fast.paths(node, sign)]
            assert fast_paths == ref_paths
            for path in fast.paths(node, sign):
                assert path.nodes[-1] == node and len(set(path.nodes)) == len(path.nodes)


_GENES = ["CD274", "PDCD1", "IFNG", "G1", "G2", "G3", "G4"]


@st.composite
def merged_cases(draw):
    """The shipped knowledge base with a random imported network touching its concepts."""
    from mechgraph.io.importers import ImportedEdge

    rows = draw(
        st.lists(
            st.tuples(st.sampled_from(_GENES), st.sampled_from(_GENES), st.sampled_from("+-")),
            min_size=1,
            max_size=25,
            unique=True,
        )
    )
    edges = [
        ImportedEdge(s, t, Sign(sign), "net.sif", i + 1) for i, (s, t, sign) in enumerate(rows)
    ]
    agents = draw(
        st.lists(
            st.sampled_from(["atezolizumab", "G1", "G2", "pd_l1"]),
            min_size=1,
            max_size=2,
            unique=True,
        )
    )
    return edges, agents


@settings(max_examples=60, deadline=None)
@given(merged_cases())
def test_engines_agree_on_merged_graphs(case):
    """Imported edges live in arrays (MergedGraph.imported): both engines see them alike."""
    import mechgraph
    from mechgraph.graph.grounding import ground
    from mechgraph.graph.merge import merge
    from mechgraph.io.importers import ImportedNetwork

    edges, agents = case
    ws = mechgraph.workspace()
    network = ImportedNetwork("net", "sif", "net.sif", edges, {})
    graph = merge(ws.graph, [(network, ground(network, ws.kb))])
    nodes = set(graph.nodes())
    interventions = [Intervention(a) for a in agents if a in nodes]
    assume(interventions)
    ref = propagate(graph, interventions, paths_per_sign=2)
    fast = propagate_fast(graph.arrays(), interventions, paths_per_sign=2)
    assert fast.node_signs() == ref.node_signs()
    assert {(f.edge.key, f.kind) for f in fast.feedback} == {
        (f.edge.key, f.kind) for f in ref.feedback
    }
    for node in ("G3", "G4", "ifn_gamma", "pd_1", "pd_l1"):
        for sign in (Sign.PLUS, Sign.MINUS):
            paths = fast.paths(node, sign)
            strengths = [round(p.strength, 6) for p in paths]
            assert strengths == [round(p.strength, 6) for p in ref.paths(node, sign)]
            for path in paths:  # equally strong paths may come in another order
                assert path.nodes[-1] == node
                assert all(
                    a.target == b.source for a, b in zip(path.edges, path.edges[1:], strict=False)
                )
                assert all(e in graph.out_edges(e.source) for e in path.edges)


def test_engines_agree_on_the_shipped_knowledge_base():
    import mechgraph

    graph = mechgraph.workspace().graph
    given_ = [Intervention("doxil"), Intervention("avelumab")]
    ref = propagate(graph, given_, {"pdl1": "positive"})
    fast = propagate_fast(graph.arrays(), given_, {"pdl1": "positive"})
    assert fast.node_signs() == ref.node_signs()
    readout = "nanocarrier_tumour_delivery"
    assert [p.nodes for p in fast.paths(readout, Sign.MINUS)] == [
        p.nodes for p in ref.paths(readout, Sign.MINUS)
    ]


def test_array_engine_reuses_the_propagation_of_the_same_question():
    import pickle

    from mechgraph.reasoning.propagate import propagate_any

    graph = signed_graph(4, [(0, 1, "+"), (1, 2, "-"), (2, 3, "+")])
    first = propagate_any(graph, [Intervention("n0")], engine="arrays")
    assert propagate_any(graph, [Intervention("n0")], engine="arrays") is first
    assert first.sign("n3") is Sign.MINUS
    other = propagate_any(graph, [Intervention("n0", Sign.MINUS)], engine="arrays")
    assert other is not first and other.sign("n3") is Sign.PLUS
    copy = pickle.loads(pickle.dumps(graph.arrays()))
    assert len(copy._answers) == 0  # remembered answers are not stored with the graph


@st.composite
def weighted_graphs(draw):
    """Causal edges with evidence-like weights: path strengths decay, some fall below the
    floor, some opposing supports are comparable and some dominate."""
    size = draw(st.integers(2, 10))
    weights = st.sampled_from([0.95, 0.85, 0.7, 0.5, 0.35, 0.3, 0.15])
    edges = draw(
        st.lists(
            st.tuples(
                st.integers(0, size - 1), st.integers(0, size - 1), st.sampled_from("+-"), weights
            ),
            min_size=1,
            max_size=30,
            unique_by=lambda e: e[:3],
        )
    )
    sources = draw(
        st.lists(
            st.tuples(st.integers(0, size - 1), st.sampled_from("+-")),
            min_size=1,
            max_size=3,
            unique_by=lambda x: x[0],
        )
    )
    return signed_graph(size, edges), [Intervention(f"n{i}", Sign(s)) for i, s in sources]


@settings(max_examples=200, deadline=None)
@given(st.one_of(signed_graphs(), weighted_graphs()))
def test_decided_signs_vectorised(case):
    """The array engine's decided signs are the verdict rule applied node by node, and both
    engines decide alike (feedback kinds, which use the decided signs, included)."""
    from mechgraph.reasoning.verdict import decide

    graph, interventions = case
    fast = propagate_fast(graph.arrays(), interventions)
    ref = propagate(graph, interventions)
    expected = {}
    for node in fast.node_signs():
        sign = decide(fast.strength(node, Sign.PLUS), fast.strength(node, Sign.MINUS)).sign
        if sign is not Sign.NONE:
            expected[node] = sign
    assert fast.decided_signs() == expected == ref.decided_signs()
    assert {(f.edge.key, f.kind) for f in fast.feedback} == {
        (f.edge.key, f.kind) for f in ref.feedback
    }
    for node in ref.node_signs():
        for sign in (Sign.PLUS, Sign.MINUS):
            assert fast.strength(node, sign) == pytest.approx(ref.strength(node, sign))
