"""Controlled vocabularies: signs, relations, evidence levels, readout kinds, context keys.

>>> Sign.parse("-") is Sign.MINUS
True
>>> EvidenceLevel.parse("clinical_phase3").weight > EvidenceLevel.parse("hypothesis").weight
True
"""

from __future__ import annotations

from enum import StrEnum


class Sign(StrEnum):
    """The qualitative sign of an effect (qualitative probabilistic networks, Wellman 1990)."""

    PLUS = "+"
    MINUS = "-"
    NONE = "0"
    AMBIGUOUS = "?"

    @classmethod
    def parse(cls, text: str) -> Sign:
        return cls(text.strip())

    def __mul__(self, other: Sign) -> Sign:  # type: ignore[override]
        """Sign product along a path: + * - = -, anything * 0 = 0, ? spreads."""
        if self is Sign.NONE or other is Sign.NONE:
            return Sign.NONE
        if self is Sign.AMBIGUOUS or other is Sign.AMBIGUOUS:
            return Sign.AMBIGUOUS
        return Sign.PLUS if self is other else Sign.MINUS

    def __add__(self, other: Sign) -> Sign:  # type: ignore[override]
        """Sign sum across parallel paths: + and - give ?, 0 is neutral."""
        if self is Sign.NONE:
            return other
        if other is Sign.NONE or self is other:
            return self
        return Sign.AMBIGUOUS


#: A sign read as the difference of one arm from another: the first arm's readout is higher,
#: lower or the same, or the knowledge base cannot tell (unknown).
DIFFERENCE_WORDS: dict[Sign, str] = {
    Sign.PLUS: "higher",
    Sign.MINUS: "lower",
    Sign.NONE: "same",
    Sign.AMBIGUOUS: "unknown",
}


class Relation(StrEnum):
    """How a claim's subject acts on its object."""

    INCREASES = "increases"
    DECREASES = "decreases"
    NO_EFFECT = "no_effect"  # a reported null result: kept for contradictions, never propagated

    @property
    def sign(self) -> Sign:
        return {"increases": Sign.PLUS, "decreases": Sign.MINUS}.get(self.value, Sign.NONE)


class EvidenceLevel(StrEnum):
    """Strength of the evidence behind a claim, strongest first."""

    CLINICAL_PHASE3 = "clinical_phase3"
    CLINICAL = "clinical"
    PRECLINICAL_IN_VIVO = "preclinical_in_vivo"
    IN_VITRO = "in_vitro"
    REVIEW_STATEMENT = "review_statement"
    HYPOTHESIS = "hypothesis"

    @classmethod
    def parse(cls, text: str) -> EvidenceLevel:
        return cls(text.strip())

    @property
    def weight(self) -> float:
        """Weight in [0, 1] used for path strength (see README, 'Strength')."""
        return EVIDENCE_WEIGHTS[self]

    @property
    def is_clinical(self) -> bool:
        return self in (EvidenceLevel.CLINICAL_PHASE3, EvidenceLevel.CLINICAL)


EVIDENCE_WEIGHTS: dict[EvidenceLevel, float] = {
    EvidenceLevel.CLINICAL_PHASE3: 0.95,
    EvidenceLevel.CLINICAL: 0.85,
    EvidenceLevel.PRECLINICAL_IN_VIVO: 0.7,
    EvidenceLevel.IN_VITRO: 0.5,
    EvidenceLevel.REVIEW_STATEMENT: 0.35,
    EvidenceLevel.HYPOTHESIS: 0.15,
}


class ReadoutKind(StrEnum):
    """What a readout is: one of Sun et al.'s four stages, a Chen & Mellman step, or an outcome."""

    STAGE = "stage"
    STEP = "step"
    OUTCOME = "outcome"
    NODE = "node"  # any other node asked for as a query target (not in readouts.tsv)


#: Context keys and the ontology class of their values.
CONTEXT_KEYS: dict[str, str] = {
    "dose": "DoseRegimen",
    "tumour": "TumourType",
    "pdl1": "PDL1Status",
    "species": "Species",
    "setting": "EvidenceSetting",
}
