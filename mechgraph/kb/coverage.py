"""Curation coverage: which sentences of each source state a causal relation or a
comparison, and which of them no claim cites yet (the curator's to-do list).

A sentence counts as causal when it contains a causal verb (increase, decrease, induce,
inhibit, deplete, enhance, reduce, trigger, promote, block, ...). It counts as covered when
the quote of at least one claim (or formulation) from that document overlaps it.

A sentence counts as comparative when it compares (``than``, ``compared``, ``versus``,
``alone``, ``free drug``, ``whereas``, ``in combination with``, ``synergi...``: see
:data:`COMPARATIVE`). It counts as covered only by a claim in comparator form (a comparator
or a background: the difference of two arms), since a comparison stored as an absolute
effect is the error the reviewers find most. A sentence reviewed in ``not_curated.tsv`` (a
comparison of tissues or of regimens, not of arms) is left out of both to-do lists.

>>> bool(COMPARATIVE.search("less toxic than the free drug")), comparative_terms("a alone")
(True, ('alone',))
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mechgraph.kb.loader import read_documents
from mechgraph.kb.quotes import DocumentText, Span
from mechgraph.model.kb import KnowledgeBase

CAUSAL_STEMS = (
    "increas",
    "decreas",
    "induc",
    "inhibit",
    "deplet",
    "enhanc",
    "reduc",
    "trigger",
    "promot",
    "block",
    "boost",
    "improv",
    "impair",
    "activat",
    "suppress",
    "stimulat",
    "potentiat",
    "elicit",
    "lead to",
    "leads to",
    "led to",
    "leading to",
    "result in",
    "resulted in",
    "upregulat",
    "downregulat",
    "abrogat",
    "prevent",
    "hamper",
    "prohibit",
    "modulat",
    "diminish",
    "elevat",
    "attract",
    "disrupt",
    "lower",
    "spare",
    "sparing",
    "mitigat",
    "facilitat",
    "eas",
    "kill",
    "repolari",
    "restor",
    "synergiz",
    "synergis",
    "overcom",
    "expos",
    "affect",
    "deleterious",
    "protect",
    "raise",
    "limit",
    "cutting",
    "impact",
)
_CAUSAL = re.compile(r"\b(" + "|".join(re.escape(s) for s in CAUSAL_STEMS) + r")", re.I)

#: What makes a sentence comparative (a comparison of arms to curate in comparator form).
COMPARATIVE = re.compile(
    r"\bthan\b|\bcompared\b|\bcomparison\b|\bversus\b|\bvs\b|relative to|superior|inferior"
    r"|as opposed|in contrast|\balone\b|\bfree (?:drug|doxorubicin|paclitaxel|\w+)\b|-fold"
    r"|\bfold\b|\bwhereas\b|more potent|outperform|\bstronger\b|\bgreater\b|\bdeeper\b"
    r"|monotherap|in combination with|combined (?:with|to)\b|synergi|potentiate checkpoint"
    r"|(?:boost|improv|increas)\w* the efficacy of",
    re.I,
)


@dataclass(frozen=True)
class Sentence:
    """A causal sentence of a document, where it is, and whether a claim cites it."""

    document: str
    section: str
    line: int
    text: str
    verbs: tuple[str, ...]
    covered: bool
    reviewed: str = ""  # the reason a curator gave for leaving it without a claim
    kind: str = "causal"  # or "comparative": no claim in comparator form cites it


@dataclass
class SectionCoverage:
    document: str
    section: str
    claims: int = 0
    sentences: int = 0
    causal: int = 0
    covered: int = 0
    reviewed: int = 0
    comparative: int = 0  # comparative sentences
    compared: int = 0  # of them, cited by a claim in comparator form
    comparative_reviewed: int = 0  # of the rest, reviewed in not_curated.tsv


@dataclass
class CoverageReport:
    """Per document and section: claims curated, causal sentences, and those left."""

    sections: list[SectionCoverage] = field(default_factory=list)
    uncovered: list[Sentence] = field(default_factory=list)
    #: comparative sentences no claim in comparator form cites
    uncompared: list[Sentence] = field(default_factory=list)
    missing_documents: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)

    def to_dict(self, show_reviewed: bool = False) -> dict[str, Any]:
        """The report as ``coverage --json`` prints it: sentences reviewed in
        not_curated.tsv only with ``show_reviewed``."""
        return {
            "sections": [asdict(s) for s in self.sections],
            "uncovered": [asdict(s) for s in self.uncovered if show_reviewed or not s.reviewed],
            "uncompared": [asdict(s) for s in self.uncompared if show_reviewed or not s.reviewed],
            "missing_documents": self.missing_documents,
        }


def causal_verbs(sentence: str) -> tuple[str, ...]:
    """The causal verb stems a sentence contains (empty: not a causal sentence)."""
    return tuple(dict.fromkeys(m.group(1).lower() for m in _CAUSAL.finditer(sentence)))


def comparative_terms(sentence: str) -> tuple[str, ...]:
    """The comparison words a sentence contains (empty: not a comparative sentence)."""
    return tuple(dict.fromkeys(m.group(0).lower() for m in COMPARATIVE.finditer(sentence)))


def _overlaps(spans: list[Span], start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in spans)


def coverage(kb: KnowledgeBase, sources: Path | str) -> CoverageReport:
    """Compare the knowledge base with the source texts found in ``sources``."""
    report = CoverageReport()
    texts = read_documents(kb, sources)
    for doc in kb.documents.values():
        if doc.file and doc.id not in texts:
            report.missing_documents.append(doc.id)
    for doc_id, text in texts.items():
        report.files[doc_id] = str(Path(sources) / kb.documents[doc_id].file)
        report.sections.extend(_cover_document(kb, doc_id, text, report))
    return report


@dataclass(frozen=True)
class _Citations:
    """Where a document's text is quoted: by a claim, formulation or strategy (``quoted``),
    by a claim in comparator form (``compared``), by a reviewed sentence (``reviewed``, with
    the curator's reason)."""

    quoted: list[Span]
    compared: list[Span]
    reviewed: list[tuple[Span, str]]

    def reason(self, sentence: Span) -> str:
        """Why a curator left the sentence without a claim ("" when no one said)."""
        return next(
            (
                why
                for span, why in self.reviewed
                if span.start < sentence.end and sentence.start < span.end
            ),
            "",
        )


def _spans(text: DocumentText, quote: str) -> list[Span]:
    """Where ``quote`` occurs in the text."""
    return [Span(start, start + len(quote)) for start in text.find_all(quote)]


def _citations(kb: KnowledgeBase, doc_id: str, text: DocumentText) -> _Citations:
    """Where the records of the knowledge base quote the document ``doc_id``."""
    quotes = [c.evidence for c in kb.claims if c.evidence.document == doc_id]
    quotes += [
        f.evidence for f in kb.formulations.values() if f.evidence and f.evidence.document == doc_id
    ]
    quotes += [a.evidence for a in kb.strategies if a.evidence and a.evidence.document == doc_id]
    return _Citations(
        [span for evidence in quotes for span in _spans(text, evidence.quote)],
        [
            span
            for c in kb.claims
            if c.evidence.document == doc_id and c.comparative
            for span in _spans(text, c.evidence.quote)
        ],
        [
            (span, item.reason)
            for item in kb.not_curated
            if item.document == doc_id
            for span in _spans(text, item.quote)
        ],
    )


def _section_rows(kb: KnowledgeBase, doc_id: str, text: DocumentText) -> dict[str, SectionCoverage]:
    """A row per section of the document, with the number of claims that cite it."""
    rows: dict[str, SectionCoverage] = {}
    for span in text.sections:
        rows.setdefault(span.section, SectionCoverage(doc_id, span.section))
    for claim in kb.claims:
        if claim.evidence.document == doc_id and claim.evidence.section in rows:
            rows[claim.evidence.section].claims += 1
    return rows


def _cover_document(
    kb: KnowledgeBase, doc_id: str, text: DocumentText, report: CoverageReport
) -> list[SectionCoverage]:
    """Count the causal and comparative sentences of one document per section, and add
    those no claim cites (in comparator form, for comparisons) to the report's to-do lists."""
    cited = _citations(kb, doc_id, text)
    rows = _section_rows(kb, doc_id, text)
    for sentence in text.sentences():
        row = rows[sentence.section]
        row.sentences += 1
        excerpt = text.excerpt(sentence)
        reason = cited.reason(sentence)
        terms = comparative_terms(excerpt)
        if terms:
            row.comparative += 1
            if _overlaps(cited.compared, sentence.start, sentence.end):
                row.compared += 1
            else:
                row.comparative_reviewed += bool(reason)
                report.uncompared.append(
                    _uncited(doc_id, text, sentence, excerpt, terms, reason, "comparative")
                )
        verbs = causal_verbs(excerpt)
        if not verbs:
            continue
        row.causal += 1
        covered = _overlaps(cited.quoted, sentence.start, sentence.end)
        row.covered += covered
        if not covered:
            row.reviewed += bool(reason)
            report.uncovered.append(_uncited(doc_id, text, sentence, excerpt, verbs, reason))
    return list(rows.values())


def _uncited(
    doc_id: str,
    text: DocumentText,
    sentence: Span,
    excerpt: str,
    words: tuple[str, ...],
    reason: str,
    kind: str = "causal",
) -> Sentence:
    """A sentence of the to-do list (``words``: its causal verbs or comparison words)."""
    return Sentence(
        doc_id, sentence.section, text.line_of(sentence.start), excerpt, words, False, reason, kind
    )
