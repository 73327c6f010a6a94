"""Named contradiction rules, written by curators in ``rules/*.tsv`` (not in code).

One rule per row: ``id``, ``title``, ``severity`` (high / medium / low), ``when`` (the
pattern), ``summary`` (one sentence a clinician can read), ``description``, ``references``.
The pattern is a list of conditions joined by ``&``; each condition is

* ``NODE up`` / ``NODE down``: the node is reached by at least one path of that sign;
* ``NODE reached``: the node is reached at all;
* ``given CLASS_OR_ENTITY``: one of the interventions is (a member of) it.

Example::

    nanoparticle_immunogenicity up & mps_recognition up & nanocarrier_tumour_delivery down
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mechgraph.model.kb import KnowledgeBase
from mechgraph.sources.locate import default_rules_dir
from mechgraph.sources.problems import Problem, ProblemLog
from mechgraph.sources.tsv import read_table, shown_path

COLUMNS = ("id", "title", "severity", "when", "summary", "description", "references")
SEVERITIES = ("high", "medium", "low")
PREDICATES = ("up", "down", "reached")


@dataclass(frozen=True)
class Condition:
    node: str
    predicate: str  # "up", "down", "reached" or "given"

    def __str__(self) -> str:
        return (
            f"given {self.node}" if self.predicate == "given" else f"{self.node} {self.predicate}"
        )


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str
    conditions: tuple[Condition, ...]
    summary: str
    description: str = ""
    references: tuple[str, ...] = ()
    source: str = ""


def parse_when(text: str) -> tuple[list[Condition], str | None]:
    """Parse a pattern; return the conditions and an error message (None when fine)."""
    conditions = []
    for part in (p.strip() for p in text.split("&")):
        words = part.split()
        if len(words) != 2:
            return [], f"condition '{part}' must be 'NODE up|down|reached' or 'given CLASS'"
        if words[0] == "given":
            conditions.append(Condition(words[1], "given"))
        elif words[1] in PREDICATES:
            conditions.append(Condition(words[0], words[1]))
        else:
            return [], f"unknown predicate '{words[1]}' in '{part}' (up, down, reached, given)"
    if not conditions:
        return [], "empty pattern"
    return conditions, None


def load_rules(
    kb: KnowledgeBase, folder: Path | str | None = None
) -> tuple[list[Rule], list[Problem]]:
    """Read every ``*.tsv`` rule file of a folder; problems carry file and line.

    The default folder is the ``rules/`` beside the knowledge-base folder (``ontology/`` and
    ``rules/`` sit side by side in the repository and in the installed package). An entry
    named ``*.tsv`` that is not a file (a folder, a FIFO, a broken symbolic link) is an
    error of its own; the problems are a :class:`ProblemLog` (the first of each kind listed).
    """
    if folder is not None:
        root = Path(folder)
    elif kb.root is not None:
        root = Path(kb.root).parent / "rules"
    else:
        root = default_rules_dir()
    rules: list[Rule] = []
    problems = ProblemLog()
    seen: set[str] = set()
    for path in sorted(root.glob("*.tsv")) if root.is_dir() else []:
        display = shown_path(path)
        for row in read_table(path, ("id", "title", "when", "summary"), display, problems):
            where = f"{row.file}:{row.line}"

            def bad(message: str, rule: str = "rule", row=row) -> None:
                problems.append(Problem(row.file, row.line, message, rule))

            rule_id = row.get("id")
            if not rule_id or rule_id in seen:
                bad(f"missing or duplicate rule id '{rule_id}'", "duplicate-id")
                continue
            severity = row.get("severity") or "medium"
            if severity not in SEVERITIES:
                bad(f"severity must be one of {', '.join(SEVERITIES)}, not '{severity}'")
                continue
            conditions, error = parse_when(row.get("when"))
            if error:
                bad(error)
                continue
            unknown = list(dict.fromkeys(c.node for c in conditions if kb.concept(c.node) is None))
            if unknown:
                names = ", ".join(unknown[:5]) + (
                    f" and {len(unknown) - 5:,} more" if len(unknown) > 5 else ""
                )
                bad(f"unknown node(s) in pattern: {names}", "unknown-entity")
                continue
            if not row.get("summary") or not row.get("title"):
                bad("a rule needs a title and a summary", "required")
                continue
            seen.add(rule_id)
            rules.append(
                Rule(
                    rule_id,
                    row.get("title"),
                    severity,
                    tuple(conditions),
                    row.get("summary"),
                    row.get("description"),
                    row.list("references"),
                    where,
                )
            )
    return rules, problems
