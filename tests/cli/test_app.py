"""The command line (:mod:`mechgraph.cli.app`) in both output modes, its exit codes and its error
messages, and ``--version``."""

from __future__ import annotations

import json

import pytest

import mechgraph
from tests.helpers.kbfactory import claim, make_kb

EFFECT_KEYS = {"interventions", "context", "effects", "contradictions"}


@pytest.mark.parametrize("agents", [["Abraxane", "atezolizumab"], ["Doxil", "avelumab"]])
def test_effect_json_contract(run_cli, agents, tmp_path):
    proc = run_cli("effect", *agents, "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data.keys() >= EFFECT_KEYS
    assert [i["query"] for i in data["interventions"]] == agents
    assert all({"query", "id", "label"} <= i.keys() for i in data["interventions"])
    kinds = {e["kind"] for e in data["effects"]}
    assert kinds == {"stage", "step", "outcome"}
    reached = [e for e in data["effects"] if e["sign"] != "0"]
    assert reached, "the combination reaches no readout"
    for item in data["effects"]:
        assert {"id", "label", "kind", "sign", "paths", "verdict", "leaning", "feedback"} <= (
            item.keys()
        )
        assert item["sign"] in {"+", "-", "0", "?"}
        assert (item["sign"] == "0") == (not item["paths"]["+"] and not item["paths"]["-"])
        for sign, paths in item["paths"].items():
            for path in paths:
                assert path["sign"] == sign and path["steps"]
                for step in path["steps"]:
                    assert step["evidence"], f"step without evidence: {step}"
                    for ev in step["evidence"]:
                        assert ev.get("quote") or ev.get("statement")
    for contradiction in data["contradictions"]:
        assert {"kind", "node", "summary"} <= contradiction.keys()


def test_effect_table_is_readable(run_cli):
    proc = run_cli("effect", "Abraxane", "atezolizumab")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Effect of Abraxane + atezolizumab" in out
    for header in ("CANCER-IMMUNITY CYCLE", "OUTCOMES", "WHY", "antigen release", "tumour control"):
        assert header in out


def test_python_api_gives_the_same_answer_as_the_cli(run_cli):
    proc = run_cli("effect", "Doxil", "avelumab", "--context", "pdl1=positive", "--json")
    api = mechgraph.effect(["Doxil", "avelumab"], {"pdl1": "positive"}).to_dict()
    assert json.loads(proc.stdout) == json.loads(json.dumps(api))


def test_unknown_agent_exits_2_with_suggestions(run_cli):
    proc = run_cli("effect", "Abraxan", "atezolizumab")
    assert proc.returncode == 2
    assert "unknown name 'Abraxan'" in proc.stderr and "Abraxane" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


@pytest.mark.parametrize("bad", ["dose", "mood=happy", "dose=enormous"])
def test_bad_context_is_a_usage_error(run_cli, bad):
    proc = run_cli("effect", "Doxil", "--context", bad)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_validate_passes_on_shipped_sources(run_cli):
    proc = run_cli("validate")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 error(s)" in proc.stdout


def test_validate_names_file_line_and_problem_on_a_broken_copy(run_cli, tmp_path, repo):
    import shutil

    copy = tmp_path / "ontology"
    shutil.copytree(repo / "ontology", copy)
    claims = copy / "claims.tsv"
    lines = claims.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split("\t")
    cells[1] = "no_such_entity"  # unknown entity
    lines[1] = "\t".join(cells)
    cells = lines[2].split("\t")
    cells[2] = ""  # missing sign
    lines[2] = "\t".join(cells)
    claims.write_text("\n".join(lines) + "\n", encoding="utf-8")
    entities = copy / "entities.tsv"
    rows = entities.read_text(encoding="utf-8").splitlines()
    cells = rows[3].split("\t")
    cells[5] = "CHEBI:notanumber"  # bad identifier
    rows[3] = "\t".join(cells)
    entities.write_text("\n".join(rows) + "\n", encoding="utf-8")

    proc = run_cli("validate", "--kb", str(copy))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "claims.tsv:2: ERROR unknown-entity: unknown subject 'no_such_entity'" in proc.stdout
    assert "claims.tsv:3: ERROR vocabulary: missing sign" in proc.stdout
    assert "entities.tsv:4: ERROR curie: bad identifier 'CHEBI:notanumber'" in proc.stdout

    as_json = run_cli("validate", "--kb", str(copy), "--json")
    assert as_json.returncode == 1 and json.loads(as_json.stdout)["ok"] is False

    query = run_cli("effect", "Doxil", "--kb", str(copy))
    assert query.returncode == 1 and "knowledge base has errors" in query.stderr


def test_search_and_show(run_cli, tmp_path):
    proc = run_cli("search", "liposom", "--json")
    assert proc.returncode == 0
    assert "doxil" in {hit["id"] for hit in json.loads(proc.stdout)}
    shown = run_cli("show", "Doxil", "--json")
    data = json.loads(shown.stdout)
    assert data["id"] == "doxil" and data["formulation"]["payloads"] == ["doxorubicin"]
    text = run_cli("show", "paclitaxel")
    assert text.returncode == 0 and "CHEBI:45863" in text.stdout
    missing = run_cli("search", "zzzzzz")
    assert missing.returncode == 1 and "no match" in missing.stdout


def test_effect_on_a_small_custom_kb(run_cli, tmp_path):
    root = make_kb(
        tmp_path / "kb",
        [claim("C1", "a", "increases", "b")],
        ["a", "b"],
        readouts=[{"readout": "b", "kind": "outcome", "order": "1", "desirable": "+"}],
    )
    proc = run_cli("effect", "a", "--json", env={"MECHGRAPH_KB": str(root)})
    data = json.loads(proc.stdout)
    assert [(e["id"], e["sign"], e["verdict"]) for e in data["effects"]] == [
        ("b", "+", "favourable")
    ]
    assert data["effects"][0]["paths"]["+"][0]["steps"][0]["evidence"][0]["claim"] == "C1"


def test_help_lists_commands_with_examples(run_cli):
    proc = run_cli("--help")
    assert proc.returncode == 0
    for command in ("effect", "search", "show", "validate", "export"):
        assert command in proc.stdout
    assert "mechgraph effect Doxil avelumab" in run_cli("effect", "--help").stdout
    assert run_cli("nonsense").returncode == 2


def test_version(run_cli):
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout == f"mechgraph {mechgraph.__version__}\n"
