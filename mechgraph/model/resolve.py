"""Find classes and entities by identifier, label, synonym or brand name.

Matching ignores case, trademark signs and the difference between spaces, hyphens
and underscores, so ``Abraxane``, ``nab-paclitaxel`` and ``NAB paclitaxel`` all work.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from mechgraph.model.errors import MechgraphError
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import Concept

_SEPARATORS = re.compile(r"[\s\-_]+")


class UnknownNameError(MechgraphError, LookupError):
    """No class or entity matches a name; ``suggestions`` holds the closest names."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown name '{name}'{hint}")


def normalise_name(text: str) -> str:
    """Key used for matching: lower case, no ®/™, runs of space/-/_ folded to one space.

    >>> normalise_name("Nab-Paclitaxel®")
    'nab paclitaxel'
    """
    text = text.replace("®", "").replace("™", "").casefold()
    return _SEPARATORS.sub(" ", text).strip()


@dataclass(frozen=True)
class Match:
    """A search hit: the concept and the name it matched by."""

    concept: Concept
    matched: str
    how: str  # "id", "label", "synonym", "xref" or "text"

    def to_dict(self) -> dict[str, str | None]:
        """The hit as ``search --json`` prints it."""
        c = self.concept
        return {
            "id": c.id,
            "label": c.label,
            "kind": c.kind,
            "type": c.type,
            "matched": self.matched,
            "how": self.how,
        }


class NameIndex:
    """Exact-name index over the knowledge base's concepts (built once per knowledge base)."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._by_key: dict[str, list[tuple[Concept, str, str]]] = {}
        seen: set[tuple[str, str]] = set()  # (key, concept id) already indexed
        for concept in kb.concepts():
            self._add(concept.id, concept, "id", seen)
            self._add(concept.label, concept, "label", seen)
            for synonym in concept.synonyms:
                self._add(synonym, concept, "synonym", seen)
            for xref in concept.xrefs:
                self._add(xref, concept, "xref", seen)

    def _add(self, name: str, concept: Concept, how: str, seen: set[tuple[str, str]]) -> None:
        """Index ``name`` for ``concept`` (once per concept and key: a set, not a scan of the
        key's entries, so that many concepts sharing a name stay linear)."""
        key = normalise_name(name)
        if (key, concept.id) not in seen:
            seen.add((key, concept.id))
            self._by_key.setdefault(key, []).append((concept, name, how))

    def collisions(self) -> dict[str, list[str]]:
        """Names (ids, labels, synonyms) that more than one concept answers to."""
        found: dict[str, list[str]] = {}
        for key, entries in self._by_key.items():
            named = [c.id for c, _, how in entries if how != "xref"]
            if len(named) > 1:
                found[key] = named
        return found

    def resolve(self, name: str) -> Concept:
        """The one concept a name stands for; UnknownNameError with suggestions otherwise."""
        entries = self._by_key.get(normalise_name(name), [])
        # An entity's id or label wins over a class that shares a synonym with it.
        if len(entries) > 1:
            direct = [e for e in entries if e[2] in ("id", "label")]
            entries = direct if len(direct) == 1 else entries
        if len(entries) == 1:
            return entries[0][0]
        if entries:
            ids = sorted(c.id for c, _, _ in entries)
            raise UnknownNameError(name, ids)
        raise UnknownNameError(name, self.suggest(name))

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """The closest known names (by spelling), each shown as it was curated."""
        keys = difflib.get_close_matches(normalise_name(name), self._by_key, n=limit, cutoff=0.6)
        labels = [concept.label for key in keys for concept, _, _ in self._by_key[key]]
        return list(dict.fromkeys(labels))[:limit]

    def search(self, text: str, limit: int = 20) -> list[Match]:
        """Concepts whose id, label, synonyms or xrefs contain the text, best matches first."""
        needle = normalise_name(text)
        hits: dict[str, tuple[int, Match]] = {}
        for key, entries in self._by_key.items():
            if needle not in key:
                continue
            rank = 0 if key == needle else 1 if key.startswith(needle) else 2
            for concept, name, how in entries:
                best = hits.get(concept.id)
                if best is None or rank < best[0]:
                    hits[concept.id] = (rank, Match(concept, name, how))
        for concept in self.kb.concepts():
            if concept.id not in hits and needle in normalise_name(concept.definition):
                hits[concept.id] = (3, Match(concept, concept.definition, "text"))
        ordered = sorted(hits.values(), key=lambda item: (item[0], item[1].concept.label.lower()))
        return [match for _, match in ordered[:limit]]
