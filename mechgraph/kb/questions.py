"""The model tests of a knowledge base (``questions.tsv``): reading and checking them.

Each row is a question a curator writes with the answer the reviews support; the columns,
kinds and answers are described in :mod:`mechgraph.check`, which runs them
(``mechgraph check``). ``mechgraph validate`` reports a malformed row here with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from mechgraph.kb.tsv import Row, read_table, shown_path
from mechgraph.model.problems import Problem, ValidationError

KINDS = ("effect", "difference", "explanation", "contradiction", "context")
COLUMNS = (
    "id",
    "kind",
    "agents",
    "vs",
    "context",
    "target",
    "expect",
    "status",
    "document",
    "quote",
    "note",
)
REQUIRED = ("id", "kind", "agents", "target", "expect")
KNOWN_FAILURE = "known-failure"


@dataclass(frozen=True)
class Question:
    """One row of ``questions.tsv``."""

    id: str
    kind: str
    agents: tuple[str, ...]
    target: str
    expect: str
    vs: tuple[str, ...] = ()
    context: dict[str, str] = field(default_factory=dict)
    status: str = ""
    note: str = ""
    file: str = ""
    line: int = 0
    document: str = ""  # the source the expected answer comes from
    quote: str = ""  # verbatim from ``document``


ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _arm(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(" + ") if part.strip())


def read_questions(path: Path | str) -> list[Question]:
    """The questions of a ``questions.tsv``; :class:`ValidationError` listing every bad row
    (file:line and the problem)."""
    questions, problems = check_questions(path)
    if problems:
        raise ValidationError(problems)
    return questions


def check_questions(path: Path | str) -> tuple[list[Question], list[Problem]]:
    """The well-formed questions of a ``questions.tsv`` and a problem for each bad row."""
    path = Path(path)
    display = shown_path(path)
    problems: list[Problem] = []
    questions = []
    seen: set[str] = set()
    for row in read_table(path, REQUIRED, display, problems, known=COLUMNS):
        question, messages = _read_question(row, seen)
        problems += [Problem(row.file, row.line, message, "questions") for message in messages]
        if question is not None:
            questions.append(question)
    return questions, problems


def _read_question(row: Row, seen: set[str]) -> tuple[Question | None, list[str]]:
    """The question of a row (None when the row is malformed) and what is wrong with it;
    the ids already read are ``seen`` (its id is added)."""
    question_id, kind = row.get("id"), row.get("kind")
    if not ID_PATTERN.fullmatch(question_id):
        return None, [f"bad question id '{question_id}' (a letter, then ASCII letters, digits, _)"]
    if kind not in KINDS:
        return None, [f"unknown kind '{kind}' (expected one of: {', '.join(KINDS)})"]
    if question_id in seen:
        return None, [f"question id '{question_id}' is used twice"]
    seen.add(question_id)
    context, messages = _context_of(row.get("context") or "")
    status = row.get("status") or ""
    wrong = _kind_problem(row, kind, status)
    if wrong is not None:
        return None, [*messages, wrong]
    question = Question(
        question_id,
        kind,
        _arm(row.get("agents")),
        row.get("target"),
        row.get("expect"),
        _arm(row.get("vs") or ""),
        context,
        status,
        row.get("note") or "",
        row.file,
        row.line,
        row.get("document") or "",
        row.get("quote") or "",
    )
    return question, messages


def _context_of(cell: str) -> tuple[dict[str, str], list[str]]:
    """A question's ``key=value|...`` context (read up to the first bad item) and the
    problem of that item."""
    context: dict[str, str] = {}
    for item in filter(None, cell.split("|")):
        key, sep, value = item.partition("=")
        if not sep or key.strip() in context:
            return context, [f"context '{item}' is not key=value, or repeats a key"]
        context[key.strip()] = value.strip()
    return context, []


def _kind_problem(row: Row, kind: str, status: str) -> str | None:
    """What a question of its kind lacks (a difference's vs arm, a context question's
    answers per value), or an unknown status."""
    if kind == "difference" and not row.get("vs"):
        return "a difference question needs a vs arm"
    if kind == "context" and not per_value(row.get("expect")):
        return "a context question expects key:value=answer;value=answer"
    if status not in ("", KNOWN_FAILURE):
        return f"unknown status '{status}' (empty or {KNOWN_FAILURE})"
    return None


def per_value(expect: str) -> tuple[str, dict[str, str]] | None:
    key, sep, rest = (expect or "").partition(":")
    if not sep:
        return None
    answers = {}
    for item in rest.split(";"):
        value, sep, answer = item.partition("=")
        if not sep:
            return None
        answers[value.strip()] = answer.strip()
    return key.strip(), answers


def quoted_records(questions: list[Question]) -> list:
    """The questions' quotes as records for :func:`mechgraph.kb.loader.check_quotes`."""
    from mechgraph.model.records import Evidence, SourceRef

    return [
        (q.id, Evidence(q.document, "", quote=q.quote), SourceRef(q.file, q.line))
        for q in questions
        if q.document and q.quote
    ]


def check_question_names(questions: list[Question], kb) -> list[Problem]:
    """A problem for each question whose agents, target, expected node or context the
    knowledge base does not know (``mechgraph check`` would answer it with an error)."""
    from mechgraph.model.resolve import NameIndex, UnknownNameError

    index = NameIndex(kb)
    problems = []
    for q in questions:
        names = [*q.agents, *q.vs, q.target]
        if q.kind == "explanation":
            names.append(q.expect)
        wrong = []
        for name in names:
            try:
                index.resolve(name)
            except UnknownNameError:
                wrong.append(f"unknown name '{name}'")
        for key, value in q.context.items():
            if kb.context_key(key) is None or (key, value) not in kb.contexts:
                wrong.append(f"unknown context {key}={value}")
        problems += [Problem(q.file, q.line, message, "questions") for message in wrong]
    return problems
