"""Signed tables with a header row: tab-separated (``.tsv``, ``.txt``) or comma-separated
(``.csv``, or a header line without tabs).

Columns are found by name (case does not matter):

* **mechgraph / CARNIVAL / COSMOS**: ``source``, ``interaction`` (``1`` / ``-1``),
  ``target``; the normalised copy written by ``mechgraph import`` adds ``source_ids``,
  ``target_ids`` (``|``-separated original identifiers), ``relation``, ``file`` and ``line``
  (the original row, kept as the edge's provenance).
* **OmniPath** interactions (web service, ``interactions`` / ``OmnipathR`` columns):
  ``source``, ``target`` (UniProt accessions), the sign from ``consensus_stimulation`` /
  ``consensus_inhibition`` (else ``is_stimulation`` / ``is_inhibition``): stimulation only
  gives ``+``, inhibition only ``-``, both give both edges, neither is unsigned (skipped);
  rows with ``is_directed`` 0 are skipped. With ``source_genesymbol`` /
  ``target_genesymbol`` the gene symbol names the node and the accession is kept as
  ``UniProt:...``. Its ``sources`` column (the databases) is never a node column.
* **SIGNOR**: ``ENTITYA``, ``ENTITYB`` and the sign from ``EFFECT`` (the ``ENTITYA ...
  SIGNOR_ID`` download) or ``INTERACTION`` (SIGNOR's own export, ``ENTITYA ENTITYB
  INTERACTION IDA IDB ... SOURCE DIRECT``, where ``SOURCE`` names the database):
  ``up-regulates ...`` ``+``, ``down-regulates ...`` ``-``; ``form complex``, ``binding``,
  ``unknown`` unsigned. ``IDA`` / ``DATABASEA`` (``IDB`` / ``DATABASEB``) are kept as
  ``UniProt:P...``, ``CHEBI:...``.
* **kinase-substrate tables** (PhosphoSitePlus ``GENE KINASE KIN_ACC_ID ... SUBSTRATE
  SUB_ACC_ID SUB_GENE``, OmniPath's ``enzyme`` / ``substrate``): kinase (``GENE``, else
  ``KINASE``) -> substrate (``SUB_GENE``, else ``SUBSTRATE``), accessions kept. They give no
  sign, so every row is skipped as ``unsigned`` (as any unsigned relation is) and a warning
  says so; with a sign column of the user's own (``sign``, ``effect``..., or named with
  ``columns``) its rows are signed edges. Up to three lines before the header
  (PhosphoSitePlus's date and licence) are skipped, with a warning.
* **any other**: a source column (``source``, ``from``, ``regulator``, ``node1``), a target
  column (``target``, ``to``, ``regulated``, ``node2``) and a sign column (``interaction``,
  ``sign``, ``effect``, ``relation``, ``mode``, ``regulation``); or say which with
  ``columns`` (``--columns source=geneA,target=geneB,sign=mode``; roles: ``source``,
  ``target``, ``sign``, ``stimulation``, ``inhibition``, ``directed``, ``source_id``,
  ``target_id``).

A column whose values (in the first :data:`SAMPLE` rows) are names of databases
(``SIGNOR``, ``PsP``, ``SIGNOR;PsP``, ``OmniPath``, ``Reactome``, ``KEGG``...) is never
taken as a node column. When the header leaves the choice open (two source columns, two
sign columns whose values are all sign words, node columns that hold database names), the
import stops with one error naming the candidate columns and asking for ``columns``.

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
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mechgraph.io.base import (
    UNSIGNED,
    ImportedNetwork,
    NetworkBuilder,
    Progress,
    brief,
    lines_of,
    node_name,
    parse_sign,
)
from mechgraph.model.vocab import Sign

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
_STIMULATION = ("consensus_stimulation", "is_stimulation")
_INHIBITION = ("consensus_inhibition", "is_inhibition")
#: Column names that mark a line as the header (a line before it is a preamble).
_KNOWN = {
    *_SOURCE,
    *_TARGET,
    *_SIGN,
    *_STIMULATION,
    *_INHIBITION,
    "kinase",
    "substrate",
    "kin_acc_id",
    "sub_acc_id",
    "sub_gene",
    "enzyme",
}
_TRUE = {"1", "true", "t", "yes", "y"}
_FALSE = {"0", "false", "f", "no", "n", ""}
#: SIGNOR's DATABASEA/B values -> our CURIE prefixes.
_DATABASES = {"uniprot": "UniProt", "chebi": "CHEBI", "pubchem": "PubChem", "hgnc": "HGNC"}
#: Interaction and pathway databases, as they appear in the ``SOURCE`` / ``sources``
#: columns of SIGNOR, OmniPath and PhosphoSitePlus exports (lower case; OmniPath's
#: ``NAME_SUFFIX`` forms such as ``SPIKE_LC`` count by their first part).
DATABASE_NAMES = frozenset(
    {
        "signor",
        "psp",
        "phosphosite",
        "phosphositeplus",
        "omnipath",
        "reactome",
        "kegg",
        "kegg-medicus",
        "biogrid",
        "intact",
        "hprd",
        "hprd-phos",
        "string",
        "mint",
        "dip",
        "spike",
        "signalink",
        "signalink2",
        "signalink3",
        "netpath",
        "innatedb",
        "trip",
        "trrust",
        "dorothea",
        "collectri",
        "depod",
        "phosphoelm",
        "phospho.elm",
        "phosphonetworks",
        "phosphopoint",
        "dbptm",
        "iptmnet",
        "protmapper",
        "mimp",
        "kea",
        "elm",
        "lmpid",
        "pdzbase",
        "hpmr",
        "guide2pharma",
        "cellphonedb",
        "cellchatdb",
        "cellinker",
        "icellnet",
        "connectomedb2020",
        "ramilowski2015",
        "baccin2019",
        "kirouac2010",
        "li2012",
        "lit-bm-17",
        "huri",
        "acsn",
        "arn",
        "nrf2ome",
        "ca1",
        "cancercellmap",
        "adhesome",
        "wikipathways",
        "pathwaycommons",
        "panther",
        "pid",
        "nci-pid",
        "biocarta",
        "humancyc",
        "inoh",
        "bel-large-corpus",
        "macrophage",
        "htridb",
        "oreganno",
        "pazar",
        "tfe",
        "gtrd",
        "jaspar",
        "encode",
        "cytosig",
    }
)
#: How many rows after the header are looked at to tell node columns from database ones.
SAMPLE = 200
#: How many lines before the header may be skipped (PhosphoSitePlus has three).
PREAMBLE = 3
_DIGITS = re.compile(r"[0-9]+")
_MAX_LINE_NUMBER = 2**63 - 1


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
    """Which cell holds what (indexes into a row). ``unsigned``: the table has no sign
    column at all (a kinase-substrate table): every row is skipped as unsigned."""

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
    unsigned: str = ""
    comma: bool = False

    @property
    def width(self) -> int:
        used = [self.source, self.target, self.sign, self.stimulation, self.inhibition]
        used.append(self.directed)
        return max(i for i in used if i is not None) + 1


def is_database_list(value: str) -> bool:
    """Whether a cell names databases (``SIGNOR``, ``SIGNOR;PsP``, ``SPIKE_LC``...), not a
    node.

    >>> is_database_list("SIGNOR;PsP"), is_database_list("SPIKE_LC"), is_database_list("STAT1")
    (True, True, False)
    """
    parts = [p.strip().lower() for p in re.split(r"[;,|]", value) if p.strip()]
    return bool(parts) and all(
        p in DATABASE_NAMES or p.split("_", 1)[0] in DATABASE_NAMES for p in parts
    )


def _holds_databases(column: int, sample: list[list[str]]) -> bool:
    """Whether most of a column's sampled values (80 %) are database names."""
    values = [row[column].strip() for row in sample if column < len(row) and row[column].strip()]
    if not values:
        return False
    return sum(map(is_database_list, values)) >= 0.8 * len(values)


