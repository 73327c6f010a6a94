"""Contradictions by kind, named rules, explain and compare
(:mod:`mechgraph.reasoning.contradictions`), and evidence discordance."""

import json

import pytest

import mechgraph
from mechgraph import Sign, ValidationError
from tests.helpers.kbfactory import claim, make_kb

READOUTS = [
    {"readout": "delivery", "kind": "outcome", "order": "1", "desirable": "+"},
    {"readout": "efficacy", "kind": "outcome", "order": "2", "desirable": "+"},
]


def small_kb(tmp_path, extra=()):
    entities = ["np", "immunogenicity", "mps", "delivery", "efficacy", "icd"]
    claims = [
        claim("C1", "np", "increases", "immunogenicity"),
        claim("C2", "immunogenicity", "increases", "mps"),
        claim("C3", "mps", "decreases", "delivery"),
        claim("C4", "np", "increases", "delivery"),
        claim("C5", "np", "increases", "icd"),
        claim("C6", "icd", "increases", "efficacy"),
        claim("C7", "np", "no_effect", "efficacy", evidence_level="clinical_phase3"),
        claim(
            "C8", "icd", "decreases", "efficacy", evidence_level="hypothesis", context="dose=high"
        ),
        *extra,
    ]
    return make_kb(tmp_path / "kb", claims, entities, readouts=READOUTS)


def write_rules(tmp_path, rows):
    folder = tmp_path / "rules"
    folder.mkdir()
    header = "id\ttitle\tseverity\twhen\tsummary\tdescription\treferences"
    (folder / "r.tsv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return folder


def kinds(found):
    return sorted({(c.kind, c.node) for c in found})


def test_each_kind_is_found_with_both_sides(tmp_path):
    root = small_kb(tmp_path)
    rules = write_rules(
        tmp_path,
        [
            "imm_vs_mps\tImmunogenicity vs MPS\thigh\timmunogenicity up & mps up & delivery down"
            "\tit helps but it is cleared.\t\tC2|C3"
        ],
    )
    kb = mechgraph.load_kb(root)
    ws = mechgraph.Workspace.of(kb, rules)
    from mechgraph.reasoning.effects import effect

    answer = effect(kb, ["np"], rules=ws.rules, graph=ws.graph, index=ws.index)
    found = {(c.kind, c.node): c for c in answer.contradictions}
    trade = found[("trade-off", "delivery")]
    assert trade.pivot == "np" and set(trade.sides) == {"+", "-"}
    assert "delivery is pulled both ways from np" in trade.summary
    conflict = found[("conflicting-claims", "efficacy")]
    assert conflict.pivot == "icd"
    assert {k: [c.id for c in v] for k, v in conflict.claim_sides.items()} == {
        "increases": ["C6"],
        "decreases": ["C8"],
    }
    discord = found[("evidence-discordance", "efficacy")]
    assert [c.id for c in discord.claim_sides["preclinical"]] == ["C6"]
    assert [c.id for c in discord.claim_sides["clinical"]] == ["C7"]
    rule = found[("rule", "delivery")]
    assert (rule.rule, rule.severity, rule.references) == ("imm_vs_mps", "high", ("C2", "C3"))
    assert set(rule.sides) == {"immunogenicity up", "mps up", "delivery down"}


def test_context_removes_a_conflict(tmp_path):
    root = small_kb(tmp_path)
    with_high = mechgraph.contradictions(["np"], {"dose": "high"}, kb=root)
    metronomic = mechgraph.contradictions(["np"], {"dose": "metronomic"}, kb=root)
    conflict = [c for c in with_high if c.kind == "conflicting-claims"]
    assert conflict and "C8" in conflict[0].claims
    assert all("C8" not in c.claims for c in metronomic)


def test_knowledge_base_wide_conflicts(tmp_path):
    root = small_kb(
        tmp_path,
        [
            claim("C9", "mps", "increases", "delivery", context="dose=high"),
            claim("C10", "mps", "increases", "efficacy", context="dose=metronomic"),
            claim("C11", "mps", "decreases", "efficacy", context="dose=high"),
        ],
    )
    found = mechgraph.contradictions(kb=root)
    pairs = {(c.pivot, c.node) for c in found if c.kind == "conflicting-claims"}
    assert ("mps", "delivery") in pairs and ("mps", "efficacy") not in pairs


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("r1\tT\thigh\tnowhere up\ts\t\t", "unknown node(s) in pattern: nowhere"),
        ("r1\tT\thigh\tmps sideways\ts\t\t", "unknown predicate 'sideways'"),
        ("r1\tT\tcritical\tmps up\ts\t\t", "severity must be one of high, medium, low"),
        ("r1\tT\thigh\tmps\ts\t\t", "must be 'NODE up|down|reached'"),
    ],
)
def test_malformed_rules_are_reported_with_file_and_line(run_cli, tmp_path, row, message):
    root = small_kb(tmp_path)
    folder = write_rules(tmp_path, ["ok\tT\tlow\tmps up\ts\t\t", row])
    result = mechgraph.validate(root, rules=folder)
    (problem,) = [p for p in result.problems if p.rule != "formulation"]
    assert problem.file.endswith("r.tsv") and problem.line == 3 and message in problem.message
    with pytest.raises(ValidationError):
        mechgraph.Workspace.of(mechgraph.load_kb(root), folder)
    proc = run_cli("validate", "--kb", str(root), env={"MECHGRAPH_RULES": str(folder)})
    assert proc.returncode == 1 and "r.tsv:3: ERROR" in proc.stdout


