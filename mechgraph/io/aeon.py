"""AEON (``.aeon``) logical models: regulations and, optionally, update functions.

* ``A -> B`` activation, ``A -| B`` inhibition, ``A -? B`` regulation of unknown sign; a
  second ``?`` (``->?``, ``-|?``, ``-??``) marks it non-observable (the sign is the same);
* ``$B: A & !C`` the update function of ``B`` (``!``, ``&``, ``|``, ``^``, ``=>``, ``<=>``,
  parameters ``f(A, C)``, constants);
* ``#`` starts a comment or an annotation (``#name:...``, ``#position:...``), ignored.

Signs (the function decides; the declaration stands in when there is none):

* when the target has an update function, the function signs each declared regulation as
  the BoolNet importer does (see :mod:`~mechgraph.io.logic`): ``+`` if it
  is monotone non-decreasing in the regulator, ``-`` if non-increasing, both only if
  genuinely non-monotone, whatever the declared ``->`` / ``-|`` / ``-?`` says. A regulation
  the function does not depend on gives no edge (counted as skipped, ``no influence``). The
  relation is the declared operator when the function agrees with it, else
  ``-? (sign from $B)`` (or ``-> (sign from $B)``...). So the ``.aeon`` and the ``.bnet`` of
  one model give the same signed edges;
* a regulator read inside a parameter ``f(...)`` of the function has a sign the formula
  cannot decide: ``->`` and ``-|`` keep their declared sign (AEON restricts the parameter to
  it), ``-?`` gives both;
* a target with no function keeps the declared signs: ``->`` ``+``, ``-|`` ``-``, and ``-?``
  is skipped as ``unsigned``.

Observability (a second ``?``) does not change the sign. A function that names a variable
with no regulation into its target is an error, as in AEON. A function too large for an
exact check is signed by its syntax, with a
warning naming the file and line (an error with ``--strict``).

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "toy.aeon"
>>> _ = path.write_text("IFNG -> PDL1\\nSTAT3 -? PDL1\\n$PDL1: IFNG & !STAT3\\n")
>>> [(e.key, e.relation) for e in read_aeon(path, "toy").edges]
[(('IFNG', 'PDL1', '+'), '->'), (('STAT3', 'PDL1', '-'), '-? (sign from $PDL1)')]
>>> _ = path.write_text("AP1 -| PD1\\nL -> PD1\\n$PD1: !AP1 & L | AP1 & L\\n")
>>> network = read_aeon(path, "toy")  # PD1 = L: AP1 does not matter
>>> [(e.key, e.relation) for e in network.edges], network.skipped
([(('L', 'PD1', '+'), '->')], {'no influence': 1})
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from mechgraph.io.base import ImportedNetwork, NetworkBuilder, Progress, lines_of
from mechgraph.io.logic import ExpressionError, Reading, function_signs, inexact_warning
from mechgraph.model.vocab import Sign

_REGULATION = re.compile(r"^([A-Za-z0-9_{}]+)\s*-([>|?])(\?)?\s*([A-Za-z0-9_{}]+)$")
_FUNCTION = re.compile(r"^\$\s*([A-Za-z0-9_{}]+)\s*:\s*(.+)$")
_DECLARED: dict[str, set[int]] = {"->": {1}, "-|": {-1}, "-?": set()}

#: (regulator, target) -> (operator ``->`` / ``-|`` / ``-?``, line).
_Regulations = dict[tuple[str, str], tuple[str, int]]
#: target -> (its update function, line).
_Functions = dict[str, tuple[str, int]]


def read_aeon(
    path: Path | str, name: str, *, progress: Progress | None = None, **_: object
) -> ImportedNetwork:
    """Read an ``.aeon`` model; ValidationError lists every malformed line."""
    path = Path(path)
    builder = NetworkBuilder(name, "aeon", str(path))
    regulations, functions = _declarations(lines_of(path, builder, progress), builder)
    readings = _readings(builder, regulations, functions)
    for (regulator, target), (operator, number) in regulations.items():
        _regulation(builder, regulator, target, operator, number, readings.get(target))
    for target in functions:
        builder.node(target)
    return builder.build()


def _declarations(
    lines: Iterable[tuple[int, str]], builder: NetworkBuilder
) -> tuple[_Regulations, _Functions]:
    """The regulations and update functions the lines declare (comments and annotations
    left out); a line that is neither, or declares one a second time, is a problem."""
    regulations: _Regulations = {}
    functions: _Functions = {}
    for number, raw in lines:
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
    return regulations, functions


def _readings(
    builder: NetworkBuilder, regulations: _Regulations, functions: _Functions
) -> dict[str, Reading]:
    """The reading of each target's function (its signs); a function that cannot be read,
    or reads a variable without a regulation into its target, is a problem; one too large
    for an exact check a warning."""
    variables = {v for pair in regulations for v in pair}
    readings: dict[str, Reading] = {}
    for target, (text, number) in functions.items():
        try:
            reading = readings[target] = function_signs(text, extended=True)
        except ExpressionError as exc:
            builder.problem(number, f"cannot read the function of {target}: {exc}")
            continue
        if not reading.exact:
            builder.warning(number, inexact_warning(target, reading))
        for variable in reading.signs:
            if variable in variables and (variable, target) not in regulations:
                builder.problem(
                    number,
                    f"the function of {target} reads {variable}, but no regulation "
                    f"{variable} -> {target} is declared",
                )
    return readings


def _regulation(
    builder: NetworkBuilder,
    regulator: str,
    target: str,
    operator: str,
    number: int,
    reading: Reading | None,
) -> None:
    """The edges of one regulation: signed by the target's function when it has one (the
    declaration says for a regulator inside a parameter ``f(...)``), else by the
    declaration; none (its nodes kept, the regulation counted as skipped) without a sign."""
    declared = _DECLARED[operator]
    relation = operator
    if reading is None:  # no function: the declared sign
        signs, skipped = declared, "unsigned"
    else:
        if regulator in reading.opaque:  # inside f(...): the declaration says
            signs = declared or {1, -1}
        else:
            signs = reading.signs.get(regulator, set())
        skipped = "no influence"
        if signs != declared:
            relation = f"{operator} (sign from ${target})"
    if not signs:
        builder.node(regulator)
        builder.node(target)
        builder.skip(skipped)
        return
    for sign in sorted(signs, reverse=True):
        builder.edge(regulator, target, Sign.PLUS if sign > 0 else Sign.MINUS, number, relation)
