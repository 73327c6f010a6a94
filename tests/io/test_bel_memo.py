"""The BEL line memo reads a file exactly as PyBEL does line by line.

``mechgraph.io.bel.MEMO`` off gives PyBEL's own reading; every generated
file (repeats under changing citations, evidence and annotations, bad lines, statements
without a citation) must give the same edges, skips, warnings and errors with it on.
"""

from __future__ import annotations

import pytest

pytest.importorskip("pybel", reason="BEL import needs PyBEL: pip install 'mechgraph[bel]'")
from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from mechgraph.io import bel  # noqa: E402
from mechgraph.model.problems import ValidationError  # noqa: E402

HEADER = [
    'SET DOCUMENT Name = "memo"',
    'SET DOCUMENT Version = "1.0.0"',
    'DEFINE NAMESPACE HGNC AS PATTERN ".*"',
    'DEFINE ANNOTATION Species AS LIST {"9606", "10090"}',
]
BODY = [
    'SET Citation = {"PubMed", "1"}',
    'SET Citation = {"PubMed", "2"}',
    "UNSET Citation",
    'SET Evidence = "e1"',
    'SET Evidence = "e2"',
    "UNSET Evidence",
    'SET Species = "9606"',
    'SET Species = {"9606", "10090"}',
    "UNSET Species",
    "UNSET Cell",
    'SET STATEMENT_GROUP = "g"',
    "UNSET STATEMENT_GROUP",
    "p(HGNC:IFNG) increases p(HGNC:CD274)",
    "p(HGNC:CD274) decreases p(HGNC:IFNG)",
    "p(HGNC:STAT1, pmod(Ph)) directlyIncreases p(HGNC:CD274)",
    "complex(p(HGNC:A), p(HGNC:B)) increases p(HGNC:C)",
    "p(HGNC:IFNG) association p(HGNC:STAT1)",
    "p(HGNC:A) frob p(HGNC:B",
    "p(HGNC:A increases p(HGNC:B))))",
    "# a comment",
]


def read(tmp_path, lines, memo, monkeypatch, strict=False):
    path = tmp_path / ("memo.bel" if memo else "plain.bel")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(bel, "MEMO", memo)
    try:
        network = bel.read_bel(path, "memo", strict=strict)
    except ValidationError as exc:
        return ("error", [(p.line, p.message) for p in exc.problems])
    return (
        list(
            zip(
                network.edges.src,
                network.edges.dst,
                network.edges.sign,
                network.edges.line,
                strict=True,
            )
        ),
        sorted(network.nodes),
        network.skipped,
        [(w.line, w.message) for w in network.warnings],
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    body=st.lists(
        st.tuples(st.sampled_from(BODY), st.integers(min_value=1, max_value=4)), max_size=25
    ),
    strict=st.booleans(),
    repeat_header=st.integers(min_value=1, max_value=3),
)
@example(  # a SET line seen again under the state it first met: its state is restored
    body=[
        ('SET Citation = {"PubMed", "1"}', 1),
        ("UNSET Citation", 1),
        ('SET Citation = {"PubMed", "1"}', 1),
        ('SET Evidence = "e1"', 1),
        ("p(HGNC:IFNG) increases p(HGNC:CD274)", 1),
    ],
    strict=False,
    repeat_header=1,
)
def test_memo_reads_as_pybel(tmp_path, monkeypatch, body, strict, repeat_header):
    lines = [line for line in HEADER for _ in range(repeat_header)]
    lines += [line for line, times in body for _ in range(times)]
    assert read(tmp_path, lines, True, monkeypatch, strict) == read(
        tmp_path, lines, False, monkeypatch, strict
    )


def test_repeated_lines_are_read_once(tmp_path, monkeypatch):
    """20,000 copies of one statement: PyBEL parses it once (the graph has one edge)."""
    calls = []
    lines = [*HEADER, 'SET Citation = {"PubMed", "1"}', 'SET Evidence = "e"']
    lines += ["p(HGNC:IFNG) increases p(HGNC:CD274)"] * 20_000
    lines += ["p(HGNC:A) frob p(HGNC:B"] * 3
    path = tmp_path / "many.bel"
    path.write_text("\n".join(lines), encoding="utf-8")
    original = bel._Memo._run

    def counting(self, line, line_number):
        calls.append(line)
        return original(self, line, line_number)

    monkeypatch.setattr(bel._Memo, "_run", counting)
    with pytest.raises(ValidationError) as caught:
        bel.read_bel(path, "many")
    assert calls.count("p(HGNC:IFNG) increases p(HGNC:CD274)") == 1
    assert calls.count("p(HGNC:A) frob p(HGNC:B") == 1
    # the bad line is still reported at each of its three lines
    lines_reported = [problem.line for problem in caught.value.problems]
    assert lines_reported == [len(lines) - 2, len(lines) - 1, len(lines)]
