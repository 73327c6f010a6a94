"""The model tests of a knowledge base (``questions.tsv``): reading and checking them.

Each row is a question a curator writes with the answer the reviews support; the columns,
kinds and answers are described in :mod:`mechgraph.check`, which runs them
(``mechgraph check``). ``mechgraph validate`` reports a malformed row here with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from mechgraph.kb.tsv import read_table, shown_path
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

        def bad(message: str, row=row) -> None:
            problems.append(Problem(row.file, row.line, message, "questions"))

        kind = row.get("kind")
        if not ID_PATTERN.fullmatch(row.get("id")):
            bad(f"bad question id '{row.get('id')}' (a letter, then ASCII letters, digits, _)")
            continue
        if kind not in KINDS:
            bad(f"unknown kind '{kind}' (expected one of: {', '.join(KINDS)})")
            continue
        if row.get("id") in seen:
            bad(f"question id '{row.get('id')}' is used twice")
            continue
        seen.add(row.get("id"))
        context = {}
        for item in filter(None, (row.get("context") or "").split("|")):
            key, sep, value = item.partition("=")
            if not sep or key.strip() in context:
                bad(f"context '{item}' is not key=value, or repeats a key")
                break
            context[key.strip()] = value.strip()
        if kind == "difference" and not row.get("vs"):
            bad("a difference question needs a vs arm")
            continue
        if kind == "context" and not per_value(row.get("expect")):
            bad("a context question expects key:value=answer;value=answer")
            continue
        status = row.get("status") or ""
        if status not in ("", KNOWN_FAILURE):
            bad(f"unknown status '{status}' (empty or {KNOWN_FAILURE})")
            continue
        questions.append(
            Question(
                row.get("id"),
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
        )
    return questions, problems


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
