"""The data behind a view: nodes, edges, legend and (for an explanation) the answer.

:func:`network_data` draws a whole mechanism graph (the knowledge base, or an imported
signed network); :func:`explanation_data` draws only the paths that carry the answer of an
effect query, with each readout's verdict and the contradictions' two sides. Both return
plain JSON-ready dicts for :func:`mechgraph.views.page.render_page`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.curie import resolver_url
from mechgraph.model.records import Claim
from mechgraph.model.vocab import EvidenceLevel, ReadoutKind, Sign
from mechgraph.reasoning.serialize import STRUCTURE_TEXT, structure_to_dict
from mechgraph.views import style
from mechgraph.views.backbone import LABEL_THRESHOLD

if TYPE_CHECKING:
    from mechgraph.reasoning.difference import DifferenceResult
    from mechgraph.reasoning.effects import EffectResult, ReadoutEffect, ResolvedIntervention

SIGNS = (Sign.PLUS, Sign.MINUS)
IS_A = "#dcdcdc"  # class-membership edges on the knowledge-base page: light, thin
LARGE = 1000  # above this many nodes: positions computed in Python, physics off
_VERDICT_COLOUR = {
    "favourable": style.INCREASES,
    "unfavourable": style.DECREASES,
    "contested": "#e69500",
}


def _node(graph: MechanismGraph, node: str) -> dict[str, Any]:
    kb = graph.kb
    concept = kb.concept(node)
    category = style.category_of(kb, node)
    info: dict[str, Any] = {"name": graph.label(node)}
    if concept is not None:
        kind = node if node in kb.classes else kb.type_of(node)
        info["type"] = ("class: " if node in kb.classes else "") + (kb.label(kind) if kind else "")
        info["is_class"] = node in kb.classes
        info["synonyms"] = list(concept.synonyms)
        info["xrefs"] = [{"curie": x, "url": _url(x)} for x in concept.xrefs]
        info["definition"] = concept.definition
        info["strategies"] = [kb.label(s) for s in kb.strategies_of(node)]
        info["source"] = str(concept.source) if concept.source else ""
    else:
        info["type"] = "imported node"
    return {
        "id": node,
        "label": info["name"],
        "shape": category.shape,
        "color": category.color,
        "category": category.key,
        "mg": info,
    }


def _url(curie: str) -> str:
    try:
        return resolver_url(curie)
    except (KeyError, ValueError):
        return ""


def _claim(graph: MechanismGraph, claim: Claim) -> dict[str, Any]:
    ev = claim.evidence
    context = "; ".join(f"{k}={'|'.join(sorted(v))}" for k, v in sorted(claim.context.items()))
    return {
        "id": claim.id,
        "statement": f"{graph.label(claim.subject)} {claim.relation.value} "
        f"{graph.label(claim.object)}",
        "quote": ev.quote,
        "evidence_level": ev.level.value,
        "document": ev.document,
        "section": ev.section,
        "refs": list(ev.refs),
        "context": context,
        "note": claim.note,
        "source": str(claim.source) if claim.source else "",
    }


def _edge(graph: MechanismGraph, edge: Edge, edge_id: str, context: dict[str, str]) -> dict:
    weight = edge.weight(context)
    if edge.structural:
        evidence = [structure_to_dict(edge, graph)]
        causal = edge.relation not in STRUCTURE_TEXT  # a signed-table or imported row
        colour = (
            (style.INCREASES if edge.sign is Sign.PLUS else style.DECREASES)
            if causal
            else style.STRUCTURE
        )
        hypothesis = False
        width = 1.5
    else:
        claims = edge.applicable_claims(context)
        evidence = [_claim(graph, c) for c in claims]
        colour = style.INCREASES if edge.sign is Sign.PLUS else style.DECREASES
        hypothesis = all(c.evidence.level is EvidenceLevel.HYPOTHESIS for c in claims)
        width = round(1 + 5 * weight, 2)
    return {
        "id": edge_id,
        "from": edge.source,
        "to": edge.target,
        "color": {"color": colour, "highlight": colour, "hover": colour},
        "arrows": {"to": {"enabled": True, "type": "bar" if edge.sign is Sign.MINUS else "arrow"}},
        "dashes": hypothesis,
        "width": width,
        "mg": {
            # formulation parts, is a, part of (a signed-table or imported row is causal)
            "structural": edge.structural and edge.relation in STRUCTURE_TEXT,
            "sign": "increases" if edge.sign is Sign.PLUS else "decreases",
            "relation": edge.relation,
            "weight": round(weight, 3),
            "evidence": evidence,
        },
    }


def _legend(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]]
) -> tuple[list[dict], list[dict]]:
    """The node categories and edge kinds the page holds, with counts: nothing it does not
    contain (an imported network has no hypothesis-level or structural edge)."""
    nodes = [n for n in nodes if "fold_of" not in n["mg"]]  # a fold's stand-ins
    edges = [e for e in edges if "fold_of" not in e["mg"]]
    counts: dict[str, int] = {}
    shapes: dict[str, dict[str, None]] = {}
    for node in nodes:
        counts[node["category"]] = counts.get(node["category"], 0) + 1
        shapes.setdefault(node["category"], {})[node["shape"]] = None
    categories = [
        {
            "key": c.key,
            "label": c.label,
            "color": c.color,
            "shape": " or ".join(shapes[c.key]),
            "count": counts[c.key],
        }
        for c in style.CATEGORIES
        if c.key in counts
    ]
    causal = [e for e in edges if not e["mg"]["structural"]]
    is_a = [e for e in edges if e["mg"]["structural"] and e["color"]["color"] == IS_A]
    structure = [e for e in edges if e["mg"]["structural"] and e["color"]["color"] != IS_A]
    kinds = [
        ("increases (arrow)", style.INCREASES, False, [e for e in causal if _plus(e)]),
        ("decreases (bar end)", style.DECREASES, False, [e for e in causal if not _plus(e)]),
        ("hypothesis-level claims only", "#555555", True, [e for e in edges if e["dashes"]]),
        ("structure: formulation part, is a, part of", style.STRUCTURE, False, structure),
        ("is a (class membership)", IS_A, False, is_a),
    ]
    edge_legend = [
        {"label": label, "color": colour, "dashed": dashed, "count": len(found)}
        for label, colour, dashed, found in kinds
        if found
    ]
    if any(e["mg"]["evidence"] and "evidence_level" in e["mg"]["evidence"][0] for e in causal):
        edge_legend.append(
            {"label": "width: evidence strength", "color": "#555555", "dashed": False}
        )
    return categories, edge_legend


def _plus(edge: dict[str, Any]) -> bool:
    return edge["mg"]["sign"] == "increases"


def _options(placed: bool, backbone: bool = False, large: bool = False) -> dict[str, Any]:
    """vis-network's options: ``placed`` when positions are computed here (no physics),
    ``backbone`` for the cycle layouts (minor labels hidden until zoomed in, edges light
    enough for the backbone to show), ``large`` for networks of thousands of nodes."""
    options: dict[str, Any] = {
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large},
        "edges": {"smooth": False if placed else {"type": "continuous"}},
        "nodes": {"font": {"size": 14}, "size": 14},
    }
    if placed:
        options["physics"] = False
    else:
        options["physics"] = {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
            "stabilization": {"iterations": 200},
        }
    if backbone:
        options["nodes"]["scaling"] = {"label": {"drawThreshold": LABEL_THRESHOLD}}
        options["edges"]["color"] = {"opacity": 0.45}
    return options


def network_data(graph: MechanismGraph, title: str, subtitle: str = "") -> dict[str, Any]:
    """A whole mechanism graph. A knowledge base is drawn around the cancer-immunity cycle
    (:func:`mechgraph.views.backbone.cycle_layout`); graphs above ``LARGE`` nodes get
    positions from :func:`mechgraph.views.positions.pivot_mds`; neither uses physics. A small
    imported network without the cycle is laid out by the browser's physics.

    >>> import mechgraph
    >>> data = network_data(mechgraph.workspace().graph, "kb")
    >>> len(data["nodes"]) == len(mechgraph.workspace().graph.nodes())
    True
    """
    nodes = [_node(graph, n) for n in graph.nodes()]
    edges = [_edge(graph, e, f"e{i}", {}) for i, e in enumerate(graph.edges())]
    large = len(nodes) > LARGE
    if large:
        from mechgraph.views.positions import pivot_mds

        positions = pivot_mds(graph.nodes(), ((e.source, e.target) for e in graph.edges()))
        for node in nodes:
            node["x"], node["y"] = positions[node["id"]]
    backbone: dict[str, Any] = {}
    steps, stages, outcomes = _cycle(graph)
    if not large and steps:
        from mechgraph.views.backbone import cycle_layout

        strategies = {n: graph.kb.strategies_of(n) for n in graph.nodes()}
        present = {n["id"] for n in nodes}
        backbone = cycle_layout(
            nodes,
            ((e.source, e.target) for e in graph.edges()),
            [s for s in steps if s in present],
            {s: m for s, m in stages.items() if s in present},
            [o for o in outcomes if o in present],
            {n: s for n, s in strategies.items() if s},
        )
        for edge in edges:
            if edge["mg"]["relation"] == "is_a":  # class membership: present, not in the way
                edge["color"] = {"color": IS_A, "highlight": style.STRUCTURE, "hover": IS_A}
                edge["width"] = 0.6
    categories, edge_legend = _legend(nodes, edges)
    return {
        "title": title,
        "subtitle": subtitle or f"{len(nodes):,} nodes, {len(edges):,} edges",
        "nodes": nodes,
        "edges": edges,
        "categories": categories,
        "edge_legend": edge_legend,
        "options": _options(large or bool(backbone), backbone=bool(backbone), large=large),
        **backbone,
    }


def _cycle(graph: MechanismGraph) -> tuple[list[str], dict[str, list[str]], list[str]]:
    """The cycle's steps in order, its stages in order (each with its steps) and the
    outcomes, as the knowledge base defines them (empty for an imported network)."""
    readouts = sorted(graph.kb.readouts.values(), key=lambda r: (r.kind.value, r.order))
    steps = [r.id for r in readouts if r.kind is ReadoutKind.STEP]
    stages = {
        r.id: [s.id for s in readouts if s.stage == r.id]
        for r in readouts
        if r.kind is ReadoutKind.STAGE
    }
    outcomes = sorted(
        (r for r in readouts if r.kind is ReadoutKind.OUTCOME),
        key=lambda r: (r.desirable != "+", r.order),
    )
    return steps, stages, [r.id for r in outcomes]


@dataclass
class _Drawing:
    """What an answer page draws, gathered path by path: each edge once (with its page id),
    the nodes in the order they come, each node's column (fewest steps from an intervention
    on a drawn path) and the ids of what lies only on paths below the strength floor."""

    graph: MechanismGraph
    context: dict[str, str]
    edges: list[dict[str, Any]] = field(default_factory=list)
    edge_ids: dict[tuple[str, str, str], str] = field(default_factory=dict)
    node_ids: dict[str, None] = field(default_factory=dict)
    level: dict[str, int] = field(default_factory=dict)
    weak: set[str] = field(default_factory=set)

    def add(self, items: Iterable[Edge], path: bool = True, floor: bool = True) -> list[str]:
        """Draw the edges ``items`` (the steps of a path when ``path``, which then set the
        columns; on a path above the strength floor when ``floor``); their page ids."""
        return [self._add(depth, edge, path, floor) for depth, edge in enumerate(items)]

    def _add(self, depth: int, edge: Edge, path: bool, floor: bool) -> str:
        """Draw one edge, ``depth`` steps into its path; its page id."""
        level = self.level
        if path:
            level[edge.source] = min(level.get(edge.source, depth), depth)
        if edge.source in level:
            after = level[edge.source] + 1
            level[edge.target] = min(level.get(edge.target, after), after)
        if edge.key not in self.edge_ids:
            self._new_edge(edge, floor)
        edge_id = self.edge_ids[edge.key]
        if floor:
            self.weak.difference_update((edge_id, edge.source, edge.target))
        return edge_id

    def _new_edge(self, edge: Edge, floor: bool) -> None:
        """An edge not drawn yet, and its ends; below the floor, both are marked weak."""
        edge_id = self.edge_ids[edge.key] = f"e{len(self.edge_ids)}"
        self.edges.append(_edge(self.graph, edge, edge_id, self.context))
        for node in (edge.source, edge.target):
            if node not in self.node_ids and not floor:
                self.weak.add(node)
            self.node_ids.setdefault(node)
        if not floor:
            self.weak.add(edge_id)


def explanation_data(
    result: EffectResult,
    title: str | None = None,
    baseline: Sequence[ResolvedIntervention] = (),
    describe: Callable[[ReadoutEffect], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Only the paths that carry the answer of an effect query, with verdicts and conflicts;
    ``baseline``: the interventions of a second arm, drawn beside the first's; ``describe``:
    each readout's entry (``node``, ``label``, ``sign``, ``verdict``, ``note``; ``short``:
    the text under the node) instead of its own verdict."""
    graph = result.propagation.graph
    context = dict(result.context)
    drawing = _Drawing(graph, context)
    arm = _arms(result.interventions, baseline, drawing.node_ids)
    steps, stages, outcomes = cycle = _cycle(graph)
    for readout in (*steps, *stages, *outcomes):  # the whole cycle and every outcome
        drawing.node_ids.setdefault(readout)
    _draw_paths(result, drawing)
    readouts = [(describe or _own_verdict)(effect) for effect in result.effects]
    contradictions = _contradictions(result, drawing)
    nodes = [_node(graph, n) for n in drawing.node_ids]
    edges = drawing.edges
    for drawn_item in (*nodes, *edges):
        if drawn_item["id"] in drawing.weak:
            drawn_item["mg"]["below_floor"] = True
    verdicts = {r["node"]: r for r in readouts}
    given = {*(i.id for i in result.interventions), *(i.id for i in baseline)}
    for node in nodes:
        answer = verdicts.get(node["id"])
        if answer is not None:
            _show_verdict(node, answer)
        if node["id"] in given:
            _show_given(node, arm if baseline else None)
    order = list(dict.fromkeys([*(i.id for i in result.interventions), *(i.id for i in baseline)]))
    backbone, folds = _answer_layout(graph, nodes, edges, drawing.level, cycle, order)
    names = " + ".join(i.label for i in result.interventions)
    ctx = ", ".join(f"{k}={v}" for k, v in sorted(context.items())) or "none"
    categories, edge_legend = _legend(nodes, edges)
    return {
        "title": title or f"Effect of {names}",
        "subtitle": f"context: {ctx}; {len(nodes)} nodes, {len(edges)} edges on the paths "
        f"that carry the answer; {len(contradictions)} contradictions",
        "nodes": nodes,
        "edges": edges,
        "categories": categories,
        "edge_legend": edge_legend,
        "options": _options(True, backbone=True),
        "readouts": readouts,
        "contradictions": contradictions,
        "folds": folds,
        **backbone,
    }


