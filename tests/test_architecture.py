"""The package's shape: the layers hold (import-linter's contracts in pyproject.toml), the
types check (mypy, configured in pyproject.toml), no two modules share a name, and every
error derives from MechgraphError."""

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


def test_the_types_check(repo):
    """``mypy mechgraph`` reports no error (issue 17); its cache (.mypy_cache) makes a second
    run take a fraction of a second."""
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent))
    if mypy is None:
        pytest.fail("mypy is missing: pip install -e '.[test]'")
    run = subprocess.run([mypy, "mechgraph"], cwd=repo, capture_output=True, text=True, timeout=600)
    last = "\n".join((run.stdout + run.stderr).splitlines()[-40:])
    assert run.returncode == 0, f"mypy mechgraph failed:\n{last}"
    assert "Success: no issues found" in run.stdout, last


def test_no_two_modules_share_a_name():
    names: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        if path.name not in ("__init__.py", "__main__.py"):
            names.setdefault(path.name, []).append(str(path.relative_to(PACKAGE)))
    assert {n: p for n, p in names.items() if len(p) > 1} == {}


def test_every_error_class_derives_from_mechgraph_error():
    import importlib

    from mechgraph.model.errors import MechgraphError

    errors = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(("mechgraph", *path.relative_to(PACKAGE).with_suffix("").parts))
        module = module.removesuffix(".__init__")
        classes = [
            n.name
            for n in ast.parse(path.read_text(encoding="utf-8")).body
            if isinstance(n, ast.ClassDef)
        ]
        if not classes or module.startswith("mechgraph.cli"):
            continue
        loaded = importlib.import_module(module)
        for name in classes:
            cls = getattr(loaded, name)
            # a private exception (_TooBig) is a signal caught where it is raised
            if isinstance(cls, type) and issubclass(cls, BaseException) and name[0] != "_":
                errors.append(cls)
    assert len(errors) >= 12
    assert [c.__qualname__ for c in errors if not issubclass(c, MechgraphError)] == []


def test_the_api_gives_the_command_line_what_it_needs():
    """The names the faces take from the layers below are reachable through the API."""
    from mechgraph import api

    for name in api._LAZY:
        assert getattr(api, name) is not None, name


def test_the_type_checker_sees_the_lazy_names():
    """Every name of ``api._LAZY`` is also imported, from the same module, in an ``if
    TYPE_CHECKING:`` block of api.py: mypy cannot follow the module ``__getattr__``."""
    from mechgraph import api

    seen: dict[str, str] = {}
    for node in ast.parse(Path(api.__file__).read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for item in node.body:
                if isinstance(item, ast.ImportFrom) and item.module:
                    seen.update({alias.asname or alias.name: item.module for alias in item.names})
    assert {n: m for n, m in api._LAZY.items() if seen.get(n) != m} == {}
