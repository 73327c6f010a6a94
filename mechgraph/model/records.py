"""Typed records of the knowledge base: classes, entities, formulations, readouts, claims.

Every record remembers where it was curated (``source``: file and line), so that any
answer can point a curator back to the row behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from mechgraph.model.vocab import EvidenceLevel, ReadoutKind, Relation, Sign


@dataclass(frozen=True)
class SourceRef:
    """A row in a curated file."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class OntologyClass:
    """A class of the ontology schema (TBox), e.g. ``Anthracycline`` or ``PEGylatedLiposome``."""

    id: str
    label: str
    parent: str | None
    synonyms: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    definition: str = ""
    source: SourceRef | None = None

    kind = "class"

    @property
    def type(self) -> str | None:
        return self.parent


@dataclass(frozen=True)
class Entity:
    """A named thing of the domain (an individual), e.g. ``paclitaxel`` of type ``Taxane``."""

    id: str
    label: str
    type: str
    parents: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    definition: str = ""
    source: SourceRef | None = None

    kind = "entity"


Concept = OntologyClass | Entity


@dataclass(frozen=True)
class Evidence:
    """Where a statement comes from: document, section, the document's reference numbers,
    a verbatim quote (at most 25 words) and the level of evidence."""

    document: str
    section: str = ""
    refs: tuple[str, ...] = ()
    quote: str = ""
    level: EvidenceLevel = EvidenceLevel.REVIEW_STATEMENT
    curator: str = ""
    date: str = ""


@dataclass(frozen=True)
class Formulation:
    """How a formulation decomposes: a carrier with payloads and carrier properties."""

    id: str
    carrier: str
    payloads: tuple[str, ...]
    properties: tuple[str, ...] = ()
    evidence: Evidence | None = None
    source: SourceRef | None = None


@dataclass(frozen=True)
class StrategyAssignment:
    """A formulation following one of the targeting strategies of Sun et al. (Fig. 2:
    cancer cells, the tumour immune microenvironment, the peripheral immune system), a
    subclass of ``TargetingStrategy`` (``strategies.tsv``), with the text that says so."""

    formulation: str
    strategy: str
    evidence: Evidence | None = None
    source: SourceRef | None = None


@dataclass(frozen=True)
class Readout:
    """A cycle stage, cycle step or outcome reported by every query, with its desirable sign."""

    id: str
    kind: ReadoutKind
    order: int
    desirable: Sign
    stage: str | None = None
    document: str | None = None
    source: SourceRef | None = None


@dataclass(frozen=True)
class ContextKey:
    """A context key (``context_keys.tsv``), e.g. ``tumour``: the class its values belong to,
    whether a query may give only one of its values (``exclusive``) or several, and the value
    a query that does not set the key is read with (``default``: ``dose=standard``; empty
    for none, when a query without the key admits every claim)."""

    key: str
    class_id: str
    label: str = ""
    exclusive: bool = True
    definition: str = ""
    source: SourceRef | None = None
    default: str = ""


@dataclass(frozen=True)
class ContextValue:
    """An allowed value of a context key, e.g. ``dose=metronomic``; ``parent`` is a broader
    value of the same key (``TNBC`` within ``breast``): a claim about the parent holds in a
    query about the child, not the reverse."""

    key: str
    value: str
    label: str
    synonyms: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    definition: str = ""
    source: SourceRef | None = None
    parent: str | None = None


@dataclass(frozen=True)
class Document:
    """A source document that claims cite."""

    id: str
    title: str
    file: str = ""
    authors: str = ""
    citation: str = ""
    note: str = ""
    source: SourceRef | None = None


@dataclass(frozen=True)
class Section:
    """A section of a document, located in its text by the heading (``anchor``); an
    ``end`` anchor marks an insert such as a figure legend."""

    document: str
    name: str
    anchor: str
    end: str = ""
    source: SourceRef | None = None


