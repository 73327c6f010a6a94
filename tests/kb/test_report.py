"""``mechgraph validate`` as a quality report: every check fires on a broken copy with its
level, rule, file:line and a fix hint; ``--fail-on``, ``--json``, and the OWL check."""

import json
import shutil
from pathlib import Path

import pytest

import mechgraph
from mechgraph.kb.loader import COLUMNS
from mechgraph.model.problems import DEFAULT_HINTS, Level, Problem
from tests.helpers.cli import invoke
from tests.helpers.kbfactory import claim, make_kb, write_table

ENTITIES = ["a", "b", "c"]
#: kbfactory's contexts use the key dose, whose values the OWL export types with DoseRegimen.
DOSE = [{"id": "DoseRegimen", "label": "dose regimen"}]


def report(root, **kw):
    return mechgraph.validate(root, report=True, **kw).problems


def only(problems, rule):
    found = [p for p in problems if p.rule == rule]
    assert len(found) == 1, found or problems
    return found[0]


def base_kb(tmp_path, claims=None, entities=ENTITIES, classes=(), **kw):
    if claims is None:
        claims = [claim("C1", "a", "increases", "b"), claim("C2", "b", "increases", "c")]
    return make_kb(tmp_path / "kb", claims, list(entities), classes=DOSE + list(classes), **kw)


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    cells = lines[line - 1].split("\t")
    cells[header.index(column)] = value
    lines[line - 1] = "\t".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- each check, on a broken copy ---------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "rule", "in_message", "in_hint"),
    [
        ("object", "bb", "unknown-entity", "unknown object 'bb'", "did you mean 'b'"),
        ("subject", "", "required", "missing subject", "fill in"),
        ("relation", "increase", "vocabulary", "unknown relation", "did you mean 'increases'"),
        ("evidence_level", "in_vivo", "vocabulary", "unknown evidence_level", "in_vitro"),
        ("context", "dose=hihg", "vocabulary", "unknown value 'hihg'", "did you mean 'high'"),
        ("context", "dos=high", "vocabulary", "unknown context key 'dos'", "did you mean 'dose'"),
        ("context", "dose", "vocabulary", "must be key=value", "key=value"),
        ("document", "dco", "unknown-document", "unknown document 'dco'", "did you mean 'doc'"),
        ("id", "C 2", "id-syntax", "must be letters", "'C_2'"),
        ("id", "C1", "duplicate-id", "duplicate id 'C1'", "unique"),
        ("refs", "12a", "refs", "reference number '12a'", "23|24"),
        ("date", "21/11/2026", "date", "YYYY-MM-DD", "2026-11-21"),
        ("quote", "", "required", "missing quote", "verbatim"),
        ("quote", "word " * 26, "quote", "26 words", "25 words"),
    ],
)
def test_each_claim_check_names_rule_line_and_hint(
    tmp_path, column, value, rule, in_message, in_hint
):
    root = base_kb(tmp_path)
    set_cell(root / "claims.tsv", 3, column, value)
    errors = [p for p in report(root) if p.level is Level.ERROR]
    assert len(errors) == 1, errors
    (problem,) = errors
    assert (problem.rule, Path(problem.file).name, problem.line) == (rule, "claims.tsv", 3)
    assert in_message in problem.message
    assert in_hint in problem.hint


@pytest.mark.parametrize(
    ("xref", "in_message", "in_hint"),
    [
        ("CHEBI:abc", "does not match CHEBI's pattern", "CHEBI identifiers are digits"),
        ("CEHBI:15", "unknown prefix 'CEHBI'", "did you mean 'CHEBI'"),
        ("45863", "not a CURIE", "PREFIX:ID"),
    ],
)
def test_curie_syntax_and_prefix(tmp_path, xref, in_message, in_hint):
    root = base_kb(tmp_path, entities=["a", {"id": "b", "xrefs": f"CL:0000625|{xref}"}, "c"])
    problem = only(report(root), "curie")
    assert problem.level is Level.ERROR and problem.line == 3
    assert Path(problem.file).name == "entities.tsv"
    assert in_message in problem.message and in_hint in problem.hint


