"""A screening heatmap as plain SVG text (no plotting library): combinations x readouts.

Each cell shows the readout's sign for the combination; its colour is the verdict
(favourable green, unfavourable red, contested amber, reached without polarity blue,
unchanged light grey) and its opacity the support of the sign shown (the stronger side for a
``?`` readout; none for a readout reached only below the strength floor). The last column
holds the score.

>>> svg = screen_svg_from_rows(["a + b"], ["step 1"], [[("+", "favourable", 0.9)]], [0.9], [True])
>>> svg.startswith("<svg") and "a + b" in svg
True
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from mechgraph.reasoning.screen import ScreenResult

COLOURS = {
    "favourable": "#1a9850",
    "unfavourable": "#d73027",
    "contested": "#f39c12",
    "reached": "#4575b4",
    "unchanged": "#eeeeee",
}
CELL = 22
CHAR = 6.2  # average glyph width at font-size 11, for layout


def screen_svg_from_rows(
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Sequence[Sequence[tuple[str, str, float]]],
    scores: Sequence[float],
    exact: Sequence[bool],
    title: str = "",
    groups: Sequence[tuple[str, int]] = (),
) -> str:
    """The SVG text; ``cells[i][j]`` is ``(sign, verdict, strength)``; ``groups`` names
    consecutive column groups as ``(title, number of columns)``."""
    left = int(max((len(r) for r in rows), default=10) * CHAR) + 20
    top = int(max((len(c) for c in columns), default=10) * CHAR * 0.82) + 50
    longest = max((len(c) for c in columns), default=10)
    width = left + CELL * (len(columns) + 3) + int(longest * CHAR * 0.6)
    height = top + CELL * len(rows) + 70
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" '
        'font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    if title:
        out.append(f'<text x="10" y="18" font-size="13" font-weight="bold">{escape(title)}</text>')
    x0 = left
    for name, count in groups:
        out.append(
            f'<text x="{x0 + 2}" y="34" font-style="italic">{escape(name)}</text>'
            f'<line x1="{x0}" y1="38" x2="{x0 + count * CELL - 2}" y2="38" stroke="#999"/>'
        )
        x0 += count * CELL
    for j, name in enumerate(list(columns) + ["score"]):
        x = left + j * CELL + CELL / 2 + (CELL if j == len(columns) else 0)
        out.append(
            f'<text transform="translate({x:.1f},{top - 6}) rotate(-55)">{escape(name)}</text>'
        )
    for i, name in enumerate(rows):
        y = top + i * CELL
        mark = "" if exact[i] else " *"
        out.append(
            f'<text x="{left - 6}" y="{y + CELL * 0.68:.1f}" text-anchor="end">'
            f"{escape(name + mark)}</text>"
        )
        for j, (sign, verdict, strength) in enumerate(cells[i]):
            x = left + j * CELL
            opacity = 1.0 if verdict == "unchanged" else 0.25 + 0.75 * max(0.0, min(1.0, strength))
            out.append(
                f'<rect x="{x}" y="{y}" width="{CELL - 2}" height="{CELL - 2}" '
                f'fill="{COLOURS.get(verdict, "#cccccc")}" fill-opacity="{opacity:.2f}">'
                f"<title>{escape(f'{name} / {columns[j]}: {sign} {verdict} {strength:.2f}')}"
                "</title></rect>"
            )
            if sign != "0":
                out.append(
                    f'<text x="{x + (CELL - 2) / 2:.1f}" y="{y + CELL * 0.66:.1f}" '
                    f'text-anchor="middle" fill="#111">{escape(sign)}</text>'
                )
        sx = left + (len(columns) + 1) * CELL
        out.append(f'<text x="{sx}" y="{y + CELL * 0.68:.1f}">{scores[i]:+.2f}</text>')
    y = top + len(rows) * CELL + 20
    x = 10
    for verdict, colour in COLOURS.items():
        out.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{y + 10}">{verdict}</text>'
        )
        x += 16 + int(len(verdict) * CHAR) + 14
    out.append(
        f'<text x="10" y="{y + 30}" fill="#555">opacity: support of the sign shown; '
        "score: favourable minus unfavourable support"
        + ("; * superposition, not recomputed" if not all(exact) else "")
        + "</text>"
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def screen_svg(result: ScreenResult, top: int | None = 30) -> str:
    """The heatmap of a screen's ``top`` rows (all rows when ``top`` is None or 0)."""
    rows = result.top(top)
    graph = result.graph
    columns = [graph.label(r.id) for r in result.readouts]
    cells = []
    for row in rows:
        line = []
        for sign, verdict, plus, minus in zip(
            row.signs, row.verdicts, row.plus, row.minus, strict=True
        ):
            shown = {"+": plus, "-": minus, "?": max(plus, minus)}.get(sign.value, 0.0)
            line.append((sign.value, verdict, shown))
        cells.append(line)
    groups: list[tuple[str, int]] = []
    for readout in result.readouts:
        name = {"step": "cycle steps", "outcome": "outcomes"}.get(readout.kind.value, "readouts")
        if groups and groups[-1][0] == name:
            groups[-1] = (name, groups[-1][1] + 1)
        else:
            groups.append((name, 1))
    context = ", ".join(f"{k}={v}" for k, v in result.context.items()) or "none"
    title = f"Screen: top {len(rows)} of {len(result.rows)} combinations (context: {context})"
    return screen_svg_from_rows(
        [row.name for row in rows],
        columns,
        cells,
        [row.score for row in rows],
        [row.exact for row in rows],
        title,
        groups,
    )
