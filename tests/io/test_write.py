"""Output files (:mod:`mechgraph.io.write`).

Outputs (``-o``, ``--dir``, ``--heatmap``) are regular files only: a FIFO, symbolic link,
socket, device node or folder is refused and left untouched; a missing folder is an error;
a failed write (a full disk, simulated) leaves neither a partial file nor a temporary one;
a temporary file left by a killed writer is removed by the next write; an import writes its
network and its grounding all or nothing. Every special file here is created in
``tmp_path``: no test touches a real system device."""

from __future__ import annotations

import errno
import os
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mechgraph.io import write as write_module
from mechgraph.io import write as writer
from mechgraph.io.importers import locate_network
from mechgraph.io.write import OutputError, check_output, write_all_atomically, write_atomically
from tests.helpers.cli import invoke, one_line_error
from tests.helpers.paths import TEST_DATA


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- special files as targets ------------------------------------------------------------------


@pytest.fixture
def specials(tmp_path: Path) -> dict[str, Path]:
    """A FIFO, a symbolic link to a real file, a dangling link and a folder in tmp_path."""
    real = tmp_path / "real.txt"
    real.write_text("the user's file\n")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link.html"
    link.symlink_to(real)
    dangling = tmp_path / "dangling.html"
    dangling.symlink_to(tmp_path / "nowhere.html")
    folder = tmp_path / "folder"
    folder.mkdir()
    return {"real": real, "fifo": fifo, "link": link, "dangling": dangling, "folder": folder}


def assert_untouched(specials: dict[str, Path]) -> None:
    assert stat.S_ISFIFO(os.lstat(specials["fifo"]).st_mode)
    assert specials["link"].is_symlink() and os.readlink(specials["link"]) == str(specials["real"])
    assert specials["dangling"].is_symlink() and not specials["dangling"].exists()
    assert specials["folder"].is_dir() and not any(specials["folder"].iterdir())
    assert specials["real"].read_text() == "the user's file\n"
    assert not (specials["real"].parent / "nowhere.html").exists()
    assert temporaries(specials["real"].parent) == []


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("fifo", "named pipe"),
        ("link", "symbolic link"),
        ("dangling", "symbolic link"),
        ("folder", "folder, not a file"),
    ],
)
def test_write_atomically_refuses_special_files(specials, name, words):
    with pytest.raises(OutputError) as caught:
        write_atomically(specials[name], "new text")
    message = str(caught.value)
    assert message.startswith(f"cannot write '{specials[name]}': ") and words in message
    assert "\n" not in message and isinstance(caught.value, OSError)
    with pytest.raises(OutputError):
        check_output(specials[name])
    assert_untouched(specials)


def test_write_atomically_refuses_a_socket(tmp_path):
    path = tmp_path / "s.sock"
    if len(str(path)) > 100:
        pytest.skip("tmp_path too long for a Unix socket")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(OutputError, match="socket"):
            write_atomically(path, "x")
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        server.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_write_atomically_refuses_a_device_node(tmp_path):
    node = tmp_path / "null-like"  # a node of the null device, made here, not /dev/null
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except OSError as exc:
        pytest.skip(f"cannot create a device node here: {exc}")
    with pytest.raises(OutputError, match="device"):
        write_atomically(node, "x")
    assert stat.S_ISCHR(os.lstat(node).st_mode)
    assert temporaries(tmp_path) == []


def test_system_folders_are_refused_by_name():
    # only checked (lstat / realpath), never written
    for path in ("/proc/self/status", "/sys/kernel/mechgraph-test", "/dev/mechgraph-test"):
        with pytest.raises(OutputError, match="system folder"):
            check_output(path)