def _all_signs(column: int, sample: list[list[str]]) -> bool:
    """Whether every sampled value of a column is a sign word (signed or unsigned)."""
    values = [row[column] for row in sample if column < len(row)]
    return bool(values) and all(parse_sign(v) is not None for v in values)


def _listed(header: list[str]) -> str:
    """The header's cells for a message (long ones and long headers cut short)."""
    shown = ", ".join(brief(cell, 40) for cell in header[:40])
    return shown + (f", ... ({len(header)} columns)" if len(header) > 40 else "")


def _quoted(header: list[str], columns: list[int]) -> str:
    return " or ".join(f"'{header[i]}'" for i in columns)


def _ask(why: str) -> str:
    return (
        f"{why}; say which columns hold what with --columns source=COLUMN,target=COLUMN,sign=COLUMN"
    )


def _plan(header: list[str], columns: dict[str, str], sample: list[list[str]]) -> _Plan | str:
    """The plan for this header (``sample``: the first rows, split), or what is wrong."""
    names = [h.strip().lower() for h in header]
    where = {name: i for i, name in reversed(list(enumerate(names)))}

    def first(candidates) -> int | None:
        return next((where[c] for c in candidates if c in where), None)

    if columns:
        found = {}
        for role, column in columns.items():
            if column.lower() not in where:
                return f"no column '{column}' (for {role}) in the header: {_listed(header)}"
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

    known = _known_plan(where)
    if known is not None:
        for role, index in (("source", known.source), ("target", known.target)):
            if _holds_databases(index, sample):
                return _ask(f"the {role} column '{header[index]}' holds database names, not nodes")
        return known
    return _generic_plan(header, names, where, sample)


