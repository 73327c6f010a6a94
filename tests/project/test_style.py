"""The code base stays formatted and lint-free (ruff, configured in pyproject.toml)."""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # ruff in a process


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff(repo, command):
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "mechgraph", "tests"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