def test_missing_folder_is_an_error_unless_asked(tmp_path):
    target = tmp_path / "missing" / "deeper" / "x.html"
    with pytest.raises(OutputError, match="does not exist"):
        write_atomically(target, "x")
    assert not (tmp_path / "missing").exists()
    write_atomically(target, "x", make_parents=True)
    assert target.read_text() == "x"
    (tmp_path / "file").write_text("")
    with pytest.raises(OutputError, match="is not a folder"):
        write_atomically(tmp_path / "file" / "x.html", "x")


def test_empty_name_is_a_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for path in ("", "."):
        with pytest.raises(OutputError, match="folder"):
            write_atomically(path, "x")
    assert list(tmp_path.iterdir()) == []


def test_replacing_keeps_the_mode_and_uses_a_named_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o600)
    seen = []
    real_fsync = os.fsync

    def spy(fd):
        seen.extend(temporaries(tmp_path))
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    write_atomically(target, "new")
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(seen) == 1 and seen[0].startswith(f".out.txt.{os.getpid()}.")
    assert temporaries(tmp_path) == []


# -- failures while writing ---------------------------------------------------------------------


def _full_disk(monkeypatch):
    real_write = os.write

    def write(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))  # half lands, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", write)


def _failing(name: str, code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return name, fail


@pytest.mark.parametrize("existing", [False, True])
def test_full_disk_leaves_no_partial_file_and_no_temporary(tmp_path, monkeypatch, existing):
    target = tmp_path / "out.owl"
    if existing:
        target.write_text("the old export")
    _full_disk(monkeypatch)
    with pytest.raises(OutputError) as caught:
        write_atomically(target, "x" * 100_000)
    monkeypatch.undo()
    assert caught.value.errno == errno.ENOSPC
    assert "no space left" in str(caught.value) and "\n" not in str(caught.value)
    if existing:
        assert target.read_text() == "the old export"
        assert "unchanged" in str(caught.value)
    else:
        assert not target.exists() and "nothing written" in str(caught.value)
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "code"), [("fsync", errno.EIO), ("replace", errno.EXDEV), ("fchmod", errno.EPERM)]
)
def test_any_os_error_is_an_output_error_and_cleans_up(tmp_path, monkeypatch, name, code):
    target = tmp_path / "out.txt"
    target.write_text("old")
    monkeypatch.setattr(os, *_failing(name, code))
    with pytest.raises(OutputError) as caught:
        write_atomically(target, "new")
    monkeypatch.undo()
    assert caught.value.errno == code and str(caught.value).startswith(f"cannot write '{target}'")
    assert target.read_text() == "old" and temporaries(tmp_path) == []


def test_keyboard_interrupt_cleans_up(tmp_path, monkeypatch):
    def interrupted(fd, data):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "out.txt", "new")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


SLOW_WRITER = """
import os, sys, time
from mechgraph.io.write import write_atomically
real = os.write
def slow(fd, data):
    written = real(fd, bytes(data[:10]))
    print("writing", flush=True)
    time.sleep(60)
    return written
os.write = slow
write_atomically(sys.argv[1], "x" * 1000)
"""


