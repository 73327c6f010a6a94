"""Comparisons of arms on hand-made knowledge bases: each rule of
:mod:`mechgraph.reasoning.difference` (README, "How mechgraph reasons: comparisons")."""

import json

import pytest

import mechgraph
from mechgraph import Sign, ValidationError
from mechgraph.reasoning.difference import difference
from tests.helpers.kbfactory import claim
from tests.helpers.sample_kbs import arms_kb


@pytest.fixture
def kb(tmp_path):
    return mechgraph.load_kb(arms_kb(tmp_path))


def words(kb, first, second, context=None):
    return {row.readout.id: row.word for row in difference(kb, first, second, context).rows}


def test_a_comparison_adds_no_absolute_path(kb):
    graph = mechgraph.compile_kb(kb)
    assert not [e for e in graph.out_edges("nano") if e.target in ("tox", "icd", "exposure")]
    tox = mechgraph.effect(["nano"], kb=kb).effect_on("tox")
    # nano is myelotoxic through its payload; "less than the free drug" is no minus path
    assert tox.sign is Sign.PLUS and not tox.paths.get(Sign.MINUS)


def test_a_formulation_against_its_free_payload(kb):
    found = words(kb, ["nano"], ["cyto"])
    assert found["tox"] == "lower"  # C4: compared with the free drug
    assert found["delivery"] == "higher"  # C5: a class-level "vs the free payload" claim
    assert found["mps"] == "higher"  # the carrier's own biology (C6)
    assert found["stroma"] == "lower"  # a claim about the formulation itself (C15)
    assert found["fever"] == "unknown"  # both arms act on it; nothing compares them
    assert found["efficacy"] == "higher"  # more ICD (C7), and ICD raises efficacy (C10)
    assert found["untouched"] == "same"  # neither arm acts on it


def test_the_arms_the_other_way_round_reverse_the_difference(kb):
    row = difference(kb, ["cyto"], ["nano"]).row("tox")
    assert row.word == "higher"
    (step,) = row.paths[Sign.PLUS][0].edges
    assert (step.relation, step.sign, step.claims[0].id) == (
        "compared_with_reversed",
        Sign.PLUS,
        "C4",
    )


def test_a_difference_propagates_downstream(kb):
    row = difference(kb, ["nano"], ["cyto"]).row("release")
    assert row.word == "higher"
    assert [e.target for e in row.paths[Sign.PLUS][0].edges] == ["icd", "release"]
    assert row.paths[Sign.PLUS][0].edges[0].claims[0].id == "C7"


def test_shared_components_cancel(kb):
    found = words(kb, ["cyto", "ici"], ["cyto"])
    assert found["tox"] == "same" and found["efficacy"] == "higher"


def test_a_stronger_null_beats_a_weaker_sign_and_shows_what_it_overruled(kb):
    row = difference(kb, ["nano", "ici"], ["ici"]).row("efficacy")
    assert row.word == "same"
    assert [n.comparison.claim.id for n in row.nulls] == ["C9"]
    # overruled: the drug's ICD route and C11, a hypothesis (its PD-L1 stratum not asked)
    assert any("icd" in p.nodes for p in row.overruled)
    assert any(e.claims and e.claims[0].id == "C11" for p in row.overruled for e in p.edges)


def test_a_weaker_null_does_not_beat_a_stronger_sign(tmp_path):
    strong = claim(
        "C20", "nano", "increases", "efficacy", background="ici", evidence_level="clinical_phase3"
    )
    root = arms_kb(tmp_path, [strong])
    text = (root / "claims.tsv").read_text(encoding="utf-8")
    (root / "claims.tsv").write_text(
        text.replace("\tclinical_phase3\t", "\thypothesis\t", 1), encoding="utf-8"
    )  # C9, the null, becomes a hypothesis
    row = difference(mechgraph.load_kb(root), ["nano", "ici"], ["ici"]).row("efficacy")
    assert row.word == "higher" and "C9" in row.reason


