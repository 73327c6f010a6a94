"""Checking that quotes occur verbatim in their source documents.

The seed texts were extracted from PDFs: lines break anywhere and words are hyphenated at
line ends. Both the document and the quote are normalised the same way before matching:
end-of-line hyphenation is joined, typographic quotes become ASCII, remaining hyphens are
ignored and every run of white space becomes one space.

>>> normalise_text("immunother-\\n  apy is ‘good’")
"immunotherapy is 'good'"
>>> word_count("one two  three")
3
"""

from __future__ import annotations

import re

MAX_QUOTE_WORDS = 25

_TYPOGRAPHIC = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00ad": "", "\u00a0": " "}
)


def normalise_text(text: str) -> str:
    """The form in which quotes and documents are compared."""
    text = text.translate(_TYPOGRAPHIC)
    text = re.sub(r"-[ \t]*\n\s*", "", text)  # end-of-line hyphenation
    text = text.replace("-", "")
    return re.sub(r"\s+", " ", text).strip()


def word_count(text: str) -> int:
    return len(text.split())


def quote_in(quote: str, normalised_document: str) -> bool:
    """True if the quote occurs in a document already passed through :func:`normalise_text`."""
    return normalise_text(quote) in normalised_document
