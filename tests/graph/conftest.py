"""Fixtures shared by the graph tests (grounding and merging): a hand-built knowledge base."""

import pytest

from mechgraph import KnowledgeBase
from mechgraph.model.records import Entity, OntologyClass


@pytest.fixture(scope="module")
def toy_kb():
    """A hand-built knowledge base (no files) with identifiers, synonyms and a cell type."""
    kb = KnowledgeBase()
    for cls in (
        OntologyClass("Molecule", "molecule", None),
        OntologyClass("CellType", "cell type", None),
        OntologyClass("Agent", "agent", None),
        OntologyClass("Cytokine", "cytokine", "Molecule", synonyms=("cytokines",)),
    ):
        kb.classes[cls.id] = cls
    for entity in (
        Entity(
            "pd_l1",
            "PD-L1",
            "Molecule",
            synonyms=("CD274", "B7-H1"),
            xrefs=("HGNC:17635", "UniProt:Q9NZQ7"),
        ),
        Entity(
            "ifn_gamma", "interferon gamma", "Cytokine", synonyms=("IFNG",), xrefs=("HGNC:5438",)
        ),
        Entity("paclitaxel", "paclitaxel", "Agent", synonyms=("Taxol",), xrefs=("CHEBI:45863",)),
        Entity("apc", "antigen-presenting cell", "CellType", synonyms=("APC",)),
        Entity("il_12a", "IL-12 p35", "Cytokine", xrefs=("HGNC:5969",)),
        Entity("il_12", "interleukin-12", "Cytokine", xrefs=("HGNC:5969", "HGNC:5970")),
        Entity("stat6", "STAT6", "Molecule", synonyms=("STAT-6 pathway",)),
        Entity("stat6_pathway", "STAT6 pathway", "Molecule", synonyms=("STAT6 signalling",)),
    ):
        kb.entities[entity.id] = entity
    return kb
