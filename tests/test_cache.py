"""The on-disk cache of compiled knowledge bases: reused while sources are unchanged."""

from kbfactory import claim, make_kb

from mechgraph.sources import cache


def test_second_load_comes_from_the_cache_and_edits_invalidate_it(tmp_path, monkeypatch):
    monkeypatch.setenv("MECHGRAPH_CACHE", str(tmp_path / "cache"))
    root = make_kb(tmp_path / "kb", [claim("C1", "a", "increases", "b")], ["a", "b"])
    calls = []

    def build():
        calls.append(1)
        return {"built": len(calls)}

    assert cache.load_cached(root, None, build) == {"built": 1}
    assert cache.load_cached(root, None, build) == {"built": 1}  # from disk, not rebuilt
    assert len(calls) == 1 and len(list((tmp_path / "cache").glob("*.pickle"))) == 1
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
