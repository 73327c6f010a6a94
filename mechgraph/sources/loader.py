"""Loading and validating the curated knowledge base (the TSV tables in ``ontology/``).

>>> kb = load_kb()                      # the shipped knowledge base
>>> kb.entities["paclitaxel"].type
'Taxane'

Every problem is reported as ``file:line: LEVEL rule: message``; :func:`load_kb` raises
:class:`~mechgraph.sources.problems.ValidationError` when there is any error, while
:func:`check_kb` returns the knowledge base (as far as it could be read) with all problems.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mechgraph.model.curie import PREFIXES, check_curie, normalise_curie
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import (
    Claim,
    ContextValue,
    Document,
    Entity,
    Evidence,
    Formulation,
    NotCurated,
    OntologyClass,
    Readout,
    Section,
    SourceRef,
)
from mechgraph.model.resolve import NameIndex
from mechgraph.model.vocab import CONTEXT_KEYS, EvidenceLevel, ReadoutKind, Relation, Sign
from mechgraph.sources.locate import default_kb_dir, display_path
from mechgraph.sources.problems import Level, Problem, ValidationError
from mechgraph.sources.quotes import (
    MAX_QUOTE_WORDS,
    DocumentText,
    Span,
    normalise_text,
    word_count,
)
from mechgraph.sources.tsv import Row, read_table

#: Columns whose cells are lists split with ``|``.
LIST_COLUMNS = frozenset({"synonyms", "xrefs", "parents", "payloads", "properties", "refs"})

#: The tables of a knowledge base and their columns, in loading order (canonical layout).
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents.tsv": ("id", "file", "title", "authors", "citation", "note"),
    "sections.tsv": ("document", "section", "anchor", "end"),
    "classes.tsv": ("id", "label", "parent", "synonyms", "xrefs", "definition"),
    "contexts.tsv": ("key", "value", "label", "synonyms", "xrefs", "definition"),
    "entities.tsv": ("id", "label", "type", "parents", "synonyms", "xrefs", "definition"),
    "formulations.tsv": (
        "formulation",
        "carrier",
        "payloads",
        "properties",
        "document",
        "section",
        "quote",
    ),
    "readouts.tsv": ("readout", "kind", "stage", "order", "desirable", "source"),
    "not_curated.tsv": ("document", "section", "quote", "reason"),
    "claims.tsv": (
        "id",
        "subject",
        "relation",
        "object",
        "context",
        "evidence_level",
        "document",
        "section",
        "refs",
        "quote",
        "curator",
        "date",
        "note",
    ),
}
#: The columns a table must have (the others are optional).
REQUIRED: dict[str, tuple[str, ...]] = {
    "documents.tsv": ("id", "title"),
    "sections.tsv": ("document", "section"),
    "classes.tsv": ("id", "label", "parent"),
    "contexts.tsv": ("key", "value", "label"),
    "entities.tsv": ("id", "label", "type"),
    "formulations.tsv": ("formulation", "carrier", "payloads"),
    "readouts.tsv": ("readout", "kind", "order", "desirable"),
    "claims.tsv": (
        "id",
        "subject",
        "relation",
        "object",
        "context",
        "evidence_level",
        "document",
        "quote",
    ),
    "not_curated.tsv": ("document", "section", "quote", "reason"),
}
OPTIONAL_TABLES = {"formulations.tsv", "sections.tsv", "not_curated.tsv"}
ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class LoadResult:
    """A knowledge base as far as it could be read, and every problem found."""

    kb: KnowledgeBase
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was checked or skipped, for humans

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level is Level.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


def did_you_mean(value: str, candidates: Iterable[str], what: str = "") -> str:
    """A hint naming the closest candidates to a mistyped value (empty when none is close)."""
    pool = list(dict.fromkeys(candidates))
    close = difflib.get_close_matches(value, pool, n=3, cutoff=0.6) if value else []
    if not close:
        lowered = value.lower()
        close = [c for c in pool if lowered and (lowered in c.lower() or c.lower() in lowered)][:3]
    if not close:
        return ""
    return f"did you mean {' or '.join(repr(c) for c in close)}{what}? "


def shown_file(kb: KnowledgeBase, ref: SourceRef) -> str:
    """The file of a record's source as messages show it (like the loader's own messages:
    relative to the working directory when possible)."""
    if kb.root is None:
        return ref.file
    return display_path(Path(kb.root) / Path(ref.file).name)


def curie_hint(text: str) -> str:
    """How to write a malformed cross-reference."""
    prefix, sep, _ = text.strip().partition(":")
    known = PREFIXES.get(prefix.upper()) if sep else None
    if known is not None:
        return (
            f"{known.name} identifiers are {known.hint}; copy it from {known.title} "
            "rather than typing it, or leave it out"
        )
    names = ", ".join(p.name for p in PREFIXES.values())
    guess = did_you_mean(prefix, [p.name for p in PREFIXES.values()]) if sep else ""
    return f"{guess}write PREFIX:ID with one of the prefixes {names} (e.g. CHEBI:45863)"


class _Loader:
    def __init__(self, root: Path, overrides: Mapping[str, str] | None = None):
        self.root = root
        self.overrides = dict(overrides or {})
        self.kb = KnowledgeBase(root=root)
        self.problems: list[Problem] = []

    # -- helpers ------------------------------------------------------------------------
    def report(
        self, row: Row, message: str, rule: str, level: Level = Level.ERROR, hint: str = ""
    ) -> None:
        self.problems.append(Problem(row.file, row.line, message, rule, level, hint))

    def rows(self, name: str) -> list[Row]:
        path = self.root / name
        display = display_path(path)
        text = self.overrides.get(name)
        if text is None and not path.is_file():
            if name not in OPTIONAL_TABLES:
                self.problems.append(Problem(display, 0, "file not found", "missing-file"))
            return []
        return list(
            read_table(path, REQUIRED[name], display, self.problems, known=COLUMNS[name], text=text)
        )

    def node_hint(self, value: str, table: str = "entities.tsv or classes.tsv") -> str:
        """Closest known ids (and ids whose label or synonym is close) for an unknown node."""
        names = {}
        for concept in self.kb.concepts():
            for name in (concept.id, concept.label, *concept.synonyms):
                names.setdefault(name, concept.id)
        close = difflib.get_close_matches(value, list(names), n=3, cutoff=0.6)
        ids = list(dict.fromkeys(names[name] for name in close))
        guess = f"did you mean {' or '.join(repr(i) for i in ids)}? " if ids else ""
        return (
            f"{guess}use an id from {table} ('mechgraph search {value[:12] or 'TEXT'}' finds it) "
            "or add it first with 'mechgraph curate add-entity'"
        )

    def ref(self, row: Row) -> SourceRef:
        """Where a record came from, relative to the KB folder's parent (``ontology/x.tsv``)
        so that outputs do not depend on the working directory or on the on-disk cache."""
        return SourceRef(f"{self.root.resolve().name}/{Path(row.file).name}", row.line)

    def check_id(self, row: Row, column: str, taken: Callable[[str], bool]) -> str | None:
        value = row.get(column)
        if not value:
            self.report(row, f"missing {column}", "required", hint=f"give the row an {column}")
            return None
        if not ID_PATTERN.fullmatch(value):
            fixed = re.sub(r"[^A-Za-z0-9_]+", "_", value).strip("_")
            fixed = fixed if fixed[:1].isalpha() else f"x_{fixed}"
            self.report(
                row,
                f"{column} '{value}' must be letters, digits and '_' (starting with a letter)",
                "id-syntax",
                hint=f"e.g. '{fixed}' (the label can keep spaces and punctuation)",
            )
            return None
        if taken(value):
            self.report(
                row,
                f"duplicate id '{value}'",
                "duplicate-id",
                hint="ids must be unique across classes.tsv and entities.tsv (claim ids across "
                "claims.tsv): rename one of the rows, or merge them",
            )
            return None
        return value

    def xrefs(self, row: Row) -> tuple[str, ...]:
        good = []
        for curie in row.list("xrefs"):
            problem = check_curie(curie)
            if problem:
                self.report(
                    row, f"bad identifier '{curie}': {problem}", "curie", hint=curie_hint(curie)
                )
            else:
                good.append(normalise_curie(curie))
        return tuple(good)

    def known(self, node_id: str) -> bool:
        return node_id in self.kb.entities or node_id in self.kb.classes

    # -- tables -------------------------------------------------------------------------
    def load_documents(self) -> None:
        for row in self.rows("documents.tsv"):
            doc_id = self.check_id(row, "id", lambda v: v in self.kb.documents)
            if doc_id is None:
                continue
            if not row.get("title"):
                self.report(row, "missing title", "required")
            self.kb.documents[doc_id] = Document(
                doc_id,
                row.get("title"),
                row.get("file"),
                row.get("authors"),
                row.get("citation"),
                row.get("note"),
                self.ref(row),
            )

    def load_sections(self) -> None:
        for row in self.rows("sections.tsv"):
            document, name = row.get("document"), row.get("section")
            if document not in self.kb.documents:
                self.report(
                    row,
                    f"unknown document '{document}'",
                    "unknown-document",
                    hint=f"{did_you_mean(document, self.kb.documents)}add the document to "
                    "documents.tsv first",
                )
                continue
            if not name:
                self.report(row, "missing section", "required")
                continue
            known = self.kb.sections.setdefault(document, [])
            if any(section.name == name and not row.get("end") for section in known):
                self.report(row, f"duplicate section '{name}'", "duplicate-id")
                continue
            known.append(
                Section(document, name, row.get("anchor") or name, row.get("end"), self.ref(row))
            )

    def load_classes(self) -> None:
        rows = self.rows("classes.tsv")
        for row in rows:
            class_id = self.check_id(row, "id", self.known)
            if class_id is None:
                continue
            if not row.get("label"):
                self.report(row, "missing label", "required")
            self.kb.classes[class_id] = OntologyClass(
                class_id,
                row.get("label") or class_id,
                row.get("parent") or None,
                row.list("synonyms"),
                self.xrefs(row),
                row.get("definition"),
                self.ref(row),
            )
        for row in rows:
            cls = self.kb.classes.get(row.get("id"))
            if cls and cls.parent and cls.parent not in self.kb.classes:
                self.report(
                    row,
                    f"unknown parent class '{cls.parent}'",
                    "unknown-class",
                    hint=f"{did_you_mean(cls.parent, self.kb.classes)}use a class id from "
                    "classes.tsv, or leave parent empty for a top-level class",
                )
            elif cls and cls.parent and cls.id in self.kb.superclasses(cls.parent):
                chain = " -> ".join([cls.id, *self.kb.superclasses(cls.parent)])
                self.report(
                    row,
                    f"class '{cls.id}' is its own ancestor",
                    "class-cycle",
                    hint=f"the parents go round in a loop ({chain}): change one parent",
                )

    def load_contexts(self) -> None:
        for row in self.rows("contexts.tsv"):
            key, value = row.get("key"), row.get("value")
            if key not in CONTEXT_KEYS:
                self.report(
                    row,
                    f"unknown context key '{key}' (known: {', '.join(CONTEXT_KEYS)})",
                    "vocabulary",
                    hint=f"{did_you_mean(key, CONTEXT_KEYS)}context keys are fixed: "
                    f"{', '.join(CONTEXT_KEYS)}",
                )
                continue
            if not value or "=" in value or "|" in value:
                self.report(
                    row,
                    f"bad context value '{value}'",
                    "vocabulary",
                    hint="a value is one word or phrase without '=' or '|' (e.g. metronomic)",
                )
                continue
            if (key, value) in self.kb.contexts:
                self.report(
                    row,
                    f"duplicate context value {key}={value}",
                    "duplicate-id",
                    hint="delete one of the two rows (merge their synonyms)",
                )
                continue
            self.kb.contexts[(key, value)] = ContextValue(
                key,
                value,
                row.get("label") or value,
                row.list("synonyms"),
                self.xrefs(row),
                row.get("definition"),
                self.ref(row),
            )

    def load_entities(self) -> None:
        rows = self.rows("entities.tsv")
        for row in rows:
            entity_id = self.check_id(row, "id", self.known)
            if entity_id is None:
                continue
            type_ = row.get("type")
            if type_ not in self.kb.classes:
                self.report(
                    row,
                    f"unknown type '{type_}' (not a class in classes.tsv)",
                    "unknown-class",
                    hint=f"{did_you_mean(type_, self.kb.classes)}the type is a class id from "
                    "classes.tsv (e.g. Taxane, CellType, BiologicalProcess)",
                )
            if not row.get("label"):
                self.report(row, "missing label", "required")
            self.kb.entities[entity_id] = Entity(
                entity_id,
                row.get("label") or entity_id,
                type_,
                row.list("parents"),
                row.list("synonyms"),
                self.xrefs(row),
                row.get("definition"),
                self.ref(row),
            )
        for row in rows:
            entity = self.kb.entities.get(row.get("id"))
            for parent in entity.parents if entity else ():
                if not self.known(parent):
                    self.report(
                        row,
                        f"unknown parent '{parent}'",
                        "unknown-entity",
                        hint=self.node_hint(parent),
                    )
                elif parent == entity.id:
                    self.report(row, f"'{parent}' cannot be its own parent", "class-cycle")

    def check_section(self, row: Row, document: str) -> None:
        section = row.get("section")
        names = list(dict.fromkeys(s.name for s in self.kb.sections[document]))
        if section in names:
            return
        close = difflib.get_close_matches(section, names, n=1, cutoff=0.3)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        what = f"unknown section '{section}'" if section else "missing section"
        self.report(
            row,
            f"{what} of {document}{hint}",
            "unknown-section",
            hint=f"copy one of the section names of {document} from sections.tsv"
            + (f", e.g. '{close[0]}'" if close else ""),
        )

    def evidence(self, row: Row, level: EvidenceLevel) -> Evidence:
        document = row.get("document")
        if not document:
            self.report(row, "missing document", "required")
        elif document not in self.kb.documents:
            self.report(
                row,
                f"unknown document '{document}' (not in documents.tsv)",
                "unknown-document",
                hint=f"{did_you_mean(document, self.kb.documents)}use an id from "
                f"documents.tsv ({', '.join(self.kb.documents)}) or add the document there",
            )
        elif self.kb.sections.get(document):
            self.check_section(row, document)
        quote = row.get("quote")
        if quote and word_count(quote) > MAX_QUOTE_WORDS:
            self.report(
                row,
                f"quote has {word_count(quote)} words (at most {MAX_QUOTE_WORDS})",
                "quote",
                hint=f"keep the {MAX_QUOTE_WORDS} words that carry the claim, verbatim (a quote "
                "may be part of a sentence)",
            )
        refs = row.list("refs")
        for ref in refs:
            if not re.fullmatch(r"\d+", ref):
                self.report(
                    row,
                    f"reference number '{ref}' must be digits",
                    "refs",
                    hint="refs are the document's own reference numbers, separated by '|' "
                    "(e.g. 23|24); put anything else in note",
                )
        date = row.get("date")
        if date and not DATE_PATTERN.fullmatch(date):
            self.report(row, f"date '{date}' must be YYYY-MM-DD", "date")
        return Evidence(document, row.get("section"), refs, quote, level, row.get("curator"), date)

    def load_formulations(self) -> None:
        for row in self.rows("formulations.tsv"):
            form_id = row.get("formulation")
            entity = self.kb.entities.get(form_id)
            if entity is None:
                self.report(
                    row,
                    f"unknown formulation '{form_id}' (add it to entities.tsv)",
                    "unknown-entity",
                    hint=self.node_hint(form_id, "entities.tsv"),
                )
                continue
            if not self.kb.is_a(form_id, "Formulation"):
                self.report(
                    row, f"'{form_id}' is a {entity.type}, not a Formulation", "formulation"
                )
            if form_id in self.kb.formulations:
                self.report(row, f"formulation '{form_id}' decomposed twice", "duplicate-id")
                continue
            carrier = row.get("carrier")
            if not carrier:
                self.report(row, "missing carrier", "required")
            elif not self.known(carrier):
                self.report(
                    row,
                    f"unknown carrier '{carrier}'",
                    "unknown-entity",
                    hint=self.node_hint(carrier),
                )
            elif not self.kb.is_a(carrier, "Nanocarrier"):
                self.report(row, f"carrier '{carrier}' is not a Nanocarrier", "formulation")
            payloads = row.list("payloads")
            if not payloads:
                self.report(row, "a formulation needs at least one payload", "required")
            for part in payloads + row.list("properties"):
                if not self.known(part):
                    self.report(
                        row, f"unknown entity '{part}'", "unknown-entity", hint=self.node_hint(part)
                    )
            for prop in row.list("properties"):
                if self.known(prop) and not self.kb.is_a(prop, "CarrierProperty"):
                    self.report(row, f"property '{prop}' is not a CarrierProperty", "formulation")
            evidence = (
                self.evidence(row, EvidenceLevel.REVIEW_STATEMENT) if row.get("document") else None
            )
            self.kb.formulations[form_id] = Formulation(
                form_id, carrier, payloads, row.list("properties"), evidence, self.ref(row)
            )
        for entity in self.kb.entities.values():
            if self.kb.is_a(entity.id, "Formulation") and entity.id not in self.kb.formulations:
                assert entity.source is not None
                self.problems.append(
                    Problem(
                        shown_file(self.kb, entity.source),
                        entity.source.line,
                        f"formulation '{entity.id}' has no row in formulations.tsv "
                        "(it cannot act through its carrier and payloads)",
                        "formulation",
                        Level.WARN,
                    )
                )

    def load_readouts(self) -> None:
        for row in self.rows("readouts.tsv"):
            readout_id = row.get("readout")
            if not self.known(readout_id):
                self.report(
                    row,
                    f"unknown readout '{readout_id}'",
                    "unknown-entity",
                    hint=self.node_hint(readout_id),
                )
                continue
            try:
                kind = ReadoutKind(row.get("kind"))
                if kind is ReadoutKind.NODE:
                    raise ValueError(kind)
            except ValueError:
                self.report(
                    row, f"unknown kind '{row.get('kind')}' (stage, step or outcome)", "vocabulary"
                )
                continue
            desirable = row.get("desirable")
            if desirable not in ("+", "-"):
                self.report(row, f"desirable must be + or -, not '{desirable}'", "vocabulary")
                continue
            order = row.get("order")
            if not order.isdigit():
                self.report(row, f"order must be a whole number, not '{order}'", "vocabulary")
                continue
            stage = row.get("stage") or None
            if kind is ReadoutKind.STEP and stage is None:
                self.report(row, "a step needs the stage it belongs to", "required")
            if readout_id in self.kb.readouts:
                self.report(row, f"duplicate readout '{readout_id}'", "duplicate-id")
                continue
            document = row.get("source")
            if document and document not in self.kb.documents:
                self.report(
                    row,
                    f"unknown source document '{document}' (not in documents.tsv)",
                    "unknown-document",
                    hint=f"{did_you_mean(document, self.kb.documents)}the source column names "
                    "the document that defines the readout",
                )
            self.kb.readouts[readout_id] = Readout(
                readout_id,
                kind,
                int(order),
                Sign(desirable),
                stage,
                row.get("source") or None,
                self.ref(row),
            )
        for readout in self.kb.readouts.values():
            if readout.stage and (
                readout.stage not in self.kb.readouts
                or self.kb.readouts[readout.stage].kind is not ReadoutKind.STAGE
            ):
                assert readout.source is not None
                self.problems.append(
                    Problem(
                        shown_file(self.kb, readout.source),
                        readout.source.line,
                        f"stage '{readout.stage}' is not a readout of kind stage",
                        "unknown-entity",
                    )
                )

    def context(self, row: Row) -> dict[str, frozenset[str]]:
        parsed: dict[str, set[str]] = {}
        for item in row.list("context"):
            key, sep, value = (part.strip() for part in item.partition("="))
            if not sep or not key or not value:
                self.report(
                    row,
                    f"context '{item}' must be key=value",
                    "vocabulary",
                    hint="write key=value items separated by '|', e.g. species=mouse|dose=high",
                )
            elif key not in CONTEXT_KEYS:
                self.report(
                    row,
                    f"unknown context key '{key}' (known: {', '.join(CONTEXT_KEYS)})",
                    "vocabulary",
                    hint=f"{did_you_mean(key, CONTEXT_KEYS)}context keys are fixed: "
                    f"{', '.join(CONTEXT_KEYS)}",
                )
            elif (key, value) not in self.kb.contexts:
                values = [v for k, v in self.kb.contexts if k == key]
                labels = {
                    name: v
                    for (k, v), record in self.kb.contexts.items()
                    if k == key
                    for name in (record.label, *record.synonyms)
                }
                close = did_you_mean(value, [*values, *labels])
                self.report(
                    row,
                    f"unknown value '{value}' for context key '{key}' (known: {', '.join(values)})",
                    "vocabulary",
                    hint=f"{close}use a value listed for '{key}' in contexts.tsv, or add the value "
                    "there (with a label) if the sources need it",
                )
            else:
                parsed.setdefault(key, set()).add(value)
        return {key: frozenset(values) for key, values in parsed.items()}

    def load_claims(self) -> None:
        seen: set[str] = set()
        for row in self.rows("claims.tsv"):
            claim_id = self.check_id(row, "id", lambda v: v in seen)
            if claim_id is None:
                continue
            seen.add(claim_id)
            ok = True
            for column in ("subject", "object"):
                value = row.get(column)
                if not value:
                    self.report(row, f"missing {column}", "required")
                    ok = False
                elif not self.known(value):
                    self.report(
                        row,
                        f"unknown {column} '{value}' (not in entities.tsv or classes.tsv)",
                        "unknown-entity",
                        hint=self.node_hint(value),
                    )
                    ok = False
            relation_text = row.get("relation")
            try:
                relation = Relation(relation_text)
            except ValueError:
                relations = ", ".join(r.value for r in Relation)
                what = f"unknown relation '{relation_text}'" if relation_text else "missing sign"
                self.report(
                    row,
                    f"{what} (expected one of: {relations})",
                    "vocabulary",
                    hint=f"{did_you_mean(relation_text, [r.value for r in Relation])}relation is "
                    "increases, decreases, or no_effect for a reported null result",
                )
                ok = False
            level_text = row.get("evidence_level")
            try:
                level = EvidenceLevel(level_text)
            except ValueError:
                levels = ", ".join(e.value for e in EvidenceLevel)
                self.report(
                    row,
                    f"unknown evidence_level '{level_text}' (expected one of: {levels})",
                    "vocabulary",
                    hint=f"{did_you_mean(level_text, [e.value for e in EvidenceLevel])}"
                    "ontology/README.md explains each level; speculation is 'hypothesis'",
                )
                level, ok = EvidenceLevel.HYPOTHESIS, False
            if not row.get("quote"):
                self.report(
                    row,
                    "missing quote",
                    "required",
                    hint="copy the sentence (at most 25 words) that states the claim, verbatim",
                )
            if row.get("subject") and row.get("subject") == row.get("object"):
                self.report(row, "subject and object are the same", "self-loop", Level.WARN)
            context = self.context(row)
            evidence = self.evidence(row, level)
            if ok:
                self.kb.claims.append(
                    Claim(
                        claim_id,
                        row.get("subject"),
                        relation,
                        row.get("object"),
                        evidence,
                        context,
                        row.get("note"),
                        self.ref(row),
                    )
                )

    def load_not_curated(self) -> None:
        for row in self.rows("not_curated.tsv"):
            document = row.get("document")
            if document not in self.kb.documents:
                self.report(
                    row,
                    f"unknown document '{document}'",
                    "unknown-document",
                    hint=f"{did_you_mean(document, self.kb.documents)}use an id from documents.tsv",
                )
                continue
            if self.kb.sections.get(document):
                self.check_section(row, document)
            if not row.get("quote") or not row.get("reason"):
                self.report(row, "a reviewed sentence needs a quote and a reason", "required")
                continue
            self.kb.not_curated.append(
                NotCurated(
                    document, row.get("section"), row.get("quote"), row.get("reason"), self.ref(row)
                )
            )

    def check_names(self) -> None:
        for name, ids in sorted(NameIndex(self.kb).collisions().items()):
            first = self.kb.concept(ids[1])
            where = first.source if first and first.source else SourceRef("entities.tsv", 0)
            self.problems.append(
                Problem(
                    shown_file(self.kb, where),
                    where.line,
                    f"name '{name}' is used by {' and '.join(ids)}: names must be unique",
                    "duplicate-name",
                )
            )

    def load(self) -> LoadResult:
        if not self.root.is_dir():
            self.problems.append(
                Problem(
                    display_path(self.root), 0, "knowledge-base folder not found", "missing-file"
                )
            )
            return LoadResult(self.kb, self.problems)
        self.load_documents()
        self.load_sections()
        self.load_classes()
        self.load_contexts()
        self.load_entities()
        self.load_formulations()
        self.load_readouts()
        self.load_claims()
        self.load_not_curated()
        self.check_names()
        return LoadResult(self.kb, self.problems)


def check_kb(
    path: Path | str | None = None, *, overrides: Mapping[str, str] | None = None
) -> LoadResult:
    """Load a knowledge-base folder and return it with every problem found (never raises).

    ``overrides`` maps table names (``"claims.tsv"``) to texts read instead of the files:
    an edit is checked this way before it is written, with messages naming the real files.
    """
    root = Path(path) if path is not None else default_kb_dir()
    return _Loader(root, overrides).load()


def load_kb(path: Path | str | None = None) -> KnowledgeBase:
    """Load a knowledge-base folder (the shipped one by default).

    Raises :class:`ValidationError` listing every problem if the sources have errors.
    """
    result = check_kb(path)
    if not result.ok:
        raise ValidationError(result.problems)
    return result.kb


def read_documents(kb: KnowledgeBase, sources: Path | str) -> dict[str, DocumentText]:
    """The texts of the knowledge base's documents found in ``sources``, with sections."""
    folder = Path(sources)
    texts = {}
    for doc in kb.documents.values():
        path = folder / doc.file if doc.file else None
        if path and path.is_file():
            headings = [(s.name, s.anchor, s.end) for s in kb.sections.get(doc.id, [])]
            texts[doc.id] = DocumentText.from_raw(path.read_text(encoding="utf-8"), headings)
    return texts


