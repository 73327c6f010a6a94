"""The GraphML export (:mod:`mechgraph.io.graphml`) loads in networkx with signs and evidence."""

from mechgraph.io.exporters import export_bytes


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
