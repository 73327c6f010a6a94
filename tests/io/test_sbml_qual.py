"""SBML-qual models (:mod:`mechgraph.io.sbml_qual`) on small good and malformed files."""

import pytest

from mechgraph import ValidationError
from mechgraph.io.importers import import_network
from tests.helpers.networks import edges, problem_lines
from tests.helpers.paths import TEST_DATA

DATA = TEST_DATA / "importers"


def test_sbml_qual_good():
    network = import_network("sbml-qual", DATA / "toy.sbml")
    assert edges(network) == [
        ("IFNG", "+", "PDL1_protein", 29),
        ("SOCS1", "-", "PDL1_protein", 30),
        ("STAT1", "+", "SOCS1", 38),  # dual: both signs
        ("STAT1", "-", "SOCS1", 38),
    ]
    assert network.skipped == {"unsigned": 1}  # an input without qual:sign
    assert network.nodes["PDL1_protein"].xrefs == ("UniProt:Q9NZQ7", "S2")


@pytest.mark.parametrize(
    ("file", "lines", "text"),
    [
        ("bad.sbml", [30, 36], "unknown qualitativeSpecies 'S9'"),
        ("broken.sbml", [45], "not well-formed XML"),
    ],
)
def test_sbml_qual_malformed(file, lines, text):
    with pytest.raises(ValidationError) as excinfo:
        import_network("sbml", DATA / file)
    assert problem_lines(excinfo) == lines
    assert text in excinfo.value.problems[0].message


def test_sbml_without_qual(tmp_path):
    path = tmp_path / "core.xml"
    path.write_text('<sbml xmlns="http://www.sbml.org/sbml/level3/version1/core"/>')
    with pytest.raises(ValidationError, match="not an SBML-qual model"):
        import_network("sbml-qual", path)