def closest_passage_hint(text: DocumentText, quote: str, document: Document) -> str:
    """Point at the passage of the document closest to a quote that is not in it verbatim."""
    needle = normalise_text(quote)
    advice = "copy the quote verbatim from the text (typographic quotes, line breaks and hyphens "
    advice += "do not matter)"
    if not needle or not text.text:
        return advice
    matcher = difflib.SequenceMatcher(None, text.text, needle, autojunk=False)
    match = matcher.find_longest_match(0, len(text.text), 0, len(needle))
    if match.size < min(12, len(needle)):
        return f"{advice}; nothing close was found in {document.file or document.id}"
    start = max(0, match.a - match.b)
    if text.text[start] == " ":
        start += 1
    else:  # back to the start of the word
        while start > 0 and text.text[start - 1] != " " and match.a - start < len(needle) + 30:
            start -= 1
    end = min(len(text.text), start + len(needle))
    while end < len(text.text) and end < start + len(needle) + 30 and text.text[end] != " ":
        end += 1  # to the end of the word
    passage = text.excerpt(Span(start, end))
    return (
        f"{advice}; closest passage ({document.file or document.id}, line "
        f'{text.line_of(start)}): "{passage}"'
    )


def check_quotes(kb: KnowledgeBase, sources: Path | str) -> list[Problem]:
    """Check that every claim's and formulation's quote occurs in its document's text, and
    (where the document's sections are listed in sections.tsv) in the section it names.

    ``sources`` is a folder holding the documents' files (``documents.tsv`` names them).
    Documents without a file there (e.g. external articles) are reported once as INFO.
    """
    problems: list[Problem] = []
    texts = read_documents(kb, sources)
    for doc in kb.documents.values():
        if doc.id not in texts and doc.source:
            problems.append(
                Problem(
                    shown_file(kb, doc.source),
                    doc.source.line,
                    f"document '{doc.id}' has no text in {display_path(Path(sources))}: its quotes "
                    "are not checked",
                    "quote-source",
                    Level.INFO,
                )
            )
        elif doc.id in texts and doc.id in kb.sections:
            for name in texts[doc.id].unplaced:
                section = next(s for s in kb.sections[doc.id] if s.name == name)
                where = section.source or SourceRef("sections.tsv", 0)
                problems.append(
                    Problem(
                        shown_file(kb, where),
                        where.line,
                        f"heading of section '{name}' not found in the text",
                        "section-anchor",
                    )
                )
    records = [(c.id, c.evidence, c.source) for c in kb.claims] + [
        (f.id, f.evidence, f.source) for f in kb.formulations.values() if f.evidence
    ]
    records += [
        ("not_curated", Evidence(n.document, n.section, quote=n.quote), n.source)
        for n in kb.not_curated
    ]
    for record_id, evidence, source in records:
        text = texts.get(evidence.document)
        if text is None or not evidence.quote or source is None:
            continue
        found = text.find_all(evidence.quote)
        short = evidence.quote[:60] + ("..." if len(evidence.quote) > 60 else "")
        if not found:
            problems.append(
                Problem(
                    shown_file(kb, source),
                    source.line,
                    f'{record_id}: quote not found verbatim in {evidence.document}: "{short}"',
                    "quote",
                    hint=closest_passage_hint(
                        text, evidence.quote, kb.documents[evidence.document]
                    ),
                )
            )
            continue
        sections = {text.section_at(offset) for offset in found}
        if text.sections and evidence.section and evidence.section not in sections:
            problems.append(
                Problem(
                    shown_file(kb, source),
                    source.line,
                    f"{record_id}: quote is in section '{sorted(sections)[0]}', not in "
                    f"'{evidence.section}'",
                    "quote-section",
                    hint=f"set section to '{sorted(sections)[0]}' (copied from sections.tsv), "
                    "or quote the section you meant",
                )
            )
    return problems
