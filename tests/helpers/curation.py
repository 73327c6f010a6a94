"""Helpers for the curation tests: the options of a valid ``curate add-claim``, a snapshot of a
folder's files, and the check that exactly one row was added."""

from pathlib import Path

from mechgraph.kb.edit import LOCK_NAME
from tests.helpers.kbfactory import claim, make_kb

#: kbfactory's contexts use the key dose, whose values the OWL export types with DoseRegimen.
DOSE = [{"id": "DoseRegimen", "label": "dose regimen"}]

CLAIM_ARGS = [
    "--subject",
    "a",
    "--relation",
    "decreases",
    "--object",
    "c",
    "--evidence-level",
    "in_vitro",
    "--document",
    "doc",
    "--quote",
    "a lowers c",
    "--curator",
    "me",
    "--date",
    "2026-11-21",
]


def curated_kb(tmp_path: Path) -> Path:
    """The knowledge base the curation tests edit: a increases b increases c (C0001, C0002)."""
    return make_kb(
        tmp_path / "kb",
        [claim("C0001", "a", "increases", "b"), claim("C0002", "b", "increases", "c")],
        ["a", "b", "c"],
        classes=DOSE,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != LOCK_NAME
    }


def assert_one_row_added(before: dict[str, bytes], after: dict[str, bytes], table: str) -> str:
    """Every file identical except ``table``, which has one more line and no other change;
    returns the new line."""
    assert before.keys() == after.keys()
    assert {name for name in before if before[name] != after[name]} == {table}
    old = before[table].decode().splitlines(keepends=True)
    new = after[table].decode().splitlines(keepends=True)
    assert len(new) == len(old) + 1
    added = [i for i in range(len(new)) if new[:i] + new[i + 1 :] == old]
    assert added, "the other lines changed"
    return new[added[0]]
