"""Writing output files safely: regular files only, through a temporary file and a rename.

Contract of :func:`write_atomically` (used by ``export``, ``view``, ``screen --heatmap``,
``curate`` and ``fmt``) and of :func:`write_all_atomically` (several files as one, for
``import``):

- Only regular files are written. A target that is a folder, a symbolic link, a named pipe
  (FIFO), a socket or a device, or that lies under ``/proc``, ``/sys`` or ``/dev``, is
  refused and left untouched; so is a target whose folder does not exist, unless the caller
  asks for ``make_parents=True``.
- Readers see the old file or the new one, never half of one: the bytes go to a temporary
  sibling ``.NAME.<pid>.<random>.tmp``, are flushed to disk (``fsync``) and renamed over the
  target. An existing target keeps its permission bits.
- On any failure (a full disk, a permission problem, any ``OSError`` while writing,
  flushing or renaming), on ``KeyboardInterrupt`` and on SIGTERM / SIGHUP the temporary
  file is removed and the target is unchanged. A writer killed with SIGKILL cannot clean up:
  each write therefore removes the temporary siblings of its target left by processes that
  are no longer running.
- Every failure is an :class:`OutputError`: an ``OSError`` whose ``str()`` is a one-line
  message naming the file and the problem (the command line prints it as it is).
"""

from __future__ import annotations

import errno as _errno
import os
import re
import secrets
import shutil
import signal
import stat
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from mechgraph.model.errors import MechgraphError

SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")
"""Folders of the operating system (kernel interfaces and devices): never written into."""

LEGACY_TMP_AGE = 3600.0
"""Seconds after which a temporary file of an older mechgraph (``.NAME.XXXXXXXX.tmp``,
without a pid) counts as left behind."""

_NAME_ROOM = 200  # characters of the target name kept in a temporary name (limit: 255)
_TMP = re.compile(r"(?P<pid>[0-9]+)\.[0-9a-f]+\.tmp")
_LEGACY_TMP = re.compile(r"[a-z0-9_]{8}\.tmp")


class OutputError(MechgraphError, OSError):
    """A file that cannot or must not be written. ``str(error)`` is a one-line message that
    names the file and the problem; ``filename`` is the path, ``strerror`` the problem
    alone and ``errno`` the operating system's error number (None for a refused target)."""

    def __init__(self, path: Path | str, reason: str, errno: int | None = None, note: str = ""):
        super().__init__(errno, reason, os.fspath(path))
        self.message = f"cannot write '{os.fspath(path)}': {reason}{note}"

    def __str__(self) -> str:
        return self.message


def check_output(path: Path | str, *, make_parents: bool = False) -> None:
    """Raise :class:`OutputError` unless :func:`write_atomically` may write ``path``.

    Nothing is created or changed: commands call it before their (possibly long) work, so a
    bad ``--output`` fails at once. ``write_atomically`` checks again when it writes."""
    _inspect(Path(path), make_parents)


def check_folder(folder: Path | str, *, create: bool = True) -> bool:
    """Raise :class:`OutputError` unless files may be written into ``folder``: it must be a
    folder (a symbolic link to one is fine) outside the system folders or, when ``create``
    is true, a missing folder whose parent exists. Nothing is created; return whether the
    folder exists."""
    folder = Path(folder)
    system = _system_folder(folder)
    if system is not None:
        raise OutputError(folder, f"it is inside {system}, a system folder")
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(folder, _reason(exc), exc.errno) from None
    if info is not None:
        if not stat.S_ISDIR(info.st_mode):
            raise OutputError(folder, "it is not a folder")
        return True
    if not create:
        raise OutputError(folder, "the folder does not exist")
    if not folder.parent.is_dir():
        raise OutputError(
            folder, f"the folder '{folder.parent}' (where it would go) does not exist"
        )
    return False


