"""The verdict rule (mechgraph.reasoning.verdict) on small hand-made knowledge bases: path
strength decays with length and inheritance, sub-floor paths never change a verdict, a
dominant side decides (contested, the weaker overruled) and comparable sides give ``?``; the
strict set of reached signs stays in the JSON."""

import json

import pytest

import mechgraph
from mechgraph import Sign
from mechgraph.reasoning.verdict import (
    DOMINANCE_RATIO,
    INHERITED_STEP,
    STEP_DECAY,
    STRENGTH_FLOOR,
    decide,
)
from tests.helpers.kbfactory import claim, make_kb

W = {"clinical": 0.85, "preclinical_in_vivo": 0.7, "review_statement": 0.35, "hypothesis": 0.15}
READOUTS = [
    {"readout": "delivery", "kind": "outcome", "order": "1", "desirable": "+"},
    {"readout": "toxicity", "kind": "outcome", "order": "2", "desirable": "-"},
]


def kb_of(tmp_path, claims, entities=(), name="kb", **kw):
    names = {c["subject"] for c in claims} | {c["object"] for c in claims} | set(entities)
    names |= {"delivery", "toxicity"}
    plain = sorted(n for n in names if n[0].islower())
    return make_kb(tmp_path / name, claims, plain, readouts=READOUTS, **kw)


def chain(prefix, start, end, relations, level="review_statement"):
    """Claims start -> x1 -> ... -> end with the given relations."""
    nodes = [start] + [f"{prefix}{i}" for i in range(1, len(relations))] + [end]
    return [
        claim(f"{prefix.upper()}{i}", a, rel, b, evidence_level=level)
        for i, (a, b, rel) in enumerate(zip(nodes[:-1], nodes[1:], relations, strict=True))
    ]


def test_strength_decays_with_length(tmp_path):
    claims = chain("s", "medicine", "delivery", ["increases"] * 2) + chain(
        "l", "medicine", "toxicity", ["increases"] * 4
    )
    answer = mechgraph.effect(["medicine"], kb=kb_of(tmp_path, claims))
    step = W["review_statement"] * STEP_DECAY
    assert answer.effect_on("delivery").strength(Sign.PLUS) == pytest.approx(step**2)
    assert answer.effect_on("toxicity").strength(Sign.PLUS) == pytest.approx(step**4)


def test_inherited_steps_weigh_less_than_the_entity_own_claim(tmp_path):
    entities = [{"id": "medicine", "type": "DrugClassX"}]
    claims = [
        claim("C1", "medicine", "increases", "delivery"),
        claim("C2", "DrugClassX", "increases", "toxicity"),
        claim("C3", "Drug", "increases", "mark"),
    ]
    root = make_kb(
        tmp_path / "kb", claims, [*entities, "delivery", "toxicity", "mark"], readouts=READOUTS
    )
    answer = mechgraph.effect(["medicine"], targets=["delivery", "toxicity", "mark"], kb=root)
    own, one_up, two_up = (answer.effects[k].strength(Sign.PLUS) for k in range(3))
    assert own == pytest.approx(0.7 * STEP_DECAY)
    assert one_up == pytest.approx(own * INHERITED_STEP)
    assert two_up == pytest.approx(own * INHERITED_STEP**2)


def test_a_strong_side_dominates_a_weak_one_and_the_readout_is_contested(run_cli, tmp_path):
    claims = [
        claim("C1", "medicine", "increases", "delivery", evidence_level="clinical"),
        claim("C2", "medicine", "increases", "mps", evidence_level="hypothesis"),
        claim("C3", "mps", "decreases", "delivery", evidence_level="review_statement"),
    ]
    root = kb_of(tmp_path, claims)
    delivery = mechgraph.effect(["medicine"], kb=root).effect_on("delivery")
    assert delivery.reached == {Sign.PLUS, Sign.MINUS}
    assert (delivery.sign, delivery.verdict) == (Sign.PLUS, "favourable")
    assert delivery.contested and delivery.decision.outcome == "dominant"
    assert delivery.decision.overruled is Sign.MINUS
    assert [p.nodes for p in delivery.paths[Sign.MINUS]] == [["medicine", "mps", "delivery"]]
    text = run_cli("effect", "medicine", "--kb", str(root)).stdout
    row = next(line for line in text.splitlines() if line.lstrip().startswith("delivery"))
    assert row.split()[1:3] == ["+", "favourable"] and "(contested: - 0.03 overruled)" in row
    found = mechgraph.contradictions(["medicine"], kb=root)
    trade = next(c for c in found if c.kind == "trade-off")
    assert "+ dominates" in trade.summary and "overruled" in trade.summary


