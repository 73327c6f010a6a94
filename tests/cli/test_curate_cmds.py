"""Safe editing through ``mechgraph curate add-entity`` / ``add-claim``
(:mod:`mechgraph.cli.curate_cmds`): exactly one new row and nothing else changes; invalid
changes and crashes leave the files byte-identical; prompts on a terminal."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import mechgraph
from mechgraph.cli import curate_cmds
from mechgraph.kb.edit import next_claim_id
from tests.helpers.cli import invoke
from tests.helpers.curation import CLAIM_ARGS, assert_one_row_added, curated_kb, snapshot


@pytest.fixture
def kb(tmp_path) -> Path:
    return curated_kb(tmp_path)


# -- add-entity / add-claim --------------------------------------------------------------------


def test_add_entity_appends_exactly_one_row(kb):
    before = snapshot(kb)
    result = invoke(
        "curate", "add-entity", "--kb", kb, "--id", "sn38", "--label", "SN-38",
        "--type", "drug class x", "--synonym", " SN38 | ", "--xref", "chebi:8988",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    line = assert_one_row_added(before, snapshot(kb), "entities.tsv")
    assert line == "sn38\tSN-38\tDrugClassX\t\tSN38\tCHEBI:8988\t\n"  # label resolved to id
    assert "entities.tsv:5: added sn38" in result.stdout
    assert mechgraph.load_kb(kb).entities["sn38"].type == "DrugClassX"


def test_add_claim_takes_the_next_free_id_and_keeps_comments_and_line_ends(kb):
    path = kb / "claims.tsv"
    lines = path.read_text().splitlines()
    text = "\ufeff# curated claims\r\n" + "\r\n".join(
        [lines[0], lines[1], "# the b rows", lines[2]]
    )
    path.write_bytes((text + "\r\n\r\n# end\r\n").encode())
    before = snapshot(kb)
    result = invoke("curate", "add-claim", "--kb", kb, *CLAIM_ARGS)
    assert result.exit_code == 0, result.stderr
    line = assert_one_row_added(before, snapshot(kb), "claims.tsv")
    assert line.startswith("C0003\ta\tdecreases\tc\t\t\t\t\t\tin_vitro\tdoc\t") and line.endswith(
        "\r\n"
    )
    after = path.read_bytes().decode()
    assert after.index("C0003") < after.index("# end")  # after the last row
    assert next_claim_id(kb) == "C0004"
    (added,) = [c for c in mechgraph.load_kb(kb).claims if c.id == "C0003"]
    assert added.source.line == 6 and "claims.tsv:6" in result.stdout


def test_add_claim_with_an_id_goes_where_the_id_order_puts_it(kb):
    before = snapshot(kb)
    result = invoke("curate", "add-claim", "--kb", kb, "--id", "C0001a", *CLAIM_ARGS)
    assert result.exit_code == 0, result.stderr
    assert_one_row_added(before, snapshot(kb), "claims.tsv")
    ids = [c.id for c in mechgraph.load_kb(kb).claims]
    assert ids == ["C0001", "C0001a", "C0002"]
    assert invoke("fmt", "--kb", kb, "--check").exit_code == 0  # still canonical


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (["--object", "cc"], "ERROR unknown-entity: unknown object 'cc'"),
        (["--relation", "boosts"], "ERROR vocabulary: unknown relation 'boosts'"),
        (["--context", "dose=huge"], "ERROR vocabulary: unknown value 'huge'"),
        (["--id", "C0002"], "ERROR duplicate-id: duplicate id 'C0002'"),
        (["--date", "21.11.2026"], "ERROR date"),
    ],
)
def test_invalid_claims_are_refused_and_nothing_changes(kb, change, message):
    before = snapshot(kb)
    args = CLAIM_ARGS + change  # a later option wins
    result = invoke("curate", "add-claim", "--kb", kb, *args)
    assert result.exit_code == 1
    assert snapshot(kb) == before
    errors = result.stderr.splitlines()
    assert all(line.startswith("mechgraph: error: ") for line in errors)
    assert any(message in line and "claims.tsv:4:" in line and "(hint: " in line for line in errors)
    assert "nothing written" in errors[-1]
    assert "Traceback" not in result.output


def test_invalid_entities_are_refused_and_nothing_changes(kb):
    before = snapshot(kb)
    for extra in (
        ["--id", "a", "--label", "other a", "--type", "Thing"],  # duplicate id
        ["--id", "d", "--label", "B", "--type", "Thing"],  # name used by b
        ["--id", "d", "--label", "d", "--type", "Nope"],
        ["--id", "d", "--label", "d", "--type", "Thing", "--xref", "CHEBI:x1"],
        ["--id", "d", "--label", "d\tx", "--type", "Thing"],  # a tab would split the row
    ):
        result = invoke("curate", "add-entity", "--kb", kb, *extra)
        assert result.exit_code == 1, extra
        assert result.stderr.startswith("mechgraph: error: ")
    assert snapshot(kb) == before


def test_quotes_are_checked_against_the_sources_when_given(kb, tmp_path):
    sources = tmp_path / "texts"
    sources.mkdir()
    text = "Here a increases b and b increases c, but a lowers c in mice."
    (sources / "doc.txt").write_text(text, encoding="utf-8")
    before = snapshot(kb)
    wrong = invoke(
        "curate",
        "add-claim",
        "--kb",
        kb,
        *CLAIM_ARGS,
        "--quote",
        "a lowers b",
        "--sources",
        sources,
    )
    assert wrong.exit_code == 1 and "ERROR quote" in wrong.stderr and snapshot(kb) == before
    right = invoke("curate", "add-claim", "--kb", kb, *CLAIM_ARGS, "--sources", sources)
    assert right.exit_code == 0, right.stderr


def test_dry_run_prints_the_row_and_writes_nothing(kb):
    before = snapshot(kb)
    result = invoke("curate", "add-claim", "--kb", kb, *CLAIM_ARGS, "--dry-run", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["written"] is False and data["dry_run"] is True
    assert data["id"] == "C0003" and data["line"] == 4 and data["row"]["object"] == "c"
    assert snapshot(kb) == before
    text = invoke("curate", "add-claim", "--kb", kb, *CLAIM_ARGS, "--dry-run")
    assert "would add C0003" in text.stdout and data["row_text"] in text.stdout
    assert snapshot(kb) == before


def test_new_warnings_are_shown_but_do_not_block(kb):
    args = list(CLAIM_ARGS)
    args[args.index("c")] = "b"  # a decreases b, while C0001 says a increases b
    result = invoke("curate", "add-claim", "--kb", kb, *args, "--json")
    assert result.exit_code == 0
    (warning,) = json.loads(result.stdout)["problems"]
    assert warning["rule"] == "conflicting-claims" and warning["level"] == "WARN"
    assert "WARN conflicting-claims" in result.stderr


def test_missing_required_options_without_a_terminal_are_a_usage_error(kb):
    before = snapshot(kb)
    result = invoke("curate", "add-claim", "--kb", kb, "--subject", "a")
    assert result.exit_code == 2
    assert result.stderr.startswith("mechgraph: error: missing --relation, --object")
    assert "--quote" in result.stderr
    assert invoke("curate", "add-entity", "--kb", kb, "--id", "x").exit_code == 2
    assert snapshot(kb) == before


def test_a_crash_between_writing_and_renaming_leaves_the_original_intact(kb, monkeypatch):
    before = snapshot(kb)

    def crash(src, dst):
        raise OSError("disk unplugged")

    monkeypatch.setattr(os, "replace", crash)
    result = invoke("curate", "add-claim", "--kb", kb, *CLAIM_ARGS)
    assert result.exit_code == 1
    assert "cannot write" in result.stderr and "disk unplugged" in result.stderr
    assert "the file is unchanged" in result.stderr
    assert snapshot(kb) == before  # no temporary file left behind either
    monkeypatch.undo()
    assert invoke("curate", "add-claim", "--kb", kb, *CLAIM_ARGS).exit_code == 0


def test_a_file_changed_during_validation_is_not_overwritten(kb, monkeypatch):
    import mechgraph.api

    real = mechgraph.api.validate

    def meanwhile(*args, **kw):  # a curator saves the file from a spreadsheet meanwhile
        if kw.get("overrides"):
            with (kb / "claims.tsv").open("a", encoding="utf-8") as handle:
                handle.write("# saved meanwhile\n")
        return real(*args, **kw)

    monkeypatch.setattr(mechgraph.api, "validate", meanwhile)
    result = invoke("curate", "add-claim", "--kb", kb, *CLAIM_ARGS)
    assert result.exit_code == 1 and "changed while" in result.stderr
    text = (kb / "claims.tsv").read_text()
    assert text.endswith("\n# saved meanwhile\n") and "C0003" not in text


# -- prompts ----------------------------------------------------------------------------------


def test_prompting_asks_until_valid_and_accepts_numbers():
    answers = iter(["", "boosts", "2", "increses", "increases"])
    asked, said = [], []

    def read(label, default):
        asked.append(label)
        return next(answers)

    relation = curate_cmds.Field("relation", "--relation", "relation", ("increases", "decreases"))
    values = curate_cmds.fill_missing([relation], {}, True, read, said.append)
    assert values == {"relation": "decreases"}
    assert said[:2] == ["   1. increases", "   2. decreases"]
    assert "relation is required" in said and any("not one of" in s for s in said)
    again = curate_cmds.fill_missing([relation], {}, True, read, said.append)
    assert again == {"relation": "increases"}
    assert any("did you mean increases" in s for s in said)
    given = curate_cmds.fill_missing([relation], {"relation": "x"}, True, read, said.append)
    assert given == {"relation": "x"}, "given values are not asked for again"


def test_prompting_gives_up_after_bad_answers():
    import typer

    field = curate_cmds.Field("type", "--type", "type", ("Thing",), list_choices=False)
    with pytest.raises(typer.Exit) as info:
        curate_cmds.ask(field, lambda label, default: "Nope", lambda text: None, attempts=3)
    assert info.value.exit_code == 2


@pytest.mark.slow  # a process on a pseudo-terminal
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_prompts_on_a_terminal(kb):
    import pty

    before = snapshot(kb)
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mechgraph", "curate", "add-claim", "--kb", str(kb), "--json"],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(slave)
    # subject (a name), relation (a number), object, evidence level, document, quote
    os.write(master, b"A\n2\nc\nin_vitro\ndoc\na lowers c\n")
    try:
        out, err = proc.communicate(timeout=120)
    finally:
        os.close(master)
    assert proc.returncode == 0, err
    data = json.loads(out)  # prompts went to standard error: standard output is clean JSON
    assert data["written"] is True
    assert [data["row"][k] for k in ("id", "subject", "relation", "object")] == [
        "C0003", "a", "decreases", "c",
    ]  # fmt: skip
    assert "subject (entity or class):" in err and "2. decreases" in err
    assert_one_row_added(before, snapshot(kb), "claims.tsv")


def test_add_claim_writes_a_comparison_of_arms(kb):
    before = snapshot(kb)
    result = invoke(
        "curate", "add-claim", "--kb", kb, *CLAIM_ARGS, "--comparator", "b", "--background", "c",
        "--scope", "some", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    row = json.loads(result.stdout)["row"]
    assert (row["comparator"], row["background"], row["scope"]) == ("b", "c", "some")
    assert_one_row_added(before, snapshot(kb), "claims.tsv")
    (added,) = [c for c in mechgraph.load_kb(kb).claims if c.id == "C0003"]
    assert added.comparative and added.background == ("c",) and not added.inherited
    wrong = invoke("curate", "add-claim", "--kb", kb, *CLAIM_ARGS, "--comparator", "a")
    assert wrong.exit_code == 1 and "is the subject" in wrong.stderr
