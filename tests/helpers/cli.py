"""Helpers for command-line tests that run in this process (typer's ``CliRunner``) or check a
failed run's one-line error. Tests that run ``python -m mechgraph`` use the ``run_cli``
fixture of ``tests/conftest.py``."""

from __future__ import annotations

import subprocess

from typer.testing import CliRunner

from mechgraph.cli.app import app


def one_line_error(proc: subprocess.CompletedProcess, code: int) -> str:
    """The single ``mechgraph: error:`` line of a failed run (asserting its form)."""
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    err = proc.stderr
    assert err.startswith("mechgraph: error: "), err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


def invoke(*args, **kw):
    return CliRunner().invoke(app, [str(a) for a in args], **kw)
