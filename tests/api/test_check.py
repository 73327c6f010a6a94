"""Model tests: ontology/questions.tsv and ``mechgraph check``."""

import json

import pytest

from mechgraph import ValidationError
from mechgraph.check import COLUMNS, KNOWN_FAILURE, read_questions, run_questions
from tests.helpers.kbfactory import claim
from tests.helpers.sample_kbs import arms_kb


def write_questions(path, rows):
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(row.get(column, "") for column in COLUMNS) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def question(qid, kind, agents, target, expect, **extra):
    return {"id": qid, "kind": kind, "agents": agents, "target": target, "expect": expect} | extra


def test_check_passes_fails_and_reports(run_cli, tmp_path):
    root = arms_kb(tmp_path)
    good = question("Q1", "difference", "nano", "tox", "lower", vs="cyto")
    wrong = question("Q2", "effect", "nano", "tox", "-")
    known = question("Q3", "effect", "nano", "tox", "0", status=KNOWN_FAILURE, note="why not")
    per_value = question(
        "Q4", "context", "nano", "exposure", "species:mouse=lower;human=unknown", vs="cyto"
    )
    path = write_questions(tmp_path / "q.tsv", [good, wrong, known, per_value])
    proc = run_cli("check", "--questions", str(path), "--kb", str(root), "--json")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    results = {r["id"]: r for r in data["results"]}
    assert (data["total"], data["passed"], data["unexpected_failures"]) == (4, 2, 1)
    assert results["Q1"]["passed"] and results["Q1"]["answer"] == "lower"
    assert not results["Q2"]["passed"] and results["Q2"]["answer"] == "+"
    assert results["Q4"]["passed"]
    only = run_cli("check", "-q", str(path), "--kb", str(root), "--only", "Q1", "--only", "Q3")
    assert only.returncode == 0 and "1 known failure(s), 0 unexpected" in only.stdout
    assert "why it fails: why not" in only.stdout


@pytest.mark.parametrize("via", ["C20", ""])
def test_an_explanation_of_a_difference_counts_the_mechanism_a_claim_names(tmp_path, via):
    # adding ici to nano raises vaccination (C21), "because" adding nano raises ICD (C20)
    extra = [
        claim("C20", "nano", "increases", "icd", background="ici"),
        claim("C21", "ici", "increases", "vaccination", background="nano", via=via),
    ]
    root = arms_kb(tmp_path, extra)
    asked = question("Q1", "explanation", "nano + ici", "vaccination", "icd", vs="nano")
    (outcome,) = run_questions(read_questions(write_questions(tmp_path / "q.tsv", [asked])), root)
    assert outcome.answer == "ici > vaccination"
    assert outcome.passed is bool(via)  # only the via link puts ICD in the explanation


def test_a_known_failure_that_passes_is_flagged(run_cli, tmp_path):
    root = arms_kb(tmp_path)
    fixed = question("Q1", "effect", "nano", "tox", "+", status=KNOWN_FAILURE, note="was broken")
    path = write_questions(tmp_path / "q.tsv", [fixed])
    proc = run_cli("check", "-q", str(path), "--kb", str(root))
    assert proc.returncode == 0 and "remove the mark" in proc.stdout


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (question("Q1", "guess", "nano", "tox", "+"), "unknown kind 'guess'"),
        (question("Q1", "difference", "nano", "tox", "lower"), "needs a vs arm"),
        (question("Q1", "context", "nano", "tox", "higher"), "key:value=answer"),
        (question("Q1", "effect", "nano", "tox", "+", context="dose"), "not key=value"),
        (question("Q1", "effect", "nano", "tox", "+", status="flaky"), "unknown status"),
    ],
)
def test_bad_questions_are_errors_with_their_line(tmp_path, row, message):
    path = write_questions(tmp_path / "q.tsv", [question("Q0", "effect", "a", "b", "+"), row])
    with pytest.raises(ValidationError) as info:
        read_questions(path)
    (problem,) = info.value.problems
    assert message in problem.message and problem.line == 3


def test_check_usage_errors(run_cli, tmp_path):
    root = arms_kb(tmp_path)
    missing = run_cli("check", "-q", str(tmp_path / "none.tsv"), "--kb", str(root))
    assert missing.returncode == 2 and "no questions file" in missing.stderr
    path = write_questions(tmp_path / "q.tsv", [question("Q1", "effect", "nano", "tox", "+")])
    unknown = run_cli("check", "-q", str(path), "--kb", str(root), "--only", "Q9")
    assert unknown.returncode == 2 and "unknown question id(s): Q9" in unknown.stderr
    bad = write_questions(tmp_path / "bad.tsv", [question("Q1", "guess", "nano", "tox", "+")])
    proc = run_cli("check", "-q", str(bad), "--kb", str(root))
    assert proc.returncode == 1 and "bad.tsv:2" in proc.stderr and "Traceback" not in proc.stderr
    unknown_name = write_questions(
        tmp_path / "n.tsv", [question("Q1", "effect", "no_such_agent", "tox", "+")]
    )
    proc = run_cli("check", "-q", str(unknown_name), "--kb", str(root), "--json")
    assert proc.returncode == 1 and json.loads(proc.stdout)["results"][0]["answer"].startswith(
        "error:"
    )
