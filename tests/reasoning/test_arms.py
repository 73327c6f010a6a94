"""The arms of comparisons (:mod:`mechgraph.reasoning.arms`): a comparison reads with its arms,
and an absolute answer lists the comparisons on record."""

import json

import mechgraph
from tests.helpers.sample_kbs import arms_kb


def test_a_comparison_reads_with_its_arms(run_cli, tmp_path):
    root = arms_kb(tmp_path)
    text = run_cli("compare", "nano", "ici", "--vs", "ici", "--evidence", "--kb", str(root))
    assert "C9 nano no_effect efficacy [nano + ici vs ici]" in text.stdout


def test_an_absolute_answer_lists_the_comparisons_on_record(run_cli, tmp_path):
    root = arms_kb(tmp_path)
    answer = mechgraph.effect(["nano", "ici"], kb=root)
    ids = {c.id for c in answer.comparisons}
    assert {"C4", "C7", "C9", "C11", "C14"} <= ids  # about nano, or nano added to ici
    assert "C5" not in ids  # a class-level "nanocarrier vs free" claim is about every carrier
    assert "C11" not in {
        c.id for c in mechgraph.effect(["nano", "ici"], {"pdl1": "negative"}, kb=root).comparisons
    }
    assert mechgraph.effect(["ici"], kb=root).comparisons == ()
    data = json.loads(run_cli("effect", "nano", "ici", "--json", "--kb", str(root)).stdout)
    on_record = {c["claim"]: c for c in data["comparisons"]}
    assert on_record["C9"]["arms"] == "nano + ici vs ici" and on_record["C9"]["background"] == [
        "ici"
    ]
    text = run_cli("effect", "nano", "ici", "--kb", str(root)).stdout
    assert (
        "COMPARISONS ON RECORD" in text and "C9 nano no_effect efficacy [nano + ici vs ici]" in text
    )
