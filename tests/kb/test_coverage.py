"""Sections, section-aware quote checks, the coverage report and stats
(:mod:`mechgraph.kb.coverage`), comparative sentences included."""

import json

import mechgraph
from mechgraph import Level, check_kb, check_quotes, load_kb
from mechgraph.kb.coverage import coverage
from tests.helpers.kbfactory import claim, make_kb, write_table

TEXT = """INTRODUCTION
Drug A increases the killing of tumour cells. It is
blue. Nanoparticles reduce toxici-
ty in patients.
Fig. 1 A figure. Carriers enhance uptake. End of legend.
RESULTS
Drug B inhibits T cells (e.g. in mice). Drug C blocks PD-L1.
"""
SECTIONS = [
    {"document": "doc", "section": "INTRODUCTION", "anchor": "INTRODUCTION"},
    {"document": "doc", "section": "Fig. 1", "anchor": "Fig. 1", "end": "End of legend."},
    {"document": "doc", "section": "RESULTS", "anchor": "RESULTS"},
]


def build(tmp_path, claims, not_curated=()):
    sources = tmp_path / "texts"
    sources.mkdir(exist_ok=True)
    (sources / "doc.txt").write_text(TEXT, encoding="utf-8")
    root = make_kb(tmp_path / "kb", claims, ["a", "b", "c", "d"])
    write_table(root, "sections.tsv", SECTIONS)
    write_table(root, "not_curated.tsv", list(not_curated))
    return root, sources


def test_coverage_counts_causal_sentences_and_claims(tmp_path):
    root, sources = build(
        tmp_path,
        [
            claim(
                "C1",
                "a",
                "increases",
                "b",
                section="INTRODUCTION",
                quote="Drug A increases the killing",
            ),
            claim("C2", "c", "decreases", "d", section="RESULTS", quote="Drug C blocks PD-L1"),
        ],
    )
    report = coverage(load_kb(root), sources)
    rows = {r.section: r for r in report.sections}
    assert (rows["INTRODUCTION"].causal, rows["INTRODUCTION"].covered) == (2, 1)
    assert (rows["Fig. 1"].causal, rows["Fig. 1"].covered) == (1, 0)
    assert (rows["RESULTS"].sentences, rows["RESULTS"].causal, rows["RESULTS"].covered) == (2, 2, 1)
    left = {(s.section, s.line, s.text) for s in report.uncovered}
    assert left == {
        ("INTRODUCTION", 3, "Nanoparticles reduce toxicity in patients."),
        ("Fig. 1", 5, "Carriers enhance uptake."),
        ("RESULTS", 7, "Drug B inhibits T cells (e.g. in mice)."),
    }


def test_reviewed_sentences_are_marked_with_their_reason(tmp_path):
    root, sources = build(
        tmp_path,
        [],
        not_curated=[
            {
                "document": "doc",
                "section": "RESULTS",
                "quote": "Drug B inhibits T cells",
                "reason": "not about the reviewed agents",
            }
        ],
    )
    report = coverage(load_kb(root), sources)
    reasons = {s.text: s.reviewed for s in report.uncovered}
    assert reasons["Drug B inhibits T cells (e.g. in mice)."] == "not about the reviewed agents"
    assert next(r for r in report.sections if r.section == "RESULTS").reviewed == 1


def test_claims_must_name_a_known_section_holding_their_quote(tmp_path):
    root, sources = build(
        tmp_path,
        [
            claim("C1", "a", "increases", "b", section="RESULT", quote="Drug C blocks PD-L1"),
            claim("C2", "a", "increases", "b", section="INTRODUCTION", quote="Drug C blocks PD-L1"),
        ],
    )
    (error,) = [p for p in check_kb(root).problems if p.level is Level.ERROR]
    assert "unknown section 'RESULT' of doc (did you mean 'RESULTS'?)" in error.message
    fixed = root / "claims.tsv"
    fixed.write_text(fixed.read_text().replace("\tRESULT\t", "\tRESULTS\t"))
    (problem,) = check_quotes(load_kb(root), sources)
    assert problem.line == 3 and "quote is in section 'RESULTS', not in 'INTRODUCTION'" in (
        problem.message
    )


def test_stats_and_coverage_commands(run_cli, tmp_path):
    root, sources = build(
        tmp_path,
        [claim("C1", "a", "increases", "b", section="RESULTS", quote="Drug C blocks PD-L1")],
    )
    proc = run_cli("coverage", "--sources", str(sources), "--json", "--kb", str(root))
    data = json.loads(proc.stdout)
    assert proc.returncode == 0 and len(data["uncovered"]) == 4
    text = run_cli("coverage", "--sources", str(sources), "--kb", str(root)).stdout
    assert "CAUSAL SENTENCES WITHOUT A CLAIM (4 open, 0 reviewed)" in text
    assert "doc.txt:3 [INTRODUCTION] Nanoparticles reduce toxicity in patients." in text
    stats = json.loads(run_cli("stats", "--json").stdout)
    kb = mechgraph.load_kb()
    assert stats["claims"] == len(kb.claims) and stats["entities"] == len(kb.entities)
    assert 0 < stats["entity_xref_share"] <= 1
    assert run_cli("coverage", "--sources", str(tmp_path / "nope")).returncode == 2


# -- comparative sentences -------------------------------------------------------------------
COMPARATIVE_TEXT = (
    "S\n"
    "The nanoparticle was less toxic than the free drug. "
    "Tumours showed a higher turnover than normal tissue. "
    "The drug alone was weak.\n"
)


def test_a_comparative_sentence_is_covered_only_by_a_comparator_claim(tmp_path):
    claims = [
        claim("C1", "np", "decreases", "tox", comparator="dox", quote="less toxic than the free"),
        claim("C2", "dox", "increases", "tox", quote="The drug alone was weak"),
    ]
    root = make_kb(tmp_path / "kb", claims, ["np", "dox", "tox"])
    write_table(root, "sections.tsv", [{"document": "doc", "section": "S", "anchor": "S"}])
    write_table(
        root,
        "not_curated.tsv",
        [
            {
                "document": "doc",
                "section": "S",
                "quote": "higher turnover than normal tissue",
                "reason": "tissues, not arms",
            }
        ],
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "doc.txt").write_text(COMPARATIVE_TEXT, encoding="utf-8")
    report = coverage(load_kb(root), tmp_path / "src")
    left = {s.text.split()[1]: s.reviewed for s in report.uncompared}
    # C2 quotes the third sentence as an absolute effect: still a comparison to curate
    assert left == {"drug": "", "showed": "tissues, not arms"}
    (row,) = [r for r in report.sections if r.section == "S"]
    assert (row.comparative, row.compared, row.comparative_reviewed) == (3, 1, 1)
