"""The cancer-immunity cycle as the backbone of a drawing: fixed positions for the nodes and
the shapes drawn behind them (the cycle's ring or lane, its closing loop, the targeting
strategies' regions).

Two layouts, both deterministic and computed here (no physics in the browser):

* :func:`cycle_layout`, the knowledge-base page: the interventions on the left, grouped in
  the three targeting strategies of Sun et al. (Fig. 2) and the agents given without a
  nanocarrier; the seven steps of Chen & Mellman on a ring in the middle, in order and
  clockwise, with the loop from killing back to antigen release, and the four stages of Sun
  et al. on an inner ring, each spanning its steps; the outcomes on the right. The other
  nodes (molecules, cells, processes, carriers...) settle between them by a force layout
  with the backbone held still.
* :func:`lane_layout`, an answer page: the interventions in the first column, the nodes of
  the paths in columns by their distance from them, ordered to shorten edges; the cycle as a
  lane (stages beside steps, top to bottom, the loop drawn back up); the outcomes last.

Both give the *primary* nodes (interventions, steps, stages, outcomes) a large label and the
others a small one, which the page hides until the user zooms in; they return the page's
``backdrop`` (shapes in canvas coordinates, drawn by the viewer under the network) and the
``frame`` the first view should show.

>>> wrap("oxaliplatin-loaded PLGA nanoparticles", 24, 300)
['oxaliplatin-loaded', 'PLGA nanoparticles']
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

#: Font sizes (canvas units) of the labels that must be legible at the first view, and of
#: the others (hidden until zoomed in: below ``LABEL_THRESHOLD`` pixels on screen).
PRIMARY_FONT = 24
SECONDARY_FONT = 14
LABEL_THRESHOLD = 9
#: The font of the path nodes of an answer page (legible at the first view, if smaller).
MIDDLE_FONT = 19
#: Widest label line (canvas units) and a column's pitch.
LABEL_WIDTH = 220
COLUMN = 260
#: Average glyph width as a share of the font size (Arial, mixed case: about 0.5).
GLYPH = 0.56
LINE = 1.2  # line height as a share of the font size
NODE_SIZE = 9

AGENT_CATEGORIES = ("formulation", "checkpoint_drug", "cytotoxic", "agent")
STRATEGIES = (
    ("CancerCellTargeting", "targeting cancer cells", "#e8f1fb"),
    (
        "TumourImmuneMicroenvironmentTargeting",
        "targeting the tumour immune microenvironment",
        "#eaf6ec",
    ),
    ("PeripheralImmuneSystemTargeting", "targeting the peripheral immune system", "#fbf0e6"),
)
NO_CARRIER = ("agents given without a nanocarrier", "#f3f3f3")
CYCLE_COLOUR = "#d4a017"
LOOP_COLOUR = "#b5651d"
STAGE_COLOURS = ("#f6d8ae", "#d9e8c4", "#c9dff0", "#e6d3ec")


def wrap(text: str, font: float, width: float = LABEL_WIDTH) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (canvas units) at ``font``, at
    spaces, as vis-network's ``widthConstraint`` does (a word wider than a line stays)."""
    per_line = max(1, int(width / (font * GLYPH)))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def label_box(text: str, font: float) -> tuple[float, float]:
    """Estimated width and height (canvas units) of a label."""
    lines = wrap(text, font)
    return max(len(line) for line in lines) * font * GLYPH, len(lines) * font * LINE


def _item_height(text: str, font: float) -> float:
    return 2 * NODE_SIZE + 4 + label_box(text, font)[1] + 10


def primary_look(node: dict[str, Any]) -> None:
    """A primary node's look: a large label, wrapped, always drawn."""
    node["font"] = {"size": PRIMARY_FONT, "bold": node.get("category") == "step"}
    node["widthConstraint"] = {"maximum": LABEL_WIDTH}
    node["size"] = NODE_SIZE if node.get("category") != "step" else NODE_SIZE + 6
    node["mg"]["primary"] = True


