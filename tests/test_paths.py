"""The paths an answer shows differ in their mechanism (not only in structural detours)."""

from kbfactory import claim, make_kb

import mechgraph
from mechgraph import Sign


def test_the_paths_shown_differ_in_their_mechanism(tmp_path):
    entities = [{"id": "cyto", "type": "DrugClassX"}, {"id": "nano", "type": "Formulation"}]
    claims = [
        claim("C1", "cyto", "increases", "x", evidence_level="clinical"),
        claim("C2", "DrugClassX", "increases", "x"),  # the same mechanism, through the class
        claim("C3", "cyto", "increases", "y"),
        claim("C4", "y", "increases", "x"),
        claim("C5", "Liposome", "increases", "z"),
        claim("C6", "z", "increases", "x", evidence_level="hypothesis"),
    ]
    forms = [{"formulation": "nano", "carrier": "Liposome", "payloads": "cyto"}]
    root = make_kb(tmp_path / "kb", claims, [*entities, "x", "y", "z"], formulations=forms)
    item = mechgraph.explain(["nano"], "x", kb=root)
    shown = [p.nodes for p in item.paths[Sign.PLUS]]
    assert shown[0] == ["nano", "cyto", "x"]  # the strongest: the clinical claim
    assert ["nano", "cyto", "DrugClassX", "x"] not in shown  # a detour through the class
    assert ["nano", "cyto", "y", "x"] in shown and ["nano", "Liposome", "z", "x"] in shown
    # the verdict is the strongest path's, whatever is shown
    assert item.strength(Sign.PLUS) == item.paths[Sign.PLUS][0].strength
