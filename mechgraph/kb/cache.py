"""An on-disk cache of compiled knowledge bases and merged networks, keyed by a hash of
their sources.

A second run on unchanged sources skips parsing, validation and compilation. The cache lives
in ``$MECHGRAPH_CACHE`` or ``$XDG_CACHE_HOME/mechgraph`` (default ``~/.cache/mechgraph``);
``MECHGRAPH_CACHE=off`` disables it.

The cache can never hurt an answer:

- **Entries are authenticated.** Each entry is ``MAGIC``, an HMAC-SHA256 of its key and
  payload under a per-user secret (``secret``, mode 0600, in a folder of mode 0700), then
  the pickled payload. Nothing is unpickled before its HMAC is checked, so a file planted
  in the folder (or an entry copied under another key) is never executed; it is discarded.
- **Any entry that fails to load is discarded and rebuilt**, whatever the reason (truncated,
  flipped bytes, an unknown pickle protocol, a value of the wrong type), with a one-line
  notice on standard error.
- **It is bounded**: at most ``$MECHGRAPH_CACHE_MAX_MB`` megabytes (default 2048) and
  ``MAX_ENTRIES`` entries; the least recently used entries are evicted after each store.
- A folder that cannot be created, secured or written, or sources that cannot be read, turn
  the cache off for that call: the value is built as if there were no cache.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import re
import secrets
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
FORMAT = "2"  # bump when the pickled classes or the entry layout change shape
MAGIC = b"MGCACHE2"
DIGEST = hashlib.sha256().digest_size
SUFFIX = ".entry"
MAX_ENTRIES = 64
DEFAULT_MAX_MB = 2048
STALE_TMP_SECONDS = 3600.0  # temporary files older than this were left by a killed writer
# What evict() may remove: this module's entries, its temporary files and the entries of
# earlier formats, never anything else a user keeps in the folder.
ENTRY = re.compile(r"[0-9a-f]+\.entry")
LEFTOVER = re.compile(r"(\.[0-9a-f]+\..+|tmp.+)\.tmp|[0-9a-f]+\.pickle")


def cache_dir() -> Path | None:
    setting = os.environ.get("MECHGRAPH_CACHE")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mechgraph"


def sources_key(kb_dir: Path, rules_dir: str | None) -> str:
    """A hash of the KB folder's and rules' tables and of mechgraph's own code.

    Only regular files count: a folder or a dangling link named ``*.tsv`` is left to the
    loader to report. Raises OSError when a table cannot be read.
    """
    from mechgraph.model.version import __version__

    digest = hashlib.sha256(f"{FORMAT}|{__version__}|{kb_dir.resolve()}".encode())
    rules = Path(rules_dir) if rules_dir else kb_dir.parent / "rules"
    code = Path(__file__).resolve().parent.parent  # the code that builds what is cached
    files = [
        p
        for folder in (kb_dir, rules)
        if folder.is_dir()
        for p in sorted(folder.glob("*.tsv"))
        if p.is_file()
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


def load_cached(
    kb_dir: Path, rules_dir: str | None, build: Callable[[], T], expected: type | None = None
) -> T:
    """The cached result of ``build()`` for these sources, building (and storing) it if needed.

    Errors raised by ``build`` (e.g. validation errors) propagate and nothing is stored.
    """
    if cache_dir() is None or not kb_dir.is_dir():
        return build()
    try:
        key = sources_key(kb_dir, rules_dir)
    except OSError:  # an unreadable table: let the loader report it
        return build()
    return cached(key, build, expected)


def cached(key: str, build: Callable[[], T], expected: type | None = None) -> T:
    """The value stored under ``key`` (a hex digest of everything the value depends on), or
    ``build()``, stored atomically for next time. An entry that is not authentic, does not
    load, or is not an instance of ``expected`` is discarded and rebuilt.

    >>> import tempfile
    >>> os.environ["MECHGRAPH_CACHE"] = tempfile.mkdtemp()
    >>> cached("0123abcd", lambda: {"built": 1})
    {'built': 1}
    >>> cached("0123abcd", lambda: {"built": 2})  # from the cache
    {'built': 1}
    >>> del os.environ["MECHGRAPH_CACHE"]
    """
    folder = _secured_folder()
    if folder is None:
        return build()
    secret = _secret(folder)
    if secret is None:
        return build()
    target = folder / f"{key}{SUFFIX}"
    if target.exists():
        value = _load(target, key, secret, expected)
        if value is not _MISSING:
            return value  # type: ignore[return-value]
    value = build()
    _store(folder, target, key, secret, value)
    return value


_MISSING = object()


def _notice(message: str) -> None:
    sys.stderr.write(f"mechgraph: note: {message}\n")


def _mac(secret: bytes, key: str) -> hmac.HMAC:
    mac = hmac.new(secret, digestmod=hashlib.sha256)
    mac.update(MAGIC + key.encode())
    return mac


def _load(target: Path, key: str, secret: bytes, expected: type | None) -> object:
    """The entry's value, or _MISSING (after discarding it) when it cannot be trusted or
    read. The payload is unpickled only after its HMAC matched."""
    try:
        with target.open("rb") as handle:
            head = handle.read(len(MAGIC) + DIGEST)
            mac = _mac(secret, key)
            for block in iter(lambda: handle.read(1 << 20), b""):
                mac.update(block)
            if head[: len(MAGIC)] != MAGIC or not hmac.compare_digest(
                head[len(MAGIC) :], mac.digest()
            ):
                raise ValueError("not written by this user's mechgraph")
            handle.seek(len(MAGIC) + DIGEST)
            value = pickle.load(handle)
        if expected is not None and not isinstance(value, expected):
            raise TypeError(f"holds a {type(value).__name__}, not a {expected.__name__}")
        os.utime(target)  # recently used: evicted last
        return value
    except Exception as exc:  # noqa: BLE001 - any unreadable entry is rebuilt, whatever failed
        _notice(f"discarded cache entry {target.name} ({exc}); rebuilding it")
        _unlink(target)
        return _MISSING


def _store(folder: Path, target: Path, key: str, secret: bytes, value: object) -> None:
    tmp = None
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        mac = _mac(secret, key)
        mac.update(payload)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{key}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + mac.digest())
            handle.write(payload)
        os.replace(tmp, target)
        tmp = None
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        pass  # not cached this time; the answer stands
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    evict(folder)


def _max_bytes() -> int:
    try:
        return int(float(os.environ.get("MECHGRAPH_CACHE_MAX_MB", DEFAULT_MAX_MB)) * 1e6)
    except ValueError:
        return int(DEFAULT_MAX_MB * 1e6)


def evict(folder: Path, max_bytes: int | None = None, max_entries: int = MAX_ENTRIES) -> int:
    """Remove the least recently used entries beyond the bounds, stale temporary files and
    the entries of earlier formats; the number of files removed. Files of other names are
    never touched."""
    limit = _max_bytes() if max_bytes is None else max_bytes
    removed = 0
    entries = []
    now = time.time()
    try:
        children = list(folder.iterdir())
    except OSError:
        return 0
    for path in children:
        try:
            info = path.lstat()
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        if ENTRY.fullmatch(path.name):
            entries.append((info.st_mtime, info.st_size, path))
        elif LEFTOVER.fullmatch(path.name) and (
            path.suffix == ".pickle" or now - info.st_mtime > STALE_TMP_SECONDS
        ):
            removed += _unlink(path)
    entries.sort(reverse=True)  # newest first
    total = 0
    for count, (_, size, path) in enumerate(entries, 1):
        total += size
        if count > max_entries or total > limit:
            removed += _unlink(path)
    return removed


def _unlink(path: Path) -> int:
    try:
        path.unlink()
        return 1
    except OSError:
        return 0


def _secured_folder() -> Path | None:
    """The cache folder, created with mode 0700; None when it cannot be used safely (not a
    folder, or owned by another user). An existing folder keeps its mode: what protects the
    entries is the secret, a private file of this user."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            return None
    except OSError:
        return None
    return folder


def _secret(folder: Path) -> bytes | None:
    """This user's cache secret (created on first use, mode 0600); a secret file that is
    not a private regular file of this user is replaced, which invalidates every entry."""
    path = folder / "secret"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        try:
            info = os.fstat(fd)
            data = os.read(fd, 64)
        finally:
            os.close(fd)
        private = stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o600
        if private and info.st_uid == os.getuid() and len(data) == 32:
            return data
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        try:
            path.unlink()
        except OSError:
            return None
    data = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except FileExistsError:  # another process made it meanwhile: use theirs
        return _secret(folder) if path.is_file() and not path.is_symlink() else None
    except OSError:
        return None
    return data