def test_explain_and_target(run_cli, tmp_path):
    root = small_kb(tmp_path)
    answer = mechgraph.explain(["np"], "delivery", kb=root, paths=2)
    # the direct claim (0.7 x decay) dominates the three-step clearance chain, still shown
    assert answer.sign is Sign.PLUS and answer.decision.overruled is Sign.MINUS
    assert [p.nodes for p in answer.paths[Sign.MINUS]] == [
        ["np", "immunogenicity", "mps", "delivery"]
    ]
    only_plus = mechgraph.explain(["np"], "delivery", sign="+", kb=root)
    assert set(only_plus.paths) == {Sign.PLUS}
    targeted = mechgraph.effect(["np"], targets=["mps"], kb=root)
    assert [(e.readout.id, e.readout.kind.value, e.verdict) for e in targeted.effects] == [
        ("mps", "node", "reached")
    ]
    proc = run_cli(
        "explain", "np", "--target", "delivery", "--sign", "-", "--json", "--kb", str(root)
    )
    data = json.loads(proc.stdout)
    assert proc.returncode == 0 and data["paths"]["+"] == [] and data["paths"]["-"]
    assert run_cli("explain", "np", "--target", "delivery", "--sign", "x").returncode == 2


def test_compare_marks_changed_readouts(run_cli, tmp_path):
    root = small_kb(tmp_path)
    result = mechgraph.compare(["np"], ["icd"], kb=root)
    words = {row.readout.id: row.word for row in result.rows}
    # np only in the first arm acts with its absolute effects, icd only in the second
    # with the opposite sign: np raises delivery (C4) and icd raises efficacy (C6)
    assert words["delivery"] == "higher" and words["efficacy"] == "lower"
    proc = run_cli("compare", "np", "--vs", "icd", "--json", "--kb", str(root))
    rows = {r["id"]: r for r in json.loads(proc.stdout)["differences"]}
    assert rows["delivery"]["difference"] == "higher" and rows["delivery"]["first"] == "+"


# -- evidence discordance: the agents' own clinical results, and their arms -------------------
def discordance_kb(tmp_path):
    entities = ["np", "ici", "icd", "lymphopenia", "efficacy"]
    claims = [
        claim("C1", "np", "increases", "icd"),
        claim("C2", "icd", "increases", "efficacy"),  # preclinical route
        claim("C3", "np", "increases", "lymphopenia"),
        # a clinical null about another mechanism: no discordance with the ICD route
        claim("C4", "lymphopenia", "no_effect", "efficacy", evidence_level="clinical"),
        claim("C5", "ici", "increases", "efficacy", evidence_level="clinical"),
    ]
    return entities, claims


def discordances(root, agents):
    answer = mechgraph.effect(agents, kb=root)
    return [c for c in answer.contradictions if c.kind == "evidence-discordance"]


def test_a_clinical_null_on_another_mechanism_is_no_discordance(tmp_path):
    entities, claims = discordance_kb(tmp_path)
    root = make_kb(tmp_path / "kb", claims, entities)
    assert discordances(root, ["np"]) == []


def test_a_failed_add_on_trial_is_discordant_with_the_preclinical_route(tmp_path):
    entities, claims = discordance_kb(tmp_path)
    trial = claim(
        "C6", "np", "no_effect", "efficacy", background="ici", evidence_level="clinical_phase3"
    )
    root = make_kb(tmp_path / "kb", [*claims, trial], entities)
    (found,) = discordances(root, ["np", "ici"])
    assert [c.id for c in found.claim_sides["preclinical"]] == ["C2"]
    assert [c.id for c in found.claim_sides["clinical"]] == ["C6"]  # C5 agrees with C2
    assert discordances(root, ["np"]) == []  # the trial's arms are not this query's
