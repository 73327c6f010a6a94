"""A small seeded sample of the fuzz campaign (``benchmarks/fuzz.py``), run through the CLI.

About 100 knowledge-base cases (each mutator once on its own, then random combinations) and
a few dozen cases per import format, in two worker processes with ``MECHGRAPH_CACHE=off``:
no run may print a traceback, hang or print an error line that names no file. The harness
itself is checked to catch each kind of failure (so that this test can fail).
"""

from __future__ import annotations

import importlib.util
import io
import re
import sys

import pytest

from tests.helpers.paths import REPO

pytestmark = pytest.mark.slow  # the sample runs the command line in processes

SEED = 20261121
KB_CASES = 100
#: Cases per import format (BEL goes through PyBEL, a few times slower per case: each of its
#: mutators once, no random combination).
NET_CASES = {"sif": 30, "tsv": 30, "csv": 30, "bel": 16, "bnet": 30, "aeon": 30, "sbml-qual": 30}
#: Mutators left out of this sample, with the reason (the campaign still runs them).
KNOWN = {
    ("bel", "line_multiply"): "PyBEL reads about 650 statements a second: a BEL file of "
    "100,000 lines takes some 150 s (reported to the importer's owner)",
}


def _load():
    spec = importlib.util.spec_from_file_location("fuzz", REPO / "benchmarks" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz"] = module  # worker processes unpickle the results by module name
    spec.loader.exec_module(module)
    return module


fuzz = _load()


def failures(summary) -> str:
    """The report of a campaign's failures (empty when there is none)."""
    if not (summary.tracebacks or summary.hangs or summary.unnamed):
        return ""
    out = io.StringIO()
    fuzz.print_summary(summary, out)
    return out.getvalue()


def test_every_mutator_is_drawn_in_the_sample():
    assert len(fuzz.KB_MUTATORS) <= KB_CASES  # the first cases apply each mutator alone
    for target, cases in NET_CASES.items():
        usable = [n for n, _, targets in fuzz.NET_MUTATORS if target in targets]
        assert len(usable) <= cases, target


def test_knowledge_base_sample():
    summary = fuzz.campaign("kb", KB_CASES, SEED, jobs=2)
    assert summary.cases == KB_CASES
    assert not failures(summary), failures(summary)
    assert not summary.noline, failures(summary) or [r.reproducer for r in summary.noline]
    # Mutations that must make the knowledge base invalid are all caught.
    assert not summary.undetected, [(r.mutations, r.reproducer) for r in summary.undetected]
    assert summary.exits.get("validate 1", 0) > KB_CASES / 2  # most cases are broken on purpose


@pytest.mark.parametrize("target", list(NET_CASES))
def test_import_sample(target):
    if target == "bel":
        pytest.importorskip("pybel")
    usable = [name for name, _, targets in fuzz.NET_MUTATORS if target in targets]
    numbers = [
        n for n in range(NET_CASES[target]) if n >= len(usable) or (target, usable[n]) not in KNOWN
    ]
    summary = fuzz.campaign(target, 0, SEED, jobs=2, only=numbers)
    assert summary.cases == len(numbers)
    assert not failures(summary), failures(summary)


# -- the harness catches what it is meant to catch ---------------------------------------


def _case(tmp_path, target="kb", mutation=None):
    case = fuzz.Case(target, 0, 0, tmp_path, names=("ontology", "rules"))
    if mutation is not None:
        case.mutations.append(mutation)
    return case


def test_classify_traceback_unnamed_and_noline(tmp_path):
    case = _case(tmp_path, mutation=fuzz.Mutation("x", "ontology/claims.tsv", 5))
    args = ["validate", "--kb", "ontology"]
    crash = "Traceback (most recent call last):\n  File ...\nValueError: bad\n"
    assert "ValueError: bad" in fuzz.classify(case, args, 1, "", crash).traceback
    out = (
        "ontology/claims.tsv: ERROR format: no line\n"
        ": ERROR format: no file\n"
        "a stray line\n"
        "ontology: 2 error(s), 0 warning(s), 0 info; 1 claims, 1 entities, 1 classes\n"
    )
    outcome = fuzz.classify(case, args, 1, out, "")
    assert len(outcome.unnamed) == 2 and "no file" in outcome.unnamed[0]
    assert outcome.unnamed[1] == "(not a report line) a stray line"
    assert "no line" in outcome.noline
    good = "ontology/claims.tsv:5: ERROR format: fine\n  hint: do it\nnote: x\n"
    assert fuzz.classify(case, args, 1, good, "") == fuzz.Outcome(args, 1, lines=3)
    json_args = [*args, "--json"]
    report = '{"problems": [{"file": "", "line": 0, "level": "ERROR"}]}'
    assert fuzz.classify(case, json_args, 1, report, "").unnamed
    error = "mechgraph: error: something went wrong\n"
    assert fuzz.classify(case, ["import", "sif", "net.sif"], 1, "", error).unnamed


def test_a_slow_run_is_a_hang():
    summary = fuzz.campaign("sif", 2, SEED, jobs=1, timeout=0.000001)
    assert len(summary.hangs) == 2 and summary.failed


@pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(),
    reason="the patched loader reaches the workers by fork",
)
def test_the_sample_fails_on_the_old_isdigit_bug(monkeypatch, tmp_path):
    """With the readout order checked by ``str.isdigit`` again (``int('²')`` then fails),
    the campaign reports the traceback."""
    from mechgraph.kb import loader

    class IsDigit:
        @staticmethod
        def fullmatch(text: str):
            return text.isdigit()

    monkeypatch.setattr(loader, "NUMBER_PATTERN", IsDigit)
    number = [name for name, _, _ in fuzz.KB_MUTATORS].index("readout_order_digit")
    pristine = fuzz.prepare_pristine(tmp_path)
    for seed in range(40):
        case = fuzz.make_case("kb", seed, number, tmp_path / f"case{seed}", pristine)
        if re.search(r"order = '[²①³]'", str(case.mutations[0])):
            break
    summary = fuzz.campaign("kb", 1, seed, jobs=1, only=[number])
    assert summary.tracebacks and "invalid literal for int()" in failures(summary)