def _arms(
    first: Sequence[ResolvedIntervention],
    baseline: Sequence[ResolvedIntervention],
    node_ids: dict[str, None],
) -> dict[str, str]:
    """Each intervention's arm (``first arm``, ``second arm`` or ``both arms``), its node
    drawn first."""
    arm: dict[str, str] = {}
    for item in first:
        node_ids.setdefault(item.id)
        arm[item.id] = "first arm"
    for item in baseline:
        node_ids.setdefault(item.id)
        arm[item.id] = "both arms" if arm.get(item.id) else "second arm"
    return arm


def _draw_paths(result: EffectResult, drawing: _Drawing) -> None:
    """Every readout's paths: those above the strength floor, then those below it (drawn,
    hidden unless asked for)."""
    above = [p for e in result.effects for s in SIGNS for p in e.paths.get(s, [])]
    below = [p for e in result.effects for s in SIGNS for p in e.below_floor.get(s, [])]
    for path in above:
        drawing.add(path.edges)
    for path in below:
        drawing.add(path.edges, floor=False)


def _own_verdict(effect: ReadoutEffect) -> dict[str, Any]:
    """A readout's entry on the page: its sign, verdict and the verdict rule's remark."""
    return {
        "node": effect.readout.id,
        "label": effect.label,
        "sign": effect.sign.value,
        "verdict": effect.verdict,
        "note": effect.remark(),
    }


