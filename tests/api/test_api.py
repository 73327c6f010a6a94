"""The public API (``import mechgraph``, :mod:`mechgraph.api`): what it names agrees with the
engine below it."""

import mechgraph
from mechgraph.reasoning import abduction


def test_api_names_the_same_assumption_kinds():
    assert mechgraph.api.ASSUMPTION_KINDS == abduction.KINDS
