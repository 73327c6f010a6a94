"""The CX2 export (:mod:`mechgraph.io.cx2`) follows the specification."""

import json

from mechgraph.io.exporters import export_bytes

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
