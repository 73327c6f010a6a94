"""Boolean regulator signs come from the update function, not from how it is written:
monotone functions give one sign, only genuinely non-monotone ones give both, variables the
function ignores give no edge; ``.bnet`` and ``.aeon`` of one model agree; parsing is
iterative and linear; the exact paths (truth table, decision diagram) agree with brute force.
"""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mechgraph import ValidationError
from mechgraph.io import logic
from mechgraph.io.importers import import_network
from mechgraph.io.logic import ExpressionError, function_signs, influences, truth_value
from tests.helpers.paths import TEST_DATA

DATA = TEST_DATA / "logic"

PD1 = "!AP1 & NFAT & L | AP1 & L"  # = (NFAT | AP1) & L


def keys(network):
    return sorted(e.key for e in network.edges)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


# -- the rule --------------------------------------------------------------------------------


def test_decision_tree_rule_reads_ap1_only_positively(tmp_path):
    assert influences(PD1) == {"AP1": {1}, "NFAT": {1}, "L": {1}}
    network = import_network("bnet", write(tmp_path, "m.bnet", f"PD1, {PD1}\n"))
    assert keys(network) == [("AP1", "PD1", "+"), ("L", "PD1", "+"), ("NFAT", "PD1", "+")]
    aeon = "AP1 -? PD1\nNFAT -> PD1\nL -> PD1\n$PD1: " + PD1 + "\n"
    assert keys(import_network("aeon", write(tmp_path, "m.aeon", aeon))) == keys(network)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A & !B | !A & B", {"A": {1, -1}, "B": {1, -1}}),  # xor, written out
        ("(A | B) & !(A & B)", {"A": {1, -1}, "B": {1, -1}}),
        ("A & B | !A & C", {"A": {1, -1}, "B": {1}, "C": {1}}),  # a multiplexer
        ("A & !B | A & B", {"A": {1}}),  # B does not matter
        ("!(!A | !B)", {"A": {1}, "B": {1}}),
        ("IFNG & !STAT3 | IFNG & STAT3 & !SOCS1", {"IFNG": {1}, "STAT3": {-1}, "SOCS1": {-1}}),
    ],
)
def test_signs_are_those_of_the_function(text, expected):
    assert influences(text) == expected


def test_genuinely_non_monotone_xor_gives_both_signs(tmp_path):
    bnet = import_network("bnet", write(tmp_path, "x.bnet", "X, A & !B | !A & B\n"))
    both = [("A", "X", "+"), ("A", "X", "-"), ("B", "X", "+"), ("B", "X", "-")]
    assert keys(bnet) == both
    aeon = import_network("aeon", write(tmp_path, "x.aeon", "A -> X\nB -| X\n$X: A ^ B\n"))
    assert keys(aeon) == both
    assert {e.relation for e in aeon.edges} == {"-> (sign from $X)", "-| (sign from $X)"}


@pytest.mark.parametrize(
    ("text", "ignored"),
    [("A & !A | B", "A"), ("B | A & !A", "A"), ("A & 0 | B", "A"), ("B | B & C", "C")],
)
def test_a_variable_the_function_ignores_gives_no_edge(tmp_path, text, ignored):
    reading = function_signs(text)
    assert reading.signs[ignored] == set() and ignored not in influences(text)
    network = import_network("bnet", write(tmp_path, "m.bnet", f"T, {text}\n"))
    assert all(e.source != ignored for e in network.edges)
    assert ignored in network.nodes and network.skipped == {"no influence": 1}


def test_constants_and_a_constant_function(tmp_path):
    assert function_signs("A & !A").signs == {"A": set()}
    assert influences("true | X", extended=True) == {}
    network = import_network("bnet", write(tmp_path, "m.bnet", "T, A & !A\nU, 1\nV, T\n"))
    assert keys(network) == [("T", "V", "+")]


# -- AEON: declared regulations and the function -----------------------------------------------


def aeon_edges(tmp_path, text):
    network = import_network("aeon", write(tmp_path, "m.aeon", text))
    return [(e.source, e.sign.value, e.target, e.relation) for e in network.edges], network


def test_aeon_the_function_decides_over_the_declared_sign(tmp_path):
    edges, _ = aeon_edges(tmp_path, "A -> B\nC -| B\n$B: !A & C\n")
    assert edges == [("A", "-", "B", "-> (sign from $B)"), ("C", "+", "B", "-| (sign from $B)")]


