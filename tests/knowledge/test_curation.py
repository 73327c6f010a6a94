"""The shipped knowledge base is well curated: it validates (with hints), its quotes and
sections are found verbatim in the reviews (when ``../shared/seeds`` is beside the checkout),
and its tables are in the canonical layout (``mechgraph fmt``)."""

import json
import shutil

import pytest

from mechgraph import Level, check_kb, check_quotes, load_kb
from mechgraph.kb.coverage import coverage
from mechgraph.kb.format import kb_layout
from tests.helpers.cli import invoke
from tests.helpers.curation import snapshot
from tests.helpers.paths import SEEDS


def test_shipped_knowledge_base_is_valid():
    result = check_kb()
    assert result.ok, "\n".join(str(p) for p in result.errors)
    assert len(result.kb.claims) >= 40 and len(result.kb.formulations) >= 2


def test_shipped_quotes_verify_against_the_reviews():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    errors = [p for p in check_quotes(load_kb(), SEEDS) if p.level is Level.ERROR]
    assert not errors, "\n".join(map(str, errors))


def test_shipped_sections_are_found_in_the_reviews():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    report = coverage(load_kb(), SEEDS)
    assert {r.document for r in report.sections} == {"sun_review", "nano_ici_review"}
    problems = [p for p in check_quotes(load_kb(), SEEDS) if p.rule == "section-anchor"]
    assert not problems


def test_shipped_knowledge_base_passes_with_hints_and_canonical_layout():
    args = ["validate", "--json"] + (["--sources", SEEDS] if SEEDS.is_dir() else [])
    result = invoke(*args)
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert data["counts"]["ERROR"] == 0
    assert not [p for p in data["problems"] if p["rule"] == "layout"]
    assert all(p["hint"] and p["line"] >= 0 for p in data["problems"])


def test_shipped_knowledge_base_is_canonical(repo, tmp_path):
    for table in kb_layout(repo / "ontology"):
        assert table.error is None and not table.changed, table.diff()
    copy = tmp_path / "ontology"
    shutil.copytree(repo / "ontology", copy)
    before = snapshot(copy)
    result = invoke("fmt", "--kb", copy)
    assert result.exit_code == 0 and "0 file(s) reformatted" in result.stdout
    assert snapshot(copy) == before