def test_entity_checks(tmp_path):
    root = base_kb(
        tmp_path,
        entities=["a", "b", "c", {"id": "d", "type": "Thnig", "parents": "zz"}],
    )
    problems = report(root)
    unknown_type = only(problems, "unknown-class")
    assert unknown_type.line == 5 and "did you mean 'Thing'" in unknown_type.hint
    unknown_parent = only(problems, "unknown-entity")
    assert unknown_parent.line == 5 and "unknown parent 'zz'" in unknown_parent.message


def test_duplicate_names_and_class_loops(tmp_path):
    root = base_kb(
        tmp_path,
        entities=["a", "b", {"id": "c", "synonyms": "A"}],
        classes=[
            {"id": "Loop1", "label": "l1", "parent": "Loop2"},
            {"id": "Loop2", "label": "l2", "parent": "Loop1"},
        ],
    )
    problems = report(root)
    name = only(problems, "duplicate-name")
    assert name.level is Level.ERROR and "remove it from one" in name.hint
    loops = [p for p in problems if p.rule == "class-cycle"]
    assert loops and all("Loop" in p.hint for p in loops)


def test_table_format_checks(tmp_path):
    root = base_kb(tmp_path)
    with (root / "claims.tsv").open("a", encoding="utf-8") as handle:
        handle.write("C3\ta\tincreases\tb" + "\t" * (len(COLUMNS["claims.tsv"]) - 3) + "extra\n")
    text = (root / "entities.tsv").read_text(encoding="utf-8").replace("definition", "defintion")
    (root / "entities.tsv").write_text(text, encoding="utf-8")
    problems = report(root)
    extra = only(problems, "format")
    assert (Path(extra.file).name, extra.line, extra.level) == ("claims.tsv", 4, Level.ERROR)
    assert "extra tab" in extra.hint
    column = only(problems, "unknown-column")
    assert (Path(column.file).name, column.line, column.level) == ("entities.tsv", 1, Level.WARN)
    assert "did you mean 'definition'" in column.hint


def test_column_named_twice_and_byte_order_mark(tmp_path):
    root = base_kb(tmp_path)
    path = root / "documents.tsv"
    path.write_text("\ufeff" + path.read_text(encoding="utf-8"), encoding="utf-8")
    problems = report(root)
    assert not [p for p in problems if p.level is not Level.INFO], "a byte-order mark is fine"
    assert Path(only(problems, "layout").file).name == "documents.tsv"  # fmt removes it
    path.write_text("id\ttitle\ttitle\ndoc\tA\tB\n", encoding="utf-8")
    problem = next(p for p in report(root) if "named twice" in p.message)
    assert problem.line == 1 and problem.level is Level.ERROR and problem.hint


def test_readout_source_must_be_a_known_document(tmp_path):
    readout = {"readout": "c", "kind": "outcome", "order": "1", "desirable": "+", "source": "dok"}
    problem = only(report(base_kb(tmp_path, readouts=[readout])), "unknown-document")
    assert Path(problem.file).name == "readouts.tsv" and problem.line == 2
    assert "did you mean 'doc'" in problem.hint


def test_conflicting_claims_in_compatible_contexts(tmp_path):
    claims = [
        claim("C1", "a", "increases", "b"),
        claim("C2", "a", "decreases", "b", context="dose=high"),
        claim("C3", "a", "increases", "c", context="dose=metronomic"),
        claim("C4", "a", "decreases", "c", context="dose=high"),  # incompatible: no conflict
        claim("C5", "b", "increases", "c"),
        claim("C6", "b", "no_effect", "c"),
    ]
    problems = [p for p in report(base_kb(tmp_path, claims)) if p.rule == "conflicting-claims"]
    by_line = {p.line: p for p in problems}
    assert sorted(by_line) == [3, 7]
    assert by_line[3].level is Level.WARN
    assert (
        "a -> b" in by_line[3].message and "increases (C1) vs decreases (C2)" in by_line[3].message
    )
    assert by_line[7].level is Level.INFO and "no effect (C6)" in by_line[7].message
    assert "context" in by_line[3].hint


