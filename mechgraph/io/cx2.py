"""The mechanism graph as CX2 (Cytoscape Exchange format version 2), for Cytoscape and NDEx.

A CX2 document is a JSON array: the descriptor ``{"CXVersion": "2.0", "hasFragments":
false}``, a ``metaData`` object (element count per aspect), then the aspects
``attributeDeclarations`` (the data type ``d`` of every network, node and edge attribute),
``networkAttributes``, ``nodes`` (``{"id": int, "v": {...}}``) and ``edges`` (``{"id": int,
"s": int, "t": int, "v": {...}}``), and finally ``status`` (``[{"error": "", "success":
true}]``). Structure checked against the CX2 specification (cytoscape.org, "Cytoscape
Exchange Format Specification (Version 2)") and the reference writer ``CX2Network.to_cx2``
of the NDEx Python client (ndex2). Node and edge ids are positions in the sorted rows, so the
file is deterministic; ``name`` is Cytoscape's label column, ``interaction`` its edge type.

>>> import json
>>> from mechgraph import load_kb
>>> doc = json.loads(cx2_bytes(load_kb()))
>>> doc[0]["CXVersion"], list(doc[-1])
('2.0', ['status'])
"""

from __future__ import annotations

import json
from typing import Any

from mechgraph.io.network import NetworkView, network_view
from mechgraph.model.kb import KnowledgeBase

CX_VERSION = "2.0"

NODE_ATTRIBUTES: dict[str, str] = {
    "name": "string",
    "mechgraph_id": "string",
    "kind": "string",
    "type": "string",
    "category": "string",
    "formulation": "boolean",
    "readout_kind": "string",
    "desirable": "string",
    "xrefs": "list_of_string",
    "strategies": "list_of_string",
}
EDGE_ATTRIBUTES: dict[str, str] = {
    "interaction": "string",
    "sign": "string",
    "sign_value": "integer",
    "structural": "boolean",
    "weight": "double",
    "claims": "list_of_string",
    "evidence_levels": "list_of_string",
    "documents": "list_of_string",
    "sections": "list_of_string",
    "quotes": "list_of_string",
    "contexts": "list_of_string",
    "origin": "string",
}
NETWORK_ATTRIBUTES: dict[str, str] = {"name": "string", "description": "string"}


def cx2_document(view: NetworkView) -> list[dict[str, Any]]:
    """The CX2 document (a JSON-ready list) of the network rows."""
    index = view.node_index()
    nodes = []
    for node in view.nodes:
        values = node.attributes()
        name = values.pop("label")  # Cytoscape's label column is `name`
        nodes.append({"id": index[node.id], "v": {"name": name, "mechgraph_id": node.id, **values}})
    edges = [
        {"id": i, "s": index[edge.source], "t": index[edge.target], "v": edge.attributes()}
        for i, edge in enumerate(view.edges)
    ]
    network = {
        "name": "mechgraph",
        "description": "Signed mechanism network of cancer nano-immunotherapy: causal edges "
        "carry their claims and evidence; structural edges (is_a, has_carrier, has_payload, "
        "has_property, part_of) link formulations and members to what acts through them.",
    }

    def declare(types: dict[str, str]) -> dict[str, dict[str, str]]:
        return {name: {"d": kind} for name, kind in types.items()}

    return [
        {"CXVersion": CX_VERSION, "hasFragments": False},
        {
            "metaData": [
                {"name": "attributeDeclarations", "elementCount": 1},
                {"name": "networkAttributes", "elementCount": 1},
                {"name": "nodes", "elementCount": len(nodes)},
                {"name": "edges", "elementCount": len(edges)},
            ]
        },
        {
            "attributeDeclarations": [
                {
                    "networkAttributes": declare(NETWORK_ATTRIBUTES),
                    "nodes": declare(NODE_ATTRIBUTES),
                    "edges": declare(EDGE_ATTRIBUTES),
                }
            ]
        },
        {"networkAttributes": [network]},
        {"nodes": nodes},
        {"edges": edges},
        {"status": [{"error": "", "success": True}]},
    ]


def cx2_bytes(kb: KnowledgeBase) -> bytes:
    """The compiled mechanism graph of ``kb`` as a CX2 JSON document."""
    text = json.dumps(cx2_document(network_view(kb)), indent=1, ensure_ascii=False)
    return (text + "\n").encode("utf-8")
