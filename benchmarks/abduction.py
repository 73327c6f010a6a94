"""Abduction benchmark (issue 7): prints figures measured in one run.

    python benchmarks/abduction.py [--network ../shared/data/omnipath_signed_carnival.tsv]
                                   [--limit 20] [--smoke [--edges 1000]]

On the shipped knowledge base: for several queries, the size of the integer program (nodes
kept after pruning to those between the interventions and the observations, variables,
constraints, assumption variables), the time to the cheapest hypothesis, the time to the
``top`` hypotheses and the time per solve (HiGHS through scipy.optimize.milp). Every solve
after the first adds one no-good cut, so the time per hypothesis is about constant.

With ``--network``, one query on a large signed network shows where the exact program stops
being practical (a time limit applies; the script says whether it finished). The query is
IL10 given, TNF observed down; on a network without both (e.g. a generated one) the source
is the node with the most out-edges and the target one it reaches.

``--smoke`` (the test suite's run, a few seconds): the knowledge-base queries, then, unless
``--network`` is given, a generated scale-free signed network of ``--edges`` edges (default
1,000, which the program solves in about a second; benchmarks/scale.py's generator) with a
5 s limit.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
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
    from mechgraph.io.signed_table import load_signed_table
    from mechgraph.reasoning.fast import propagate_fast

    graph = load_signed_table(path)
    print(f"\n== {path.name}: {len(graph.successors):,} nodes, {graph.edge_count():,} edges")
    print("   edges of a signed table carry no claims: only inactive branches can be assumed")
    source, target = "IL10", "TNF"
    if source not in graph.successors or target not in graph.successors:
        source = max(sorted(graph.successors), key=lambda n: len(graph.successors[n]))
        reached = sorted(set(propagate_fast(graph.arrays(), [Intervention(source)]).node_signs()))
        target = next(n for n in reached if n != source)
    start = time.perf_counter()
    answer = abduce(
        graph,
        [Intervention(source)],
        [Observation(target, Sign.MINUS)],
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
        f"{source} given, {target} observed down: {s['nodes']:,} nodes kept, "
        f"{s['variables']:,} variables, {s['constraints']:,} constraints; {seconds:.1f} s, "
        f"{state}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--network", type=Path, help="a large signed table, one query")
    parser.add_argument("--limit", type=float, help="time limit of that query, s (20; smoke 5)")
    parser.add_argument("--smoke", action="store_true", help="a small generated network")
    parser.add_argument("--edges", type=int, default=1000, help="of the --smoke network (1000)")
    args = parser.parse_args()
    limit = args.limit or (5.0 if args.smoke else 20.0)
    bench_kb()
    if args.network:
        bench_network(args.network, limit)
    elif args.smoke:
        from scale import generate

        folder = Path(tempfile.mkdtemp())
        path = folder / f"scale_free_{args.edges}.tsv"
        generate(path, args.edges)
        print(f"\nsmoke run: generated scale-free network of {args.edges:,} edges")
        bench_network(path, limit)
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
