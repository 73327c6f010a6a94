"""Abduction (:mod:`mechgraph.reasoning.abduction`).

The tests check textbook cases whose answers are known by hand, and compare the integer
program with a brute-force enumeration of every assumption set on random networks."""

import itertools

import pytest

import mechgraph
from mechgraph import Intervention, Sign
from mechgraph.model.vocab import EvidenceLevel
from mechgraph.reasoning.abduction import Costs, Observation, abduce
from mechgraph.reasoning.propagate import propagate
from tests.helpers.kbfactory import claim, graph_of, make_kb, write_table

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PLUS, MINUS, ZERO = Sign.PLUS, Sign.MINUS, Sign.NONE


def names(answer):
    return [frozenset(a.name for a in h.assumptions) for h in answer.hypotheses]


H, P, R, C = (
    EvidenceLevel.HYPOTHESIS,
    EvidenceLevel.PRECLINICAL_IN_VIVO,
    EvidenceLevel.REVIEW_STATEMENT,
    EvidenceLevel.CLINICAL,
)


# -- abduction: textbook cases -------------------------------------------------------------


def diamond(inhibitory_context=None):
    # a -> b -> d and a -> c -| d
    return graph_of(
        [
            ("a", "+", "b", "C1", H, None),
            ("b", "+", "d", "C2", C, None),
            ("a", "+", "c", "C3", P, None),
            ("c", "-", "d", "C4", R, inhibitory_context),
            ("d", "+", "e", "C5", R, None),
        ]
    )


def test_diamond_observed_decrease_needs_no_assumption():
    answer = abduce(diamond(), [Intervention("a")], [Observation("d", MINUS)])
    assert answer.consistent
    assert names(answer) == [frozenset()]
    # the inhibitory branch carries the decrease downstream too
    both = abduce(diamond(), [Intervention("a")], [Observation("e", MINUS)])
    assert names(both) == [frozenset()]


def test_diamond_observed_decrease_without_the_inhibitory_branch_is_inconsistent():
    graph = diamond(inhibitory_context={"dose": "high"})
    answer = abduce(graph, [Intervention("a")], [Observation("d", MINUS)], {"dose": "metronomic"})
    assert not answer.consistent
    assert [o.node for o in answer.conflict] == ["d"]
    assert "never -" in answer.reason
    # left open, the context is no assumption: the claim applies
    assert abduce(graph, [Intervention("a")], [Observation("d", MINUS)]).consistent


def test_diamond_unchanged_output_cuts_both_branches_cheapest_first():
    answer = abduce(diamond(), [Intervention("a")], [Observation("d", ZERO)], top=50)
    found = names(answer)
    # one cut on each branch: C1 (hypothesis, 1) or C2 (clinical, 6) or b inactive (4);
    # C3 (preclinical, 2) or C4 (review, 3) or c inactive (4)
    upper = {"C1": 1, "C2": 6, "b": 4}
    lower = {"C3": 2, "C4": 3, "c": 4}
    expected = {frozenset({x, y}): upper[x] + lower[y] for x in upper for y in lower}
    assert set(found) == set(expected)
    assert [h.cost for h in answer.hypotheses] == sorted(expected[s] for s in found)
    assert found[0] == frozenset({"C1", "C3"})
    assert all(h.predicted["d"] is ZERO for h in answer.hypotheses)


def test_diamond_unchanged_output_under_cancel_semantics_needs_nothing():
    answer = abduce(diamond(), [Intervention("a")], [Observation("d", ZERO)], zero="cancel")
    assert names(answer) == [frozenset()]


def opposite_inputs():
    # a -> m, b -| m, m -> o1, m -| o2
    return graph_of(
        [
            ("a", "+", "m", "C1", R, None),
            ("b", "-", "m", "C2", R, None),
            ("m", "+", "o1", "C3", R, None),
            ("m", "-", "o2", "C4", R, None),
        ]
    )


@pytest.mark.parametrize(
    ("o1", "o2", "consistent"),
    [(PLUS, MINUS, True), (MINUS, PLUS, True), (PLUS, PLUS, False), (MINUS, MINUS, False)],
)
def test_two_inputs_of_opposite_sign_and_two_outputs(o1, o2, consistent):
    answer = abduce(
        opposite_inputs(),
        [Intervention("a"), Intervention("b")],
        [Observation("o1", o1), Observation("o2", o2)],
    )
    assert answer.consistent is consistent
    if consistent:
        assert names(answer) == [frozenset()]
    else:  # each alone is fine; together they need m both up and down
        assert {o.node for o in answer.conflict} == {"o1", "o2"}
        assert "cannot hold together" in answer.reason