def _start_slow_writer(target: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(SLOW_WRITER), str(target)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "writing"
    return proc


@pytest.mark.slow  # a process
def test_sigterm_during_a_write_removes_the_temporary(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    proc = _start_slow_writer(target)
    assert len(temporaries(tmp_path)) == 1
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == -signal.SIGTERM
    assert target.read_text() == "old" and temporaries(tmp_path) == []


@pytest.mark.slow  # a process
def test_temporary_of_a_killed_writer_is_removed_by_the_next_write(tmp_path):
    target = tmp_path / "out.txt"
    proc = _start_slow_writer(target)
    proc.kill()
    proc.wait(timeout=30)
    left = temporaries(tmp_path)
    assert len(left) == 1 and left[0].startswith(f".out.txt.{proc.pid}.")
    # another writer that is still running, a sibling target, an old-style temporary of an
    # older mechgraph (old and fresh): only the dead writer's and the old one go
    alive = tmp_path / f".out.txt.{os.getppid()}.0123abcd.tmp"
    other = tmp_path / f".other.txt.{proc.pid}.0123abcd.tmp"
    legacy_old = tmp_path / ".out.txt.k2j4_x9q.tmp"
    legacy_new = tmp_path / ".out.txt.a8b7c6d5.tmp"
    for path in (alive, other, legacy_old, legacy_new):
        path.write_text("partial")
    hours_ago = time.time() - 2 * writer.LEGACY_TMP_AGE
    os.utime(legacy_old, (hours_ago, hours_ago))
    write_atomically(target, "complete")
    assert target.read_text() == "complete"
    assert temporaries(tmp_path) == sorted(p.name for p in (alive, other, legacy_new))


# -- the commands ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["view"], ["export", "--format", "sif"]])
@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("fifo", "named pipe"),
        ("link", "symbolic link"),
        ("dangling", "symbolic link"),
        ("folder", "folder"),
    ],
)
def test_cli_output_refuses_special_files(run_cli, specials, command, name, words):
    proc = run_cli(*command, "-o", str(specials[name]))
    assert words in one_line_error(proc, 1)
    assert_untouched(specials)