def secondary_look(node: dict[str, Any], font: float = SECONDARY_FONT) -> None:
    """A secondary node's look: a smaller label (on the knowledge-base page, one shown only
    once the user zooms in); a shape that holds its label (box, ellipse) becomes a dot, so
    that an unread label takes no room."""
    if node.get("shape") in ("box", "ellipse"):
        node["shape"] = "dot"
    node["font"] = {"size": font}
    node["widthConstraint"] = {"maximum": LABEL_WIDTH}  # as label_box assumes
    node["size"] = 8


def _fix(node: dict[str, Any], x: float, y: float) -> None:
    node["x"], node["y"] = round(x, 1), round(y, 1)
    node["fixed"] = {"x": True, "y": True}


def _stack(nodes: Sequence[dict[str, Any]], x: float, top: float, columns: int) -> float:
    """Place ``nodes`` top to bottom in ``columns`` columns from (x, top), in order, each
    column about as tall as the others; returns the bottom."""
    heights = [_item_height(n["label"], PRIMARY_FONT) for n in nodes]
    share = sum(heights) / max(columns, 1)
    column, y, bottom, filled = 0, top, top, 0.0
    for node, height in zip(nodes, heights, strict=True):
        if filled >= share * (column + 1) - height / 2 and column + 1 < columns:
            column, y = column + 1, top
        _fix(node, x + (column + 0.5) * COLUMN, y + NODE_SIZE)
        y += height
        filled += height
        bottom = max(bottom, y)
    return bottom


def _region(x: float, y: float, w: float, h: float, label: str, fill: str) -> dict[str, Any]:
    return {
        "kind": "region",
        "x": x,
        "y": y,
        "w": w,
        "h": h,
        "label": label,
        "fill": fill,
        "size": 20,
    }


def _ring_part(
    kind: str,
    centre: tuple[float, float],
    r: tuple[float, float],
    span: tuple[float, float],
    colour: str,
    width: float,
) -> dict[str, Any]:
    """A part of the ellipse of radii ``r`` (x, y) around ``centre``, clockwise over
    ``span`` (start and end, radians, 0 at the top): an ``arc`` or a stage's ``band``."""
    return {
        "kind": kind,
        "cx": centre[0],
        "cy": centre[1],
        "rx": r[0],
        "ry": r[1],
        "start": round(span[0], 4),
        "end": round(span[1], 4),
        "color": colour,
        "width": width,
    }


def _arc(
    centre: tuple[float, float],
    r: tuple[float, float],
    span: tuple[float, float],
    colour: str,
    width: float,
    label: str = "",
) -> dict[str, Any]:
    """An arc of the cycle's ring (see :func:`_ring_part`), arrow at the end."""
    return {
        **_ring_part("arc", centre, r, span, colour, width),
        "arrow": True,
        "label": label,
        "size": 20,
    }


def _on_ring(cx: float, cy: float, r: tuple[float, float], angle: float) -> tuple[float, float]:
    return cx + r[0] * math.sin(angle), cy - r[1] * math.cos(angle)


#: The knowledge-base page's regions: the padding inside one and the room for its name.
REGION_PAD = 24
REGION_HEAD = 44
#: Half the width of the cycle's ring on the knowledge-base page (canvas units).
RING_HALF = 340.0


def cycle_layout(
    nodes: list[dict[str, Any]],
    edges: Iterable[tuple[str, str]],
    steps: Sequence[str],
    stages: Mapping[str, Sequence[str]],
    outcomes: Sequence[str],
    strategies: Mapping[str, Sequence[str]],
) -> dict[str, Any]:
    """Positions for the knowledge-base page (set on ``nodes`` in place); the backdrop and
    frame. ``stages`` maps each stage, in order, to its steps; ``strategies`` a node to its
    targeting strategies (first one wins its region)."""
    by_id = {n["id"]: n for n in nodes}
    backdrop: list[dict[str, Any]] = []
    placed, height, left = _intervention_regions(nodes, strategies, backdrop)
    cx, cy, radius = _cycle_ring(by_id, steps, stages, (left, height), backdrop)
    right = cx + RING_HALF + COLUMN * 0.5
    _outcome_region(by_id, outcomes, (right, height), backdrop)
    primary = placed | set(steps) | set(stages) | set(outcomes)
    width = right + COLUMN + 2 * REGION_PAD

    for node in nodes:
        (primary_look if node["id"] in primary else secondary_look)(node)
    _settle(nodes, edges, primary, (left + 20, right - 30), height)
    _off_ring([n for n in nodes if n["id"] not in primary], (cx, cy), radius)
    return {"backdrop": backdrop, "frame": {"x": 0, "y": 0, "w": width, "h": height}}


