"""Stratification (:mod:`mechgraph.reasoning.stratify`): by a context key or a carrier property,
the readouts that change, and differences that differ by stratum."""

import json

import pytest

import mechgraph
from mechgraph import QueryError, Sign
from tests.helpers.kbfactory import claim, make_kb
from tests.helpers.sample_kbs import arms_kb, strategy_kb


def test_stratify_shows_the_stratum_whose_difference_differs(run_cli, tmp_path):
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


PLUS, MINUS, ZERO = Sign.PLUS, Sign.MINUS, Sign.NONE


def test_stratify_marks_the_readouts_that_change(run_cli, tmp_path):
    root = make_kb(
        tmp_path / "kb",
        [
            claim("C1", "cytox", "increases", "killing", context="dose=high"),
            claim("C2", "cytox", "decreases", "killing", context="dose=metronomic"),
            claim("C3", "cytox", "increases", "fatigue"),
        ],
        ["cytox", "killing", "fatigue"],
        readouts=[
            {"readout": "killing", "kind": "outcome", "order": "1", "desirable": "+"},
            {"readout": "fatigue", "kind": "outcome", "order": "2", "desirable": "-"},
        ],
    )
    result = mechgraph.stratify(["cytox"], "dose", kb=root)
    assert result.strata == [None, "high", "metronomic"]
    killing = next(row for row in result.rows if row[0].readout.id == "killing")
    assert [e.sign for e in killing] == [Sign.AMBIGUOUS, PLUS, MINUS]
    assert [row[0].readout.id for row in result.changed()] == ["killing"]
    assert [[c.id for c in x] for x in result.excluded] == [[], ["C2"], ["C1"]]
    data = result.to_dict()
    assert [r["changed"] for r in data["readouts"]] == [True, False]
    proc = run_cli("stratify", "cytox", "--by", "dose", "--kb", str(root))
    assert proc.returncode == 0 and "* killing" in proc.stdout


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