def test_comparable_supports_give_a_question_mark_with_both_sides(run_cli, tmp_path):
    claims = [
        claim("C1", "medicine", "increases", "delivery", evidence_level="clinical"),
        claim("C2", "medicine", "decreases", "delivery", evidence_level="preclinical_in_vivo"),
        claim("C3", "medicine", "increases", "toxicity", evidence_level="review_statement"),
        claim("C4", "medicine", "decreases", "toxicity", evidence_level="review_statement"),
    ]
    root = kb_of(tmp_path, claims)
    answer = mechgraph.effect(["medicine"], kb=root)
    delivery, toxicity = answer.effect_on("delivery"), answer.effect_on("toxicity")
    assert W["clinical"] / W["preclinical_in_vivo"] < DOMINANCE_RATIO
    assert (delivery.sign, delivery.verdict, delivery.decision.outcome) == (
        Sign.AMBIGUOUS,
        "contested",
        "comparable",
    )
    assert delivery.leaning[0] is Sign.PLUS
    assert toxicity.sign is Sign.AMBIGUOUS and toxicity.decision.note().endswith(", a tie")
    text = run_cli("effect", "medicine", "--kb", str(root)).stdout
    assert "comparable: + 0.68 vs - 0.56" in text and "comparable: + 0.28 vs - 0.28, a tie" in text
    assert "leans" not in text
    assert {(c.kind, c.node) for c in answer.contradictions} >= {
        ("trade-off", "delivery"),
        ("trade-off", "toxicity"),
    }


def test_a_path_below_the_floor_never_changes_a_verdict(tmp_path):
    strong = [claim("C1", "medicine", "increases", "delivery", evidence_level="review_statement")]
    weak = chain("w", "medicine", "delivery", ["decreases"] + ["increases"] * 4)  # 5 steps
    weak += chain("v", "medicine", "toxicity", ["increases"] * 5, level="hypothesis")
    with_weak = mechgraph.effect(["medicine"], kb=kb_of(tmp_path, strong + weak))
    without = mechgraph.effect(["medicine"], kb=kb_of(tmp_path, strong, name="plain"))
    delivery = with_weak.effect_on("delivery")
    assert delivery.strength(Sign.MINUS) < STRENGTH_FLOOR
    assert delivery.reached == {Sign.PLUS, Sign.MINUS}
    assert (delivery.sign, delivery.verdict) == (without.effect_on("delivery").sign, "favourable")
    assert not delivery.contested and delivery.decision.outcome == "below floor"
    assert Sign.MINUS not in delivery.paths and delivery.below_floor[Sign.MINUS]
    # reached only below the floor: unchanged, as if not reached at all
    toxicity = with_weak.effect_on("toxicity")
    assert toxicity.reached == {Sign.PLUS}
    assert (toxicity.sign, toxicity.verdict) == (Sign.NONE, "unchanged")
    assert without.effect_on("toxicity").sign is Sign.NONE
    assert not any(c.kind == "trade-off" for c in with_weak.contradictions)