def _is_free_agent(node: dict[str, Any]) -> bool:
    """An agent given without a nanocarrier: a drug or antibody, not a class or a
    formulation."""
    is_agent = node["category"] in AGENT_CATEGORIES and not node["mg"].get("is_class")
    return is_agent and node["category"] != "formulation"


def _intervention_regions(
    nodes: list[dict[str, Any]],
    strategies: Mapping[str, Sequence[str]],
    backdrop: list[dict[str, Any]],
) -> tuple[set[str], float, float]:
    """The left of the knowledge-base page: the agents given without a nanocarrier in one
    region, the nodes with a targeting strategy in one region per strategy, two columns
    each (their regions added to ``backdrop``); the ids placed, the height they take and
    where the middle starts."""
    regions: dict[str, list[dict[str, Any]]] = {key: [] for key, _, _ in STRATEGIES}
    free: list[dict[str, Any]] = []
    for node in nodes:
        chosen = next((s for s in strategies.get(node["id"], ()) if s in regions), None)
        if chosen is not None:
            regions[chosen].append(node)
        elif _is_free_agent(node):
            free.append(node)
    order = {c: i for i, c in enumerate(AGENT_CATEGORIES)}
    free.sort(key=lambda n: (order.get(n["category"], 9), n["label"].lower()))
    pad, head = REGION_PAD, REGION_HEAD
    x0 = 0.0
    bottom = _stack(free, x0 + pad, head, 2)
    backdrop.append(_region(x0, 0, 2 * COLUMN + pad, bottom + pad, *NO_CARRIER))
    x1 = x0 + 2 * COLUMN + 2 * pad + 16
    y = 0.0
    for key, label, fill in STRATEGIES:
        members = sorted(regions[key], key=lambda n: n["label"].lower())
        if not members:
            continue
        end = _stack(members, x1 + pad, y + head, 2)
        backdrop.append(_region(x1, y, 2 * COLUMN + pad, end - y + 6, label, fill))
        y = end + 20
    placed = {n["id"] for group in (free, *regions.values()) for n in group}
    return placed, max(bottom + pad, y), x1 + 2 * COLUMN + 2 * pad


def _cycle_ring(
    by_id: Mapping[str, dict[str, Any]],
    steps: Sequence[str],
    stages: Mapping[str, Sequence[str]],
    box: tuple[float, float],
    backdrop: list[dict[str, Any]],
) -> tuple[float, float, tuple[float, float]]:
    """The middle of the knowledge-base page, right of ``box`` (left edge, height): the
    steps on a ring, in order and clockwise, with an arc between each two (the last one the
    loop back), each stage on an inner ring amid its steps; the ring's centre and radii."""
    left, height = box
    half = RING_HALF
    radius = (half, max(half, 0.4 * height))  # an upright ellipse: the page is wider than tall
    cx, cy = left + 40 + half + COLUMN / 2, height / 2
    count = max(len(steps), 1)
    angle = {s: 2 * math.pi * i / count for i, s in enumerate(steps)}
    for step in steps:
        _fix(by_id[step], *_on_ring(cx, cy, radius, angle[step]))
    gap = 0.28  # radians left free around each step
    for i, step in enumerate(steps):
        start = angle[step] + gap
        end = angle[steps[(i + 1) % count]] - gap + (2 * math.pi if i + 1 == count else 0)
        last = i + 1 == count
        backdrop.append(
            _arc(
                (cx, cy),
                radius,
                (start, end),
                LOOP_COLOUR if last else CYCLE_COLOUR,
                9 if last else 6,
                "the loop: killing releases more antigen" if last else "",
            )
        )
    inner = (radius[0] * 0.55, radius[1] * 0.55)
    for i, (stage, parts) in enumerate(stages.items()):
        spans = [angle[m] for m in parts if m in angle]
        if not spans:
            continue
        first, final = min(spans), max(spans)
        if len(spans) > 1:
            colour = STAGE_COLOURS[i % len(STAGE_COLOURS)]
            backdrop.append(_ring_part("band", (cx, cy), inner, (first, final), colour, 34))
        _fix(by_id[stage], *_on_ring(cx, cy, inner, (first + final) / 2))
    backdrop.append(
        {
            "kind": "text",
            "x": cx,
            "y": cy,
            "text": "cancer-immunity cycle",
            "size": 26,
            "color": "#7a5b00",
        }
    )
    return cx, cy, radius


