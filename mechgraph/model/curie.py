"""Compact identifiers (CURIEs) for cross-references to standard resources.

Prefixes follow bioregistry's preferred spelling; patterns are the registries' own, with
ASCII digits only (``[0-9]``: ``\\d`` would also accept ``１`` or ``٣``).

>>> parse_curie("chebi:45863")
('CHEBI', '45863')
>>> check_curie("CL:625")
"local id '625' does not match CL's pattern (7 digits, e.g. CL:0000625)"
>>> check_curie("CHEBI:４５８６３") is None
False
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from mechgraph.model.errors import MechgraphError


@dataclass(frozen=True)
class Prefix:
    """A resource whose identifiers we cross-reference."""

    name: str
    title: str
    pattern: str
    hint: str
    resolver: str  # URL template; {id} is the local identifier

    @property
    def compiled(self) -> re.Pattern[str]:
        return _compiled(self.pattern)


PREFIXES: dict[str, Prefix] = {
    p.name.upper(): p
    for p in (
        Prefix(
            "CHEBI",
            "Chemical Entities of Biological Interest",
            r"[0-9]+",
            "digits, e.g. CHEBI:45863",
            "https://www.ebi.ac.uk/chebi/searchId.do?chebiId=CHEBI:{id}",
        ),
        Prefix(
            "NCIT",
            "NCI Thesaurus",
            r"C[0-9]+",
            "C + digits, e.g. NCIT:C2039",
            "https://ncit.nci.nih.gov/ncitbrowser/ConceptReport.jsp?dictionary=NCI_Thesaurus&code={id}",
        ),
        Prefix(
            "CL",
            "Cell Ontology",
            r"[0-9]{7}",
            "7 digits, e.g. CL:0000625",
            "http://purl.obolibrary.org/obo/CL_{id}",
        ),
        Prefix(
            "GO",
            "Gene Ontology",
            r"[0-9]{7}",
            "7 digits, e.g. GO:0019882",
            "http://purl.obolibrary.org/obo/GO_{id}",
        ),
        Prefix(
            "HGNC",
            "HUGO Gene Nomenclature Committee",
            r"[0-9]+",
            "digits, e.g. HGNC:8760",
            "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/HGNC:{id}",
        ),
        Prefix(
            "UniProt",
            "UniProt Knowledgebase",
            r"([OPQ][0-9][A-Z0-9]{3}[0-9]|[A-NR-Z][0-9]([A-Z][A-Z0-9]{2}[0-9]){1,2})",
            "an accession, e.g. UniProt:Q15116",
            "https://www.uniprot.org/uniprotkb/{id}",
        ),
        Prefix(
            "NPO",
            "NanoParticle Ontology",
            r"[0-9]+",
            "digits, e.g. NPO:719",
            "http://purl.bioontology.org/ontology/npo#NPO_{id}",
        ),
        Prefix(
            "DrugBank",
            "DrugBank",
            r"DB[0-9]{5}",
            "DB + 5 digits, e.g. DrugBank:DB01229",
            "https://go.drugbank.com/drugs/{id}",
        ),
    )
}


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class CurieError(MechgraphError, ValueError):
    """A malformed or unknown CURIE."""


def parse_curie(text: str) -> tuple[str, str]:
    """Split a CURIE into (canonical prefix, local id); raise CurieError when it is malformed."""
    text = text.strip()
    prefix, sep, local = text.partition(":")
    if not sep or not prefix or not local:
        raise CurieError(f"'{text}' is not a CURIE (expected PREFIX:ID)")
    known = PREFIXES.get(prefix.upper())
    if known is None:
        names = ", ".join(p.name for p in PREFIXES.values())
        raise CurieError(f"unknown prefix '{prefix}' (known: {names})")
    if not known.compiled.fullmatch(local):
        raise CurieError(f"local id '{local}' does not match {known.name}'s pattern ({known.hint})")
    return known.name, local


def check_curie(text: str) -> str | None:
    """Return a problem description for a bad CURIE, or None when it is well formed."""
    try:
        parse_curie(text)
    except CurieError as exc:
        return str(exc)
    return None


def normalise_curie(text: str) -> str:
    """Return the CURIE with its canonical prefix spelling (``chebi:1`` -> ``CHEBI:1``)."""
    prefix, local = parse_curie(text)
    return f"{prefix}:{local}"


def resolver_url(curie: str) -> str:
    """The resolver URL of a well-formed CURIE (for display only; nothing is fetched)."""
    prefix, local = parse_curie(curie)
    return PREFIXES[prefix.upper()].resolver.format(id=local)
