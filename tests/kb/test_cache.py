"""The on-disk cache of compiled knowledge bases: reused while sources are unchanged."""

import json
import os
import pickle
import stat
import tempfile
from pathlib import Path

import pytest

from mechgraph.kb import cache
from tests.helpers.kbfactory import claim, make_kb, row_text


def test_second_load_comes_from_the_cache_and_edits_invalidate_it(tmp_path, monkeypatch):
    monkeypatch.setenv("MECHGRAPH_CACHE", str(tmp_path / "cache"))
    root = make_kb(tmp_path / "kb", [claim("C1", "a", "increases", "b")], ["a", "b"])
    calls = []

    def build():
        calls.append(1)
        return {"built": len(calls)}

    assert cache.load_cached(root, None, build) == {"built": 1}
    assert cache.load_cached(root, None, build) == {"built": 1}  # from disk, not rebuilt
    assert len(calls) == 1 and len(list((tmp_path / "cache").glob("*.entry"))) == 1
    with (root / "claims.tsv").open("a", encoding="utf-8") as handle:
        handle.write("C2\tb\tdecreases\ta\t\tpreclinical_in_vivo\tdoc\tS\t\tq\tt\t2026-01-01\t\n")
    assert cache.load_cached(root, None, build) == {"built": 2}


def test_cache_can_be_switched_off_and_survives_an_unwritable_folder(tmp_path, monkeypatch):
    root = make_kb(tmp_path / "kb", [], ["a"])
    monkeypatch.setenv("MECHGRAPH_CACHE", "off")
    assert cache.cache_dir() is None
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MECHGRAPH_CACHE", str(blocker / "sub"))
    assert cache.load_cached(root, None, lambda: 42) == 42


# -- a cache that cannot hurt -------------------------------------------------------------


def _entry(folder):
    (path,) = folder.glob("*.entry")
    return path


def _flip(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


CORRUPTIONS = {
    "random bytes": lambda data: os.urandom(len(data)),
    "truncated": lambda data: data[: len(data) // 3],
    "empty": lambda data: b"",
    "flipped byte": _flip,
    "unknown protocol": lambda data: data[: len(cache.MAGIC) + cache.DIGEST] + b"\x80\x09junk",
}


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_corrupt_entry_is_discarded_and_the_answer_is_right(tmp_path, corrupt, capsys):
    folder = tmp_path / "cache"
    os.environ["MECHGRAPH_CACHE"] = str(folder)
    assert cache.cached("ab12", lambda: {"value": 1}) == {"value": 1}
    entry = _entry(folder)
    entry.write_bytes(corrupt(entry.read_bytes()))
    capsys.readouterr()
    assert cache.cached("ab12", lambda: {"value": 2}) == {"value": 2}  # rebuilt
    notice = capsys.readouterr().err
    assert notice.count("\n") == 1 and "discarded cache entry" in notice
    assert cache.cached("ab12", lambda: {"value": 3}) == {"value": 2}  # and stored again


def test_a_value_of_the_wrong_type_is_rebuilt(tmp_path):
    os.environ["MECHGRAPH_CACHE"] = str(tmp_path / "cache")
    cache.cached("cd34", lambda: "a string")
    assert cache.cached("cd34", lambda: {"ok": True}, dict) == {"ok": True}


class Boom:
    def __reduce__(self):
        return (os.system, (f"touch {MARKER}",))


MARKER = Path(tempfile.gettempdir()) / f"mechgraph-planted-{os.getpid()}"


def test_a_planted_pickle_runs_nothing(tmp_path):
    folder = tmp_path / "cache"
    os.environ["MECHGRAPH_CACHE"] = str(folder)
    cache.cached("ef56", lambda: 1)
    entry = _entry(folder)
    payload = pickle.dumps(Boom())
    # planted as a raw pickle, and with the header but a MAC the planter cannot compute
    for planted in (payload, entry.read_bytes()[: len(cache.MAGIC) + cache.DIGEST] + payload):
        entry.write_bytes(planted)
        assert cache.cached("ef56", lambda: 2) == 2
        assert not MARKER.exists()
    # an authentic entry of another key copied in is refused too
    cache.cached("0000", lambda: "other")
    (folder / "0000.entry").replace(folder / "ef56.entry")
    assert cache.cached("ef56", lambda: 3) == 3


def test_the_folder_is_private_and_the_secret_too(tmp_path):
    folder = tmp_path / "new" / "cache"
    os.environ["MECHGRAPH_CACHE"] = str(folder)
    cache.cached("aa", lambda: 1)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "secret").stat().st_mode) == 0o600
    (folder / "secret").chmod(0o644)  # readable by others: no longer a secret, replaced
    assert cache.cached("aa", lambda: 2) == 2
    assert stat.S_IMODE((folder / "secret").stat().st_mode) == 0o600


