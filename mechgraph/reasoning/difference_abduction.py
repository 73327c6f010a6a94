"""Abduction over a difference of arms: what would explain the difference observed between
two trial arms (``hypothesize Doxil avelumab --vs avelumab --observe "immunotherapy
efficacy=same"``).

The difference of the arms (:mod:`mechgraph.reasoning.difference`) comes from signed
sources: the components only one arm has (``+`` for the first arm's, ``-`` for the
second's), the comparative claims that match the arms, and a formulation's own biology
against its free payload. :func:`difference_network` joins them to one virtual root
(:data:`ROOT`, "difference of the arms") on a copy of the mechanism graph: an edge to each
component (structural: the components are the drugs, never taken to be inactive) and an
edge to the object of each comparison, carrying its claim (which an assumption may then set
aside, or a context value stop). Components both arms share are not sources, so they
cancel. :func:`abduce_difference` then runs :func:`~mechgraph.reasoning.abduction.abduce`
from the root: an observation ``higher`` / ``lower`` / ``same`` is the root's sign
``+`` / ``-`` / ``0`` at the readout, and the predicted signs of each hypothesis are
differences too. The matching null comparisons on the readouts observed *same* (the trial
that found no difference) are listed as agreeing null results.

>>> from mechgraph import load_kb
>>> from mechgraph.reasoning.abduction import Observation
>>> kb = load_kb()
>>> answer = abduce_difference(kb, ["Abraxane"], ["paclitaxel"],
...                            [Observation("neutropenia", Sign.MINUS)])
>>> answer.consistent, answer.hypotheses[0].assumptions  # what is known already explains it
(True, ())
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mechgraph.graph.compile import compile_kb
from mechgraph.graph.mechanism_graph import Edge, MechanismGraph
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.resolve import NameIndex
from mechgraph.model.vocab import DIFFERENCE_WORDS, Sign
from mechgraph.reasoning.abduction import Abduction, Costs, Observation, abduce
from mechgraph.reasoning.difference import DifferenceSources, difference_sources
from mechgraph.reasoning.propagate import Intervention

#: The virtual node the difference of the arms starts from.
ROOT = "__difference_of_the_arms__"
ROOT_LABEL = "difference of the arms"
#: Relation of the root's edge to a component only one arm has.
COMPONENT = "arm_component"


@dataclass
class DifferenceGraph(MechanismGraph):
    """A mechanism graph with the virtual root of a difference (labelled in answers, whose
    signs read as differences)."""

    sources_text = "the difference of the arms"
    sign_words = DIFFERENCE_WORDS

    def label(self, node: str) -> str:
        return ROOT_LABEL if node == ROOT else self.kb.label(node)


def difference_network(graph: MechanismGraph, sources: DifferenceSources) -> DifferenceGraph:
    """A copy of ``graph`` with :data:`ROOT` and its edges to the sources of the
    difference (the original graph is not changed)."""
    network = DifferenceGraph(graph.kb)
    for node in graph.nodes():  # out_edges, not successors: a merged graph's imported edges
        network.successors[node] = list(graph.out_edges(node))
    for intervention in sources.interventions:
        network.add(Edge(ROOT, intervention.node, intervention.sign, COMPONENT))
    for seed in sources.seeds:
        last = seed.edges[-1]
        network.add(Edge(ROOT, last.target, seed.sign, last.relation, last.claims))
    network.successors.setdefault(ROOT, [])
    return network


def abduce_difference(
    kb: KnowledgeBase,
    first: Sequence[str],
    second: Sequence[str],
    observations: Sequence[Observation],
    context: Mapping[str, str] | None = None,
    *,
    graph: MechanismGraph | None = None,
    index: NameIndex | None = None,
    kinds: Sequence[str] | None = None,
    costs: Costs | None = None,
    zero: str = "strict",
    top: int = 5,
    time_limit: float | None = 60.0,
) -> Abduction:
    """The cheapest minimal assumption sets under which the difference of ``first`` from
    ``second`` (agent ids or names) is what was observed (see the module docstring)."""
    graph = graph or compile_kb(kb)
    sources = difference_sources(kb, first, second, context, graph=graph, index=index)
    network = difference_network(graph, sources)
    options = {} if kinds is None else {"kinds": kinds}
    answer = abduce(
        network,
        [Intervention(ROOT)],
        observations,
        sources.context,
        costs=costs,
        zero=zero,
        top=top,
        time_limit=time_limit,
        **options,
    )
    answer.arms = (
        tuple(i.id for i in sources.first.interventions),
        tuple(i.id for i in sources.second.interventions),
    )
    same = {o.node for o in observations if o.sign is Sign.NONE}
    answer.null_results = [n.comparison.claim for n in sources.nulls if n.node in same]
    return answer