def _known_plan(where: dict[str, int]) -> _Plan | None:
    """The plan of a header we know by its column names (see the module docstring)."""
    if {"source", "interaction", "target", "source_ids", "target_ids"} <= where.keys():
        plan = _Plan(where["source"], where["target"], sign=where["interaction"])
        plan.source_ids.append((where["source_ids"], None, "|"))  # mechgraph's normalised copy
        plan.target_ids.append((where["target_ids"], None, "|"))
        plan.file, plan.line = where.get("file"), where.get("line")
        plan.relation = where.get("relation")
        return plan
    sign = where.get("effect", where.get("interaction"))
    if "entitya" in where and "entityb" in where and sign is not None:  # SIGNOR
        plan = _Plan(where["entitya"], where["entityb"], sign=sign)
        sides = (("ida", "databasea", plan.source_ids), ("idb", "databaseb", plan.target_ids))
        for ids, database, into in sides:
            if ids in where:
                into.append((where[ids], where.get(database), ""))
        return plan
    stim = next((where[c] for c in _STIMULATION if c in where), None)
    inhib = next((where[c] for c in _INHIBITION if c in where), None)
    if "source" in where and "target" in where and stim is not None and inhib is not None:
        plan = _Plan(where["source"], where["target"], stimulation=stim, inhibition=inhib)
        plan.directed = where.get("is_directed")  # OmniPath
        source_symbol = where.get("source_genesymbol")
        target_symbol = where.get("target_genesymbol")
        if source_symbol is not None and target_symbol is not None:
            plan.source_ids.append((plan.source, None, ""))
            plan.target_ids.append((plan.target, None, ""))
            plan.source, plan.target = source_symbol, target_symbol
        return plan
    sign = next((where[c] for c in _SIGN if c in where), None)  # a sign of the user's own
    if "kinase" in where and "substrate" in where or {"kin_acc_id", "sub_acc_id"} <= where.keys():
        source = where.get("gene", where.get("kinase"))  # PhosphoSitePlus
        target = where.get("sub_gene", where.get("substrate"))
        if source is None or target is None:
            return None
        plan = _Plan(source, target, sign=sign)
        if sign is None:
            plan.unsigned = "kinase-substrate table (PhosphoSitePlus columns)"
        for ids, into in (("kin_acc_id", plan.source_ids), ("sub_acc_id", plan.target_ids)):
            if ids in where:
                into.append((where[ids], None, ""))
        return plan
    if "enzyme" in where and "substrate" in where:  # OmniPath enzyme-substrate
        plan = _Plan(
            where.get("enzyme_genesymbol", where["enzyme"]),
            where.get("substrate_genesymbol", where["substrate"]),
            sign=sign,
        )
        if sign is None:
            plan.unsigned = "enzyme-substrate table (OmniPath columns)"
        if "enzyme_genesymbol" in where and "substrate_genesymbol" in where:
            plan.source_ids.append((where["enzyme"], None, ""))
            plan.target_ids.append((where["substrate"], None, ""))
        return plan
    return None


