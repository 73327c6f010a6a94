"""The terminal's text (:mod:`mechgraph.views.text`): the renderers the commands print,
called here in this process on the answers of the API."""

from __future__ import annotations

from types import SimpleNamespace

import mechgraph
from mechgraph.views import text
from tests.helpers.paths import REPO


def test_context_text_lists_the_context_or_says_none():
    assert text.context_text({}) == "none"
    assert text.context_text({"dose": "high", "pdl1": "positive"}) == "dose=high, pdl1=positive"


def test_stats_text_writes_a_line_per_count_and_a_table_per_breakdown():
    data = {"claims": 3, "by_level": {"clinical": 1, "hypothesis": 2}, "entity_xref_share": 0.5}
    assert text.stats_text(data).splitlines() == [
        f"{'claims':<28} 3",
        "by level:",
        f"  {'hypothesis':<24} 2",
        f"  {'clinical':<24} 1",
        f"{'share of entities with xrefs':<28} 50.0%",
    ]


def test_format_text_names_each_table_then_the_tally():
    table = SimpleNamespace(display="ontology/claims.tsv", changed=True, error=None)
    broken = SimpleNamespace(display="ontology/bad.tsv", changed=False, error=ValueError("x"))
    same = SimpleNamespace(display="ontology/entities.tsv", changed=False, error=None)
    done = SimpleNamespace(tables=[table, broken, same], changed=[table], broken=[broken])
    assert text.format_text(done, "ontology", write=False).splitlines() == [
        "would reformat ontology/claims.tsv",
        "ontology: 1 file(s) would reformat, 1 already canonical, 1 not formatted",
    ]
    assert text.format_text(done, "ontology", write=True).startswith("reformatted ")


def test_import_text_reports_the_network_and_its_grounding():
    network = mechgraph.import_network("sif", REPO / "tests/data/importers/toy.sif")
    grounding = mechgraph.ground(network)
    lines = text.import_text(network, grounding, 0.3).splitlines()
    assert lines[0].startswith(f"imported {network.name} (sif) from ") and lines[0].endswith(
        " in 0.3 s"
    )
    counts = grounding.counts()
    assert lines[2].startswith(f"grounding: {counts['matched']:,} matched, ")
    matched = [line for line in lines if line.startswith("  ") and " -> " in line]
    assert len(matched) == counts["matched"]


def test_hypotheses_text_lists_the_hypotheses_cheapest_first():
    answer = mechgraph.hypothesize(["Doxil", "avelumab"], ["immunotherapy efficacy=0"], top=3)
    lines = text.hypotheses_text(answer).splitlines()
    assert lines[0] == "Hypotheses for Doxil + avelumab"
    assert lines[1] == "observed: immunotherapy efficacy 0 (unchanged)"
    costs = [int(line.split("cost ")[1].split()[0]) for line in lines if ". cost " in line]
    assert costs and costs == sorted(costs)
    assert lines[-1].startswith("Each set is minimal")


def test_hypotheses_text_names_the_conflicting_observation():
    answer = mechgraph.hypothesize(["Abraxane"], ["haematological_toxicity=-"], assume=["context"])
    assert not answer.consistent
    shown = text.hypotheses_text(answer)
    assert "NO CONSISTENT EXPLANATION: conflicting observation haematological toxicity=-" in shown
    assert "HYPOTHESES" not in shown


def test_screen_tables_rank_every_combination():
    result = mechgraph.screen("Doxil,Abraxane,paclitaxel")
    table = text.screen_table(result, None)
    ranked = [line for line in table.splitlines() if line[:4].strip().isdigit()]
    assert len(ranked) == len(result.rows)
    assert all(row.name in table for row in result.rows)
    against = mechgraph.screen("Doxil,Abraxane", vs=["paclitaxel"])
    rows = text.difference_screen_table(against, 1).splitlines()
    assert rows[0].startswith(f"Screen of {len(against.rows)} combinations against a baseline")
    assert rows[-1].startswith("   1 ") and rows[-1].endswith("(vs paclitaxel)")


def test_suggestions_text_names_the_rule_and_what_blocks_it():
    result = mechgraph.suggest(["Abraxane"], "immunogenicity_vs_mps")
    lines = text.suggestions_text(result, 2).splitlines()
    assert lines[0] == "Design suggestions for Abraxane"
    assert any(line.startswith("AGAINST rule immunogenicity_vs_mps ") for line in lines)
    assert "  1. add PEGylated surface (carrier property), score " in "\n".join(lines)
    assert not any(line.startswith("  3. add ") for line in lines)  # at most the limit


def test_stratification_text_has_a_column_per_value():
    result = mechgraph.stratify(["Abraxane"], "dose")
    lines = text.stratification_text(result).splitlines()
    assert lines[0] == "Effect of Abraxane by dose"
    header = lines[3].split()
    assert header[0] == "readout" and len(header) == 1 + len(result.strata)
    assert lines[-1].startswith("changed (sign, verdict or leaning): ")
