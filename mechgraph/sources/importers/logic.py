"""Signed influences of a Boolean update function: which variables it reads, and whether it
reads them positively, negatively, or both.

A variable under an even number of negations acts ``+``, under an odd number ``-``
(``a => b`` is ``!a | b``); the operands of ``^`` (xor) and ``<=>`` and the arguments of an
uninterpreted function ``f(a, b)`` (AEON parameters) act both ways (non-monotone). Constants
(``0``, ``1``, ``true``, ``false``) read nothing.

>>> influences("A & !(B | !C)")
{'A': {1}, 'B': {-1}, 'C': {1}}
>>> influences("x ^ y", extended=True)
{'x': {1, -1}, 'y': {1, -1}}
"""

from __future__ import annotations

import re

Polarity = dict[str, set[int]]

_BASIC = re.compile(r"\s*(?:(?P<op>[!&|()])|(?P<name>[A-Za-z0-9_.]+))")
_EXTENDED = re.compile(r"\s*(?:(?P<op><=>|=>|[!&|^(),])|(?P<name>[A-Za-z0-9_{}]+))")
_CONSTANTS = {"0", "1", "true", "false"}


class ExpressionError(ValueError):
    """An update function that cannot be parsed (the message says where)."""


def _tokens(text: str, extended: bool) -> list[str]:
    pattern = _EXTENDED if extended else _BASIC
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = pattern.match(text, position)
        if match is None or match.end() == position:
            rest = text[position:].strip()
            raise ExpressionError(f"unexpected '{rest[:10]}' at character {position + 1}")
        tokens.append(match.group("op") or match.group("name"))
        position = match.end()
    return tokens


def _union(*parts: Polarity) -> Polarity:
    result: Polarity = {}
    for part in parts:
        for name, signs in part.items():
            result.setdefault(name, set()).update(signs)
    return result


def _flip(part: Polarity) -> Polarity:
    return {name: {-s for s in signs} for name, signs in part.items()}


def _both(part: Polarity) -> Polarity:
    return {name: {1, -1} for name in part}


class _Parser:
    """Recursive descent: ``<=>`` < ``=>`` < ``|`` < ``&`` < ``^`` < ``!`` (AEON's order)."""

    def __init__(self, tokens: list[str], extended: bool):
        self.tokens, self.at, self.extended = tokens, 0, extended

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise ExpressionError("the formula ends too early")
        self.at += 1
        return token

    def parse(self) -> Polarity:
        if not self.tokens:
            raise ExpressionError("empty formula")
        result = self.iff()
        if self.peek() is not None:
            raise ExpressionError(f"unexpected '{self.peek()}' after a complete formula")
        return result

    def iff(self) -> Polarity:
        left = self.imp()
        if self.peek() == "<=>":
            self.take()
            return _both(_union(left, self.iff()))
        return left

    def imp(self) -> Polarity:
        left = self.disjunction()
        if self.peek() == "=>":
            self.take()
            return _union(_flip(left), self.imp())
        return left

    def disjunction(self) -> Polarity:
        result = self.conjunction()
        while self.peek() == "|":
            self.take()
            result = _union(result, self.conjunction())
        return result

    def conjunction(self) -> Polarity:
        result = self.xor()
        while self.peek() == "&":
            self.take()
            result = _union(result, self.xor())
        return result

    def xor(self) -> Polarity:
        result = self.unary()
        while self.peek() == "^":
            self.take()
            result = _both(_union(result, self.unary()))
        return result

    def unary(self) -> Polarity:
        if self.peek() == "!":
            self.take()
            return _flip(self.unary())
        return self.atom()

    def atom(self) -> Polarity:
        token = self.take()
        if token == "(":
            inner = self.iff()
            if self.take() != ")":
                raise ExpressionError("expected ')'")
            return inner
        if token in ("&", "|", "^", "=>", "<=>", ")", ","):
            raise ExpressionError(f"unexpected '{token}' where a name or '(' belongs")
        if self.extended and self.peek() == "(":  # an uninterpreted function f(a, b)
            self.take()
            arguments: Polarity = {}
            if self.peek() == ")":
                self.take()
                return {}
            while True:
                arguments = _union(arguments, self.iff())
                closing = self.take()
                if closing == ")":
                    return _both(arguments)
                if closing != ",":
                    raise ExpressionError(f"expected ',' or ')' in the arguments of {token}")
        if token.lower() in _CONSTANTS:
            return {}
        return {token: {1}}


def influences(text: str, *, extended: bool = False) -> Polarity:
    """``{variable: {+1, -1}}``: the signs with which ``text`` reads each variable.

    ``extended`` allows AEON's ``^``, ``=>``, ``<=>`` and ``f(...)``; without it only
    BoolNet's ``!``, ``&``, ``|`` and parentheses.
    """
    return _Parser(_tokens(text, extended), extended).parse()
