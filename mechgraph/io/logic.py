"""Signed influences of a Boolean update function, decided by the function itself.

A variable ``v`` acts on the function ``f``:

* ``+`` when ``f`` is monotone non-decreasing in ``v`` (raising ``v`` never lowers ``f``);
* ``-`` when ``f`` is monotone non-increasing in ``v``;
* both (``{+1, -1}``) only when ``f`` is genuinely non-monotone in ``v``: some assignment of
  the other variables makes raising ``v`` raise ``f``, another makes it lower ``f``;
* not at all (the empty set) when ``f`` does not depend on ``v`` (``A & !A | B`` in ``A``).

So the sign is a property of the function, not of how it is written: the decision-tree rule
``!AP1 & NFAT & L | AP1 & L`` equals ``(NFAT | AP1) & L`` and reads ``AP1`` only positively,
although ``AP1`` also appears under a negation.

>>> influences("!AP1 & NFAT & L | AP1 & L")
{'AP1': {1}, 'NFAT': {1}, 'L': {1}}
>>> influences("A & !(B | !C)")
{'A': {1}, 'B': {-1}, 'C': {1}}
>>> influences("(x & !y) | (!x & y)")  # xor: non-monotone in both
{'x': {1, -1}, 'y': {1, -1}}
>>> function_signs("A & !A | B").signs  # A is named but does not matter
{'A': set(), 'B': {1}}

**Syntax.** BoolNet (``extended=False``): ``!``, ``&``, ``|``, parentheses, names of letters,
digits, ``_`` and ``.``. AEON (``extended=True``) adds ``^`` (xor), ``=>``, ``<=>``, names
with ``{}`` and uninterpreted functions ``f(a, b)`` (parameters). The constants ``0``,
``1``, ``true``, ``false`` read nothing. Precedence, loosest first: ``<=>``, ``=>``, ``|``,
``&``, ``^``, ``!`` (AEON's order); ``=>`` and ``<=>`` group to the right. The parser is
iterative and linear in the formula's length: any depth of brackets or of ``!`` parses.

**Parameters.** The value of an application ``f(a, b)`` is unknown: it counts as a free
input (the same application twice is one input, different ones are independent), so the
signs of the variables outside every application are exact for all instantiations of the
parameters. A variable named inside the arguments of an application has a sign the formula
cannot decide: it is listed in :attr:`Reading.opaque` and given both signs (the AEON importer
then uses the declared sign of its regulation).

**How the signs are decided** (:attr:`Reading.method`), after constant folding (``A | 1`` is
``1``, ``A & !A`` is ``0``, ``!!A`` is ``A``):

* ``read-once``: when every input occurs once (a flat OR or AND of any length, most rules
  of real models), the polarity of each occurrence is exact (under ``^`` / ``<=>``: both);
* ``truth table``: up to :data:`TABLE_INPUTS` inputs, the whole truth table as bit sets;
* ``bdd``: a reduced ordered binary decision diagram (variables in order of first
  appearance). ``f`` is non-decreasing in ``v`` iff at every node testing ``v`` the
  ``v = 0`` branch implies the ``v = 1`` branch (that is, ``f|v=0 & !f|v=1`` is
  unsatisfiable), and depends on ``v`` iff ``v`` is tested at all;
* ``syntax``: the fallback when the diagram outgrows :data:`BDD_NODES` nodes or
  :data:`BDD_STEPS` steps. A variable reads ``+`` under an even number of negations and
  ``-`` under an odd one (both under ``^`` / ``<=>``). This is sound in direction (a
  variable only ever read positively is non-decreasing) but may add a spurious second sign
  or keep a variable the function ignores; :attr:`Reading.exact` is then False and the
  importers warn (a warning with file and line; an error with ``--strict``).
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from mechgraph.model.errors import MechgraphError

Polarity = dict[str, set[int]]
Method = Literal["auto", "table", "bdd", "syntax"]

#: Functions of at most this many inputs are decided by their truth table (2**16 bits).
TABLE_INPUTS = 16
#: A truth table forced with ``method="table"`` may have at most this many inputs.
MAX_TABLE_INPUTS = 22
#: The decision diagram of one function may have at most this many nodes ...
BDD_NODES = 200_000
#: ... and take at most this many steps to build and check; beyond, signs are syntactic.
BDD_STEPS = 1_000_000

_BASIC = re.compile(r"\s*(?:(?P<op>[!&|()])|(?P<name>[A-Za-z0-9_.]+))")
_EXTENDED = re.compile(r"\s*(?:(?P<op><=>|=>|[!&|^(),])|(?P<name>[A-Za-z0-9_{}]+))")
_CONSTANTS = {"0": False, "1": True, "false": False, "true": True}
_BINARY = {"<=>": 1, "=>": 2, "|": 3, "&": 4, "^": 5}  # precedence, loosest first
_RIGHT = {"<=>", "=>"}  # right-associative
_NOT_A_NAME = {"&", "|", "^", "=>", "<=>", ")", ","}

# Node kinds of the formula graph.
_CONST, _INPUT, _NOT, _AND, _OR, _XOR = range(6)
_FALSE, _TRUE = 0, 1  # the ids of the two constant nodes
_RUNS = {"&": _AND, "|": _OR, "^": _XOR}  # associative operators, read as n-ary runs


class ExpressionError(MechgraphError, ValueError):
    """An update function that cannot be parsed (the message says where)."""


class _TooBig(Exception):
    """The decision diagram went over its budget."""


@dataclass(frozen=True)
class Reading:
    """What an update function says about the variables it names.

    ``signs`` maps every variable the formula names, in order of first mention, to the signs
    with which the function depends on it: ``{1}``, ``{-1}``, ``{1, -1}`` (non-monotone, or
    opaque), or the empty set (the function does not depend on it). ``opaque`` lists the
    variables named inside the arguments of a parameter ``f(...)``; ``method`` says how the
    signs were decided (``read-once``, ``truth table``, ``bdd`` or ``syntax``); ``inputs``
    counts the inputs left after simplification (variables and parameter applications).

    >>> reading = function_signs("A & f(B) | !A & C", extended=True)
    >>> reading.signs, sorted(reading.opaque), reading.method
    ({'A': {1, -1}, 'B': {1, -1}, 'C': {1}}, ['B'], 'truth table')
    """

    signs: dict[str, set[int]]
    opaque: frozenset[str]
    method: str
    inputs: int = 0

    @property
    def exact(self) -> bool:
        """False when the signs fell back to the syntactic rule."""
        return self.method != "syntax"

    def influences(self) -> Polarity:
        """The variables the function depends on, with their signs."""
        return {name: set(signs) for name, signs in self.signs.items() if signs}


# -- parsing -----------------------------------------------------------------------------------


def _tokens(text: str, extended: bool) -> list[tuple[str, int]]:
    """``(token, character number)`` pairs; the number counts from 1."""
    pattern = _EXTENDED if extended else _BASIC
    tokens: list[tuple[str, int]] = []
    text = text.rstrip()
    position, end = 0, len(text)
    while position < end:
        match = pattern.match(text, position)
        if match is None or match.end() == position:
            start = len(text) - len(text[position:].lstrip())
            rest = text[start:]
            raise ExpressionError(f"unexpected '{rest[:10]}' at character {start + 1}")
        group = "op" if match.group("op") is not None else "name"
        tokens.append((match.group(group), match.start(group) + 1))
        position = match.end()
    return tokens


class _Graph:
    """A formula as a hash-consed graph whose nodes are simplified when made (constants
    folded, ``!!a`` is ``a``, ``a & !a`` is ``0``...). A node's children are older than it,
    so ascending ids are a bottom-up order. Inputs are variables and parameter
    applications."""

    def __init__(self) -> None:
        self.kind: list[int] = [_CONST, _CONST]
        self.args: list[tuple] = [(False,), (True,)]
        self._index: dict[tuple, int] = {}
        self.inputs: list[str | None] = []  # a variable's name, or None for an application
        self.variables: dict[str, int] = {}  # name -> node
        self.params: dict[int, frozenset[str]] = {}  # input -> variables in its arguments
        self._applications: dict[tuple, int] = {}

    def _make(self, kind: int, args: tuple) -> int:
        key = (kind, args)
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = len(self.kind)
            self.kind.append(kind)
            self.args.append(args)
        return found

    def variable(self, name: str) -> int:
        found = self.variables.get(name)
        if found is None:
            self.inputs.append(name)
            found = self.variables[name] = self._make(_INPUT, (len(self.inputs) - 1,))
        return found

    def application(self, name: str, args: tuple[int, ...], names: frozenset[str]) -> int:
        key = (name, args)
        found = self._applications.get(key)
        if found is None:
            self.inputs.append(None)
            self.params[len(self.inputs) - 1] = names
            found = self._applications[key] = self._make(_INPUT, (len(self.inputs) - 1,))
        return found

    def negation(self, a: int) -> int:
        if a <= _TRUE:
            return _TRUE - a
        if self.kind[a] == _NOT:
            return self.args[a][0]
        return self._make(_NOT, (a,))

    def junction(self, kind: int, items: list[int]) -> int:
        """``&`` (``kind`` _AND) or ``|`` (_OR) of ``items``."""
        absorbing = _FALSE if kind == _AND else _TRUE
        neutral = _TRUE - absorbing
        seen: dict[int, None] = {}
        for item in items:
            if item == absorbing:
                return absorbing
            if item != neutral:
                seen[item] = None
        if not seen:
            return neutral
        for item in seen:  # a & !a, a | !a
            if self.kind[item] == _NOT and self.args[item][0] in seen:
                return absorbing
        if len(seen) == 1:
            return next(iter(seen))
        return self._make(kind, tuple(seen))

    def parity(self, items: list[int]) -> int:
        """``^`` of ``items`` (n-ary: true when an odd number of them is)."""
        odd = False
        count: dict[int, int] = {}
        for item in items:
            if item <= _TRUE:
                odd ^= item == _TRUE
                continue
            if self.kind[item] == _NOT:  # a ^ !b is !(a ^ b)
                item, odd = self.args[item][0], not odd
            count[item] = count.get(item, 0) + 1
        left = tuple(item for item, times in count.items() if times % 2)  # a ^ a is 0
        if not left:
            result = _FALSE
        elif len(left) == 1:
            result = left[0]
        else:
            result = self._make(_XOR, left)
        return self.negation(result) if odd else result


class _Chain:
    """A run ``a | b | c`` (or ``&``, ``^``) being parsed: items are appended, then made one
    node (left folding would copy the run again and again)."""

    __slots__ = ("kind", "items")

    def __init__(self, kind: int, items: list[int]):
        self.kind, self.items = kind, items


class _Call:
    """An open ``f(`` whose arguments are being parsed."""

    __slots__ = ("name", "position", "args", "names")

    def __init__(self, name: str, position: int):
        self.name, self.position = name, position
        self.args: list[int] = []
        self.names: set[str] = set()


def _parse(text: str, extended: bool) -> tuple[_Graph, int, dict[str, None]]:
    """The graph, its root node and the variables named (in order)."""
    tokens = _tokens(text, extended)
    if not tokens:
        raise ExpressionError("empty formula")
    return _Parser(tokens, extended).parse()


class _Parser:
    """Shunting-yard over the tokens of one formula with explicit stacks, so depth costs no
    recursion: operands (nodes, or runs ``a | b | c`` still open), operators (with ``(``
    and ``call`` for an open ``f(``) and the open calls."""

    def __init__(self, tokens: list[tuple[str, int]], extended: bool) -> None:
        self.tokens, self.extended = tokens, extended
        self.at = 0  # the next token
        self.graph = _Graph()
        self.named: dict[str, None] = {}
        self.operands: list[int | _Chain] = []
        self.operators: list[tuple[str, int]] = []  # (operator, '(' or 'call'; character)
        self.calls: list[_Call] = []

    def parse(self) -> tuple[_Graph, int, dict[str, None]]:
        """The graph, its root and the variables named; ExpressionError says where the
        formula is wrong."""
        tokens = self.tokens
        expect_operand = True
        while self.at < len(tokens):
            token, position = tokens[self.at]
            self.at += 1
            if expect_operand:
                expect_operand = self._operand(token, position)
            elif token in _BINARY:
                self._binary(token, position)
                expect_operand = True
            elif token in (")", ","):
                expect_operand = self._close(token, position)
            else:
                where = (
                    "after a complete formula"
                    if not self.operators
                    else "where an operator belongs"
                )
                raise ExpressionError(f"unexpected '{token}' at character {position} {where}")
        if expect_operand:
            raise ExpressionError("the formula ends too early")
        self._reduce_to_bracket()
        if self.operators:
            bracket, position = self.operators[-1]
            opened = f"{self.calls[-1].name}(" if bracket == "call" else "("
            raise ExpressionError(f"expected ')' to close the '{opened}' at character {position}")
        return self.graph, self._node(self.operands.pop()), self.named

    def _operand(self, token: str, position: int) -> bool:
        """Read a token where an operand belongs; whether one is still expected (after
        ``!``, ``(`` or ``f(``)."""
        if token in ("!", "("):
            self.operators.append((token, position))
            return True
        if token in _NOT_A_NAME:
            raise ExpressionError(
                f"unexpected '{token}' at character {position} where a name or '(' belongs"
            )
        tokens, at = self.tokens, self.at
        if self.extended and at < len(tokens) and tokens[at][0] == "(":
            return self._open_call(token, position)
        constant = _CONSTANTS.get(token.lower())
        if constant is not None:
            self.operands.append(_TRUE if constant else _FALSE)
            return False
        self.named[token] = None
        if self.calls:
            self.calls[-1].names.add(token)
        self.operands.append(self.graph.variable(token))
        return False

    def _open_call(self, name: str, position: int) -> bool:
        """``f(`` (its ``(`` the next token): an application without arguments at once,
        else an open call whose arguments follow."""
        self.at += 1
        if self.at < len(self.tokens) and self.tokens[self.at][0] == ")":  # f(): no arguments
            self.at += 1
            self.operands.append(self.graph.application(name, (), frozenset()))
            return False
        self.calls.append(_Call(name, position))
        self.operators.append(("call", position))
        return True

    def _binary(self, token: str, position: int) -> None:
        """A binary operator: first reduce the operators on the stack that bind tighter
        (or as tight, for a left-associative one)."""
        precedence = _BINARY[token]
        operators = self.operators
        while operators:
            top = operators[-1][0]
            if top == "!" or (
                top in _BINARY
                and (
                    _BINARY[top] > precedence
                    or (_BINARY[top] == precedence and token not in _RIGHT)
                )
            ):
                self._reduce(operators.pop()[0])
            else:
                break
        operators.append((token, position))

    def _close(self, token: str, position: int) -> bool:
        """``)`` or ``,``: reduce to the open bracket or call; whether an operand is
        expected next (after the ``,`` between arguments)."""
        self._reduce_to_bracket()
        if not self.operators:
            raise ExpressionError(f"unexpected '{token}' at character {position}: no '(' is open")
        if self.operators[-1][0] == "(":
            if token == ",":
                raise ExpressionError(
                    f"unexpected ',' at character {position} outside the arguments of a function"
                )
            self.operators.pop()  # the operand stays (a run stays open: (a | b) | c)
            return False
        call = self.calls[-1]
        call.args.append(self._node(self.operands.pop()))
        if token == ",":
            return True
        self.operators.pop()
        self.calls.pop()
        if self.calls:
            self.calls[-1].names.update(call.names)
        self.operands.append(
            self.graph.application(call.name, tuple(call.args), frozenset(call.names))
        )
        return False

    def _node(self, operand: int | _Chain) -> int:
        """An operand as a node (an open run made one)."""
        if isinstance(operand, _Chain):
            if operand.kind == _XOR:
                return self.graph.parity(operand.items)
            return self.graph.junction(operand.kind, operand.items)
        return operand

    def _reduce(self, operator: str) -> None:
        """Apply ``operator`` to the operands on top of the stack (a run grows in place)."""
        operands, graph = self.operands, self.graph
        right = self._node(operands.pop())
        if operator == "!":
            operands.append(graph.negation(right))
            return
        left = operands.pop()
        if operator in _RUNS:
            kind = _RUNS[operator]
            if isinstance(left, _Chain) and left.kind == kind:
                left.items.append(right)
                operands.append(left)
            else:
                operands.append(_Chain(kind, [self._node(left), right]))
        elif operator == "=>":
            operands.append(graph.junction(_OR, [graph.negation(self._node(left)), right]))
        else:  # <=>
            operands.append(graph.negation(graph.parity([self._node(left), right])))

    def _reduce_to_bracket(self) -> None:
        """Reduce every operator above the innermost open bracket or call."""
        operators = self.operators
        while operators and operators[-1][0] not in ("(", "call"):
            self._reduce(operators.pop()[0])


# -- deciding the signs ------------------------------------------------------------------------


def _walk(graph: _Graph, root: int) -> tuple[list[int], list[int], bool]:
    """Top-down over the nodes below ``root``: the syntactic polarity of each node (bit 1
    read positively, bit 2 negatively; 0 unreachable), the reachable nodes (ascending), and
    whether the formula is read-once (no node reached twice)."""
    polarity = [0] * (root + 1)
    polarity[root] = 1
    read_once = True
    reached: list[int] = []
    kinds, args = graph.kind, graph.args
    for i in range(root, -1, -1):
        p = polarity[i]
        if not p:
            continue
        reached.append(i)
        kind = kinds[i]
        if kind <= _INPUT:
            continue
        if kind == _NOT:
            p = ((p & 1) << 1) | (p >> 1)
        elif kind == _XOR:
            p = 3
        for child in args[i]:
            if polarity[child]:
                read_once = False
            polarity[child] |= p
    reached.reverse()
    return polarity, reached, read_once


def _syntactic(graph: _Graph, polarity: list[int], inputs: list[int]) -> list[int]:
    """Sign bits of each input from its polarity (an application's: both)."""
    bits = []
    for index in inputs:
        name = graph.inputs[index]
        bits.append(3 if name is None else polarity[graph.variables[name]])
    return bits


def _signs_of(bits: int) -> set[int]:
    return {s for s, bit in ((1, 1), (-1, 2)) if bits & bit}


def _table_signs(graph: _Graph, root: int, reached: list[int], inputs: list[int]) -> list[int]:
    """Sign bits (1 ``+``, 2 ``-``) of each input, from the truth table (see
    :func:`_truth_table`): ``+`` where raising the input raises ``f`` under some assignment
    of the others, ``-`` where it lowers it."""
    masks = _input_masks(len(inputs))
    f = _truth_table(graph, root, reached, inputs, masks)
    bits = []
    for k, mask in enumerate(masks):
        high = f & mask
        low = (f & ~mask) << (1 << k)  # the v = 0 half moved onto the v = 1 half
        bits.append((1 if high & ~low else 0) | (2 if low & ~high else 0))
    return bits


def _input_masks(n: int) -> list[int]:
    """For each of ``n`` inputs, the bit set of the assignments (numbered ``0`` to
    ``2**n - 1``, input ``i`` bit ``i`` of the number) in which it is 1."""
    full = (1 << (1 << n)) - 1
    masks = []
    for i in range(n):
        width = 1 << i
        block = ((1 << width) - 1) << width  # the assignments with input i = 1, repeated
        masks.append(block * (full // ((1 << (2 * width)) - 1)))
    return masks


#: How the bit sets of an n-ary node's children combine, by its kind.
_COMBINE: dict[int, Callable[[int, int], int]] = {
    _AND: operator.and_,
    _OR: operator.or_,
    _XOR: operator.xor,
}


def _truth_table(
    graph: _Graph, root: int, reached: list[int], inputs: list[int], masks: list[int]
) -> int:
    """The truth table of ``root`` as one bit set of ``2**n`` bits, bit ``k`` its value under
    the assignment numbered ``k`` (each node's bit set made once, bottom-up)."""
    full = (1 << (1 << len(inputs))) - 1
    local = {index: k for k, index in enumerate(inputs)}
    kinds, args = graph.kind, graph.args
    value: dict[int, int] = {}
    for i in reached:
        kind = kinds[i]
        if kind == _CONST:
            value[i] = full if args[i][0] else 0
        elif kind == _INPUT:
            value[i] = masks[local[args[i][0]]]
        elif kind == _NOT:
            value[i] = full ^ value[args[i][0]]
        else:
            value[i] = functools.reduce(_COMBINE[kind], map(value.__getitem__, args[i]))
    return value[root]


# The operations of the decision diagram, and the operand each leaves the other as it is.
_BDD_AND, _BDD_OR, _BDD_XOR = range(3)
_NEUTRAL = (1, 0, 0)  # a & 1, a | 0, a ^ 0


class _BDD:
    """A reduced ordered binary decision diagram: nodes ``(level, low, high)``, 0 and 1 the
    terminals; ``apply`` and ``implies`` keep explicit stacks (no recursion limit) and a
    step budget."""

    AND, OR, XOR = _BDD_AND, _BDD_OR, _BDD_XOR

    def __init__(self, nodes: int, steps: int) -> None:
        self.level = [1 << 30, 1 << 30]
        self.low = [0, 1]
        self.high = [0, 1]
        self._unique: dict[tuple[int, int, int], int] = {}
        self._memo: dict[tuple[int, int, int], int] = {}
        self._implies: dict[tuple[int, int], bool] = {}
        self.nodes, self.steps = nodes, steps

    def _spend(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise _TooBig

    def node(self, level: int, low: int, high: int) -> int:
        if low == high:
            return low
        key = (level, low, high)
        found = self._unique.get(key)
        if found is None:
            found = len(self.level)
            if found > self.nodes:
                raise _TooBig
            self._unique[key] = found
            self.level.append(level)
            self.low.append(low)
            self.high.append(high)
        return found

    @staticmethod
    def _terminal(op: int, a: int, b: int) -> int | None:
        """``a op b`` when it needs no recursion (a terminal operand, or ``a == b``), else
        None."""
        if a == b:
            return 0 if op == _BDD_XOR else a
        neutral = _NEUTRAL[op]
        if a == neutral:
            return b
        if b == neutral:
            return a
        if op != _BDD_XOR and (a <= 1 or b <= 1):  # the other terminal: 0 for and, 1 for or
            return 1 - neutral
        return None

    def apply(self, op: int, a: int, b: int) -> int:
        """``a op b`` (``op`` one of AND, OR, XOR; all three commute)."""
        terminal, memo = self._terminal, self._memo
        done = terminal(op, a, b)
        if done is not None:
            return done
        level, low, high = self.level, self.low, self.high
        goal = (op, a, b) if a < b else (op, b, a)
        stack = [goal]
        while stack:
            key = stack[-1]
            if key in memo:
                stack.pop()
                continue
            _, a, b = key
            top = min(level[a], level[b])
            a0, a1 = (low[a], high[a]) if level[a] == top else (a, a)
            b0, b1 = (low[b], high[b]) if level[b] == top else (b, b)
            # the v = 0 and v = 1 halves written out: a loop over the two costs a quarter
            # more time in this, the diagram's innermost loop
            r0 = terminal(op, a0, b0)
            if r0 is None:
                k0 = (op, a0, b0) if a0 < b0 else (op, b0, a0)
                r0 = memo.get(k0)
                if r0 is None:
                    stack.append(k0)
                    continue
            r1 = terminal(op, a1, b1)
            if r1 is None:
                k1 = (op, a1, b1) if a1 < b1 else (op, b1, a1)
                r1 = memo.get(k1)
                if r1 is None:
                    stack.append(k1)
                    continue
            self._spend()
            memo[key] = self.node(top, r0, r1)
            stack.pop()
        return memo[goal]

    @staticmethod
    def _implied(a: int, b: int) -> bool | None:
        """Whether ``a`` implies ``b`` when a terminal (or ``a == b``) decides it, else
        None."""
        if a == 0 or b == 1 or a == b:
            return True
        if a == 1 or b == 0:  # the other is not constant
            return False
        return None

    def implies(self, a: int, b: int) -> bool:
        """Whether ``a`` implies ``b`` (``a & !b`` is unsatisfiable)."""
        terminal = self._implied
        done = terminal(a, b)
        if done is not None:
            return done
        memo, level, low, high = self._implies, self.level, self.low, self.high
        stack = [(a, b)]
        while stack:
            pair = stack[-1]
            if pair in memo:
                stack.pop()
                continue
            a, b = pair
            top = min(level[a], level[b])
            a0, a1 = (low[a], high[a]) if level[a] == top else (a, a)
            b0, b1 = (low[b], high[b]) if level[b] == top else (b, b)
            r0 = terminal(a0, b0)
            if r0 is None:
                r0 = memo.get((a0, b0))
                if r0 is None:
                    stack.append((a0, b0))
                    continue
            result = r0
            if result:
                r1 = terminal(a1, b1)
                if r1 is None:
                    r1 = memo.get((a1, b1))
                    if r1 is None:
                        stack.append((a1, b1))
                        continue
                result = r1
            self._spend()
            memo[pair] = result
            stack.pop()
        return memo[(a, b)]

    def below(self, root: int) -> dict[int, list[int]]:
        """The inner nodes reachable from ``root``, by level."""
        by_level: dict[int, list[int]] = {}
        seen = {0, 1}
        stack = [root]
        while stack:
            u = stack.pop()
            if u in seen:
                continue
            seen.add(u)
            by_level.setdefault(self.level[u], []).append(u)
            stack.append(self.low[u])
            stack.append(self.high[u])
        return by_level


def _bdd_signs(
    graph: _Graph, root: int, reached: list[int], inputs: list[int], polarity: list[int]
) -> list[int]:
    """Sign bits (1 ``+``, 2 ``-``) of each input, from the decision diagram (levels in the
    order of ``inputs``); raises _TooBig over budget."""
    bdd = _BDD(BDD_NODES, BDD_STEPS)
    by_level = bdd.below(_diagram(bdd, graph, root, reached, inputs))
    bits = []
    for k, index in enumerate(inputs):
        tested = by_level.get(k, [])
        name = graph.inputs[index]
        syntactic = 3 if name is None else polarity[graph.variables[name]]
        if not tested:
            bits.append(0)
        elif syntactic != 3:  # read with one polarity: monotone that way, and it matters
            bits.append(syntactic)
        else:
            bits.append(_tested_signs(bdd, tested))
    return bits


#: The diagram's operation for an n-ary node of the formula, by its kind.
_BDD_OPS = {_AND: _BDD_AND, _OR: _BDD_OR, _XOR: _BDD_XOR}


def _diagram(bdd: _BDD, graph: _Graph, root: int, reached: list[int], inputs: list[int]) -> int:
    """The diagram of ``root`` in ``bdd`` (input ``inputs[k]`` at level ``k``), made
    bottom-up; n-ary nodes combine their operands from the one starting lowest up, which is
    linear for terms in order."""
    local = {index: k for k, index in enumerate(inputs)}
    kinds, args = graph.kind, graph.args
    value: dict[int, int] = {}
    for i in reached:
        kind = kinds[i]
        if kind == _CONST:
            value[i] = 1 if args[i][0] else 0
        elif kind == _INPUT:
            value[i] = bdd.node(local[args[i][0]], 0, 1)
        elif kind == _NOT:
            value[i] = bdd.apply(_BDD_XOR, value[args[i][0]], 1)
        else:
            op = _BDD_OPS[kind]
            terms = sorted((value[child] for child in args[i]), key=bdd.level.__getitem__)
            result = terms.pop()
            while terms:
                result = bdd.apply(op, terms.pop(), result)
            value[i] = result
    return value[root]


def _tested_signs(bdd: _BDD, tested: list[int]) -> int:
    """Sign bits of the variable the nodes ``tested`` test: ``+`` when somewhere its
    ``1`` branch does not imply the ``0`` branch (raising it raises ``f``), ``-`` when the
    ``0`` branch does not imply the ``1`` branch."""
    found = 0
    for u in tested:
        if not found & 1 and not bdd.implies(bdd.high[u], bdd.low[u]):
            found |= 1  # somewhere raising v raises f
        if not found & 2 and not bdd.implies(bdd.low[u], bdd.high[u]):
            found |= 2  # somewhere raising v lowers f
        if found == 3:
            break
    return found


def function_signs(text: str, *, extended: bool = False, method: Method = "auto") -> Reading:
    """The :class:`Reading` of the update function ``text``: each variable it names, with
    the signs with which the function depends on it (see the module's docstring).

    ``extended`` allows AEON's ``^``, ``=>``, ``<=>`` and ``f(...)``. ``method`` forces a
    way of deciding (``table``, ``bdd``, or ``syntax`` for the literal polarity); ``auto``
    takes the read-once shortcut, then the truth table, then the diagram, then the syntax.
    Raises :class:`ExpressionError` if ``text`` is not a formula.

    >>> function_signs("A | B | A & !B").signs, function_signs("A | B | A & !B").method
    ({'A': {1}, 'B': {1}}, 'truth table')
    >>> function_signs("!AP1 & NFAT | AP1", method="syntax").signs
    {'AP1': {1, -1}, 'NFAT': {1}}
    """
    if method not in ("auto", "table", "bdd", "syntax"):
        raise ValueError(f"unknown method {method!r}")
    graph, root, named = _parse(text, extended)
    polarity, reached, read_once = _walk(graph, root)
    inputs = [graph.args[i][0] for i in reached if graph.kind[i] == _INPUT]
    inputs.sort()
    opaque: set[str] = set()
    for index in inputs:
        opaque.update(graph.params.get(index, ()))

    if method == "syntax" or (method == "auto" and read_once):
        chosen = "syntax" if method == "syntax" else "read-once"
        bits = _syntactic(graph, polarity, inputs)
    elif method == "table" or (method == "auto" and len(inputs) <= TABLE_INPUTS):
        if len(inputs) > MAX_TABLE_INPUTS:
            raise ValueError(f"{len(inputs)} inputs are too many for a truth table")
        chosen, bits = "truth table", _table_signs(graph, root, reached, inputs)
    else:
        try:
            chosen, bits = "bdd", _bdd_signs(graph, root, reached, inputs, polarity)
        except _TooBig:
            chosen = "syntax"
            bits = _syntactic(graph, polarity, inputs)

    by_name = {graph.inputs[i]: b for i, b in zip(inputs, bits, strict=True) if graph.inputs[i]}
    signs = {name: {1, -1} if name in opaque else _signs_of(by_name.get(name, 0)) for name in named}
    return Reading(signs, frozenset(opaque), chosen, len(inputs))


def inexact_warning(target: str, reading: Reading) -> str:
    """The warning for a function whose signs fell back to its syntax (an importer's, with
    the file and line of the function).

    >>> inexact_warning("PDL1", Reading({"A": {1}}, frozenset(), "syntax", 40))
    'the function of PDL1 (40 inputs) is too large for an exact sign check; its signs are read from its syntax'
    """  # noqa: E501
    return (
        f"the function of {target} ({reading.inputs} inputs) is too large for an exact sign "
        "check; its signs are read from its syntax"
    )


def influences(text: str, *, extended: bool = False) -> Polarity:
    """``{variable: {+1, -1}}``: the signs with which the function ``text`` depends on each
    variable (variables it does not depend on are left out).

    ``extended`` allows AEON's ``^``, ``=>``, ``<=>`` and ``f(...)``; without it only
    BoolNet's ``!``, ``&``, ``|`` and parentheses.

    >>> influences("x ^ y", extended=True)
    {'x': {1, -1}, 'y': {1, -1}}
    >>> influences("a => b", extended=True)
    {'a': {-1}, 'b': {1}}
    """
    return function_signs(text, extended=extended).influences()


def truth_value(text: str, values: dict[str, bool], *, extended: bool = False) -> bool:
    """The value of the function ``text`` when its variables take ``values`` (a formula with
    parameters ``f(...)`` has no single value: ValueError).

    >>> truth_value("a | b & !c", {"a": False, "b": True, "c": False})
    True
    """
    graph, root, _ = _parse(text, extended)
    _, reached, _ = _walk(graph, root)
    kinds, args = graph.kind, graph.args
    value: dict[int, bool] = {}
    for i in reached:
        kind = kinds[i]
        if kind == _CONST:
            value[i] = args[i][0]
        elif kind == _INPUT:
            name = graph.inputs[args[i][0]]
            if name is None:
                raise ValueError("a formula with parameters f(...) has no single value")
            value[i] = bool(values[name])
        elif kind == _NOT:
            value[i] = not value[args[i][0]]
        elif kind == _XOR:
            value[i] = sum(value[c] for c in args[i]) % 2 == 1
        elif kind == _AND:
            value[i] = all(value[c] for c in args[i])
        else:
            value[i] = any(value[c] for c in args[i])
    return value[root]
