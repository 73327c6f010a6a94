"""Formats added by other packages through the ``mechgraph.exporters`` and
``mechgraph.importers`` entry points."""

from __future__ import annotations

import importlib.metadata

import pytest

from mechgraph.io.exporters import FORMATS, ExportFormat
from mechgraph.io.importers import Format
from mechgraph.io.plugins import plugin_formats

DOT = ExportFormat("dot", "mechgraph.dot", "Graphviz DOT", lambda kb: b"digraph {}\n")
NOT_A_FORMAT = "a string"


def points(group: str, **values: str) -> list[importlib.metadata.EntryPoint]:
    return [importlib.metadata.EntryPoint(n, v, group) for n, v in values.items()]


@pytest.fixture
def registered(monkeypatch):
    def use(group: str, **values: str) -> None:
        found = points(group, **values)
        monkeypatch.setattr(
            importlib.metadata,
            "entry_points",
            lambda group=None: [p for p in found if p.group == group],
        )

    return use


def test_a_plugin_adds_an_export_format(registered):
    registered("mechgraph.exporters", dot=f"{__name__}:DOT")
    found = plugin_formats("mechgraph.exporters", ExportFormat, FORMATS)
    assert list(found) == ["dot"] and found["dot"].build(None) == b"digraph {}\n"


def test_a_broken_or_clashing_plugin_is_skipped_with_a_warning(registered):
    registered(
        "mechgraph.exporters",
        gone="no_such_module_for_mechgraph:X",
        wrong=f"{__name__}:NOT_A_FORMAT",
        owl=f"{__name__}:OWL_AGAIN",
    )
    with pytest.warns(UserWarning) as caught:
        found = plugin_formats("mechgraph.exporters", ExportFormat, FORMATS)
    assert found == {}
    text = " ".join(str(w.message) for w in caught)
    assert "'gone' does not load" in text and "'wrong' is not of type ExportFormat" in text
    assert "'owl' names a known format" in text


OWL_AGAIN = ExportFormat("owl", "x.owl", "not the real one", lambda kb: b"")


def test_a_plugin_adds_an_import_format(registered):
    registered("mechgraph.importers", gml=f"{__name__}:GML")
    found = plugin_formats("mechgraph.importers", Format, {})
    assert found["gml"].extensions == (".gml",)


GML = Format("gml", "somewhere:read_gml", (".gml",), "GML graphs")
