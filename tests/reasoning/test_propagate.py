"""The propagation engine on small hand-made graphs whose answers are known."""

from mechgraph import Intervention, Sign, compile_kb, load_kb, propagate
from tests.helpers.kbfactory import claim, make_kb


def run(tmp_path, claims, entities, *interventions, context=None, **kw):
    kb = load_kb(make_kb(tmp_path / "kb", claims, entities, **kw))
    given = [i if isinstance(i, Intervention) else Intervention(i) for i in interventions]
    return propagate(compile_kb(kb), given, context)


def test_chain_signs_multiply(tmp_path):
    result = run(
        tmp_path,
        [
            claim("C1", "a", "increases", "b"),
            claim("C2", "b", "decreases", "c"),
            claim("C3", "c", "decreases", "d"),
        ],
        ["a", "b", "c", "d", "e"],
        "a",
    )
    assert [result.sign(n) for n in "bcde"] == [Sign.PLUS, Sign.MINUS, Sign.PLUS, Sign.NONE]
    path = result.paths("d", Sign.PLUS)[0]
    assert path.nodes == ["a", "b", "c", "d"]
    assert [e.claims[0].id for e in path.edges] == ["C1", "C2", "C3"]


def test_alternating_chain(tmp_path):
    names = [f"n{i}" for i in range(7)]
    claims = [claim(f"C{i}", names[i], "decreases", names[i + 1]) for i in range(6)]
    result = run(tmp_path, claims, names, "n0")
    assert [result.sign(n).value for n in names[1:]] == ["-", "+", "-", "+", "-", "+"]


def test_diamond_with_one_inhibitory_branch_is_ambiguous(tmp_path):
    claims = [
        claim("C1", "a", "increases", "b"),
        claim("C2", "b", "increases", "d"),
        claim("C3", "a", "increases", "c"),
        claim("C4", "c", "decreases", "d"),
        claim("C5", "d", "increases", "e"),
    ]
    result = run(tmp_path, claims, list("abcde"), "a")
    assert result.sign("d") is Sign.AMBIGUOUS
    assert result.sign("e") is Sign.AMBIGUOUS
    assert [p.nodes for p in result.paths("d", Sign.MINUS)] == [["a", "c", "d"]]


def test_two_inputs_of_opposite_sign_meet(tmp_path):
    claims = [claim("C1", "a", "increases", "m"), claim("C2", "b", "decreases", "m")]
    both = run(tmp_path, claims, ["a", "b", "m"], "a", "b")
    assert both.sign("m") is Sign.AMBIGUOUS
    only_a = run(tmp_path / "x", claims, ["a", "b", "m"], "a")
    assert only_a.sign("m") is Sign.PLUS


def test_parallel_claims_of_opposite_sign(tmp_path):
    claims = [
        claim("C1", "a", "increases", "b"),
        claim("C2", "a", "decreases", "b", evidence_level="hypothesis"),
    ]
    result = run(tmp_path, claims, ["a", "b"], "a")
    assert result.sign("b") is Sign.AMBIGUOUS
    assert result.strength("b", Sign.PLUS) > result.strength("b", Sign.MINUS)


def test_negative_feedback_loop_does_not_make_downstream_ambiguous(tmp_path):
    # a -> b -> c -| b (negative loop), c -> d
    claims = [
        claim("C1", "a", "increases", "b"),
        claim("C2", "b", "increases", "c"),
        claim("C3", "c", "decreases", "b"),
        claim("C4", "c", "increases", "d"),
    ]
    result = run(tmp_path, claims, list("abcd"), "a")
    assert [result.sign(n) for n in "bcd"] == [Sign.PLUS] * 3
    assert len(result.feedback) == 1
    loop = result.feedback[0]
    assert (loop.edge.source, loop.edge.target, loop.kind) == ("c", "b", "damping")


def test_positive_loop_terminates_and_is_reported_as_amplifying(tmp_path):
    claims = [
        claim("C1", "a", "increases", "b"),
        claim("C2", "b", "increases", "c"),
        claim("C3", "c", "increases", "b"),
    ]
    result = run(tmp_path, claims, list("abc"), "a")
    assert [result.sign(n) for n in "bc"] == [Sign.PLUS, Sign.PLUS]
    assert [f.kind for f in result.feedback] == ["amplifying"]


