"""Scale benchmark (issue 8): large signed networks, measured against the floor and INDRA.

    python benchmarks/scale.py [--edges 1000000] [--no-peer] [--questions 10] [--no-data]
    python benchmarks/scale.py --smoke

Networks: ../shared/data/omnipath_signed_carnival.tsv (19,807 edges),
../shared/data/cosmos_meta_network.tsv (83,557 edges) (each skipped with a note when absent,
or with ``--no-data``) and a generated scale-free signed network (Chung-Lu power-law
degrees, exponent 2.3, 80 % positive, seed 7) of --edges edges. ``--smoke`` (the test
suite's run, a few seconds) is ``--edges 6000 --questions 3 --no-peer --no-data``: the
generated network only, without INDRA (the output says the peer was skipped).
Each network is measured in its own child process (so that peak memory is its own):

- import: the streaming table importer (``mechgraph.import_network``);
- compile: grounding against the knowledge base, merging, integer-array build
  (``mechgraph.merge_networks`` with the on-disk cache off);
- cached reload: the same call answered from the on-disk cache;
- floor: one scipy breadth-first search over the doubled (node, sign) graph;
- net effect of a 3-agent combination on every node (signs; then with strengths);
- the 3 strongest paths of each sign for 10 targets;
- one question from scratch (does SOURCE increase TARGET: propagate + strongest path), the
  median over the targets, which is what INDRA's model checker answers per call;
- a further question about the same source (the engine reuses the propagation it
  remembers), the median over the other targets: INDRA's per-question figure likewise
  leaves out its first question, which builds its graph;
- peak memory (max RSS of the child).

The peer, INDRA's SignedGraphModelChecker (``check_statement(IncreaseAmount(...),
max_paths=1, max_path_length=8)``), runs in its own virtual environment
(benchmarks/.indra-venv, created on first use with indra, kappy and pygraphviz; pygraphviz
needs Debian's libgraphviz-dev, installed with apt-get when missing and run as root) on the
same source and targets, with a time limit per network.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1] / "shared" / "data"
INDRA_VENV = HERE / ".indra-venv"
PEER_LIMIT = 600  # seconds of INDRA per network
SMOKE_EDGES = 6000  # --smoke: above FAST_ENGINE_EDGES (the array engine) and LARGE view nodes


def generate(path: Path, edges: int, seed: int = 7) -> None:
    """A scale-free signed network (Chung-Lu: endpoints drawn with power-law weights)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    nodes = max(edges // 5, 10)
    weights = np.arange(1, nodes + 1) ** (-1 / 1.3)
    weights /= weights.sum()
    src = rng.choice(nodes, size=int(edges * 1.2), p=weights)
    dst = rng.choice(nodes, size=int(edges * 1.2), p=rng.permutation(weights))
    keep = src != dst
    pairs = np.unique(np.stack([src[keep], dst[keep]], axis=1), axis=0)
    pairs = pairs[rng.permutation(len(pairs))[:edges]]
    signs = np.where(rng.random(len(pairs)) < 0.8, "1", "-1")
    with path.open("w", encoding="utf-8") as out:
        out.write("source\tinteraction\ttarget\n")
        for (s, t), sign in zip(pairs.tolist(), signs.tolist(), strict=True):
            out.write(f"G{s}\t{sign}\tG{t}\n")


def median_s(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(path: Path, questions: int) -> dict:
    """Run in a child process: every figure for one network, as JSON."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order

    import mechgraph
    from mechgraph.model.vocab import Sign
    from mechgraph.reasoning.fast import propagate_fast
    from mechgraph.reasoning.propagate import Intervention, propagate_any

    out: dict = {"network": path.name}
    start = time.perf_counter()
    network = mechgraph.import_network("table", path)
    out["import_s"] = time.perf_counter() - start
    out["edges"], out["nodes"] = len(network.edges), len(network.nodes)

    cache = tempfile.mkdtemp()
    os.environ["MECHGRAPH_CACHE"] = "off"
    mechgraph.workspace()  # the knowledge base itself is not part of the figure
    start = time.perf_counter()
    ws = mechgraph.merge_networks([path])
    out["compile_s"] = time.perf_counter() - start
    os.environ["MECHGRAPH_CACHE"] = cache
    mechgraph.merge_networks([path])  # stores it
    start = time.perf_counter()
    ws = mechgraph.merge_networks([path])
    out["reload_s"] = time.perf_counter() - start
    shutil.rmtree(cache)

    arrays = ws.graph.arrays()
    n = arrays.size
    rng = random.Random(7)
    out_degree = np.bincount(arrays.src, minlength=n)
    imported = [
        i for i in np.flatnonzero(out_degree >= 3) if ws.kb.concept(arrays.nodes[i]) is None
    ]
    agents = [arrays.nodes[i] for i in rng.sample(imported, 3)]
    given = [Intervention(a) for a in agents]
    out["agents"] = agents

    flips = arrays.sign < 0
    sources = np.array([arrays.index[a] for a in agents])
    rows = np.concatenate([arrays.src, arrays.src + n, np.full(len(sources), 2 * n)])
    cols = np.concatenate(
        [
            np.where(flips, arrays.dst + n, arrays.dst),
            np.where(flips, arrays.dst, arrays.dst + n),
            sources,
        ]
    )
    doubled = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(2 * n + 1,) * 2)
    out["floor_s"] = median_s(
        lambda: breadth_first_order(doubled, 2 * n, return_predecessors=False), 15
    )
    out["effect_s"] = median_s(lambda: propagate_fast(arrays, given), 7)
    out["strengths_s"] = median_s(lambda: propagate_fast(arrays, given)._distances(), 5)
    result = propagate_fast(arrays, given)
    reached = sorted(result.node_signs())
    out["reached"] = len(reached)
    targets = rng.sample(reached, min(questions, len(reached)))
    out["targets"] = targets

    def paths() -> None:
        answer = propagate_fast(arrays, given)
        for target in targets:
            answer.paths(target, Sign.PLUS)
            answer.paths(target, Sign.MINUS)

    out["paths_s"] = median_s(paths, 5)

    def question(target: str) -> None:  # one yes/no question from scratch, with its path
        answer = propagate_fast(arrays, [Intervention(agents[0])], paths_per_sign=1)
        answer.paths(target, Sign.PLUS)

    out["question_s"] = statistics.median(median_s(lambda t=t: question(t), 3) for t in targets)

    # Further questions about the same agent: the engine remembers the propagation (as
    # INDRA's model checker keeps the graph it built for its first question).
    arrays._answers.clear()
    ask = [Intervention(agents[0])]
    propagate_any(ws.graph, ask, paths_per_sign=1, engine="arrays").paths(targets[0], Sign.PLUS)
    further = []
    for target in targets[1:]:
        start = time.perf_counter()
        propagate_any(ws.graph, ask, paths_per_sign=1, engine="arrays").paths(target, Sign.PLUS)
        further.append(time.perf_counter() - start)
    out["further_s"] = statistics.median(further) if further else float("nan")
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def indra_python() -> Path | None:
    """The INDRA virtual environment's python, created on first use (None if that fails)."""
    python = INDRA_VENV / "bin" / "python"
    probe = [str(python), "-c", "import indra.explanation.model_checker, pygraphviz"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print("setting up INDRA in benchmarks/.indra-venv (one time, a few minutes) ...", flush=True)
    if not Path("/usr/include/graphviz/cgraph.h").exists() and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-q", "libgraphviz-dev"], capture_output=True)
    subprocess.run([sys.executable, "-m", "venv", str(INDRA_VENV)], check=True)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "indra", "kappy", "pygraphviz"],
        capture_output=True,
        text=True,
    )
    if install.returncode != 0 or subprocess.run(probe, capture_output=True).returncode != 0:
        print("INDRA could not be installed: " + install.stderr.strip()[-300:])
        return None
    return python


def run_peer(python: Path, path: Path, source: str, targets: list[str]) -> dict | None:
    try:
        proc = subprocess.run(
            [str(python), str(HERE / "peer_indra.py"), str(path), source, *targets],
            capture_output=True,
            text=True,
            timeout=PEER_LIMIT,
        )
    except subprocess.TimeoutExpired:
        return {"timeout": PEER_LIMIT}
    if proc.returncode != 0:
        print("INDRA failed: " + proc.stderr.strip()[-300:])
        return None
    return json.loads(proc.stdout)


def report(m: dict, peer: dict | None, skipped: str = "not run") -> None:
    ms = lambda s: f"{s * 1000:9.1f} ms"  # noqa: E731
    print(
        f"\n== {m['network']}: {m['nodes']:,} nodes, {m['edges']:,} edges "
        f"(agents {', '.join(m['agents'])}; reached {m['reached']:,} nodes)"
    )
    print(f"import (streaming table reader)                 {ms(m['import_s'])}")
    print(f"compile (ground, merge with the KB, arrays)     {ms(m['compile_s'])}")
    print(f"cached reload (on-disk cache)                   {ms(m['reload_s'])}")
    print(f"floor: one BFS over the doubled graph           {ms(m['floor_s'])}")
    print(
        f"net effect, 3 agents, every node (signs)        {ms(m['effect_s'])}"
        f"   = {m['effect_s'] / m['floor_s']:.1f} x floor (goal 2 x)"
    )
    print(f"  with strengths of every node                  {ms(m['strengths_s'])}")
    paths = f"3 strongest paths per sign, {len(m['targets'])} targets"
    print(f"{paths:<48}{ms(m['paths_s'])}")
    print(f"one question from scratch (median)              {ms(m['question_s'])}")
    print(f"a further question, same agent (median)         {ms(m['further_s'])}")
    print(f"peak memory (max RSS)                           {m['peak_mb']:9.0f} MB")
    if peer is None:
        print(f"INDRA SignedGraphModelChecker                   {skipped}")
    elif "timeout" in peer:
        print(f"INDRA SignedGraphModelChecker                   > {peer['timeout']} s in all")
    else:
        times = [q["seconds"] for q in peer["questions"]]
        first, rest = times[0], times[1:] or times
        med = statistics.median(rest)
        print(f"INDRA, first question (builds its graph)        {ms(first)}")
        print(f"INDRA, median per question (the others)         {ms(med)}")
        print(
            f"  ratio to mechgraph (goal 100 x): {med / m['question_s']:.0f} x one question from"
            f" scratch, {med / m['further_s']:.0f} x a further question on the same agent"
        )
        agree = sum(q["path_found"] for q in peer["questions"])
        print(f"INDRA found an increasing path for              {agree:>5} of {len(times)} targets")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--edges", type=int, default=1_000_000, help="generated network size")
    parser.add_argument("--questions", type=int, default=10, help="targets asked about")
    parser.add_argument("--no-peer", action="store_true", help="skip INDRA (no set-up)")
    parser.add_argument("--no-data", action="store_true", help="skip ../shared/data")
    parser.add_argument(
        "--smoke", action="store_true", help="--edges 6000 --questions 3 --no-peer --no-data"
    )
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        json.dump(measure(args.one, args.questions), sys.stdout)
        return
    if args.smoke:
        args.edges, args.questions, args.no_peer, args.no_data = SMOKE_EDGES, 3, True, True
        print(
            f"smoke run: a generated network of {args.edges:,} edges only, {args.questions} targets"
        )
    folder = Path(tempfile.mkdtemp())
    generated = folder / f"scale_free_{args.edges}.tsv"
    start = time.perf_counter()
    generate(generated, args.edges)
    print(f"generated {generated.name} in {time.perf_counter() - start:.1f} s")
    if args.no_peer:
        python, skipped = None, "skipped (--no-peer)"
        print("INDRA peer: skipped (--no-peer)")
    else:
        python = indra_python()
        skipped = "not run (INDRA could not be set up)"
    networks = [DATA / "omnipath_signed_carnival.tsv", DATA / "cosmos_meta_network.tsv"]
    if args.no_data:
        print(f"skipped: {', '.join(p.name for p in networks)} (--no-data)")
        networks = []
    failed = []
    for path in [*networks, generated]:
        if not path.is_file():
            print(f"\n== {path.name}: skipped, {path} not found")
            continue
        child = subprocess.run(
            [sys.executable, __file__, "--one", str(path), "--questions", str(args.questions)],
            capture_output=True,
            text=True,
        )
        if child.returncode != 0:
            print(f"\n== {path.name}: failed\n{child.stderr[-2000:]}")
            failed.append(path.name)
            continue
        m = json.loads(child.stdout)
        peer = run_peer(python, path, m["agents"][0], m["targets"]) if python else None
        report(m, peer, skipped)
    shutil.rmtree(folder)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
