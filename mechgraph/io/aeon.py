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
from pathlib import Path

from mechgraph.io.base import ImportedNetwork, NetworkBuilder, Progress, lines_of
from mechgraph.io.logic import (
    ExpressionError,
    Reading,
    function_signs,
)
from mechgraph.model.vocab import Sign

_REGULATION = re.compile(r"^([A-Za-z0-9_{}]+)\s*-([>|?])(\?)?\s*([A-Za-z0-9_{}]+)$")
_FUNCTION = re.compile(r"^\$\s*([A-Za-z0-9_{}]+)\s*:\s*(.+)$")
_DECLARED: dict[str, set[int]] = {"->": {1}, "-|": {-1}, "-?": set()}


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
    readings: dict[str, Reading] = {}
    for target, (text, number) in functions.items():
        try:
            reading = readings[target] = function_signs(text, extended=True)
        except ExpressionError as exc:
            builder.problem(number, f"cannot read the function of {target}: {exc}")
            continue
        if not reading.exact:
            builder.warning(
                number,
                f"the function of {target} ({reading.inputs} inputs) is too large for an "
                "exact sign check; its signs are read from its syntax",
            )
        for variable in reading.signs:
            if variable in variables and (variable, target) not in regulations:
                builder.problem(
                    number,
                    f"the function of {target} reads {variable}, but no regulation "
                    f"{variable} -> {target} is declared",
                )
    for (regulator, target), (operator, number) in regulations.items():
        declared = _DECLARED[operator]
        parsed = readings.get(target)
        relation = operator
        if parsed is None:  # no function: the declared sign
            signs = declared
            if not signs:
                builder.node(regulator)
                builder.node(target)
                builder.skip("unsigned")
                continue
        else:
            if regulator in parsed.opaque:  # inside f(...): the declaration says
                signs = declared or {1, -1}
            else:
                signs = parsed.signs.get(regulator, set())
            if signs != declared:
                relation = f"{operator} (sign from ${target})"
            if not signs:
                builder.node(regulator)
                builder.node(target)
                builder.skip("no influence")
                continue
        for sign in sorted(signs, reverse=True):
            builder.edge(regulator, target, Sign.PLUS if sign > 0 else Sign.MINUS, number, relation)
    for target in functions:
        builder.node(target)
    return builder.build()
