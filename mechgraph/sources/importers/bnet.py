"""BoolNet / PyBoolNet ``.bnet`` logical models: one rule per line, ``target, function``.

The optional header is ``targets, factors`` (or ``targets, functions``; with a third column
``probabilities`` a target may have several rules). The target and the function are parted
by the first comma (or tab); ``#`` starts a comment. Functions use ``!`` (not), ``&`` (and),
``|`` (or), parentheses and the constants ``0`` / ``1``. Each variable a rule reads gives an
edge variable -> target: ``+`` if read positively, ``-`` if under a negation, both if both
(see :mod:`~mechgraph.sources.importers.logic`).

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.bnet"
>>> _ = path.write_text("targets, factors\\nIFNG, IFNG\\nPDL1, IFNG & !STAT3\\n")
>>> [e.key for e in read_bnet(path, "toy").edges]
[('IFNG', 'PDL1', '+'), ('STAT3', 'PDL1', '-')]
"""

from __future__ import annotations

import re
from pathlib import Path

from mechgraph.model.vocab import Sign
from mechgraph.sources.importers.base import ImportedNetwork, NetworkBuilder, Progress, lines_of
from mechgraph.sources.importers.logic import ExpressionError, influences

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
        cells = [c.strip().lower() for c in re.split(r"[,\t]", line)]
        if not seen_rule and cells[0] == "targets":
            if len(cells) < 2 or cells[1] not in ("factors", "functions"):
                builder.problem(number, "the header must be 'targets, factors'")
            probabilistic = len(cells) > 2 and cells[2] == "probabilities"
            seen_rule = True
            continue
        seen_rule = True
        split = re.search(r"[,\t]", line)
        if split is None:
            builder.problem(number, f"expected 'target, function', got {line!r}")
            continue
        target, function = line[: split.start()].strip(), line[split.end() :].strip()
        if probabilistic and "," in function:
            function = function.rsplit(",", 1)[0].strip()
        if not _NAME.match(target):
            builder.problem(
                number, f"target '{target}' is not a name (letters, digits, '_' and '.')"
            )
            continue
        if target in first_rule and not probabilistic:
            builder.problem(
                number, f"second rule for {target} (the first is on line {first_rule[target]})"
            )
            continue
        first_rule.setdefault(target, number)
        try:
            read = influences(function)
        except ExpressionError as exc:
            builder.problem(number, f"cannot read the function of {target}: {exc}")
            continue
        builder.node(target)
        for variable, signs in read.items():
            for sign in sorted(signs, reverse=True):
                builder.edge(
                    variable, target, Sign.PLUS if sign > 0 else Sign.MINUS, number, function
                )
    return builder.build()
