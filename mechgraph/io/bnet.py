"""BoolNet / PyBoolNet ``.bnet`` logical models: one rule per line, ``target, function``.

The optional header is ``targets, factors`` (or ``targets, functions``; with a third column
``probabilities`` a target may have several rules). The target and the function are parted
by the first comma (or tab); ``#`` starts a comment. Functions use ``!`` (not), ``&`` (and),
``|`` (or), parentheses and the constants ``0`` / ``1``.

Each variable the function depends on gives an edge variable -> target, signed by the
function itself (see :mod:`~mechgraph.io.logic`): ``+`` if the function is
monotone non-decreasing in it, ``-`` if non-increasing, both only if it is genuinely
non-monotone. How the rule is written does not matter: ``AP1`` in
``!AP1 & NFAT & L | AP1 & L`` (that is ``(NFAT | AP1) & L``) is ``+`` only. A variable the
function names but does not depend on (``A`` in ``A & !A | B``) gives no edge: it is a node,
and the pair is counted as skipped (``no influence``). A function too large for an exact
check (see :data:`~mechgraph.io.logic.BDD_NODES`) is signed by its syntax,
with a warning naming the file and line (an error with ``--strict``).

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.bnet"
>>> rules = "IFNG, IFNG\\nPDL1, IFNG & !STAT3 | IFNG & STAT3 & !SOCS1\\nCXCL9, IFNG | A & !A\\n"
>>> _ = path.write_text("targets, factors\\n" + rules)
>>> network = read_bnet(path, "toy")  # PDL1 = IFNG & !(STAT3 & SOCS1), CXCL9 = IFNG
>>> [e.key for e in network.edges]
[('IFNG', 'PDL1', '+'), ('STAT3', 'PDL1', '-'), ('SOCS1', 'PDL1', '-'), ('IFNG', 'CXCL9', '+')]
>>> network.skipped
{'self-loop': 1, 'no influence': 1}
"""

from __future__ import annotations

import re
from pathlib import Path

from mechgraph.io.base import ImportedNetwork, NetworkBuilder, Progress, lines_of
from mechgraph.io.logic import ExpressionError, Reading, function_signs, inexact_warning
from mechgraph.model.vocab import Sign

_NAME = re.compile(r"^[A-Za-z0-9_.]+$")


def read_bnet(
    path: Path | str, name: str, *, progress: Progress | None = None, **_: object
) -> ImportedNetwork:
    """Read a ``.bnet`` model; ValidationError lists every malformed line."""
    path = Path(path)
    builder = NetworkBuilder(name, "bnet", str(path))
    probabilistic = False
    first_rule: dict[str, int] = {}
    seen_rule = False
    for number, raw in lines_of(path, builder, progress):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if not seen_rule:
            seen_rule = True
            cells = [c.strip().lower() for c in re.split(r"[,\t]", line)]
            if cells[0] == "targets":
                probabilistic = _header(builder, number, cells)
                continue
        rule = _rule(builder, number, line, probabilistic, first_rule)
        if rule is not None:
            _rule_edges(builder, number, *rule)
    return builder.build()


def _header(builder: NetworkBuilder, number: int, cells: list[str]) -> bool:
    """Check the header ``targets, factors`` (``functions``); whether a third column
    ``probabilities`` lets a target have several rules."""
    if len(cells) < 2 or cells[1] not in ("factors", "functions"):
        builder.problem(number, "the header must be 'targets, factors'")
    return len(cells) > 2 and cells[2] == "probabilities"


def _rule(
    builder: NetworkBuilder,
    number: int,
    line: str,
    probabilistic: bool,
    first_rule: dict[str, int],
) -> tuple[str, str, Reading] | None:
    """The target, function and reading of a rule line (``first_rule``: the line of each
    target's first rule); None, with a problem, for a line that is not one."""
    split = re.search(r"[,\t]", line)
    if split is None:
        builder.problem(number, f"expected 'target, function', got {line!r}")
        return None
    target, function = line[: split.start()].strip(), line[split.end() :].strip()
    if probabilistic and "," in function:
        function = function.rsplit(",", 1)[0].strip()
    if not _NAME.match(target):
        builder.problem(number, f"target '{target}' is not a name (letters, digits, '_' and '.')")
        return None
    if target in first_rule and not probabilistic:
        builder.problem(
            number, f"second rule for {target} (the first is on line {first_rule[target]})"
        )
        return None
    first_rule.setdefault(target, number)
    try:
        return target, function, function_signs(function)
    except ExpressionError as exc:
        builder.problem(number, f"cannot read the function of {target}: {exc}")
        return None


def _rule_edges(
    builder: NetworkBuilder, number: int, target: str, function: str, reading: Reading
) -> None:
    """The edges of a rule: each variable its function depends on -> the target, with the
    signs it depends on it by (a variable it names but does not depend on: a node, and the
    pair counted as skipped)."""
    builder.node(target)
    if not reading.exact:
        builder.warning(number, inexact_warning(target, reading))
    for variable, signs in reading.signs.items():
        if not signs:  # named, but the function does not depend on it
            builder.node(variable)
            builder.skip("no influence")
        for sign in sorted(signs, reverse=True):
            builder.edge(variable, target, Sign.PLUS if sign > 0 else Sign.MINUS, number, function)
