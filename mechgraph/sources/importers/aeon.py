"""AEON (``.aeon``) logical models: regulations and, optionally, update functions.

* ``A -> B`` activation, ``A -| B`` inhibition, ``A -? B`` regulation of unknown sign; a
  second ``?`` (``->?``, ``-|?``, ``-??``) marks it non-observable (the sign is the same);
* ``$B: A & !C`` the update function of ``B`` (``!``, ``&``, ``|``, ``^``, ``=>``, ``<=>``,
  parameters ``f(A, C)``, constants);
* ``#`` starts a comment or an annotation (``#name:...``, ``#position:...``), ignored.

``->`` and ``-|`` give the edge's sign. A ``-?`` regulation takes the sign with which the
target's function reads the regulator (both signs if non-monotone) and is skipped as
``unsigned`` when there is no function. A function that reads a variable with no regulation
into its target is an error, as in AEON.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.aeon"
>>> _ = path.write_text("IFNG -> PDL1\\nSTAT3 -? PDL1\\n$PDL1: IFNG & !STAT3\\n")
>>> [(e.key, e.relation) for e in read_aeon(path, "toy").edges]
[(('IFNG', 'PDL1', '+'), '->'), (('STAT3', 'PDL1', '-'), '-? (sign from $PDL1)')]
"""

from __future__ import annotations

import re
from pathlib import Path

from mechgraph.model.vocab import Sign
from mechgraph.sources.importers.base import ImportedNetwork, NetworkBuilder, Progress, lines_of
from mechgraph.sources.importers.logic import ExpressionError, influences

_REGULATION = re.compile(r"^([A-Za-z0-9_{}]+)\s*-([>|?])(\?)?\s*([A-Za-z0-9_{}]+)$")
_FUNCTION = re.compile(r"^\$\s*([A-Za-z0-9_{}]+)\s*:\s*(.+)$")


def read_aeon(
    path: Path | str, name: str, *, progress: Progress | None = None, **_: object
) -> ImportedNetwork:
    """Read an ``.aeon`` model; ValidationError lists every malformed line."""
    path = Path(path)
    builder = NetworkBuilder(name, "aeon", str(path))
    regulations: dict[tuple[str, str], tuple[str, int]] = {}  # (regulator, target) -> op, line
    functions: dict[str, tuple[str, int]] = {}
    for number, raw in lines_of(path, builder, progress):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        function = _FUNCTION.match(line)
        if function:
            target, text = function.groups()
            if target in functions:
                builder.problem(
                    number,
                    f"second function for {target} (the first is on line {functions[target][1]})",
                )
            else:
                functions[target] = (text, number)
            continue
        regulation = _REGULATION.match(line)
        if regulation is None:
            builder.problem(
                number,
                f"expected a regulation (A -> B, A -| B, A -? B) or a function ($B: ...), "
                f"got {line!r}",
            )
            continue
        regulator, kind, _hidden, target = regulation.groups()
        if (regulator, target) in regulations:
            builder.problem(
                number,
                f"second regulation {regulator} -> {target} (the first is on line "
                f"{regulations[regulator, target][1]})",
            )
            continue
        regulations[regulator, target] = ("-" + kind, number)

    variables = {v for pair in regulations for v in pair}
    read: dict[str, dict[str, set[int]]] = {}
    for target, (text, number) in functions.items():
        try:
            read[target] = influences(text, extended=True)
        except ExpressionError as exc:
            builder.problem(number, f"cannot read the function of {target}: {exc}")
            continue
        for variable in read[target]:
            if variable in variables and (variable, target) not in regulations:
                builder.problem(
                    number,
                    f"the function of {target} reads {variable}, but no regulation "
                    f"{variable} -> {target} is declared",
                )
    for (regulator, target), (operator, number) in regulations.items():
        if operator == "->":
            builder.edge(regulator, target, Sign.PLUS, number, operator)
        elif operator == "-|":
            builder.edge(regulator, target, Sign.MINUS, number, operator)
        else:
            signs = read.get(target, {}).get(regulator, set())
            if not signs:
                builder.node(regulator)
                builder.node(target)
                builder.skip("unsigned")
            for sign in sorted(signs, reverse=True):
                builder.edge(
                    regulator,
                    target,
                    Sign.PLUS if sign > 0 else Sign.MINUS,
                    number,
                    f"-? (sign from ${target})",
                )
    for target in functions:
        builder.node(target)
    return builder.build()
