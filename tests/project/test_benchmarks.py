"""Every script in ``benchmarks/`` at its smallest size (``--smoke``), so that none can rot.

Each script runs as a subprocess, as a user would run it, with its own temporary
``MECHGRAPH_CACHE`` (the user's cache is never written). A crash fails (exit code), and so
does a silent no-op: the figures each script prints are looked for in its output. The smoke
runs use small generated networks, never ``../shared/data`` (which may be absent).

``views.py`` needs Chromium and Playwright: skipped when either is missing, unless
``MECHGRAPH_BROWSER_TESTS=required`` (as in the browser tests). ``peer_indra.py`` needs INDRA
(``python benchmarks/scale.py`` installs it into ``benchmarks/.indra-venv``): skipped when no
INDRA is installed. ``scale.py --smoke`` never installs INDRA (its peer is skipped).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.browsers import require_browser
from tests.helpers.paths import REPO

pytestmark = pytest.mark.slow  # each script in a process

BENCHMARKS = REPO / "benchmarks"
TIMEOUT = 180  # seconds per script; each takes a few on a 2-core machine
NUMBER = r"[\d,]+(?:\.\d+)?"


def run(tmp_path: Path, script: str, *args: str, python: str = sys.executable) -> str:
    """Run ``benchmarks/script`` with ``args``; its standard output (exit code 0 asserted)."""
    env = {**os.environ, "MECHGRAPH_CACHE": str(tmp_path / "cache")}
    proc = subprocess.run(
        [python, str(BENCHMARKS / script), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode == 0, (
        f"{script} {' '.join(args)} exited with {proc.returncode}\n"
        f"--- stdout\n{proc.stdout[-3000:]}\n--- stderr\n{proc.stderr[-3000:]}"
    )
    return proc.stdout


def figures(out: str, *patterns: str) -> None:
    """Every pattern (a regular expression, NUMBER standing for a figure) is in ``out``."""
    missing = [p for p in patterns if not re.search(p.replace("NUMBER", NUMBER), out)]
    assert not missing, f"missing from the output: {missing}\n--- stdout\n{out}"


def test_engine(tmp_path):
    out = run(tmp_path, "engine.py", "--smoke")
    figures(
        out,
        r"smoke run: generated scale-free network of 6,000 edges",
        r"== scale_free_6000\.tsv: NUMBER nodes, 6,000 signed edges",
        r"agents: G\d+, G\d+, G\d+",
        r"load \+ compile \(signed-table reader\) +NUMBER ms",
        r"floor: one scipy BFS over the doubled graph +NUMBER ms",
        r"net effect \(sign\) on every node, array engine +NUMBER ms += +NUMBER x floor",
        r"3 strongest paths of each sign, 10 targets +NUMBER ms",
        r"reference engine \(pure Python\), same question +NUMBER ms +same signs: True",
        r"reached NUMBER nodes: \+ NUMBER, - NUMBER, \? NUMBER; feedback edges NUMBER",
        r"peak memory \(max RSS of this process\) +NUMBER MB",
        r"mechgraph effect Abraxane atezolizumab --json \(end to end\) +NUMBER s",
    )


def test_scale(tmp_path):
    out = run(tmp_path, "scale.py", "--smoke")
    assert "setting up INDRA" not in out
    figures(
        out,
        r"INDRA peer: skipped \(--no-peer\)",
        r"== scale_free_6000\.tsv: NUMBER nodes, 6,000 edges \(agents .*; reached NUMBER nodes\)",
        r"import \(streaming table reader\) +NUMBER ms",
        r"compile \(ground, merge with the KB, arrays\) +NUMBER ms",
        r"cached reload \(on-disk cache\) +NUMBER ms",
        r"net effect, 3 agents, every node \(signs\) +NUMBER ms",
        r"3 strongest paths per sign, 3 targets +NUMBER ms",
        r"one question from scratch \(median\) +NUMBER ms",
        r"a further question, same agent \(median\) +NUMBER ms",
        r"peak memory \(max RSS\) +NUMBER MB",
        r"INDRA SignedGraphModelChecker +skipped \(--no-peer\)",
    )
    assert "omnipath_signed_carnival.tsv:" not in out  # --smoke does not need ../shared/data


def test_screen(tmp_path):
    out = run(tmp_path, "screen.py", "--smoke")
    figures(
        out,
        r"== scale_free_6000\.tsv: NUMBER nodes, 6,000 edges; 20 agents, 190 pairs, 30 readouts",
        r"screen of every pair \(superposition\), end to end +NUMBER s",
        r"pairs per second +NUMBER",
        r"pairs superposition answers exactly \(proved per pair\) +NUMBER += NUMBER%",
        r"array engine on one pair, with strengths \(median\) +NUMBER ms",
        r"superposition = engine on readout signs, unproved pairs +NUMBER% +\(20 pairs sampled\)",
        r"== shipped knowledge base: NUMBER agents, NUMBER edges",
        r"every pair of agents \(NUMBER combinations, exact\) +NUMBER s +superposed NUMBER",
        r"nanoformulation x checkpoint inhibitor \(NUMBER combinations, exact\) +NUMBER s",
    )


def test_abduction(tmp_path):
    out = run(tmp_path, "abduction.py", "--smoke")
    figures(
        out,
        r"== shipped knowledge base: NUMBER nodes, NUMBER edges, NUMBER claims",
        r"worked example: no improvement +NUMBER +NUMBER +NUMBER +NUMBER +NUMBERs +NUMBER "
        r"+NUMBERs +NUMBERs +\d+ hypotheses, cost",
        r"inconsistent observation .* no consistent explanation",
        r"zero=strict +worked example, top 3: +NUMBER s",
        r"zero=cancel +worked example, top 3: +NUMBER s",
        r"== scale_free_1000\.tsv: NUMBER nodes, 1,000 edges",
        r"G\d+ given, G\d+ observed down: NUMBER nodes kept, NUMBER variables, "
        r"NUMBER constraints; NUMBER s, (finished|did NOT finish)",
    )


def test_views(tmp_path):
    require_browser("benchmarks/views.py")
    out = run(tmp_path, "views.py", "--smoke")
    figures(
        out,
        r"== scale_free_6000\.tsv: NUMBER nodes, 6,000 edges",
        r"build page \(layout \+ HTML\) +NUMBER ms",
        r"== knowledge base: NUMBER nodes, NUMBER edges",
    )
    drawn = re.findall(rf"open to first drawn frame \(Chromium\) +{NUMBER} s", out)
    assert len(drawn) == 2, out  # the generated network's page and the knowledge base's


def indra_python() -> str | None:
    """A python with INDRA: benchmarks/.indra-venv's (made by scale.py), or this one."""
    venv = BENCHMARKS / ".indra-venv" / "bin" / "python"
    probe = ["-c", "import indra.explanation.model_checker"]
    if venv.exists() and subprocess.run([str(venv), *probe], capture_output=True).returncode == 0:
        return str(venv)
    if importlib.util.find_spec("indra") is not None:
        return sys.executable
    return None


def test_peer_indra(tmp_path):
    python = indra_python()
    if python is None:
        pytest.skip(
            "INDRA is not installed (python benchmarks/scale.py sets it up in "
            "benchmarks/.indra-venv)"
        )
    out = run(tmp_path, "peer_indra.py", "--smoke", python=python)
    answer = json.loads(out)
    assert answer["load_seconds"] >= 0
    found = {q["target"]: q["path_found"] for q in answer["questions"]}
    assert found == {"D": True, "E": False}, answer
    assert all(q["seconds"] >= 0 for q in answer["questions"])
