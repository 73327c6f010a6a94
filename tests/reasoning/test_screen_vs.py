"""Screening against a baseline (:mod:`mechgraph.reasoning.screen_vs`)."""

import json

import pytest

import mechgraph
from mechgraph import Sign
from mechgraph.reasoning.difference import difference
from tests.helpers.sample_kbs import arms_kb


def test_screen_ranks_by_the_difference_from_the_partner(run_cli, tmp_path):
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
