"""SIF (:mod:`mechgraph.io.sif`), both directions: reading small good and malformed files, and
the exported lines, the signed edges in the styles of CausalR and of causal-only tools."""

import re

import pytest

from mechgraph import ValidationError
from mechgraph.io.exporters import export_bytes
from mechgraph.io.importers import import_network
from mechgraph.io.network import network_view
from tests.helpers.networks import edges, problem_lines
from tests.helpers.paths import TEST_DATA

DATA = TEST_DATA / "importers"


# -- reading -----------------------------------------------------------------------------------


def test_sif_good():
    network = import_network("sif", DATA / "toy.sif")
    assert network.name == "toy" and network.format == "sif"
    assert edges(network) == [
        ("IFNG", "+", "CD274", 3),
        ("CD274", "-", "MAPK1", 4),
        ("MAPK1", "+", "STAT1", 5),
        ("MAPK1", "+", "JAK2", 5),
    ]
    assert network.skipped == {"unsigned": 1, "duplicate": 1}
    assert "LONELY" in network.nodes  # a line with one name declares a node
    assert all(e.file == str(DATA / "toy.sif") for e in network.edges)


def test_sif_malformed_lines_are_all_reported_and_nothing_is_returned():
    with pytest.raises(ValidationError) as excinfo:
        import_network("sif", DATA / "bad.sif")
    assert problem_lines(excinfo) == [2, 4]
    first = excinfo.value.problems[0]
    assert first.file.endswith("bad.sif") and "unknown interaction 'maybe'" in first.message


# -- writing -----------------------------------------------------------------------------------


def test_sif_lines_are_the_signed_edges(kb, compiled):
    lines = export_bytes(kb, "sif").decode().splitlines()
    assert lines == sorted(set(lines))
    parsed = set()
    for line in lines:
        source, sign, target = line.split("\t")
        assert sign in {"1", "-1"}
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", source) and re.fullmatch(
            r"[A-Za-z][A-Za-z0-9_]*", target
        ), "SIF node names must not need quoting (CARNIVAL, CausalR read whitespace tables)"
        parsed.add((source, "+" if sign == "1" else "-", target))
    assert parsed == {(e.source, e.sign.value, e.target) for e in compiled.edges()}
    assert "abraxane\t1\tpaclitaxel" in lines
    assert any(line.split("\t")[1] == "-1" for line in lines)


def test_sif_styles_for_causalr_and_causal_only(kb):
    from mechgraph.io.sif import sif_lines

    view = network_view(kb)
    causalr = sif_lines(view, style="causalr")
    assert {line.split("\t")[1] for line in causalr} == {"Activates", "Inhibits"}
    causal = sif_lines(view, causal_only=True)
    assert "abraxane\t1\tpaclitaxel" not in causal
    assert len(causal) == len({(e.source, e.sign, e.target) for e in view.edges if e.claims})
