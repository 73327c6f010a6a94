"""SIF (simple interaction format): ``source<sep>interaction<sep>target [target...]``.

The separator is a tab when the line has one, else any run of spaces (Cytoscape's rule). The
interaction is a sign word (``1``, ``-1``, ``activates``, ``inhibits``, ``->``, ``-|``...;
see :func:`~mechgraph.sources.importers.base.parse_sign`); unsigned ones (``pp``, ``pd``,
``binding``, ``0``) are skipped and counted. A line with one name declares a lone node; a
``source interaction target`` header line and ``#`` comment lines are ignored.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "net.sif"
>>> _ = path.write_text("A\\t1\\tB\\nB -1 C D\\nC pp D\\n")
>>> network = read_sif(path, "net")
>>> [e.key for e in network.edges], network.skipped
([('A', 'B', '+'), ('B', 'C', '-'), ('B', 'D', '-')], {'unsigned': 1})
"""

from __future__ import annotations

from pathlib import Path

from mechgraph.sources.importers.base import (
    UNSIGNED,
    ImportedNetwork,
    NetworkBuilder,
    Progress,
    brief,
    lines_of,
    parse_sign,
)


def read_sif(
    path: Path | str,
    name: str,
    *,
    progress: Progress | None = None,
    strict: bool = False,
    **_: object,
) -> ImportedNetwork:
    """Read a SIF file; ValidationError lists every malformed line."""
    path = Path(path)
    builder = NetworkBuilder(name, "sif", str(path), strict=strict)
    first = True
    for number, line in lines_of(path, builder, progress):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")] if "\t" in line else line.split()
        if first and [c.lower() for c in cells[:3]] == ["source", "interaction", "target"]:
            first = False
            continue
        first = False
        if len(cells) == 1:
            builder.node(cells[0])
            continue
        if len(cells) == 2 or not all(cells):
            empty = "an empty cell: " if not all(cells) else ""
            builder.problem(
                number,
                f"{empty}expected source, interaction and target, got {brief(line.strip())!r}",
            )
            continue
        source, relation, targets = cells[0], cells[1], cells[2:]
        sign = parse_sign(relation)
        if sign is None:
            builder.problem(
                number,
                f"unknown interaction '{brief(relation)}' (use 1 / -1, activates / inhibits, "
                "-> / -|; pp, binding or 0 for unsigned ones)",
            )
            continue
        for target in targets:
            if sign == UNSIGNED:
                builder.skip("unsigned")
            else:
                builder.edge(source, target, sign, number, relation)
    return builder.build()
