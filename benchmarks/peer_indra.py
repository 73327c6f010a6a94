"""The peer: INDRA's SignedGraphModelChecker on a signed table (run inside INDRA's own venv).

    .indra-venv/bin/python benchmarks/peer_indra.py NETWORK.tsv SOURCE TARGET [TARGET ...]
    .indra-venv/bin/python benchmarks/peer_indra.py --smoke

Builds a ``networkx.MultiDiGraph`` with ``sign`` 0 (increase) / 1 (decrease) edge attributes,
then times ``check_statement(IncreaseAmount(Agent(source), Agent(target)), max_paths=1,
max_path_length=8)`` once per target. Prints one JSON object: load time and per-question times
(seconds) and whether INDRA found a path. Started by benchmarks/scale.py; needs only indra,
kappy, pygraphviz and networkx, not mechgraph. ``--smoke`` (the test suite's run, needs
INDRA): a built-in 5-edge network, source A and targets D (A -> B -| C -| D: increased, a path)
and E (A -| E: decreased, no increasing path).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time

SMOKE = "source\tinteraction\ttarget\nA\t1\tB\nB\t-1\tC\nC\t-1\tD\nA\t-1\tE\nE\t1\tF\n"


def main() -> None:
    args = sys.argv[1:]
    if args[:1] in (["-h"], ["--help"]):
        print(__doc__)
        return
    smoke = args == ["--smoke"]
    if not smoke and (len(args) < 3 or args[0].startswith("-")):
        sys.exit(__doc__)
    import logging

    import networkx as nx
    from indra.explanation.model_checker import SignedGraphModelChecker
    from indra.statements import Agent, IncreaseAmount

    logging.disable(logging.WARNING)
    if smoke:
        handle, path = tempfile.mkstemp(suffix=".tsv")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(SMOKE)
        source, targets = "A", ["D", "E"]
    else:
        path, source, targets = args[0], args[1], args[2:]
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
    if smoke:
        os.unlink(path)


if __name__ == "__main__":
    main()