def prepare_folder(folder: Path | str, *, create: bool = True) -> Path:
    """:func:`check_folder`, then create the folder when it is missing (only the folder
    itself: its parent must exist). Return it as a ``Path``."""
    folder = Path(folder)
    if not check_folder(folder, create=create):
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise OutputError(
                folder, f"cannot create the folder: {_reason(exc)}", exc.errno
            ) from None
    return folder


def write_atomically(path: Path | str, data: bytes | str, *, make_parents: bool = False) -> None:
    """Replace (or create) the regular file ``path`` with ``data`` (text is written as UTF-8)
    so that readers see the old or the new file, never half of one.

    ``make_parents=True`` creates missing folders on the way (for a program's own output
    folder, such as ``imports/``); by default a missing folder is an error. See the module
    docstring for the full contract; every failure raises :class:`OutputError` and leaves
    the target as it was, without a temporary file."""
    write_all_atomically([(path, data)], make_parents=make_parents)


def write_all_atomically(
    files: Sequence[tuple[Path | str, bytes | str]], *, make_parents: bool = False
) -> None:
    """Write several files as one: all of them, or none (e.g. an imported network and its
    grounding table).

    Every file goes to its temporary sibling and is flushed first; then each is renamed
    over its target, a hard link keeping the target's old version until every rename has
    succeeded (only with more than one file). On any failure the files renamed so far get
    their old version back (or are removed if they were new), no temporary file is left,
    and folders this call created are removed again. Each target follows the contract of
    :func:`write_atomically`.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_all_atomically([(folder / "a.tsv", "a"), (folder / "b.tsv", "b")])
    >>> sorted(p.name for p in folder.iterdir())
    ['a.tsv', 'b.tsv']
    """
    targets = [Path(path) for path, _ in files]
    modes = [_inspect(target, make_parents) for target in targets]
    note = _unchanged_note(modes)
    created = _make_folders(targets, make_parents)  # removed again on failure
    for target in targets:
        _remove_stale(target.parent, target.name)
    batch = _Batch(targets)
    with _clean_termination():
        try:
            batch.write_temps([data for _, data in files], modes)
            batch.rename()
        except BaseException as exc:
            batch.undo()
            _remove_folders(created)
            if isinstance(exc, OSError) and not isinstance(exc, OutputError):
                raise OutputError(batch.current, _reason(exc), exc.errno, note) from None
            raise
    batch.finish()


def _unchanged_note(modes: list[int | None]) -> str:
    """What a failure message adds about the targets (``modes``: None for a new file):
    nothing was written, or they are unchanged."""
    if len(modes) == 1:
        return " (nothing written)" if modes[0] is None else " (the file is unchanged)"
    return " (nothing written)" if all(m is None for m in modes) else " (the files are unchanged)"


def _make_folders(targets: list[Path], make_parents: bool) -> list[Path]:
    """With ``make_parents``, create the missing folders of ``targets``; the folders
    created (:class:`OutputError`, with none of them left, when one cannot be)."""
    created: list[Path] = []
    for folder in dict.fromkeys(t.parent for t in targets):
        missing = [f for f in (folder, *folder.parents) if not f.exists()]
        if missing and make_parents:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                _remove_folders(created + missing)
                raise OutputError(
                    folder, f"cannot create the folder: {_reason(exc)}", exc.errno
                ) from None
            created += missing
    return created


