"""Carrier swaps: giving a drug of the combination in one of its nanoformulations instead of
free, judged by the difference of the two arms (:mod:`mechgraph.reasoning.difference`).

For each agent of the combination that is the payload of a formulation of the knowledge
base, the combination with the formulation in its place is compared with the combination
as given. A swap *improves* a readout when the difference goes the desirable way (lower
haematological toxicity, higher tumour delivery) and *worsens* it otherwise; *unknown*
readouts are counted. Swaps are ranked by the support of what they improve minus that of
what they worsen, then by fewer unknowns, then by name.

>>> from mechgraph import load_kb
>>> best = carrier_swaps(load_kb(), ["paclitaxel", "atezolizumab"])[0]
>>> best.replaced, best.by
('paclitaxel', 'abraxane')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mechgraph.graph.mechanism_graph import MechanismGraph
from mechgraph.kb.rules import Rule
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.resolve import NameIndex
from mechgraph.reasoning.difference import UNKNOWN, DifferenceRow, difference


@dataclass(frozen=True)
class Swap:
    """Give ``by`` (a formulation carrying ``replaced``) instead of ``replaced``."""

    replaced: str
    by: str
    improved: tuple[DifferenceRow, ...]
    worsened: tuple[DifferenceRow, ...]
    unknown: int

    @property
    def score(self) -> float:
        gain = sum(r.decision.support(r.sign) for r in self.improved)
        return gain - sum(r.decision.support(r.sign) for r in self.worsened)


def carrier_swaps(
    kb: KnowledgeBase,
    agents: Sequence[str],
    context: Mapping[str, str] | None = None,
    *,
    rules: Sequence[Rule] = (),
    graph: MechanismGraph | None = None,
    index: NameIndex | None = None,
) -> list[Swap]:
    """Every formulation that carries an agent of the combination, as a swap (see the
    module docstring), best first."""
    index = index or NameIndex(kb)
    given = [index.resolve(name).id for name in agents]
    found = []
    for agent in given:
        for form in sorted(f.id for f in kb.formulations.values() if agent in f.payloads):
            if form in given:
                continue
            swapped = [form if a == agent else a for a in given]
            rows = difference(
                kb, swapped, given, context, rules=rules, graph=graph, index=index
            ).rows
            improved = tuple(r for r in rows if r.favourable is True)
            worsened = tuple(r for r in rows if r.favourable is False)
            unknown = sum(1 for r in rows if r.word == UNKNOWN)
            found.append(Swap(agent, form, improved, worsened, unknown))
    return sorted(found, key=lambda s: (-s.score, s.unknown, s.by))