def _contradictions(result: EffectResult, drawing: _Drawing) -> list[dict[str, Any]]:
    """Each contradiction with its sides, the paths and claims of each drawn (by page id)
    and written out."""
    graph = drawing.graph
    claim_edges: dict[str, Edge] = {c.id: e for e in graph.edges() for c in e.claims}
    found = []
    for c in result.contradictions:
        sides: dict[str, list[str]] = {}
        side_text: dict[str, list[str]] = {}
        for name, paths in c.sides.items():
            sides[name] = [i for p in paths for i in drawing.add(p.edges)]
            side_text[name] = [" -> ".join(graph.label(n) for n in p.nodes) for p in paths]
        for name, claims in c.claim_sides.items():
            edges = [claim_edges[x.id] for x in claims if x.id in claim_edges]
            sides.setdefault(name, []).extend(drawing.add(edges, path=False))
            side_text.setdefault(name, []).extend(
                f"{x.id}: {_claim(graph, x)['statement']} \u201c{x.evidence.quote}\u201d"
                for x in claims
            )
        found.append(
            {
                "kind": c.kind,
                "summary": c.summary,
                "node": c.node,
                "node_label": c.node_label,
                "first": next(iter(sides), ""),
                "sides": sides,
                "side_text": side_text,
            }
        )
    return found


