"""Screening against a baseline: combinations ranked by how they *differ* from a baseline arm
(``mechgraph screen --vs``).

For each combination, :func:`~mechgraph.reasoning.difference.difference` from the baseline
gives, per readout, *higher*, *lower*, *same* or *unknown* with its support. Score = sum of
the support of the favourable differences (higher where more is desirable, lower where less
is) minus the sum of the support of the unfavourable ones; *unknown* readouts add nothing and
are counted. Rows are ranked by score, then by fewer unknowns, then by more favourable
differences, then by name: a total order, so no tie is broken by accident. The baseline is
one arm for every row, or ``partner``: each combination's partner alone (``--with``), which
ranks what the other agents *add* to it.

>>> from mechgraph import load_kb
>>> result = screen_against(load_kb(), [("abraxane",), ("paclitaxel",)], ["paclitaxel"])
>>> result.rows[0].agents
('abraxane',)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from mechgraph.graph.mechanism_graph import MechanismGraph
from mechgraph.kb.rules import Rule
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import Readout
from mechgraph.model.resolve import NameIndex
from mechgraph.model.vocab import ReadoutKind
from mechgraph.reasoning.difference import UNKNOWN, difference
from mechgraph.reasoning.screen import RankedRow, RankedRows

PARTNER = "partner"
SYMBOL = {"higher": "+", "lower": "-", "same": "=", "unknown": "?"}


@dataclass(frozen=True, kw_only=True)
class DifferenceScreenRow(RankedRow):
    """One combination against its baseline: the difference and its support per readout."""

    baseline: tuple[str, ...]
    words: tuple[str, ...]
    supports: tuple[float, ...]
    unknown: int

    def rank_key(self) -> tuple:
        return (-self.score, self.unknown, -self.favourable, self.name)


@dataclass
class DifferenceScreen(RankedRows[DifferenceScreenRow]):
    """The answer of :func:`screen_against`: rows ranked best first."""

    def to_dict(self, top: int | None = None) -> dict:
        return {
            "context": dict(self.context),
            "score": "sum of the support of favourable differences minus that of unfavourable "
            "ones; unknown readouts are counted, not scored",
            "ranking": "score, then fewer unknown, then more favourable, then name",
            "readouts": [
                {"id": r.id, "label": self.graph.label(r.id), "desirable": r.desirable.value}
                for r in self.readouts
            ],
            "combinations": len(self.rows),
            "rows": [
                {
                    **row.summary(rank, row.baseline),
                    "unknown": row.unknown,
                    "differences": {
                        r.id: {"difference": w, "support": round(s, 4)}
                        for r, w, s in zip(self.readouts, row.words, row.supports, strict=True)
                    },
                }
                for rank, row in enumerate(self.top(top), start=1)
            ],
        }


def screen_against(
    kb: KnowledgeBase,
    combinations: Iterable[Sequence[str]],
    baseline: Sequence[str],
    context: Mapping[str, str] | None = None,
    *,
    partners: Sequence[str] = (),
    readouts: Sequence[Readout] | None = None,
    rules: Sequence[Rule] = (),
    graph: MechanismGraph | None = None,
    index: NameIndex | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> DifferenceScreen:
    """Rank ``combinations`` (node ids) by their difference from ``baseline`` (node ids, or
    ``[PARTNER]``: each combination's member that is in ``partners``)."""
    from mechgraph.graph.compile import compile_kb

    graph = graph or compile_kb(kb)
    index = index or NameIndex(kb)
    if readouts is None:
        order = {ReadoutKind.STEP: 0, ReadoutKind.OUTCOME: 1}
        readouts = sorted(
            (r for r in kb.readouts.values() if r.kind in order),
            key=lambda r: (order[r.kind], r.order),
        )
    targets = [r.id for r in readouts]
    combos = list(dict.fromkeys(tuple(c) for c in combinations))
    rows = []
    for done, combo in enumerate(combos, 1):
        base = tuple(p for p in combo if p in partners) if list(baseline) == [PARTNER] else baseline
        if not base or set(base) == set(combo):
            continue  # nothing to compare with: the combination is its own baseline
        answer = difference(
            kb,
            list(combo),
            list(base),
            context,
            targets=targets,
            rules=rules,
            graph=graph,
            index=index,
            paths_per_sign=1,
        )
        rows.append(_row(kb, combo, tuple(base), answer.rows))
        if progress is not None:
            progress("combinations", done, len(combos))
    rows.sort(key=DifferenceScreenRow.rank_key)
    return DifferenceScreen(graph, tuple(readouts), rows, dict(context or {}))


def _row(kb: KnowledgeBase, combo, base, differences) -> DifferenceScreenRow:
    words, supports = [], []
    score, favourable, unfavourable, unknown = 0.0, 0, 0, 0
    for row in differences:
        words.append(row.word)
        support = row.decision.support(row.sign)  # 0 for same and unknown
        supports.append(support)
        if row.word == UNKNOWN:
            unknown += 1
        elif row.favourable is True:
            score, favourable = score + support, favourable + 1
        elif row.favourable is False:
            score, unfavourable = score - support, unfavourable + 1
    return DifferenceScreenRow(
        agents=tuple(combo),
        labels=tuple(kb.label(a) for a in combo),
        baseline=base,
        words=tuple(words),
        supports=tuple(supports),
        score=score,
        favourable=favourable,
        unfavourable=unfavourable,
        unknown=unknown,
    )