@pytest.mark.parametrize("command", [["view"], ["export"]])
@pytest.mark.parametrize("output", ["", ".", "missing/x.html", "real.txt/x.html"])
def test_cli_output_needs_a_file_in_an_existing_folder(run_cli, tmp_path, command, output):
    (tmp_path / "real.txt").write_text("keep")
    proc = run_cli(*command, "-o", output, cwd=tmp_path)
    one_line_error(proc, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["real.txt"]
    assert (tmp_path / "real.txt").read_text() == "keep"


def test_cli_heatmap_refuses_a_link(run_cli, tmp_path):
    link = tmp_path / "h.svg"
    link.symlink_to(tmp_path / "elsewhere.svg")
    proc = run_cli("screen", "--agents", "Doxil,Abraxane", "--heatmap", str(link))
    assert "symbolic link" in one_line_error(proc, 1)
    assert link.is_symlink() and not (tmp_path / "elsewhere.svg").exists()


def test_cli_export_all_dir(run_cli, tmp_path):
    (tmp_path / "file").write_text("keep")
    one_line_error(run_cli("export", "--all", "--dir", str(tmp_path / "file")), 1)
    assert (tmp_path / "file").read_text() == "keep"
    proc = run_cli("export", "--all", "--dir", str(tmp_path / "missing" / "out"))
    assert "does not exist" in one_line_error(proc, 1)
    assert not (tmp_path / "missing").exists()
    out = tmp_path / "out"
    out.mkdir()
    (out / "mechgraph.sif").symlink_to(tmp_path / "file")
    assert "symbolic link" in one_line_error(run_cli("export", "--all", "--dir", str(out)), 1)
    assert [p.name for p in out.iterdir()] == ["mechgraph.sif"]  # nothing written at all


FULL_DISK_EXPORT = """
import errno, os, sys
real = os.write
def write(fd, data):
    if fd > 2:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return real(fd, data)
os.write = write
sys.argv = ["mechgraph", *sys.argv[1:]]
from mechgraph.cli.app import main
main()
"""


@pytest.mark.slow  # a process
@pytest.mark.parametrize("existing", [False, True])
def test_cli_full_disk_during_export_is_one_line(tmp_path, existing):
    target = tmp_path / "net.sif"
    if existing:
        target.write_text("old export")
    proc = subprocess.run(
        [sys.executable, "-c", FULL_DISK_EXPORT, "export", "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "no space left on the disk" in one_line_error(proc, 1)
    assert (target.read_text() == "old export") if existing else not target.exists()
    assert temporaries(tmp_path) == []


DATA = TEST_DATA / "importers"


# -- an import writes all or nothing -----------------------------------------------------------


def _full_disk_for(suffix, real):
    def write(target, raw, mode):
        if target.name.endswith(suffix):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(target, raw, mode)

    return write


def test_no_room_for_the_grounding_table_leaves_nothing_new(tmp_path, monkeypatch):
    folder = tmp_path / "imports"
    monkeypatch.setattr(
        write_module, "_write_temp", _full_disk_for(".grounding.tsv", write_module._write_temp)
    )
    result = invoke("import", "sif", DATA / "toy.sif", "--name", "toy", "--into", folder)
    assert result.exit_code == 1
    assert "toy.grounding.tsv" in result.output and "no space left" in result.output
    assert "Traceback" not in result.output
    assert not folder.exists()  # no toy.tsv, no .tmp, not even the folder it made
    with pytest.raises(LookupError):  # so --with-network toy finds nothing
        locate_network("toy", folder)


def test_a_failed_import_keeps_the_old_files(tmp_path, monkeypatch):
    folder = tmp_path / "imports"
    folder.mkdir()
    (folder / "toy.tsv").write_text("source\tinteraction\ttarget\nOLD\t1\tNET\n")
    (folder / "toy.grounding.tsv").write_text("node\tstatus\tkb_id\thow\tcandidates\n")
    os.chmod(folder / "toy.tsv", 0o640)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    monkeypatch.setattr(
        write_module, "_write_temp", _full_disk_for(".grounding.tsv", write_module._write_temp)
    )
    result = invoke("import", "sif", DATA / "toy.sif", "--name", "toy", "--into", folder)
    assert result.exit_code == 1 and "no space left" in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # no .tmp either
    assert (folder / "toy.tsv").stat().st_mode & 0o777 == 0o640


def test_a_failed_second_rename_brings_the_first_file_back(tmp_path, monkeypatch):
    folder = tmp_path / "imports"
    folder.mkdir()
    (folder / "toy.tsv").write_text("old network\n")
    real = os.replace

    def rename(source, target):
        if Path(target).name.endswith(".grounding.tsv"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(source, target)

    monkeypatch.setattr(os, "replace", rename)
    result = invoke("import", "sif", DATA / "toy.sif", "--name", "toy", "--into", folder)
    assert result.exit_code == 1 and "toy.grounding.tsv" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["toy.tsv"]
    assert (folder / "toy.tsv").read_text() == "old network\n"

    def no_hard_links(*_):
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", no_hard_links)  # the old version is kept as a copy
    result = invoke("import", "sif", DATA / "toy.sif", "--name", "toy", "--into", folder)
    assert result.exit_code == 1
    assert sorted(p.name for p in folder.iterdir()) == ["toy.tsv"]
    assert (folder / "toy.tsv").read_text() == "old network\n"

    (folder / "toy.tsv").unlink()  # and a new first file is removed again
    result = invoke("import", "sif", DATA / "toy.sif", "--name", "toy", "--into", folder)
    assert result.exit_code == 1 and list(folder.iterdir()) == []


def test_write_all_atomically_writes_both(tmp_path):
    first, second = tmp_path / "new" / "a.tsv", tmp_path / "new" / "a.grounding.tsv"
    write_all_atomically([(first, "one\n"), (second, b"two\n")], make_parents=True)
    assert first.read_text() == "one\n" and second.read_text() == "two\n"
    write_all_atomically([(first, "three\n"), (second, "four\n")])
    assert first.read_text() == "three\n" and sorted(p.name for p in first.parent.iterdir()) == [
        "a.grounding.tsv",
        "a.tsv",
    ]
    (tmp_path / "dir.tsv").mkdir()
    with pytest.raises(OSError, match="folder"):
        write_all_atomically([(first, "x"), (tmp_path / "dir.tsv", "y")])
    assert first.read_text() == "three\n"


def test_a_successful_import_still_writes_both(tmp_path):
    result = invoke("import", "sif", DATA / "toy.sif", "--into", tmp_path / "nets")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "nets").iterdir()) == ["toy.grounding.tsv", "toy.tsv"]
