"""Reading the curated TSV tables, keeping line numbers for error messages.

Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` (:func:`split_lines`), as an editor or a
spreadsheet shows them; a UTF-8 byte-order mark at the start, as some spreadsheets write, is
ignored. Other characters that :meth:`str.splitlines` would also take for line ends
(U+2028, U+2029, U+0085, form feed...) stay inside their cell and are reported there, with
every other control character, as one problem of that line; so is a line that is not UTF-8
(the other lines are still read). For files without such characters the numbers are those
of :meth:`str.splitlines`, which the formatter and the editing commands use.

A path that is not a regular file (a directory, a FIFO, a dangling or looping symbolic link
named ``*.tsv``) is reported by :func:`path_problem`, never opened.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mechgraph.kb.locate import display_path
from mechgraph.model.problems import Level, Problem, ProblemLog

BOM = "\ufeff"
_LINE_END = re.compile(r"\r\n|\r|\n")
#: Characters no cell may hold: control characters but tab, line and paragraph separators,
#: byte-order marks inside the text, and (as surrogates) bytes that are not UTF-8.
_FORBIDDEN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\udc80-\udcff]")
_NAMES = {
    "\x00": "NUL",
    "\x0b": "VERTICAL TABULATION, a line break",
    "\x0c": "FORM FEED, a line break",
    "\x1c": "FILE SEPARATOR, a line break",
    "\x1d": "GROUP SEPARATOR, a line break",
    "\x1e": "RECORD SEPARATOR, a line break",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE, a line break",
    "\u2028": "LINE SEPARATOR, a line break",
    "\u2029": "PARAGRAPH SEPARATOR, a line break",
    "\ufeff": "BYTE ORDER MARK, invisible",
}
_WIDE_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
UTF8_HINT = (
    "save the file again as UTF-8 text ('Text CSV' with tab separators and character set "
    "UTF-8 in a spreadsheet)"
)


@dataclass(frozen=True)
class Row:
    """One data row: its cells by column name and its 1-based line number in the file."""

    file: str
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def list(self, column: str) -> tuple[str, ...]:
        """A ``|``-separated cell as a tuple of non-empty, stripped items, each once (in
        their first order: ``a|b|a`` is ``('a', 'b')``)."""
        items = (item.strip() for item in self.get(column).split("|"))
        return tuple(dict.fromkeys(item for item in items if item))


def is_skipped(line: str) -> bool:
    """Blank lines and comment lines (starting with ``#``) hold no data."""
    return not line.strip() or line.startswith("#")


def header_index(lines: list[str]) -> int | None:
    """The index of the header line: the first line that is neither blank nor a comment."""
    return next((i for i, line in enumerate(lines) if not is_skipped(line)), None)


def split_lines(text: str) -> list[str]:
    """The lines of a table's text, ending at ``\\n``, ``\\r\\n`` or ``\\r`` only.

    >>> split_lines("a\\tb\\r\\nc\\u2028d\\re\\n")
    ['a\\tb', 'c\\u2028d', 'e']
    """
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def split_lines_keepends(text: str) -> list[str]:
    r""":func:`split_lines`, each line with its own line end (so ``"".join`` gives ``text``).

    >>> split_lines_keepends("a\tb\r\nc\u2028d\re")
    ['a\tb\r\n', 'c\u2028d\r', 'e']
    """
    return _WITH_END.findall(text)


_WITH_END = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def shown_path(path: Path) -> str:
    """A path for messages, like :func:`display_path` but without resolving the file itself
    (a symbolic link is named as it is, and a looping one does not fail)."""
    return str(Path(display_path(path.parent)) / path.name)


def path_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a table (None when it is a regular file or, following
    symbolic links, one; also None when nothing is there)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISLNK(mode):
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            return f"is a symbolic link to a file that does not exist ({os.readlink(path)})"
        except OSError as exc:
            return f"is a symbolic link that cannot be followed ({exc.strerror or exc})"
    if stat.S_ISDIR(mode):
        return "is a folder, not a table file"
    if not stat.S_ISREG(mode):
        return "is not a regular file (a FIFO, socket or device)"
    return None


def read_text(path: Path) -> str:
    """A table's text (UTF-8, byte-order mark removed); UnicodeDecodeError if not UTF-8."""
    return path.read_text(encoding="utf-8").removeprefix(BOM)


def _decode(data: bytes, display: str, problems: list[Problem]) -> str | None:
    """The text of a table's bytes; bytes that are not UTF-8 are kept as surrogates (each
    line holding some is reported when it is read). None for UTF-16/32 text (reported)."""
    for bom, name in _WIDE_BOMS.items():
        if data.startswith(bom):
            problems.append(
                Problem(display, 1, f"the file is {name} text, not UTF-8", hint=UTF8_HINT)
            )
            return None
    return data.decode("utf-8", "surrogateescape").removeprefix(BOM)


def _char_problem(line: str, header: list[str]) -> tuple[str, str] | None:
    """The first forbidden character of a line, as (message, hint), or None."""
    found = _FORBIDDEN.search(line)
    if found is None:
        return None
    char = found.group()
    before = line[: found.start()]
    cell = before.count("\t")
    where = f"column '{header[cell]}'" if cell < len(header) and header[cell] else "the line"
    if not header:
        where = "the comment" if line.startswith("#") else "the line"
    where += f", character {len(before) - (before.rfind(chr(9)) + 1) + 1}"
    if "\udc80" <= char <= "\udcff":
        byte = ord(char) - 0xDC00
        return f"not UTF-8 text: byte 0x{byte:02X} in {where}", UTF8_HINT
    name = _NAMES.get(char, "a control character")
    message = f"{where} holds U+{ord(char):04X} ({name})"
    if "line break" in name:
        message = f"{where} contains a line break (U+{ord(char):04X} {name.split(',')[0]})"
    hint = (
        "delete the character (a cell is one line; replace a line break by a space or '|'); "
        "spreadsheets and editors often do not show it"
    )
    return message, hint


def read_table(
    path: Path,
    required: tuple[str, ...],
    display: str,
    problems: list[Problem],
    *,
    known: tuple[str, ...] | None = None,
    text: str | None = None,
) -> Iterator[Row]:
    """Yield the rows of a tab-separated table with a header line.

    Blank lines and lines starting with ``#`` are skipped. A missing required column,
    a column named twice, a row with more cells than the header, a line with a control
    character or a line break inside a cell or bytes that are not UTF-8, and a path that is
    not a readable file are reported in ``problems`` (a row with more cells is skipped; a
    row with a bad character is reported once and still read) rather than raised. With
    ``known`` (the table's columns), a column outside it is reported as a warning and its
    cells are not kept. ``text`` replaces the file's content (to check an edit before
    writing it).
    """
    text = _table_text(path, display, problems, text)
    if text is None:
        return
    lines = split_lines(text)
    header_at = header_index(lines)
    if header_at is None:
        problems.append(Problem(display, 1, "empty file: expected a header row"))
        return
    header = [name.strip() for name in lines[header_at].split("\t")]
    if not _header_fits(lines, header_at, header, required, known, display, problems):
        return
    kept = [i for i, name in enumerate(header) if known is None or name in known]
    names = [header[i] for i in kept]
    for index in range(header_at + 1, len(lines)):
        line = lines[index]
        bad = _char_problem(line, header if not line.startswith("#") else [])
        if bad is not None:
            problems.append(Problem(display, index + 1, bad[0], hint=bad[1]))
        if is_skipped(line):
            continue
        values = line.split("\t")
        if len(values) > len(header):
            problems.append(
                Problem(
                    display,
                    index + 1,
                    f"{len(values)} cells but the header has {len(header)} columns "
                    "(a tab inside a cell?)",
                    hint="remove the extra tab(s) so that each cell sits under its column",
                )
            )
            continue
        values += [""] * (len(header) - len(values))
        yield Row(
            display, index + 1, {name: values[i] for name, i in zip(names, kept, strict=True)}
        )


def _table_text(path: Path, display: str, problems: list[Problem], text: str | None) -> str | None:
    """The table's text: ``text`` when given, else the file's (None when the path is not a
    readable file or the text is not UTF-8: reported)."""
    if text is not None:
        return text.removeprefix(BOM)
    trouble = path_problem(path)
    if trouble is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            trouble = f"cannot be read ({exc.strerror or exc})"
    if trouble is not None:
        problems.append(
            Problem(
                display,
                0,
                f"{path.name} {trouble}",
                "missing-file",
                hint="replace it by the table's file (a folder, FIFO or broken link named "
                "*.tsv cannot be read), or delete it",
            )
        )
        return None
    return _decode(data, display, problems)


def _header_fits(
    lines: list[str],
    header_at: int,
    header: list[str],
    required: tuple[str, ...],
    known: tuple[str, ...] | None,
    display: str,
    problems: list[Problem],
) -> bool:
    """Report the bad characters of the lines up to the header, and the header's problems;
    False when the rows cannot be read (a required column missing, a column named twice)."""
    for index in range(header_at + 1):  # comments above the header, and the header
        bad = _char_problem(lines[index], header if index == header_at else [])
        if bad is not None:
            problems.append(Problem(display, index + 1, bad[0], hint=bad[1]))
    missing = [name for name in required if name not in header]
    if missing:
        problems.append(
            Problem(
                display,
                header_at + 1,
                f"missing column(s): {', '.join(missing)}",
                hint="the first line that is not a comment must name the columns, separated "
                f"by tabs: {' '.join(known or required)}",
            )
        )
        return False
    doubled = sorted(name for name, count in Counter(header).items() if name and count > 1)
    if doubled:
        problems.append(
            Problem(
                display,
                header_at + 1,
                f"column(s) named twice: {', '.join(doubled)}",
                hint="delete or rename the second column of that name",
            )
        )
        return False
    if known is not None:
        _unknown_columns(header, known, display, header_at + 1, problems)
    return True


def _unknown_columns(
    header: list[str], known: tuple[str, ...], display: str, line: int, problems: list[Problem]
) -> None:
    """A warning for each column of the header (at ``line``) outside ``known``."""
    for name in header:
        if name in known:
            continue
        if isinstance(problems, ProblemLog) and not problems.wants(
            display, "unknown-column", Level.WARN
        ):
            problems.skip(display, line, "unknown-column", Level.WARN)
            continue
        close = difflib.get_close_matches(name, known, n=1)
        guess = f"did you mean '{close[0]}'? " if close else ""
        problems.append(
            Problem(
                display,
                line,
                f"unknown column '{name}' (ignored)" if name else "column without a name",
                "unknown-column",
                Level.WARN,
                f"{guess}the columns are: {', '.join(known)}",
            )
        )
