"""How the views draw things: node colour and shape by entity type, edge look by sign.

Each node falls in the first category whose root class is among its type's ancestors
(a formulation is checked before the generic agent, a checkpoint before other molecules).
"""

from __future__ import annotations

from dataclasses import dataclass

from mechgraph.model.kb import KnowledgeBase


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    roots: tuple[str, ...]  # schema classes whose members (and subclasses) fall here
    color: str
    shape: str  # a vis-network shape


CATEGORIES: tuple[Category, ...] = (
    Category("step", "cancer-immunity cycle step", ("CancerImmunityCycleStep",), "#f2c14e", "star"),
    Category("outcome", "outcome", ("Outcome",), "#e07a5f", "star"),
    Category("formulation", "formulation", ("Formulation",), "#8e44ad", "diamond"),
    Category("carrier", "nanocarrier", ("Nanocarrier",), "#3d5a80", "hexagon"),
    Category("property", "carrier property", ("CarrierProperty",), "#98c1d9", "square"),
    Category(
        "checkpoint_drug",
        "checkpoint inhibitor",
        ("ImmuneCheckpointInhibitor",),
        "#2a9d8f",
        "triangle",
    ),
    Category("cytotoxic", "cytotoxic drug", ("CytotoxicDrug",), "#b5651d", "triangle"),
    Category("agent", "other agent", ("Agent",), "#6d597a", "triangle"),
    Category(
        "checkpoint",
        "checkpoint molecule",
        ("CheckpointReceptor", "CheckpointLigand"),
        "#e63946",
        "dot",
    ),
    Category("molecule", "molecule", ("Molecule",), "#f4a261", "dot"),
    Category("cell", "cell type", ("CellType",), "#57cc99", "ellipse"),
    Category("process", "biological process", ("BiologicalProcess",), "#9db4c0", "box"),
    Category("condition", "clinical condition", ("ClinicalCondition",), "#c9184a", "triangleDown"),
    Category("other", "other", (), "#adb5bd", "dot"),
)
BY_KEY = {c.key: c for c in CATEGORIES}

INCREASES = "#2e7d32"  # green arrow
DECREASES = "#c62828"  # red bar end
STRUCTURE = "#9e9e9e"  # grey: formulation parts, class membership, step of a stage


def category_of(kb: KnowledgeBase, node: str) -> Category:
    """The drawing category of a knowledge-base class or entity (``other`` if unknown)."""
    kind = node if node in kb.classes else kb.type_of(node)
    ancestors = set(kb.superclasses(kind)) if kind else set()
    for category in CATEGORIES:
        if ancestors.intersection(category.roots):
            return category
    return BY_KEY["other"]
