"""Where the knowledge base is, and how paths are shown (:mod:`mechgraph.kb.locate`)."""

from __future__ import annotations

from pathlib import Path


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