def _generic_plan(
    header: list[str], names: list[str], where: dict[str, int], sample: list[list[str]]
) -> _Plan | str:
    """Source, target and sign columns found by name, database columns left out; what is
    wrong (nothing found, or a choice the header leaves open) otherwise."""
    sources = [i for i, n in enumerate(names) if n in _SOURCE]
    targets = [i for i, n in enumerate(names) if n in _TARGET]
    databases = [i for i in sources + targets if _holds_databases(i, sample)]
    sources = [i for i in sources if i not in databases]
    targets = [i for i in targets if i not in databases]
    if not sources or not targets:
        if databases:
            held = ", ".join(f"'{header[i]}'" for i in databases)
            return _ask(f"column {held} holds database names (e.g. SIGNOR, PsP), not nodes")
        return (
            "the header must name a source and a target column "
            f"(e.g. source, target), got: {_listed(header)}; or use --columns"
        )
    open_choices = [
        f"{role} could be {_quoted(header, found)}"
        for role, found in (("source", sources), ("target", targets))
        if len(found) > 1
    ]
    if open_choices:
        return _ask("the header leaves the columns open: " + "; ".join(open_choices))
    stim = next((where[c] for c in _STIMULATION if c in where), None)
    inhib = next((where[c] for c in _INHIBITION if c in where), None)
    if stim is not None and inhib is not None:
        plan = _Plan(sources[0], targets[0], stimulation=stim, inhibition=inhib)
        plan.directed = where.get("is_directed")
        return plan
    signs = [i for i, n in enumerate(names) if n in _SIGN]
    if len(signs) > 1:
        signs = [i for i in signs if _all_signs(i, sample)] or signs
    if len(signs) > 1:
        return _ask(f"the header leaves the columns open: sign could be {_quoted(header, signs)}")
    if not signs:
        return (
            "the header must name a sign column (interaction, sign, effect, relation, mode) "
            f"or stimulation/inhibition columns, got: {_listed(header)}; or use --columns"
        )
    return _Plan(sources[0], targets[0], sign=signs[0])


_UNIPROT = re.compile(r"^([OPQ][0-9][A-Z0-9]{3}[0-9]|[A-NR-Z][0-9]([A-Z][A-Z0-9]{2}[0-9]){1,2})$")


def _xrefs(cells: list[str], specs: list[tuple[int, int | None, str]]) -> list[str]:
    found = []
    for index, database, separator in specs:
        raw = cells[index].strip() if index < len(cells) else ""
        if not raw:
            continue
        values = raw.split(separator) if separator else [raw]
        named = cells[database].strip() if database is not None and database < len(cells) else ""
        prefix = _DATABASES.get(named.lower(), named)
        for value in (node_name(v) for v in values):
            if not value:
                continue
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
        return next(csv.reader([line]), [])
    return line.split("\t")


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a cell is longer than {csv.field_size_limit():,} characters"
    return text


def read_table(
    path: Path | str,
    name: str,
    *,
    columns: dict[str, str] | None = None,
    progress: Progress | None = None,
    format: str = "table",
    strict: bool = False,
) -> ImportedNetwork:
    """Read a signed table (see the module docstring); ValidationError lists every
    malformed line."""
    path = Path(path)
    builder = NetworkBuilder(name, format, str(path), strict=strict)
    comma = path.suffix.lower() == ".csv"
    lines = iter(lines_of(path, builder, progress))
    found = _header(lines, builder, comma, columns or {})
    if found is None:
        if not builder.problems:
            builder.problem(1, "empty file: expected a header row and signed rows")
        return builder.build()
    number, header, comma = found
    header_line = number
    sample: list[tuple[int, str]] = []
    for item in lines:
        if item[1].strip():
            sample.append(item)
            if len(sample) == SAMPLE:
                break
    cells = []
    for _, line in sample:
        try:
            cells.append(_split(line, comma))
        except csv.Error:
            continue
    plan = _plan(header, columns or {}, cells)
    if isinstance(plan, str):
        builder.problem(number, plan)
        return builder.build()
    if not sample:
        if not builder.problems:  # (rows that are not text are problems of their own)
            builder.problem(number, "a header row and no rows: expected signed rows after it")
        return builder.build()
    width = plan.width
    plan.comma = comma
    for number, line in itertools.chain(sample, lines):
        if not line.strip():
            continue
        try:
            row = _split(line, comma)
        except csv.Error as exc:
            builder.problem(number, f"cannot split the row: {_csv_problem(exc)}")
            continue
        if len(row) < width:
            builder.problem(number, f"expected at least {width} cells, got {len(row)}")
            continue
        _row(builder, plan, row, number)
    if plan.unsigned and not builder.problems:
        builder.warning(
            header_line,
            f"a {plan.unsigned} gives no sign (a phosphorylation is neither an activation nor "
            f"an inhibition): its {builder.skipped.get(UNSIGNED, 0):,} rows are skipped as "
            "unsigned, as every unsigned relation is",
        )
    return builder.build()