def test_two_inputs_one_unchanged_output():
    answer = abduce(
        opposite_inputs(),
        [Intervention("a"), Intervention("b")],
        [Observation("o1", ZERO), Observation("o2", MINUS)],
        top=20,
    )
    # o2 must change, so m must change: only the edge m -> o1 can be cut
    assert names(answer) == [frozenset({"C3"})]


def test_an_observation_no_path_can_produce():
    graph = graph_of([("a", "+", "b", "C1", R, None), ("z", "+", "b", "C2", R, None)])
    answer = abduce(graph, [Intervention("a")], [Observation("z", PLUS)])
    assert not answer.consistent
    assert [o.node for o in answer.conflict] == ["z"]
    assert "no path" in answer.reason
    # unchanged is what the network predicts there: nothing to assume
    assert names(abduce(graph, [Intervention("a")], [Observation("z", ZERO)])) == [frozenset()]


def test_a_structural_link_cannot_be_cut():
    graph = graph_of([("cytox", "+", "class", None, None, None)])
    answer = abduce(graph, [Intervention("cytox")], [Observation("class", ZERO)])
    assert not answer.consistent and "cannot stay unchanged" in answer.reason


def test_explanations_are_founded_loops_do_not_explain_themselves():
    # x -| a; a -> b -> a (a positive loop); observing a up needs a founded source
    graph = graph_of(
        [
            ("x", "-", "a", "C1", R, None),
            ("a", "+", "b", "C2", R, None),
            ("b", "+", "a", "C3", R, None),
        ]
    )
    answer = abduce(graph, [Intervention("x")], [Observation("a", PLUS)])
    assert not answer.consistent


def test_context_assumption_explains_a_null_result(tmp_path):
    """The worked example in small: an anti-PD-L1 antibody works only in PD-L1-positive
    tumours; with a nanocarrier whose own effect rests on a preclinical claim, the observed
    null result is explained first by the PD-L1-negative context."""
    root = make_kb(
        tmp_path / "kb",
        [
            claim("C1", "antibody", "increases", "efficacy", evidence_level="clinical")
            | {"context": "pdl1=positive"},
            claim("C2", "nano", "increases", "icd"),
            claim("C3", "icd", "increases", "efficacy", evidence_level="hypothesis"),
            claim("C4", "nano", "no_effect", "efficacy", evidence_level="clinical_phase3"),
        ],
        ["antibody", "nano", "icd", "efficacy"],
        readouts=[{"readout": "efficacy", "kind": "outcome", "order": "1", "desirable": "+"}],
    )
    write_table(
        root,
        "contexts.tsv",
        [
            {"key": "pdl1", "value": "positive", "label": "PD-L1 positive"},
            {"key": "pdl1", "value": "negative", "label": "PD-L1 negative"},
        ],
    )
    answer = mechgraph.hypothesize(["nano", "antibody"], {"efficacy": "0"}, kb=root)
    best = answer.hypotheses[0]
    assert {a.name for a in best.assumptions} == {"pdl1=negative", "C3"}
    assert best.cost == 2
    assert [c.id for c in answer.null_results] == ["C4"]
    data = answer.to_dict()
    context = next(a for a in data["hypotheses"][0]["assumptions"] if a["kind"] == "context")
    assert context["values"] == ["negative"] and context["stops_claims"] == ["C1"]
    # with the key fixed by the user, the context is no longer an assumption
    fixed = mechgraph.hypothesize(
        ["nano", "antibody"], {"efficacy": "0"}, {"pdl1": "positive"}, kb=root
    )
    assert all(a.kind != "context" for h in fixed.hypotheses for a in h.assumptions)
    assert fixed.hypotheses[0].cost > best.cost


def test_time_limit_is_not_an_inconsistency(run_cli):
    answer = abduce(diamond(), [Intervention("a")], [Observation("d", ZERO)], time_limit=1e-9)
    assert answer.complete is False and answer.consistent and not answer.hypotheses
    assert "time limit" in answer.reason
    proc = run_cli("hypothesize", "Doxil", "-o", "survival=0", "--time-limit", "0.1", "--top", "50")
    assert proc.returncode in (0, 1)
    if proc.returncode == 1:
        assert "time limit" in proc.stderr


