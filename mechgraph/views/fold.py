"""Folding long chains of an answer page: a run of nodes each with one way in and one way
out (A -> n1 -> n2 -> ... -> B) is drawn as one "..." node until the user opens it.

:func:`fold_chains` marks the chain's nodes and edges with ``mg.fold`` (the fold's id) and
adds, for each fold, a placeholder node and two edges with ``mg.fold_of``; the viewer hides
the members while the fold is closed and the placeholder once it is open.

>>> nodes = [{"id": x, "label": x, "mg": {}} for x in "abcde"]
>>> edges = [{"id": f"e{i}", "from": s, "to": t, "mg": {"sign": "increases"}}
...          for i, (s, t) in enumerate(["ab", "bc", "cd", "de"])]
>>> folds = fold_chains(nodes, edges, keep={"a", "e"})
>>> folds[0]["members"], nodes[-1]["label"]
(['b', 'c', 'd'], '… 3 steps')
"""

from __future__ import annotations

from typing import Any

#: Chains with at least this many inner nodes fold.
MIN_FOLD = 3


def _chains(edges: list[dict[str, Any]], keep: set[str]) -> list[list[str]]:
    """Maximal runs of inner nodes (one predecessor, one successor, not kept), in order."""
    ins: dict[str, set[str]] = {}
    outs: dict[str, set[str]] = {}
    degree: dict[str, int] = {}
    for edge in edges:
        ins.setdefault(edge["to"], set()).add(edge["from"])
        outs.setdefault(edge["from"], set()).add(edge["to"])
        for end in (edge["from"], edge["to"]):
            degree[end] = degree.get(end, 0) + 1

    def inner(node: str) -> bool:
        return (
            node not in keep
            and degree.get(node) == 2
            and len(ins.get(node, ())) == 1
            and len(outs.get(node, ())) == 1
            and ins[node] != outs[node]
        )

    runs = []
    for node in sorted(degree):
        if not inner(node) or inner(next(iter(ins[node]))):
            continue  # not the first node of a run
        run = [node]
        while inner(after := next(iter(outs[run[-1]]))) and after not in run:
            run.append(after)
        runs.append(run)
    return runs


def fold_chains(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], keep: set[str]
) -> list[dict[str, Any]]:
    """Fold every chain of at least :data:`MIN_FOLD` inner nodes (``keep``: nodes never
    folded, such as the interventions and readouts); returns the folds."""
    by_id = {n["id"]: n for n in nodes}
    folds = []
    for run in _chains(edges, keep):
        if len(run) < MIN_FOLD:
            continue
        members = set(run)
        fold = f"fold:{run[0]}"
        inner_edges = [e for e in edges if e["from"] in members or e["to"] in members]
        first = next(e for e in inner_edges if e["to"] == run[0])
        last = next(e for e in inner_edges if e["from"] == run[-1])
        for item in (*(by_id[m] for m in run), *inner_edges):
            item["mg"]["fold"] = fold
        names = " \u2192 ".join(by_id[m]["label"] for m in run)
        nodes.append(
            {
                "id": fold,
                "label": f"\u2026 {len(run)} steps",
                "shape": "box",
                "color": {"background": "#ffffff", "border": "#777777"},
                "category": "fold",
                "font": {"size": 19},
                "mg": {
                    "name": f"folded chain of {len(run)} steps",
                    "type": "folded chain: click to open",
                    "definition": names,
                    "fold_of": fold,
                    **(
                        {"below_floor": True}
                        if all(by_id[m]["mg"].get("below_floor") for m in run)
                        else {}
                    ),
                },
            }
        )
        for end, like in (("in", first), ("out", last)):
            edges.append(
                {
                    **like,
                    "id": f"{fold}:{end}",
                    "from": like["from"] if end == "in" else fold,
                    "to": fold if end == "in" else like["to"],
                    "mg": {**like["mg"], "fold_of": fold, "fold": None},
                }
            )
        folds.append({"id": fold, "members": run, "edges": [e["id"] for e in inner_edges]})
    return folds


def place_folds(nodes: list[dict[str, Any]], folds: list[dict[str, Any]]) -> None:
    """Put each fold's placeholder in the middle of its members (once they have positions)."""
    by_id = {n["id"]: n for n in nodes}
    for fold in folds:
        members = [by_id[m] for m in fold["members"]]
        holder = by_id[fold["id"]]
        holder["x"] = round(sum(m["x"] for m in members) / len(members), 1)
        holder["y"] = round(sum(m["y"] for m in members) / len(members), 1)
