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
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mechgraph.io.base import ImportedNetwork, NetworkBuilder, Progress, brief, node_name
from mechgraph.io.interactions import (
    UNSIGNED,
    InteractionReader,
    Separator,
    parse_sign,
    split_cells,
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
    """``"source=geneA,target=geneB,sign=mode"`` -> ``{"source": "geneA", ...}``; ValueError
    for a mapping :func:`check_columns` refuses.

    >>> parse_columns("source=a, target=b, sign=mode")
    {'source': 'a', 'target': 'b', 'sign': 'mode'}
    """
    mapping: dict[str, str] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        role, sep, column = item.partition("=")
        if not sep or not column.strip():
            raise ValueError(f"'{item.strip()}' must be ROLE=COLUMN (e.g. sign=mode)")
        mapping[role] = column
    return check_columns(mapping)


def check_columns(mapping: Mapping[str, str]) -> dict[str, str]:
    """``mapping`` (role -> column) with its roles in lower case and its names stripped,
    if a table can be read with it: known roles, the source and target columns, and a sign
    column or both the stimulation and the inhibition column (one of the two alone does not
    say the sign of a row whose flag is 0). ValueError says what is wrong.

    >>> check_columns({"source": "a", "target": "b", "stimulation": "s"})
    Traceback (most recent call last):
    ...
    ValueError: --columns names stimulation but not inhibition: give both (stimulation=COLUMN,inhibition=COLUMN), or a sign column (sign=COLUMN) instead
    """  # noqa: E501
    checked = {role.strip().lower(): column.strip() for role, column in mapping.items()}
    for role in checked:
        if role not in ROLES:
            raise ValueError(f"unknown role '{role}' (known: {', '.join(ROLES)})")
    if not checked:
        return checked
    if not {"source", "target"} <= checked.keys():
        raise ValueError("--columns must name at least the source and target columns")
    flags = [role for role in ("stimulation", "inhibition") if role in checked]
    if len(flags) == 1:
        given, missing = flags[0], ({"stimulation", "inhibition"} - set(flags)).pop()
        raise ValueError(
            f"--columns names {given} but not {missing}: give both (stimulation=COLUMN,"
            "inhibition=COLUMN), or a sign column (sign=COLUMN) instead"
        )
    if "sign" not in checked and not flags:
        raise ValueError("--columns must name a sign column, or stimulation/inhibition columns")
    return checked


#: Where a node's original identifiers are: (cell, cell naming their database or None,
#: separator of several or "").
_Ids = list[tuple[int, int | None, str]]


@dataclass
class _Plan:
    """Which cell holds what (indexes into a row). The sign comes from the ``sign`` cell,
    else from the (stimulation, inhibition) ``flags``; with neither (a kinase-substrate
    table, ``unsigned`` says which) every row is skipped as unsigned."""

    source: int
    target: int
    sign: int | None = None
    flags: tuple[int, int] | None = None
    directed: int | None = None
    source_ids: _Ids = field(default_factory=list)
    target_ids: _Ids = field(default_factory=list)
    file: int | None = None
    line: int | None = None
    relation: int | None = None
    unsigned: str = ""
    comma: bool = False
    annotated: bool = False

    def annotates(self) -> bool:
        """Whether a row says more than its edge: its nodes' original identifiers, or the
        file, line and relation of the row a normalised copy copies."""
        ids = self.source_ids or self.target_ids
        return bool(ids) or self.line is not None or self.relation is not None

    @property
    def width(self) -> int:
        """How many cells a row needs at least."""
        used = [self.source, self.target, self.sign, self.directed, *(self.flags or ())]
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
    if columns:
        return _mapped_plan(header, columns, where)
    known = _known_plan(where)
    if known is not None:
        for role, index in (("source", known.source), ("target", known.target)):
            if _holds_databases(index, sample):
                return _ask(f"the {role} column '{header[index]}' holds database names, not nodes")
        return known
    return _generic_plan(header, names, where, sample)


def _mapped_plan(header: list[str], columns: dict[str, str], where: dict[str, int]) -> _Plan | str:
    """The plan ``columns`` (role -> column, see :func:`check_columns`) says, or the column
    the header lacks."""
    found = {}
    for role, column in columns.items():
        if column.lower() not in where:
            return f"no column '{column}' (for {role}) in the header: {_listed(header)}"
        found[role] = where[column.lower()]
    plan = _Plan(
        found["source"],
        found["target"],
        sign=found.get("sign"),
        directed=found.get("directed"),
    )
    if "stimulation" in found:  # and inhibition: check_columns wants both
        plan.flags = (found["stimulation"], found["inhibition"])
    if "source_id" in found:
        plan.source_ids.append((found["source_id"], None, ""))
    if "target_id" in found:
        plan.target_ids.append((found["target_id"], None, ""))
    return plan


def _flag_columns(where: dict[str, int]) -> tuple[int, int] | None:
    """The stimulation and inhibition columns (OmniPath's consensus ones first), if the
    header has both."""
    stimulation = next((where[c] for c in _STIMULATION if c in where), None)
    inhibition = next((where[c] for c in _INHIBITION if c in where), None)
    if stimulation is None or inhibition is None:
        return None
    return stimulation, inhibition


def _own_sign(where: dict[str, int]) -> int | None:
    """A sign column of the user's own (``sign``, ``effect``, ``mode``...), if any."""
    return next((where[c] for c in _SIGN if c in where), None)


def _normalised_copy_plan(where: dict[str, int]) -> _Plan | None:
    """mechgraph's normalised copy: its original identifiers, file, line and relation."""
    if not {"source", "interaction", "target", "source_ids", "target_ids"} <= where.keys():
        return None
    plan = _Plan(where["source"], where["target"], sign=where["interaction"])
    plan.source_ids.append((where["source_ids"], None, "|"))
    plan.target_ids.append((where["target_ids"], None, "|"))
    plan.file, plan.line = where.get("file"), where.get("line")
    plan.relation = where.get("relation")
    return plan


def _signor_plan(where: dict[str, int]) -> _Plan | None:
    """SIGNOR: ENTITYA -> ENTITYB, signed by EFFECT (or INTERACTION), identifiers kept."""
    sign = where.get("effect", where.get("interaction"))
    if "entitya" not in where or "entityb" not in where or sign is None:
        return None
    plan = _Plan(where["entitya"], where["entityb"], sign=sign)
    sides = (("ida", "databasea", plan.source_ids), ("idb", "databaseb", plan.target_ids))
    for ids, database, into in sides:
        if ids in where:
            into.append((where[ids], where.get(database), ""))
    return plan


def _omnipath_plan(where: dict[str, int]) -> _Plan | None:
    """OmniPath interactions: signed by the stimulation / inhibition flags, gene symbols
    naming the nodes when there are some (the accessions kept)."""
    flags = _flag_columns(where)
    if "source" not in where or "target" not in where or flags is None:
        return None
    plan = _Plan(where["source"], where["target"], flags=flags, directed=where.get("is_directed"))
    source_symbol = where.get("source_genesymbol")
    target_symbol = where.get("target_genesymbol")
    if source_symbol is not None and target_symbol is not None:
        plan.source_ids.append((plan.source, None, ""))
        plan.target_ids.append((plan.target, None, ""))
        plan.source, plan.target = source_symbol, target_symbol
    return plan


def _is_kinase_substrate(where: dict[str, int]) -> bool:
    """Whether the header is PhosphoSitePlus's (kinase and substrate, or their accessions)."""
    return (
        "kinase" in where and "substrate" in where or {"kin_acc_id", "sub_acc_id"} <= where.keys()
    )


def _kinase_substrate_plan(where: dict[str, int]) -> _Plan | None:
    """PhosphoSitePlus: kinase (GENE, else KINASE) -> substrate (SUB_GENE, else
    SUBSTRATE), unsigned unless a sign column of the user's own says."""
    source = where.get("gene", where.get("kinase"))
    target = where.get("sub_gene", where.get("substrate"))
    if not _is_kinase_substrate(where) or source is None or target is None:
        return None
    plan = _Plan(source, target, sign=_own_sign(where))
    if plan.sign is None:
        plan.unsigned = "kinase-substrate table (PhosphoSitePlus columns)"
    for ids, into in (("kin_acc_id", plan.source_ids), ("sub_acc_id", plan.target_ids)):
        if ids in where:
            into.append((where[ids], None, ""))
    return plan


def _enzyme_substrate_plan(where: dict[str, int]) -> _Plan | None:
    """OmniPath enzyme-substrate: enzyme -> substrate (gene symbols when given),
    unsigned unless a sign column of the user's own says."""
    if "enzyme" not in where or "substrate" not in where or _is_kinase_substrate(where):
        return None
    plan = _Plan(
        where.get("enzyme_genesymbol", where["enzyme"]),
        where.get("substrate_genesymbol", where["substrate"]),
        sign=_own_sign(where),
    )
    if plan.sign is None:
        plan.unsigned = "enzyme-substrate table (OmniPath columns)"
    if "enzyme_genesymbol" in where and "substrate_genesymbol" in where:
        plan.source_ids.append((where["enzyme"], None, ""))
        plan.target_ids.append((where["substrate"], None, ""))
    return plan


#: The headers known by their column names (see the module docstring), in the order tried.
_KNOWN_PLANS: tuple[Callable[[dict[str, int]], _Plan | None], ...] = (
    _normalised_copy_plan,
    _signor_plan,
    _omnipath_plan,
    _kinase_substrate_plan,
    _enzyme_substrate_plan,
)


def _known_plan(where: dict[str, int]) -> _Plan | None:
    """The plan of a header we know by its column names, or None."""
    for plan_of in _KNOWN_PLANS:
        plan = plan_of(where)
        if plan is not None:
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
    flags = _flag_columns(where)
    if flags is not None:
        return _Plan(sources[0], targets[0], flags=flags, directed=where.get("is_directed"))
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
_FLAG_RELATIONS = {1: "stimulation", 2: "inhibition", 3: "stimulation and inhibition"}


def _cell(cells: list[str], index: int | None) -> str:
    """The cell ``index`` of a row, stripped; '' when there is no such column or the row
    is shorter."""
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _xrefs(cells: list[str], specs: _Ids) -> list[str]:
    """The original identifiers of a node in a row (a UniProt accession or a database's
    identifier as a CURIE)."""
    found = []
    for index, database, separator in specs:
        raw = _cell(cells, index)
        if not raw:
            continue
        values = raw.split(separator) if separator else [raw]
        named = _cell(cells, database)
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
    """A flag cell: True (1, true, yes...), False (0, false, no, empty) or None."""
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a cell is longer than {csv.field_size_limit():,} characters"
    return text


def read_table(
    path: Path | str,
    name: str,
    *,
    columns: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    format: str = "table",
    strict: bool = False,
) -> ImportedNetwork:
    """Read a signed table (see the module docstring); ValidationError lists every
    malformed line, ValueError says what is wrong with ``columns`` (see
    :func:`check_columns`)."""
    mapping = check_columns(columns or {})
    reader = InteractionReader.open(path, name, format, progress=progress, strict=strict)
    return table_network(reader, mapping)


def table_network(
    reader: InteractionReader, columns: dict[str, str] | None = None
) -> ImportedNetwork:
    """The network of the table whose lines ``reader`` reads (comma-separated when its
    file is a ``.csv`` or its header has commas and no tabs), with the columns ``columns``
    (checked by :func:`check_columns`) names or, without them, those its header names."""
    columns = columns or {}
    builder = reader.builder
    found = _header(reader.lines, builder, Path(reader.file).suffix.lower() == ".csv", columns)
    if found is None:
        if not builder.problems:
            builder.problem(1, "empty file: expected a header row and signed rows")
        return builder.build()
    number, header, comma = found
    sample = _sample(reader.lines)
    plan = _plan(header, columns, _split_sample(sample, comma))
    if isinstance(plan, str):
        builder.problem(number, plan)
        return builder.build()
    if not sample:
        if not builder.problems:  # (rows that are not text are problems of their own)
            builder.problem(number, "a header row and no rows: expected signed rows after it")
        return builder.build()
    plan.comma, plan.annotated = comma, plan.annotates()
    _rows(reader, plan, itertools.chain(sample, reader.lines))
    if plan.unsigned and not builder.problems:
        builder.warning(
            number,
            f"a {plan.unsigned} gives no sign (a phosphorylation is neither an activation nor "
            f"an inhibition): its {builder.skipped.get(UNSIGNED, 0):,} rows are skipped as "
            "unsigned, as every unsigned relation is",
        )
    return builder.build()


def _sample(lines: Iterator[tuple[int, str]]) -> list[tuple[int, str]]:
    """The first :data:`SAMPLE` rows after the header that are not blank."""
    sample: list[tuple[int, str]] = []
    for item in lines:
        if item[1].strip():
            sample.append(item)
            if len(sample) == SAMPLE:
                break
    return sample


def _split_sample(sample: list[tuple[int, str]], comma: bool) -> list[list[str]]:
    """The sampled rows split into cells (rows that cannot be split left out: they are
    problems of their own later)."""
    cells = []
    for _, line in sample:
        try:
            cells.append(split_cells(line, "comma" if comma else "tab"))
        except csv.Error:
            continue
    return cells


def _rows(reader: InteractionReader, plan: _Plan, lines: Iterable[tuple[int, str]]) -> None:
    """Every row after the header, read with ``plan``; a row that cannot be split or has
    too few cells is a problem of its line."""
    width = plan.width
    separator: Separator = "comma" if plan.comma else "tab"
    for number, line in lines:
        if not line.strip():
            continue
        try:
            row = split_cells(line, separator)
        except csv.Error as exc:
            reader.problem(number, f"cannot split the row: {_csv_problem(exc)}")
            continue
        if len(row) < width:
            reader.problem(number, f"expected at least {width} cells, got {len(row)}")
            continue
        _row(reader, plan, row, number)


def _header(
    lines: Iterator[tuple[int, str]], builder: NetworkBuilder, comma: bool, columns: dict[str, str]
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
            cells = [c.strip() for c in split_cells(line, "comma" if separated else "tab")]
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


def _row(reader: InteractionReader, plan: _Plan, cells: list[str], number: int) -> None:
    """The edges of one row (its problem, or why it is skipped)."""
    source, target = cells[plan.source].strip(), cells[plan.target].strip()
    if plan.comma:  # a quoted CSV cell may hold a tab (a TSV cell cannot)
        source, target = node_name(source), node_name(target)
    if not source or not target:
        reader.problem(number, "empty source or target")
        return
    if plan.directed is not None and _flag(cells[plan.directed]) is False:
        reader.builder.skip("undirected")
        return
    if plan.sign is not None:
        relation = cells[plan.sign].strip()
        signs = reader.signs(number, relation)
    else:
        signs, relation = _flag_signs(reader, plan.flags, cells, number)
    if not signs:
        return
    if plan.annotated:
        _annotated_edges(reader, plan, cells, number, (source, target, relation), signs)
        return
    for sign in signs:
        reader.builder.edge(source, target, sign, number, relation)


def _flag_signs(
    reader: InteractionReader, flags: tuple[int, int] | None, cells: list[str], number: int
) -> tuple[tuple[Sign, ...], str]:
    """The signs of a row from its stimulation and inhibition ``flags`` (cells), and the
    relation that says them; none when it gives no edge: no flags (a table without a sign
    column, a kinase-substrate one) or neither flag set, skipped as unsigned; a flag that is
    not 1 or 0, a problem of its line."""
    if flags is None:
        reader.builder.skip(UNSIGNED)
        return (), ""
    stimulation, inhibition = (_flag(cells[i]) for i in flags)
    if stimulation is None or inhibition is None:
        shown = " / ".join(f"'{brief(cells[i])}'" for i in flags)
        reader.problem(
            number, f"stimulation / inhibition must be 1 or 0 (or true / false), got {shown}"
        )
        return (), ""
    if not stimulation and not inhibition:
        reader.builder.skip(UNSIGNED)
        return (), ""
    signs = tuple(s for s, on in ((Sign.PLUS, stimulation), (Sign.MINUS, inhibition)) if on)
    return signs, _FLAG_RELATIONS[stimulation + 2 * inhibition]


def _annotated_edges(
    reader: InteractionReader,
    plan: _Plan,
    cells: list[str],
    number: int,
    edge: tuple[str, str, str],
    signs: tuple[Sign, ...],
) -> None:
    """The edges (source, target, relation) of a row that says more: the original
    identifiers of its nodes, or (a normalised copy) the file, line and relation of the
    original row."""
    provenance = _provenance(reader, plan, cells, number)
    if provenance is None:
        return
    file, line = provenance
    source, target, relation = edge
    named = _cell(cells, plan.relation)
    if named:
        relation = node_name(named)
    if plan.source_ids:
        reader.builder.node(source, *_xrefs(cells, plan.source_ids))
    if plan.target_ids:
        reader.builder.node(target, *_xrefs(cells, plan.target_ids))
    reader.edges(number, source, [target], signs, relation, line=line, file=file)


def _provenance(
    reader: InteractionReader, plan: _Plan, cells: list[str], number: int
) -> tuple[str | None, int] | None:
    """The file and line a row of a normalised copy comes from (its own line otherwise);
    None, with a problem, for a line cell that is not a line number."""
    if plan.line is None:
        return None, number
    original = _cell(cells, plan.line)
    if not _DIGITS.fullmatch(original) or int(original) > _MAX_LINE_NUMBER:
        reader.problem(
            number, f"'line' must be a line number (digits 0-9), got '{brief(original)}'"
        )
        return None
    file = _cell(cells, plan.file)
    return (node_name(file) if file else None), int(original)
