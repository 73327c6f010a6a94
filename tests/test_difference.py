"""Comparisons of arms on hand-made knowledge bases: each rule of
:mod:`mechgraph.reasoning.difference` (README, "How mechgraph reasons: comparisons")."""

import json

import pytest
from kbfactory import claim, make_kb, write_table
from test_cli import run_cli

import mechgraph
from mechgraph import Sign, ValidationError
from mechgraph.reasoning.difference import difference

CONTEXTS = [
    {"key": "dose", "value": "high", "label": "high dose"},
    {"key": "pdl1", "value": "positive", "label": "PD-L1 positive"},
    {"key": "pdl1", "value": "negative", "label": "PD-L1 negative"},
    {"key": "species", "value": "human", "label": "human"},
    {"key": "species", "value": "mouse", "label": "mouse"},
]
READOUTS = [
    {"readout": name, "kind": "outcome", "order": str(i), "desirable": "+"}
    for i, name in enumerate(
        [
            "tox",
            "release",
            "efficacy",
            "delivery",
            "fever",
            "exposure",
            "stroma",
            "mps",
            "vaccination",
            "untouched",
        ],
        1,
    )
]


def arms_kb(tmp_path, extra=()):
    """nano is a liposome carrying drug; ici is a checkpoint inhibitor."""
    entities = [
        {"id": "cyto", "type": "DrugClassX"},
        {"id": "nano", "type": "Formulation"},
        "ici",
        "icd",
        *(r["readout"] for r in READOUTS),
    ]
    claims = [
        claim("C1", "cyto", "increases", "tox"),
        claim("C2", "cyto", "increases", "icd"),
        claim("C3", "icd", "increases", "release"),
        claim("C4", "nano", "decreases", "tox", comparator="cyto"),
        claim("C5", "Nanocarrier", "increases", "delivery", comparator="free_payload"),
        claim("C6", "Liposome", "increases", "mps"),
        claim("C7", "nano", "increases", "icd", comparator="cyto"),
        claim("C8", "ici", "increases", "efficacy"),
        claim(
            "C9",
            "nano",
            "no_effect",
            "efficacy",
            background="ici",
            evidence_level="clinical_phase3",
        ),
        claim("C10", "icd", "increases", "efficacy"),
        claim(
            "C11",
            "nano",
            "increases",
            "efficacy",
            background="ici",
            context="pdl1=positive",
            evidence_level="hypothesis",
        ),
        claim("C12", "Nanocarrier", "increases", "vaccination", scope="some"),
        claim("C13", "cyto", "increases", "fever"),
        claim("C14", "nano", "decreases", "exposure", comparator="cyto", context="species=mouse"),
        claim("C15", "nano", "decreases", "stroma"),
        *extra,
    ]
    forms = [{"formulation": "nano", "carrier": "Liposome", "payloads": "cyto"}]
    root = make_kb(tmp_path / "kb", claims, entities, formulations=forms, readouts=READOUTS)
    write_table(root, "contexts.tsv", CONTEXTS)
    return root


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


def test_compare_and_effect_vs_print_the_difference(tmp_path):
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