def test_aeon_declared_regulation_the_function_ignores_gives_no_edge(tmp_path):
    edges, network = aeon_edges(tmp_path, "A -> B\nC ->? B\nD -?? B\n$B: A | C & !C & D\n")
    assert edges == [("A", "+", "B", "->")]
    assert network.skipped == {"no influence": 2} and {"C", "D"} <= set(network.nodes)


def test_aeon_without_a_function_keeps_the_declared_sign(tmp_path):
    edges, network = aeon_edges(tmp_path, "A -> B\nC -| B\nD -? B\nE ->? B\nF -|? B\n")
    assert [e[:3] for e in edges] == [
        ("A", "+", "B"),
        ("C", "-", "B"),
        ("E", "+", "B"),
        ("F", "-", "B"),
    ]
    assert network.skipped == {"unsigned": 1}


def test_aeon_regulator_read_by_a_parameter_keeps_its_declaration(tmp_path):
    text = "A -> B\nC -| B\nD -? B\nE -? B\n$B: f(A, C) & g(D) | E & !E\n"
    edges, network = aeon_edges(tmp_path, text)
    assert edges == [
        ("A", "+", "B", "->"),
        ("C", "-", "B", "-|"),
        ("D", "+", "B", "-? (sign from $B)"),
        ("D", "-", "B", "-? (sign from $B)"),
    ]
    assert network.skipped == {"no influence": 1}
    reading = function_signs("A & f(B) | !A & C", extended=True)
    assert reading.opaque == {"B"} and reading.signs == {"A": {1, -1}, "B": {1, -1}, "C": {1}}
    # outside every application the sign is exact: f(...) is a free input
    assert influences("f(X) & A | f(X) & !A & B", extended=True)["A"] == {1}


def test_bnet_and_aeon_of_one_model_give_the_same_signed_edges():
    bnet = import_network("bnet", DATA / "immune.bnet")
    aeon = import_network("aeon", DATA / "immune.aeon")
    expected = [
        ("AP1", "FOXP3", "-"),
        ("AP1", "IL2", "+"),
        ("AP1", "PD1", "+"),
        ("CD28", "AP1", "+"),
        ("CD28", "NFAT", "+"),
        ("FOXP3", "IFNG", "-"),
        ("FOXP3", "IL2", "-"),
        ("GATA3", "IL4", "+"),
        ("GATA3", "TBET", "+"),
        ("GATA3", "TBET", "-"),
        ("IFNG", "IL4", "-"),
        ("IFNG", "TBET", "+"),
        ("IFNG", "TBET", "-"),
        ("IL2", "FOXP3", "-"),
        ("IL4", "GATA3", "+"),
        ("IL4", "STAT6", "+"),
        ("L", "PD1", "+"),
        ("NFAT", "IFNG", "+"),
        ("NFAT", "IL2", "+"),
        ("NFAT", "PD1", "+"),
        ("PD1", "NFAT", "-"),
        ("TBET", "GATA3", "-"),
        ("TBET", "IFNG", "+"),
        ("TCR", "AP1", "+"),
        ("TCR", "L", "+"),
        ("TCR", "NFAT", "+"),
        ("TGFB", "FOXP3", "+"),
    ]
    assert keys(bnet) == expected
    assert keys(aeon) == expected
    assert bnet.skipped == aeon.skipped == {"self-loop": 3, "no influence": 1}  # STAT6 -> IL4
    assert set(bnet.nodes) == set(aeon.nodes)


# -- parsing: depth, length, errors ------------------------------------------------------------


@pytest.mark.parametrize("depth", [140, 1000, 100_000])
def test_deep_nesting_parses(tmp_path, depth):
    text = "(" * depth + "A & !(B)" + ")" * depth
    network = import_network("bnet", write(tmp_path, "deep.bnet", f"T, {text}\n"))
    assert keys(network) == [("A", "T", "+"), ("B", "T", "-")]
    # an even number of negations around A => B, that is !A | B
    aeon = "A -> T\nB -| T\n$T: " + "!(" * depth + "A => B" + ")" * depth + "\n"
    assert keys(import_network("aeon", write(tmp_path, "deep.aeon", aeon))) == [
        ("A", "T", "-"),
        ("B", "T", "+"),
    ]