def _outcome_region(
    by_id: Mapping[str, dict[str, Any]],
    outcomes: Sequence[str],
    box: tuple[float, float],
    backdrop: list[dict[str, Any]],
) -> None:
    """The right of the knowledge-base page, from ``box`` (left edge, height): the outcomes
    in one column, desirable ones first, centred in the height, in a region."""
    right, height = box
    pad, head = REGION_PAD, REGION_HEAD
    outcome_nodes = [by_id[o] for o in outcomes if o in by_id]
    total = sum(_item_height(n["label"], PRIMARY_FONT) for n in outcome_nodes)
    top = max(head, (height - total) / 2)
    end = _stack(outcome_nodes, right + pad, top, 1)
    backdrop.append(
        _region(right, top - head, COLUMN + pad, end - top + head + 6, "outcomes", "#fdeeee")
    )


def _settle(
    nodes: list[dict[str, Any]],
    edges: Iterable[tuple[str, str]],
    fixed: set[str],
    band: tuple[float, float],
    height: float,
) -> None:
    """Place the non-fixed nodes by a force layout (networkx's Fruchterman-Reingold) with
    the fixed ones held still, kept inside the middle ``band`` and clear of the fixed
    nodes' labels; nodes cut off from every fixed node go to a row under the drawing."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(n["id"] for n in nodes)
    graph.add_edges_from(edges)
    anchored = set()
    for component in nx.connected_components(graph):
        if component & fixed:
            anchored |= component
    loose = sorted(n["id"] for n in nodes if n["id"] not in anchored)
    middle = ((band[0] + band[1]) / 2, height / 2)
    pos = {
        n["id"]: (n["x"], n["y"]) if n["id"] in fixed else middle
        for n in nodes
        if n["id"] in anchored
    }
    movable = [n for n in pos if n not in fixed]
    if movable:
        # deterministic start: spread on a spiral around the middle
        for i, node in enumerate(sorted(movable)):
            r, a = 40 * math.sqrt(i + 1), i * 2.39996
            pos[node] = (middle[0] + r * math.cos(a), middle[1] + r * math.sin(a))
        sub = graph.subgraph(anchored)
        pos = nx.spring_layout(
            sub, pos=pos, fixed=sorted(fixed & anchored), k=110.0, iterations=80, seed=7
        )
    by_id = {n["id"]: n for n in nodes}
    if movable:  # spread evenly over the band, keeping the force layout's order
        (lo, hi), (top, low) = band, (40.0, height - 40.0)
        for axis, (a, b) in enumerate(((lo, hi), (top, low))):
            ranked = sorted(movable, key=lambda m: (float(pos[m][axis]), m))
            for rank, node in enumerate(ranked):
                share = (rank + 0.5) / len(ranked)
                by_id[node]["xy"[axis]] = round(a + share * (b - a), 1)
    _clear_of_labels([by_id[m] for m in movable], [by_id[f] for f in fixed if f in by_id])
    for i, node in enumerate(loose):
        by_id[node]["x"] = round(band[0] + 140 * (i % 12), 1)
        by_id[node]["y"] = round(height + 80 + 70 * (i // 12), 1)


def _clear_of_labels(movable: list[dict[str, Any]], fixed: list[dict[str, Any]]) -> None:
    """Push each movable node out of the fixed nodes' label boxes (straight down or up)."""
    boxes = []
    for node in fixed:
        w, h = label_box(node["label"], PRIMARY_FONT)
        top = node["y"] - NODE_SIZE - 8
        boxes.append(
            (node["x"] - w / 2 - 12, top, node["x"] + w / 2 + 12, node["y"] + NODE_SIZE + 10 + h)
        )
    for node in movable:
        for _ in range(4):
            hit = next(
                (b for b in boxes if b[0] <= node["x"] <= b[2] and b[1] <= node["y"] <= b[3]),
                None,
            )
            if hit is None:
                break
            node["y"] = round(hit[1] - 14 if node["y"] < (hit[1] + hit[3]) / 2 else hit[3] + 14, 1)


