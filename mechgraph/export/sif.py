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
"""

from __future__ import annotations

from mechgraph.export.network import NetworkView, network_view
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
