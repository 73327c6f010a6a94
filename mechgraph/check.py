"""Model tests: questions a curator writes with the answer the reviews support
(``ontology/questions.tsv``), run against the knowledge base by ``mechgraph check``.

Kinds (column ``kind``) and what ``expect`` holds:

* ``effect``: the sign of the net effect of ``agents`` on ``target`` (``+``, ``-``, ``0``,
  ``?``);
* ``difference``: the difference of ``agents`` from the ``vs`` arm on ``target``
  (``higher``, ``lower``, ``same``, ``unknown``);
* ``explanation``: a node some counted path from the agents to ``target`` passes through
  (of the decided sign when there is one), or that a claim on the path names in its
  mechanism (``via``); with ``vs``, a path of the difference from that arm;
* ``contradiction``: a rule id that must fire, or a node on which the answer is contested;
* ``context``: ``key:value=answer;value=answer``: an effect (or, with ``vs``, a
  difference) answered separately per value of one context key.

``status`` ``known-failure`` marks a question the knowledge base cannot answer yet; its
``note`` says why. It is reported but does not fail the run (and is flagged when it starts
to pass).

>>> from mechgraph.kb.locate import default_kb_dir
>>> questions = read_questions(default_kb_dir() / "questions.tsv")
>>> len(questions) >= 30
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mechgraph.kb.questions import (
    COLUMNS,
    KINDS,
    KNOWN_FAILURE,
    Question,
    check_questions,
    per_value,
    read_questions,
)
from mechgraph.model.vocab import Sign

if TYPE_CHECKING:
    from mechgraph.api import KbArg
    from mechgraph.reasoning.difference import DifferenceRow
    from mechgraph.reasoning.effects import ReadoutEffect

__all__ = [
    "COLUMNS",
    "KINDS",
    "KNOWN_FAILURE",
    "Outcome",
    "Question",
    "check_questions",
    "outcomes_to_dict",
    "read_questions",
    "run_questions",
]


@dataclass(frozen=True)
class Outcome:
    """A question with the answer the knowledge base gives and whether it is expected."""

    question: Question
    passed: bool
    answer: str
    why: str = ""

    @property
    def counts_as_failure(self) -> bool:
        return not self.passed and self.question.status != KNOWN_FAILURE


def run_questions(
    questions: Sequence[Question],
    kb: KbArg = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Outcome]:
    """Answer every question with the public API (``kb`` as for :func:`mechgraph.effect`);
    a question that cannot be asked (an unknown name...) fails with the error as answer."""
    from mechgraph.model.resolve import UnknownNameError
    from mechgraph.reasoning.effects import QueryError

    outcomes = []
    for number, question in enumerate(questions, 1):
        try:
            outcomes.append(_run(question, kb))
        except (UnknownNameError, QueryError, KeyError) as exc:
            outcomes.append(Outcome(question, False, f"error: {exc}"))
        if progress is not None:
            progress(number, len(questions))
    return outcomes


def _explanation(question: Question, kb: KbArg) -> Outcome:
    """Whether a counted path of the answer (of the difference, with ``vs``) passes through
    the expected node, or has a claim whose mechanism (``via``) names it."""
    from mechgraph.api import difference, effect, workspace

    item: DifferenceRow | ReadoutEffect
    targets = [question.target]
    if question.vs:
        item = difference(
            question.agents, question.vs, question.context, targets=targets, paths=5, kb=kb
        ).rows[0]
    else:
        item = effect(question.agents, question.context, targets=targets, paths=5, kb=kb).effects[0]
    signs = [item.sign] if item.sign in (Sign.PLUS, Sign.MINUS) else [Sign.PLUS, Sign.MINUS]
    paths = [p for s in signs for p in item.paths.get(s, [])]
    base = workspace(kb).kb

    def nodes(path) -> list[str]:
        named = path.nodes[:-1]
        for edge in path.edges:
            for claim in edge.claims:
                named += [n for c in base.mechanism(claim) for n in (c.subject, c.object)]
        return named

    through = any(question.expect in nodes(p) for p in paths)
    shown = " | ".join(" > ".join(p.nodes) for p in paths[:2]) or "no path"
    return Outcome(question, through, shown)


def _answer(question: Question, kb: KbArg, context: dict[str, str]) -> tuple[str, str]:
    """The knowledge base's answer to an effect or difference question, and why."""
    from mechgraph.api import difference, effect

    if question.vs:
        row = difference(
            question.agents, question.vs, context, targets=[question.target], kb=kb
        ).rows[0]
        return row.word, row.reason
    item = effect(question.agents, context, targets=[question.target], kb=kb).effects[0]
    return item.sign.value, item.decision.outcome


def _run(question: Question, kb: KbArg) -> Outcome:
    from mechgraph.api import effect

    if question.kind in ("effect", "difference"):
        answer, why = _answer(question, kb, question.context)
        return Outcome(question, answer == question.expect, answer, why)
    if question.kind == "context":
        key, expected = per_value(question.expect) or ("", {})
        answers = {
            value: _answer(question, kb, {**question.context, key: value})[0] for value in expected
        }
        text = ";".join(f"{value}={answer}" for value, answer in answers.items())
        return Outcome(question, answers == expected, f"{key}:{text}")
    if question.kind == "explanation":
        return _explanation(question, kb)
    # contradiction: over the whole answer, not only the target
    full = effect(question.agents, question.context, kb=kb)
    fired = sorted({c.rule for c in full.contradictions if c.rule})
    contested = sorted({e.readout.id for e in full.effects if e.contested})
    contested += sorted({c.node for c in full.contradictions if c.kind == "trade-off"})
    passed = question.expect in fired or question.expect in contested
    return Outcome(
        question,
        passed,
        f"rules: {', '.join(fired) or 'none'}; contested: "
        f"{', '.join(dict.fromkeys(contested)) or 'none'}",
    )


def outcomes_to_dict(outcomes: Sequence[Outcome], path: object = "") -> dict:
    """The object printed by ``mechgraph check --json``."""
    passed = sum(o.passed for o in outcomes)
    return {
        "questions": str(path),
        "total": len(outcomes),
        "passed": passed,
        "failed": len(outcomes) - passed,
        "unexpected_failures": sum(o.counts_as_failure for o in outcomes),
        "results": [
            {
                "id": o.question.id,
                "kind": o.question.kind,
                "agents": list(o.question.agents),
                "vs": list(o.question.vs),
                "context": o.question.context,
                "target": o.question.target,
                "expect": o.question.expect,
                "answer": o.answer,
                "passed": o.passed,
                "status": o.question.status,
                "why": o.why,
                "note": o.question.note,
                "line": o.question.line,
            }
            for o in outcomes
        ],
    }
