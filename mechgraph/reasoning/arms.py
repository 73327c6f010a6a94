"""Which comparative claims speak of the components of a query's arms.

A claim's subject, comparator or background *covers* a component given in a query when it
is that node, a class the component belongs to, or, for a formulation, its carrier's or a
carrier property's class (:func:`covers`). :func:`comparisons_on_record` lists the
comparisons whose subject and background the agents of one query cover: what the sources
say about giving this combination *against something else*, answered by ``effect ... --vs``.

>>> from mechgraph import load_kb
>>> kb = load_kb()
>>> covers(kb, "Nanocarrier", "abraxane"), covers(kb, "Liposome", "abraxane")
(True, False)
>>> "C0103" in [c.id for c in comparisons_on_record(kb, ["doxil", "avelumab"], {})]
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import SOME, Claim


def covers(kb: KnowledgeBase, claimed: str, given: str) -> bool:
    """Whether a claim's ``claimed`` item speaks of the query's ``given`` component: the
    same node, a class it belongs to, or (for a formulation) its carrier's or a property's
    class."""
    if given == claimed or kb.is_a(given, claimed):
        return True
    form = kb.formulations.get(given)
    return form is not None and any(
        part == claimed or kb.is_a(part, claimed) for part in (form.carrier, *form.properties)
    )


def payloads(kb: KnowledgeBase, node: str) -> tuple[str, ...]:
    """The payloads of a formulation (empty for anything else)."""
    form = kb.formulations.get(node)
    return form.payloads if form else ()


def comparisons_on_record(
    kb: KnowledgeBase, agents: Sequence[str], context: Mapping[str, str], *, strict: bool = True
) -> list[Claim]:
    """The comparative claims about these agents: not of scope ``some``, applying in
    ``context``, whose subject is an entity (not a class: "nanoparticles vs free drugs" is
    about every carrier) that is one of ``agents`` or that they are a kind of, with the rest
    of its arm, the background, among the others. E.g. for Doxil + avelumab, JAVELIN
    Ovarian 200 (C0103: Doxil added to avelumab). ``strict`` False also takes class subjects
    and ``some`` claims (what was seen for some nanomedicines + ICI vs ICI in preclinical
    studies: evidence about such arms, not a result for these)."""
    found = []
    for claim in kb.claims:
        if not claim.comparative or not claim.applies_in(context):
            continue
        if strict and (claim.scope == SOME or claim.subject not in kb.entities):
            continue
        for agent in agents:
            others = [a for a in agents if a != agent]
            if covers(kb, claim.subject, agent) and all(
                any(covers(kb, b, o) for o in others) for b in claim.background
            ):
                found.append(claim)
                break
    return found