class _Batch:
    """The files of one :func:`write_all_atomically`: their temporary siblings, the
    targets renamed so far with their old versions, and the target being worked on (the
    one a failure names)."""

    def __init__(self, targets: list[Path]) -> None:
        self.targets = targets
        self.temps: list[Path] = []
        self.kept: list[tuple[Path, Path | None, bool]] = []  # target, old version, renamed
        self.current = targets[0]

    def write_temps(self, datas: list[bytes | str], modes: list[int | None]) -> None:
        """Each file's bytes (text as UTF-8) in its temporary sibling, flushed to disk."""
        for target, mode, data in zip(self.targets, modes, datas, strict=True):
            self.current = target
            raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
            self.temps.append(_write_temp(target, raw, mode))

    def rename(self) -> None:
        """Rename each temporary file over its target, keeping the target's old version
        (a hard link) while there are several files, so that all can come back."""
        for target, temp in zip(self.targets, self.temps, strict=True):
            self.current = target
            _inspect(target, False)  # still a regular file (or absent): nothing swapped in
            old = _keep_old(target) if len(self.targets) > 1 else None
            self.kept.append((target, old, False))
            os.replace(temp, target)
            self.kept[-1] = (target, old, True)

    def undo(self) -> None:
        """Put every target back as it was and remove the temporary files."""
        _undo(self.kept)
        for temp in self.temps:
            with suppress(OSError):
                os.unlink(temp)

    def finish(self) -> None:
        """Drop the old versions and flush the folder entries of the renames."""
        for _, old, _ in self.kept:
            if old is not None:
                with suppress(OSError):
                    os.unlink(old)
        for folder in dict.fromkeys(t.parent for t in self.targets):
            _sync_folder(folder)


def _temp_name(target: Path) -> Path:
    return target.parent / f".{target.name[:_NAME_ROOM]}.{os.getpid()}.{secrets.token_hex(4)}.tmp"


