"""Issue 15's model features: context-key defaults, targeting strategies, carrier-property
strata and comparative-sentence coverage, each on a small hand-made knowledge base."""

import json

import pytest
from kbfactory import claim, make_kb, write_table
from test_cli import run_cli

import mechgraph
from mechgraph import QueryError, Sign, ValidationError
from mechgraph.kb.coverage import coverage
from mechgraph.kb.loader import load_kb

# -- a key's default -------------------------------------------------------------------------
VALUES = [
    {"key": "tumour", "value": "breast", "label": "breast cancer"},
    {"key": "dose", "value": "high", "label": "high dose"},
    {"key": "dose", "value": "metronomic", "label": "metronomic"},
    {"key": "dose", "value": "repeated", "label": "repeated dosing"},
    {"key": "route", "value": "oral", "label": "oral"},
]
CLASSES = [{"id": name, "label": name.lower()} for name in ("TumourType", "DoseRegimen", "Route")]


def context_kb(tmp_path, keys, values=VALUES):
    claims = [
        claim("C3", "a", "increases", "d", context="dose=high"),
        claim("C4", "a", "increases", "e", context="dose=metronomic"),
        claim("C5", "a", "increases", "f", context="route=oral"),
    ]
    root = make_kb(tmp_path / "kb", claims, list("adef"), classes=CLASSES)
    write_table(root, "context_keys.tsv", keys)
    write_table(root, "contexts.tsv", values)
    return root


def reached(root, context):
    answer = mechgraph.effect(["a"], context, targets=list("def"), kb=root)
    return {e.readout.id for e in answer.effects if e.sign.value == "+"}


DEFAULTED = [
    {"key": "tumour", "class": "TumourType"},
    {"key": "dose", "class": "DoseRegimen", "default": "high"},
    {"key": "route", "class": "Route"},
]


def test_a_key_left_out_is_read_with_its_default(tmp_path):
    root = context_kb(tmp_path, keys=DEFAULTED)
    # C3 (dose=high) applies by default, C4 (dose=metronomic) only when asked
    assert {"d"} <= reached(root, {}) and "e" not in reached(root, {})
    asked = reached(root, {"dose": "metronomic"})
    assert "e" in asked and "d" not in asked
    assert mechgraph.effect(["a"], kb=root).context == {"dose": "high"}
    # a key without a default still admits every claim when left out
    assert "f" in reached(root, {})


def test_a_default_that_is_not_a_value_of_its_key_is_an_error(tmp_path):
    keys = [
        DEFAULTED[0],
        {"key": "dose", "class": "DoseRegimen", "default": "weekly"},
        DEFAULTED[2],
    ]
    root = context_kb(tmp_path, keys=keys)
    with pytest.raises(ValidationError, match="unknown default 'weekly' of context key 'dose'"):
        load_kb(root)


def test_a_context_value_is_found_by_its_synonym(tmp_path):
    values = [dict(v) for v in VALUES]
    for v in values:
        if v["value"] == "high":
            v["synonyms"] = "MTD|maximum tolerated dose"
    root = context_kb(tmp_path, keys=DEFAULTED, values=values)
    assert mechgraph.effect(["a"], {"dose": "mtd"}, kb=root).context["dose"] == "high"
    with pytest.raises(QueryError, match="unknown value 'weekly' for 'dose'"):
        mechgraph.effect(["a"], {"dose": "weekly"}, kb=root)


def test_a_key_with_a_default_has_no_unset_stratum(tmp_path):
    root = context_kb(tmp_path, keys=DEFAULTED)
    assert mechgraph.stratify(["a"], "dose", kb=root).strata == ["high", "metronomic", "repeated"]
    assert mechgraph.stratify(["a"], "tumour", kb=root).strata[0] is None


# -- targeting strategies and carrier properties ---------------------------------------------
STRATEGY_CLASSES = [
    {"id": "TargetingStrategy", "label": "targeting strategy"},
    {"id": "CancerCellTargeting", "label": "targeting cancer cells", "parent": "TargetingStrategy"},
    {"id": "PeripheralTargeting", "label": "peripheral", "parent": "TargetingStrategy"},
    {
        "id": "PEGylation",
        "label": "PEGylation",
        "parent": "CarrierProperty",
        "synonyms": "stealth coating",
    },
]
FORM_ENTITIES = [
    {"id": "np_dox", "type": "Formulation"},
    {"id": "np_vax", "type": "Formulation"},
    {"id": "dox", "type": "Drug"},
    {"id": "lipo", "type": "Liposome"},
    {"id": "peg_surface", "label": "PEG surface", "type": "PEGylation"},
    "mps",
    "delivery",
]
FORMS = [
    {"formulation": "np_dox", "carrier": "lipo", "payloads": "dox", "properties": "peg_surface"},
    {"formulation": "np_vax", "carrier": "lipo", "payloads": "dox"},
]
ASSIGNED = [
    {"formulation": "np_dox", "strategy": "CancerCellTargeting", "document": "doc", "quote": "q1"},
    {"formulation": "np_vax", "strategy": "PeripheralTargeting", "document": "doc", "quote": "q2"},
]


