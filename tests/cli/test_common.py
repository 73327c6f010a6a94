"""Small command-line contracts shared by the commands (:mod:`mechgraph.cli.common`): usage
lines, context options given twice or by a synonym, an agent both given and inhibited."""

from __future__ import annotations

import json

import pytest

from tests.helpers.cli import one_line_error


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("effect", "AGENT..."),
        ("explain", "AGENT..."),
        ("compare", "AGENT..."),
        ("contradictions", "[AGENT]..."),
        ("view", "[AGENT]..."),
        ("hypothesize", "AGENT..."),
        ("suggest", "AGENT..."),
        ("stratify", "AGENT..."),
        ("screen", ""),
        ("sparql", "[QUERY]"),
        ("import", "FORMAT FILE"),
    ],
)
def test_usage_lines_read_agent_dots(run_cli, command, usage):
    proc = run_cli(command, "--help")
    line = proc.stdout.splitlines()[0]  # "Usage: python -m mechgraph ..." under -m
    assert line.endswith(f"mechgraph {command} [OPTIONS] {usage}".rstrip()), line
    assert "{" not in line


def test_a_context_key_given_twice_is_a_usage_error(run_cli):
    proc = run_cli("effect", "Abraxane", "-c", "species=mouse", "-c", "species=human")
    err = one_line_error(proc, 2)
    assert "context species" in err and "twice" in err and "exclude each other" in err
    assert run_cli("effect", "Abraxane", "-c", "dose=high", "-c", "dose=high").returncode == 0
    err = one_line_error(
        run_cli("effect", "Abraxane", "-c", "dose=standard", "-c", "dose=metronomic"), 2
    )
    assert "context dose" in err and "exclude each other" in err


def test_a_context_value_may_be_named_by_a_synonym_and_a_key_left_out_reads_its_default(run_cli):
    # contexts.tsv: 'high' and 'MTD' are synonyms of dose=standard, the default of the key
    named = run_cli("effect", "Abraxane", "-c", "dose=MTD", "--json")
    assert named.returncode == 0 and json.loads(named.stdout)["context"]["dose"] == "standard"
    unset = json.loads(run_cli("effect", "Abraxane", "--json").stdout)["context"]
    assert unset == {"dose": "standard", "schedule": "single"}
    proc = run_cli("effect", "Abraxane", "-c", "dose=weekly")
    assert "unknown value 'weekly' for 'dose' (known: standard, metronomic)" in one_line_error(
        proc, 2
    )


@pytest.mark.parametrize(
    "args",
    [
        ["effect", "Abraxane", "--inhibit", "Abraxane"],
        ["effect", "Abraxane", "atezolizumab", "--inhibit", "nab-paclitaxel"],
        ["stratify", "Abraxane", "--by", "dose", "--inhibit", "Abraxane"],
        ["view", "Abraxane", "--inhibit", "Abraxane", "-o", "v.html"],
    ],
)
def test_an_agent_both_given_and_inhibited_is_a_usage_error(run_cli, args, tmp_path):
    proc = run_cli(*args, cwd=tmp_path)
    assert "both given and inhibited" in one_line_error(proc, 2)
    assert list(tmp_path.iterdir()) == []
