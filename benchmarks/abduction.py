"""Abduction benchmark (issue 7): prints figures measured in one run.

    python benchmarks/abduction.py [--network ../shared/data/omnipath_signed_carnival.tsv]

On the shipped knowledge base: for several queries, the size of the integer program (nodes
kept after pruning to those between the interventions and the observations, variables,
constraints, assumption variables), the time to the cheapest hypothesis, the time to the
``top`` hypotheses and the time per solve (HiGHS through scipy.optimize.milp). Every solve
after the first adds one no-good cut, so the time per hypothesis is about constant.

With ``--network``, one query on a large signed network shows where the exact program stops
being practical (a time limit applies; the script says whether it finished).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import scipy.optimize  # noqa: F401  (imported once, before timing: about 1 s)

import mechgraph
from mechgraph.model.vocab import Sign
from mechgraph.reasoning.abduction import Observation, abduce
from mechgraph.reasoning.propagate import Intervention

QUERIES = [
    ("worked example: no improvement", ["Doxil", "avelumab"], {"immunotherapy efficacy": "0"}, 10),
    (
        "consistent as is",
        ["Abraxane", "atezolizumab"],
        {"haematological toxicity": "-", "immunotherapy efficacy": "+"},
        5,
    ),
    (
        "no survival benefit, tumour control up",
        ["Abraxane", "atezolizumab"],
        {"survival": "0", "tumour control": "+"},
        5,
    ),
    (
        "every outcome unchanged (6 observations)",
        ["Doxil", "avelumab"],
        {
            "tumour control": "0",
            "immunotherapy efficacy": "0",
            "survival": "0",
            "haematological toxicity": "0",
            "immune-related adverse events": "0",
            "tumour delivery of the nanocarrier": "0",
        },
        5,
    ),
    ("inconsistent observation", ["Doxil"], {"radiotherapy": "+"}, 5),
]


def bench_kb() -> None:
    ws = mechgraph.workspace()
    print(
        f"== shipped knowledge base: {len(ws.graph.nodes())} nodes, {ws.graph.edge_count()} "
        f"edges, {len(ws.kb.claims)} claims"
    )
    header = (
        f"{'query':<42} {'nodes':>5} {'vars':>6} {'rows':>6} {'assum':>5}  "
        f"{'first':>7} {'top':>3} {'total':>7} {'/solve':>7}  result"
    )
    print(header)
    for title, agents, observe, top in QUERIES:
        mechgraph.hypothesize(agents, observe, top=1)  # warm the workspace cache
        start = time.perf_counter()
        first = mechgraph.hypothesize(agents, observe, top=1)
        t_first = time.perf_counter() - start
        start = time.perf_counter()
        answer = mechgraph.hypothesize(agents, observe, top=top)
        t_all = time.perf_counter() - start
        s = answer.stats
        solves = s.get("solves", 1)
        if not answer.consistent:
            result = f"no consistent explanation ({answer.conflict[0].node})"
        elif answer.hypotheses and not answer.hypotheses[0].assumptions:
            result = "no assumption needed"
        else:
            costs = [h.cost for h in answer.hypotheses]
            result = f"{len(costs)} hypotheses, cost {costs[0]}..{costs[-1]}"
        del first
        print(
            f"{title:<42} {s.get('nodes', 0):>5} {s.get('variables', 0):>6} "
            f"{s.get('constraints', 0):>6} {s.get('assumption_variables', 0):>5}  "
            f"{t_first:>6.2f}s {len(answer.hypotheses):>3} {t_all:>6.2f}s "
            f"{t_all / max(solves, 1):>6.2f}s  {result}"
        )
    for zero in ("strict", "cancel"):
        start = time.perf_counter()
        answer = mechgraph.hypothesize(
            ["Doxil", "avelumab"], {"immunotherapy efficacy": "0"}, zero=zero, top=3
        )
        print(
            f"zero={zero:<7} worked example, top 3: {time.perf_counter() - start:6.2f} s, "
            f"cheapest cost {answer.hypotheses[0].cost if answer.hypotheses else '-'}"
        )


def bench_network(path: Path, limit: float = 20.0) -> None:
    from mechgraph.sources.signed_table import load_signed_table

    graph = load_signed_table(path)
    print(f"\n== {path.name}: {len(graph.successors):,} nodes, {graph.edge_count():,} edges")
    print("   edges of a signed table carry no claims: only inactive branches can be assumed")
    start = time.perf_counter()
    answer = abduce(
        graph,
        [Intervention("IL10")],
        [Observation("TNF", Sign.MINUS)],
        kinds=["branch"],
        top=1,
        time_limit=limit,
    )
    seconds = time.perf_counter() - start
    s = answer.stats
    state = (
        "finished"
        if answer.complete
        else f"did NOT finish within the {limit:g} s limit (the exact program is too large)"
    )
    print(
        f"IL10 given, TNF observed down: {s['nodes']:,} nodes kept, {s['variables']:,} "
        f"variables, {s['constraints']:,} constraints; {seconds:.1f} s, {state}"
    )


def main() -> None:
    bench_kb()
    if "--network" in sys.argv:
        position = sys.argv.index("--network")
        bench_network(Path(sys.argv[position + 1]))


if __name__ == "__main__":
    main()
