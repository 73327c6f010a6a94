"""Grounding: which knowledge-base concept each node of an imported network stands for.

For each imported node, in this order:

1. **Identifiers.** The node's original identifiers (and its name, when it is one) that are
   CURIEs of a resource the knowledge base cross-references (``HGNC:17635``,
   ``UniProt:Q9NZQ7``, ``CHEBI:45863``; a bare UniProt accession such as ``Q9NZQ7`` counts
   as ``UniProt:Q9NZQ7``) are looked up in the concepts' ``xrefs``. One concept: matched
   (``how`` = ``xref HGNC:17635``); several: ambiguous.
2. **Names.** Otherwise the node's name, and the local part of identifiers that are not
   identifiers of their resource (BEL's ``HGNC:CD274`` is the symbol ``CD274``), are
   compared with the concepts' ids, labels and synonyms the way ``mechgraph search`` does
   (case, spaces, hyphens and underscores ignored: ``PD-L1`` = ``pd_l1`` = ``PD L1``, but
   ``PDL1`` is another name). A concept whose name is written exactly as the node's (same
   case) wins over ones that match only once case is ignored (``TNFa`` is not ``TNFA`` when
   both are names); then a concept named by its id or label wins over ones named by a
   synonym; otherwise several concepts make the node ambiguous. An id or a synonym counts
   only for molecules and agents (concepts under the classes ``Molecule`` or ``Agent``),
   a label for any concept: imported networks are molecular, and the gene ``APC`` is not
   the antigen-presenting cell that ``APC`` abbreviates in the knowledge base; such a node
   is reported ambiguous, with the reason, and left unmerged. A node identified in a
   namespace of processes, diseases or cells (``GO:``, ``MESH:``, ``DOID:``, ``HP:``,
   ``CL:``, ``NCIT:``...; BEL's ``bp(GO:"T cell activation")``) is no gene symbol: its id
   and synonym matches count for any concept.
3. Anything else is unmatched.

So ``CD274`` grounds to ``pd_l1`` only because ``ontology/entities.tsv`` lists ``CD274``
among PD-L1's synonyms (and ``HGNC:17635`` among its xrefs). Ambiguous and unmatched nodes
stay nodes of their own when the network is merged (:mod:`mechgraph.graph.merge`).

>>> from mechgraph import load_kb
>>> from mechgraph.io.importers import ImportedNetwork, ImportedNode
>>> net = ImportedNetwork("toy", "sif", "toy.sif", [], {
...     "CD274": ImportedNode("CD274"), "X": ImportedNode("X", ("HGNC:8760",)),
...     "MAPK1": ImportedNode("MAPK1")})
>>> result = ground(net, load_kb())
>>> [(m.node, m.status, m.kb_id, m.how) for m in result.matches.values()]
[('CD274', 'matched', 'pd_l1', 'synonym CD274'), ('X', 'matched', 'pd_1', 'xref HGNC:8760'), ('MAPK1', 'unmatched', None, '')]
"""  # noqa: E501

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mechgraph.model.curie import PREFIXES
from mechgraph.model.imported import ImportedNetwork
from mechgraph.model.kb import KnowledgeBase
from mechgraph.model.resolve import normalise_name

MATCHED, AMBIGUOUS, UNMATCHED = "matched", "ambiguous", "unmatched"
_CURIE = re.compile(r"^([A-Za-z][A-Za-z0-9._]*):(.+)$")
# re.ASCII: a pattern's \d is a digit 0-9, never another script's digit ('²', '٣')
_UNIPROT = re.compile(PREFIXES["UNIPROT"].pattern, re.ASCII)
_PRIORITY = {"id": 0, "label": 0, "synonym": 1}


@dataclass(frozen=True)
class NodeMatch:
    """How one imported node grounds: ``status`` matched / ambiguous / unmatched, the
    concept (``kb_id``), how it matched, and the candidates of an ambiguous node."""

    node: str
    status: str
    kb_id: str | None = None
    how: str = ""
    candidates: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "node": self.node,
            "status": self.status,
            "kb_id": self.kb_id,
            "how": self.how,
            "candidates": list(self.candidates),
        }


