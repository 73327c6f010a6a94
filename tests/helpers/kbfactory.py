"""Build small knowledge bases on disk for tests, in the curated TSV format, and small mechanism
graphs in memory."""

from __future__ import annotations

from pathlib import Path

from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.kb.loader import COLUMNS
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import Claim, ContextValue, Evidence
from mechgraph.model.vocab import Relation, Sign

BASE_CLASSES = [
    {"id": "Agent", "label": "agent"},
    {"id": "Drug", "label": "drug", "parent": "Agent"},
    {"id": "DrugClassX", "label": "drug class x", "parent": "Drug"},
    {"id": "Nanocarrier", "label": "nanocarrier", "parent": "Agent"},
    {"id": "Liposome", "label": "liposome", "parent": "Nanocarrier"},
    {"id": "Formulation", "label": "formulation", "parent": "Agent"},
    {"id": "CarrierProperty", "label": "carrier property"},
    {"id": "Thing", "label": "thing"},
    {"id": "Outcome", "label": "outcome"},
    {"id": "CycleStage", "label": "cycle stage"},
]
BASE_CONTEXTS = [
    {"key": "dose", "value": "high", "label": "high dose"},
    {"key": "dose", "value": "metronomic", "label": "metronomic"},
]
BASE_DOCUMENTS = [{"id": "doc", "file": "doc.txt", "title": "A test document"}]


def write_table(path: Path, name: str, rows: list[dict[str, str]]) -> None:
    header = COLUMNS[name]
    lines = ["\t".join(header)]
    lines += [row_text(name, row) for row in rows]
    (path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def row_text(name: str, row: dict[str, str]) -> str:
    """One line of table ``name`` (its canonical columns), without the line end."""
    return "\t".join(str(row.get(col, "")) for col in COLUMNS[name])


def claim(cid: str, subject: str, relation: str, obj: str, **extra: str) -> dict[str, str]:
    row = {
        "id": cid,
        "subject": subject,
        "relation": relation,
        "object": obj,
        "evidence_level": "preclinical_in_vivo",
        "document": "doc",
        "section": "S",
        "quote": f"{subject} {relation} {obj}",
        "curator": "test",
        "date": "2026-01-01",
    }
    row.update(extra)
    return row


def make_kb(
    root: Path,
    claims: list[dict[str, str]],
    entities: list[str | dict[str, str]] = (),
    formulations: list[dict[str, str]] = (),
    readouts: list[dict[str, str]] = (),
    classes: list[dict[str, str]] = (),
) -> Path:
    """Write a knowledge base; entity ids given as plain strings become type ``Thing``."""
    root.mkdir(parents=True, exist_ok=True)
    rows = []
    for item in entities:
        rows.append(
            {"id": item, "label": item, "type": "Thing"}
            if isinstance(item, str)
            else {"label": item["id"], "type": "Thing", **item}
        )
    write_table(root, "documents.tsv", BASE_DOCUMENTS)
    write_table(root, "classes.tsv", BASE_CLASSES + list(classes))
    write_table(root, "contexts.tsv", BASE_CONTEXTS)
    write_table(root, "entities.tsv", rows)
    write_table(root, "formulations.tsv", list(formulations))
    write_table(root, "readouts.tsv", list(readouts))
    write_table(root, "claims.tsv", claims)
    return root


def signed_graph(size: int, edges):
    """A MechanismGraph over nodes n0..n{size-1} with ``(a, b, sign)`` edges (no claims;
    structural, weight 1) or ``(a, b, sign, weight)`` edges (causal, that fixed weight)."""
    graph = MechanismGraph(KnowledgeBase())
    for node in range(size):
        graph.successors.setdefault(f"n{node}", [])
    for a, b, s, *weight in edges:
        if weight:
            relation = "increases" if s == "+" else "decreases"
            graph.add(Edge(f"n{a}", f"n{b}", Sign(s), relation, fixed_weight=weight[0]))
        else:
            graph.add(Edge(f"n{a}", f"n{b}", Sign(s), "x"))
    return graph


def graph_of(edges, contexts=(("dose", "high"), ("dose", "metronomic"))):
    """A graph from (source, sign, target, claim id, level, context) tuples (claim id None:
    a structural edge)."""
    kb = KnowledgeBase(contexts={(k, v): ContextValue(k, v, f"{k} {v}") for k, v in contexts})
    graph = MechanismGraph(kb)
    grouped = {}
    for source, sign, target, cid, level, context in edges:
        graph.successors.setdefault(source, [])
        graph.successors.setdefault(target, [])
        if cid is None:
            graph.add(Edge(source, target, Sign(sign), "is_a"))
            continue
        relation = Relation.INCREASES if sign == "+" else Relation.DECREASES
        ctx = {k: frozenset([v]) for k, v in (context or {}).items()}
        item = Claim(cid, source, relation, target, Evidence("doc", level=level), ctx)
        grouped.setdefault((source, target, sign), []).append(item)
    for (source, target, sign), claims in grouped.items():
        graph.add(Edge(source, target, Sign(sign), "increases", tuple(claims)))
    return graph
