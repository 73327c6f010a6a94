"""Abduction over a difference of arms (``hypothesize ... --vs ...``) on the hand-made
knowledge base of :func:`tests.helpers.sample_kbs.arms_kb`, and on the shipped one (JAVELIN
Ovarian 200)."""

import json

import pytest

import mechgraph
from mechgraph import Sign
from mechgraph.reasoning.abduction import Observation
from mechgraph.reasoning.difference_abduction import ROOT, abduce_difference
from tests.helpers.sample_kbs import arms_kb


@pytest.fixture
def kb(tmp_path):
    return mechgraph.load_kb(arms_kb(tmp_path))


def explain(kb, first, second, context=None, **observed):
    observations = [Observation(node, sign) for node, sign in observed.items()]
    return abduce_difference(kb, first, second, observations, context, top=10)


def names(answer):
    return [[a.name for a in h.assumptions] for h in answer.hypotheses]


def test_a_difference_the_comparisons_predict_needs_no_assumption(kb):
    answer = explain(kb, ["nano"], ["cyto"], tox=Sign.MINUS, release=Sign.PLUS)
    assert answer.consistent and names(answer) == [[]]
    assert answer.hypotheses[0].predicted["tox"] is Sign.MINUS


def test_an_observed_same_sets_the_comparison_aside(kb):
    answer = explain(kb, ["nano"], ["cyto"], tox=Sign.NONE)
    assert names(answer) == [["C4"]]  # "nano is less myelotoxic than cyto" does not hold
    assert answer.arms == (("nano",), ("cyto",))


def test_shared_components_are_no_source_of_the_difference(kb):
    # cyto is in both arms: its toxicity (C1) is no difference, so nothing needs explaining
    assert names(explain(kb, ["cyto", "ici"], ["cyto"], tox=Sign.NONE)) == [[]]
    # ici is only in the first arm: a same efficacy must cut its path (C8), not cyto's
    found = names(explain(kb, ["cyto", "ici"], ["cyto"], efficacy=Sign.NONE))
    assert ["C8"] in found and not any("C1" in h or "C2" in h for h in found)


def test_the_trial_null_is_listed_and_the_stratum_is_a_hypothesis(kb):
    answer = explain(kb, ["nano", "ici"], ["ici"], efficacy=Sign.NONE)
    assert [c.id for c in answer.null_results] == ["C9"]
    # C11 (benefit in PD-L1-positive tumours) is set aside by a PD-L1-negative population
    assert any("pdl1=negative" in h for h in names(answer))


def test_a_context_the_query_sets_is_never_offered(kb):
    answer = explain(kb, ["nano", "ici"], ["ici"], {"pdl1": "positive"}, efficacy=Sign.NONE)
    assert answer.consistent
    assert not [a for h in answer.hypotheses for a in h.assumptions if a.key == "pdl1"]


def test_the_drugs_themselves_are_never_an_inactive_branch(kb):
    for answer in (
        explain(kb, ["nano"], ["cyto"], release=Sign.NONE),
        mechgraph.hypothesize(["nano"], {"release": "0"}, kb=kb),
    ):
        inactive = {a.node for h in answer.hypotheses for a in h.assumptions if a.kind == "branch"}
        assert inactive and not inactive & {"nano", "cyto", "Liposome", ROOT}
        assert "icd" in inactive  # a branch below the drug may be


def test_an_impossible_difference_names_its_reason_in_words(kb):
    answer = explain(kb, ["nano"], ["cyto"], tox=Sign.PLUS)
    assert not answer.consistent
    assert answer.reason == (
        "every path from the difference of the arms brings lower to tox, never higher"
    )


def test_a_merged_network_carries_the_difference_on(tmp_path):
    # an imported edge tox -> fatigue: less toxicity (C4) explains less fatigue
    network = tmp_path / "net.tsv"
    network.write_text("source\tinteraction\ttarget\ntox\tactivation\tfatigue\n")
    ws = mechgraph.merge_networks([network], kb=arms_kb(tmp_path))
    answer = abduce_difference(
        ws.kb,
        ["nano"],
        ["cyto"],
        [Observation("fatigue", Sign.MINUS)],
        graph=ws.graph,
        index=ws.index,
    )
    assert answer.consistent and names(answer) == [[]]


def test_the_cli_asks_and_answers_with_a_baseline(run_cli, tmp_path):
    root = arms_kb(tmp_path)
    args = ["hypothesize", "nano", "ici", "--vs", "ici", "-o", "efficacy=same", "--kb", str(root)]

    def run(*extra):
        done = run_cli(*extra)
        return done.returncode, done.stdout, done.stderr

    code, out, _ = run(*args)
    assert code == 0
    assert "Hypotheses for nano + ici vs ici" in out
    assert "observed: efficacy the same as with ici" in out
    assert "matching null result: C9 nano + ici vs ici: no effect on efficacy" in out
    code, out, _ = run(*args, "--json")
    answer = json.loads(out)
    assert [a["id"] for a in answer["arms"]["second"]] == ["ici"]
    assert answer["observations"][0]["difference"] == "same"
    assert [c["claim"] for c in answer["null_results"]] == ["C9"]
    code, _, err = run("hypothesize", "nano", "-o", "efficacy=same", "--kb", str(root))
    assert code == 2 and "is a difference between two arms" in err
    code, _, err = run(*args, "--inhibit", "icd")
    assert code == 2 and "--inhibit cannot be combined with --vs" in err
    code, _, err = run("hypothesize", "nano", "--vs", "cyto", "-o", "tox=higher", "--kb", str(root))
    assert code == 1 and "brings lower to tox, never higher" in err


def test_javelin_ovarian_200_as_a_difference():
    answer = mechgraph.hypothesize(
        ["Doxil", "avelumab"],
        {"immunotherapy efficacy": "same"},
        {"tumour": "ovarian", "species": "human"},
        vs=["avelumab"],
    )
    assert answer.consistent and "C0103" in [c.id for c in answer.null_results]
    offered = {a.key for h in answer.hypotheses for a in h.assumptions if a.kind == "context"}
    assert "pdl1" in offered and not offered & {"tumour", "species"}
