"""Where the shipped knowledge base lives.

In a source checkout it is the repository's ``ontology/`` folder; in an installed wheel it
is ``mechgraph/_data/ontology`` (copied there at build time, see ``pyproject.toml``).
``MECHGRAPH_KB`` overrides both.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def default_kb_dir() -> Path:
    """The knowledge-base folder used when none is given."""
    override = os.environ.get("MECHGRAPH_KB")
    if override:
        return Path(override)
    installed = PACKAGE_DIR / "_data" / "ontology"
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / "ontology"


def default_rules_dir() -> Path:
    """The rules folder that goes with the shipped knowledge base."""
    installed = PACKAGE_DIR / "_data" / "rules"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "rules"


def display_path(path: Path) -> str:
    """A path as short as possible for messages: relative to the working directory if inside
    it. Symbolic links are not followed: the message names the file the user knows
    (``ontology/not_curated.tsv``, not the file a link points to)."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(os.getcwd()))
    except ValueError:
        return str(path)
