"""Source texts: normalisation, sections, sentences, and where quotes occur.

The seed texts were extracted from PDFs: lines break anywhere and words are hyphenated at
line ends. Documents and quotes are normalised the same way before matching: end-of-line
hyphenation is joined, typographic quotes become ASCII, remaining hyphens are ignored and
every run of white space becomes one space.

>>> normalise_text("immunother-\\n  apy is ‘good’")
"immunotherapy is 'good'"
>>> word_count("one two  three")
3
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

MAX_QUOTE_WORDS = 25
#: A quote of 25 words is a few hundred characters; longer ones are refused (and never
#: compared with the texts, which would take long).
MAX_QUOTE_CHARS = 500

_TYPOGRAPHIC = {
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "–": "",
    "—": "",
    "\u00ad": "",
    "\u00a0": " ",
    "-": "",
}
_EOL_HYPHEN = re.compile(r"-[ \t]*\n\s*")


def normalise_with_map(raw: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index in ``raw``."""
    out: list[str] = []
    where: list[int] = []
    i, n = 0, len(raw)
    while i < n:
        char = raw[i]
        if char == "-":
            joined = _EOL_HYPHEN.match(raw, i)
            i = joined.end() if joined else i + 1
            continue
        if char.isspace():
            start = i
            while i < n and raw[i].isspace():
                i += 1
            if out and out[-1] != " ":
                out.append(" ")
                where.append(start)
            continue
        mapped = _TYPOGRAPHIC.get(char, char)
        if mapped == " ":
            if out and out[-1] != " ":
                out.append(" ")
                where.append(i)
        elif mapped:
            out.append(mapped)
            where.append(i)
        i += 1
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def normalise_text(text: str) -> str:
    """The form in which quotes and documents are compared."""
    return normalise_with_map(text)[0]


def word_count(text: str) -> int:
    return len(text.split())


def readable(raw: str) -> str:
    """Raw extracted text made readable: hyphenation joined, white space folded."""
    return re.sub(r"\s+", " ", _EOL_HYPHEN.sub("", raw)).strip()


_ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "Fig.",
    "Figs.",
    "et al.",
    "vs.",
    "VS.",
    "Ref.",
    "ref.",
    "approx.",
    "No.",
    "cf.",
)
_SENTENCE_END = re.compile(r"[.!?](?:[\"')\]]*)\s+(?=[A-Z(\[\"'0-9])")


@dataclass(frozen=True)
class Span:
    """A sentence or section: [start, end) offsets in the normalised text."""

    start: int
    end: int
    section: str = ""
    body: int = -1  # for a section: where its text starts, after the heading


@dataclass
class DocumentText:
    """A source document, normalised, with its sections located and its sentences split."""

    raw: str
    text: str
    where: list[int]
    sections: list[Span] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)

    @classmethod
    def from_raw(cls, raw: str, headings: Sequence[tuple[str, str, str]] = ()) -> DocumentText:
        """``headings``: (section name, start anchor, end anchor or '') in document order.

        A heading with an end anchor is an insert (e.g. a figure legend inside a section):
        the text after its end belongs to the section before it again.
        """
        text, where = normalise_with_map(raw)
        doc = cls(raw, text, where)
        starts: list[tuple[int, int, str, int]] = []  # (start, end or -1, name, body)
        cursor = 0
        for name, anchor, end in headings:
            position = text.find(normalise_text(anchor), cursor)
            if position < 0:
                doc.unplaced.append(name)
                continue
            stop = -1
            if end:
                found = text.find(normalise_text(end), position)
                stop = found + len(normalise_text(end)) if found >= 0 else -1
            starts.append((position, stop, name, position + len(normalise_text(anchor))))
            cursor = position + 1
        regular = [(s, n, b) for s, e, n, b in starts if e < 0]
        for index, (start, name, body) in enumerate(regular):
            until = regular[index + 1][0] if index + 1 < len(regular) else len(text)
            doc.sections.append(Span(start, until, name, body))
        for start, stop, name, body in starts:
            if stop < 0:
                continue
            pieces = []
            for span in doc.sections:
                if span.start <= start < span.end:  # cut the insert out of its host section
                    pieces += [
                        Span(span.start, start, span.section, span.body),
                        Span(stop, span.end, span.section, stop),
                    ]
                else:
                    pieces.append(span)
            doc.sections = [p for p in pieces if p.end > p.start]
            doc.sections.append(Span(start, stop, name, body))
        doc.sections.sort(key=lambda s: s.start)
        if doc.sections and doc.sections[0].start > 0:
            doc.sections.insert(0, Span(0, doc.sections[0].start, "(before the first section)"))
        return doc

    def section_at(self, offset: int) -> str:
        for span in self.sections:
            if span.start <= offset < span.end:
                return span.section
        return ""

    def find_all(self, quote: str) -> list[int]:
        needle = normalise_text(quote)
        found, start = [], self.text.find(needle)
        while needle and start >= 0:
            found.append(start)
            start = self.text.find(needle, start + 1)
        return found

    def sentences(self) -> list[Span]:
        """Sentence spans, each tagged with its section."""
        spans: list[Span] = []
        for section in self.sections:
            start = max(section.start, section.body)
            while start < section.end and self.text[start] == " ":
                start += 1
            offset = start
            for match in _SENTENCE_END.finditer(self.text[offset : section.end]):
                cut = offset + match.start() + 1
                before = self.text[max(offset, cut - 8) : cut]
                if any(before.endswith(a) for a in _ABBREVIATIONS):
                    continue
                spans.append(Span(start, cut, section.section))
                start = offset + match.end()
            if start < section.end:
                spans.append(Span(start, section.end, section.section))
        return [s for s in spans if self.text[s.start : s.end].strip()]

    def line_of(self, offset: int) -> int:
        return self.raw.count("\n", 0, self.where[offset]) + 1 if self.where else 1

    def excerpt(self, span: Span) -> str:
        """The readable original text of a span."""
        end = self.where[span.end - 1] + 1 if span.end > span.start else self.where[span.start]
        return readable(self.raw[self.where[span.start] : end])