def _show_verdict(node: dict[str, Any], answer: Mapping[str, Any]) -> None:
    """A readout's node labelled with its answer, its border coloured by the verdict."""
    word = answer.get("short", f"{answer['sign']} {answer['verdict']}")
    node["label"] = f"{node['label']}\n{word}"
    note = f" ({answer['note']})" if answer["note"] else ""
    node["mg"]["verdict"] = f"{answer.get('word', answer['sign'])} {answer['verdict']}{note}"
    colour = _VERDICT_COLOUR.get(answer["verdict"])
    if colour:
        node["color"] = {"background": style.BY_KEY[node["category"]].color, "border": colour}
        node["borderWidth"] = 4


def _show_given(node: dict[str, Any], arm: Mapping[str, str] | None) -> None:
    """An intervention's node: large, bold, black-bordered; with two arms (``arm``), named
    after its arm, the second arm's dashed."""
    node["size"] = 30
    node["borderWidth"] = 5
    node["font"] = {"size": 20, "bold": True}
    node["color"] = {"background": style.BY_KEY[node["category"]].color, "border": "#000000"}
    if arm is not None:
        node["label"] = f"{node['label']}\n({arm[node['id']]})"
        node["mg"]["arm"] = arm[node["id"]]
        if arm[node["id"]] == "second arm":
            node["shapeProperties"] = {"borderDashes": [6, 4]}
            node["color"]["border"] = "#666666"


