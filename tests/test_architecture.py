"""The package's shape: the layers hold (import-linter's contracts in pyproject.toml), no
two modules share a name, and every error derives from MechgraphError."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import mechgraph

PACKAGE = Path(mechgraph.__file__).parent


def test_the_layers_hold(repo):
    linter = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if linter is None:
        pytest.fail("lint-imports is missing: pip install -e '.[test]'")
    run = subprocess.run([linter], cwd=repo, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:]
    assert "Contracts: " in run.stdout and " broken" in run.stdout


def test_no_two_modules_share_a_name():
    names: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        if path.name not in ("__init__.py", "__main__.py"):
            names.setdefault(path.name, []).append(str(path.relative_to(PACKAGE)))
    assert {n: p for n, p in names.items() if len(p) > 1} == {}


def test_every_error_class_derives_from_mechgraph_error():
    from mechgraph.model.errors import MechgraphError

    found = []
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(("mechgraph", *path.relative_to(PACKAGE).with_suffix("").parts))
        module = module.removesuffix(".__init__")
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and node.name.endswith(("Error", "Dependency")):
                found.append((module, node.name))
    assert len(found) >= 10
    import importlib

    for module, name in found:
        cls = getattr(importlib.import_module(module), name)
        assert issubclass(cls, MechgraphError), f"{module}.{name}"
