"""The in-memory knowledge base (:mod:`mechgraph.model.kb`): members and superclasses, targeting
strategies."""

from __future__ import annotations

import mechgraph
from mechgraph.kb.loader import load_kb
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.records import Entity, OntologyClass
from tests.helpers.sample_kbs import strategy_kb


def test_members_and_superclasses_survive_loops():
    base = KnowledgeBase()
    base.classes["A"] = OntologyClass("A", "a", "B")
    base.classes["B"] = OntologyClass("B", "b", "A")
    base.entities["x"] = Entity("x", "x", "A", parents=("y",))
    base.entities["y"] = Entity("y", "y", "B", parents=("x",))
    assert base.superclasses("A") == ["A", "B"]
    assert base.members("B") == {"A", "B", "x", "y"}


def test_strategies_group_formulations_for_screens_and_show(tmp_path):
    root = strategy_kb(tmp_path)
    kb = load_kb(root)
    assert kb.strategies_of("np_dox") == ("CancerCellTargeting",)
    assert kb.following("TargetingStrategy") == ["np_dox", "np_vax"]
    assert mechgraph.agent_group("CancerCellTargeting", kb=root) == ["np_dox"]
    report = mechgraph.describe("np_dox", kb=root)
    assert [a.strategy for a in report.strategies] == ["CancerCellTargeting"]
    assert report.strategies[0].evidence.quote == "q1"
    assert mechgraph.describe("PeripheralTargeting", kb=root).followers == ["np_vax"]
    assert kb.stats()["formulations_with_strategy"] == 2
