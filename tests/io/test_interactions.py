"""The one reader of "source interaction target" files (:mod:`mechgraph.io.interactions`): the
sign vocabulary, the splitting of lines, and the same rows read the same way by SIF, tables and
the bare graph of a table."""

import io

import pytest

from mechgraph import Sign, ValidationError
from mechgraph.io.importers import import_network, parse_sign
from mechgraph.io.interactions import InteractionReader, split_cells
from mechgraph.io.signed_table import load_signed_table, read_signed_rows


@pytest.mark.parametrize(
    ("word", "sign"),
    [
        ("1", Sign.PLUS),
        ("+1", Sign.PLUS),
        ("->", Sign.PLUS),
        ("Activates", Sign.PLUS),
        ("up-regulates quantity by stabilization", Sign.PLUS),
        ("directlyIncreases", Sign.PLUS),
        ("-1", Sign.MINUS),
        ("-|", Sign.MINUS),
        ("Inhibits", Sign.MINUS),
        ("down-regulates quantity by repression", Sign.MINUS),
        ("0", "unsigned"),
        ("form complex", "unsigned"),
        ("pp", "unsigned"),
        ("maybe", None),
        ("2", None),
    ],
)
def test_sign_words(word, sign):
    assert parse_sign(word) == sign


@pytest.mark.parametrize(
    ("line", "separator", "cells"),
    [
        ("A\t-1\tB", "sif", ["A", "-1", "B"]),
        ("A  -1 B C", "sif", ["A", "-1", "B", "C"]),
        ("A \t-1\t B", "sif", ["A", "-1", "B"]),  # tab-separated: cells stripped, spaces kept
        ("T cell\t1\tB", "sif", ["T cell", "1", "B"]),
        ("A\t\tB", "tab", ["A", "", "B"]),
        ('"A,B",1,C', "comma", ["A,B", "1", "C"]),
    ],
)
def test_split_cells(line, separator, cells):
    assert split_cells(line, separator) == cells


def test_one_message_for_an_unknown_interaction_in_every_format(tmp_path):
    sif = tmp_path / "net.sif"
    sif.write_text("A\tmaybe\tB\n")
    table = tmp_path / "net.tsv"
    table.write_text("source\tinteraction\ttarget\nA\tmaybe\tB\n")
    messages = []
    for format, path in (("sif", sif), ("table", table)):
        with pytest.raises(ValidationError) as excinfo:
            import_network(format, path)
        [problem] = excinfo.value.problems
        messages.append(problem.message)
    with pytest.raises(ValidationError) as excinfo:
        load_signed_table(table)
    messages.append(excinfo.value.problems[0].message)
    assert len(set(messages)) == 1 and messages[0].startswith("unknown interaction 'maybe' (")


def test_a_table_and_its_bare_graph_read_the_same_rows(tmp_path):
    path = tmp_path / "net.tsv"
    path.write_text(
        "source\tinteraction\ttarget\nA\t1\tB\nB\tinhibits\tC\nC\t0\tD\nA\t1\tB\nD\t1\tD\n"
    )
    network = import_network("table", path)
    assert [e.key for e in network.edges] == [("A", "B", "+"), ("B", "C", "-")]
    assert network.skipped == {"unsigned": 1, "duplicate": 1, "self-loop": 1}
    graph = load_signed_table(path)  # the bare graph keeps the self-loop
    assert [(e.key, e.relation, str(e.origin)) for e in graph.edges()] == [
        (("A", "B", "+"), "increases", "net.tsv:2"),
        (("B", "C", "-"), "decreases", "net.tsv:3"),
        (("D", "D", "+"), "increases", "net.tsv:6"),
    ]
    assert graph.nodes() == ["A", "B", "C", "D"]
    rows = list(read_signed_rows(io.StringIO(path.read_text()), "net"))
    assert rows == [("A", "+", "B", 2), ("B", "-", "C", 3), ("D", "+", "D", 6)]


def test_lines_of_text_have_the_problems_of_lines_of_a_file(tmp_path):
    text = ["\ufeffsource\tinteraction\ttarget\r\n", "A\t1\tB\n", "B\x00\t1\tC\n", "C\r\t1\tD\n"]
    path = tmp_path / "t.tsv"
    path.write_bytes("".join(text).encode())
    from_file = InteractionReader.open(path, "t", "table")
    from_text = InteractionReader.of_text(text, str(path))
    assert (
        list(from_file.lines)
        == list(from_text.lines)
        == [
            (1, "source\tinteraction\ttarget"),
            (2, "A\t1\tB"),
        ]
    )
    assert [str(p) for p in from_file.builder.problems] == [
        str(p) for p in from_text.builder.problems
    ]
    assert [p.line for p in from_text.builder.problems] == [3, 4]
    lone = InteractionReader.of_text(["A\t1\t\udc80\n"], "t")  # not text a file could hold
    assert list(lone.lines) == [] and "not UTF-8" in lone.builder.problems[0].message