@pytest.mark.parametrize(("count", "sign"), [(990, "+"), (991, "-"), (100_001, "-")])
def test_long_runs_of_not_parse(tmp_path, count, sign):
    network = import_network("bnet", write(tmp_path, "not.bnet", f"T, {'!' * count}A\n"))
    assert keys(network) == [("A", "T", sign)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("(" * 5000 + "A", "expected ')' to close the '(' at character 5000"),
        ("(" * 5000 + "A" + ")" * 5001, "unexpected ')' at character 10002: no '(' is open"),
        ("!" * 5000, "the formula ends too early"),
        ("A & | B", "unexpected '|' at character 5 where a name or '(' belongs"),
        ("A B", "unexpected 'B' at character 3 after a complete formula"),
        ("(A B)", "unexpected 'B' at character 4 where an operator belongs"),
        ("A ^ B", "unexpected '^ B' at character 3"),  # BoolNet has no xor
    ],
)
def test_malformed_formulas_are_a_problem_of_their_line(tmp_path, text, message):
    path = write(tmp_path, "bad.bnet", f"targets, factors\nA, A\nT, {text}\n")
    with pytest.raises(ValidationError) as excinfo:
        import_network("bnet", path)
    [problem] = excinfo.value.problems
    assert problem.file == str(path) and problem.line == 3
    assert problem.message == f"cannot read the function of T: {message}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("f(A, B", "expected ')' to close the 'f(' at character 1"),
        ("(A, B)", "unexpected ',' at character 3 outside the arguments of a function"),
        ("", "empty formula"),
    ],
)
def test_malformed_aeon_formulas(text, message):
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        function_signs(text, extended=True)


def test_a_20000_term_or_parses_and_signs(tmp_path):
    names = [f"G{i}" for i in range(20_000)]
    network = import_network("bnet", write(tmp_path, "or.bnet", f"T, {' | '.join(names)}\n"))
    assert len(network.edges) == 20_000 and {e.sign.value for e in network.edges} == {"+"}
    # not read-once (A twice, once negated): the decision diagram decides
    text = "!A & B | A & C | " + " | ".join(f"{x} & {x}_" for x in names)
    reading = function_signs(text)
    assert reading.method == "bdd" and reading.signs["A"] == {1, -1}
    assert reading.signs["B"] == reading.signs["G19999_"] == {1}
    xor = function_signs(" ^ ".join(names) + " ^ (G0 & G1)", extended=True)
    assert xor.method == "bdd" and xor.signs["G5"] == {1, -1}


def test_too_large_a_function_falls_back_to_the_syntax_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(logic, "BDD_NODES", 50)
    text = " | ".join(f"!A & X{i} | A & X{i} & Y{i}" for i in range(30))  # A is in fact -
    assert function_signs(text).signs["A"] == {1, -1}
    assert function_signs(text).method == "syntax" and not function_signs(text).exact
    path = write(tmp_path, "big.bnet", f"T, {text}\n")
    network = import_network("bnet", path)
    (warning,) = network.warnings
    assert warning.line == 1 and warning.file.endswith("big.bnet")
    assert "the function of T (61 inputs) is too large" in warning.message
    assert ("A", "T", "+") in keys(network)  # the syntactic rule: both
    with pytest.raises(ValidationError):  # --strict: the warning is an error
        import_network("bnet", path, strict=True)
    monkeypatch.undo()
    assert function_signs(text).signs["A"] == {-1} and function_signs(text).method == "bdd"
    exact = import_network("bnet", path)
    assert ("A", "T", "+") not in keys(exact) and not exact.warnings


def test_bad_variable_order_is_caught_by_the_budget():
    # x1..x20 first, then y1..y20: the diagram of the second part has 2**20 nodes
    xs, ys = [f"x{i}" for i in range(20)], [f"y{i}" for i in range(20)]
    pairs = " | ".join(f"{x} & {y}" for x, y in zip(xs, ys, strict=True))
    text = f"({' | '.join(xs + ys)}) & ({pairs})"
    reading = function_signs(text)
    assert reading.method == "syntax" and reading.signs["x3"] == {1}


# -- exact paths against brute force -----------------------------------------------------------

VARIABLES = ["a", "b", "c", "d", "e", "f"]
PRECEDENCE = {"<=>": 1, "=>": 2, "|": 3, "&": 4, "^": 5}
APPLY = {
    "&": lambda x, y: x and y,
    "|": lambda x, y: x or y,
    "^": lambda x, y: x != y,
    "=>": lambda x, y: (not x) or y,
    "<=>": lambda x, y: x == y,
}


