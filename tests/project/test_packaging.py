"""A plain (non-editable) install carries the knowledge base and works from any directory."""

import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.helpers.hygiene import tracked_files

pytestmark = pytest.mark.slow  # builds and installs a wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory, repo):
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("src") / "mechgraph"
    for relative in tracked_files(repo):  # what a fresh clone has, nothing of this machine's
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(repo / relative, source / relative)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("mechgraph-*.whl")
    return path


def test_wheel_contains_knowledge_base_and_rules(wheel, repo):
    names = set(zipfile.ZipFile(wheel).namelist())
    for table in (repo / "ontology").glob("*.tsv"):
        assert f"mechgraph/_data/ontology/{table.name}" in names
    assert any(name.startswith("mechgraph/_data/rules/") for name in names)


def test_installed_wheel_answers_from_another_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("MECHGRAPH_KB", None)

    def python(*args):  # the installed copy, run from another directory
        return subprocess.run(
            [sys.executable, *args],
            capture_output=True,
            text=True,
            cwd=elsewhere,
            env=env,
            timeout=120,
        )

    proc = python("-m", "mechgraph", "effect", "Doxil", "avelumab", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["interventions"][0]["id"] == "doxil"
    where = python("-c", "import mechgraph; print(mechgraph.default_kb_dir())")
    assert where.stdout.strip().startswith(str(target))
    view = python("-m", "mechgraph", "view", "Doxil", "-o", "doxil.html")
    assert view.returncode == 0, view.stderr
    assert "vis.Network" in (elsewhere / "doxil.html").read_text(encoding="utf-8")
