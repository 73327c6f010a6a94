"""Problems found while loading or validating curated sources.

Every problem has a level (ERROR, WARN, INFO), a rule name, a place (file and line) and a
fix hint for the curator. Problems created without a hint get the rule's default hint
(:data:`DEFAULT_HINTS`), so that every report line says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
    "owl-consistency": "export with 'mechgraph export --format owl -o kb.owl' and open it in "
    "Protege with the HermiT reasoner to see the axioms involved",
}
GENERIC_HINT = "see ontology/README.md for the format of each table"


@dataclass(frozen=True)
class Problem:
    """One finding, printed as ``file:line: LEVEL rule: message`` (and its ``hint``)."""

    file: str
    line: int
    message: str
    rule: str = "format"
    level: Level = Level.ERROR
    hint: str = ""

    def __post_init__(self) -> None:
        if not self.hint:
            object.__setattr__(self, "hint", DEFAULT_HINTS.get(self.rule, GENERIC_HINT))

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        return f"{self.where}: {self.level.value} {self.rule}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        """The JSON form used by ``mechgraph validate --json``."""
        return {
            "file": self.file,
            "line": self.line,
            "level": self.level.value,
            "rule": self.rule,
            "message": self.message,
            "hint": self.hint,
        }


def at_or_above(problems: list[Problem], level: Level | None) -> list[Problem]:
    """The problems of ``level`` or worse (none when ``level`` is None: never fail)."""
    if level is None:
        return []
    return [p for p in problems if p.level.rank >= level.rank]


class ValidationError(Exception):
    """The knowledge base has errors; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.level is Level.ERROR]
        first = str(errors[0]) if errors else "no details"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{first}{more}")