def strategy_kb(tmp_path, assigned=ASSIGNED):
    claims = [
        claim("C1", "peg_surface", "decreases", "mps"),
        claim("C2", "mps", "decreases", "delivery"),
        claim("C3", "lipo", "increases", "mps"),
    ]
    root = make_kb(
        tmp_path / "kb", claims, FORM_ENTITIES, formulations=FORMS, classes=STRATEGY_CLASSES
    )
    write_table(root, "strategies.tsv", assigned)
    return root


def test_strategies_group_formulations_for_screens_and_show(tmp_path):
    root = strategy_kb(tmp_path)
    kb = load_kb(root)
    assert kb.strategies_of("np_dox") == ("CancerCellTargeting",)
    assert kb.following("TargetingStrategy") == ["np_dox", "np_vax"]
    assert mechgraph.agent_group("CancerCellTargeting", kb=root) == ["np_dox"]
    report = mechgraph.describe("np_dox", kb=root)
    assert [a.strategy for a in report.strategies] == ["CancerCellTargeting"]
    assert report.strategies[0].evidence.quote == "q1"
    assert mechgraph.describe("PeripheralTargeting", kb=root).followers == ["np_vax"]
    assert kb.stats()["formulations_with_strategy"] == 2


def test_strategies_are_in_the_exports(tmp_path):
    from mechgraph.io.network import network_view
    from mechgraph.io.rdf import build_graph

    kb = load_kb(strategy_kb(tmp_path))
    nodes = {n.id: n.attributes() for n in network_view(kb).nodes}
    assert nodes["np_dox"]["strategies"] == ["CancerCellTargeting"]
    assert nodes["dox"]["strategies"] == []
    turtle = build_graph(kb).serialize(format="nt")
    assert "np_dox> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" in turtle
    assert [line for line in turtle.splitlines() if "np_dox" in line and "CancerCell" in line]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"formulation": "dox", "strategy": "CancerCellTargeting"},
            "neither a formulation nor a nanocarrier",
        ),
        ({"formulation": "nope", "strategy": "CancerCellTargeting"}, "unknown formulation"),
        ({"formulation": "np_dox", "strategy": "Liposome"}, "unknown targeting strategy"),
        ({"formulation": "np_dox", "strategy": "CancerCellTargeting"}, "follows"),
    ],
)
def test_a_bad_strategy_row_is_an_error_naming_its_line(tmp_path, row, message):
    root = strategy_kb(tmp_path, [*ASSIGNED, {"document": "doc", "quote": "q", **row}])
    with pytest.raises(ValidationError) as err:
        load_kb(root)
    assert any(
        p.file.endswith("strategies.tsv") and p.line == 4 and message in p.message
        for p in err.value.problems
    ), [p.message for p in err.value.problems]


def test_a_formulation_without_a_strategy_is_a_warning(tmp_path):
    report = mechgraph.validate(strategy_kb(tmp_path, ASSIGNED[:1]))
    assert any("'np_vax' follows no targeting strategy" in p.message for p in report.problems)


def test_stratify_by_a_carrier_property_redesigns_the_formulation(tmp_path):
    root = strategy_kb(tmp_path)
    result = mechgraph.stratify(["np_dox"], "stealth coating", targets=["mps", "delivery"], kb=root)
    assert (result.variable, result.strata, result.redesigned) == (
        "PEGylation",
        [None, "peg_surface"],
        ["np_dox"],
    )
    signs = {row[0].readout.id: [e.sign.value for e in row] for row in result.rows}
    # the liposome raises MPS recognition; a PEG surface sets the other way against it
    assert signs["mps"] == ["+", "?"] and signs["delivery"] == ["-", "?"]
    # the formulation without PEG (np_vax) gains it in the second design
    other = mechgraph.stratify(["np_vax"], "PEGylation", targets=["mps"], kb=root)
    assert [e.sign.value for e in other.rows[0]] == ["+", "?"]
    data = result.to_dict()
    assert data["variable"] == "PEGylation"
    assert [s["label"] for s in data["strata"]] == ["without PEGylation", "PEG surface"]
    json.dumps(data)