def test_sub_floor_paths_are_shown_only_on_request(run_cli, tmp_path):
    claims = [claim("C1", "medicine", "increases", "delivery", evidence_level="review_statement")]
    claims += chain("w", "medicine", "delivery", ["decreases"] + ["increases"] * 4)
    root = str(kb_of(tmp_path, claims))
    plain = run_cli("effect", "medicine", "--kb", root).stdout
    assert "w4" not in plain and "--all-paths shows them" in plain
    every = run_cli("effect", "medicine", "--kb", root, "--all-paths").stdout
    assert "-[+ W4]-> delivery [below the floor 0.01]" in every
    assert "below the floor 0.01, set aside" in every
    explained = run_cli("explain", "medicine", "--target", "delivery", "--kb", root).stdout
    assert "w4" not in explained and "--all-paths" in explained
    explained = run_cli("explain", "medicine", "-t", "delivery", "--kb", root, "--all-paths").stdout
    assert "below the floor 0.01)" in explained
    data = json.loads(run_cli("effect", "medicine", "--kb", root, "--json").stdout)
    item = next(e for e in data["effects"] if e["id"] == "delivery")
    assert item["paths"]["-"] == [] and item["dominance"]["set_aside"] == ["-"]
    data = json.loads(run_cli("effect", "medicine", "--kb", root, "--json", "--all-paths").stdout)
    item = next(e for e in data["effects"] if e["id"] == "delivery")
    assert [p["below_floor"] for p in item["paths"]["-"]] == [True]
    assert [p["below_floor"] for p in item["paths"]["+"]] == [False]


def test_the_json_keeps_the_strict_reached_set_next_to_the_decided_sign(tmp_path):
    claims = [
        claim("C1", "medicine", "increases", "delivery", evidence_level="clinical"),
        claim("C2", "medicine", "decreases", "delivery", evidence_level="hypothesis"),
        claim("C3", "medicine", "increases", "toxicity"),
    ]
    data = mechgraph.effect(["medicine"], kb=kb_of(tmp_path, claims)).to_dict()
    assert data["schema_version"] == 3
    assert data["verdict_rule"] == {
        "strength_floor": STRENGTH_FLOOR,
        "dominance_ratio": DOMINANCE_RATIO,
        "step_decay": STEP_DECAY,
        "inherited_step": INHERITED_STEP,
        "composition_step": 1.0,
    }
    delivery, toxicity = data["effects"]
    assert (delivery["sign"], delivery["reached"], delivery["contested"]) == ("+", ["+", "-"], True)
    assert delivery["strength"] == {"+": 0.68, "-": 0.12}
    assert delivery["dominance"] == {
        "outcome": "dominant",
        "ratio": pytest.approx(0.85 / 0.15, rel=1e-3),
        "overruled": {"sign": "-", "support": 0.12},
        "set_aside": [],
    }
    assert (toxicity["sign"], toxicity["reached"], toxicity["contested"]) == ("+", ["+"], False)
    assert toxicity["dominance"]["outcome"] == "unopposed" and toxicity["leaning"] is None


def test_rules_are_not_matched_by_sub_floor_paths(tmp_path):
    claims = [claim("C1", "medicine", "increases", "delivery", evidence_level="review_statement")]
    claims += chain("w", "medicine", "mps", ["increases"] * 5)
    root = kb_of(tmp_path, claims, entities=["mps"])
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "r.tsv").write_text(
        "id\ttitle\tseverity\twhen\tsummary\tdescription\treferences\n"
        "cleared\tCleared\tlow\tmps up\tit is cleared.\t\t\n"
        "delivered\tDelivered\tlow\tdelivery up\tit arrives.\t\t\n",
        encoding="utf-8",
    )
    kb = mechgraph.load_kb(root)
    ws = mechgraph.Workspace.of(kb, folder)
    from mechgraph.reasoning.effects import effect

    answer = effect(kb, ["medicine"], rules=ws.rules, graph=ws.graph, index=ws.index)
    assert [c.rule for c in answer.contradictions if c.kind == "rule"] == ["delivered"]