def test_assumption_kinds_and_costs_are_respected():
    graph = diamond()
    only_claims = abduce(
        graph, [Intervention("a")], [Observation("d", ZERO)], kinds=["claim"], top=50
    )
    assert all(a.kind == "claim" for h in only_claims.hypotheses for a in h.assumptions)
    dear = Costs(branch=1)
    cheap_branches = abduce(graph, [Intervention("a")], [Observation("d", ZERO)], costs=dear)
    assert cheap_branches.hypotheses[0].cost == 2
    assert names(cheap_branches)[:2] == [frozenset({"C1", "c"}), frozenset({"b", "c"})] or names(
        cheap_branches
    )[:2] == [frozenset({"b", "c"}), frozenset({"C1", "c"})]
    with pytest.raises(ValueError):
        abduce(graph, [Intervention("a")], [Observation("d", ZERO)], kinds=["guess"])


# -- abduction: the integer program against brute force ------------------------------------


def brute_force(graph, interventions, observations, context, zero):
    """Every subset-minimal assumption set, by enumeration (small graphs only)."""
    case = _Case(graph, interventions, observations, context, zero)
    found = []
    for size in range(len(case.options) + 1):
        for chosen in itertools.combinations(case.options, size):
            names_ = frozenset(name for _, name in chosen)
            if any(f <= names_ for f in found):
                continue
            if case.consistent(chosen):
                found.append(names_)
    return set(found)


class _Case:
    """One abduction query, for the brute-force oracle: its nodes, edges and the assumptions
    (dropped claims, context values, inactive branches) it may choose from."""

    def __init__(self, graph, interventions, observations, context, zero):
        self.context, self.zero = context, zero
        self.clamped = {i.node: i.sign for i in interventions}
        self.observed = {o.node: o.sign for o in observations}
        self.nodes = sorted(graph.successors)
        self.edges = [e for e in graph.edges() if e.target not in self.clamped]
        applicable = {c.id: c for e in self.edges for c in e.applicable_claims(context)}
        claims = sorted(applicable.values(), key=lambda c: c.id)
        values = [(k, v) for k, v in graph.kb.contexts if k not in context]
        self.free_nodes = [
            n for n in self.nodes if n not in self.clamped and n not in self.observed
        ]
        self.options = (
            [("claim", c.id) for c in claims]
            + [("context", f"{k}={v}") for k, v in values]
            + [("branch", n) for n in self.free_nodes]
        )

    def consistent(self, chosen):
        """Whether some value of the free nodes satisfies the model under ``chosen``."""
        contexts = [name.split("=") for kind, name in chosen if kind == "context"]
        if len({k for k, _ in contexts}) != len(contexts):
            return False
        ctx = {**self.context, **dict(contexts)}
        dropped = {name for kind, name in chosen if kind == "claim"}
        inactive = {name for kind, name in chosen if kind == "branch"}
        live = [
            e
            for e in self.edges
            if e.structural or any(c.id not in dropped for c in e.applicable_claims(ctx))
        ]
        free = [n for n in self.free_nodes if n not in inactive]
        for signs in itertools.product((PLUS, MINUS, ZERO), repeat=len(free)):
            value = {n: ZERO for n in self.nodes}
            value.update(self.clamped)
            value.update(self.observed)
            value.update(zip(free, signs, strict=True))
            if any(value[n] is not ZERO for n in inactive):
                continue
            incoming = {n: [] for n in self.nodes}
            for e in live:
                if value[e.source] is not ZERO:
                    incoming[e.target].append((e.source, value[e.source] * e.sign))
            if self._zeros_hold(value, incoming, inactive) and self._founded(value, incoming):
                return True
        return False

    def _zeros_hold(self, value, incoming, inactive):
        """Every free node at 0 gets no influence (or, with ``zero="cancel"``, both signs)."""
        for n in self.nodes:
            if n in self.clamped or n in inactive or value[n] is not ZERO:
                continue
            brought = {s for _, s in incoming[n]}
            if brought and not (self.zero == "cancel" and brought == {PLUS, MINUS}):
                return False
        return True

    def _founded(self, value, incoming):
        """Every non-zero node is reached from an intervention by influences of its sign."""
        founded = set(self.clamped)
        grew = True
        while grew:
            grew = False
            for n in self.nodes:
                if n in founded or value[n] is ZERO:
                    continue
                if any(u in founded and s is value[n] for u, s in incoming[n]):
                    founded.add(n)
                    grew = True
        return all(value[n] is ZERO or n in founded for n in self.nodes)


