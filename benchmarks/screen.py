"""Screening benchmark (issue 7): prints figures and ratios measured in the same run.

    python benchmarks/screen.py [NETWORK.tsv] [--agents 100] [--sample 200]
    python benchmarks/screen.py --smoke

``--smoke`` (the test suite's run, a few seconds): a generated scale-free signed network of
6,000 edges (benchmarks/scale.py's generator) instead of OmniPath, 20 agents (190 pairs),
20 pairs recomputed with the engine, then the knowledge-base screens as usual. On a network
with fewer than 10 of the ``GENES`` below, the readouts are 30 nodes drawn at random
(seed 7) among those with an in-edge.

Set-up, stated plainly:

* Large network: ``../shared/data/omnipath_signed_carnival.tsv`` (OmniPath, 6,124 nodes,
  19,807 signed edges) read with ``load_signed_table``; every edge weighs 1. The curated
  knowledge base has 58 agents, so the 100 "agents" here are 100 nodes drawn at random
  (seed 7) among those with at least 3 out-edges, and the readouts are a fixed list of 30
  well-known immune / death / proliferation genes (those present in the network), given
  alternating desirable signs for illustration only (they are not curated polarities).
* All 4,950 pairs are screened by superposition of per-agent profiles (``exact=False``): one
  array-engine propagation per agent, then every pair at once. The script reports how many
  pairs superposition answers exactly (no agent reaches the other, shared loops entered at
  the same nodes), the cost of recomputing a pair with the array engine (median over a
  sample) and the time recomputing every pair would take, and how often superposition agrees
  with the engine on the readout signs of the pairs it cannot prove exact.
* Shipped knowledge base: every pair of its agents and every nanoformulation x checkpoint
  inhibitor, in the default exact mode (the figures `mechgraph screen` shows).
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from mechgraph.io.signed_table import load_signed_table
from mechgraph.model.records import Readout
from mechgraph.model.vocab import ReadoutKind, Sign
from mechgraph.reasoning.fast import propagate_fast
from mechgraph.reasoning.propagate import Intervention
from mechgraph.reasoning.screen import screen_combinations

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
GENES = [
    "CASP3",
    "CASP8",
    "BAX",
    "BCL2",
    "MYC",
    "CDKN1A",
    "TP53",
    "IFNG",
    "GZMB",
    "CD274",
    "IL10",
    "TGFB1",
    "FOXP3",
    "STAT1",
    "STAT3",
    "IL2",
    "TNF",
    "CXCL9",
    "CXCL10",
    "HIF1A",
    "VEGFA",
    "MTOR",
    "AKT1",
    "MAPK1",
    "JUN",
    "FOS",
    "NFKB1",
    "IRF1",
    "PTEN",
    "CCND1",
]


def _signs(sign: Sign) -> set[Sign]:
    return {Sign.PLUS, Sign.MINUS} if sign is Sign.AMBIGUOUS else {sign} - {Sign.NONE}


def bench_network(path: Path, n_agents: int = 100, n_sample: int = 200, seed: int = 7) -> None:
    graph = load_signed_table(path)
    graph.arrays()
    rng = random.Random(seed)
    candidates = sorted(n for n, out in graph.successors.items() if len(out) >= 3)
    agents = rng.sample(candidates, min(n_agents, len(candidates)))
    n_agents = len(agents)
    present = [g for g in GENES if g in graph.successors]
    if len(present) < 10:  # not a gene network (e.g. generated): readouts drawn at random
        targets = sorted({e.target for out in graph.successors.values() for e in out})
        present = random.Random(seed).sample(targets, min(len(GENES), len(targets)))
    readouts = [
        Readout(g, ReadoutKind.OUTCOME, k, Sign.PLUS if k % 2 == 0 else Sign.MINUS)
        for k, g in enumerate(present)
    ]
    pairs = list(itertools.combinations(agents, 2))
    print(
        f"== {path.name}: {len(graph.successors):,} nodes, {graph.edge_count():,} edges; "
        f"{n_agents} agents, {len(pairs):,} pairs, {len(readouts)} readouts"
    )
    start = time.perf_counter()
    result = screen_combinations(graph, pairs, readouts, exact=False)
    total = time.perf_counter() - start
    stats = result.stats
    print(f"{'screen of every pair (superposition), end to end':<58} {total:8.2f} s")
    print(f"{'  per-agent profiles (one propagation each)':<58} {stats['seconds_profiles']:8.2f} s")
    print(f"{'  every pair combined at once':<58} {stats['seconds_combine']:8.3f} s")
    print(f"{'  pairs per second':<58} {len(pairs) / total:8.0f}")
    exact_share = stats["superposable"] / len(pairs)
    print(
        f"{'pairs superposition answers exactly (proved per pair)':<58} "
        f"{stats['superposable']:8,}   = {exact_share:.1%}"
    )

    # the cost of the engine on a pair, and the agreement where superposition is not proved
    index = graph.arrays().index
    tracked = [index[r.id] for r in readouts]
    n = graph.arrays().size
    unproved = [row for row in result.rows if not row.exact]
    sample = random.Random(seed).sample(unproved, min(n_sample, len(unproved)))
    times, same, total_signs, wider = [], 0, 0, 0
    for row in sample:
        t0 = time.perf_counter()
        exact = propagate_fast(graph.arrays(), [Intervention(a) for a in row.agents])
        distance = exact._distances()
        times.append(time.perf_counter() - t0)
        for j, node in enumerate(tracked):
            plus = distance[node] < float("inf")
            minus = distance[n + node] < float("inf")
            sign = {
                (True, False): Sign.PLUS,
                (False, True): Sign.MINUS,
                (True, True): Sign.AMBIGUOUS,
            }.get((bool(plus), bool(minus)), Sign.NONE)
            same += sign is row.signs[j]
            total_signs += 1
            wider += sign is not row.signs[j] and _signs(sign) <= _signs(row.signs[j])
    if times:
        per_pair = statistics.median(times)
        label = "array engine on one pair, with strengths (median)"
        print(f"{label:<58} {per_pair * 1000:8.2f} ms")
        every = per_pair * len(pairs)
        print(
            f"{'recomputing every pair with the engine (extrapolated)':<58} {every:8.2f} s   "
            f"= {every / total:.1f} x the screen"
        )
    if total_signs:
        print(
            f"{'superposition = engine on readout signs, unproved pairs':<58} "
            f"{same / total_signs:8.1%}   ({len(sample)} pairs sampled)"
        )
        if total_signs > same:
            print(
                f"{'  of the differences, superposition adds a sign (e.g. ? for +)':<58} "
                f"{wider / (total_signs - same):8.1%}"
            )
    if n_agents == 100:
        print(
            f"{'target: every pair of 100 agents under 5 s':<58} "
            f"{'met' if total < 5 else 'NOT met'} ({total:.2f} s)"
        )


def bench_kb() -> None:
    import mechgraph

    ws = mechgraph.workspace()
    agents = mechgraph.agent_group(None)
    print(f"\n== shipped knowledge base: {len(agents)} agents, {ws.graph.edge_count()} edges")
    for label, first, second in (
        ("every pair of agents", None, None),
        ("nanoformulation x checkpoint inhibitor", "Formulation", "ImmuneCheckpointInhibitor"),
    ):
        start = time.perf_counter()
        result = mechgraph.screen(first, second)
        seconds = time.perf_counter() - start
        s = result.stats
        print(
            f"{label + f' ({len(result.rows):,} combinations, exact)':<58} {seconds:8.2f} s   "
            f"superposed {s['superposable']:,}, recomputed {s['recomputed']:,}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("network", nargs="?", type=Path, metavar="NETWORK.tsv")
    parser.add_argument("--agents", type=int, help="agents drawn from the network (100)")
    parser.add_argument("--sample", type=int, help="pairs recomputed with the engine (200)")
    parser.add_argument("--smoke", action="store_true", help="a small generated network")
    args = parser.parse_args()
    folder = None
    path = args.network or DATA / "omnipath_signed_carnival.tsv"
    if args.smoke and args.network is None:
        from scale import SMOKE_EDGES, generate

        folder = Path(tempfile.mkdtemp())
        path = folder / f"scale_free_{SMOKE_EDGES}.tsv"
        generate(path, SMOKE_EDGES)
        print(f"smoke run: generated scale-free network of {SMOKE_EDGES:,} edges")
    n_agents = args.agents or (20 if args.smoke else 100)
    n_sample = args.sample or (20 if args.smoke else 200)
    if path.exists():
        bench_network(path, n_agents, n_sample)
    else:
        print(f"(skipped: {path} not found)")
    bench_kb()
    if folder is not None:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
