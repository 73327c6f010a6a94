"""Formats added by other packages: entry points in the groups ``mechgraph.importers`` and
``mechgraph.exporters``, each naming a :class:`~mechgraph.io.importers.Format` or an
:class:`~mechgraph.io.exporters.ExportFormat` object. A plugin declares, in its own
``pyproject.toml``::

    [project.entry-points."mechgraph.exporters"]
    dot = "mechgraph_dot:DOT"     # DOT = ExportFormat("dot", "mechgraph.dot", "...", build)

Built-in formats keep their names (a plugin cannot replace one); a plugin that does not
load, or names another kind of object, is skipped with a warning, so that one broken
package cannot stop mechgraph.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TypeVar

T = TypeVar("T")


def plugin_formats(group: str, kind: type[T], builtin: Mapping[str, object]) -> dict[str, T]:
    """The formats other packages register in entry-point ``group``, by name."""
    from importlib.metadata import entry_points

    found: dict[str, T] = {}
    for point in sorted(entry_points(group=group), key=lambda p: p.name):
        try:
            loaded = point.load()
        except Exception as exc:  # noqa: BLE001  (any failure of a third-party package)
            warnings.warn(f"{group} plugin '{point.name}' does not load: {exc}", stacklevel=2)
            continue
        if not isinstance(loaded, kind):
            warnings.warn(
                f"{group} plugin '{point.name}' is not of type {kind.__name__}: skipped",
                stacklevel=2,
            )
            continue
        name = getattr(loaded, "name", point.name)
        if name in builtin or name in found:
            warnings.warn(f"{group} plugin '{name}' names a known format: skipped", stacklevel=2)
            continue
        found[name] = loaded
    return found