@dataclass(frozen=True)
class NotCurated:
    """A source sentence a curator reviewed and deliberately left without a claim."""

    document: str
    section: str
    quote: str
    reason: str
    source: SourceRef | None = None


#: A claim's comparator meaning "the subject's payload drug(s), given free" (a class-level
#: "nanoformulation vs the same free drug" statement).
FREE_PAYLOAD = "free_payload"
#: A claim's scope: it holds for every member of its subject (inherited), for some (never
#: inherited), or, for a comparison, where the comparator arm acts on its object.
EVERY, SOME, CONDITIONAL = "every", "some", "conditional"
SCOPES = (EVERY, SOME, CONDITIONAL)


@dataclass(frozen=True)
class Claim:
    """One signed causal claim: *subject* increases/decreases *object* in a context.

    A claim is a record of its own (the n-ary relation pattern), so two claims about
    the same pair with different contexts or signs stay apart.

    >>> c = Claim("C1", "a", Relation.INCREASES, "b", context={"dose": frozenset({"metronomic"})},
    ...           evidence=Evidence("doc"))
    >>> c.applies_in({"dose": "high"}), c.applies_in({"dose": "metronomic"}), c.applies_in({})
    (False, True, True)
    """

    id: str
    subject: str
    relation: Relation
    object: str
    evidence: Evidence
    context: Mapping[str, frozenset[str]] = field(default_factory=dict)
    note: str = ""
    source: SourceRef | None = None
    comparator: str = ""
    background: tuple[str, ...] = ()
    scope: str = "every"
    #: the claims that give this claim's mechanism ("much probably because of ..."), by id
    via: tuple[str, ...] = ()
    #: ``context`` with, for each value, the narrower values within it (set by the loader)
    within: Mapping[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def sign(self) -> Sign:
        return self.relation.sign

    @property
    def inherited(self) -> bool:
        """Whether the claim holds for every member of its subject (``scope`` ``every``). A
        ``some`` claim (a "can be designed to" statement, a result of some products) adds no
        edge and no difference: it is browsable and used by ``suggest`` and ``hypothesize``.
        A ``conditional`` comparison holds where the comparator arm acts on its object
        ("nanoparticles are less myelotoxic than the free cytotoxic": where the free drug is
        myelotoxic)."""
        return self.scope == EVERY

    @property
    def comparative(self) -> bool:
        """A comparison of two arms (README, "Comparisons"): the subject arm is ``subject`` +
        ``background``, the comparator arm ``comparator`` + ``background`` (``comparator``
        empty: the background alone; :data:`FREE_PAYLOAD`: the subject's payloads given
        free). Its relation is the sign of the *difference* (``increases``: higher in the
        subject arm); it never adds an absolute effect."""
        return bool(self.comparator or self.background)

    def arms_text(self, label: Callable[[str], str] = str) -> str:
        """``subject [+ background] vs comparator [+ background]`` (empty if absolute), each
        node written by ``label`` (its id by default)."""
        if not self.comparative:
            return ""
        background = "".join(f" + {label(b)}" for b in self.background)
        other = "the free payload" if self.comparator == FREE_PAYLOAD else self.comparator
        other = label(other) if other and self.comparator != FREE_PAYLOAD else other
        baseline = f"{other}{background}" if other else background.removeprefix(" + ")
        return f"{label(self.subject)}{background} vs {baseline}"

    def applies_in(self, context: Mapping[str, str]) -> bool:
        """A claim applies unless the query sets a context key to values the claim excludes.

        A value is allowed when the claim names it or one of its broader values (``within``,
        filled in by the loader from ``contexts.tsv`` parents); a query value ``a|b`` (several
        values of a non-exclusive key) is allowed when one of them is."""
        allowed_by = self.within or self.context
        for key, allowed in allowed_by.items():
            if key in context and not any(v in allowed for v in context[key].split("|")):
                return False
        return True

    def context_text(self) -> str:
        return "|".join(
            f"{key}={value}" for key in sorted(self.context) for value in sorted(self.context[key])
        )
