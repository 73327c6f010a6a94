"""Finding agents by identifier, label, synonym or brand name."""

import pytest

import mechgraph
from mechgraph import UnknownNameError


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Abraxane", "abraxane"),
        ("nab-paclitaxel", "abraxane"),
        ("NAB PACLITAXEL", "abraxane"),
        ("atezolizumab", "atezolizumab"),
        ("Tecentriq", "atezolizumab"),
        ("Doxil", "doxil"),
        ("avelumab", "avelumab"),
        ("Bavencio®", "avelumab"),
        ("CHEBI:45863", "paclitaxel"),
        ("liposome", "Liposome"),
    ],
)
def test_names_resolve(name, expected):
    assert mechgraph.resolve(name).id == expected


def test_unknown_name_suggests_close_names():
    with pytest.raises(UnknownNameError) as info:
        mechgraph.resolve("atezolizumabb")
    assert "atezolizumab" in info.value.suggestions
    assert "did you mean" in str(info.value)


def test_search_finds_by_partial_name_and_ranks_exact_first():
    hits = mechgraph.search("paclitaxel")
    assert hits[0].concept.id == "paclitaxel"
    assert "abraxane" in [h.concept.id for h in hits]
