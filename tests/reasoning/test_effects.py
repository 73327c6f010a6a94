"""Effects of interventions on the readouts (:mod:`mechgraph.reasoning.effects`): verdicts and
trade-offs, the paths shown, context keys declared in the ontology (values within broader
values, exclusive keys, defaults, synonyms), verdicts resting on hypotheses only."""

import pytest

import mechgraph
from mechgraph import QueryError, Sign, ValidationError, load_kb
from tests.helpers.kbfactory import claim, make_kb, write_table

KEYS = [
    {"key": "tumour", "class": "TumourType", "exclusive": "yes"},
    {"key": "dose", "class": "DoseRegimen", "exclusive": "no"},
    {"key": "route", "class": "Route"},  # a key the code has never heard of
]
VALUES = [
    {"key": "tumour", "value": "breast", "label": "breast cancer"},
    {"key": "tumour", "value": "TNBC", "label": "TNBC", "parent": "breast"},
    {"key": "tumour", "value": "ovarian", "label": "ovarian cancer"},
    {"key": "dose", "value": "high", "label": "high dose"},
    {"key": "dose", "value": "metronomic", "label": "metronomic"},
    {"key": "dose", "value": "repeated", "label": "repeated dosing"},
    {"key": "route", "value": "iv", "label": "intravenous"},
    {"key": "route", "value": "oral", "label": "oral"},
]
CLASSES = [{"id": name, "label": name.lower()} for name in ("TumourType", "DoseRegimen", "Route")]


def context_kb(tmp_path, keys=KEYS, values=VALUES, extra=()):
    claims = [
        claim("C1", "a", "increases", "b", context="tumour=breast"),
        claim("C2", "a", "increases", "c", context="tumour=TNBC"),
        claim("C3", "a", "increases", "d", context="dose=high"),
        claim("C4", "a", "increases", "e", context="dose=metronomic"),
        claim("C5", "a", "increases", "f", context="route=oral"),
        *extra,
    ]
    root = make_kb(tmp_path / "kb", claims, list("abcdef"), classes=CLASSES)
    write_table(root, "context_keys.tsv", keys)
    write_table(root, "contexts.tsv", values)
    return root


def reached(root, context):
    answer = mechgraph.effect(["a"], context, targets=list("bcdef"), kb=root)
    return {e.readout.id for e in answer.effects if e.sign.value == "+"}


def test_a_claim_about_a_broader_value_holds_for_a_narrower_one_not_the_reverse(tmp_path):
    root = context_kb(tmp_path)
    assert {"b", "c"} <= reached(root, {"tumour": "TNBC"})  # breast holds in TNBC
    breast = reached(root, {"tumour": "breast"})
    assert "b" in breast and "c" not in breast  # a TNBC result is not a breast-cancer one
    assert not {"b", "c"} & reached(root, {"tumour": "ovarian"})
    # the curated context is kept as written (exports, views)
    (c1,) = [c for c in mechgraph.load_kb(root).claims if c.id == "C1"]
    assert c1.context_text() == "tumour=breast"


def test_an_exclusive_key_takes_one_value_and_another_several(tmp_path):
    root = context_kb(tmp_path)
    with pytest.raises(QueryError, match="exclude each other"):
        mechgraph.effect(["a"], {"tumour": "breast|ovarian"}, kb=root)
    both = reached(root, {"dose": "high|repeated"})
    assert "d" in both and "e" not in both  # dose=high applies, dose=metronomic does not


def test_a_key_declared_in_the_ontology_needs_no_code(tmp_path):
    root = context_kb(tmp_path)
    assert "f" not in reached(root, {"route": "iv"}) and "f" in reached(root, {"route": "oral"})
    with pytest.raises(QueryError, match="unknown context key 'colour'"):
        mechgraph.effect(["a"], {"colour": "red"}, kb=root)


@pytest.mark.parametrize(
    ("keys", "values", "message"),
    [
        (KEYS, [*VALUES, {"key": "tumour", "value": "x", "parent": "lung"}], "unknown parent"),
        (
            KEYS,
            [
                {"key": "tumour", "value": "p", "parent": "q"},
                {"key": "tumour", "value": "q", "parent": "p"},
                *VALUES,
            ],
            "form a cycle",
        ),
        ([*KEYS, {"key": "site", "class": "Nowhere"}], VALUES, "unknown class 'Nowhere'"),
        ([*KEYS, {"key": "site", "class": "Route", "exclusive": "maybe"}], VALUES, "yes or no"),
        (KEYS, [*VALUES, {"key": "colour", "value": "red"}], "context_keys.tsv"),
    ],
)
def test_bad_context_tables_are_errors_with_their_line(tmp_path, keys, values, message):
    root = context_kb(tmp_path, keys, values)
    with pytest.raises(ValidationError) as info:
        mechgraph.load_kb(root)
    problems = info.value.problems
    assert any(message in p.message + p.hint and p.line > 1 for p in problems), problems


