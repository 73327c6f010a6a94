"""Engine benchmark (issue 4): prints figures and ratios measured in the same run.

    python benchmarks/engine.py [NETWORK.tsv ...] [--repeat N] [--smoke [--edges 6000]]

Default networks: ../shared/data/cosmos_meta_network.tsv and omnipath_signed_carnival.tsv
(skipped with a note when absent). For each: load + compile time, array build, the net
effect (sign) of a 3-agent combination on every node with the array engine and with the
reference engine, the floor (one scipy breadth-first search over the doubled (node, sign)
graph), strengths for every node, the 3 strongest paths of each sign for 10 targets, and
peak memory. Then the end-to-end time of `mechgraph effect Abraxane atezolizumab --json` on
the shipped knowledge base.

``--smoke`` (the test suite's run, a few seconds): a generated scale-free signed network of
``--edges`` edges (default 6,000; benchmarks/scale.py's generator) instead of the default
networks, each figure timed once, the command line once. ``--repeat N``: time each figure
at most N times (by default the medians are of 5 to 31 runs).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order

from mechgraph.io.signed_table import load_signed_table
from mechgraph.model.vocab import Sign
from mechgraph.reasoning.fast import propagate_fast
from mechgraph.reasoning.propagate import Intervention, propagate

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DEFAULT = [DATA / "cosmos_meta_network.tsv", DATA / "omnipath_signed_carnival.tsv"]
MOST = [sys.maxsize]  # --repeat: the most timed runs per figure


def runs(repeat: int) -> int:
    return max(1, min(repeat, MOST[0]))


def median_ms(function, repeat: int = 15) -> float:
    times = []
    for _ in range(runs(repeat)):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def floor_bfs(arrays, sources) -> callable:
    """One BFS over the doubled graph (all edges, both signs) from a root joined to sources."""
    n = arrays.size
    flips = arrays.sign < 0
    rows = np.concatenate([arrays.src, arrays.src + n, np.full(len(sources), 2 * n)])
    cols = np.concatenate(
        [
            np.where(flips, arrays.dst + n, arrays.dst),
            np.where(flips, arrays.dst, arrays.dst + n),
            sources,
        ]
    )
    graph = csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(2 * n + 1,) * 2
    )  # float64: no conversion
    return lambda: breadth_first_order(graph, 2 * n, directed=True, return_predecessors=False)


def bench_network(path: Path, seed: int = 7) -> None:
    start = time.perf_counter()
    graph = load_signed_table(path)
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    arrays = graph.arrays()
    arrays_s = time.perf_counter() - start
    rng = random.Random(seed)
    candidates = sorted(n for n, out in graph.successors.items() if len(out) >= 3)
    agents = rng.sample(candidates, 3)
    given = [Intervention(a) for a in agents]
    sources = np.array([arrays.index[a] for a in agents])

    floor = median_ms(floor_bfs(arrays, sources), 31)
    signs = median_ms(lambda: propagate_fast(arrays, given), 15)
    result = propagate_fast(arrays, given)
    strengths = median_ms(lambda: propagate_fast(arrays, given)._distances(), 7)
    reached = sorted(result.node_signs())
    targets = rng.sample(reached, min(10, len(reached)))

    def ten_targets():
        fresh = propagate_fast(arrays, given, paths_per_sign=3)
        fresh._distances()
        begin = time.perf_counter()
        for target in targets:
            for sign in (Sign.PLUS, Sign.MINUS):
                fresh.paths(target, sign)
        return (time.perf_counter() - begin) * 1000

    paths_ms = statistics.median(ten_targets() for _ in range(runs(5)))
    start = time.perf_counter()
    reference = propagate(graph, given, paths_per_sign=1)
    reference_ms = (time.perf_counter() - start) * 1000
    same = reference.node_signs() == result.node_signs()
    counts = {s: sum(1 for v in result.node_signs().values() if v is s) for s in Sign}
    print(f"\n== {path.name}: {arrays.size:,} nodes, {len(arrays.src):,} signed edges")
    print(f"agents: {', '.join(agents)}")
    print(f"{'load + compile (signed-table reader)':<52} {load_s * 1000:9.1f} ms")
    print(f"{'array build':<52} {arrays_s * 1000:9.1f} ms")
    print(f"{'floor: one scipy BFS over the doubled graph':<52} {floor:9.2f} ms")
    print(
        f"{'net effect (sign) on every node, array engine':<52} {signs:9.2f} ms"
        f"   = {signs / floor:5.1f} x floor"
    )
    print(f"{'  net effect with strengths of every node':<52} {strengths:9.2f} ms")
    print(f"{'3 strongest paths of each sign, 10 targets':<52} {paths_ms:9.2f} ms")
    print(
        f"{'reference engine (pure Python), same question':<52} {reference_ms:9.1f} ms"
        f"   same signs: {same}"
    )
    print(
        f"reached {len(reached):,} nodes: "
        + ", ".join(f"{s.value} {counts[s]:,}" for s in (Sign.PLUS, Sign.MINUS, Sign.AMBIGUOUS))
        + f"; feedback edges {len(result.feedback_ids):,}"
    )


def bench_cli(repeat: int = 7) -> None:
    command = [sys.executable, "-m", "mechgraph", "effect", "Abraxane", "atezolizumab", "--json"]
    subprocess.run(command, capture_output=True, check=True)
    repeat = runs(repeat)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    print(
        f"\n{'mechgraph effect Abraxane atezolizumab --json (end to end)':<60} "
        f"{statistics.median(times):.3f} s (median of {repeat})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("networks", nargs="*", type=Path, metavar="NETWORK.tsv")
    parser.add_argument("--repeat", type=int, help="time each figure at most N times")
    parser.add_argument(
        "--smoke", action="store_true", help="a small generated network, each figure once"
    )
    parser.add_argument(
        "--edges", type=int, default=6000, help="edges of the --smoke network (default 6000)"
    )
    args = parser.parse_args()
    MOST[0] = args.repeat or (1 if args.smoke else sys.maxsize)
    folder = None
    paths = args.networks or DEFAULT
    if args.smoke and not args.networks:
        from scale import generate

        folder = Path(tempfile.mkdtemp())
        paths = [folder / f"scale_free_{args.edges}.tsv"]
        generate(paths[0], args.edges)
        print(f"smoke run: generated scale-free network of {args.edges:,} edges, each figure once")
    for path in paths:
        if not path.is_file():
            print(f"skipped: {path} not found")
            continue
        bench_network(path)
    print(
        f"{'peak memory (max RSS of this process)':<52} "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:9.0f} MB"
    )
    bench_cli()
    if folder is not None:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
