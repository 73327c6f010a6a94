"""Named contradiction rules, written by curators in ``rules/*.tsv`` (not in code).

One rule per row: ``id``, ``title``, ``severity`` (high / medium / low), ``when`` (the
pattern), ``summary`` (one sentence a clinician can read), ``description``, ``references``
and two optional preconditions, ``requires`` and ``contexts`` (below).
The pattern is a list of conditions joined by ``&``; each condition is

* ``NODE up`` / ``NODE down``: the node is reached by at least one path of that sign;
* ``NODE reached``: the node is reached at all;
* ``given CLASS_OR_ENTITY``: one of the interventions is (a member of) it.

Example::

    nanoparticle_immunogenicity up & mps_recognition up & nanocarrier_tumour_delivery down

Preconditions, checked before the pattern (a rule whose preconditions fail does not fire):

* ``requires``: groups joined by ``&``, each a ``|`` list of alternative classes or
  entities; every group needs an intervention given (not inhibited) that is a member of one
  of them or is a formulation whose carrier or a payload is (``KnowledgeBase.includes``),
  e.g. ``Nanocarrier`` or ``CytotoxicDrug & ImmuneCheckpointInhibitor``;
* ``contexts``: ``|``-separated ``key=value`` items (the rule is meant for that context: met
  when the query has that value or leaves the key unset; several values of one key are
  alternatives) and ``!key=value`` items (the rule is not meant for it: blocked only when the
  query sets that value), e.g. ``!dose=metronomic``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from mechgraph.kb.locate import default_rules_dir
from mechgraph.kb.tsv import Row, read_table, shown_path
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.problems import Problem, ProblemLog

COLUMNS = (
    "id",
    "title",
    "severity",
    "when",
    "summary",
    "description",
    "references",
    "requires",
    "contexts",
)
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
class ContextItem:
    """One item of a rule's ``contexts``: ``key=value``, or ``!key=value`` when negated."""

    key: str
    value: str
    negated: bool = False

    def __str__(self) -> str:
        return f"{'!' if self.negated else ''}{self.key}={self.value}"


@dataclass(frozen=True)
class Rule:
    """A named contradiction pattern; ``requires`` (groups of alternatives, all groups
    needed) and ``contexts`` are its preconditions (empty: none)."""

    id: str
    title: str
    severity: str
    conditions: tuple[Condition, ...]
    summary: str
    description: str = ""
    references: tuple[str, ...] = ()
    source: str = ""
    requires: tuple[tuple[str, ...], ...] = ()
    contexts: tuple[ContextItem, ...] = ()

    def nodes(self) -> list[str]:
        """Every class or entity the rule names (pattern and ``requires``)."""
        return [c.node for c in self.conditions] + [n for group in self.requires for n in group]

    def applies(
        self, kb: KnowledgeBase, given: Iterable[str], context: Mapping[str, str] | None = None
    ) -> bool:
        """Whether the preconditions hold for the interventions ``given`` (ids of agents
        given, not inhibited) in the query's ``context``."""
        return requires_hold(kb, self.requires, given) and contexts_agree(
            self.contexts, context or {}
        )


def requires_hold(
    kb: KnowledgeBase, requires: Iterable[tuple[str, ...]], given: Iterable[str]
) -> bool:
    """Every group has an intervention that is, or is composed of, one of its members."""
    agents = list(given)
    return all(any(kb.includes(a, node) for a in agents for node in group) for group in requires)


def contexts_agree(items: Iterable[ContextItem], context: Mapping[str, str]) -> bool:
    """A rule's contexts agree with a query's: no negated item names a value the query sets,
    and for every key with positive items the query leaves it unset or sets one of them."""
    given = {key: set(value.split("|")) for key, value in context.items()}  # a|b: several
    wanted: dict[str, set[str]] = {}
    for item in items:
        if item.negated:
            if item.value in given.get(item.key, ()):
                return False
        else:
            wanted.setdefault(item.key, set()).add(item.value)
    return all(key not in given or given[key] & values for key, values in wanted.items())


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


