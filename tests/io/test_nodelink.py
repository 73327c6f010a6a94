"""The node-link JSON export (:mod:`mechgraph.io.nodelink`) loads in networkx."""

import json

from mechgraph.io.exporters import export_bytes


def test_node_link_json_loads_in_networkx(kb, compiled):
    import networkx as nx

    data = json.loads(export_bytes(kb, "json"))
    graph = nx.node_link_graph(data, edges="edges")
    assert graph.is_directed() and graph.is_multigraph()
    assert graph.number_of_nodes() == len(compiled.nodes())
    assert graph.number_of_edges() == compiled.edge_count()
    edge = next(e for e in data["edges"] if e["claims"])
    assert len(edge["claims"]) == len(edge["evidence_levels"]) == len(edge["quotes"])
