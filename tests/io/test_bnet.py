"""BoolNet models (:mod:`mechgraph.io.bnet`) on small good and malformed files."""

import pytest

from mechgraph import ValidationError
from mechgraph.io.importers import import_network
from tests.helpers.networks import edges, problem_lines
from tests.helpers.paths import TEST_DATA

DATA = TEST_DATA / "importers"


def test_bnet_good():
    network = import_network("bnet", DATA / "toy.bnet")
    assert edges(network) == [
        ("IFNG", "+", "CD274", 4),
        ("SOCS1", "-", "CD274", 4),
        ("STAT1", "+", "SOCS1", 5),
        ("IFNG", "+", "STAT1", 6),
        ("JAK2", "+", "STAT1", 6),
        ("PTPN2", "-", "STAT1", 6),
        ("STAT1", "+", "XOR", 9),  # read both ways: both signs
        ("STAT1", "-", "XOR", 9),
        ("JAK2", "+", "XOR", 9),
        ("JAK2", "-", "XOR", 9),
    ]
    assert network.skipped == {"self-loop": 2}  # IFNG, IFNG and JAK2, JAK2
    assert "PTPN2" in network.nodes


def test_bnet_malformed():
    with pytest.raises(ValidationError) as excinfo:
        import_network("bnet", DATA / "bad.bnet")
    assert problem_lines(excinfo) == [3, 4, 5, 6]
    assert "second rule for CD274 (the first is on line 2)" in excinfo.value.problems[2].message
