"""A fresh clone works on any machine: nothing tracked points into the developer's machine."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.helpers.hygiene import tracked_files

# An absolute path into a machine's scratch, home or work folders.
MACHINE_PATH = re.compile(r"(?<![\w.~])/(?:tmp|root|home|Users|work)/[\w.-]+")
TEXT_SUFFIXES = {".py", ".toml", ".tsv", ".txt", ".cfg", ".ini", ".json", ".js", ".css", ""}


@pytest.fixture(scope="module")
def git_files(repo):
    try:
        subprocess.run(["git", "-C", str(repo), "rev-parse"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return tracked_files(repo)


def test_no_tracked_symlinks(repo, git_files):
    links = [str(p) for p in git_files if (repo / p).is_symlink()]
    assert links == [], f"tracked symlinks dangle on other machines: {links}"


def test_every_tracked_file_exists(repo, git_files):
    missing = [str(p) for p in git_files if not (repo / p).exists()]
    assert missing == [], f"tracked but absent (dangling link or deleted): {missing}"


def test_no_file_names_a_path_of_this_machine(repo, git_files):
    """Code, data and CI files name no absolute scratch or home path (docs may show examples)."""
    found = []
    for relative in git_files:
        if relative.suffix not in TEXT_SUFFIXES or relative.parts[0] == "tests":
            continue
        path = repo / relative
        if path.is_symlink() or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            if MACHINE_PATH.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert found == [], "\n".join(found)


def test_the_check_can_fail():
    assert MACHINE_PATH.search('VENV = Path("/tmp/indra-venv")')
    assert MACHINE_PATH.search("cd /root/project && make")
    assert not MACHINE_PATH.search("see ../shared/data/x.tsv and ~/.cache/mechgraph")