def _off_ring(
    nodes: Iterable[dict[str, Any]], centre: tuple[float, float], radius: tuple[float, float]
) -> None:
    """Move nodes lying on the ring of steps (and their labels just outside it) off it,
    radially, inwards or outwards whichever is nearer."""
    cx, cy = centre
    for node in nodes:
        dx, dy = (node["x"] - cx) / radius[0], (node["y"] - cy) / radius[1]
        r = math.hypot(dx, dy)
        if 0.82 < r < 1.22:
            target = 0.78 if r < 1.0 else 1.26
            node["x"] = round(cx + dx / max(r, 1e-9) * target * radius[0], 1)
            node["y"] = round(cy + dy / max(r, 1e-9) * target * radius[1], 1)


#: The targeting strategies in the order their regions are drawn.
STRATEGY_RANK = {key: i for i, (key, _, _) in enumerate(STRATEGIES)}


def lane_layout(
    nodes: list[dict[str, Any]],
    edges: Sequence[tuple[str, str]],
    interventions: Sequence[str],
    steps: Sequence[str],
    stages: Mapping[str, Sequence[str]],
    outcomes: Sequence[str],
    level: Mapping[str, int],
    strategies: Mapping[str, Sequence[str]] | None = None,
    max_columns: int = 3,
) -> dict[str, Any]:
    """Positions for an answer page (set on ``nodes`` in place); the backdrop and frame.
    ``strategies`` maps an intervention to its targeting strategies: those with the same
    ones are drawn together in a region named after them."""
    by_id = {n["id"]: n for n in nodes}
    aims = {i: _aims(i, strategies or {}) for i in interventions}
    primary = sorted(
        (i for i in interventions if i in by_id),
        key=lambda i: [STRATEGY_RANK[s] for s in aims[i]] or [len(STRATEGY_RANK)],
    )
    step_ids = [s for s in steps if s in by_id]
    stage_ids = [s for s in stages if s in by_id]
    outcome_ids = [o for o in outcomes if o in by_id]
    fixed_set = set(primary) | set(step_ids) | set(stage_ids) | set(outcome_ids)
    middle = [n["id"] for n in nodes if n["id"] not in fixed_set]
    columns = max([1, *(min(level.get(m, 1), max_columns) for m in middle)])
    gap = COLUMN + 40
    lane_x = gap * (columns + 1) + COLUMN * 0.6
    backdrop: list[dict[str, Any]] = []
    height = _cycle_lane(by_id, step_ids, (stage_ids, stages), lane_x, backdrop)
    out_x = lane_x + COLUMN * 2.4 + 40
    height = _outcome_column(by_id, outcome_ids, out_x, height, backdrop)
    height = _intervention_column(by_id, [(i, aims[i]) for i in primary], height, backdrop)
    column_of = {m: max(1, min(level.get(m, 1), columns)) for m in middle}
    ys = _middle_rows(by_id, edges, column_of, columns, height)
    for m in middle:
        _fix(by_id[m], gap * column_of[m], ys[m])
        secondary_look(by_id[m], MIDDLE_FONT)
    for item in fixed_set:
        primary_look(by_id[item])
    lowest = max((n["y"] for n in nodes), default=height)
    width = out_x + COLUMN / 2 + 60
    return {
        "backdrop": backdrop,
        "frame": {"x": -COLUMN / 2, "y": 0, "w": width + COLUMN / 2, "h": max(height, lowest + 60)},
    }


