"""The signed mechanism graph as SIF (simple interaction format) for causal-reasoning tools.

One line per signed edge, tab-separated, no header: ``source<TAB>1<TAB>target`` for a
positive edge, ``source<TAB>-1<TAB>target`` for a negative one. Node names are mechgraph ids
(letters, digits and ``_``: no spaces or characters the tools rewrite).

* CARNIVAL (saezlab) takes the prior-knowledge network as a data frame with the columns
  ``source``, ``interaction`` (1 or -1) and ``target`` (``checkPriorKnowledgeNetwork``):
  ``read.table("mechgraph.sif", sep = "\\t", col.names = c("source", "interaction",
  "target"))``.
* CausalR (``CreateCCG``/``CreateCG``) reads a whitespace-separated table whose middle column
  must be ``Activates``/``Activation`` or ``Inhibits``/``Inhibition``
  (``ValidateFormatOfTable``): convert with ``style="causalr"`` here, or ``awk``.
* Iggy >= 2 reads CIF (``a -> b``, ``!a -> b``), which is one ``awk`` line away.

All compiled edges are written: causal edges (the sign of their claims) and the structural
``+1`` edges (is_a, has_carrier, has_payload, has_property, part_of) through which an
intervention on a formulation or class member reaches the claims about its parts and
classes; ``causal_only=True`` keeps only claim edges. Lines are sorted and unique.

>>> from mechgraph import load_kb
>>> text = sif_bytes(load_kb()).decode()
>>> "abraxane\\t1\\tpaclitaxel" in text.splitlines()
True

**Reading** (:func:`read_sif`, for ``mechgraph import sif``):

SIF (simple interaction format): ``source<sep>interaction<sep>target [target...]``.

The separator is a tab when the line has one, else any run of spaces (Cytoscape's rule). The
interaction is a sign word (``1``, ``-1``, ``activates``, ``inhibits``, ``->``, ``-|``...;
see :func:`~mechgraph.io.interactions.parse_sign`); unsigned ones (``pp``, ``pd``,
``binding``, ``0``) are skipped and counted. A line with one name declares a lone node; a
``source interaction target`` header line and ``#`` comment lines are ignored. The lines are
read by :class:`~mechgraph.io.interactions.InteractionReader`, as a table's are.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "net.sif"
>>> _ = path.write_text("A\\t1\\tB\\nB -1 C D\\nC pp D\\n")
>>> network = read_sif(path, "net")
>>> [e.key for e in network.edges], network.skipped
([('A', 'B', '+'), ('B', 'C', '-'), ('B', 'D', '-')], {'unsigned': 1})
"""

from __future__ import annotations

from pathlib import Path

from mechgraph.io.base import ImportedNetwork, Progress, brief
from mechgraph.io.interactions import InteractionReader, split_cells
from mechgraph.io.network import NetworkView, network_view
from mechgraph.model.kb import KnowledgeBase

STYLES = {
    "signed": {1: "1", -1: "-1"},
    "causalr": {1: "Activates", -1: "Inhibits"},
}


def sif_lines(view: NetworkView, style: str = "signed", causal_only: bool = False) -> list[str]:
    """Sorted, unique SIF lines of the network rows."""
    words = STYLES[style]
    lines = {
        f"{edge.source}\t{words[edge.sign_value]}\t{edge.target}"
        for edge in view.edges
        if not (causal_only and edge.structural)
    }
    return sorted(lines)


def sif_bytes(kb: KnowledgeBase, style: str = "signed", causal_only: bool = False) -> bytes:
    """The compiled mechanism graph of ``kb`` as SIF text."""
    return ("\n".join(sif_lines(network_view(kb), style, causal_only)) + "\n").encode("utf-8")


def read_sif(
    path: Path | str, name: str, *, progress: Progress | None = None, strict: bool = False
) -> ImportedNetwork:
    """Read a SIF file; ValidationError lists every malformed line."""
    reader = InteractionReader.open(path, name, "sif", progress=progress, strict=strict)
    first = True
    for number, line in reader.lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = split_cells(line, "sif")
        if first and [c.lower() for c in cells[:3]] == ["source", "interaction", "target"]:
            first = False
            continue
        first = False
        _sif_row(reader, number, line, cells)
    return reader.build()


def _sif_row(reader: InteractionReader, number: int, line: str, cells: list[str]) -> None:
    """One SIF line: a lone node, or edges from its source to each of its targets."""
    if len(cells) == 1:
        reader.builder.node(cells[0])
        return
    if len(cells) == 2 or not all(cells):
        empty = "an empty cell: " if not all(cells) else ""
        reader.problem(
            number, f"{empty}expected source, interaction and target, got {brief(line.strip())!r}"
        )
        return
    source, relation, targets = cells[0], cells[1], cells[2:]
    reader.edges(number, source, targets, reader.signs(number, relation, len(targets)), relation)