def test_the_cache_is_bounded_and_evicts_the_least_recently_used(tmp_path):
    folder = tmp_path / "cache"
    os.environ["MECHGRAPH_CACHE"] = str(folder)
    for number in range(cache.MAX_ENTRIES + 5):
        cache.cached(f"{number:04x}", lambda number=number: number)
    assert len(list(folder.glob("*.entry"))) == cache.MAX_ENTRIES
    assert not (folder / "0000.entry").exists()
    (folder / "notes.txt").write_text("mine")  # never the user's files
    (folder / "0123.pickle").write_bytes(b"an entry of an earlier format")
    assert cache.evict(folder, max_bytes=0) == cache.MAX_ENTRIES + 1
    assert (folder / "notes.txt").read_text() == "mine"


def test_a_folder_or_dangling_link_named_tsv_does_not_break_the_key(tmp_path):
    root = make_kb(tmp_path / "kb", [], ["a"])
    (root / "extra.tsv").mkdir()
    (root / "gone.tsv").symlink_to(tmp_path / "nowhere")
    assert len(cache.sources_key(root, None)) == 32


def test_a_corrupt_entry_does_not_break_the_next_command(run_cli, tmp_path):
    """Through the CLI: each command after the damage answers as the first did."""
    folder = tmp_path / "cache"
    env = {"MECHGRAPH_CACHE": str(folder)}
    first = run_cli("effect", "Doxil", "avelumab", "--json", env=env)
    assert first.returncode == 0, first.stderr
    for corrupt in CORRUPTIONS.values():
        for entry in folder.glob("*.entry"):
            entry.write_bytes(corrupt(entry.read_bytes()))
        again = run_cli("effect", "Doxil", "avelumab", "--json", env=env)
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout) == json.loads(first.stdout)
        assert "Traceback" not in again.stderr


def test_the_workspace_in_memory_follows_the_folder_and_its_edits(tmp_path, monkeypatch):
    import mechgraph

    for name, claims in (("A", 1), ("B", 2)):
        rows = [claim(f"C{i}", "a", "increases", "b") for i in range(1, claims + 1)]
        make_kb(tmp_path / name / "ontology", rows, ["a", "b"])
    monkeypatch.chdir(tmp_path / "A")
    assert len(mechgraph.workspace("ontology").kb.claims) == 1
    monkeypatch.chdir(tmp_path / "B")  # the same relative name, another folder
    assert len(mechgraph.workspace("ontology").kb.claims) == 2
    table = tmp_path / "B" / "ontology" / "claims.tsv"
    with table.open("a", encoding="utf-8") as handle:  # an edit in this process's lifetime
        row = claim("C3", "b", "decreases", "a", evidence_level="in_vitro")
        handle.write(row_text("claims.tsv", row) + "\n")
    os.utime(table, ns=(table.stat().st_atime_ns, table.stat().st_mtime_ns + 10**9))
    assert len(mechgraph.workspace("ontology").kb.claims) == 3
