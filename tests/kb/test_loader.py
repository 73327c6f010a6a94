"""Loading and validating curated sources (:mod:`mechgraph.kb.loader`): good input loads, bad
rows are named by file:line."""

from __future__ import annotations

import pytest

import mechgraph
from mechgraph import EvidenceLevel, Level, Relation, ValidationError, check_kb, load_kb
from mechgraph.kb.loader import COLUMNS, cycle_path, cyclic_groups
from tests.helpers.kbfactory import claim, make_kb
from tests.helpers.sample_kbs import ASSIGNED, strategy_kb


def problems_of(tmp_path, claims, entities=("a", "b"), **kw):
    result = check_kb(make_kb(tmp_path / "kb", claims, list(entities), **kw))
    return [p for p in result.problems if p.level is Level.ERROR]


def test_good_kb_loads_with_typed_records(tmp_path):
    root = make_kb(
        tmp_path / "kb",
        [
            claim(
                "C1",
                "a",
                "decreases",
                "b",
                refs="3|14",
                context="dose=high",
                evidence_level="clinical",
            )
        ],
        ["a", {"id": "b", "synonyms": "bee|B-1", "xrefs": "chebi:45863"}],
    )
    kb = load_kb(root)
    (c,) = kb.claims
    assert (c.subject, c.relation, c.object) == ("a", Relation.DECREASES, "b")
    assert c.evidence.level is EvidenceLevel.CLINICAL and c.evidence.refs == ("3", "14")
    assert c.context == {"dose": frozenset({"high"})}
    assert str(c.source).endswith("claims.tsv:2")
    assert kb.entities["b"].xrefs == ("CHEBI:45863",)  # prefix normalised


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (claim("C1", "a", "increases", "nowhere"), "unknown object 'nowhere'"),
        (claim("C1", "a", "", "b"), "missing sign"),
        (claim("C1", "a", "boosts", "b"), "unknown relation 'boosts'"),
        (claim("C1", "a", "increases", "b", evidence_level="anecdote"), "unknown evidence_level"),
        (claim("C1", "a", "increases", "b", context="dose=huge"), "unknown value 'huge'"),
        (claim("C1", "a", "increases", "b", context="mood=happy"), "unknown context key 'mood'"),
        (claim("C1", "a", "increases", "b", document="nodoc"), "unknown document 'nodoc'"),
        (claim("C1", "a", "increases", "b", quote=" ".join(["word"] * 26)), "quote has 26 words"),
        (claim("C1", "a", "increases", "b", refs="12a"), "reference number '12a'"),
        (claim("C1", "a", "increases", "b", quote=""), "missing quote"),
    ],
)
def test_bad_claim_rows_are_reported_with_file_and_line(tmp_path, row, expected):
    errors = problems_of(tmp_path, [claim("C0", "a", "increases", "b"), row])
    assert len(errors) == 1, errors
    assert errors[0].file.endswith("claims.tsv") and errors[0].line == 3
    assert expected in errors[0].message


@pytest.mark.parametrize(
    ("xref", "expected"),
    [
        ("CHEBI:abc", "does not match CHEBI's pattern"),
        ("FOO:1", "unknown prefix 'FOO'"),
        ("CL:625", "7 digits"),
        ("45863", "not a CURIE"),
    ],
)
def test_bad_identifiers_are_reported(tmp_path, xref, expected):
    errors = problems_of(tmp_path, [], entities=["a", {"id": "b", "xrefs": xref}])
    assert len(errors) == 1 and errors[0].line == 3 and expected in errors[0].message


def test_duplicate_ids_and_names(tmp_path):
    errors = problems_of(
        tmp_path,
        [claim("C1", "a", "increases", "b"), claim("C1", "b", "increases", "a")],
        entities=["a", "b", {"id": "c", "synonyms": "A"}],
    )
    messages = " | ".join(e.message for e in errors)
    assert "duplicate id 'C1'" in messages
    assert "name 'a' is used by a and c" in messages


def test_unknown_type_and_formulation_checks(tmp_path):
    errors = problems_of(
        tmp_path,
        [],
        entities=["a", {"id": "x", "type": "Nope"}, {"id": "f", "type": "Formulation"}],
        formulations=[{"formulation": "f", "carrier": "a", "payloads": "ghost"}],
    )
    messages = " | ".join(f"{e.file.rsplit('/', 1)[-1]}:{e.line} {e.message}" for e in errors)
    assert "entities.tsv:3 unknown type 'Nope'" in messages
    assert "formulations.tsv:2 carrier 'a' is not a Nanocarrier" in messages
    assert "formulations.tsv:2 unknown entity 'ghost'" in messages


def test_structural_file_problems(tmp_path):
    root = make_kb(tmp_path / "kb", [], ["a"])
    (root / "claims.tsv").write_text("id\tsubject\n", encoding="utf-8")
    (root / "readouts.tsv").unlink()
    text = [str(p) for p in check_kb(root).problems]
    assert any("claims.tsv:1" in t and "missing column(s): relation" in t for t in text)
    assert any("readouts.tsv" in t and "file not found" in t for t in text)


