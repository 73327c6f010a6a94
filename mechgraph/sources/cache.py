"""An on-disk cache of compiled knowledge bases, keyed by a hash of their source files.

A second run on unchanged sources skips parsing, validation and compilation. The cache lives
in ``$MECHGRAPH_CACHE`` or ``$XDG_CACHE_HOME/mechgraph`` (default ``~/.cache/mechgraph``);
``MECHGRAPH_CACHE=off`` disables it. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
FORMAT = "1"  # bump when the pickled classes change shape


def cache_dir() -> Path | None:
    setting = os.environ.get("MECHGRAPH_CACHE")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mechgraph"


def sources_key(kb_dir: Path, rules_dir: str | None) -> str:
    """A hash of the KB folder's and rules' files and of mechgraph's own code."""
    from mechgraph import __version__

    digest = hashlib.sha256(f"{FORMAT}|{__version__}|{kb_dir.resolve()}".encode())
    rules = Path(rules_dir) if rules_dir else kb_dir.parent / "rules"
    code = Path(__file__).resolve().parent.parent  # the code that builds what is cached
    files = [
        p for folder in (kb_dir, rules) if folder.is_dir() for p in sorted(folder.glob("*.tsv"))
    ]
    files += sorted(code.glob("**/*.py"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def file_digest(paths: list[Path]) -> str:
    """A hash of files' names and contents (for cache keys)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.resolve()).encode())
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:32]


def load_cached(kb_dir: Path, rules_dir: str | None, build: Callable[[], T]) -> T:
    """The cached result of ``build()`` for these sources, building (and storing) it if needed.

    Errors raised by ``build`` (e.g. validation errors) propagate and nothing is stored.
    """
    if cache_dir() is None or not kb_dir.is_dir():
        return build()
    return cached(sources_key(kb_dir, rules_dir), build)


def cached(key: str, build: Callable[[], T]) -> T:
    """The value stored under ``key`` (a hex digest of everything the value depends on), or
    ``build()``, stored atomically for next time. Unreadable entries are rebuilt."""
    folder = cache_dir()
    if folder is None:
        return build()
    target = folder / f"{key}.pickle"
    try:
        with target.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        pass
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except (OSError, pickle.PickleError, TypeError):
        pass
    return value
