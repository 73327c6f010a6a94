"""What every importer shares (:mod:`mechgraph.io.base`): the sign vocabulary."""

import pytest

from mechgraph import Sign
from mechgraph.io.importers import parse_sign


@pytest.mark.parametrize(
    ("word", "sign"),
    [
        ("1", Sign.PLUS),
        ("+1", Sign.PLUS),
        ("->", Sign.PLUS),
        ("Activates", Sign.PLUS),
        ("up-regulates quantity by stabilization", Sign.PLUS),
        ("directlyIncreases", Sign.PLUS),
        ("-1", Sign.MINUS),
        ("-|", Sign.MINUS),
        ("Inhibits", Sign.MINUS),
        ("down-regulates quantity by repression", Sign.MINUS),
        ("0", "unsigned"),
        ("form complex", "unsigned"),
        ("pp", "unsigned"),
        ("maybe", None),
        ("2", None),
    ],
)
def test_sign_words(word, sign):
    assert parse_sign(word) == sign
