"""Hypothesis reasoning: abduction, screening, design suggestions and stratification.

The abduction tests check textbook cases whose answers are known by hand, and compare the
integer program with a brute-force enumeration of every assumption set on random networks.
"""

import doctest
import itertools
import json
import xml.etree.ElementTree as ET

import pytest
from kbfactory import claim, make_kb, signed_graph, write_table
from test_cli import run_cli

import mechgraph
from mechgraph import Intervention, Sign
from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import Claim, ContextValue, Evidence
from mechgraph.model.vocab import EvidenceLevel, Relation
from mechgraph.reasoning import abduction, screen, stratify, suggest
from mechgraph.reasoning.abduction import Costs, Observation, abduce
from mechgraph.reasoning.propagate import propagate
from mechgraph.reasoning.verdict import STEP_DECAY, judge
from mechgraph.views import heatmap

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PLUS, MINUS, ZERO = Sign.PLUS, Sign.MINUS, Sign.NONE


# -- helpers -------------------------------------------------------------------------------


def graph_of(edges, contexts=(("dose", "high"), ("dose", "metronomic"))):
    """A graph from (source, sign, target, claim id, level, context) tuples (claim id None:
    a structural edge)."""
    kb = KnowledgeBase(contexts={(k, v): ContextValue(k, v, f"{k} {v}") for k, v in contexts})
    graph = MechanismGraph(kb)
    grouped = {}
    for source, sign, target, cid, level, context in edges:
        graph.successors.setdefault(source, [])
        graph.successors.setdefault(target, [])
        if cid is None:
            graph.add(Edge(source, target, Sign(sign), "is_a"))
            continue
        relation = Relation.INCREASES if sign == "+" else Relation.DECREASES
        ctx = {k: frozenset([v]) for k, v in (context or {}).items()}
        item = Claim(cid, source, relation, target, Evidence("doc", level=level), ctx)
        grouped.setdefault((source, target, sign), []).append(item)
    for (source, target, sign), claims in grouped.items():
        graph.add(Edge(source, target, Sign(sign), "increases", tuple(claims)))
    return graph


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


def test_time_limit_is_not_an_inconsistency():
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
    clamped = {i.node: i.sign for i in interventions}
    observed = {o.node: o.sign for o in observations}
    nodes = sorted(graph.successors)
    edges = [e for e in graph.edges() if e.target not in clamped]
    claims = sorted({c.id: c for e in edges for c in e.applicable_claims(context)}.values(),
                    key=lambda c: c.id)  # fmt: skip
    values = [(k, v) for k, v in graph.kb.contexts if k not in context]
    free_nodes = [n for n in nodes if n not in clamped and n not in observed]
    options = (
        [("claim", c.id) for c in claims]
        + [("context", f"{k}={v}") for k, v in values]
        + [("branch", n) for n in free_nodes]
    )

    def consistent(chosen):
        keys = [name.split("=")[0] for kind, name in chosen if kind == "context"]
        if len(keys) != len(set(keys)):
            return False
        ctx = dict(context)
        for kind, name in chosen:
            if kind == "context":
                k, v = name.split("=")
                ctx[k] = v
        dropped = {name for kind, name in chosen if kind == "claim"}
        inactive = {name for kind, name in chosen if kind == "branch"}
        live = [
            e
            for e in edges
            if e.structural or any(c.id not in dropped for c in e.applicable_claims(ctx))
        ]
        free = [n for n in free_nodes if n not in inactive]
        for signs in itertools.product((PLUS, MINUS, ZERO), repeat=len(free)):
            value = {n: ZERO for n in nodes}
            value.update(clamped)
            value.update(observed)
            value.update(zip(free, signs, strict=True))
            if any(value[n] is not ZERO for n in inactive):
                continue
            incoming = {n: [] for n in nodes}
            for e in live:
                if value[e.source] is not ZERO:
                    incoming[e.target].append((e.source, value[e.source] * e.sign))
            ok = True
            for n in nodes:
                if n in clamped or n in inactive or value[n] is not ZERO:
                    continue
                brought = {s for _, s in incoming[n]}
                if brought and not (zero == "cancel" and brought == {PLUS, MINUS}):
                    ok = False
                    break
            if not ok:
                continue
            founded = set(clamped)
            grew = True
            while grew:
                grew = False
                for n in nodes:
                    if n in founded or value[n] is ZERO:
                        continue
                    if any(u in founded and s is value[n] for u, s in incoming[n]):
                        founded.add(n)
                        grew = True
            if all(value[n] is ZERO or n in founded for n in nodes):
                return True
        return False

    found = []
    for size in range(len(options) + 1):
        for chosen in itertools.combinations(options, size):
            names_ = frozenset(name for _, name in chosen)
            if any(f <= names_ for f in found):
                continue
            if consistent(chosen):
                found.append(names_)
    return set(found)


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
    # named as a comparison on record (to ask with --vs; test_difference_abduction.py)
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


