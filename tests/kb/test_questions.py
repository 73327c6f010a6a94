"""The questions table (:mod:`mechgraph.kb.questions`): a question's quote is checked against its
document."""

import mechgraph
from tests.helpers.kbfactory import claim, make_kb, write_table

COMPARATIVE_TEXT = (
    "S\n"
    "The nanoparticle was less toxic than the free drug. "
    "Tumours showed a higher turnover than normal tissue. "
    "The drug alone was weak.\n"
)


def test_a_question_quote_is_checked_against_its_document(tmp_path):
    claims = [claim("C1", "np", "decreases", "tox", comparator="dox", quote="less toxic than")]
    root = make_kb(tmp_path / "kb", claims, ["np", "dox", "tox"])
    write_table(root, "sections.tsv", [{"document": "doc", "section": "S", "anchor": "S"}])
    row = {"kind": "effect", "agents": "np", "target": "tox", "expect": "-", "document": "doc"}
    from mechgraph.kb.questions import COLUMNS as QUESTION_COLUMNS

    asked = [
        {"id": "Q1", **row, "quote": "less toxic than the free drug"},
        {"id": "Q2", **row, "quote": "more toxic than the free drug"},
    ]
    lines = ["\t".join(QUESTION_COLUMNS)]
    lines += ["\t".join(q.get(c, "") for c in QUESTION_COLUMNS) for q in asked]
    (root / "questions.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "doc.txt").write_text(COMPARATIVE_TEXT, encoding="utf-8")
    found = [
        (p.line, p.message)
        for p in mechgraph.validate(root, tmp_path / "src").problems
        if p.rule == "quote"
    ]
    assert found == [(3, 'Q2: quote not found verbatim in doc: "more toxic than the free drug"')]