def _answer_layout(
    graph: MechanismGraph,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    level: Mapping[str, int],
    cycle: tuple[list[str], dict[str, list[str]], list[str]],
    interventions: Sequence[str],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Positions for an answer page: long chains folded, the rest laid out in lanes
    (:func:`mechgraph.views.backbone.lane_layout`), an edge within a column bent; the
    backdrop and frame, and the folds."""
    from mechgraph.views.backbone import lane_layout
    from mechgraph.views.fold import fold_chains, place_folds

    steps, stages, outcomes = cycle
    drawn = [(e["from"], e["to"]) for e in edges]  # before the folds add their stand-ins
    folds = fold_chains(nodes, edges, keep={*interventions, *steps, *stages, *outcomes})
    backbone = lane_layout(
        [n for n in nodes if "fold_of" not in n["mg"]],
        drawn,
        interventions,
        steps,
        stages,
        outcomes,
        level,
        {i: graph.kb.strategies_of(i) for i in interventions},
    )
    place_folds(nodes, folds)
    x_of = {n["id"]: n["x"] for n in nodes}
    for edge in edges:  # an edge within a column bends, so that it does not run over nodes
        if x_of[edge["from"]] == x_of[edge["to"]]:
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.3}
    return backbone, folds


def difference_data(result: DifferenceResult) -> dict[str, Any]:
    """The answer page of ``view A --vs B``: both arms' interventions and the paths that
    carry the difference of the first arm from the second (those below the strength floor
    drawn hidden), each readout labelled with its difference (higher / lower / same /
    unknown), each arm's own sign and the reason (which names the null results and what
    they overruled)."""
    from dataclasses import replace

    first = result.first
    rows = {row.readout.id: row for row in result.rows}
    effects = tuple(
        replace(
            item,
            paths={s: list(rows[item.readout.id].paths.get(s, [])) for s in SIGNS},
            below_floor={s: list(rows[item.readout.id].below_floor.get(s, [])) for s in SIGNS},
            feedback=[],
        )
        for item in first.effects
    )
    names = " + ".join(i.label for i in first.interventions)
    baseline = " + ".join(i.label for i in result.second.interventions)

    def describe(item: ReadoutEffect) -> dict[str, Any]:
        row = rows[item.readout.id]
        arms = f"first arm {row.first.sign.value}, second arm {row.second.sign.value}"
        return {
            "node": row.readout.id,
            "label": row.label,
            "sign": DIFFERENCE_SYMBOL[row.word],
            "verdict": _difference_verdict(row),
            "word": row.word,
            "short": f"{row.word} ({row.first.sign.value} vs {row.second.sign.value})",
            "note": f"{arms}; {row.reason}",
        }

    data = explanation_data(
        replace(first, effects=effects, contradictions=()),
        f"Difference of {names} vs {baseline}",
        baseline=result.second.interventions,
        describe=describe,
    )
    data["subtitle"] = (
        f"per readout: first arm minus second arm, and (each arm's own effect); "
        f"{data['subtitle'].split(';', 1)[-1].strip()}"
    )
    return data


DIFFERENCE_SYMBOL = {"higher": "\u2191", "lower": "\u2193", "same": "=", "unknown": "?"}


def _difference_verdict(row) -> str:
    """The page's verdict colour of a difference: favourable / unfavourable (the desirable
    way or against it), contested (unknown), unchanged (same) or reached (no direction)."""
    if row.word == "unknown":
        return "contested"
    if row.word == "same":
        return "unchanged"
    return {True: "favourable", False: "unfavourable", None: "reached"}[row.favourable]