def test_hypothesize_cli(tmp_path):
    proc = run_cli(
        "hypothesize",
        *("Doxil", "avelumab", "--observe", "immunotherapy efficacy=0", "--json", "--top", "3"),
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["consistent"] is True
    assert data["observations"] == [
        {
            "node": "immunotherapy_efficacy",
            "label": "immunotherapy efficacy",
            "sign": "0",
            "difference": None,
        }
    ]
    assert data["arms"] is None
    first = data["hypotheses"][0]
    assert first["rank"] == 1 and first["cost"] == sum(a["cost"] for a in first["assumptions"])
    assert {a["kind"] for h in data["hypotheses"] for a in h["assumptions"]} <= {
        "context",
        "claim",
        "branch",
    }
    text = run_cli(
        "hypothesize", "Doxil", "avelumab", "-o", "immunotherapy_efficacy=0", "--top", "2"
    )
    assert text.returncode == 0 and "HYPOTHESES" in text.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["Doxil", "-o", "radiotherapy=+"], 1, "no consistent explanation"),
        (["Doxil", "-o", "PEGylated liposome=0"], 1, "cannot stay unchanged"),
        (["Doxil", "-o", "survival=up", "-o", "nothing=+"], 2, "unknown name 'nothing'"),
        (["Doxil", "-o", "survival=?"], 2, "must be +, - or 0"),
        (["Doxil", "-o", "survival"], 2, "NODE=SIGN"),
        (["Doxil", "-o", "survival=+", "--assume", "luck"], 2, "unknown assumption kind"),
        (["Doxil", "-o", "survival=+", "--zero", "maybe"], 2, "--zero"),
        (["Doxil", "-o", "survival=+", "--context", "pdl1=weird"], 2, "unknown value"),
    ],
)
def test_hypothesize_cli_errors(args, code, message):
    proc = run_cli("hypothesize", *args)
    assert proc.returncode == code, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("mechgraph: error:")


def test_inconsistent_observation_json_names_it():
    proc = run_cli("hypothesize", "Doxil", "-o", "radiotherapy=+", "--json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["consistent"] is False
    assert data["conflict"][0]["node"] == "radiotherapy" and data["hypotheses"] == []


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


# -- screening -----------------------------------------------------------------------------


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


def test_screen_cli_outputs(tmp_path):
    svg = tmp_path / "screen.svg"
    proc = run_cli(
        "screen",
        "--agents",
        "Doxil,Abraxane,liposomal irinotecan",
        "--with",
        "ImmuneCheckpointInhibitor",
        "--top",
        "4",
        "--heatmap",
        str(svg),
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["combinations"] == 6 and len(data["rows"]) == 4
    assert [r["rank"] for r in data["rows"]] == [1, 2, 3, 4]
    tree = ET.parse(svg)
    texts = [t.text for t in tree.iter("{http://www.w3.org/2000/svg}text")]
    assert any(data["rows"][0]["labels"][0] in (t or "") for t in texts)
    assert "heatmap written" in proc.stderr
    csv = run_cli("screen", "--agents", "Doxil,Abraxane", "--size", "2", "--csv")
    lines = csv.stdout.strip().splitlines()
    assert lines[0].startswith("rank,combination") and len(lines) == 2
    table = run_cli("screen", "--agents", "Taxane", "--with", "atezolizumab")
    assert table.returncode == 0 and "score" in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agents", "Nobody"], "unknown name"),
        (["--agents", "Doxil", "--size", "2"], "no combination"),
        (["--heatmap", "x.png"], "SVG"),
        (["--json", "--csv"], "cannot be combined"),
        (["--size", "4"], "4"),
    ],
)
def test_screen_cli_errors(args, message):
    proc = run_cli("screen", *args)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_heatmap_is_valid_svg():
    result = mechgraph.screen("Doxil,Abraxane,paclitaxel")
    text = heatmap.screen_svg(result)
    root = ET.fromstring(text)
    rects = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.find("*") is not None]
    assert len(rects) == len(result.rows) * len(result.readouts)


# -- design suggestions --------------------------------------------------------------------