def test_records_nothing_refers_to(tmp_path):
    claims = [claim("C1", "a", "increases", "b"), claim("C2", "DrugClassX", "increases", "b")]
    root = base_kb(
        tmp_path,
        claims,
        entities=["a", "b", "lonely", {"id": "drug", "type": "DrugClassX"}],
    )
    write_table(root, "documents.tsv", [{"id": "doc", "title": "T"}, {"id": "old", "title": "O"}])
    problems = report(root)
    entities = {p.message.split("'")[1]: p for p in problems if p.rule == "unused-entity"}
    assert set(entities) == {"lonely", "drug"}
    assert entities["lonely"].level is Level.WARN and entities["lonely"].line == 4
    assert entities["drug"].level is Level.INFO and "DrugClassX" in entities["drug"].message
    classes = {p.message.split("'")[1] for p in problems if p.rule == "unused-class"}
    assert "Liposome" in classes and "DrugClassX" not in classes and "Drug" not in classes
    assert "Formulation" not in classes  # used by the loader itself
    document = only(problems, "unused-document")
    assert document.level is Level.INFO and document.line == 3


def test_layout_is_reported_as_info(tmp_path):
    root = base_kb(tmp_path)
    set_cell(root / "claims.tsv", 3, "subject", " b ")
    problem = only(report(root), "layout")
    assert (Path(problem.file).name, problem.line, problem.level) == ("claims.tsv", 3, Level.INFO)
    assert "mechgraph fmt" in problem.hint


def test_quotes_against_sources_point_at_the_closest_passage(tmp_path):
    sources = tmp_path / "texts"
    sources.mkdir()
    (sources / "doc.txt").write_text(
        "Intro.\nLiposomes spare hematopoietic pro-\ngenitors and reduce toxicity [4].\n",
        encoding="utf-8",
    )
    claims = [
        claim("C1", "a", "decreases", "b", quote="Liposomes spare haematopoietic progenitors")
    ]
    problem = only(report(base_kb(tmp_path, claims), sources=sources), "quote")
    assert problem.level is Level.ERROR and problem.line == 2
    assert "closest passage (doc.txt, line 2)" in problem.hint
    assert "Liposomes spare hematopoietic progenitors" in problem.hint


def test_every_problem_has_a_hint():
    assert Problem("f", 1, "m", "no-such-rule").hint  # a generic one at least
    for rule, hint in DEFAULT_HINTS.items():
        assert Problem("f", 1, "m", rule).hint == hint


# -- the command: text, JSON, --fail-on ------------------------------------------------------


def test_text_report_puts_the_hint_under_each_problem(tmp_path):
    root = base_kb(tmp_path)
    set_cell(root / "claims.tsv", 2, "object", "bb")
    result = invoke("validate", "--kb", root)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "ERROR unknown-entity" in line)
    assert lines[at].endswith(
        "claims.tsv:2: ERROR unknown-entity: unknown object 'bb' (not in "
        "entities.tsv or classes.tsv)"
    )
    assert lines[at + 1].startswith("  hint: did you mean 'b'")
    assert lines[0] == lines[at], "errors come first"
    assert "1 error(s)" in result.stdout


def test_fail_on_levels(tmp_path):
    claims = [claim("C1", "a", "increases", "b"), claim("C2", "a", "decreases", "b")]
    root = base_kb(
        tmp_path, claims, entities=["a", "b"]
    )  # a WARN (conflict) and INFOs (e.g. unused classes)
    assert invoke("validate", "--kb", root).exit_code == 0
    assert invoke("validate", "--kb", root, "--fail-on", "error").exit_code == 0
    assert invoke("validate", "--kb", root, "--fail-on", "WARN").exit_code == 1
    assert invoke("validate", "--kb", root, "--fail-on", "info").exit_code == 1
    set_cell(root / "claims.tsv", 2, "object", "bb")
    assert invoke("validate", "--kb", root).exit_code == 1
    assert invoke("validate", "--kb", root, "--fail-on", "none").exit_code == 0
    bad = invoke("validate", "--kb", root, "--fail-on", "sometimes")
    assert bad.exit_code == 2 and bad.stderr.startswith("mechgraph: error: --fail-on")


