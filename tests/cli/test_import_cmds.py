"""``mechgraph import`` (:mod:`mechgraph.cli.import_cmds`): the network and its grounding saved,
the text report, ``--check``, malformed files and usage errors, and the progress bar."""

import io
import json
import os

import pytest

from mechgraph.cli.import_cmds import LazyBar
from mechgraph.io.importers import import_network
from tests.helpers.paths import TEST_DATA

DATA = TEST_DATA / "importers"


def test_lazy_bar_appears_only_after_a_second_on_a_terminal():
    stream = io.StringIO()
    ticks = iter([0.0, 0.4, 1.5, 1.6, 1.7])
    bar = LazyBar("importing", stream=stream, clock=lambda: next(ticks), tty=True)
    bar(10, 100)
    assert bar.bar is None and stream.getvalue() == ""
    bar(60, 100)
    assert bar.shown == 60
    bar(100, 100)
    bar.close()
    assert "importing" in stream.getvalue()
    quiet = LazyBar("importing", stream=io.StringIO(), tty=False)
    quiet(50, 100)
    assert quiet.bar is None


# -- the import command ------------------------------------------------------------------------


def test_import_command_saves_the_network_and_its_grounding(run_cli, tmp_path):
    proc = run_cli(
        "import", "table", str(DATA / "omnipath.tsv"), "--name", "omni", "--json", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["ok"] and data["network"]["edges"] == 6 and data["network"]["name"] == "omni"
    matched = {m["node"]: m["kb_id"] for m in data["grounding"]["matched"]}
    assert matched["CD274"] == "pd_l1" and matched["PDCD1"] == "pd_1"
    assert "JAK2" in data["grounding"]["unmatched"]
    saved = tmp_path / "imports" / "omni.tsv"
    assert data["written"] == ["imports/omni.tsv", "imports/omni.grounding.tsv"]
    again = import_network("table", saved)
    assert [(e.key, e.line) for e in again.edges][0] == (("IFNG", "IFNGR1", "+"), 2)
    assert again.edges[0].file.endswith("omnipath.tsv")
    table = (tmp_path / "imports" / "omni.grounding.tsv").read_text().splitlines()
    assert table[0] == "node\tstatus\tkb_id\thow\tcandidates"
    assert "CD274\tmatched\tpd_l1\txref UniProt:Q9NZQ7\t" in table  # an identifier first
    assert "wrote imports/omni.tsv" in proc.stderr


def test_import_command_text_report_and_into(run_cli, tmp_path):
    proc = run_cli("import", "sif", str(DATA / "toy.sif"), "--into", str(tmp_path / "nets"))
    assert proc.returncode == 0, proc.stderr
    assert "imported toy (sif)" in proc.stdout and "4 edges" in proc.stdout
    assert "MATCHED" in proc.stdout and "CD274 -> pd_l1" in proc.stdout
    assert (tmp_path / "nets" / "toy.tsv").is_file()


def test_import_check_writes_nothing(run_cli, tmp_path):
    proc = run_cli("import", "aeon", str(DATA / "toy.aeon"), "--check", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "imports").exists()


def test_import_malformed_file_exits_1_and_writes_nothing(run_cli, tmp_path):
    proc = run_cli("import", "bnet", str(DATA / "bad.bnet"), cwd=tmp_path)
    assert proc.returncode == 1
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 4
    assert all(line.startswith("mechgraph: error: ") for line in errors)
    assert errors[0].endswith("bad.bnet:3: expected 'target, function', got 'SOCS1 STAT1'")
    assert "Traceback" not in proc.stderr and not (tmp_path / "imports").exists()
    as_json = run_cli("import", "bnet", str(DATA / "bad.bnet"), "--json", cwd=tmp_path)
    data = json.loads(as_json.stdout)
    assert as_json.returncode == 1 and not data["ok"]
    assert [p["line"] for p in data["problems"]] == [3, 4, 5, 6]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["graphml", "toy.sif"], "unknown format 'graphml'"),
        (["sif", "missing.sif"], "file not found"),
        (["sif", "toy.sif", "--name", "a b"], "network name 'a b'"),
        (["sif", "toy.sif", "--columns", "source=a,target=b,sign=c"], "table format only"),
        (["table", "columns.csv", "--columns", "source=a"], "at least the source and target"),
    ],
)
def test_import_usage_errors(run_cli, args, message, tmp_path):
    proc = run_cli("import", *args, cwd=DATA)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("mechgraph: error:") and message in proc.stderr


def test_columns_naming_only_one_of_stimulation_and_inhibition_is_a_usage_error(run_cli, tmp_path):
    table = tmp_path / "flags.tsv"
    table.write_text("from\tto\tis_stimulation\nA\tB\t1\nB\tC\t0\n")
    for role in ("stimulation", "inhibition"):
        columns = f"source=from,target=to,{role}=is_stimulation"
        proc = run_cli("import", "table", str(table), "--columns", columns, cwd=tmp_path)
        assert proc.returncode == 2, proc.stderr
        [line] = proc.stderr.strip().splitlines()
        assert line.startswith("mechgraph: error: --columns names ") and "Traceback" not in line
        assert "stimulation" in line and "inhibition" in line
        assert not (tmp_path / "imports").exists()


def test_import_help_has_examples(run_cli):
    proc = run_cli("import", "--help")
    assert proc.returncode == 0 and "Examples:" in proc.stdout and "--with-network" in proc.stdout


def test_folders_pipes_and_missing_files_are_usage_errors(run_cli, tmp_path):
    (tmp_path / "adir.tsv").mkdir()
    os.mkfifo(tmp_path / "pipe.tsv")
    for name, words in [
        ("adir.tsv", "is a folder"),
        ("pipe.tsv", "not a regular file"),
        ("missing.tsv", "file not found"),
    ]:
        proc = run_cli("import", "table", str(tmp_path / name), "--check", cwd=tmp_path)
        assert proc.returncode == 2, (name, proc.stderr)
        assert proc.stderr.startswith("mechgraph: error: ") and words in proc.stderr
        assert "Traceback" not in proc.stderr
    with pytest.raises(IsADirectoryError):
        import_network("table", tmp_path / "adir.tsv")
