"""The verdict rule: from the support each sign has at a node to one decided sign.

The engines (:mod:`.propagate`, :mod:`.fast`) find, for every node, the strongest path that
brings ``+`` and the strongest that brings ``-`` (the *strict* set of reached signs is pure
sign reachability, as in qualitative probabilistic networks). This module turns the two
supports into the answer a pharmacologist reads, and is the only place that does so: the
effect table, the JSON, explain, compare, screen, stratify, suggest, the views and the
feedback-loop signs all call it.

**Path strength** (used by both engines): a path multiplies, over its steps,

* a causal step (a curated claim edge, or an imported edge): its evidence weight (README,
  "Strength": clinical phase III 0.95 ... hypothesis 0.15, so hypothesis-level claims are
  already the weakest steps and get no further penalty) times :data:`STEP_DECAY`: every
  inference step loses confidence, however strong its evidence;
* an inherited step (``is_a``: a class-level claim applied to a member, or a member rolled
  up into its class): :data:`INHERITED_STEP`;
* a composition step (a formulation's carrier, payload or property; a cycle step feeding its
  stage): 1, the formulation *is* its parts.

**Decision** from the supports ``s+`` and ``s-`` (the strengths of the strongest path of
each sign):

1. a side below :data:`STRENGTH_FLOOR` is set aside: it never changes a verdict (its paths
   are shown only on request, ``--all-paths``);
2. no side left: ``0`` (``unreached`` if nothing reached the node, ``below floor`` if only
   sub-floor paths did);
3. one side left: its sign (``unopposed``, or ``below floor`` when the other side was set
   aside);
4. both sides left: if the stronger is at least :data:`DOMINANCE_RATIO` times the weaker,
   the stronger sign is the verdict (``dominant``; the readout is *contested*, the weaker
   side *overruled* and shown); otherwise ``?`` (``comparable``: a real trade-off).

>>> decide(0.95, 0.05).sign, decide(0.95, 0.05).outcome, decide(0.95, 0.05).overruled
(<Sign.PLUS: '+'>, 'dominant', <Sign.MINUS: '-'>)
>>> decide(0.35, 0.30).sign, decide(0.35, 0.30).outcome
(<Sign.AMBIGUOUS: '?'>, 'comparable')
>>> decide(0.5, 0.0001).sign, decide(0.5, 0.0001).outcome, sorted(decide(0.5, 0.0001).reached)
(<Sign.PLUS: '+'>, 'below floor', [<Sign.PLUS: '+'>, <Sign.MINUS: '-'>])
>>> decide(0.0, 0.0).sign, decide(0.0, 0.0).outcome
(<Sign.NONE: '0'>, 'unreached')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from mechgraph.model.vocab import Sign

if TYPE_CHECKING:
    import numpy as np

    from mechgraph.graph.mechanism_graph import Edge

#: Multiplies the evidence weight of every causal step (claim or imported edge).
STEP_DECAY = 0.8
#: Weight of an inherited (``is_a``) step.
INHERITED_STEP = 0.9
#: Weight of a composition step (carrier, payload, property, cycle step -> stage).
COMPOSITION_STEP = 1.0
#: A side whose strongest path is weaker than this is set aside (never changes a verdict).
STRENGTH_FLOOR = 0.01
#: Both sides above the floor: the stronger decides when it is at least this many times the
#: weaker (one evidence tier and more apart: clinical 0.85 vs review statement 0.35, review
#: statement vs hypothesis 0.15, in vivo 0.7 vs review statement); closer supports give ``?``.
DOMINANCE_RATIO = 2.0

#: Relative tolerance of the floor and ratio comparisons, so that the two engines (whose
#: strengths differ in the last digits) decide alike at the boundaries.
_TOLERANCE = 1e-6

UNREACHED = "unreached"
UNOPPOSED = "unopposed"
DOMINANT = "dominant"
COMPARABLE = "comparable"
BELOW_FLOOR = "below floor"
OUTCOMES = (UNREACHED, UNOPPOSED, DOMINANT, COMPARABLE, BELOW_FLOOR)

#: Step factor by step kind (:attr:`Edge.step_kind`; codes in ``ArrayGraph.step_kind``).
STEP_FACTORS: dict[str, float] = {
    "causal": STEP_DECAY,
    "inherited": INHERITED_STEP,
    "composition": COMPOSITION_STEP,
}


def step_factor(edge: Edge) -> float:
    """The factor one step of ``edge`` multiplies a path's strength by, besides its evidence
    weight.

    >>> from mechgraph.graph.mechanism_graph import Edge
    >>> step_factor(Edge("a", "b", Sign.PLUS, "is_a")) == INHERITED_STEP
    True
    """
    return STEP_FACTORS[edge.step_kind]


def above_floor(strength: float) -> bool:
    """True when a path (or a side's support) of this strength counts.

    >>> above_floor(0.01), above_floor(0.009)
    (True, False)
    """
    return strength > 0.0 and strength >= STRENGTH_FLOOR * (1.0 - _TOLERANCE)


def _dominates(strong: float, weak: float) -> bool:
    return strong >= DOMINANCE_RATIO * weak * (1.0 - _TOLERANCE)


@dataclass(frozen=True)
class Verdict:
    """The decision at one node: the decided sign, the strict reached signs, the support of
    each side and how the decision was reached (one of :data:`OUTCOMES`)."""

    sign: Sign
    reached: frozenset[Sign]
    plus: float
    minus: float
    outcome: str

    def support(self, sign: Sign) -> float:
        """The strength of the strongest path of ``sign`` (0 when unreached)."""
        return self.plus if sign is Sign.PLUS else self.minus if sign is Sign.MINUS else 0.0

    @property
    def strict_sign(self) -> Sign:
        """Pure sign reachability: ``?`` whenever both signs reach the node."""
        if len(self.reached) == 2:
            return Sign.AMBIGUOUS
        return next(iter(self.reached)) if self.reached else Sign.NONE

    @property
    def contested(self) -> bool:
        """Both sides are above the floor (decided by dominance, or ``?``)."""
        return self.outcome in (DOMINANT, COMPARABLE)

    @property
    def overruled(self) -> Sign | None:
        """The weaker side when the stronger dominates it."""
        if self.outcome != DOMINANT:
            return None
        return Sign.MINUS if self.sign is Sign.PLUS else Sign.PLUS

    @property
    def set_aside(self) -> tuple[Sign, ...]:
        """The reached sides below the floor (they do not count)."""
        return tuple(
            s
            for s in (Sign.PLUS, Sign.MINUS)
            if s in self.reached and not above_floor(self.support(s))
        )

    @property
    def ratio(self) -> float | None:
        """Stronger over weaker support when both sides count (None otherwise)."""
        if not self.contested:
            return None
        strong, weak = max(self.plus, self.minus), min(self.plus, self.minus)
        return strong / weak

    def note(self, show_set_aside: bool = False) -> str:
        """The plain-words remark printed after the verdict (empty when there is none).

        >>> decide(0.95, 0.05).note()
        'contested: - 0.05 overruled'
        >>> decide(0.35, 0.35).note()
        'comparable: + 0.35 vs - 0.35, a tie'
        >>> decide(0.4, 0.0002).note(show_set_aside=True)
        '- 0.0002 below the floor 0.01, set aside'
        """
        if (weak := self.overruled) is not None:  # dominant: the weaker side is overruled
            return f"contested: {weak.value} {support_text(self.support(weak))} overruled"
        if self.outcome == COMPARABLE:
            plus, minus = support_text(self.plus), support_text(self.minus)
            tie = ", a tie" if plus == minus else ""
            return f"comparable: + {plus} vs - {minus}{tie}"
        if show_set_aside and self.set_aside:
            return "; ".join(
                f"{s.value} {support_text(self.support(s))} below the floor "
                f"{STRENGTH_FLOOR:g}, set aside"
                for s in self.set_aside
            )
        return ""


def verdict_word(sign: Sign, desirable: Sign) -> str:
    """favourable / unfavourable / contested / unchanged / reached (no polarity).

    >>> verdict_word(Sign.PLUS, Sign.MINUS), verdict_word(Sign.AMBIGUOUS, Sign.PLUS)
    ('unfavourable', 'contested')
    """
    if sign is Sign.NONE:
        return "unchanged"
    if sign is Sign.AMBIGUOUS:
        return "contested"
    if desirable not in (Sign.PLUS, Sign.MINUS):
        return "reached"
    return "favourable" if sign is desirable else "unfavourable"


def support_text(value: float) -> str:
    """A support or path strength for people: two decimals, more digits below 0.01.

    >>> support_text(0.5775), support_text(0.0525), support_text(0.00021), support_text(3e-7)
    ('0.58', '0.05', '0.0002', '<0.0001')
    """
    if value >= 0.01:
        return f"{value:.2f}"
    if value >= 0.0001:
        return f"{value:.1g}" if value < 0.001 else f"{value:.3f}"
    return "<0.0001" if value > 0 else "0"


def decide(plus: float, minus: float) -> Verdict:
    """The verdict from the support of each sign (0 for a sign that does not reach).

    >>> decide(0.7, 0.35).sign   # in vivo against a review statement: dominant
    <Sign.PLUS: '+'>
    >>> decide(0.85, 0.7).sign   # clinical against in vivo: comparable
    <Sign.AMBIGUOUS: '?'>
    """
    reached = frozenset(s for s, value in ((Sign.PLUS, plus), (Sign.MINUS, minus)) if value > 0.0)
    up, down = above_floor(plus), above_floor(minus)
    if not reached:
        return Verdict(Sign.NONE, reached, plus, minus, UNREACHED)
    if up and down:
        if _dominates(plus, minus):
            return Verdict(Sign.PLUS, reached, plus, minus, DOMINANT)
        if _dominates(minus, plus):
            return Verdict(Sign.MINUS, reached, plus, minus, DOMINANT)
        return Verdict(Sign.AMBIGUOUS, reached, plus, minus, COMPARABLE)
    sign = Sign.PLUS if up else Sign.MINUS if down else Sign.NONE
    outcome = UNOPPOSED if len(reached) == 1 and sign is not Sign.NONE else BELOW_FLOOR
    return Verdict(sign, reached, plus, minus, outcome)


class Supports(Protocol):
    """What :func:`judge` needs of a propagation (both engines provide it)."""

    def strength(self, node: str, sign: Sign) -> float: ...


def judge(propagation: Supports, node: str) -> Verdict:
    """The verdict at ``node`` of a propagation (either engine)."""
    return decide(propagation.strength(node, Sign.PLUS), propagation.strength(node, Sign.MINUS))


def decided_signs(propagation: Supports, nodes: Iterable[str]) -> dict[str, Sign]:
    """The decided sign of each of ``nodes`` (``0`` ones left out)."""
    signs: dict[str, Sign] = {}
    for node in nodes:
        sign = judge(propagation, node).sign
        if sign is not Sign.NONE:
            signs[node] = sign
    return signs


def decide_arrays(plus: np.ndarray, minus: np.ndarray) -> np.ndarray:
    """:func:`decide` over arrays of supports: +1, -1, 0 (unchanged) or 2 (``?``).

    >>> import numpy as np
    >>> decide_arrays(np.array([0.95, 0.35, 0.5, 0.001]), np.array([0.05, 0.3, 0.0, 0.0])).tolist()
    [1, 2, 1, 0]
    """
    import numpy as np

    floor = STRENGTH_FLOOR * (1.0 - _TOLERANCE)
    up = (plus > 0.0) & (plus >= floor)
    down = (minus > 0.0) & (minus >= floor)
    both = up & down
    scale = DOMINANCE_RATIO * (1.0 - _TOLERANCE)
    plus_wins = both & (plus >= scale * minus)
    minus_wins = both & (minus >= scale * plus)
    out = np.where(up & ~down, 1, np.where(down & ~up, -1, 0)).astype(np.int8)
    out[both] = 2
    out[plus_wins] = 1
    out[minus_wins] = -1
    return out