def parse_requires(kb: KnowledgeBase, text: str) -> tuple[list[tuple[str, ...]], str | None]:
    """Parse a ``requires`` cell (``A|B & C``); return the groups and an error (or None)."""
    if not text.strip():
        return [], None
    groups = []
    for part in (p.strip() for p in text.split("&")):
        names = [n.strip() for n in part.split("|")]
        if not part or not all(names) or any(len(n.split()) != 1 for n in names):
            return [], (
                f"requires item '{part}' must be CLASS_OR_ENTITY alternatives split with |, "
                "groups joined by &"
            )
        unknown = [n for n in names if kb.concept(n) is None]
        if unknown:
            return [], f"unknown class or entity in requires: {', '.join(unknown)}"
        groups.append(tuple(names))
    return groups, None


def parse_contexts(kb: KnowledgeBase, text: str) -> tuple[list[ContextItem], str | None]:
    """Parse a ``contexts`` cell (``key=value|!key=value``); return the items and an error
    (or None). Keys and values must be in the knowledge base's ``contexts.tsv``."""
    items = []
    for raw in (p.strip() for p in text.split("|")):
        if not raw:
            continue
        negated = raw.startswith("!")
        key, eq, value = raw.removeprefix("!").partition("=")
        key, value = key.strip(), value.strip()
        if not eq or not key or not value:
            return [], f"contexts item '{raw}' must be 'key=value' or '!key=value'"
        if kb.context_key(key) is None:
            known = ", ".join(kb.known_context_keys())
            return [], f"unknown context key '{key}' in contexts (known: {known})"
        if (key, value) not in kb.contexts:
            known = ", ".join(v for k, v in kb.contexts if k == key)
            return [], f"unknown value '{value}' for context '{key}' (known: {known})"
        items.append(ContextItem(key, value, negated))
    return items, None


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
        for row in read_table(
            path, ("id", "title", "when", "summary"), display, problems, known=COLUMNS
        ):
            found = _rule_of(kb, row, seen)
            if isinstance(found, Problem):
                problems.append(found)
            else:
                seen.add(found.id)
                rules.append(found)
    return rules, problems


def _rule_of(kb: KnowledgeBase, row: Row, seen: set[str]) -> Rule | Problem:
    """The rule of a row, or the problem that makes it no rule (``seen``: the ids taken)."""

    def bad(message: str, rule: str = "rule") -> Problem:
        return Problem(row.file, row.line, message, rule)

    rule_id = row.get("id")
    if not rule_id or rule_id in seen:
        return bad(f"missing or duplicate rule id '{rule_id}'", "duplicate-id")
    severity = row.get("severity") or "medium"
    if severity not in SEVERITIES:
        return bad(f"severity must be one of {', '.join(SEVERITIES)}, not '{severity}'")
    conditions, error = parse_when(row.get("when"))
    if error:
        return bad(error)
    unknown = list(dict.fromkeys(c.node for c in conditions if kb.concept(c.node) is None))
    if unknown:
        names = ", ".join(unknown[:5]) + (
            f" and {len(unknown) - 5:,} more" if len(unknown) > 5 else ""
        )
        return bad(f"unknown node(s) in pattern: {names}", "unknown-entity")
    requires, error = parse_requires(kb, row.get("requires"))
    if error:
        return bad(error, "unknown-entity" if error.startswith("unknown") else "rule")
    contexts, error = parse_contexts(kb, row.get("contexts"))
    if error:
        return bad(error, "vocabulary" if error.startswith("unknown") else "rule")
    if not row.get("summary") or not row.get("title"):
        return bad("a rule needs a title and a summary", "required")
    return Rule(
        rule_id,
        row.get("title"),
        severity,
        tuple(conditions),
        row.get("summary"),
        row.get("description"),
        row.list("references"),
        f"{row.file}:{row.line}",
        tuple(requires),
        tuple(contexts),
    )
