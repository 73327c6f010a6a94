"""Rules with preconditions: ``requires`` (what the interventions must include) and
``contexts`` (the contexts a rule is meant for), on hand-made and shipped knowledge bases."""

from __future__ import annotations

import pytest

import mechgraph
from mechgraph import ValidationError
from tests.helpers.kbfactory import claim, make_kb

HEADER = "id\ttitle\tseverity\twhen\tsummary\tdescription\treferences\trequires\tcontexts"
ENTITIES = [
    {"id": "lipo", "type": "Liposome"},
    {"id": "drugx", "type": "DrugClassX"},
    {"id": "other", "type": "Drug"},
    {"id": "form", "type": "Formulation"},
    "a",
]
FORMULATIONS = [{"formulation": "form", "carrier": "lipo", "payloads": "drugx"}]


def rule_row(rule_id: str, requires: str = "", contexts: str = "", when: str = "a up") -> str:
    return f"{rule_id}\tT\thigh\t{when}\ts.\t\t\t{requires}\t{contexts}"


def setup(tmp_path, rows: list[str]):
    """A small KB in tmp_path/kb, every agent raising ``a``, with rules beside it."""
    claims = [
        claim("C1", "lipo", "increases", "a"),
        claim("C2", "drugx", "increases", "a"),
        claim("C3", "other", "increases", "a"),
    ]
    root = make_kb(tmp_path / "kb", claims, ENTITIES, formulations=FORMULATIONS)
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "r.tsv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return root


def fired(root, agents, context=None, inhibit=()) -> set[str]:
    answer = mechgraph.effect(agents, context, inhibit=inhibit, kb=root)
    return {c.rule for c in answer.contradictions if c.kind == "rule"}


def test_rule_without_preconditions_fires_for_any_agent(tmp_path):
    root = setup(tmp_path, [rule_row("plain")])
    assert all(fired(root, [agent]) == {"plain"} for agent in ("lipo", "other", "form"))
    assert fired(root, ["other"], {"dose": "metronomic"}) == {"plain"}


def test_requires_needs_such_an_intervention(tmp_path):
    root = setup(tmp_path, [rule_row("np", "Nanocarrier")])
    assert fired(root, ["other"]) == set()
    assert fired(root, ["drugx"]) == set()
    assert fired(root, ["lipo"]) == {"np"}
    assert fired(root, ["other", "lipo"]) == {"np"}


def test_requires_is_met_through_a_formulations_carrier_and_payload(tmp_path):
    root = setup(tmp_path, [rule_row("np", "Nanocarrier"), rule_row("x", "DrugClassX")])
    assert fired(root, ["form"]) == {"np", "x"}
    kb = mechgraph.load_kb(root)
    assert kb.includes("form", "Liposome") and kb.includes("form", "drugx")
    assert not kb.includes("form", "other") and not kb.includes("lipo", "DrugClassX")


def test_an_inhibited_agent_does_not_meet_requires(tmp_path):
    root = setup(tmp_path, [rule_row("np", "Nanocarrier")])
    assert fired(root, ["other"], inhibit=["lipo"]) == set()


def test_requires_groups_all_hold_and_alternatives_any(tmp_path):
    root = setup(
        tmp_path,
        [rule_row("both", "Nanocarrier & DrugClassX"), rule_row("either", "Liposome|other")],
    )
    assert fired(root, ["lipo"]) == {"either"}
    assert fired(root, ["drugx"]) == set()
    assert fired(root, ["other"]) == {"either"}
    assert fired(root, ["lipo", "drugx"]) == {"both", "either"}
    assert fired(root, ["form"]) == {"both", "either"}  # carrier and payload of one agent


def test_negated_context_blocks_only_when_the_query_sets_it(tmp_path):
    root = setup(tmp_path, [rule_row("not_metro", "Drug", "!dose=metronomic")])
    assert fired(root, ["other"]) == {"not_metro"}
    assert fired(root, ["other"], {"dose": "high"}) == {"not_metro"}
    assert fired(root, ["other"], {"dose": "metronomic"}) == set()


def test_positive_context_is_met_by_that_value_or_an_unset_key(tmp_path):
    root = setup(
        tmp_path,
        [
            rule_row("high", contexts="dose=high"),
            rule_row("two", contexts="dose=high|dose=metronomic"),
        ],
    )
    assert fired(root, ["other"]) == {"high", "two"}
    assert fired(root, ["other"], {"dose": "high"}) == {"high", "two"}
    assert fired(root, ["other"], {"dose": "metronomic"}) == {"two"}


def test_screen_applies_the_preconditions_too(tmp_path):
    root = setup(
        tmp_path, [rule_row("np", "Nanocarrier"), rule_row("not_metro", "", "!dose=metronomic")]
    )
    rows = {
        row.agents: set(row.rules)
        for row in mechgraph.screen(["other", "lipo"], size=1, kb=root).rows
    }
    assert rows == {("other",): {"not_metro"}, ("lipo",): {"np", "not_metro"}}
    metro = mechgraph.screen(["other", "lipo"], size=1, context={"dose": "metronomic"}, kb=root)
    assert {row.agents: set(row.rules) for row in metro.rows} == {
        ("other",): set(),
        ("lipo",): {"np"},
    }


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (rule_row("r1", "Nanocarier"), "unknown class or entity in requires: Nanocarier"),
        (rule_row("r1", "Nanocarrier &"), "requires item '' must be CLASS_OR_ENTITY"),
        (rule_row("r1", "Nanocarrier||Drug"), "must be CLASS_OR_ENTITY alternatives"),
        (rule_row("r1", "Nano carrier"), "must be CLASS_OR_ENTITY alternatives"),
        (rule_row("r1", contexts="dose"), "contexts item 'dose' must be 'key=value'"),
        (rule_row("r1", contexts="!dose="), "contexts item '!dose=' must be"),
        (rule_row("r1", contexts="regimen=high"), "unknown context key 'regimen'"),
        (rule_row("r1", contexts="!dose=low"), "unknown value 'low' for context 'dose'"),
    ],
)
def test_malformed_preconditions_are_reported_with_file_and_line(run_cli, tmp_path, row, message):
    root = setup(tmp_path, [rule_row("ok", "Nanocarrier", "!dose=metronomic"), row])
    folder = tmp_path / "rules"
    result = mechgraph.validate(root, rules=folder)
    (problem,) = result.problems
    assert problem.file.endswith("r.tsv") and problem.line == 3 and message in problem.message
    with pytest.raises(ValidationError):
        mechgraph.Workspace.of(mechgraph.load_kb(root), folder)
    proc = run_cli("validate", "--kb", str(root), env={"MECHGRAPH_RULES": str(folder)})
    assert proc.returncode == 1 and "r.tsv:3: ERROR" in proc.stdout


def test_a_misspelt_precondition_column_is_warned_about(tmp_path):
    root = setup(tmp_path, [])
    folder = tmp_path / "rules"
    (folder / "r.tsv").write_text(HEADER.replace("requires", "require") + "\n", encoding="utf-8")
    (problem,) = mechgraph.validate(root, rules=folder).problems
    assert problem.line == 1 and "unknown column 'require'" in problem.message
    assert "did you mean 'requires'?" in problem.hint
