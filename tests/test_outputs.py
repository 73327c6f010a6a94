"""Output files, SPARQL without the network, and small command-line contracts.

Outputs (``-o``, ``--dir``, ``--heatmap``) are regular files only: a FIFO, symbolic link,
socket, device node or folder is refused and left untouched; a missing folder is an error;
a failed write (a full disk, simulated) leaves neither a partial file nor a temporary one;
a temporary file left by a killed writer is removed by the next write. Every special file
here is created in ``tmp_path``: no test touches a real system device.
"""

from __future__ import annotations

import errno
import json
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

import mechgraph
from mechgraph.io import write as writer
from mechgraph.io.write import OutputError, check_output, write_atomically


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mechgraph", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def one_line_error(proc: subprocess.CompletedProcess, code: int) -> str:
    """The single ``mechgraph: error:`` line of a failed run (asserting its form)."""
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    err = proc.stderr
    assert err.startswith("mechgraph: error: "), err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


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


def test_sigterm_during_a_write_removes_the_temporary(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    proc = _start_slow_writer(target)
    assert len(temporaries(tmp_path)) == 1
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == -signal.SIGTERM
    assert target.read_text() == "old" and temporaries(tmp_path) == []


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
def test_cli_output_refuses_special_files(specials, command, name, words):
    proc = run_cli(*command, "-o", str(specials[name]))
    assert words in one_line_error(proc, 1)
    assert_untouched(specials)


@pytest.mark.parametrize("command", [["view"], ["export"]])
@pytest.mark.parametrize("output", ["", ".", "missing/x.html", "real.txt/x.html"])
def test_cli_output_needs_a_file_in_an_existing_folder(tmp_path, command, output):
    (tmp_path / "real.txt").write_text("keep")
    proc = run_cli(*command, "-o", output, cwd=tmp_path)
    one_line_error(proc, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["real.txt"]
    assert (tmp_path / "real.txt").read_text() == "keep"


def test_cli_heatmap_refuses_a_link(tmp_path):
    link = tmp_path / "h.svg"
    link.symlink_to(tmp_path / "elsewhere.svg")
    proc = run_cli("screen", "--agents", "Doxil,Abraxane", "--heatmap", str(link))
    assert "symbolic link" in one_line_error(proc, 1)
    assert link.is_symlink() and not (tmp_path / "elsewhere.svg").exists()


def test_cli_export_all_dir(tmp_path):
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


# -- SPARQL stays local ------------------------------------------------------------------------

SERVICE_QUERIES = [
    "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * { ?c mg:claim_id ?id OPTIONAL { SERVICE SILENT <https://example.org/q> "
    "{ ?c ?p ?o } } }",
    "ASK { ?c mg:claim_id ?id FILTER EXISTS { SERVICE <file:///etc/hostname> { ?s ?p ?o } } }",
    "SELECT * { { SELECT ?s { SERVICE <http://example.org/sparql> { ?s ?p ?o } } } }",
]


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_service_is_refused_before_any_network_attempt(query, monkeypatch):
    import urllib.request

    from rdflib import Graph

    from mechgraph.io.sparql import NetworkRefused, run_query

    attempts = []

    def record(*args, **kwargs):
        attempts.append(args)
        raise AssertionError("network attempted")

    monkeypatch.setattr(urllib.request, "urlopen", record)
    monkeypatch.setattr(socket.socket, "connect", record)
    monkeypatch.setattr(socket, "getaddrinfo", record)
    with pytest.raises(NetworkRefused, match="--allow-network"):
        run_query(Graph(), query)
    assert attempts == []


def test_cli_sparql_service_is_a_usage_error(tmp_path):
    proc = run_cli("sparql", SERVICE_QUERIES[0])
    err = one_line_error(proc, 2)
    assert "SERVICE <http://127.0.0.1:9/sparql>" in err and "--allow-network" in err
    assert proc.stdout == ""


def test_cli_sparql_allow_network_contacts_the_endpoint():
    with socket.socket() as probe:  # a local port nobody listens on: refused at once
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    query = f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    proc = run_cli("sparql", "--allow-network", query)
    assert "the query failed" in one_line_error(proc, 1)


def test_network_is_blocked_even_past_the_service_check():
    script = textwrap.dedent(
        """
        from rdflib import Graph
        from mechgraph.io.sparql import NetworkRefused, forbid_network, run_query
        forbid_network()
        try:
            run_query(Graph(), "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                      allow_network=True)
        except NetworkRefused:
            print("blocked")
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.stdout.strip() == "blocked", proc.stderr


# -- small command-line contracts --------------------------------------------------------------


def test_version():
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout == f"mechgraph {mechgraph.__version__}\n"


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("effect", "AGENT..."),
        ("explain", "AGENT..."),
        ("compare", "AGENT..."),
        ("contradictions", "[AGENT]..."),
        ("view", "[AGENT]..."),
        ("hypothesize", "AGENT..."),
        ("suggest", "AGENT..."),
        ("stratify", "AGENT..."),
        ("screen", ""),
        ("sparql", "[QUERY]"),
        ("import", "FORMAT FILE"),
    ],
)
def test_usage_lines_read_agent_dots(command, usage):
    proc = run_cli(command, "--help")
    line = proc.stdout.splitlines()[0]  # "Usage: python -m mechgraph ..." under -m
    assert line.endswith(f"mechgraph {command} [OPTIONS] {usage}".rstrip()), line
    assert "{" not in line


def test_a_context_key_given_twice_is_a_usage_error():
    proc = run_cli("effect", "Abraxane", "-c", "species=mouse", "-c", "species=human")
    err = one_line_error(proc, 2)
    assert "context species" in err and "twice" in err and "exclude each other" in err
    assert run_cli("effect", "Abraxane", "-c", "dose=high", "-c", "dose=high").returncode == 0
    err = one_line_error(
        run_cli("effect", "Abraxane", "-c", "dose=standard", "-c", "dose=metronomic"), 2
    )
    assert "context dose" in err and "exclude each other" in err


def test_a_context_value_may_be_named_by_a_synonym_and_a_key_left_out_reads_its_default():
    # contexts.tsv: 'high' and 'MTD' are synonyms of dose=standard, the default of the key
    named = run_cli("effect", "Abraxane", "-c", "dose=MTD", "--json")
    assert named.returncode == 0 and json.loads(named.stdout)["context"]["dose"] == "standard"
    unset = json.loads(run_cli("effect", "Abraxane", "--json").stdout)["context"]
    assert unset == {"dose": "standard", "schedule": "single"}
    proc = run_cli("effect", "Abraxane", "-c", "dose=weekly")
    assert "unknown value 'weekly' for 'dose' (known: standard, metronomic)" in one_line_error(
        proc, 2
    )


@pytest.mark.parametrize(
    "args",
    [
        ["effect", "Abraxane", "--inhibit", "Abraxane"],
        ["effect", "Abraxane", "atezolizumab", "--inhibit", "nab-paclitaxel"],
        ["stratify", "Abraxane", "--by", "dose", "--inhibit", "Abraxane"],
        ["view", "Abraxane", "--inhibit", "Abraxane", "-o", "v.html"],
    ],
)
def test_an_agent_both_given_and_inhibited_is_a_usage_error(args, tmp_path):
    proc = run_cli(*args, cwd=tmp_path)
    assert "both given and inhibited" in one_line_error(proc, 2)
    assert list(tmp_path.iterdir()) == []


def test_messages_name_the_path_given_not_a_link_target(tmp_path, monkeypatch):
    from mechgraph.kb.locate import display_path

    target = tmp_path / "elsewhere" / "copy-of-claims.tsv"
    target.parent.mkdir()
    target.write_text("x", encoding="utf-8")
    (tmp_path / "ontology").mkdir()
    link = tmp_path / "ontology" / "claims.tsv"
    link.symlink_to(target)
    monkeypatch.chdir(tmp_path)
    assert display_path(link) == str(Path("ontology", "claims.tsv"))
    assert display_path(Path("ontology/claims.tsv")) == str(Path("ontology", "claims.tsv"))
    outside = Path("/") / "somewhere" / "x.tsv"
    assert display_path(outside) == str(outside)