@dataclass
class Grounding:
    """The mapping table of one imported network (``matches`` in the network's node order)."""

    network: str
    matches: dict[str, NodeMatch] = field(default_factory=dict)

    def of(self, status: str) -> list[NodeMatch]:
        return [m for m in self.matches.values() if m.status == status]

    @property
    def matched(self) -> list[NodeMatch]:
        return self.of(MATCHED)

    @property
    def ambiguous(self) -> list[NodeMatch]:
        return self.of(AMBIGUOUS)

    @property
    def unmatched(self) -> list[NodeMatch]:
        return self.of(UNMATCHED)

    def mapping(self) -> dict[str, str]:
        """Imported node -> knowledge-base id, for matched nodes."""
        return {m.node: m.kb_id for m in self.matched if m.kb_id}

    def counts(self) -> dict[str, int]:
        return {s: len(self.of(s)) for s in (MATCHED, AMBIGUOUS, UNMATCHED)}

    def to_dict(self) -> dict[str, object]:
        """The JSON form (``mechgraph import --json``, key ``grounding``)."""
        return {
            "network": self.network,
            "counts": self.counts(),
            "matched": [m.to_dict() for m in self.matched],
            "ambiguous": [m.to_dict() for m in self.ambiguous],
            "unmatched": [m.node for m in self.unmatched],
        }

    def to_tsv(self) -> str:
        """The mapping table as TSV: ``node status kb_id how candidates``."""
        rows = ["node\tstatus\tkb_id\thow\tcandidates"]
        for m in self.matches.values():
            rows.append("\t".join((m.node, m.status, m.kb_id or "", m.how, "|".join(m.candidates))))
        return "\n".join(rows) + "\n"


def _curie_key(text: str) -> tuple[str, str] | None:
    """``(PREFIX, local)`` if ``text`` is an identifier of a resource we know (its local
    part matching the resource's pattern), with bare UniProt accessions recognised."""
    found = _CURIE.match(text.strip())
    if found is None:
        if _UNIPROT.fullmatch(text.strip()):
            return ("UNIPROT", text.strip())
        return None
    prefix, local = found.group(1).upper(), found.group(2).strip()
    resource = PREFIXES.get(prefix)
    if resource is None:
        return None
    if local.upper().startswith(prefix + ":"):  # e.g. CHEBI:CHEBI:15377
        local = local.split(":", 1)[1]
    if not re.fullmatch(resource.pattern, local, re.ASCII):
        return None
    return (prefix, local)


#: Classes whose members (and subclasses) an id or a synonym may ground to.
SYNONYM_CLASSES = ("Molecule", "Agent")
#: Namespaces of processes, phenotypes, diseases and cells: a node identified in one of
#: them (BEL's ``bp(GO:"T cell activation")``) is no gene symbol, and grounds to any
#: concept by id or synonym too.
OPEN_PREFIXES = {"GO", "GOBP", "MESH", "MESHD", "MESHPP", "MESHCS", "DOID", "HP", "CL", "NCIT"}


