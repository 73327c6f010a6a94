"""Problems found while loading or validating curated sources.

Every problem has a level (ERROR, WARN, INFO), a rule name, a place (file and line) and a
fix hint for the curator. Problems created without a hint get the rule's default hint
(:data:`DEFAULT_HINTS`), so that every report line says what to do. A problem always prints
on one line: control characters and line breaks in its text are shown escaped (``\\u2028``)
and very long values are shortened.

A :class:`ProblemLog` (the list the loader and the report fill) keeps the first
:data:`MAX_PER_RULE` problems of each file, rule and level, and one summary line for the
rest (``... and 999,980 more curie problems``), so that a cell of a million bad items gives
a report of a few lines, in the text and the JSON output alike.

>>> log = ProblemLog(limit=2)
>>> for line in range(1, 6):
...     log.append(Problem("claims.tsv", line, f"bad date on line {line}", "date"))
>>> [str(p) for p in log]  # doctest: +NORMALIZE_WHITESPACE
['claims.tsv:1: ERROR date: bad date on line 1', 'claims.tsv:2: ERROR date: bad date on line 2',
 'claims.tsv:3: ERROR date: ... and 3 more date problems in this file (the first 2 are listed)']
>>> log.counts()["ERROR"]
5
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Self

from mechgraph.model.errors import MechgraphError

#: How many problems of one rule and level a file reports; one line counts the others.
MAX_PER_RULE = 20
#: Longest message or hint printed (longer ones are cut, saying how much was left out).
MAX_TEXT = 1000


class Level(StrEnum):
    ERROR = "ERROR"
    WARN = "WARN"
    INFO = "INFO"

    @property
    def rank(self) -> int:
        """Severity as a number: ERROR 3, WARN 2, INFO 1 (for ``--fail-on``)."""
        return {"ERROR": 3, "WARN": 2, "INFO": 1}[self.value]

    @classmethod
    def parse(cls, text: str) -> Level:
        """``error`` / ``ERROR`` / ``warning`` / ``warn`` / ``info`` -> the level."""
        name = text.strip().upper()
        return cls("WARN" if name == "WARNING" else name)


#: What to do about a problem of each rule, when the check gives no more specific hint.
DEFAULT_HINTS: dict[str, str] = {
    "format": "save the file as UTF-8 text with one tab between cells and no text quoting; "
    "a tab inside a cell splits it",
    "missing-file": "create the file with its header row (ontology/README.md lists the columns)",
    "required": "fill in the cell; ontology/README.md lists the required columns (in bold)",
    "id-syntax": "use letters, digits and '_' only, starting with a letter "
    "(e.g. liposomal_doxorubicin)",
    "duplicate-id": "give one of the rows a new id, or merge the two rows",
    "curie": "write PREFIX:ID with a known prefix (CHEBI, NCIT, CL, GO, HGNC, UniProt, NPO, "
    "DrugBank) and check the identifier in its source ontology; leave it out rather than guess",
    "unknown-class": "use a class id from classes.tsv ('mechgraph search TEXT' finds it) or add "
    "the class first",
    "class-cycle": "change the parent column so that the hierarchy has no loop",
    "vocabulary": "use one of the allowed values (ontology/README.md, 'Vocabularies')",
    "unknown-entity": "use an id from entities.tsv or classes.tsv ('mechgraph search TEXT' finds "
    "it) or add it first with 'mechgraph curate add-entity'",
    "unknown-document": "use a document id from documents.tsv, or add the document there first",
    "unknown-section": "copy the section name exactly as sections.tsv lists it for the document",
    "formulation": "a formulation needs a row in formulations.tsv with a Nanocarrier carrier, "
    "payloads and CarrierProperty properties",
    "self-loop": "check subject and object: a claim from a node to itself is never followed",
    "refs": "give the document's reference numbers as digits separated by '|' (e.g. 23|24)",
    "date": "write the date as YYYY-MM-DD (e.g. 2026-11-21)",
    "quote": "copy the sentence verbatim from the document (at most 25 words); line breaks and "
    "end-of-line hyphens of the text do not matter",
    "quote-section": "set section to the one the quote is in, or quote the section you meant",
    "quote-source": "put the document's text file (documents.tsv, column 'file') in the "
    "--sources folder to check its quotes",
    "section-anchor": "set the anchor in sections.tsv to the heading exactly as the text prints it",
    "duplicate-name": "a name (label or synonym) must pick out one concept: remove it from one "
    "of them or make it more specific",
    "unknown-column": "rename the column to one the table knows, or delete it "
    "(unknown columns are ignored)",
    "rule": "see rules/README.md: conditions 'NODE up|down|reached' or 'given CLASS' joined by "
    "&; requires 'CLASS|CLASS & CLASS'; contexts 'key=value|!key=value'",
    "conflicting-claims": "if both claims hold, give them contexts that tell them apart "
    "(e.g. dose=, species=, setting=); if one is a curation mistake, fix it; if the sources "
    "really disagree, keep both ('mechgraph contradictions' reports them)",
    "unused-entity": "cite it in a claim (subject or object), a formulation or a parent "
    "column, or delete the row",
    "unused-class": "give it members (entities.tsv 'type'), subclasses or claims, or delete it",
    "unused-document": "cite it in a claim, formulation or readout, or delete the row",
    "layout": "run 'mechgraph fmt' to rewrite the tables in canonical layout",
    "stage": "a step names, in the stage column, the readout of kind stage it belongs to; "
    "stages and outcomes leave the stage column empty",
    "more": "only the first problems of each kind are listed: fix them and run "
    "'mechgraph validate' again to see the others",
    "owl-consistency": "export with 'mechgraph export --format owl -o kb.owl' and open it in "
    "Protege with the HermiT reasoner to see the axioms involved",
}
GENERIC_HINT = "see ontology/README.md for the format of each table"

#: Characters that would break a report line or the terminal: control characters, line and
#: paragraph separators, the byte-order mark.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_LONG_QUOTED = re.compile(r"'([^']{100,})'")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _shorten(match: re.Match[str]) -> str:
    value = match.group(1)
    return f"'{value[:60]}...{value[-15:]}' ({len(value):,} characters)"


def printable(text: str) -> str:
    """``text`` made fit for one report line: unprintable characters escaped, quoted values
    over 100 characters shortened, the whole cut at :data:`MAX_TEXT` characters.

    >>> printable("a" + chr(0x2028) + "b" + chr(0))
    'a\\\\u2028b\\\\x00'
    """
    if _UNPRINTABLE.search(text):
        text = _UNPRINTABLE.sub(_escape, text)
    if len(text) > 200:
        text = _LONG_QUOTED.sub(_shorten, text)
    if len(text) > MAX_TEXT:
        text = f"{text[:MAX_TEXT]}... ({len(text) - MAX_TEXT:,} more characters)"
    return text


@dataclass(frozen=True)
class Problem:
    """One finding, printed as ``file:line: LEVEL rule: message`` (and its ``hint``).

    ``more`` is set on the summary line of a :class:`ProblemLog`: the number of problems of
    that file, rule and level it stands for (they are not listed).
    """

    file: str
    line: int
    message: str
    rule: str = "format"
    level: Level = Level.ERROR
    hint: str = ""
    more: int = 0

    def __post_init__(self) -> None:
        if not self.hint:
            object.__setattr__(self, "hint", DEFAULT_HINTS.get(self.rule, GENERIC_HINT))
        object.__setattr__(self, "message", printable(self.message))
        object.__setattr__(self, "hint", printable(self.hint))
        object.__setattr__(self, "file", printable(self.file))

    @property
    def count(self) -> int:
        """How many problems this line stands for: 1, or ``more`` for a summary line."""
        return self.more or 1

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        return f"{self.where}: {self.level.value} {self.rule}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        """The JSON form used by ``mechgraph validate --json`` (a summary line also has
        ``more``: how many problems it stands for)."""
        data: dict[str, object] = {
            "file": self.file,
            "line": self.line,
            "level": self.level.value,
            "rule": self.rule,
            "message": self.message,
            "hint": self.hint,
        }
        if self.more:
            data["more"] = self.more
        return data


def _summary_text(rule: str, more: int, limit: int) -> str:
    return (
        f"... and {more:,} more {rule} problem{'s' if more > 1 else ''} in this file "
        f"(the first {limit} are listed)"
    )


class ProblemLog(list[Problem]):
    """A list of problems that keeps the first ``limit`` problems of each file, rule and
    level, and for the others one summary line (a :class:`Problem` with ``more`` set, at the
    line of the first one left out) that counts them.

    ``append``, ``extend`` and ``+=`` apply the limit; :meth:`wants` tells a check whether a
    problem would be listed (so that it can skip computing its hint), :meth:`skip` counts one
    that is not built at all. A summary line of another log is merged into this one's.
    """

    def __init__(self, problems: Iterable[Problem] = (), limit: int = MAX_PER_RULE):
        super().__init__()
        self.limit = limit
        self._listed: dict[tuple[str, str, Level], int] = {}
        self._summaries: dict[tuple[str, str, Level], Problem] = {}
        self.extend(problems)

    def wants(self, file: str, rule: str, level: Level = Level.ERROR) -> bool:
        """True if a problem of this file, rule and level would be listed."""
        return self._listed.get((printable(file), rule, level), 0) < self.limit

    def append(self, problem: Problem) -> None:
        key = (problem.file, problem.rule, problem.level)
        if problem.more:
            self._hide(key, problem.line, problem.more)
        elif self._listed.get(key, 0) < self.limit:
            self._listed[key] = self._listed.get(key, 0) + 1
            super().append(problem)
        else:
            self._hide(key, problem.line, 1)

    def skip(self, file: str, line: int, rule: str, level: Level = Level.ERROR) -> None:
        """Count a problem that is not listed (see :meth:`wants`) without building it."""
        self._hide((printable(file), rule, level), line, 1)

    def _hide(self, key: tuple[str, str, Level], line: int, count: int) -> None:
        summary = self._summaries.get(key)
        if summary is None:
            file, rule, level = key
            summary = Problem(
                file, line, _summary_text(rule, count, self.limit), rule, level, more=count
            )
            object.__setattr__(summary, "hint", DEFAULT_HINTS["more"])
            self._summaries[key] = summary
            super().append(summary)
            return
        # The summary line is this log's own object: it is updated in place as it grows.
        more = summary.more + count
        object.__setattr__(summary, "more", more)
        object.__setattr__(summary, "message", _summary_text(key[1], more, self.limit))

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    # list.__iadd__ would bypass the limit (it extends in C). Like list's own stub, it takes
    # any iterable where __add__ takes a list, which mypy reports on every list subclass.
    def __iadd__(self, problems: Iterable[Problem]) -> Self:  # type: ignore[misc, override]
        self.extend(problems)
        return self

    def counts(self) -> dict[str, int]:
        """Problems by level, those counted by summary lines included."""
        found = {level.value: 0 for level in Level}
        for problem in self:
            found[problem.level.value] += problem.count
        return found


def at_or_above(problems: list[Problem], level: Level | None) -> list[Problem]:
    """The problems of ``level`` or worse (none when ``level`` is None: never fail)."""
    if level is None:
        return []
    return [p for p in problems if p.level.rank >= level.rank]


class ValidationError(MechgraphError):
    """The knowledge base has errors; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.level is Level.ERROR]
        first = str(errors[0]) if errors else "no details"
        total = sum(p.count for p in errors)
        more = f" (and {total - 1:,} more)" if total > 1 else ""
        super().__init__(f"{first}{more}")
