"""Finding the edges that close feedback loops.

A loop (a strongly connected set of nodes) is entered where paths from the interventions
first reach it: its *entry* nodes. An edge from inside a loop back into one of its entries
closes the loop; it is a *feedback edge*. Removing feedback edges, then repeating inside
each loop for loops nested in it, leaves an acyclic graph (Steensgaard's loop-nesting
forest). The result does not depend on the order in which nodes or edges are visited.

>>> succ = {"x": ["a"], "a": ["b"], "b": ["c"], "c": ["a"]}
>>> sorted(feedback_edges(succ, {"x"}))
[('c', 'a')]
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

N = TypeVar("N", bound=Hashable)


def strongly_connected_components(
    nodes: Iterable[N], successors: Mapping[N, Sequence[N]]
) -> list[list[N]]:
    """Tarjan's algorithm, iterative; successors outside ``nodes`` are ignored."""
    members = set(nodes)
    index: dict[N, int] = {}
    low: dict[N, int] = {}
    on_stack: set[N] = set()
    stack: list[N] = []
    components: list[list[N]] = []
    counter = 0
    for root in members:
        if root in index:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(successors.get(root, ())))]
        while work:
            node, neighbours = work[-1]
            for nxt in neighbours:
                if nxt not in members:
                    continue
                if nxt not in index:  # go down to it; back to ``node`` once it is done
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(successors.get(nxt, ()))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:  # every successor seen: the node is done
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    components.append(_pop_component(stack, on_stack, node))
    return components


def _pop_component(stack: list[N], on_stack: set[N], root: N) -> list[N]:
    """The component whose root is ``root``: the stack's nodes down to it, taken off."""
    component: list[N] = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        component.append(member)
        if member == root:
            return component


def feedback_edges(successors: Mapping[N, Sequence[N]], sources: Iterable[N]) -> set[tuple[N, N]]:
    """The (source, target) pairs that close loops, for the graph reachable from ``sources``.

    ``successors`` must already be restricted to the edges in play (one entry per pair).
    """
    sources = set(sources)
    predecessors: dict[N, set[N]] = {}
    for node, outs in successors.items():
        for nxt in outs:
            predecessors.setdefault(nxt, set()).add(node)
    removed: set[tuple[N, N]] = set()

    def live_successors(region: set[N]) -> dict[N, list[N]]:
        return {
            node: [n for n in successors.get(node, ()) if n in region and (node, n) not in removed]
            for node in region
        }

    regions: list[set[N]] = [set(successors) | sources]
    while regions:
        region = regions.pop()
        live = live_successors(region)
        for component in strongly_connected_components(region, live):
            inside = set(component)
            if len(component) == 1 and component[0] not in live.get(component[0], ()):
                continue
            entries = {
                node
                for node in inside
                if node in sources
                or any(
                    pred not in inside and (pred, node) not in removed
                    for pred in predecessors.get(node, ())
                )
            }
            closing = {(u, v) for u in inside for v in live[u] if v in inside and v in entries}
            if not closing:  # unreachable loop: cut it anywhere, deterministically
                closing = {min(((u, v) for u in inside for v in live[u] if v in inside), key=str)}
            removed |= closing
            regions.append(inside)
    return removed