def _aims(item: str, strategies: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """The targeting strategies of an intervention, in the order of their regions."""
    return tuple(
        sorted(
            (s for s in strategies.get(item, ()) if s in STRATEGY_RANK),
            key=STRATEGY_RANK.__getitem__,
        )
    )


def _pitch(by_id: Mapping[str, dict[str, Any]], node_id: str, font: float = PRIMARY_FONT) -> float:
    """The height a node takes in a column, its label included."""
    return _item_height(by_id[node_id]["label"], font)


def _cycle_lane(
    by_id: Mapping[str, dict[str, Any]],
    step_ids: Sequence[str],
    stages: tuple[Sequence[str], Mapping[str, Sequence[str]]],
    lane_x: float,
    backdrop: list[dict[str, Any]],
) -> float:
    """The cycle as a lane of an answer page at ``lane_x``: the steps top to bottom, each
    stage (the drawn ones, then each stage with its steps) beside its steps, the arrows
    from step to step and the loop back up (added to ``backdrop``); its height."""
    stage_ids, members_of = stages
    y = 60.0
    step_y: dict[str, float] = {}
    beside = {members[0]: stage for stage, members in members_of.items() if len(members) == 1}
    for step in step_ids:
        step_y[step] = y + NODE_SIZE
        stage = beside.get(step)
        y += max(
            _pitch(by_id, step),
            _pitch(by_id, stage) if stage is not None and stage in by_id else 0,
            120,
        )
    for step in step_ids:
        _fix(by_id[step], lane_x + COLUMN, step_y[step])
    for stage in stage_ids:
        beside_ys = [step_y[s] for s in members_of[stage] if s in step_y]
        _fix(by_id[stage], lane_x, sum(beside_ys) / len(beside_ys) if beside_ys else 60.0)
    if step_ids:
        backdrop += _lane_shapes([step_y[s] for s in step_ids], lane_x, y)
    return y


def _lane_shapes(step_y: Sequence[float], lane_x: float, height: float) -> list[dict[str, Any]]:
    """What is drawn behind the cycle's lane: its region, an arrow from each step (at
    ``step_y``) to the next, and the loop from the last step back to the first."""
    shapes = [
        _region(
            lane_x - COLUMN / 2 - 10,
            0,
            2 * COLUMN + 60,
            height + 10,
            "cancer-immunity cycle",
            "#fff8e1",
        )
    ]
    arrow_x = lane_x + COLUMN - LABEL_WIDTH / 2 - 22  # beside the steps' labels
    for a, b in zip(step_y, step_y[1:], strict=False):
        shapes.append(
            {
                "kind": "line",
                "points": [[arrow_x, a - 4], [arrow_x, b - 16]],
                "color": CYCLE_COLOUR,
                "width": 6,
                "arrow": True,
            }
        )
    loop_x = lane_x + COLUMN * 1.5 + 20
    first, last = step_y[0], step_y[-1]
    shapes.append(
        {
            "kind": "line",
            "points": [
                [lane_x + COLUMN + 30, last],
                [loop_x, last],
                [loop_x, first],
                [lane_x + COLUMN + 30, first],
            ],
            "color": LOOP_COLOUR,
            "width": 8,
            "arrow": True,
            "label": "the loop: killing releases more antigen",
            "size": 18,
        }
    )
    return shapes


def _outcome_column(
    by_id: Mapping[str, dict[str, Any]],
    outcome_ids: Sequence[str],
    x: float,
    height: float,
    backdrop: list[dict[str, Any]],
) -> float:
    """The outcomes of an answer page in one column at ``x``, centred on the lane of
    ``height``, in a region; the height of the page with them."""
    total = sum(max(_pitch(by_id, o), 100) for o in outcome_ids)
    y = max(30.0, (height - total) / 2)
    for outcome in outcome_ids:
        _fix(by_id[outcome], x, y + NODE_SIZE)
        y += max(_pitch(by_id, outcome), 100)
    if outcome_ids:
        top = by_id[outcome_ids[0]]["y"] - 50
        backdrop.append(_region(x - COLUMN / 2, top, COLUMN, y - top, "outcomes", "#fdeeee"))
    return max(height, y)


def _intervention_column(
    by_id: Mapping[str, dict[str, Any]],
    interventions: Sequence[tuple[str, tuple[str, ...]]],
    height: float,
    backdrop: list[dict[str, Any]],
) -> float:
    """The interventions of an answer page (each with its targeting strategies) in the
    first column, centred on the page's ``height``; those with the same strategies together
    in a region named after them. The height of the page with them."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for item, aim in interventions:
        groups.setdefault(aim, []).append(item)
    head = 30 + 2 * 20  # room for a region's name: two lines
    total = sum(_pitch(by_id, i) for i, _ in interventions) + head * sum(1 for g in groups if g)
    y = max(30.0, (height - total) / 2)
    for aim, members in groups.items():
        top = y
        y += head if aim else 0
        for item in members:
            _fix(by_id[item], 0.0, y + NODE_SIZE)
            y += _pitch(by_id, item)
        if aim:
            backdrop.append(_strategy_region(aim, top, y))
        y += 12
    return max(height, y)


def _strategy_region(aim: tuple[str, ...], top: float, bottom: float) -> dict[str, Any]:
    """The region of the interventions that follow the strategies ``aim``, named after
    them and coloured as the first."""
    names = " and ".join(
        label.removeprefix("targeting ") for key, label, _ in STRATEGIES if key in aim
    )
    fill = next(colour for key, _, colour in STRATEGIES if key == aim[0])
    region = _region(-COLUMN / 2 + 6, top, COLUMN - 12, bottom - top, "", fill)
    region.update(label="\n".join(wrap(f"targeting {names}", 16, COLUMN - 40)), size=16)
    return region


def _middle_rows(
    by_id: Mapping[str, dict[str, Any]],
    edges: Sequence[tuple[str, str]],
    column_of: Mapping[str, int],
    columns: int,
    height: float,
) -> dict[str, float]:
    """The y of each node of the middle columns (``column_of``), the other nodes placed:
    each column in turn, six sweeps, near the mean y of its neighbours and at least its
    pitch from the next."""
    neighbours: dict[str, list[str]] = {n: [] for n in by_id}
    for a, b in edges:
        if a in by_id and b in by_id and a != b:
            neighbours[a].append(b)
            neighbours[b].append(a)
    ys = {n: node["y"] for n, node in by_id.items() if n not in column_of}
    for m in column_of:
        ys[m] = height / 2
    for _sweep in range(6):
        for c in range(1, columns + 1):
            members = [m for m in column_of if column_of[m] == c]
            wanted = {
                m: (sum(ys[n] for n in neighbours[m]) / len(neighbours[m]))
                if neighbours[m]
                else ys[m]
                for m in members
            }
            placed = _spread(
                sorted(members, key=lambda m: (wanted[m], m)),
                wanted,
                lambda m: _pitch(by_id, m, MIDDLE_FONT),
            )
            ys.update(placed)
    return ys


def _spread(
    order: list[str], wanted: Mapping[str, float], pitch: Callable[[str], float]
) -> dict[str, float]:
    """1-D placement: each item near its wanted y, in ``order``, at least its pitch apart,
    the whole column then shifted so that its mean displacement is zero."""
    placed: dict[str, float] = {}
    last = -math.inf
    for item in order:
        y = max(wanted[item], last)
        placed[item] = y
        last = y + pitch(item)
    if placed:
        shift = sum(wanted[i] - placed[i] for i in order) / len(order)
        low = min(placed.values()) + shift
        if low < 30:
            shift += 30 - low
        placed = {i: y + shift for i, y in placed.items()}
    return placed
