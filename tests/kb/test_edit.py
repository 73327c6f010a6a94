"""Curation edits the curator's own files, one writer at a time (:mod:`mechgraph.kb.edit`).

Real processes in parallel: every ``added`` row they report is in the table afterwards. A
knowledge base inside an installed package is refused for writing, with the way out named."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from mechgraph.kb.edit import EditError, edit_lock, installed_copy, plan_row
from tests.helpers.cli import invoke
from tests.helpers.curation import CLAIM_ARGS, snapshot
from tests.helpers.kbfactory import claim, make_kb

WRITERS, ROUNDS = 8, 10


@pytest.fixture
def kb(tmp_path) -> Path:
    return make_kb(tmp_path / "kb", [claim("C0001", "a", "increases", "b")], ["a", "b", "c"])


def add_claim_process(kb: Path, quote: str) -> subprocess.CompletedProcess:
    args = list(CLAIM_ARGS)
    args[args.index("--quote") + 1] = quote
    return subprocess.run(
        [sys.executable, "-m", "mechgraph", "curate", "add-claim", "--kb", str(kb), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MECHGRAPH_CACHE": "off"},
    )


@pytest.mark.slow  # processes
def test_concurrent_writers_lose_no_row(kb):
    """8 processes at once, 10 rounds: every reported claim id is in claims.tsv, once."""
    reported: list[str] = []
    with ThreadPoolExecutor(WRITERS) as pool:
        for round_ in range(ROUNDS):
            quotes = [f"a lowers c in round {round_} writer {w}" for w in range(WRITERS)]
            for proc in pool.map(lambda q: add_claim_process(kb, q), quotes):
                assert proc.returncode == 0, proc.stderr
                match = re.search(r": added (C[0-9]+)", proc.stdout)
                assert match, proc.stdout
                reported.append(match.group(1))
    header, *lines = (kb / "claims.tsv").read_text(encoding="utf-8").splitlines()
    rows = [dict(zip(header.split("\t"), line.split("\t"), strict=False)) for line in lines]
    ids = [row["id"] for row in rows]
    assert len(reported) == WRITERS * ROUNDS
    assert len(set(reported)) == len(reported), "two writers reported the same id"
    assert sorted(ids) == sorted(["C0001", *reported])
    quotes = {row["quote"] for row in rows}
    assert len(quotes) == 1 + WRITERS * ROUNDS  # every writer's own row, none overwritten


@pytest.mark.slow  # processes
def test_a_held_lock_makes_the_next_writer_wait_then_refuse(kb, monkeypatch):
    monkeypatch.setenv("MECHGRAPH_LOCK_TIMEOUT", "0.2")
    before = snapshot(kb)
    holder = subprocess.Popen(  # another process holds the lock for a while
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from mechgraph.kb.edit import "
            "edit_lock\nwith edit_lock(Path(sys.argv[1])):\n print('held', flush=True); "
            "time.sleep(30)",
            str(kb),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result = invoke("curate", "add-claim", "--kb", kb, *CLAIM_ARGS)
        assert result.exit_code == 1
        assert "being edited by another mechgraph process" in result.output
        assert snapshot(kb) == before
        with pytest.raises(EditError), edit_lock(kb, timeout=0.1):
            pass
    finally:
        holder.kill()
        holder.wait()
    with edit_lock(kb, timeout=5):  # a killed holder leaves no stale lock behind
        pass


def installed_kb(tmp_path: Path, repo: Path) -> Path:
    root = tmp_path / "lib" / "python3.11" / "site-packages" / "mechgraph" / "_data" / "ontology"
    shutil.copytree(repo / "ontology", root)
    return root


def test_the_installed_copy_is_refused_for_writing(tmp_path, repo):
    root = installed_kb(tmp_path, repo)
    assert installed_copy(root) and not installed_copy(repo / "ontology")
    before = snapshot(root)
    for args in (
        ["curate", "add-claim", "--kb", root, *CLAIM_ARGS],
        ["curate", "add-entity", "--kb", root, "--id", "x1", "--label", "x1", "--type", "Drug"],
        ["fmt", "--kb", root],
    ):
        result = invoke(*args)
        assert result.exit_code == 2, result.output
        assert "installed with the mechgraph package" in result.output
        assert "--kb CHECKOUT/ontology" in result.output and "pip install -e ." in result.output
    assert snapshot(root) == before
    # reading and dry runs stay possible
    assert invoke("fmt", "--check", "--kb", root).exit_code in (0, 1)
    dry = invoke("curate", "add-claim", "--kb", root, *CLAIM_ARGS, "--dry-run")
    assert "installed with the mechgraph package" not in dry.output


def test_a_line_separator_inside_a_cell_never_splits_its_row(kb):
    """U+2028 is a line break to Python's str.splitlines, not to a TSV table: fmt and
    add-claim keep the row whole (validate reports the character)."""
    path = kb / "claims.tsv"
    text = path.read_text(encoding="utf-8")
    header, row = text.splitlines()[:2]
    cells = row.split("\t")
    cells[header.split("\t").index("note")] = "first\u2028second"
    path.write_text(f"{header}\n" + "\t".join(cells) + "\n", encoding="utf-8")
    before = path.read_bytes()
    invoke("fmt", "--kb", kb)
    assert path.read_bytes().count(b"\n") == before.count(b"\n") == 2
    assert "first\u2028second" in path.read_text(encoding="utf-8")
    from mechgraph.kb.edit import plan_row

    insertion = plan_row(kb, "claims.tsv", {"id": "C0002", "subject": "a", "quote": "q"})
    lines = insertion.new_text.split("\n")
    assert len(lines) == 4 and "first\u2028second" in lines[1] and lines[2].startswith("C0002")


def test_plan_row_refuses_values_for_columns_the_file_lacks(kb):
    (kb / "entities.tsv").write_text("id\tlabel\ttype\na\ta\tThing\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no column definition"):
        plan_row(kb, "entities.tsv", {"id": "d", "label": "d", "type": "Thing", "definition": "x"})
    insertion = plan_row(kb, "entities.tsv", {"id": "d", "label": "d", "type": "Thing"})
    assert insertion.new_text == "id\tlabel\ttype\na\ta\tThing\nd\td\tThing\n"