def test_a_subgroup_claim_is_not_overruled_by_the_overall_null(kb):
    assert words(kb, ["nano", "ici"], ["ici"], {"pdl1": "positive"})["efficacy"] == "higher"
    assert words(kb, ["nano", "ici"], ["ici"], {"pdl1": "negative"})["efficacy"] == "same"


def test_a_comparison_stated_in_another_context_is_unknown_not_same(kb):
    assert words(kb, ["nano"], ["cyto"], {"species": "mouse"})["exposure"] == "lower"
    row = difference(kb, ["nano"], ["cyto"], {"species": "human"}).row("exposure")
    assert row.word == "unknown" and "C14" in row.reason


def test_a_claim_about_some_members_is_not_inherited(kb):
    graph = mechgraph.compile_kb(kb)
    assert not [e for e in graph.out_edges("Nanocarrier") if e.target == "vaccination"]
    assert mechgraph.effect(["nano"], kb=kb).effect_on("vaccination").sign is Sign.NONE


def test_compare_and_effect_vs_print_the_difference(run_cli, tmp_path):
    root = arms_kb(tmp_path)
    proc = run_cli("effect", "nano", "--vs", "cyto", "--json", "--kb", str(root))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["schema_version"] == 3 and data["pairs"] == [["nano", "cyto"]]
    rows = {r["id"]: r for r in data["differences"]}
    assert rows["tox"]["difference"] == "lower" and rows["tox"]["first"] == "+"
    assert rows["tox"]["paths"]["-"][0]["steps"][0]["evidence"][0]["comparator"] == "cyto"
    assert {c["claim"] for c in data["comparisons"]} >= {"C4", "C5", "C7"}
    text = run_cli("compare", "nano", "--vs", "cyto", "-t", "tox", "--kb", str(root))
    assert text.returncode == 0 and "lower" in text.stdout and "C4" in text.stdout
    usage = run_cli("effect", "nano", "--vs", "cyto", "--inhibit", "icd", "--kb", str(root))
    assert usage.returncode == 2 and "--inhibit cannot be combined with --vs" in usage.stderr


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"comparator": "nothing_here"}, "unknown comparator 'nothing_here'"),
        ({"comparator": "nano"}, "the comparator 'nano' is the subject"),
        ({"background": "nano"}, "the background 'nano' is the subject"),
        ({"comparator": "ici", "background": "ici"}, "both the comparator and in the background"),
        ({"scope": "most"}, "unknown scope 'most'"),
    ],
)
def test_bad_arms_are_errors_with_their_line(tmp_path, cells, message):
    root = arms_kb(tmp_path, [claim("C30", "nano", "increases", "tox", **cells)])
    with pytest.raises(ValidationError) as info:
        mechgraph.load_kb(root)
    (problem,) = info.value.problems
    assert message in problem.message and problem.line == 17


def test_a_claim_names_the_claims_of_its_mechanism_and_explain_shows_them(run_cli, tmp_path):
    root = arms_kb(tmp_path, [claim("C40", "cyto", "increases", "fever", via="C2|C3")])
    data = json.loads(run_cli("explain", "cyto", "-t", "fever", "--json", "--kb", str(root)).stdout)
    steps = [s for p in data["paths"]["+"] for s in p["steps"]]
    assert {"C40": ["C2", "C3"]}.items() <= {
        e["claim"]: e["via"] for s in steps for e in s["evidence"]
    }.items()
    text = run_cli("explain", "cyto", "-t", "fever", "--kb", str(root)).stdout
    assert "via C2 cyto increases icd" in text and "via C3 icd increases release" in text
    bad = arms_kb(tmp_path / "bad", [claim("C40", "cyto", "increases", "fever", via="C99")])
    with pytest.raises(ValidationError, match="via 'C99' is not a claim id"):
        mechgraph.load_kb(bad)
