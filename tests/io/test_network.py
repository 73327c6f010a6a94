"""The exporters' common view of the knowledge base (:mod:`mechgraph.io.network`)."""

from mechgraph.io.network import network_view
from mechgraph.io.rdf import build_graph
from mechgraph.kb.loader import load_kb
from tests.helpers.sample_kbs import strategy_kb


def test_strategies_are_in_the_exports(tmp_path):
    from mechgraph.io.network import network_view

    kb = load_kb(strategy_kb(tmp_path))
    nodes = {n.id: n.attributes() for n in network_view(kb).nodes}
    assert nodes["np_dox"]["strategies"] == ["CancerCellTargeting"]
    assert nodes["dox"]["strategies"] == []
    turtle = build_graph(kb).serialize(format="nt")
    assert "np_dox> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" in turtle
    assert [line for line in turtle.splitlines() if "np_dox" in line and "CancerCell" in line]


def test_edge_keys_are_unique(kb):
    keys = [edge.key for edge in network_view(kb).edges]
    assert len(keys) == len(set(keys))
