"""What a fresh clone holds: the tracked files of the checkout (for tests that copy the tree)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def tracked_files(repo: Path) -> list[Path]:
    """The files git tracks in ``repo`` (relative paths); every file when it is no checkout."""
    try:
        listed = subprocess.run(
            ["git", "-C", str(repo), "ls-files", "-z"],
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        skip = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache"}
        return [
            p.relative_to(repo)
            for p in repo.rglob("*")
            if p.is_file() and not skip & set(p.relative_to(repo).parts)
        ]
    return [Path(name) for name in listed.decode().split("\0") if name]
