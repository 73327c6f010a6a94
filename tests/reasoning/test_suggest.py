"""Design suggestions (:mod:`mechgraph.reasoning.suggest`)."""

import pytest

import mechgraph
from mechgraph import Sign
from tests.helpers.kbfactory import claim, make_kb

PLUS, MINUS, ZERO = Sign.PLUS, Sign.MINUS, Sign.NONE


def suggest_kb(tmp_path):
    classes = [{"id": "PEGylation", "label": "PEGylation", "parent": "CarrierProperty"}]
    entities = [
        "nano",
        "mps",
        "delivery",
        "toxicity",
        "igm",
        {"id": "peg", "type": "PEGylation"},
        {"id": "shrinker", "type": "DrugClassX"},
        {"id": "form", "type": "Formulation"},
    ]
    claims = [
        claim("C1", "Liposome", "increases", "delivery"),
        claim("C2", "Liposome", "increases", "mps"),
        claim("C3", "mps", "decreases", "delivery"),
        claim("C4", "peg", "decreases", "mps"),
        claim("C5", "peg", "increases", "toxicity"),
        claim("C6", "Liposome", "decreases", "toxicity"),
        claim("C7", "shrinker", "decreases", "Liposome"),
    ]
    formulations = [{"formulation": "form", "carrier": "Liposome", "payloads": "nano"}]
    readouts = [
        {"readout": "delivery", "kind": "outcome", "order": "1", "desirable": "+"},
        {"readout": "toxicity", "kind": "outcome", "order": "2", "desirable": "-"},
    ]
    return make_kb(
        tmp_path / "kb",
        claims,
        entities,
        formulations=formulations,
        readouts=readouts,
        classes=classes,
    )


def test_suggest_blocks_the_harmful_branch_and_shows_new_contradictions(tmp_path):
    root = suggest_kb(tmp_path)
    result = mechgraph.suggest(["form"], "delivery", kb=root)
    target, suggestions, rejected = result.targets[0]
    assert target.kind == "trade-off" and target.harmful is MINUS
    assert [s.candidate for s in suggestions] == ["peg"]
    peg = suggestions[0]
    assert peg.kind == "carrier property"
    assert [(b.node, b.harmful_sign) for b in peg.blocks] == [("mps", PLUS)]
    # second-order: PEG raises toxicity, which the carrier lowers: a new trade-off
    assert [(c.kind, c.node) for c in peg.new_contradictions] == [("trade-off", "toxicity")]
    assert ("toxicity", MINUS, Sign.AMBIGUOUS) in peg.changed
    # the shrinker lowers MPS uptake too, but by shrinking the carrier's beneficial effect
    assert [r.candidate for r in rejected] == ["shrinker"]
    data = result.to_dict()
    assert data["targets"][0]["suggestions"][0]["new_contradictions"][0]["kind"] == "trade-off"


def test_suggest_errors(tmp_path):
    root = suggest_kb(tmp_path)
    with pytest.raises(mechgraph.QueryError):
        mechgraph.suggest(["form"], "mps", kb=root)  # no desirable direction
    with pytest.raises(mechgraph.UnknownNameError):
        mechgraph.suggest(["form"], "nothing", kb=root)


def test_suggest_pegylation_against_mps_on_the_shipped_kb():
    result = mechgraph.suggest(["Abraxane"], "immunogenicity_vs_mps")
    target, suggestions, _ = result.targets[0]
    assert target.rule == "immunogenicity_vs_mps"
    peg = next(s for s in suggestions if s.candidate == "pegylated_surface")
    assert "mps_recognition" in [b.node for b in peg.blocks]
    assert "peg_vs_anti_peg" in [c.rule for c in peg.new_contradictions]