def test_a_carrier_cleared_by_its_own_mps_recognition_still_delivers(tmp_path):
    """The incoherent feed-forward loop of the shipped knowledge base (C0020 vs C0079 +
    C0088): the carrier raises delivery and its own MPS recognition, which lowers delivery.
    Strictly both signs reach delivery and everything downstream; the weak hypothesis-level
    branch is overruled at delivery and falls below the floor two steps further on."""
    entities = [{"id": "carrier", "type": "Liposome"}]
    claims = [
        claim("C1", "Nanocarrier", "increases", "delivery", evidence_level="review_statement"),
        claim("C2", "Nanocarrier", "increases", "delivery", evidence_level="review_statement"),
        claim("C3", "Nanocarrier", "increases", "mps", evidence_level="hypothesis"),
        claim("C4", "mps", "decreases", "delivery", evidence_level="review_statement"),
        claim("C5", "delivery", "increases", "icd", evidence_level="review_statement"),
        claim("C6", "icd", "increases", "toxicity", evidence_level="review_statement"),
    ]
    claims[1]["document"] = "other"
    root = make_kb(
        tmp_path / "kb",
        claims,
        [*entities, "delivery", "mps", "icd", "toxicity"],
        readouts=READOUTS,
    )
    documents = (root / "documents.tsv").read_text()
    (root / "documents.tsv").write_text(documents + "other\tother.txt\tAnother document\n")
    answer = mechgraph.effect(["carrier"], kb=root)
    delivery, toxicity = answer.effect_on("delivery"), answer.effect_on("toxicity")
    assert delivery.reached == toxicity.reached == {Sign.PLUS, Sign.MINUS}
    assert delivery.sign is Sign.PLUS and delivery.decision.overruled is Sign.MINUS
    assert toxicity.sign is Sign.PLUS and toxicity.decision.outcome == "below floor"


def test_feedback_loop_signs_use_the_decided_signs(tmp_path):
    # x enters the ring a -> b -> a at a; a is also lowered weakly by a hypothesis from x
    claims = [
        claim("C1", "x", "increases", "a", evidence_level="clinical"),
        claim("C2", "x", "decreases", "a", evidence_level="hypothesis"),
        claim("C3", "a", "increases", "b"),
        claim("C4", "b", "increases", "a"),
    ]
    kb = mechgraph.load_kb(kb_of(tmp_path, claims, entities=["x", "a", "b"]))
    result = mechgraph.propagate(mechgraph.compile_kb(kb), [mechgraph.Intervention("x")])
    assert result.sign("a") is Sign.AMBIGUOUS and result.decided("a") is Sign.PLUS
    assert [(f.edge.source, f.edge.target, f.kind) for f in result.feedback] == [
        ("b", "a", "amplifying")
    ]


def test_decide_at_the_boundaries():
    assert decide(STRENGTH_FLOOR, 0.0).sign is Sign.PLUS
    assert decide(STRENGTH_FLOOR * 0.99, 0.0).sign is Sign.NONE
    assert decide(0.7, 0.35).outcome == "dominant"  # exactly the ratio
    assert decide(0.69, 0.35).outcome == "comparable"
    assert decide(0.0, 0.2).sign is Sign.MINUS and decide(0.0, 0.2).outcome == "unopposed"
    assert decide(0.005, 0.005).set_aside == (Sign.PLUS, Sign.MINUS)


def test_the_eight_typical_combinations_are_mostly_decided():
    """Over the combinations the issue names, at most 20 % of readouts stay ``?``, and each
    ``?`` has both sides above the floor (a trade-off with named paths)."""
    combos = [
        (["Abraxane", "atezolizumab"], {}),
        (["Doxil", "avelumab"], {}),
        (["liposomal irinotecan", "atezolizumab"], {}),
        (["oxaliplatin_plga_np", "anti-PD-1"], {}),
        (["mRNA lipid nanovaccine", "anti-PD-1"], {}),
        (["caco3_np_tam", "anti-PD-L1"], {}),
        (["IL-15 nanogels", "CAR T cell"], {}),
        (["cyclophosphamide", "anti-PD-1"], {"dose": "metronomic"}),
    ]
    total = undecided = 0
    for agents, context in combos:
        answer = mechgraph.effect(agents, context)
        for item in answer.effects:
            total += 1
            if item.sign is Sign.AMBIGUOUS:
                undecided += 1
                assert item.paths[Sign.PLUS] and item.paths[Sign.MINUS]
                assert ("trade-off", item.readout.id) in {
                    (c.kind, c.node) for c in answer.contradictions
                }
    assert total == 136 and undecided <= 0.2 * total
    abraxane = mechgraph.effect(["Abraxane", "atezolizumab"])
    delivery = abraxane.effect_on("nanocarrier_tumour_delivery")
    assert delivery.sign is Sign.PLUS and delivery.decision.overruled is Sign.MINUS
    free_drug = mechgraph.effect(["cyclophosphamide", "anti-PD-1"], {"dose": "metronomic"})
    assert free_drug.effect_on("nanocarrier_tumour_delivery").sign is Sign.NONE