class Grounder:
    """Name and identifier indexes of a knowledge base, built once, used for every node."""

    def __init__(self, kb: KnowledgeBase, synonym_classes: tuple[str, ...] = SYNONYM_CLASSES):
        self.kb = kb
        self.roots = [c for c in synonym_classes if c in kb.classes]
        self._molecular: dict[str, bool] = {}
        self.by_xref: dict[tuple[str, str], list[str]] = {}
        self.by_name: dict[str, dict[str, str]] = {}  # key -> concept id -> how
        self.exact: dict[str, set[str]] = {}  # id, label or synonym as written -> concept ids
        for concept in kb.concepts():
            for xref in concept.xrefs:
                key = _curie_key(xref)
                if key is not None:
                    ids = self.by_xref.setdefault(key, [])
                    if concept.id not in ids:
                        ids.append(concept.id)
            for how, names in (  # a label first: it may ground any concept (see above)
                ("label", [concept.label]),
                ("id", [concept.id]),
                ("synonym", list(concept.synonyms)),
            ):
                for name in names:
                    self.exact.setdefault(name, set()).add(concept.id)
                    entry = self.by_name.setdefault(normalise_name(name), {})
                    best = entry.get(concept.id)
                    if best is None or _PRIORITY[how] < _PRIORITY[best]:
                        entry[concept.id] = how

    def ground_node(self, node: str, xrefs: tuple[str, ...] = ()) -> NodeMatch:
        """Ground one imported node (its name and original identifiers)."""
        identifiers, names, molecular = _read_node(node, xrefs)
        candidates = self.by_identifiers(identifiers)
        if candidates:
            return _decide(node, candidates, {c: 0 for c in candidates})
        candidates, ranks, refused = self.by_names(names, molecular)
        if candidates:
            return _decide(node, candidates, ranks)
        if refused:
            concept, name = next(iter(refused.items()))
            kind = self.kb.type_of(concept) or "class"
            why = (
                f"'{name}' is an id or synonym of {self.kb.label(concept)} ({kind}), "
                "not of a molecule or agent"
            )
            return NodeMatch(node, AMBIGUOUS, None, why, tuple(sorted(refused)))
        return NodeMatch(node, UNMATCHED)

    def by_identifiers(self, identifiers: list[tuple[str, str]]) -> dict[str, str]:
        """The concepts that cross-reference one of the identifiers, with how."""
        candidates: dict[str, str] = {}
        for key in identifiers:
            for concept in self.by_xref.get(key, []):
                candidates.setdefault(concept, f"xref {PREFIXES[key[0]].name}:{key[1]}")
        return candidates

    def by_names(
        self, names: list[str], molecular: bool
    ) -> tuple[dict[str, str], dict[str, int], dict[str, str]]:
        """The concepts one of ``names`` names (see the module docstring), each with how and
        its rank (exact case first when some are); the concepts refused because the node is
        ``molecular`` and they are not, each with the name that matched."""
        candidates: dict[str, str] = {}
        ranks: dict[str, int] = {}
        refused: dict[str, str] = {}
        exact: set[str] = set()  # concepts with a name written exactly as one of ``names``
        for name in dict.fromkeys(names):
            for concept, how in self.by_name.get(normalise_name(name), {}).items():
                if molecular and how != "label" and not self.molecular(concept):
                    refused.setdefault(concept, name)
                    continue
                if concept in self.exact.get(name, ()):
                    exact.add(concept)
                if concept not in candidates or _PRIORITY[how] < ranks[concept]:
                    candidates[concept] = f"{how} {name}"
                    ranks[concept] = _PRIORITY[how]
        if exact and len(exact) < len(candidates):  # exact case first, then ignoring case
            candidates = {c: h for c, h in candidates.items() if c in exact}
            ranks = {c: r for c, r in ranks.items() if c in exact}
        return candidates, ranks, refused

    def molecular(self, concept: str) -> bool:
        """Whether an id or synonym may ground to ``concept`` (:data:`SYNONYM_CLASSES`)."""
        if not self.roots:
            return True
        known = self._molecular.get(concept)
        if known is None:
            known = self._molecular[concept] = any(self.kb.is_a(concept, r) for r in self.roots)
        return known

    def ground(self, network: ImportedNetwork) -> Grounding:
        """The mapping table of a whole network."""
        result = Grounding(network.name)
        for node in network.nodes.values():
            result.matches[node.id] = self.ground_node(node.id, node.xrefs)
        return result


def _read_node(node: str, xrefs: tuple[str, ...]) -> tuple[list[tuple[str, str]], list[str], bool]:
    """A node's identifiers (``(PREFIX, local)``), its names (its name, and the local part
    of an identifier that is no identifier of its resource, e.g. ``HGNC:CD274``) and whether
    it is molecular (unless one of its identifiers is in :data:`OPEN_PREFIXES`)."""
    identifiers, names = [], []
    molecular = True
    for position, text in enumerate((node, *xrefs)):
        key = _curie_key(text)
        found = _CURIE.match(text)
        if found and position and found.group(1).upper() in OPEN_PREFIXES:
            molecular = False
        if key is not None:
            identifiers.append(key)
        else:
            names.append(found.group(2) if found and position else text)
    return identifiers, names, molecular


def _decide(node: str, candidates: dict[str, str], ranks: dict[str, int]) -> NodeMatch:
    best = min(ranks.values())
    top = [c for c in candidates if ranks[c] == best]
    if len(top) == 1:
        return NodeMatch(node, MATCHED, top[0], candidates[top[0]])
    return NodeMatch(node, AMBIGUOUS, None, "", tuple(sorted(candidates)))


def ground(
    network: ImportedNetwork,
    kb: KnowledgeBase,
    synonym_classes: tuple[str, ...] = SYNONYM_CLASSES,
) -> Grounding:
    """The mapping table of ``network`` against ``kb`` (see the module docstring)."""
    return Grounder(kb, synonym_classes).ground(network)
