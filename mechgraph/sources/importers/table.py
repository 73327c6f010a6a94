"""Signed tables with a header row: tab-separated (``.tsv``, ``.txt``) or comma-separated
(``.csv``, or a header line without tabs).

Columns are found by name (case does not matter):

* **mechgraph / CARNIVAL / COSMOS**: ``source``, ``interaction`` (``1`` / ``-1``),
  ``target``; the normalised copy written by ``mechgraph import`` adds ``source_ids``,
  ``target_ids`` (``|``-separated original identifiers), ``relation``, ``file`` and ``line``
  (the original row, kept as the edge's provenance).
* **OmniPath** interactions: ``source``, ``target`` (UniProt accessions), the sign from
  ``consensus_stimulation`` / ``consensus_inhibition`` (else ``is_stimulation`` /
  ``is_inhibition``): stimulation only gives ``+``, inhibition only ``-``, both give both
  edges, neither is unsigned (skipped); rows with ``is_directed`` 0 are skipped. With
  ``source_genesymbol`` / ``target_genesymbol`` the gene symbol names the node and the
  accession is kept as ``UniProt:...``.
* **SIGNOR** (the ``ENTITYA ... SIGNOR_ID`` download with its header): ``ENTITYA``,
  ``ENTITYB``, ``EFFECT`` (``up-regulates ...`` ``+``, ``down-regulates ...`` ``-``; ``form
  complex``, ``unknown`` unsigned); ``IDA`` / ``DATABASEA`` (``IDB`` / ``DATABASEB``) kept as
  ``UniProt:P...``, ``CHEBI:...``.
* **any other**: a source column (``source``, ``from``, ``regulator``, ``node1``), a target
  column (``target``, ``to``, ``regulated``, ``node2``) and a sign column (``interaction``,
  ``sign``, ``effect``, ``relation``, ``mode``, ``regulation``); or say which with
  ``columns`` (``--columns source=geneA,target=geneB,sign=mode``; roles: ``source``,
  ``target``, ``sign``, ``stimulation``, ``inhibition``, ``directed``, ``source_id``,
  ``target_id``).

Sign words: ``1``/``+1``/``+``/``->``/activation/stimulation/increases/up-regulates... and
``-1``/``-``/``-|``/inhibition/decreases/down-regulates...; ``0``, ``unknown``, ``binding``,
``form complex`` are unsigned (skipped and counted); any other word is an error of its line.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "net.tsv").write_text("source\\tinteraction\\ttarget\\nA\\t1\\tB\\nB\\t-1\\tC\\n")
>>> [e.key for e in read_table(folder / "net.tsv", "net").edges]
[('A', 'B', '+'), ('B', 'C', '-')]
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from mechgraph.model.vocab import Sign
from mechgraph.sources.importers.base import (
    UNSIGNED,
    ImportedNetwork,
    NetworkBuilder,
    Progress,
    lines_of,
    parse_sign,
)

ROLES = (
    "source",
    "target",
    "sign",
    "stimulation",
    "inhibition",
    "directed",
    "source_id",
    "target_id",
)
_SOURCE = ("source", "from", "regulator", "node1", "source_name", "entitya")
_TARGET = ("target", "to", "regulated", "node2", "target_name", "entityb")
_SIGN = ("interaction", "sign", "effect", "relation", "mode", "regulation", "edge_sign")
_TRUE = {"1", "true", "t", "yes", "y"}
_FALSE = {"0", "false", "f", "no", "n", ""}
#: SIGNOR's DATABASEA/B values -> our CURIE prefixes.
_DATABASES = {"uniprot": "UniProt", "chebi": "CHEBI", "pubchem": "PubChem", "hgnc": "HGNC"}


def parse_columns(text: str) -> dict[str, str]:
    """``"source=geneA,target=geneB,sign=mode"`` -> ``{"source": "geneA", ...}``.

    >>> parse_columns("source=a, target=b, sign=mode")
    {'source': 'a', 'target': 'b', 'sign': 'mode'}
    """
    mapping: dict[str, str] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        role, sep, column = item.partition("=")
        role = role.strip().lower()
        if not sep or not column.strip():
            raise ValueError(f"'{item.strip()}' must be ROLE=COLUMN (e.g. sign=mode)")
        if role not in ROLES:
            raise ValueError(f"unknown role '{role}' (known: {', '.join(ROLES)})")
        mapping[role] = column.strip()
    if mapping and not {"source", "target"} <= mapping.keys():
        raise ValueError("--columns must name at least the source and target columns")
    if mapping and "sign" not in mapping and not {"stimulation", "inhibition"} & mapping.keys():
        raise ValueError("--columns must name a sign column, or stimulation/inhibition columns")
    return mapping


@dataclass
class _Plan:
    """Which cell holds what (indexes into a row)."""

    source: int
    target: int
    sign: int | None = None
    stimulation: int | None = None
    inhibition: int | None = None
    directed: int | None = None
    source_ids: list[tuple[int, int | None, str]] = field(default_factory=list)
    target_ids: list[tuple[int, int | None, str]] = field(default_factory=list)
    file: int | None = None
    line: int | None = None
    relation: int | None = None

    @property
    def width(self) -> int:
        used = [self.source, self.target, self.sign, self.stimulation, self.inhibition]
        used.append(self.directed)
        return max(i for i in used if i is not None) + 1


def _plan(header: list[str], columns: dict[str, str]) -> _Plan | str:
    """The plan for this header, or what is missing."""
    names = [h.strip().lower() for h in header]
    where = {name: i for i, name in reversed(list(enumerate(names)))}

    def first(candidates) -> int | None:
        return next((where[c] for c in candidates if c in where), None)

    if columns:
        found = {}
        for role, column in columns.items():
            if column.lower() not in where:
                return f"no column '{column}' (for {role}) in the header: {', '.join(header)}"
            found[role] = where[column.lower()]
        plan = _Plan(
            found["source"],
            found["target"],
            sign=found.get("sign"),
            stimulation=found.get("stimulation"),
            inhibition=found.get("inhibition"),
            directed=found.get("directed"),
        )
        if "source_id" in found:
            plan.source_ids.append((found["source_id"], None, ""))
        if "target_id" in found:
            plan.target_ids.append((found["target_id"], None, ""))
        return plan

    if "entitya" in where and "entityb" in where and "effect" in where:  # SIGNOR
        plan = _Plan(where["entitya"], where["entityb"], sign=where["effect"])
        sides = (("ida", "databasea", plan.source_ids), ("idb", "databaseb", plan.target_ids))
        for ids, database, into in sides:
            if ids in where:
                into.append((where[ids], where.get(database), ""))
        return plan

    source, target = first(_SOURCE), first(_TARGET)
    if source is None or target is None:
        return (
            "the header must name a source and a target column "
            f"(e.g. source, target), got: {', '.join(header)}; or use --columns"
        )
    stim = first(("consensus_stimulation", "is_stimulation"))
    inhib = first(("consensus_inhibition", "is_inhibition"))
    sign = first(_SIGN)
    if stim is not None and inhib is not None:  # OmniPath
        plan = _Plan(source, target, stimulation=stim, inhibition=inhib)
        plan.directed = where.get("is_directed")
        symbols = (where.get("source_genesymbol"), where.get("target_genesymbol"))
        if symbols[0] is not None and symbols[1] is not None:
            plan.source_ids.append((source, None, ""))
            plan.target_ids.append((target, None, ""))
            plan.source, plan.target = symbols
        return plan
    if sign is None:
        return (
            "the header must name a sign column (interaction, sign, effect, relation, mode) "
            f"or stimulation/inhibition columns, got: {', '.join(header)}; or use --columns"
        )
    plan = _Plan(source, target, sign=sign)
    if "source_ids" in where and "target_ids" in where:  # mechgraph's normalised copy
        plan.source_ids.append((where["source_ids"], None, "|"))
        plan.target_ids.append((where["target_ids"], None, "|"))
        plan.file, plan.line = where.get("file"), where.get("line")
        plan.relation = where.get("relation")
    return plan


_UNIPROT = re.compile(r"^([OPQ][0-9][A-Z0-9]{3}[0-9]|[A-NR-Z][0-9]([A-Z][A-Z0-9]{2}[0-9]){1,2})$")


def _xrefs(cells: list[str], specs: list[tuple[int, int | None, str]]) -> list[str]:
    found = []
    for index, database, separator in specs:
        raw = cells[index].strip() if index < len(cells) else ""
        if not raw:
            continue
        values = raw.split(separator) if separator else [raw]
        for value in (v.strip() for v in values):
            if not value:
                continue
            db = cells[database].strip().lower() if database is not None else ""
            prefix = _DATABASES.get(db, cells[database].strip() if db else "")
            if prefix and ":" not in value:
                value = f"{prefix}:{value}"
            elif not prefix and _UNIPROT.match(value):
                value = f"UniProt:{value}"
            found.append(value)
    return found


def _flag(text: str) -> bool | None:
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


def _split(line: str, comma: bool) -> list[str]:
    if comma:
        return next(csv.reader([line]))
    return line.split("\t")


def read_table(
    path: Path | str,
    name: str,
    *,
    columns: dict[str, str] | None = None,
    progress: Progress | None = None,
    format: str = "table",
) -> ImportedNetwork:
    """Read a signed table (see the module docstring); ValidationError lists every
    malformed line."""
    path = Path(path)
    builder = NetworkBuilder(name, format, str(path))
    plan: _Plan | None = None
    width = 0
    comma = path.suffix.lower() == ".csv"
    for number, line in lines_of(path, builder, progress):
        if not line.strip() or (plan is None and line.startswith("#")):
            continue
        if plan is None:
            comma = comma or ("\t" not in line and "," in line)
            found = _plan([c.strip() for c in _split(line, comma)], columns or {})
            if isinstance(found, str):
                builder.problem(number, found)
                break
            plan, width = found, found.width
            continue
        try:
            cells = _split(line, comma)
        except csv.Error as exc:
            builder.problem(number, f"cannot split the row: {exc}")
            continue
        if len(cells) < width:
            builder.problem(number, f"expected at least {width} cells, got {len(cells)}")
            continue
        _row(builder, plan, cells, number)
    if plan is None and not builder.problems:
        builder.problem(1, "empty file: expected a header row and signed rows")
    return builder.build()


def _row(builder: NetworkBuilder, plan: _Plan, cells: list[str], number: int) -> None:
    source, target = cells[plan.source].strip(), cells[plan.target].strip()
    if not source or not target:
        builder.problem(number, "empty source or target")
        return
    if plan.directed is not None and _flag(cells[plan.directed]) is False:
        builder.skip("undirected")
        return
    signs: list[Sign] = []
    relation = ""
    if plan.sign is not None:
        relation = cells[plan.sign].strip()
        sign = parse_sign(relation)
        if sign is None:
            builder.problem(
                number,
                f"unknown interaction '{relation}' (use 1 / -1, activation / inhibition, "
                "up-regulates / down-regulates; 0, unknown or binding for unsigned rows)",
            )
            return
        if sign == UNSIGNED:
            builder.skip("unsigned")
            return
        signs = [sign]
    else:
        stimulation = _flag(cells[plan.stimulation])
        inhibition = _flag(cells[plan.inhibition])
        if stimulation is None or inhibition is None:
            builder.problem(
                number,
                "stimulation / inhibition must be 1 or 0 (or true / false), got "
                f"'{cells[plan.stimulation]}' / '{cells[plan.inhibition]}'",
            )
            return
        signs = [s for s, on in ((Sign.PLUS, stimulation), (Sign.MINUS, inhibition)) if on]
        relation = {1: "stimulation", 2: "inhibition", 3: "stimulation and inhibition"}.get(
            stimulation + 2 * inhibition, ""
        )
        if not signs:
            builder.skip("unsigned")
            return
    file, line = None, number
    if plan.line is not None:
        original = cells[plan.line].strip() if plan.line < len(cells) else ""
        if not original.isdigit():
            builder.problem(number, f"'line' must be a line number, got '{original}'")
            return
        line = int(original)
        if plan.file is not None and plan.file < len(cells) and cells[plan.file].strip():
            file = cells[plan.file].strip()
    if plan.relation is not None and plan.relation < len(cells) and cells[plan.relation].strip():
        relation = cells[plan.relation].strip()
    if plan.source_ids:
        builder.node(source, *_xrefs(cells, plan.source_ids))
    if plan.target_ids:
        builder.node(target, *_xrefs(cells, plan.target_ids))
    for sign in signs:
        builder.edge(source, target, sign, line, relation, file)
