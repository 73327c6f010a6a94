"""``mechgraph fmt`` and the canonical layout (:mod:`mechgraph.kb.format`): a scrambled copy is
restored, comments stay with their rows, ``--check`` and ``--diff`` write nothing, and the
layout is idempotent."""

import json
import random
import shutil
from pathlib import Path

import pytest

import mechgraph
from mechgraph.kb.format import canonical_table, natural_key
from mechgraph.kb.loader import COLUMNS
from tests.helpers.cli import invoke
from tests.helpers.curation import curated_kb, snapshot


@pytest.fixture
def kb(tmp_path) -> Path:
    return curated_kb(tmp_path)


def _records(kb):
    """Everything loaded, without the line numbers (which fmt may change)."""
    import dataclasses

    def strip(record):
        return dataclasses.replace(record, source=None)

    return (
        {k: strip(v) for k, v in kb.classes.items()},
        {k: strip(v) for k, v in kb.entities.items()},
        sorted((strip(c) for c in kb.claims), key=lambda c: c.id),
        {k: strip(v) for k, v in kb.formulations.items()},
        {k: strip(v) for k, v in kb.contexts.items()},
    )


def scramble(path: Path, seed: int, shuffle: bool) -> None:
    """Same content, messy layout: rows shuffled, columns swapped, spaces, CRLF, BOM, blank
    lines, empty list items and lower-case CURIE prefixes."""
    rng = random.Random(seed)
    lines = path.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0].split("\t"), [line.split("\t") for line in lines[1:]]
    if shuffle:
        rng.shuffle(rows)
    order = list(range(len(header)))
    rng.shuffle(order)
    out = ["\t".join(header[i] for i in order)]
    for cells in rows:
        messy = []
        for i in order:
            cell = cells[i]
            if header[i] in ("synonyms", "refs", "xrefs") and cell:
                cell = " | ".join(cell.split("|")) + " |"
                cell = cell.replace("CHEBI:", "chebi:")
            messy.append(f" {cell}  " if cell and rng.random() < 0.3 else cell)
        out.append("\t".join(messy))
        if rng.random() < 0.05:
            out.append("   ")
    path.write_bytes(("\ufeff" + "\r\n".join(out) + "\r\n").encode("utf-8"))


def test_fmt_restores_a_scrambled_copy_and_is_idempotent(repo, tmp_path):
    original = tmp_path / "original"
    shutil.copytree(repo / "ontology", original)
    copy = tmp_path / "ontology"
    shutil.copytree(repo / "ontology", copy)
    for seed, name in enumerate(("claims.tsv", "entities.tsv", "classes.tsv", "contexts.tsv")):
        scramble(copy / name, seed, shuffle=name in ("claims.tsv", "classes.tsv"))
    assert _records(mechgraph.load_kb(copy)) == _records(mechgraph.load_kb(original))
    check = invoke("fmt", "--kb", copy, "--check")
    assert check.exit_code == 1
    assert {line.split()[-1].rsplit("/", 1)[-1] for line in check.stdout.splitlines()[:-1]} == {
        "claims.tsv", "entities.tsv", "classes.tsv", "contexts.tsv",
    }  # fmt: skip
    assert invoke("fmt", "--kb", copy).exit_code == 0
    once = snapshot(copy)
    for name in ("claims.tsv", "entities.tsv", "contexts.tsv"):  # their order is restored
        assert once[name] == (original / name).read_bytes(), name
    classes = mechgraph.load_kb(copy).classes
    for cls in classes.values():  # shuffled classes come after their parents
        if cls.parent:
            assert classes[cls.parent].source.line < cls.source.line
    assert _records(mechgraph.load_kb(copy)) == _records(mechgraph.load_kb(original))
    assert invoke("fmt", "--kb", copy, "--check").exit_code == 0
    assert invoke("fmt", "--kb", copy).exit_code == 0
    assert snapshot(copy) == once


def test_fmt_keeps_comments_with_their_rows_and_extra_columns():
    text = (
        "# preamble\n"
        "label\tid\tparent\ttodo \n"
        "\n"
        "# about B   \n"
        "b\tB\tA\tcheck\n"
        "a\tA\t\t\n"
        "# the end\n"
    )
    expected = (
        "# preamble\n"
        "id\tlabel\tparent\tsynonyms\txrefs\tdefinition\ttodo\n"
        "A\ta\t\t\t\t\t\n"
        "# about B\n"
        "B\tb\tA\t\t\t\tcheck\n"
        "# the end\n"
    )
    assert canonical_table("classes.tsv", text) == expected
    assert canonical_table("classes.tsv", expected) == expected


def test_fmt_check_and_diff_write_nothing_and_broken_tables_are_left_alone(kb):
    (kb / "entities.tsv").write_text(
        "id\tlabel\ttype\na \ta\tThing\nb\tb\tThing\nc\tc\tThing\n", encoding="utf-8"
    )
    with (kb / "claims.tsv").open("a", encoding="utf-8") as handle:
        handle.write("C3" + "\t" * len(COLUMNS["claims.tsv"]) + "extra\n")
    before = snapshot(kb)
    diff = invoke("fmt", "--kb", kb, "--diff")
    assert "-a \ta\tThing" in diff.stdout and "+a\ta\tThing\t\t\t\t" in diff.stdout
    check = invoke("fmt", "--kb", kb, "--check", "--json")
    assert check.exit_code == 1 and snapshot(kb) == before
    data = json.loads(check.stdout)
    assert [Path(f).name for f in data["changed"]] == ["entities.tsv"] and not data["written"]
    assert data["errors"][0]["line"] == 4 and "cells" in data["errors"][0]["message"]
    result = invoke("fmt", "--kb", kb)
    assert result.exit_code == 1 and "claims.tsv:4: cannot format" in result.stderr
    after = snapshot(kb)
    assert after["claims.tsv"] == before["claims.tsv"]
    assert after["entities.tsv"].startswith(b"id\tlabel\ttype\tparents\tsynonyms")


def test_natural_order_of_ids():
    ids = ["C10", "C2", "C0999", "C1000", "C0001a", "C0001"]
    assert sorted(ids, key=natural_key) == ["C0001", "C0001a", "C2", "C10", "C0999", "C1000"]
