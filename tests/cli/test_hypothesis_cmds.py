"""The hypothesis commands (:mod:`mechgraph.cli.hypothesis_cmds`): ``hypothesize``, ``screen``,
``suggest`` and ``stratify`` in text and JSON, their usage errors and their help."""

import json
import xml.etree.ElementTree as ET

import pytest


def test_hypothesize_cli(run_cli, tmp_path):
    proc = run_cli(
        "hypothesize",
        *("Doxil", "avelumab", "--observe", "immunotherapy efficacy=0", "--json", "--top", "3"),
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["consistent"] is True
    assert data["observations"] == [
        {
            "node": "immunotherapy_efficacy",
            "label": "immunotherapy efficacy",
            "sign": "0",
            "difference": None,
        }
    ]
    assert data["arms"] is None
    first = data["hypotheses"][0]
    assert first["rank"] == 1 and first["cost"] == sum(a["cost"] for a in first["assumptions"])
    assert {a["kind"] for h in data["hypotheses"] for a in h["assumptions"]} <= {
        "context",
        "claim",
        "branch",
    }
    text = run_cli(
        "hypothesize", "Doxil", "avelumab", "-o", "immunotherapy_efficacy=0", "--top", "2"
    )
    assert text.returncode == 0 and "HYPOTHESES" in text.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["Doxil", "-o", "radiotherapy=+"], 1, "no consistent explanation"),
        (["Doxil", "-o", "PEGylated liposome=0"], 1, "cannot stay unchanged"),
        (["Doxil", "-o", "survival=up", "-o", "nothing=+"], 2, "unknown name 'nothing'"),
        (["Doxil", "-o", "survival=?"], 2, "must be +, - or 0"),
        (["Doxil", "-o", "survival"], 2, "NODE=SIGN"),
        (["Doxil", "-o", "survival=+", "--assume", "luck"], 2, "unknown assumption kind"),
        (["Doxil", "-o", "survival=+", "--zero", "maybe"], 2, "--zero"),
        (["Doxil", "-o", "survival=+", "--context", "pdl1=weird"], 2, "unknown value"),
    ],
)
def test_hypothesize_cli_errors(run_cli, args, code, message):
    proc = run_cli("hypothesize", *args)
    assert proc.returncode == code, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("mechgraph: error:")


def test_inconsistent_observation_json_names_it(run_cli):
    proc = run_cli("hypothesize", "Doxil", "-o", "radiotherapy=+", "--json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["consistent"] is False
    assert data["conflict"][0]["node"] == "radiotherapy" and data["hypotheses"] == []


def test_screen_cli_outputs(run_cli, tmp_path):
    svg = tmp_path / "screen.svg"
    proc = run_cli(
        "screen",
        "--agents",
        "Doxil,Abraxane,liposomal irinotecan",
        "--with",
        "ImmuneCheckpointInhibitor",
        "--top",
        "4",
        "--heatmap",
        str(svg),
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["combinations"] == 6 and len(data["rows"]) == 4
    assert [r["rank"] for r in data["rows"]] == [1, 2, 3, 4]
    tree = ET.parse(svg)
    texts = [t.text for t in tree.iter("{http://www.w3.org/2000/svg}text")]
    assert any(data["rows"][0]["labels"][0] in (t or "") for t in texts)
    assert "heatmap written" in proc.stderr
    csv = run_cli("screen", "--agents", "Doxil,Abraxane", "--size", "2", "--csv")
    lines = csv.stdout.strip().splitlines()
    assert lines[0].startswith("rank,combination") and len(lines) == 2
    table = run_cli("screen", "--agents", "Taxane", "--with", "atezolizumab")
    assert table.returncode == 0 and "score" in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agents", "Nobody"], "unknown name"),
        (["--agents", "Doxil", "--size", "2"], "no combination"),
        (["--heatmap", "x.png"], "SVG"),
        (["--json", "--csv"], "cannot be combined"),
        (["--size", "4"], "4"),
    ],
)
def test_screen_cli_errors(run_cli, args, message):
    proc = run_cli("screen", *args)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_suggest_cli(run_cli):
    proc = run_cli("suggest", "Abraxane", "--against", "immunogenicity_vs_mps")
    assert proc.returncode == 0, proc.stderr
    assert "PEGylated surface" in proc.stdout and "NEW [rule]" in proc.stdout
    data = json.loads(run_cli("suggest", "Abraxane", "--json").stdout)
    assert data["targets"] and all("suggestions" in t for t in data["targets"])
    bad = run_cli("suggest", "Abraxane", "--against", "peg_vs_anti_peg")
    assert bad.returncode == 2 and "does not apply" in bad.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Doxil", "--by", "colour"], "unknown context key"),
        (["Doxil", "--by", "dose", "--context", "dose=high"], "cannot be combined"),
        (["Nothing", "--by", "dose"], "unknown name"),
    ],
)
def test_stratify_cli_errors(run_cli, args, message):
    proc = run_cli("stratify", *args)
    assert proc.returncode == 2 and message in proc.stderr


def test_stratify_cli_json(run_cli):
    data = json.loads(run_cli("stratify", "Doxil", "avelumab", "--by", "pdl1", "--json").stdout)
    assert [s["value"] for s in data["strata"]] == [None, "positive", "negative"]
    assert all(len(r["by_stratum"]) == 3 for r in data["readouts"])


def test_help_has_examples(run_cli):
    for command in ("hypothesize", "screen", "suggest", "stratify"):
        proc = run_cli(command, "--help")
        assert proc.returncode == 0 and "Examples:" in proc.stdout


def test_screen_with_an_empty_baseline_arm_is_a_usage_error(run_cli):
    proc = run_cli("screen", "--agents", "Doxil,Abraxane", "--size", "1", "--vs", " + ")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "mechgraph: error: --vs names no agent (give the baseline arm, e.g. --vs paclitaxel)"
    ]