def suggest_kb(tmp_path):
    classes = [{"id": "PEGylation", "label": "PEGylation", "parent": "CarrierProperty"}]
    entities = [
        "nano",
        "mps",
        "delivery",
        "toxicity",
        "igm",
        {"id": "peg", "type": "PEGylation"},
        {"id": "shrinker", "type": "DrugClassX"},
        {"id": "form", "type": "Formulation"},
    ]
    claims = [
        claim("C1", "Liposome", "increases", "delivery"),
        claim("C2", "Liposome", "increases", "mps"),
        claim("C3", "mps", "decreases", "delivery"),
        claim("C4", "peg", "decreases", "mps"),
        claim("C5", "peg", "increases", "toxicity"),
        claim("C6", "Liposome", "decreases", "toxicity"),
        claim("C7", "shrinker", "decreases", "Liposome"),
    ]
    formulations = [{"formulation": "form", "carrier": "Liposome", "payloads": "nano"}]
    readouts = [
        {"readout": "delivery", "kind": "outcome", "order": "1", "desirable": "+"},
        {"readout": "toxicity", "kind": "outcome", "order": "2", "desirable": "-"},
    ]
    return make_kb(
        tmp_path / "kb",
        claims,
        entities,
        formulations=formulations,
        readouts=readouts,
        classes=classes,
    )


def test_suggest_blocks_the_harmful_branch_and_shows_new_contradictions(tmp_path):
    root = suggest_kb(tmp_path)
    result = mechgraph.suggest(["form"], "delivery", kb=root)
    target, suggestions, rejected = result.targets[0]
    assert target.kind == "trade-off" and target.harmful is MINUS
    assert [s.candidate for s in suggestions] == ["peg"]
    peg = suggestions[0]
    assert peg.kind == "carrier property"
    assert [(b.node, b.harmful_sign) for b in peg.blocks] == [("mps", PLUS)]
    # second-order: PEG raises toxicity, which the carrier lowers: a new trade-off
    assert [(c.kind, c.node) for c in peg.new_contradictions] == [("trade-off", "toxicity")]
    assert ("toxicity", MINUS, Sign.AMBIGUOUS) in peg.changed
    # the shrinker lowers MPS uptake too, but by shrinking the carrier's beneficial effect
    assert [r.candidate for r in rejected] == ["shrinker"]
    data = result.to_dict()
    assert data["targets"][0]["suggestions"][0]["new_contradictions"][0]["kind"] == "trade-off"


def test_suggest_errors(tmp_path):
    root = suggest_kb(tmp_path)
    with pytest.raises(mechgraph.QueryError):
        mechgraph.suggest(["form"], "mps", kb=root)  # no desirable direction
    with pytest.raises(mechgraph.UnknownNameError):
        mechgraph.suggest(["form"], "nothing", kb=root)


def test_suggest_pegylation_against_mps_on_the_shipped_kb():
    result = mechgraph.suggest(["Abraxane"], "immunogenicity_vs_mps")
    target, suggestions, _ = result.targets[0]
    assert target.rule == "immunogenicity_vs_mps"
    peg = next(s for s in suggestions if s.candidate == "pegylated_surface")
    assert "mps_recognition" in [b.node for b in peg.blocks]
    assert "peg_vs_anti_peg" in [c.rule for c in peg.new_contradictions]


def test_suggest_cli():
    proc = run_cli("suggest", "Abraxane", "--against", "immunogenicity_vs_mps")
    assert proc.returncode == 0, proc.stderr
    assert "PEGylated surface" in proc.stdout and "NEW [rule]" in proc.stdout
    data = json.loads(run_cli("suggest", "Abraxane", "--json").stdout)
    assert data["targets"] and all("suggestions" in t for t in data["targets"])
    bad = run_cli("suggest", "Abraxane", "--against", "peg_vs_anti_peg")
    assert bad.returncode == 2 and "does not apply" in bad.stderr


# -- stratification ------------------------------------------------------------------------


def test_stratify_marks_the_readouts_that_change(tmp_path):
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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Doxil", "--by", "colour"], "unknown context key"),
        (["Doxil", "--by", "dose", "--context", "dose=high"], "cannot be combined"),
        (["Nothing", "--by", "dose"], "unknown name"),
    ],
)
def test_stratify_cli_errors(args, message):
    proc = run_cli("stratify", *args)
    assert proc.returncode == 2 and message in proc.stderr


def test_stratify_cli_json():
    data = json.loads(run_cli("stratify", "Doxil", "avelumab", "--by", "pdl1", "--json").stdout)
    assert [s["value"] for s in data["strata"]] == [None, "positive", "negative"]
    assert all(len(r["by_stratum"]) == 3 for r in data["readouts"])


# -- documentation -------------------------------------------------------------------------


@pytest.mark.parametrize("module", [abduction, screen, heatmap, stratify, suggest])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_api_names_the_same_assumption_kinds():
    assert mechgraph.api.ASSUMPTION_KINDS == abduction.KINDS


def test_help_has_examples():
    for command in ("hypothesize", "screen", "suggest", "stratify"):
        proc = run_cli(command, "--help")
        assert proc.returncode == 0 and "Examples:" in proc.stdout