def _header(
    lines: Iterator[tuple[int, str]], builder: NetworkBuilder, comma: bool, columns: dict
) -> tuple[int, list[str], bool] | None:
    """``(line number, header cells, comma-separated?)`` of the header row, skipping blank
    lines, ``#`` comments and up to :data:`PREAMBLE` lines before a row that names known
    columns (a warning says so); None (with a problem) if there is none."""
    wanted = {c.lower() for c in columns.values()} if columns else _KNOWN
    first: tuple[int, list[str], bool] | None = None
    candidates = 0
    for number, line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        separated = comma or ("\t" not in line and "," in line)
        try:
            cells = [c.strip() for c in _split(line, separated)]
        except csv.Error as exc:
            cells = None
            problem = f"cannot read the header row: {_csv_problem(exc)}"
        if cells is not None and wanted & {c.lower() for c in cells}:
            if first is not None:
                builder.warning(
                    first[0],
                    f"lines {first[0]}-{number - 1} before the header row (line {number}) "
                    "were skipped",
                )
            return number, cells, separated
        if first is None:
            if cells is None:
                builder.problem(number, problem)
                return None
            first = (number, cells, separated)
        candidates += 1
        if candidates > PREAMBLE:
            break
    return first


def _row(builder: NetworkBuilder, plan: _Plan, cells: list[str], number: int) -> None:
    source, target = cells[plan.source].strip(), cells[plan.target].strip()
    if plan.comma:  # a quoted CSV cell may hold a tab (a TSV cell cannot)
        source, target = node_name(source), node_name(target)
    if not source or not target:
        builder.problem(number, "empty source or target")
        return
    if plan.directed is not None and _flag(cells[plan.directed]) is False:
        builder.skip("undirected")
        return
    if plan.unsigned:
        builder.skip(UNSIGNED)
        return
    signs: list[Sign] = []
    relation = ""
    if plan.sign is not None:
        relation = cells[plan.sign].strip()
        sign = parse_sign(relation)
        if sign is None:
            builder.problem(
                number,
                f"unknown interaction '{brief(relation)}' (use 1 / -1, activation / "
                "inhibition, up-regulates / down-regulates; 0, unknown or binding for unsigned "
                "rows)",
            )
            return
        if sign == UNSIGNED:
            builder.skip(UNSIGNED)
            return
        signs = [sign]
    else:
        # No sign column: stimulation and inhibition columns. (Not yet guaranteed when
        # --columns names only one of the two: that was a TypeError here, now this assert.)
        assert plan.stimulation is not None and plan.inhibition is not None
        stimulation = _flag(cells[plan.stimulation])
        inhibition = _flag(cells[plan.inhibition])
        if stimulation is None or inhibition is None:
            builder.problem(
                number,
                "stimulation / inhibition must be 1 or 0 (or true / false), got "
                f"'{brief(cells[plan.stimulation])}' / '{brief(cells[plan.inhibition])}'",
            )
            return
        signs = [s for s, on in ((Sign.PLUS, stimulation), (Sign.MINUS, inhibition)) if on]
        relation = {1: "stimulation", 2: "inhibition", 3: "stimulation and inhibition"}.get(
            stimulation + 2 * inhibition, ""
        )
        if not signs:
            builder.skip(UNSIGNED)
            return
    file, line = None, number
    if plan.line is not None:
        original = cells[plan.line].strip() if plan.line < len(cells) else ""
        if not _DIGITS.fullmatch(original) or int(original) > _MAX_LINE_NUMBER:
            builder.problem(
                number, f"'line' must be a line number (digits 0-9), got '{brief(original)}'"
            )
            return
        line = int(original)
        if plan.file is not None and plan.file < len(cells) and cells[plan.file].strip():
            file = node_name(cells[plan.file])
    if plan.relation is not None and plan.relation < len(cells) and cells[plan.relation].strip():
        relation = node_name(cells[plan.relation])
    if plan.source_ids:
        builder.node(source, *_xrefs(cells, plan.source_ids))
    if plan.target_ids:
        builder.node(target, *_xrefs(cells, plan.target_ids))
    for sign in signs:
        builder.edge(source, target, sign, line, relation, file)
