"""Compact identifiers (:mod:`mechgraph.model.curie`)."""

from __future__ import annotations

import pytest

from mechgraph.model.curie import check_curie


@pytest.mark.parametrize("curie", ["CHEBI:４５８６３", "CL:000062٥", "DrugBank:DB0122٩", "GO:²"])
def test_curie_patterns_are_ascii(curie):
    assert check_curie(curie) is not None
    assert check_curie("CHEBI:45863") is None
