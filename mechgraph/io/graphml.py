"""The mechanism graph as GraphML (Cytoscape, Gephi, yEd, networkx, igraph).

Nodes carry ``label``, ``kind`` (class/entity), ``type``, ``category`` (root class: Agent,
CellType, Molecule...), ``formulation``, ``readout_kind``, ``desirable``, ``xrefs``; edges
carry ``sign`` (``+``/``-``), ``sign_value`` (1/-1), ``interaction`` (the relation:
increases, decreases, is_a, has_carrier...), ``structural``, ``weight`` (evidence strength
without context) and, for causal edges, the claims behind them: ``claims``,
``evidence_levels``, ``documents``, ``sections``, ``quotes``, ``contexts``. GraphML has no
list type, so lists are joined with ``|`` and aligned by position (the i-th level belongs to
the i-th claim). Written directly (booleans as ``true``/``false`` as the GraphML schema
wants), nodes and edges sorted: deterministic.

>>> from mechgraph import load_kb
>>> text = graphml_bytes(load_kb()).decode()
>>> '<key id="e_sign" for="edge" attr.name="sign" attr.type="string"/>' in text
True
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from mechgraph.io.network import EdgeRow, NetworkView, NodeRow, network_view
from mechgraph.model.kb import KnowledgeBase

SEPARATOR = "|"
NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
SCHEMA = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"

NODE_KEYS: dict[str, str] = {
    "label": "string",
    "kind": "string",
    "type": "string",
    "category": "string",
    "formulation": "boolean",
    "readout_kind": "string",
    "desirable": "string",
    "xrefs": "string",
    "strategies": "string",
}
EDGE_KEYS: dict[str, str] = {
    "sign": "string",
    "sign_value": "int",
    "interaction": "string",
    "structural": "boolean",
    "weight": "double",
    "claims": "string",
    "evidence_levels": "string",
    "documents": "string",
    "sections": "string",
    "quotes": "string",
    "contexts": "string",
    "origin": "string",
}


def _joined(values: dict[str, object]) -> dict[str, object]:
    """GraphML has no list type: lists become ``|``-joined strings."""
    return {k: SEPARATOR.join(v) if isinstance(v, list) else v for k, v in values.items()}


def node_values(node: NodeRow) -> dict[str, object]:
    return _joined(node.attributes())


def edge_values(edge: EdgeRow) -> dict[str, object]:
    return _joined(edge.attributes())


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(str(value))


def graphml_text(view: NetworkView) -> str:
    """The GraphML document of the network rows."""
    out = [
        "<?xml version='1.0' encoding='utf-8'?>",
        f'<graphml xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        f' xsi:schemaLocation="{NAMESPACE} {SCHEMA}">',
    ]
    for prefix, scope, keys in (("n", "node", NODE_KEYS), ("e", "edge", EDGE_KEYS)):
        for name, kind in keys.items():
            out.append(
                f'  <key id="{prefix}_{name}" for="{scope}" attr.name="{name}" attr.type="{kind}"/>'
            )
    out.append('  <graph id="mechgraph" edgedefault="directed">')
    for node in view.nodes:
        out.append(f"    <node id={quoteattr(node.id)}>")
        for name, value in node_values(node).items():
            if value != "":
                out.append(f'      <data key="n_{name}">{_text(value)}</data>')
        out.append("    </node>")
    for edge in view.edges:
        out.append(
            f"    <edge id={quoteattr(edge.key)} source={quoteattr(edge.source)}"
            f" target={quoteattr(edge.target)}>"
        )
        for name, value in edge_values(edge).items():
            if value != "":
                out.append(f'      <data key="e_{name}">{_text(value)}</data>')
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"


def graphml_bytes(kb: KnowledgeBase) -> bytes:
    """The compiled mechanism graph of ``kb`` as GraphML (UTF-8)."""
    return graphml_text(network_view(kb)).encode("utf-8")