def test_loop_entered_at_two_points_keeps_parallel_paths(tmp_path):
    # x enters the ring r1 -> r2 -> r3 -> r4 -> r1 at r1 (+) and at r3 (-).
    ring = [claim(f"R{i}", f"r{i}", "increases", f"r{i % 4 + 1}") for i in range(1, 5)]
    claims = ring + [claim("C1", "x", "increases", "r1"), claim("C2", "x", "decreases", "r3")]
    result = run(tmp_path, claims, ["x", "r1", "r2", "r3", "r4"], "x")
    assert result.sign("r1") is Sign.PLUS and result.sign("r2") is Sign.PLUS
    assert result.sign("r3") is Sign.MINUS and result.sign("r4") is Sign.MINUS
    assert {(f.edge.source, f.edge.target) for f in result.feedback} == {("r4", "r1"), ("r2", "r3")}


def test_longer_parallel_branch_inside_a_loop_still_counts(tmp_path):
    claims = [
        claim("C1", "a", "increases", "b"),
        claim("C2", "b", "increases", "d"),
        claim("C3", "a", "increases", "c"),
        claim("C4", "c", "increases", "e"),
        claim("C5", "e", "decreases", "f"),
        claim("C6", "f", "increases", "d"),
        claim("C7", "d", "increases", "a"),
        claim("C0", "x", "increases", "a"),
    ]
    result = run(tmp_path, claims, list("abcdefx"), "x")
    assert result.sign("d") is Sign.AMBIGUOUS


def test_context_filtering(tmp_path):
    claims = [
        claim("C1", "a", "increases", "b"),
        claim("C2", "b", "decreases", "c", context="dose=metronomic"),
        claim("C3", "b", "increases", "c", context="dose=high"),
    ]
    entities = ["a", "b", "c"]
    assert run(tmp_path, claims, entities, "a").sign("c") is Sign.AMBIGUOUS
    metronomic = run(tmp_path / "m", claims, entities, "a", context={"dose": "metronomic"})
    assert metronomic.sign("c") is Sign.MINUS
    high = run(tmp_path / "h", claims, entities, "a", context={"dose": "high"})
    assert high.sign("c") is Sign.PLUS


def test_class_level_claims_apply_to_members(tmp_path):
    entities = [{"id": "drug1", "type": "DrugClassX"}, {"id": "drug2", "type": "Drug"}, "target"]
    claims = [claim("C1", "DrugClassX", "increases", "target")]
    kb = load_kb(make_kb(tmp_path / "kb", claims, entities))
    graph = compile_kb(kb)
    member = propagate(graph, [Intervention("drug1")])
    assert member.sign("target") is Sign.PLUS
    assert [e.relation for e in member.paths("target", Sign.PLUS)[0].edges] == ["is_a", "increases"]
    assert propagate(graph, [Intervention("drug2")]).sign("target") is Sign.NONE


def test_formulation_acts_through_carrier_payload_and_property(tmp_path):
    entities = [
        {"id": "form", "type": "Formulation"},
        {"id": "drug1", "type": "DrugClassX"},
        {"id": "peg", "type": "CarrierProperty"},
        "toxicity",
        "delivery",
        "uptake",
    ]
    formulations = [
        {"formulation": "form", "carrier": "Liposome", "payloads": "drug1", "properties": "peg"}
    ]
    claims = [
        claim("C1", "Drug", "increases", "toxicity"),
        claim("C2", "Nanocarrier", "decreases", "toxicity"),
        claim("C3", "Nanocarrier", "increases", "uptake"),
        claim("C4", "peg", "decreases", "uptake"),
        claim("C5", "uptake", "decreases", "delivery"),
    ]
    result = run(tmp_path, claims, entities, "form", formulations=formulations)
    assert result.sign("toxicity") is Sign.AMBIGUOUS
    assert result.sign("uptake") is Sign.AMBIGUOUS
    assert result.sign("delivery") is Sign.AMBIGUOUS
    carrier_path = result.paths("toxicity", Sign.MINUS)[0]
    assert carrier_path.nodes == ["form", "Liposome", "Nanocarrier", "toxicity"]


def test_inhibited_intervention_flips_downstream(tmp_path):
    claims = [claim("C1", "pdl1", "decreases", "killing")]
    result = run(tmp_path, claims, ["pdl1", "killing"], Intervention("pdl1", Sign.MINUS))
    assert result.sign("killing") is Sign.PLUS


def test_no_effect_claims_are_not_propagated(tmp_path):
    claims = [claim("C1", "a", "no_effect", "b")]
    assert run(tmp_path, claims, ["a", "b"], "a").sign("b") is Sign.NONE
