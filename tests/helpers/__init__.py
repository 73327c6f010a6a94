"""Plain helpers the tests import (``from tests.helpers.kbfactory import claim, make_kb``).

Fixtures live in the ``conftest.py`` files instead: ``tests/conftest.py`` for every test
(``repo``, ``run_cli``), a folder's own ``conftest.py`` for that folder's tests.
"""