def test_json_report(tmp_path):
    claims = [claim("C1", "a", "increases", "b"), claim("C2", "a", "decreases", "b")]
    root = base_kb(tmp_path, claims, entities=["a", "b"])
    data = json.loads(invoke("validate", "--kb", root, "--json", "--fail-on", "warn").stdout)
    assert data["ok"] is False and data["fail_on"] == "WARN"
    assert data["counts"]["WARN"] == 1 and data["counts"]["ERROR"] == 0
    conflict = next(p for p in data["problems"] if p["rule"] == "conflicting-claims")
    assert conflict["level"] == "WARN" and conflict["line"] == 3 and conflict["hint"]
    assert {"file", "line", "level", "rule", "message", "hint"} == set(conflict)
    assert all(p["hint"] for p in data["problems"])
    assert any("--reasoner" in note for note in data["notes"])
    assert json.loads(invoke("validate", "--kb", root, "--json").stdout)["ok"] is True


# -- OWL consistency (HermiT) ----------------------------------------------------------------


def _java():
    from mechgraph.kb.report import java_executable

    return java_executable()


def test_reasoner_is_skipped_as_info_without_java(tmp_path, monkeypatch):
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", str(tmp_path / "no-java-here"))
    result = mechgraph.validate(base_kb(tmp_path), reasoner=True)
    problem = only(result.problems, "owl-consistency")
    assert problem.level is Level.INFO and "no Java" in problem.message and problem.hint
    assert any("not checked" in note for note in result.notes)


def test_reasoner_is_not_run_on_a_knowledge_base_with_errors(tmp_path):
    root = base_kb(tmp_path)
    set_cell(root / "claims.tsv", 2, "object", "bb")
    result = mechgraph.validate(root, reasoner=True)
    assert any("fix the errors first" in note for note in result.notes)


@pytest.mark.slow  # HermiT in a Java process
@pytest.mark.skipif(_java() is None, reason="needs Java for HermiT")
def test_reasoner_passes_a_consistent_knowledge_base(tmp_path):
    result = invoke("validate", "--kb", base_kb(tmp_path), "--reasoner")
    assert result.exit_code == 0
    assert "OWL consistency (HermiT" in result.stdout and "consistent" in result.stdout


@pytest.mark.slow  # HermiT in a Java process
@pytest.mark.skipif(_java() is None, reason="needs Java for HermiT")
def test_reasoner_reports_inconsistency_and_unsatisfiable_classes(tmp_path):
    import owlready2 as owl

    from mechgraph.io.owl import build_ontology
    from mechgraph.kb.report import owl_consistency

    root = base_kb(tmp_path)
    kb = mechgraph.load_kb(root)

    def with_unsatisfiable_class(kb):
        onto = build_ontology(kb)
        with onto:  # Liposome is made disjoint with its own parent class
            owl.AllDisjoint([onto.Liposome, onto.Nanocarrier])
        return onto

    problems, note = owl_consistency(kb, with_unsatisfiable_class, root)
    assert "unsatisfiable" in note
    problem = only(problems, "owl-consistency")
    assert problem.level is Level.ERROR and "'Liposome' is unsatisfiable" in problem.message
    assert Path(problem.file).name == "classes.tsv" and problem.line == 6

    def inconsistent(kb):
        onto = build_ontology(kb)
        with onto:  # the individual 'a' is a Thing-class member made disjoint with it
            onto.Thing.is_a.append(owl.Not(onto.Thing))
        return onto

    problems, note = owl_consistency(kb, inconsistent, root)
    assert note.endswith("inconsistent")
    assert only(problems, "owl-consistency").level is Level.ERROR


def test_missing_context_class_is_a_warning_and_does_not_break_the_reasoner(tmp_path):
    root = make_kb(tmp_path / "kb", [claim("C1", "a", "increases", "b")], ["a", "b"])
    problem = only(report(root), "context-class")
    assert problem.level is Level.WARN and Path(problem.file).name == "contexts.tsv"
    assert problem.line == 2 and "DoseRegimen" in problem.hint
    if _java() is not None:
        result = mechgraph.validate(root, reasoner=True)
        built = only(result.problems, "owl-consistency")
        assert built.level is Level.WARN and "could not be built" in built.message


def test_broken_copy_of_the_shipped_kb(tmp_path, repo):
    copy = tmp_path / "ontology"
    shutil.copytree(repo / "ontology", copy)
    set_cell(copy / "claims.tsv", 5, "evidence_level", "clinical_phase_3")
    problem = only(report(copy), "vocabulary")
    assert (Path(problem.file).name, problem.line) == ("claims.tsv", 5)
    assert "did you mean 'clinical_phase3'" in problem.hint