def test_stratify_shows_the_stratum_whose_difference_differs(tmp_path):
    root = arms_kb(tmp_path)
    result = mechgraph.stratify(["nano", "ici"], "pdl1", vs=["ici"], targets=["efficacy"], kb=root)
    assert [d.word for d in result.difference_rows[0]] == ["same", "higher", "same"]
    assert len(result.changed()) == 1
    proc = run_cli(
        "stratify", "nano", "ici", "--vs", "ici", "--by", "pdl1", "-t", "efficacy", "--json",
        "--kb", str(root),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (row,) = json.loads(proc.stdout)["differences"]
    assert row["changed"] and [s["difference"] for s in row["by_stratum"]] == [
        "same",
        "higher",
        "same",
    ]


def test_a_claim_names_the_claims_of_its_mechanism_and_explain_shows_them(tmp_path):
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


def test_a_comparison_reads_with_its_arms(tmp_path):
    root = arms_kb(tmp_path)
    text = run_cli("compare", "nano", "ici", "--vs", "ici", "--evidence", "--kb", str(root))
    assert "C9 nano no_effect efficacy [nano + ici vs ici]" in text.stdout


def test_screen_ranks_by_the_difference_from_the_partner(tmp_path):
    root = arms_kb(tmp_path)
    kb = mechgraph.load_kb(root)
    result = mechgraph.screen(["nano", "cyto"], ["ici"], vs=["partner"], kb=root)
    assert [row.baseline for row in result.rows] == [("ici",), ("ici",)]
    keys = [row.rank_key() for row in result.rows]
    assert keys == sorted(keys)
    desirable = {r.id: r.desirable for r in result.readouts}
    for row in result.rows:
        expected = difference(kb, list(row.agents), ["ici"], targets=list(desirable))
        assert list(row.words) == [d.word for d in expected.rows]
        score = 0.0
        for readout, word, support in zip(result.readouts, row.words, row.supports, strict=True):
            more = {"higher": Sign.PLUS, "lower": Sign.MINUS}.get(word)
            if more is not None:
                score += support if more is desirable[readout.id] else -support
        assert row.score == pytest.approx(score)
    proc = run_cli(
        "screen", "-a", "nano,cyto", "-w", "ici", "--vs", "partner", "--json", "--kb", str(root)
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["rows"][0]["baseline"] == ["ici"]
    usage = run_cli("screen", "-a", "nano,cyto", "--vs", "partner", "--kb", str(root))
    assert usage.returncode == 2 and "--vs partner needs --with" in usage.stderr


def test_the_answer_page_shows_the_difference(tmp_path):
    root = arms_kb(tmp_path)
    html, data = mechgraph.view_page(["nano"], vs=["cyto"], kb=root)
    readouts = {r["node"]: r for r in data["readouts"]}
    assert readouts["tox"]["sign"] == "\u2193" and "C4" in readouts["tox"]["note"]
    assert readouts["tox"]["verdict"] == "unfavourable"  # every readout here wants more
    assert readouts["fever"]["verdict"] == "contested"  # unknown: no comparison stated
    assert data["title"] == "Difference of nano vs cyto" and "<!DOCTYPE html>" in html
    out = tmp_path / "vs.html"
    proc = run_cli("view", "nano", "--vs", "cyto", "-o", str(out), "--kb", str(root))
    assert proc.returncode == 0 and out.is_file(), proc.stderr
    usage = run_cli("view", "--vs", "cyto", "-o", str(out), "--kb", str(root))
    assert usage.returncode == 2 and "--vs needs AGENTs" in usage.stderr


def test_suggest_offers_the_formulation_of_a_free_drug_as_a_swap(tmp_path):
    from mechgraph.reasoning.swaps import carrier_swaps

    root = arms_kb(tmp_path)
    kb = mechgraph.load_kb(root)
    (swap,) = carrier_swaps(kb, ["cyto", "ici"])
    assert (swap.replaced, swap.by) == ("cyto", "nano")
    improved = {r.readout.id: r.word for r in swap.improved}
    worsened = {r.readout.id: r.word for r in swap.worsened}
    # every readout of this knowledge base wants more: higher improves, lower worsens
    assert improved["delivery"] == "higher" and worsened["tox"] == "lower"
    assert swap.score == pytest.approx(
        sum(r.decision.support(r.sign) for r in swap.improved)
        - sum(r.decision.support(r.sign) for r in swap.worsened)
    )
    proc = run_cli("suggest", "cyto", "ici", "--json", "--kb", str(root))
    assert proc.returncode == 0, proc.stderr
    assert [(w["replaced"], w["by"]) for w in json.loads(proc.stdout)["swaps"]] == [
        ("cyto", "nano")
    ]
    text = run_cli("suggest", "cyto", "ici", "--kb", str(root)).stdout
    assert "CARRIER SWAPS" in text and "nano instead of cyto" in text
    against = run_cli("suggest", "cyto", "ici", "--against", "tox", "--json", "--kb", str(root))
    assert json.loads(against.stdout)["swaps"] == []  # the swap lowers tox, wanted up here


@pytest.mark.parametrize(
    "name",
    [
        "mechgraph.reasoning.difference",
        "mechgraph.reasoning.screen_vs",
        "mechgraph.reasoning.swaps",
        "mechgraph.reasoning.effects",
        "mechgraph.check",
    ],
)
def test_docstring_examples(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0 and result.attempted > 0


def test_an_absolute_answer_lists_the_comparisons_on_record(tmp_path):
    root = arms_kb(tmp_path)
    answer = mechgraph.effect(["nano", "ici"], kb=root)
    ids = {c.id for c in answer.comparisons}
    assert {"C4", "C7", "C9", "C11", "C14"} <= ids  # about nano, or nano added to ici
    assert "C5" not in ids  # a class-level "nanocarrier vs free" claim is about every carrier
    assert "C11" not in {
        c.id for c in mechgraph.effect(["nano", "ici"], {"pdl1": "negative"}, kb=root).comparisons
    }
    assert mechgraph.effect(["ici"], kb=root).comparisons == ()
    data = json.loads(run_cli("effect", "nano", "ici", "--json", "--kb", str(root)).stdout)
    on_record = {c["claim"]: c for c in data["comparisons"]}
    assert on_record["C9"]["arms"] == "nano + ici vs ici" and on_record["C9"]["background"] == [
        "ici"
    ]
    text = run_cli("effect", "nano", "ici", "--kb", str(root)).stdout
    assert (
        "COMPARISONS ON RECORD" in text and "C9 nano no_effect efficacy [nano + ici vs ici]" in text
    )
