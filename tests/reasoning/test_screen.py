"""Screening combinations (:mod:`mechgraph.reasoning.screen`): superposition is exact where it
says so, the score, and agreement with ``effect`` on the shipped knowledge base."""

import itertools

import pytest

import mechgraph
from mechgraph import Intervention, Sign
from mechgraph.model.vocab import EvidenceLevel
from mechgraph.reasoning import screen
from mechgraph.reasoning.propagate import propagate
from mechgraph.reasoning.verdict import STEP_DECAY, judge
from tests.helpers.kbfactory import graph_of, signed_graph

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PLUS, MINUS, ZERO = Sign.PLUS, Sign.MINUS, Sign.NONE


H, P, R, C = (
    EvidenceLevel.HYPOTHESIS,
    EvidenceLevel.PRECLINICAL_IN_VIVO,
    EvidenceLevel.REVIEW_STATEMENT,
    EvidenceLevel.CLINICAL,
)


@st.composite
def screen_cases(draw):
    size = draw(st.integers(4, 10))
    edges = draw(
        st.lists(
            st.tuples(st.integers(0, size - 1), st.integers(0, size - 1), st.sampled_from("+-")),
            min_size=3,
            max_size=30,
            unique=True,
        )
    )
    graph = signed_graph(size, edges)
    agents = draw(st.lists(st.integers(0, size - 1), min_size=2, max_size=4, unique=True))
    readouts = draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=4, unique=True))
    return graph, [f"n{a}" for a in agents], [f"n{r}" for r in readouts]


@settings(max_examples=150, deadline=None)
@given(screen_cases(), st.sampled_from([2, 3]))
def test_superposition_is_exact_where_it_says_so(case, size):
    from mechgraph.model.records import Readout
    from mechgraph.model.vocab import ReadoutKind

    graph, agents, readout_ids = case
    if len(agents) < size:
        return
    readouts = [Readout(r, ReadoutKind.OUTCOME, k, PLUS) for k, r in enumerate(readout_ids)]
    combos = list(itertools.combinations(agents, size))
    fast = screen.screen_combinations(graph, combos, readouts, exact=False)
    exact = screen.screen_combinations(graph, combos, readouts, exact=True)
    by_combo = {row.agents: row for row in exact.rows}
    for row in fast.rows:
        reference = propagate(graph, [Intervention(a) for a in row.agents])
        truth = tuple(judge(reference, r).sign for r in readout_ids)
        assert by_combo[row.agents].signs == truth
        for j, r in enumerate(readout_ids):
            assert by_combo[row.agents].plus[j] == pytest.approx(reference.strength(r, PLUS))
            assert by_combo[row.agents].minus[j] == pytest.approx(reference.strength(r, MINUS))
        if row.exact:
            assert row.signs == truth
            assert row.plus == pytest.approx(by_combo[row.agents].plus)


def test_score_is_favourable_minus_unfavourable_support():
    from mechgraph.model.records import Readout
    from mechgraph.model.vocab import ReadoutKind

    graph = graph_of(
        [
            ("a", "+", "good", "C1", C, None),  # 0.85, favourable
            ("b", "+", "tox", "C2", P, None),  # 0.7, unfavourable (desirable -)
            ("c", "+", "good", "C3", R, None),
            ("c", "-", "good", "C4", R, None),  # comparable: contested alone
        ]
    )
    readouts = [
        Readout("good", ReadoutKind.OUTCOME, 1, PLUS),
        Readout("tox", ReadoutKind.OUTCOME, 2, MINUS),
    ]
    result = screen.screen_combinations(graph, [("a", "b"), ("b", "c"), ("a", "c")], readouts)
    rows = {row.agents: row for row in result.rows}
    d = STEP_DECAY  # one causal step per path
    assert rows[("a", "b")].score == pytest.approx((0.85 - 0.7) * d)
    assert rows[("a", "b")].favourable == 1 and rows[("a", "b")].unfavourable == 1
    # a's clinical claim dominates c's opposing review statement: favourable, not contested
    assert rows[("a", "c")].contested == 0 and rows[("a", "c")].score == pytest.approx(0.85 * d)
    assert rows[("b", "c")].contested == 1 and rows[("b", "c")].score == pytest.approx(-0.7 * d)
    assert [r.agents for r in result.rows] == [("a", "c"), ("a", "b"), ("b", "c")]


def test_screen_of_the_knowledge_base_agrees_with_effect():
    result = mechgraph.screen("Formulation", "ImmuneCheckpointInhibitor")
    kb = mechgraph.workspace().kb
    members = {e for e in kb.entities if kb.is_a(e, "Formulation")}
    icis = {e for e in kb.entities if kb.is_a(e, "ImmuneCheckpointInhibitor")}
    assert len(result.rows) == len(members) * len(icis)
    assert all(len(set(r.agents) & icis) == 1 for r in result.rows)
    assert all(row.exact for row in result.rows)
    scores = [row.score for row in result.rows]
    assert scores == sorted(scores, reverse=True)
    for row in result.rows[:3] + result.rows[-2:]:
        answer = mechgraph.effect(list(row.agents))
        by_id = {e.readout.id: e for e in answer.effects}
        score = 0.0
        for readout, sign, verdict in zip(result.readouts, row.signs, row.verdicts, strict=True):
            item = by_id[readout.id]
            assert item.sign is sign and item.verdict == verdict
            if verdict == "favourable":
                score += item.strength(readout.desirable)
            elif verdict == "unfavourable":
                score -= item.strength(item.sign)
        assert row.score == pytest.approx(score, abs=1e-6)
        rules = {c.rule for c in answer.contradictions if c.kind == "rule"}
        assert set(row.rules) == rules
