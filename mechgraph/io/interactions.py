"""The one reader of "source interaction target" files: SIF (:mod:`~mechgraph.io.sif`),
tables with a header (:mod:`~mechgraph.io.table`) and the bare graph of a signed table
(:mod:`~mechgraph.io.signed_table`, through the table reader) all read their rows here.

An :class:`InteractionReader` owns what they share: the file opened once and read as
numbered lines (:func:`~mechgraph.io.base.lines_of`: UTF-8, every unreadable line a problem
of its line), a line split into cells (:func:`split_cells`: tabs, commas in a CSV, runs of
spaces in SIF), the interaction words and their signs (:func:`parse_sign`), the edges from a
row's source to its targets, and the problems, each with the file and line. Its
:meth:`~InteractionReader.build` gives the whole network or raises
:class:`~mechgraph.model.problems.ValidationError` listing every problem.

>>> import io
>>> reader = InteractionReader.of_text(io.StringIO("A\\tinhibits\\tB\\nB\\tmaybe\\tC\\n"), "t")
>>> for number, line in reader.lines:
...     source, word, target = split_cells(line, "tab")
...     reader.edges(number, source, [target], reader.signs(number, word), word)
>>> [e.key for e in reader.builder.edges]
[('A', 'B', '-')]
>>> [(p.line, p.message.split(" (")[0]) for p in reader.builder.problems]
[(2, "unknown interaction 'maybe'")]
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal

from mechgraph.io.base import (
    ImportedNetwork,
    NetworkBuilder,
    Progress,
    brief,
    lines_of,
    text_lines,
)
from mechgraph.model.vocab import Sign

_POSITIVE = {
    "1",
    "+1",
    "+",
    "->",
    "activation",
    "activates",
    "activate",
    "activator",
    "stimulation",
    "stimulates",
    "stimulator",
    "increases",
    "increase",
    "directlyincreases",
    "upregulates",
    "upregulation",
    "up",
    "positive",
    "promotes",
    "induces",
}
_NEGATIVE = {
    "-1",
    "-",
    "-|",
    "inhibition",
    "inhibits",
    "inhibit",
    "inhibitor",
    "decreases",
    "decrease",
    "directlydecreases",
    "downregulates",
    "downregulation",
    "down",
    "negative",
    "represses",
    "repression",
    "suppresses",
}
#: Interaction words that say nothing of a sign: such rows are skipped and counted.
_UNSIGNED = {
    "0",
    "?",
    "unknown",
    "form complex",
    "binding",
    "binds",
    "pp",
    "pd",
    "interacts",
    "interacts with",
    "interaction",
    "association",
    "undirected",
    "unsigned",
    "neutral",
}

UNSIGNED: Final = "unsigned"
#: What an unknown interaction word could have been (in its problem's message).
_KNOWN_WORDS = (
    "use 1 / -1, activates / inhibits, -> / -|, up-regulates / down-regulates; "
    "0, unknown, pp or binding for unsigned ones"
)

#: How a line is cut into cells: at tabs, as a CSV row, or SIF's way (tabs when the line
#: has one, else runs of spaces).
Separator = Literal["tab", "comma", "sif"]


@lru_cache(maxsize=4096)
def parse_sign(text: str) -> Sign | Literal["unsigned"] | None:
    """The sign an interaction word stands for: ``Sign.PLUS`` / ``Sign.MINUS``, the string
    ``"unsigned"`` for words that name an interaction without a sign (``0``, ``unknown``,
    ``form complex``, ``pp``...), or None for words it does not know.

    SIGNOR's ``up-regulates ...`` / ``down-regulates ...`` effects count by their first word.

    >>> parse_sign("up-regulates quantity by expression"), parse_sign("-1")
    (<Sign.PLUS: '+'>, <Sign.MINUS: '-'>)
    >>> parse_sign("form complex"), parse_sign("maybe")
    ('unsigned', None)
    """
    word = " ".join(text.strip().lower().split())
    if word in _POSITIVE:
        return Sign.PLUS
    if word in _NEGATIVE:
        return Sign.MINUS
    if word in _UNSIGNED:
        return UNSIGNED
    head = word.replace("-", "").replace("_", "").split(" ")[0]
    if head.startswith("upregulat"):
        return Sign.PLUS
    if head.startswith("downregulat"):
        return Sign.MINUS
    if head in _POSITIVE:
        return Sign.PLUS
    if head in _NEGATIVE:
        return Sign.MINUS
    return None


def split_cells(line: str, separator: Separator) -> list[str]:
    """The cells of ``line``: between tabs (``"tab"``), as a CSV row with quotes
    (``"comma"``; :class:`csv.Error` for a row that is not one), or SIF's way (``"sif"``:
    at tabs when the line has one, cells stripped, else at runs of spaces).

    >>> split_cells("A -1  B", "sif"), split_cells('"A, B",C', "comma")
    (['A', '-1', 'B'], ['A, B', 'C'])
    """
    if separator == "comma":
        return next(csv.reader([line]), [])
    if separator == "tab":
        return line.split("\t")
    return [c.strip() for c in line.split("\t")] if "\t" in line else line.split()


class InteractionReader:
    """One import of a "source interaction target" file: its numbered lines
    (:attr:`lines`), the network they build (:attr:`builder`) and the problems, each with
    the file and line. Open a file with :meth:`open`, or read lines of text with
    :meth:`of_text`."""

    def __init__(self, builder: NetworkBuilder, lines: Iterator[tuple[int, str]]) -> None:
        self.builder = builder
        self.lines = lines

    @classmethod
    def open(
        cls,
        path: Path | str,
        name: str,
        format: str,
        *,
        progress: Progress | None = None,
        strict: bool = False,
        self_loops: bool = False,
    ) -> InteractionReader:
        """A reader of the file ``path`` (see :class:`~mechgraph.io.base.NetworkBuilder`
        for ``strict`` and ``self_loops``), reporting ``progress`` as it reads."""
        path = Path(path)
        builder = NetworkBuilder(name, format, str(path), strict=strict, self_loops=self_loops)
        return cls(builder, lines_of(path, builder, progress))

    @classmethod
    def of_text(
        cls, lines: Iterable[str], name: str, format: str = "table", *, self_loops: bool = False
    ) -> InteractionReader:
        """A reader of lines already read as text; ``name`` stands for the file in
        problems."""
        builder = NetworkBuilder(name, format, name, self_loops=self_loops)
        return cls(builder, text_lines(lines, builder))

    @property
    def file(self) -> str:
        """The file as problems name it."""
        return self.builder.file

    def signs(self, number: int, word: str, targets: int = 1) -> tuple[Sign, ...]:
        """The sign the interaction ``word`` of line ``number`` stands for, or none when the
        line gives no edge: an unknown word is a problem of the line, an unsigned one
        (``0``, ``pp``, ``binding``...) is counted as skipped, once for each of its
        ``targets``."""
        sign = parse_sign(word)
        if sign is None:
            self.builder.problem(number, f"unknown interaction '{brief(word)}' ({_KNOWN_WORDS})")
            return ()
        if sign == UNSIGNED:
            self.builder.skip(UNSIGNED, targets)
            return ()
        return (sign,)

    def edges(
        self,
        number: int,
        source: str,
        targets: Sequence[str],
        signs: Sequence[Sign],
        relation: str,
        *,
        line: int | None = None,
        file: str | None = None,
    ) -> None:
        """The edges ``source`` -> each of ``targets`` with each of ``signs``, read on line
        ``number`` (their provenance: ``file`` and ``line`` when given, for a copy that
        keeps the original's)."""
        for target in targets:
            for sign in signs:
                self.builder.edge(
                    source, target, sign, number if line is None else line, relation, file
                )

    def problem(self, number: int, message: str) -> None:
        """A malformed line: the import will fail, naming the file and the line."""
        self.builder.problem(number, message)

    def build(self) -> ImportedNetwork:
        """The whole network, or ValidationError listing every problem."""
        return self.builder.build()