def formulas(operators):
    leaves = st.sampled_from(VARIABLES) | st.sampled_from(["0", "1"])
    return st.recursive(
        leaves,
        lambda inner: (
            st.tuples(st.just("!"), inner) | st.tuples(st.sampled_from(operators), inner, inner)
        ),
        max_leaves=14,
    )


def render(tree, parenthesize_all):
    """The formula as text: every operand in brackets, or only where precedence needs them
    (``=>`` and ``<=>`` group to the right, the others to the left)."""
    if isinstance(tree, str):
        return tree
    if tree[0] == "!":
        inner = render(tree[1], parenthesize_all)
        return f"!({inner})" if isinstance(tree[1], tuple) and tree[1][0] != "!" else f"!{inner}"
    op, left, right = tree
    parts = []
    for side, child in (("left", left), ("right", right)):
        text = render(child, parenthesize_all)
        if isinstance(child, tuple) and child[0] != "!":
            mine, theirs = PRECEDENCE[op], PRECEDENCE[child[0]]
            right_assoc = op in ("=>", "<=>")
            if (
                parenthesize_all
                or theirs < mine
                or (theirs == mine and (side == "left") == right_assoc)
            ):
                text = f"({text})"
        parts.append(text)
    return f"{parts[0]} {op} {parts[1]}"


def value(tree, assignment):
    if isinstance(tree, str):
        return {"0": False, "1": True}.get(tree, assignment.get(tree))
    if tree[0] == "!":
        return not value(tree[1], assignment)
    return APPLY[tree[0]](value(tree[1], assignment), value(tree[2], assignment))


def brute_force_signs(tree, names):
    signs = {}
    for v in names:
        others = [n for n in names if n != v]
        found = set()
        for bits in itertools.product([False, True], repeat=len(others)):
            assignment = dict(zip(others, bits, strict=True))
            low = value(tree, {**assignment, v: False})
            high = value(tree, {**assignment, v: True})
            if high and not low:
                found.add(1)
            if low and not high:
                found.add(-1)
        signs[v] = found
    return signs


def named(tree):
    return sorted({leaf for leaf in _leaves(tree) if leaf in VARIABLES})


def _leaves(tree):
    if isinstance(tree, str):
        yield tree
    else:
        for child in tree[1:]:
            yield from _leaves(child)


@settings(max_examples=400, deadline=None)
@given(
    formulas(["&", "|", "^", "=>", "<=>"]),
    st.booleans(),
    st.sampled_from(["auto", "table", "bdd"]),
)
def test_exact_signs_match_brute_force(tree, parenthesize_all, method):
    text = render(tree, parenthesize_all)
    names = named(tree)
    expected = brute_force_signs(tree, names)
    reading = function_signs(text, extended=True, method=method)
    assert reading.exact and reading.signs == expected, text
    syntactic = function_signs(text, extended=True, method="syntax").signs
    assert all(expected[n] <= syntactic[n] for n in names), text  # the fallback is sound


@settings(max_examples=200, deadline=None)
@given(formulas(["&", "|"]), st.sampled_from(["table", "bdd"]))
def test_bnet_signs_match_brute_force(tree, method):
    text = render(tree, parenthesize_all=False)
    assert function_signs(text, method=method).signs == brute_force_signs(tree, named(tree))


@settings(max_examples=300, deadline=None)
@given(formulas(["&", "|", "^", "=>", "<=>"]), st.data())
def test_the_parser_follows_precedence(tree, data):
    text = render(tree, parenthesize_all=False)
    assignment = {v: data.draw(st.booleans()) for v in VARIABLES}
    assert truth_value(text, assignment, extended=True) == value(tree, assignment), text


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("a | b & c", "a | (b & c)"),
        ("a & b ^ c", "a & (b ^ c)"),
        ("!a ^ b", "(!a) ^ b"),
        ("a => b => c", "a => (b => c)"),
        ("a => b | c", "a => (b | c)"),
        ("a <=> b => c", "a <=> (b => c)"),
    ],
)
def test_precedence_examples(text, same_as):
    for bits in itertools.product([False, True], repeat=3):
        assignment = dict(zip("abc", bits, strict=True))
        assert truth_value(text, assignment, extended=True) == truth_value(
            same_as, assignment, extended=True
        )
    assert truth_value("a => b => c", {"a": True, "b": False, "c": False}, extended=True)