@st.composite
def small_cases(draw):
    size = draw(st.integers(3, 5))
    node_names = [f"n{i}" for i in range(size)]
    edge_list = draw(
        st.lists(
            st.tuples(
                st.integers(0, size - 1),
                st.integers(0, size - 1),
                st.sampled_from("+-"),
                st.sampled_from([H, P, R, C]),
                st.sampled_from([None, None, {"dose": "high"}, {"dose": "metronomic"}]),
            ),
            min_size=2,
            max_size=6,
            unique_by=lambda t: (t[0], t[1], t[2]),
        )
    )
    edges = [
        (node_names[a], s, node_names[b], f"C{k}", level, ctx)
        for k, (a, b, s, level, ctx) in enumerate(edge_list)
    ]
    graph = graph_of(edges)
    for n in node_names:
        graph.successors.setdefault(n, [])
    source = draw(st.sampled_from(node_names))
    reached, todo = {source}, [source]
    while todo:  # observe mostly nodes the source can reach: the interesting cases
        for e in graph.out_edges(todo.pop()):
            if e.target not in reached:
                reached.add(e.target)
                todo.append(e.target)
    others = sorted(reached - {source}) or [n for n in node_names if n != source]
    if draw(st.booleans()) and len(others) < len(node_names) - 1:
        others = [n for n in node_names if n != source]
    watched = draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))
    predicted = propagate(graph, [Intervention(source)])
    observations = []
    for node in watched:  # mostly a sign some path brings (or 0), sometimes any sign
        possible = sorted(predicted.signs(node) | {ZERO}) if draw(st.booleans()) else None
        sign = draw(st.sampled_from(possible or [PLUS, MINUS, ZERO]))
        observations.append(Observation(node, sign))
    zero = draw(st.sampled_from(["strict", "cancel"]))
    return graph, [Intervention(source)], observations, zero


@settings(max_examples=80, deadline=None)
@given(small_cases())
def test_integer_program_matches_brute_force(case):
    graph, interventions, observations, zero = case
    answer = abduce(graph, interventions, observations, zero=zero, top=10_000)
    expected = brute_force(graph, interventions, observations, {}, zero)
    assert set(names(answer)) == expected
    assert answer.consistent is bool(expected)
    costs = [h.cost for h in answer.hypotheses]
    assert costs == sorted(costs)


# -- abduction on the shipped knowledge base -----------------------------------------------


def test_worked_example_doxil_avelumab_no_improvement():
    answer = mechgraph.hypothesize(["Doxil", "avelumab"], {"immunotherapy efficacy": "0"}, top=5)
    assert answer.consistent and answer.hypotheses
    # the JAVELIN Ovarian 200 null compares arms: it is no absolute null result, but it is
    # named as a comparison on record (to ask with --vs; reasoning/test_difference_abduction.py)
    assert "C0103" not in [c.id for c in answer.null_results]
    assert "C0103" in [c.id for c in answer.comparisons]
    for h in answer.hypotheses:
        assert h.assumptions
        # the engine, with the assumptions applied, predicts what was observed
        assert h.predicted["immunotherapy_efficacy"] is ZERO
    costs = [h.cost for h in answer.hypotheses]
    assert costs == sorted(costs)
    # PD-L1 context claims of the absolute graph, if curated, are offered as context
    # assumptions (a comparison of arms, such as the PD-L1-positive subgroup of JAVELIN, is
    # not an absolute effect)
    kb = mechgraph.workspace().kb
    pdl1_claims = [c for c in kb.claims if "pdl1" in c.context and not c.comparative]
    if any(c.object == "immunotherapy_efficacy" for c in pdl1_claims):
        assert any("pdl1=negative" in s for s in names(answer))


def test_grouping_of_alternatives_keeps_only_what_was_found():
    answer = abduce(diamond(), [Intervention("a")], [Observation("d", ZERO)], top=50)
    groups = answer.groups()
    rebuilt = set()
    for cost, common, alternatives in groups:
        for alt in alternatives or [None]:
            members = frozenset(a.name for a in common) | ({alt.name} if alt else set())
            rebuilt.add(members)
            assert sum(a.cost for a in common) + (alt.cost if alt else 0) == cost
    assert rebuilt == set(names(answer))
