"""AEON models (:mod:`mechgraph.io.aeon`) on small good and malformed files."""

import pytest

from mechgraph import ValidationError
from mechgraph.io.importers import import_network
from tests.helpers.networks import edges, problem_lines
from tests.helpers.paths import TEST_DATA

DATA = TEST_DATA / "importers"


def test_aeon_good():
    network = import_network("aeon", DATA / "toy.aeon")
    assert [(e.source, e.sign.value, e.target, e.line, e.relation) for e in network.edges] == [
        ("IFNG", "+", "CD274", 3, "->"),
        ("SOCS1", "-", "CD274", 4, "-|"),
        ("STAT1", "+", "SOCS1", 5, "-? (sign from $SOCS1)"),
        ("JAK2", "+", "STAT1", 6, "->"),
        ("PTPN2", "-", "STAT1", 7, "-|"),
        ("IFNG", "+", "STAT1", 8, "-? (sign from $STAT1)"),
        ("STAT1", "+", "CD274", 9, "-? (sign from $CD274)"),  # read inside f(...): both
        ("STAT1", "-", "CD274", 9, "-? (sign from $CD274)"),
    ]


def test_aeon_unsigned_regulation_without_function_is_skipped(tmp_path):
    path = tmp_path / "m.aeon"
    path.write_text("A -? B\nA -> C\n")
    network = import_network("aeon", path)
    assert edges(network) == [("A", "+", "C", 2)] and network.skipped == {"unsigned": 1}
    assert set(network.nodes) == {"A", "B", "C"}


def test_aeon_malformed():
    with pytest.raises(ValidationError) as excinfo:
        import_network("aeon", DATA / "bad.aeon")
    assert problem_lines(excinfo) == [2, 3, 4, 5]
    assert "no regulation STAT1 -> SOCS1" in excinfo.value.problems[3].message
