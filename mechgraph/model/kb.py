"""The knowledge base: every curated record, indexed for lookup."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mechgraph.model.records import (
    Claim,
    Concept,
    ContextKey,
    ContextValue,
    Document,
    Entity,
    Formulation,
    NotCurated,
    OntologyClass,
    Readout,
    Section,
    StrategyAssignment,
)


@dataclass
class KnowledgeBase:
    """Classes (TBox), entities (ABox), formulations, readouts, contexts, documents and claims.

    Build one with :func:`mechgraph.load_kb`; records keep the file and line they came from.
    """

    classes: dict[str, OntologyClass] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    formulations: dict[str, Formulation] = field(default_factory=dict)
    readouts: dict[str, Readout] = field(default_factory=dict)
    contexts: dict[tuple[str, str], ContextValue] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    sections: dict[str, list[Section]] = field(default_factory=dict)
    not_curated: list[NotCurated] = field(default_factory=list)
    root: Path | None = None
    context_keys: dict[str, ContextKey] = field(default_factory=dict)
    strategies: list[StrategyAssignment] = field(default_factory=list)

    def strategies_of(self, formulation: str) -> tuple[str, ...]:
        """The targeting strategies ``formulation`` follows (``strategies.tsv``), in order."""
        return tuple(
            dict.fromkeys(a.strategy for a in self.strategies if a.formulation == formulation)
        )

    def following(self, strategy: str) -> list[str]:
        """The formulations that follow ``strategy`` or one of its subclasses, sorted."""
        return sorted({a.formulation for a in self.strategies if self.is_a(a.strategy, strategy)})

    def context_key(self, key: str) -> ContextKey | None:
        """A declared context key (``context_keys.tsv``; without that table, the built-in
        keys of :data:`~mechgraph.model.vocab.CONTEXT_KEYS`)."""
        if self.context_keys:
            return self.context_keys.get(key)
        from mechgraph.model.vocab import CONTEXT_KEYS

        return ContextKey(key, CONTEXT_KEYS[key]) if key in CONTEXT_KEYS else None

    def declared_context_key(self, key: str) -> ContextKey:
        """:meth:`context_key` for a key known to be declared: one of
        :meth:`known_context_keys`, or the key of a value in ``contexts`` (the loader keeps
        no value of an undeclared key)."""
        found = self.context_key(key)
        assert found is not None, f"undeclared context key {key!r}"
        return found

    def known_context_keys(self) -> list[str]:
        from mechgraph.model.vocab import CONTEXT_KEYS

        return list(self.context_keys or CONTEXT_KEYS)

    def narrower_values(self, key: str, value: str) -> set[str]:
        """``value`` and every value of ``key`` within it (its children, theirs...)."""
        found, todo = {value}, [value]
        while todo:
            parent = todo.pop()
            for (k, v), record in self.contexts.items():
                if k == key and record.parent == parent and v not in found:
                    found.add(v)
                    todo.append(v)
        return found

    def concept(self, node_id: str) -> Concept | None:
        """The class or entity with this id, or None."""
        return self.entities.get(node_id) or self.classes.get(node_id)

    def concepts(self) -> Iterator[Concept]:
        yield from self.classes.values()
        yield from self.entities.values()

    def label(self, node_id: str) -> str:
        concept = self.concept(node_id)
        return concept.label if concept else node_id

    def type_of(self, node_id: str) -> str | None:
        """The schema class an entity belongs to, or the parent class of a class."""
        concept = self.concept(node_id)
        return concept.type if concept else None

    def superclasses(self, class_id: str) -> list[str]:
        """A class followed by its ancestors up to the root, nearest first (a loop of
        parents is followed once round)."""
        chain: list[str] = []
        seen: set[str] = set()
        current: str | None = class_id
        while current and current in self.classes and current not in seen:
            chain.append(current)
            seen.add(current)
            current = self.classes[current].parent
        return chain

    def members(self, target: str) -> set[str]:
        """Every node for which :meth:`is_a` ``(node, target)`` holds: ``target`` and the
        classes and entities that reach it through types, parent classes and entity parents.
        One pass over the knowledge base (faster than :meth:`is_a` for each node)."""
        children: dict[str, list[str]] = {}
        for concept in self.concepts():
            for parent in (concept.type, *getattr(concept, "parents", ())):
                if parent:
                    children.setdefault(parent, []).append(concept.id)
        found, todo = {target}, [target]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return found

    def is_a(self, node_id: str, target: str) -> bool:
        """True if the node is ``target`` or reaches it through types, parent classes and
        entity parents (the ``is_a`` edges the graph compiler adds)."""
        seen, todo = set(), [node_id]
        while todo:
            node = todo.pop()
            if node == target:
                return True
            if node in seen:
                continue
            seen.add(node)
            concept = self.concept(node)
            if concept is not None:
                todo += [p for p in (concept.type, *getattr(concept, "parents", ())) if p]
        return False

    def includes(self, node_id: str, target: str) -> bool:
        """True if the node is (a member of) ``target`` or is a formulation whose carrier or
        a payload is (at any depth of nested formulations): what a rule's ``requires`` asks
        of an intervention."""
        seen, todo = set(), [node_id]
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            if self.is_a(node, target):
                return True
            form = self.formulations.get(node)
            if form is not None:
                todo += [form.carrier, *form.payloads]
        return False

    def mechanism(self, claim: Claim) -> list[Claim]:
        """The claims that give ``claim``'s mechanism (its ``via`` ids, then theirs), each
        once, in the order met."""
        by_id = {c.id: c for c in self.claims} if claim.via else {}
        found: list[Claim] = []
        todo = list(claim.via)
        while todo:
            ref = todo.pop(0)
            if ref in by_id and by_id[ref] not in found and ref != claim.id:
                found.append(by_id[ref])
                todo += by_id[ref].via
        return found

    def stats(self) -> dict[str, object]:
        """Counts of what the knowledge base holds."""
        with_xref = sum(1 for c in self.entities.values() if c.xrefs)
        by_level: dict[str, int] = {}
        by_document: dict[str, int] = {}
        by_relation: dict[str, int] = {}
        for claim in self.claims:
            by_level[claim.evidence.level.value] = by_level.get(claim.evidence.level.value, 0) + 1
            by_document[claim.evidence.document] = by_document.get(claim.evidence.document, 0) + 1
            by_relation[claim.relation.value] = by_relation.get(claim.relation.value, 0) + 1
        return {
            "claims": len(self.claims),
            "entities": len(self.entities),
            "classes": len(self.classes),
            "formulations": len(self.formulations),
            "documents": len(self.documents),
            "readouts": len(self.readouts),
            "entities_with_xrefs": with_xref,
            "entity_xref_share": round(with_xref / len(self.entities), 3) if self.entities else 0.0,
            "classes_with_xrefs": sum(1 for c in self.classes.values() if c.xrefs),
            "formulations_with_strategy": len(
                {a.formulation for a in self.strategies} & set(self.formulations)
            ),
            "claims_by_evidence_level": by_level,
            "claims_by_document": by_document,
            "claims_by_relation": by_relation,
        }
