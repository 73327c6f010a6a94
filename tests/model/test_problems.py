"""Problems and their log (:mod:`mechgraph.model.problems`): capped per rule, merged, counted,
printed on one line."""

from __future__ import annotations

from mechgraph.model.problems import Problem, ProblemLog


def test_problem_log_caps_merges_and_counts():
    log = ProblemLog(limit=3)
    for line in range(1, 11):
        log.append(Problem("a.tsv", line, f"bad {line}", "date"))
    log.append(Problem("b.tsv", 1, "bad", "date"))
    assert [p.line for p in log] == [1, 2, 3, 4, 1]
    assert log[3].more == 7 and "7 more date problems" in log[3].message
    assert not log.wants("a.tsv", "date") and log.wants("a.tsv", "refs")
    log.skip("a.tsv", 99, "date")
    other = ProblemLog(limit=3)
    other.extend(log)  # a summary merges into the other log's summary
    other += [Problem("a.tsv", 100, "bad", "date")]
    assert other.counts() == {"ERROR": 13, "WARN": 0, "INFO": 0}
    assert [p.to_dict().get("more") for p in other] == [None, None, None, 9, None]


def test_problems_print_on_one_line():
    problem = Problem("f.tsv", 3, "unknown 'a\u2028b\x00c'", hint="x\ny")
    assert str(problem) == "f.tsv:3: ERROR format: unknown 'a\\u2028b\\x00c'"
    assert problem.hint == "x\\x0ay"