def test_stratify_by_a_carrier_property_needs_a_formulation(tmp_path):
    root = strategy_kb(tmp_path)
    with pytest.raises(QueryError, match="none of the agents is one"):
        mechgraph.stratify(["dox"], "PEGylation", kb=root)
    with pytest.raises(QueryError, match="unknown context key or carrier property 'PEG surface'"):
        mechgraph.stratify(["np_dox"], "PEG surface", kb=root)  # a property, not a variable
    with pytest.raises(QueryError, match="unknown context key or carrier property 'colour'"):
        mechgraph.stratify(["np_dox"], "colour", kb=root)


# -- comparative sentences -------------------------------------------------------------------
TEXT = (
    "S\n"
    "The nanoparticle was less toxic than the free drug. "
    "Tumours showed a higher turnover than normal tissue. "
    "The drug alone was weak.\n"
)


def test_a_comparative_sentence_is_covered_only_by_a_comparator_claim(tmp_path):
    claims = [
        claim("C1", "np", "decreases", "tox", comparator="dox", quote="less toxic than the free"),
        claim("C2", "dox", "increases", "tox", quote="The drug alone was weak"),
    ]
    root = make_kb(tmp_path / "kb", claims, ["np", "dox", "tox"])
    write_table(root, "sections.tsv", [{"document": "doc", "section": "S", "anchor": "S"}])
    write_table(
        root,
        "not_curated.tsv",
        [
            {
                "document": "doc",
                "section": "S",
                "quote": "higher turnover than normal tissue",
                "reason": "tissues, not arms",
            }
        ],
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "doc.txt").write_text(TEXT, encoding="utf-8")
    report = coverage(load_kb(root), tmp_path / "src")
    left = {s.text.split()[1]: s.reviewed for s in report.uncompared}
    # C2 quotes the third sentence as an absolute effect: still a comparison to curate
    assert left == {"drug": "", "showed": "tissues, not arms"}
    (row,) = [r for r in report.sections if r.section == "S"]
    assert (row.comparative, row.compared, row.comparative_reviewed) == (3, 1, 1)


@pytest.mark.parametrize("name", ["mechgraph.reasoning.stratify", "mechgraph.kb.coverage"])
def test_docstring_examples(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0 and result.attempted > 0


def test_a_question_quote_is_checked_against_its_document(tmp_path):
    claims = [claim("C1", "np", "decreases", "tox", comparator="dox", quote="less toxic than")]
    root = make_kb(tmp_path / "kb", claims, ["np", "dox", "tox"])
    write_table(root, "sections.tsv", [{"document": "doc", "section": "S", "anchor": "S"}])
    row = {"kind": "effect", "agents": "np", "target": "tox", "expect": "-", "document": "doc"}
    from mechgraph.kb.questions import COLUMNS as QUESTION_COLUMNS

    asked = [
        {"id": "Q1", **row, "quote": "less toxic than the free drug"},
        {"id": "Q2", **row, "quote": "more toxic than the free drug"},
    ]
    lines = ["\t".join(QUESTION_COLUMNS)]
    lines += ["\t".join(q.get(c, "") for c in QUESTION_COLUMNS) for q in asked]
    (root / "questions.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "doc.txt").write_text(TEXT, encoding="utf-8")
    found = [
        (p.line, p.message)
        for p in mechgraph.validate(root, tmp_path / "src").problems
        if p.rule == "quote"
    ]
    assert found == [(3, 'Q2: quote not found verbatim in doc: "more toxic than the free drug"')]


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


def test_a_verdict_resting_on_hypotheses_only_says_so(tmp_path):
    claims = [
        claim("C1", "a", "increases", "b"),
        claim("C2", "b", "increases", "c", evidence_level="hypothesis"),
        claim("C3", "a", "increases", "d"),
        claim("C4", "d", "increases", "c", evidence_level="hypothesis"),
        claim("C5", "d", "increases", "c", evidence_level="clinical", document="doc"),
        claim("C6", "a", "increases", "e"),
    ]
    root = make_kb(tmp_path / "kb", claims, list("abcde"))
    effects = {
        e.readout.id: e for e in mechgraph.effect(["a"], targets=["b", "c", "e"], kb=root).effects
    }
    # c: the d route has a clinical claim beside the hypothesis, so not only hypotheses
    assert not effects["c"].hypothesis_only and not effects["e"].hypothesis_only
    only = make_kb(tmp_path / "kb2", claims[:2], list("abc"))
    (answer,) = mechgraph.effect(["a"], targets=["c"], kb=only).effects
    assert answer.hypothesis_only and answer.sign is Sign.PLUS
    text = run_cli("effect", "a", "-t", "c", "--kb", str(only)).stdout
    assert "hypothesis-level evidence only" in text
