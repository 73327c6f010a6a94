"""Stratification: the same query under each value of one context key, side by side.

For ``--by pdl1`` the combination's effect is computed with no value for the key (every claim
applies) and then with ``pdl1=positive`` and ``pdl1=negative``; readouts whose verdict differs
between strata are marked (sign, verdict, or the leaning of a contested readout: *changed*;
only the support of a sign: *shifted*), and for each stratum the claims it sets aside (their context
names another value of the key) among those the query reaches are listed. With a baseline
arm (``vs``), each stratum also holds the difference of the arms
(:func:`~mechgraph.reasoning.difference.difference`), and a readout is *changed* when its
difference (higher / lower / same / unknown) differs between strata. A key with a default
(``dose=standard``) has no unset stratum.

``--by`` may also name a carrier property that the reviews treat as a design variable (a
subclass of ``CarrierProperty``: ``size``, ``pegylation``, ``charge``, ``ligand``,
``composition``): the formulations among the agents are then redesigned, once without a
property of that kind and once with each property of it the knowledge base holds, and the
query is answered for each design.

>>> from mechgraph import load_kb
>>> kb = load_kb()
>>> stratify(kb, ["Abraxane"], "dose").strata
['standard', 'metronomic']
>>> design = stratify(kb, ["Doxil"], "pegylation")
>>> design.variable, design.strata
('PEGylation', [None, 'pegylated_surface'])
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from mechgraph.graph.compile import compile_kb
from mechgraph.graph.mechanism_graph import MechanismGraph
from mechgraph.kb.rules import Rule
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import Claim
from mechgraph.model.resolve import NameIndex, UnknownNameError
from mechgraph.model.vocab import Sign
from mechgraph.reasoning.difference import DifferenceResult, DifferenceRow, difference
from mechgraph.reasoning.effects import (
    EffectResult,
    EngineOptions,
    QueryError,
    ReadoutEffect,
    effect,
)


@dataclass
class Stratification:
    """The answer of :func:`stratify`: one effect per stratum (``None`` = key unset; for a
    carrier property, ``variable`` is its class and ``None`` the design without one)."""

    key: str
    strata: list[str | None]
    results: list[EffectResult]
    excluded: list[list[Claim]]  # per stratum: reached claims that do not apply in it
    graph: MechanismGraph = field(repr=False)
    differences: list[DifferenceResult] = field(default_factory=list)  # with a baseline arm
    variable: str = ""  # the CarrierProperty subclass varied, for a design stratification
    redesigned: list[str] = field(default_factory=list)  # the formulations redesigned

    def stratum_label(self, value: str | None) -> str:
        kb = self.graph.kb
        if self.variable:
            return kb.label(value) if value else f"without {kb.label(self.variable)}"
        if value is not None and (self.key, value) in kb.contexts:
            return kb.contexts[(self.key, value)].label
        return "unset (every claim applies)"

    @property
    def difference_rows(self) -> list[tuple[DifferenceRow, ...]]:
        """Per readout, its difference in each stratum (empty without a baseline arm)."""
        return [tuple(rows) for rows in zip(*(d.rows for d in self.differences), strict=True)]

    @property
    def rows(self) -> list[tuple[ReadoutEffect, ...]]:
        """Per readout, its effect in each stratum."""
        return [tuple(items) for items in zip(*(r.effects for r in self.results), strict=True)]

    def changed(self) -> list[tuple[ReadoutEffect, ...]]:
        """The readouts whose verdict, sign or (for contested ones) leaning differs between
        strata; with a baseline arm, whose difference differs."""
        if self.differences:
            return [
                row
                for row, diff in zip(self.rows, self.difference_rows, strict=True)
                if differs(diff)
            ]
        return [row for row in self.rows if is_changed(row)]

    def shifted(self) -> list[tuple[ReadoutEffect, ...]]:
        """The readouts whose verdict stays but whose support differs between strata."""
        return [row for row in self.rows if not is_changed(row) and is_shifted(row)]

    def to_dict(self) -> dict:
        from mechgraph.reasoning.serialize import claim_to_dict

        graph = self.graph
        first = self.results[0]
        return {
            "interventions": [
                {"query": i.query, "id": i.id, "label": i.label, "sign": i.sign.value}
                for i in first.interventions
            ],
            "key": self.key,
            "variable": self.variable or None,
            "redesigned": self.redesigned,
            "strata": [
                {
                    "value": value,
                    "context": dict(result.context),
                    "label": self.stratum_label(value),
                    "excluded_claims": [claim_to_dict(c, graph) for c in excluded],
                    "contradictions": len(result.contradictions),
                }
                for value, result, excluded in zip(
                    self.strata, self.results, self.excluded, strict=True
                )
            ],
            "readouts": [
                {
                    "id": row[0].readout.id,
                    "label": row[0].label,
                    "kind": row[0].readout.kind.value,
                    "changed": is_changed(row),
                    "shifted": not is_changed(row) and is_shifted(row),
                    "by_stratum": [
                        {
                            "value": value,
                            "sign": e.sign.value,
                            "reached": [x.value for x in (Sign.PLUS, Sign.MINUS) if x in e.reached],
                            "verdict": e.verdict,
                            "dominance": e.decision.outcome,
                            "leaning": _leaning(e),
                            "strength": {
                                "+": round(e.strength(Sign.PLUS), 4),
                                "-": round(e.strength(Sign.MINUS), 4),
                            },
                        }
                        for value, e in zip(self.strata, row, strict=True)
                    ],
                }
                for row in self.rows
            ],
        } | self._differences_dict()

    def _differences_dict(self) -> dict:
        if not self.differences:
            return {}
        first = self.differences[0]
        return {
            "vs": [i.id for i in first.second.interventions],
            "differences": [
                {
                    "id": rows[0].readout.id,
                    "changed": differs(rows),
                    "by_stratum": [
                        {"value": value, "difference": d.word, "reason": d.reason}
                        for value, d in zip(self.strata, rows, strict=True)
                    ],
                }
                for rows in self.difference_rows
            ],
        }


def _leaning(item: ReadoutEffect) -> str | None:
    lean = item.leaning
    return None if lean is None else lean[0].value


def differs(rows: Sequence[DifferenceRow]) -> bool:
    """The difference from the baseline (higher / lower / same / unknown) differs between
    strata."""
    return len({d.word for d in rows}) > 1


def is_changed(row: Sequence[ReadoutEffect]) -> bool:
    """Sign, verdict or leaning differs between the strata."""
    return len({(e.sign, e.verdict, _leaning(e)) for e in row}) > 1


def is_shifted(row: Sequence[ReadoutEffect], tolerance: float = 0.005) -> bool:
    """The support of either sign differs by more than ``tolerance`` between strata."""
    for sign in (Sign.PLUS, Sign.MINUS):
        values = [e.strength(sign) for e in row]
        if max(values) - min(values) > tolerance:
            return True
    return False


def stratify(
    kb: KnowledgeBase,
    agents: Sequence[str],
    key: str,
    context: Mapping[str, str] | None = None,
    *,
    inhibit: Sequence[str] = (),
    vs: Sequence[str] = (),
    targets: Sequence[str] = (),
    rules: Sequence[Rule] = (),
    graph: MechanismGraph | None = None,
    index: NameIndex | None = None,
) -> Stratification:
    """The effect of ``agents`` with ``key`` unset, then under each of its values (and, with
    ``vs``, the difference from that arm in each stratum); ``targets`` restricts the
    readouts. A key with a default (``dose=standard``) is never unset: its strata are its
    values."""
    if vs and inhibit:
        raise QueryError("--inhibit cannot be combined with --vs (compare two arms of agents)")
    context = dict(context or {})
    index = index or NameIndex(kb)
    if kb.context_key(key) is None:
        variable = carrier_variable(kb, index, key)
        if variable:
            return _stratify_design(
                kb, agents, key, variable, context, inhibit, vs, targets, rules, index
            )
        known = ", ".join(kb.known_context_keys())
        raise QueryError(
            f"unknown context key or carrier property '{key}' (context keys: {known}; "
            f"carrier properties: {', '.join(carrier_variables(kb))})"
        )
    if key in context:
        raise QueryError(f"--by {key} and --context {key}=... cannot be combined")
    values = [v for k, v in kb.contexts if k == key]
    if not values:
        raise QueryError(f"the knowledge base defines no value for '{key}'")
    default = kb.declared_context_key(key).default  # declared: checked above
    strata: list[str | None] = [*values] if default else [None, *values]
    results, excluded, differences = [], [], []
    for value in strata:
        ctx = dict(context) if value is None else {**context, key: value}
        options = EngineOptions(targets=targets, rules=rules, graph=graph, index=index)
        if vs:
            differences.append(difference(kb, agents, vs, ctx, **options))
            result = differences[-1].first
        else:
            result = effect(kb, agents, ctx, inhibit=inhibit, **options)
        results.append(result)
        prop = result.propagation
        excluded.append(
            [
                c
                for c in kb.claims
                if value is not None
                and key in c.context
                and value not in c.context[key]
                and prop.is_reached(c.subject)
            ]
        )
    return Stratification(
        key, strata, results, excluded, graph or results[0].propagation.graph, differences
    )


#: The class of the design variables :func:`stratify` may vary.
CARRIER_PROPERTY = "CarrierProperty"


def carrier_variables(kb: KnowledgeBase) -> list[str]:
    """The subclasses of ``CarrierProperty`` that have at least one property entity."""
    return sorted(
        c
        for c in kb.classes
        if c != CARRIER_PROPERTY
        and kb.is_a(c, CARRIER_PROPERTY)
        and any(e.type == c for e in kb.entities.values())
    )


def carrier_variable(kb: KnowledgeBase, index: NameIndex, name: str) -> str | None:
    """The subclass of ``CarrierProperty`` that ``name`` names (``size`` is SizeProperty),
    or None."""
    try:
        concept = index.resolve(name)
    except UnknownNameError:
        return None
    return concept.id if concept.id in carrier_variables(kb) else None


def _redesigned(kb: KnowledgeBase, forms: Sequence[str], variable: str, value: str | None):
    """A copy of ``kb`` whose formulations ``forms`` carry ``value`` (a property entity of
    class ``variable``) instead of their own properties of that class (none if None)."""
    variant = copy.copy(kb)
    variant.formulations = dict(kb.formulations)
    for form_id in forms:
        form = kb.formulations[form_id]
        kept = tuple(p for p in form.properties if not kb.is_a(p, variable))
        variant.formulations[form_id] = replace(form, properties=kept + ((value,) if value else ()))
    return variant


def _stratify_design(
    kb: KnowledgeBase,
    agents: Sequence[str],
    key: str,
    variable: str,
    context: Mapping[str, str],
    inhibit: Sequence[str],
    vs: Sequence[str],
    targets: Sequence[str],
    rules: Sequence[Rule],
    index: NameIndex,
) -> Stratification:
    """:func:`stratify` over the designs of the agents' formulations: without a property of
    class ``variable``, then with each property of it."""
    ids = [index.resolve(name).id for name in agents]
    forms = [f for f in dict.fromkeys(ids) if f in kb.formulations]
    if not forms:
        raise QueryError(
            f"--by {key} redesigns the carrier of a formulation, and none of the agents is one "
            f"(formulations.tsv)"
        )
    values = sorted(e.id for e in kb.entities.values() if e.type == variable)
    strata: list[str | None] = [None, *values]
    results, differences = [], []
    for value in strata:
        variant = _redesigned(kb, forms, variable, value)
        options = EngineOptions(
            targets=targets, rules=rules, graph=compile_kb(variant), index=index
        )
        if vs:
            differences.append(difference(variant, agents, vs, context, **options))
            results.append(differences[-1].first)
        else:
            results.append(effect(variant, agents, context, inhibit=inhibit, **options))
    return Stratification(
        key,
        strata,
        results,
        [[] for _ in strata],
        results[0].propagation.graph,
        differences,
        variable=variable,
        redesigned=forms,
    )
