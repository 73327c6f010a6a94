"""The shipped reasoning rules (``rules/``) fire where the reviews say they should, and only
there: their preconditions on the shipped knowledge base."""

from __future__ import annotations

import mechgraph

NANOPARTICLE_RULES = {"immunogenicity_vs_mps", "peg_vs_anti_peg", "immunogenic_np_ici_irae"}


def shipped(agents, context=None) -> set[str]:
    return {c.rule for c in mechgraph.contradictions(agents, context) if c.kind == "rule"}


def test_shipped_rules_carry_their_preconditions():
    rules = {r.id: r for r in mechgraph.workspace().rules}
    assert {rid for rid, r in rules.items() if ("Nanocarrier",) in r.requires} == NANOPARTICLE_RULES
    assert rules["high_dose_vs_marrow"].requires == (("CytotoxicDrug",),)
    assert [str(c) for c in rules["high_dose_vs_marrow"].contexts] == ["!dose=metronomic"]
    assert rules["lymphopenia_vs_ici"].requires == (
        ("CytotoxicDrug",),
        ("ImmuneCheckpointInhibitor",),
    )


def test_free_cyclophosphamide_and_anti_pd1_trigger_no_nanoparticle_rule():
    ws = mechgraph.workspace()
    given = [ws.index.resolve(n).id for n in ("cyclophosphamide", "anti-PD-1")]
    rules = {r.id: r for r in ws.rules}
    assert not any(rules[rid].applies(ws.kb, given) for rid in NANOPARTICLE_RULES)
    assert rules["lymphopenia_vs_ici"].applies(ws.kb, given)
    for context in (None, {"dose": "metronomic"}, {"dose": "standard"}):
        assert not shipped(["cyclophosphamide", "anti-PD-1"], context) & NANOPARTICLE_RULES


def test_metronomic_dose_does_not_trigger_the_high_dose_rule():
    combo = ["cyclophosphamide", "anti-PD-1"]
    assert "high_dose_vs_marrow" in shipped(combo)
    assert "high_dose_vs_marrow" in shipped(combo, {"dose": "standard"})
    assert shipped(combo, {"dose": "metronomic"}) == {"lymphopenia_vs_ici"}
    assert "high_dose_vs_marrow" not in shipped(["Doxil", "avelumab"], {"dose": "metronomic"})
    assert "high_dose_vs_marrow" in shipped(["Doxil"], {"schedule": "repeated"})


def test_nanoparticle_combinations_keep_their_rules():
    # paclitaxel is no ICD inducer (Sun et al. name anthracyclines, oxaliplatin and
    # cyclophosphamide), so the high-dose ICD vs marrow rule is Doxil's, not Abraxane's
    assert shipped(["Abraxane", "atezolizumab"]) == {
        "immunogenicity_vs_mps",
        "immunogenic_np_ici_irae",
        "lymphopenia_vs_ici",
    }
    assert shipped(["Doxil", "avelumab"]) == NANOPARTICLE_RULES | {
        "high_dose_vs_marrow",
        "lymphopenia_vs_ici",
    }


def test_shipped_rules_fire_on_the_reviews_examples():
    doxil = {c.rule for c in mechgraph.contradictions(["Doxil"], {"schedule": "repeated"})}
    assert {"peg_vs_anti_peg", "immunogenicity_vs_mps", "high_dose_vs_marrow"} <= doxil
    with_ici = mechgraph.contradictions(["Doxil", "avelumab"], {"pdl1": "positive"})
    assert "immunogenic_np_ici_irae" in {c.rule for c in with_ici}
    assert any(
        c.kind == "evidence-discordance" and c.node == "immunotherapy_efficacy" for c in with_ici
    )
    assert any(
        c.kind == "conflicting-claims" and c.pivot == "lymphopenia"
        for c in mechgraph.contradictions()
    )
