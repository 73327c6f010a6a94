"""Context keys declared in the ontology, values within broader values, exclusive keys."""

import pytest
from kbfactory import claim, make_kb, write_table

import mechgraph
from mechgraph import QueryError, ValidationError

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
