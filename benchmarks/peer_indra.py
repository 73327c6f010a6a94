"""The peer: INDRA's SignedGraphModelChecker on a signed table (run inside INDRA's own venv).

    .indra-venv/bin/python benchmarks/peer_indra.py NETWORK.tsv SOURCE TARGET [TARGET ...]

Builds a ``networkx.MultiDiGraph`` with ``sign`` 0 (increase) / 1 (decrease) edge attributes,
then times ``check_statement(IncreaseAmount(Agent(source), Agent(target)), max_paths=1,
max_path_length=8)`` once per target. Prints one JSON object: load time and per-question times
(seconds) and whether INDRA found a path. Started by benchmarks/scale.py; needs only indra,
kappy, pygraphviz and networkx, not mechgraph.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    import logging

    import networkx as nx
    from indra.explanation.model_checker import SignedGraphModelChecker
    from indra.statements import Agent, IncreaseAmount

    logging.disable(logging.WARNING)
    path, source, targets = sys.argv[1], sys.argv[2], sys.argv[3:]
    start = time.perf_counter()
    graph = nx.MultiDiGraph()
    with open(path, encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        s, i, t = (header.index(c) for c in ("source", "interaction", "target"))
        for line in handle:
            cells = line.rstrip("\n").split("\t")
            sign = 0 if cells[i].strip() in ("1", "+1", "+") else 1
            graph.add_edge(cells[s], cells[t], sign=sign)
    load = time.perf_counter() - start
    checker = SignedGraphModelChecker(graph)
    questions = []
    for target in targets:
        stmt = IncreaseAmount(Agent(source), Agent(target))
        start = time.perf_counter()
        result = checker.check_statement(stmt, max_paths=1, max_path_length=8)
        seconds = time.perf_counter() - start
        questions.append(
            {"target": target, "seconds": seconds, "path_found": bool(result.path_found)}
        )
    json.dump({"load_seconds": load, "questions": questions}, sys.stdout)


if __name__ == "__main__":
    main()
