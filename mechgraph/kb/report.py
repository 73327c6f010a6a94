"""The curator's quality report: checks beyond loading (``mechgraph validate``).

The loader (:mod:`mechgraph.kb.loader`) reports what makes a row unusable. This module
adds what a curator should look at in a knowledge base that loads:

* ``conflicting-claims``: claims about the same subject and object with opposite signs in
  compatible contexts (WARN), or an effect against a reported null result (INFO);
* ``unused-entity`` / ``unused-class`` / ``unused-document``: records nothing refers to;
* ``context-class``: a context key whose class is missing from classes.tsv (WARN);
* ``layout``: a table not in the canonical layout of ``mechgraph fmt`` (INFO);
* ``owl-consistency``: the OWL export checked by the HermiT reasoner (slow: on request).

It has its own small implementation of the conflict check, so that the loading layer does
not depend on the reasoning layer.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterable, Mapping
from itertools import combinations
from pathlib import Path
from typing import Any

from mechgraph.kb.format import kb_layout
from mechgraph.kb.loader import shown_file
from mechgraph.kb.locate import display_path
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.problems import Level, Problem
from mechgraph.model.records import Claim, SourceRef
from mechgraph.model.vocab import Relation

#: Classes the loader and the graph refer to by name: never reported as unused.
STRUCTURAL_CLASSES = frozenset({"Formulation", "Nanocarrier", "CarrierProperty"})


def _where(kb: KnowledgeBase, source: SourceRef | None, fallback: str) -> tuple[str, int]:
    if source is None:
        root = Path(kb.root) if kb.root is not None else Path()
        return display_path(root / fallback), 0
    return shown_file(kb, source), source.line


def compatible(a: Claim, b: Claim) -> bool:
    """Two claims can hold together unless a shared context key has disjoint values."""
    return _compatible(a.context, b.context)


def _compatible(a: Mapping[str, frozenset[str]], b: Mapping[str, frozenset[str]]) -> bool:
    return all(a[key] & b[key] for key in a.keys() & b.keys())


def conflicting_claims(kb: KnowledgeBase) -> list[Problem]:
    """One problem per subject/object pair whose claims disagree in compatible contexts.

    Reported at the row of the last claim involved (usually the one just added). Claims of
    a pair are grouped by relation and context first, and the groups compared, so that
    thousands of claims on one pair take linear time, not a comparison of every two.
    """
    by_pair: dict[tuple[str, str, str, tuple[str, ...]], list[Claim]] = {}
    for claim in kb.claims:  # a comparison disagrees only with the same comparison
        key = (claim.subject, claim.object, claim.comparator, claim.background)
        by_pair.setdefault(key, []).append(claim)
    problems = []
    for (subject, obj, _, _), group in by_pair.items():
        kinds: dict[tuple[Relation, tuple], list[Claim]] = {}
        for claim in group:
            signature = tuple(sorted(claim.context.items()))
            kinds.setdefault((claim.relation, signature), []).append(claim)
        involved_ids: set[str] = set()
        opposite = False
        for (rel_a, sig_a), (rel_b, sig_b) in combinations(kinds, 2):
            if rel_a is rel_b or not _compatible(dict(sig_a), dict(sig_b)):
                continue
            involved_ids.update(c.id for c in kinds[(rel_a, sig_a)] + kinds[(rel_b, sig_b)])
            opposite |= Relation.NO_EFFECT not in (rel_a, rel_b)
        if not involved_ids:
            continue
        involved = [c for c in group if c.id in involved_ids]
        sides = {
            relation.value.replace("_", " "): [c.id for c in involved if c.relation is relation]
            for relation in Relation
        }
        listed = " vs ".join(f"{name} ({_ids(ids)})" for name, ids in sides.items() if ids)
        last = max(involved, key=lambda c: c.source.line if c.source else 0)
        file, line = _where(kb, last.source, "claims.tsv")
        what = "opposite signs" if opposite else "an effect and a null result"
        problems.append(
            Problem(
                file,
                line,
                f"claims on {subject} -> {obj} give {what} in compatible contexts: {listed}",
                "conflicting-claims",
                Level.WARN if opposite else Level.INFO,
            )
        )
    return problems


def _ids(ids: list[str], limit: int = 10) -> str:
    shown = ", ".join(ids[:limit])
    return f"{shown} and {len(ids) - limit:,} more" if len(ids) > limit else shown


def _ancestors(kb: KnowledgeBase, node: str) -> set[str]:
    """The classes and parent entities a node belongs to (itself included)."""
    seen, todo = set(), [node]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        concept = kb.concept(current)
        if concept is not None:
            todo += [p for p in (concept.type, *getattr(concept, "parents", ())) if p]
    return seen


def unused_records(kb: KnowledgeBase, rule_nodes: Iterable[str] = ()) -> list[Problem]:
    """Entities, classes and documents that nothing refers to.

    An entity no claim, formulation, readout, rule or parent column names is a WARN when
    no claim applies to it through its classes either (it can neither act nor be reached),
    and INFO when it acts only through claims about its classes.
    """
    in_claims = {
        node for c in kb.claims for node in (c.subject, c.object, c.comparator, *c.background)
    }
    used = _named_nodes(kb) | in_claims | set(rule_nodes)
    return [
        *_unused_entities(kb, used, in_claims),
        *_unused_classes(kb, used),
        *_unused_documents(kb),
    ]


def _named_nodes(kb: KnowledgeBase) -> set[str]:
    """The nodes a formulation, a readout, an entity's type or parents, or a class's parent
    names."""
    used: set[str] = set()
    for form in kb.formulations.values():
        used |= {form.id, form.carrier, *form.payloads, *form.properties}
    for readout in kb.readouts.values():
        used |= {readout.id, readout.stage or readout.id}
    for entity in kb.entities.values():
        used |= {entity.type, *entity.parents}
    for cls in kb.classes.values():
        if cls.parent:
            used.add(cls.parent)
    return used


def _unused_entities(kb: KnowledgeBase, used: set[str], in_claims: set[str]) -> list[Problem]:
    """The entities not ``used``: INFO when claims about their classes apply to them, WARN
    when nothing does."""
    problems = []
    for entity in kb.entities.values():
        if entity.id in used:
            continue
        through = sorted((_ancestors(kb, entity.id) - {entity.id}) & in_claims)
        if through:
            problems.append(
                _unused(
                    kb,
                    entity.source,
                    "entities.tsv",
                    f"'{entity.id}' is named by no claim, formulation or readout; it acts only "
                    f"through claims about {', '.join(through)}",
                    "unused-entity",
                    hint="fine for an agent that acts through its class; add claims about it if "
                    "the sources say more",
                )
            )
        else:
            problems.append(
                _unused(
                    kb,
                    entity.source,
                    "entities.tsv",
                    f"'{entity.id}' is named by no claim, formulation, readout, rule or parent "
                    "column, and no claim applies to its classes: queries cannot reach it",
                    "unused-entity",
                    Level.WARN,
                )
            )
    return problems


def _unused_classes(kb: KnowledgeBase, used: set[str]) -> list[Problem]:
    """The classes not ``used`` that type no context key and are not structural (INFO)."""
    context_classes = {kb.declared_context_key(k).class_id for k in kb.known_context_keys()}
    return [
        _unused(
            kb,
            cls.source,
            "classes.tsv",
            f"class '{cls.id}' has no members, subclasses or claims",
            "unused-class",
        )
        for cls in kb.classes.values()
        if cls.id not in used and cls.id not in context_classes and cls.id not in STRUCTURAL_CLASSES
    ]


def _unused_documents(kb: KnowledgeBase) -> list[Problem]:
    """The documents no claim, formulation, readout or reviewed sentence cites (INFO)."""
    cited = {c.evidence.document for c in kb.claims}
    cited |= {f.evidence.document for f in kb.formulations.values() if f.evidence}
    cited |= {r.document for r in kb.readouts.values() if r.document}
    cited |= {n.document for n in kb.not_curated}
    return [
        _unused(
            kb,
            doc.source,
            "documents.tsv",
            f"document '{doc.id}' is cited by no claim, formulation or readout",
            "unused-document",
        )
        for doc in kb.documents.values()
        if doc.id not in cited
    ]


def _unused(
    kb: KnowledgeBase,
    source: SourceRef | None,
    table: str,
    message: str,
    rule: str,
    level: Level = Level.INFO,
    hint: str = "",
) -> Problem:
    """The problem of an unused record, at its row (of ``table`` when it has none)."""
    file, line = _where(kb, source, table)
    return Problem(file, line, message, rule, level, hint)


def context_classes(kb: KnowledgeBase) -> list[Problem]:
    """Each context key in use needs its class in classes.tsv (the OWL export types the
    context values with it)."""
    problems = []
    for key in kb.known_context_keys():
        class_id = kb.declared_context_key(key).class_id
        values = [record for (k, _), record in kb.contexts.items() if k == key]
        if values and class_id not in kb.classes:
            file, line = _where(kb, values[0].source, "contexts.tsv")
            problems.append(
                Problem(
                    file,
                    line,
                    f"context key '{key}' has values but its class '{class_id}' is not in "
                    "classes.tsv (the OWL export needs it)",
                    "context-class",
                    Level.WARN,
                    f"add a row '{class_id}' to classes.tsv (parent ContextValue)",
                )
            )
    return problems


def layout_problems(root: Path, overrides: Mapping[str, str] | None = None) -> list[Problem]:
    """One INFO per table that ``mechgraph fmt`` would change (tables it cannot lay out are
    skipped: the loader reports why)."""
    problems = []
    for table in kb_layout(root, overrides):
        if table.changed:
            problems.append(
                Problem(
                    table.display,
                    table.first_difference(),
                    "not in canonical layout from this line on (order of rows or columns, "
                    "spaces around cells or '|', blank lines)",
                    "layout",
                    Level.INFO,
                )
            )
    return problems


def java_executable() -> str | None:
    """The Java runtime owlready2 would use, or None when there is none."""
    import owlready2

    java = owlready2.JAVA_EXE
    found = shutil.which(java)
    if found:
        return found
    return java if os.path.isfile(java) and os.access(java, os.X_OK) else None


def owl_consistency(
    kb: KnowledgeBase, build: Callable[[KnowledgeBase], Any], root: Path | None = None
) -> tuple[list[Problem], str]:
    """Check the OWL form of the knowledge base with HermiT (owlready2).

    ``build`` turns the knowledge base into an owlready2 ontology (the OWL export's
    ``build_ontology``; passed in so that this layer does not import the export layer;
    ``Any``: owlready2 has no type hints).
    Returns the problems (an inconsistent ontology, unsatisfiable classes; an INFO when the
    check is skipped for lack of Java, a WARN when the reasoner fails) and a one-line note.
    """
    import owlready2

    where = display_path(root / "classes.tsv") if root is not None else "classes.tsv"
    if java_executable() is None:
        message = "OWL consistency not checked: no Java runtime found (HermiT needs Java)"
        hint = "install Java 11 or later (e.g. apt-get install default-jre), or set JAVA_HOME"
        return [Problem(where, 0, message, "owl-consistency", Level.INFO, hint)], message
    start = time.perf_counter()
    try:
        ontology = build(kb)
    except Exception as exc:  # a knowledge base the export cannot handle: say so, do not crash
        problem = Problem(
            where,
            0,
            f"the OWL form could not be built ({type(exc).__name__}: {exc})",
            "owl-consistency",
            Level.WARN,
            "run 'mechgraph export --format owl -o kb.owl' to see the failure; check the "
            "warnings above (e.g. context-class)",
        )
        return [problem], "OWL consistency not checked: the OWL form could not be built"
    world = ontology.world
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        seconds = time.perf_counter() - start
        problem = Problem(
            where,
            0,
            "the OWL form of the knowledge base is inconsistent (HermiT)",
            "owl-consistency",
        )
        return [problem], f"OWL consistency (HermiT, {seconds:.1f} s): inconsistent"
    except Exception as exc:  # the reasoner runs in Java: report its failure, do not crash
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[-1][:200]
        problem = Problem(
            where,
            0,
            f"the HermiT reasoner failed: {first}",
            "owl-consistency",
            Level.WARN,
            "check that 'java -version' works (Java 11 or later) and run again",
        )
        return [problem], "OWL consistency not checked: the reasoner failed"
    seconds = time.perf_counter() - start
    problems = []
    for cls in world.inconsistent_classes():
        name = getattr(cls, "name", str(cls))
        if name == "Nothing":
            continue
        record = kb.classes.get(name)
        file, line = _where(kb, record.source, "classes.tsv") if record else (where, 0)
        problems.append(
            Problem(
                file,
                line,
                f"class '{name}' is unsatisfiable in the OWL form (no individual can belong to it)",
                "owl-consistency",
            )
        )
    verdict = f"{len(problems)} unsatisfiable class(es)" if problems else "consistent"
    return problems, f"OWL consistency (HermiT, {seconds:.1f} s): {verdict}"