def _write_temp(target: Path, raw: bytes, mode: int | None) -> Path:
    """``raw`` in a new temporary sibling of ``target`` (with permission bits ``mode``, if
    given), flushed to disk; its path. Nothing is left behind on failure."""
    temp = _temp_name(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(temp, flags, 0o666)  # the umask applies, as for any new file
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        view = memoryview(raw)
        while view:
            written = os.write(fd, view)
            if written <= 0:
                raise OSError(_errno.ENOSPC, os.strerror(_errno.ENOSPC))
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with suppress(OSError):
            os.unlink(temp)
        raise
    os.close(fd)
    return temp


def _keep_old(target: Path) -> Path | None:
    """A hard link to ``target``'s current version (None if there is none), so that it can
    come back if a later rename fails (a copy where hard links are not possible)."""
    if not target.exists():
        return None
    old = _temp_name(target)
    try:
        os.link(target, old)
    except OSError:  # a file system without hard links: a copy (which needs room) instead
        try:
            shutil.copy2(target, old)
        except BaseException:
            with suppress(OSError):
                os.unlink(old)
            raise
    return old


def _undo(kept: list[tuple[Path, Path | None, bool]]) -> None:
    """Put back the old versions of renamed targets, remove new ones and the kept links."""
    for target, old, renamed in reversed(kept):
        with suppress(OSError):
            if renamed and old is not None:
                os.replace(old, target)
                continue
            if renamed:
                os.unlink(target)
            if old is not None:
                os.unlink(old)


def _remove_folders(folders: list[Path]) -> None:
    """Remove the (empty) folders a failed write created, deepest first."""
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        with suppress(OSError):
            folder.rmdir()


def _inspect(path: Path, make_parents: bool) -> int | None:
    """The permission bits of ``path`` when it is an existing regular file, None when it
    does not exist but may be created; :class:`OutputError` for anything else."""
    if not os.fspath(path) or not path.name:
        raise OutputError(
            path, "it is a folder, not a file" if path.is_dir() else "no file name given"
        )
    system = _system_folder(path)
    if system is not None:
        raise OutputError(path, f"it is inside {system}, a system folder (regular files only)")
    mode = _existing_mode(path)
    if mode is None:
        _check_new_file_folder(path, make_parents)
    return mode


def _existing_mode(path: Path) -> int | None:
    """The permission bits of ``path`` when it is a regular file, None when there is
    nothing there; :class:`OutputError` for anything else (a folder, a link, a pipe...)."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise OutputError(path, _reason(exc), exc.errno) from None
    problem = _not_regular(info.st_mode)
    if problem:
        raise OutputError(path, problem)
    return stat.S_IMODE(info.st_mode)


def _check_new_file_folder(path: Path, make_parents: bool) -> None:
    """:class:`OutputError` unless the folder a new file goes into is a folder (a missing
    one is fine with ``make_parents``)."""
    folder = path.parent
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        if make_parents:
            return
        raise OutputError(path, f"the folder '{folder}' does not exist") from None
    except NotADirectoryError:
        raise OutputError(path, f"'{folder}' is not a folder") from None
    except OSError as exc:
        raise OutputError(path, f"'{folder}': {_reason(exc)}", exc.errno) from None
    if not stat.S_ISDIR(info.st_mode):
        raise OutputError(path, f"'{folder}' is not a folder")


def _not_regular(mode: int) -> str:
    """Why a file of this ``st_mode`` is not written ('' for a regular file)."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "it is a folder, not a file"
    if stat.S_ISLNK(mode):
        return "it is a symbolic link (give the file it points to, or remove the link)"
    if stat.S_ISFIFO(mode):
        return "it is a named pipe (FIFO), not a regular file"
    if stat.S_ISSOCK(mode):
        return "it is a socket, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device, not a regular file"
    return "it is not a regular file"


def _system_folder(path: Path) -> str | None:
    """The system folder (``/proc``, ``/sys``, ``/dev``) ``path`` lies in, if any, as
    written or once the symbolic links of its folder are followed."""
    written = os.path.abspath(path)
    followed = os.path.join(os.path.realpath(os.path.dirname(written)), os.path.basename(written))
    for candidate in (written, followed):
        for root in SYSTEM_FOLDERS:
            if candidate == root or candidate.startswith(root + os.sep):
                return root
    return None


def _reason(exc: OSError) -> str:
    """The operating system's words for an error, without the file name."""
    if exc.errno == _errno.ENOSPC:
        return "no space left on the disk"
    if exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    return str(exc) or type(exc).__name__


def _remove_stale(folder: Path, name: str) -> None:
    """Remove the temporary siblings of ``folder/name`` whose writer is no longer running
    (it was killed before it could clean up), and those of older mechgraph versions (no
    pid in the name) untouched for an hour."""
    prefix = f".{name[:_NAME_ROOM]}."
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if not entry.name.startswith(prefix) or not entry.name.endswith(".tmp"):
            continue
        rest = entry.name[len(prefix) :]
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if match := _TMP.fullmatch(rest):
                pid = int(match.group("pid"))
                if pid == os.getpid() or _running(pid):
                    continue
            elif not (
                _LEGACY_TMP.fullmatch(rest)
                and now - entry.stat(follow_symlinks=False).st_mtime > LEGACY_TMP_AGE
            ):
                continue
            os.unlink(entry.path)
        except OSError:
            continue


def _running(pid: int) -> bool:
    """Whether a process with this id exists (one of another user counts)."""
    if pid <= 0:
        return True  # not a writer's pid: leave the file alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry of the rename to disk (best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while a file was being written."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _clean_termination() -> Iterator[None]:
    """While a file is written, turn SIGTERM and SIGHUP (if they have their default action)
    into an exception, so that the temporary file is removed; then die of the signal as the
    process would have."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}

    def handler(signum: int, frame: object) -> None:
        raise _Terminated(signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        try:
            if signal.getsignal(signum) is signal.SIG_DFL:
                previous[signum] = signal.signal(signum, handler)
        except (ValueError, OSError):
            continue

    def restore() -> None:
        for signum, old in previous.items():
            with suppress(ValueError, OSError):
                signal.signal(signum, old)
        previous.clear()

    try:
        yield
    except _Terminated as exc:
        restore()
        os.kill(os.getpid(), exc.signum)  # the default action: the process ends here
        raise SystemExit(128 + exc.signum) from None
    finally:
        restore()
