"""The mechanism graph as node-link JSON (networkx's ``node_link_data`` layout; D3 and other
JavaScript tools read the same shape).

``{"directed": true, "multigraph": true, "graph": {...}, "nodes": [{"id": ..., ...}],
"edges": [{"source": ..., "target": ..., "key": ..., ...}]}`` with the node and edge
attributes of :mod:`mechgraph.io.graphml`, lists kept as JSON lists. Read it back with
``networkx.node_link_graph(data, edges="edges")`` (networkx >= 3.4).

>>> import json
>>> from mechgraph import load_kb
>>> data = json.loads(nodelink_bytes(load_kb()))
>>> data["directed"], data["multigraph"], {"source", "target", "sign"} <= set(data["edges"][0])
(True, True, True)
"""

from __future__ import annotations

import json
from typing import Any

from mechgraph.io.network import NetworkView, network_view
from mechgraph.model.kb import KnowledgeBase


def nodelink_data(view: NetworkView) -> dict[str, Any]:
    """The node-link dictionary of the network rows."""
    nodes = [
        {"id": node.id, **node.attributes(), "synonyms": list(node.synonyms)} for node in view.nodes
    ]
    edges = [
        {"source": edge.source, "target": edge.target, "key": edge.key, **edge.attributes()}
        for edge in view.edges
    ]
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"name": "mechgraph"},
        "nodes": nodes,
        "edges": edges,
    }


def nodelink_bytes(kb: KnowledgeBase) -> bytes:
    """The compiled mechanism graph of ``kb`` as node-link JSON."""
    text = json.dumps(nodelink_data(network_view(kb)), indent=1, ensure_ascii=False)
    return (text + "\n").encode("utf-8")