def test_effect_reports_readouts_verdicts_and_trade_offs(tmp_path):
    entities = ["medicine", "killing", "toxicity", "pivot"]
    readouts = [
        {"readout": "killing", "kind": "outcome", "order": "1", "desirable": "+"},
        {"readout": "toxicity", "kind": "outcome", "order": "2", "desirable": "-"},
    ]
    claims = [
        claim("C1", "medicine", "increases", "pivot"),
        claim("C2", "pivot", "increases", "killing"),
        claim("C3", "pivot", "decreases", "killing", evidence_level="hypothesis"),
        claim("C4", "medicine", "increases", "toxicity"),
    ]
    root = make_kb(tmp_path / "kb", claims, entities, readouts=readouts)
    answer = mechgraph.effect(["medicine"], kb=root)
    killing, toxicity = answer.effect_on("killing"), answer.effect_on("toxicity")
    # in vivo evidence (0.7) against a hypothesis (0.15): the stronger sign, contested
    assert (killing.sign, killing.verdict) == (Sign.PLUS, "favourable")
    assert killing.contested and killing.decision.overruled is Sign.MINUS
    assert killing.reached == {Sign.PLUS, Sign.MINUS} and killing.leaning is None
    assert (toxicity.sign, toxicity.verdict) == (Sign.PLUS, "unfavourable")
    kinds = {(c.kind, c.node) for c in answer.contradictions}
    assert ("trade-off", "killing") in kinds and ("conflicting-claims", "killing") in kinds
    trade_off = next(c for c in answer.contradictions if c.kind == "trade-off")
    assert trade_off.pivot == "pivot"


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


# -- a key's default -------------------------------------------------------------------------
DEFAULTED_VALUES = [
    {"key": "tumour", "value": "breast", "label": "breast cancer"},
    {"key": "dose", "value": "high", "label": "high dose"},
    {"key": "dose", "value": "metronomic", "label": "metronomic"},
    {"key": "dose", "value": "repeated", "label": "repeated dosing"},
    {"key": "route", "value": "oral", "label": "oral"},
]


def defaulted_kb(tmp_path, keys, values=DEFAULTED_VALUES):
    claims = [
        claim("C3", "a", "increases", "d", context="dose=high"),
        claim("C4", "a", "increases", "e", context="dose=metronomic"),
        claim("C5", "a", "increases", "f", context="route=oral"),
    ]
    root = make_kb(tmp_path / "kb", claims, list("adef"), classes=CLASSES)
    write_table(root, "context_keys.tsv", keys)
    write_table(root, "contexts.tsv", values)
    return root


def reached_in(root, context):
    answer = mechgraph.effect(["a"], context, targets=list("def"), kb=root)
    return {e.readout.id for e in answer.effects if e.sign.value == "+"}


DEFAULTED = [
    {"key": "tumour", "class": "TumourType"},
    {"key": "dose", "class": "DoseRegimen", "default": "high"},
    {"key": "route", "class": "Route"},
]


def test_a_key_left_out_is_read_with_its_default(tmp_path):
    root = defaulted_kb(tmp_path, keys=DEFAULTED)
    # C3 (dose=high) applies by default, C4 (dose=metronomic) only when asked
    assert {"d"} <= reached_in(root, {}) and "e" not in reached_in(root, {})
    asked = reached_in(root, {"dose": "metronomic"})
    assert "e" in asked and "d" not in asked
    assert mechgraph.effect(["a"], kb=root).context == {"dose": "high"}
    # a key without a default still admits every claim when left out
    assert "f" in reached_in(root, {})


def test_a_default_that_is_not_a_value_of_its_key_is_an_error(tmp_path):
    keys = [
        DEFAULTED[0],
        {"key": "dose", "class": "DoseRegimen", "default": "weekly"},
        DEFAULTED[2],
    ]
    root = defaulted_kb(tmp_path, keys=keys)
    with pytest.raises(ValidationError, match="unknown default 'weekly' of context key 'dose'"):
        load_kb(root)


def test_a_context_value_is_found_by_its_synonym(tmp_path):
    values = [dict(v) for v in DEFAULTED_VALUES]
    for v in values:
        if v["value"] == "high":
            v["synonyms"] = "MTD|maximum tolerated dose"
    root = defaulted_kb(tmp_path, keys=DEFAULTED, values=values)
    assert mechgraph.effect(["a"], {"dose": "mtd"}, kb=root).context["dose"] == "high"
    with pytest.raises(QueryError, match="unknown value 'weekly' for 'dose'"):
        mechgraph.effect(["a"], {"dose": "weekly"}, kb=root)


def test_a_key_with_a_default_has_no_unset_stratum(tmp_path):
    root = defaulted_kb(tmp_path, keys=DEFAULTED)
    assert mechgraph.stratify(["a"], "dose", kb=root).strata == ["high", "metronomic", "repeated"]
    assert mechgraph.stratify(["a"], "tumour", kb=root).strata[0] is None


def test_a_verdict_resting_on_hypotheses_only_says_so(run_cli, tmp_path):
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