def test_extra_cells_are_reported_not_silently_dropped(tmp_path):
    root = make_kb(tmp_path / "kb", [claim("C1", "a", "increases", "b")], ["a", "b"])
    with (root / "claims.tsv").open("a", encoding="utf-8") as handle:
        width = len(COLUMNS["claims.tsv"])
        handle.write("\t".join(["C2", "a", "increases", "b"] + [""] * (width - 4) + ["extra"]))
        handle.write("\n")
    (problem,) = check_kb(root).problems
    assert problem.line == 3 and f"{width + 1} cells but the header has {width}" in problem.message


def test_load_kb_raises_with_every_error(tmp_path):
    root = make_kb(
        tmp_path / "kb",
        [claim("C1", "a", "increases", "zz"), claim("C2", "zz", "increases", "a")],
        ["a"],
    )
    with pytest.raises(ValidationError) as info:
        load_kb(root)
    assert len(info.value.problems) == 2 and "(and 1 more)" in str(info.value)


def test_quotes_are_checked_against_source_texts(tmp_path):
    sources = tmp_path / "texts"
    sources.mkdir()
    (sources / "doc.txt").write_text(
        "Nanoparticles spare hematopoietic pro-\ngenitors and   reduce\n\ntoxicities [4].",
        encoding="utf-8",
    )
    root = make_kb(
        tmp_path / "kb",
        [
            claim("C1", "a", "decreases", "b", quote="spare hematopoietic progenitors and reduce"),
            claim("C2", "a", "increases", "b", quote="spare hematopoietic cells"),
        ],
        ["a", "b"],
    )
    from mechgraph import check_quotes

    (problem,) = check_quotes(load_kb(root), sources)
    assert problem.line == 3 and problem.rule == "quote" and "C2" in problem.message


def test_record_sources_do_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    root = make_kb(tmp_path / "kb", [claim("C1", "a", "increases", "b")], ["a", "b"])
    seen = set()
    for cwd in (tmp_path, root, tmp_path.parent):
        monkeypatch.chdir(cwd)
        seen.add(str(load_kb(root).claims[0].source))
    assert seen == {"kb/claims.tsv:2"}


def test_an_edit_is_checked_from_memory_with_the_real_file_name(tmp_path):
    root = make_kb(tmp_path / "kb", [claim("C1", "a", "increases", "b")], ["a", "b"])
    text = (root / "claims.tsv").read_text(encoding="utf-8")
    row = claim("C2", "a", "increases", "bb")
    edited = text + "\t".join(row.get(column, "") for column in COLUMNS["claims.tsv"]) + "\n"
    result = check_kb(root, overrides={"claims.tsv": edited})
    (error,) = result.errors
    assert error.file.endswith("kb/claims.tsv") and error.line == 3
    assert "unknown object 'bb'" in error.message and "did you mean 'b'" in error.hint
    assert (root / "claims.tsv").read_text(encoding="utf-8") == text  # nothing written
    assert check_kb(root).ok


def test_loader_problems_carry_specific_hints(tmp_path):
    errors = problems_of(
        tmp_path,
        [claim("C1", "a", "increases", "b", evidence_level="preclinical")],
        entities=["a", "b", {"id": "c", "type": "Thnig"}],
    )
    hints = {e.rule: e.hint for e in errors}
    assert "did you mean" in hints["vocabulary"] and "'preclinical_in_vivo'" in hints["vocabulary"]
    assert "did you mean 'Thing'" in hints["unknown-class"]


def test_cycle_helpers_are_iterative():
    parents = {f"n{i}": [f"n{i + 1}"] for i in range(100_000)}
    assert cyclic_groups(parents) == []
    parents["n100000"] = ["n0"]
    (group,) = cyclic_groups(parents)
    assert len(group) == 100_001
    assert cycle_path("n1", {"n1": ["n2"], "n2": ["n1"]}, {"n1", "n2"}) == ["n1", "n2", "n1"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"formulation": "dox", "strategy": "CancerCellTargeting"},
            "neither a formulation nor a nanocarrier",
        ),
        ({"formulation": "nope", "strategy": "CancerCellTargeting"}, "unknown formulation"),
        ({"formulation": "np_dox", "strategy": "Liposome"}, "unknown targeting strategy"),
        ({"formulation": "np_dox", "strategy": "CancerCellTargeting"}, "follows"),
    ],
)
def test_a_bad_strategy_row_is_an_error_naming_its_line(tmp_path, row, message):
    root = strategy_kb(tmp_path, [*ASSIGNED, {"document": "doc", "quote": "q", **row}])
    with pytest.raises(ValidationError) as err:
        load_kb(root)
    assert any(
        p.file.endswith("strategies.tsv") and p.line == 4 and message in p.message
        for p in err.value.problems
    ), [p.message for p in err.value.problems]


def test_a_formulation_without_a_strategy_is_a_warning(tmp_path):
    report = mechgraph.validate(strategy_kb(tmp_path, ASSIGNED[:1]))
    assert any("'np_vax' follows no targeting strategy" in p.message for p in report.problems)
