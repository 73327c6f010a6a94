"""Carrier swaps (:mod:`mechgraph.reasoning.swaps`): the formulation of a free drug offered in its
place."""

import json

import pytest

import mechgraph
from tests.helpers.sample_kbs import arms_kb


def test_suggest_offers_the_formulation_of_a_free_drug_as_a_swap(run_cli, tmp_path):
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
