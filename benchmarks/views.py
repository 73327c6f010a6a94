"""View benchmark (issue 5): a 5,000+ node page from ../shared/data, opened in Chromium.

    python benchmarks/views.py [NETWORK.tsv ...] [--repeat 3]
    python benchmarks/views.py --smoke

Prints, per network: nodes and edges, the time to build the page in Python (pivot-MDS
layout included), its size, and the time from navigation to the first drawn frame in
headless Chromium (median of --repeat loads), then the same for the knowledge-base page.
Needs Debian's chromium and the test extra (playwright). Default network:
../shared/data/omnipath_signed_carnival.tsv (skipped with a note when absent). ``--smoke``
(the test suite's run, a few seconds): a generated scale-free signed network of 6,000 edges
(about 1,200 nodes, above the size where the layout is computed in Python;
benchmarks/scale.py's generator) instead, each page opened once.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import mechgraph
from mechgraph.io.signed_table import load_signed_table
from mechgraph.views.build import network_data
from mechgraph.views.page import render_page

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def open_times(browser, path: Path, repeat: int = 3) -> list[float]:
    times = []
    for _ in range(repeat):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        start = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-drawn='1']", timeout=120_000)
        times.append(time.perf_counter() - start)
        page.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("networks", nargs="*", type=Path, metavar="NETWORK.tsv")
    parser.add_argument("--repeat", type=int, help="loads per page (3; smoke 1)")
    parser.add_argument("--smoke", action="store_true", help="a small generated network")
    args = parser.parse_args()
    repeat = args.repeat or (1 if args.smoke else 3)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("playwright not installed (pip install -e '.[test]')")
    chromium = (
        shutil.which("chromium")
        or shutil.which("chromium-browser")
        or sys.exit("chromium not found (apt-get install chromium)")
    )
    folder = Path(tempfile.mkdtemp())
    paths = args.networks or [DATA / "omnipath_signed_carnival.tsv"]
    if args.smoke and not args.networks:
        from scale import SMOKE_EDGES, generate

        paths = [folder / f"scale_free_{SMOKE_EDGES}.tsv"]
        generate(paths[0], SMOKE_EDGES)
        print(
            f"smoke run: generated scale-free network of {SMOKE_EDGES:,} edges, pages opened once"
        )
    pages = []
    for path in paths:
        if not path.is_file():
            print(f"skipped: {path} not found")
            continue
        start = time.perf_counter()
        graph = load_signed_table(path)
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        html = render_page(network_data(graph, path.name))
        built = time.perf_counter() - start
        out = folder / (path.stem + ".html")
        out.write_text(html, encoding="utf-8")
        pages.append((path.name, out, len(graph.nodes()), graph.edge_count(), loaded, built))
    html, data = mechgraph.view_page()
    out = folder / "kb.html"
    out.write_text(html, encoding="utf-8")
    pages.append(("knowledge base", out, len(data["nodes"]), len(data["edges"]), 0.0, 0.0))

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        for name, out, nodes, edges, loaded, built in pages:
            times = open_times(browser, out, repeat)
            print(f"== {name}: {nodes:,} nodes, {edges:,} edges")
            if built:
                print(f"read table                                {loaded * 1000:8.0f} ms")
                print(f"build page (layout + HTML)                {built * 1000:8.0f} ms")
            print(f"page size                                 {out.stat().st_size / 1e6:8.1f} MB")
            print(
                f"open to first drawn frame (Chromium)      {statistics.median(times):8.2f} s"
                f"   (runs: {', '.join(f'{t:.2f}' for t in times)}; goal < 10 s)"
            )
        browser.close()
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
