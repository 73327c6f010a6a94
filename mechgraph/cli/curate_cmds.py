"""Curation commands: ``validate`` (the quality report), ``curate add-entity`` /
``curate add-claim`` (safe editing) and ``fmt`` (canonical layout of the tables).

Editing commands never leave a table half-written: the whole knowledge base is validated
with the change in place before anything is written, and the file is replaced atomically
(a temporary file in the same folder, then a rename).
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mechgraph.cli.common import emit_json, fail
from mechgraph.cli.options import JsonOption, KbOption

if TYPE_CHECKING:
    from mechgraph.api import KnowledgeBase, Problem

SourcesOption = Annotated[
    Path | None,
    typer.Option(
        "--sources",
        help="Folder with the documents' texts: check every quote against them.",
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Validate and print the row, but write nothing.")
]
FAIL_ON_VALUES = ("error", "warn", "info", "none")
#: The value of one column of a new row (None: not given; asked for on a terminal when the
#: column is required), and the items of a '|'-list column (a repeatable option).
Cell = str | None
Cells = list[str] | None


def _root(kb: Path | None, writing: bool = False) -> Path:
    """The knowledge-base folder to work on; when ``writing``, one that is not an installed
    copy (usage error otherwise, before anything is asked or read)."""
    from mechgraph.api import EditError, check_editable, default_kb_dir

    root = kb if kb is not None else default_kb_dir()
    if writing:
        try:
            check_editable(root)
        except EditError as exc:
            fail(str(exc), 2)
    return root


# -- validate ---------------------------------------------------------------------------


def validate(
    sources: SourcesOption = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help="Exit 1 if any problem is at this level or above: error, warn, info or none.",
            metavar="LEVEL",
        ),
    ] = "error",
    reasoner: Annotated[
        bool,
        typer.Option(
            "--reasoner/--no-reasoner",
            help="Also check the OWL form with the HermiT reasoner (needs Java; ~3 s).",
        ),
    ] = False,
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Check the curated sources: a quality report with one line per problem,
    file:line: LEVEL rule: message, and a fix hint below it.

    Levels: ERROR (the row cannot be used), WARN (probably a mistake: conflicting claims,
    an entity nothing refers to, an unknown column), INFO (worth a look: tables not in
    'mechgraph fmt' layout, agents acting only through their class, quotes of documents
    without text). Exits 1 if any problem is at or above --fail-on (default: error).

    Examples:

      mechgraph validate

      mechgraph validate --sources ../shared/seeds --fail-on warn

      mechgraph validate --reasoner

      mechgraph validate --kb my-copy/ontology --json
    """
    from mechgraph.api import Level, at_or_above, display_path
    from mechgraph.api import validate as run_validate
    from mechgraph.views.text import validation_text

    if fail_on.strip().lower() not in FAIL_ON_VALUES:
        fail(f"--fail-on must be one of {', '.join(FAIL_ON_VALUES)}, not '{fail_on}'", 2)
    threshold = None if fail_on.strip().lower() == "none" else Level.parse(fail_on)
    root = _root(kb)
    if sources is not None and not sources.is_dir():
        fail(f"--sources: folder not found: {sources}", 2)
    result = run_validate(root, sources, report=True, reasoner=reasoner)
    failing = at_or_above(result.problems, threshold)
    if as_json:
        ordered = sorted(result.problems, key=lambda p: (-p.level.rank, p.file, p.line))
        emit_json(
            {
                "ok": not failing,
                "fail_on": threshold.value if threshold else "none",
                "counts": result.counts(),  # those not listed included
                "problems": [p.to_dict() for p in ordered],
                "notes": result.notes,
                "stats": result.kb.stats(),
            }
        )
    else:
        typer.echo(validation_text(result, display_path(root)))
    if failing:
        raise typer.Exit(1)


# -- fmt --------------------------------------------------------------------------------


def fmt(
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if a file is not in canonical layout."),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print what would change (unified diff); write nothing.")
    ] = False,
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Rewrite the tables in canonical layout (content unchanged; running it twice changes
    nothing).

    Canonical layout: columns in the documented order (all of them; extra columns kept at
    the end), every cell trimmed, '|'-lists without spaces or empty items, claims sorted by
    id, classes after their parent class (otherwise rows keep their order), comments kept
    with the row below them, blank lines removed, UTF-8 with '\\n' line ends. A table that
    cannot be laid out safely (a row with too many cells, a missing column) is left as it
    is and reported (exit 1).

    Examples:

      mechgraph fmt

      mechgraph fmt --check

      mechgraph fmt --diff --kb my-copy/ontology
    """
    from mechgraph import api
    from mechgraph.views.text import format_text

    write = not (check or diff)
    root = _root(kb, writing=write)
    if not root.is_dir():
        fail(f"knowledge-base folder not found: {api.display_path(root)}", 2)
    with _editing(root, dry_run=not write):
        try:
            done = api.format_kb(root, write=write)
        except OSError as exc:
            fail(str(exc), 1)
    tables, changed, written, broken = done.tables, done.changed, done.written, done.broken
    if diff and not as_json:
        for table in changed:
            typer.echo(table.diff(), nl=False)
    for table in broken:
        assert table.error is not None
        where = f"{table.display}:{table.error.line}" if table.error.line else table.display
        typer.echo(f"mechgraph: error: {where}: cannot format: {table.error}", err=True)
    if as_json:
        emit_json(
            {
                "changed": [t.display for t in changed],
                "written": [t.display for t in written],
                "unchanged": [t.display for t in tables if not t.changed and t.error is None],
                "errors": [
                    {"file": t.display, "line": t.error.line, "message": str(t.error)}
                    for t in broken
                    if t.error is not None
                ],
            }
        )
    else:
        typer.echo(format_text(done, api.display_path(root), write))
    if broken or (check and changed):
        raise typer.Exit(1)


# -- curate -----------------------------------------------------------------------------

curate = typer.Typer(
    name="curate",
    help="Add rows to the curated tables safely: the whole knowledge base is validated with "
    "the change before the file is (atomically) written.\n\n"
    "Example: mechgraph curate add-claim --subject Nanocarrier --relation decreases ...",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@dataclass(frozen=True)
class Field:
    """A value the editing commands need: its column, option, and how to ask for it."""

    column: str
    option: str
    label: str
    choices: tuple[str, ...] = ()  # allowed values (listed when few, checked when given)
    default: str = ""
    list_choices: bool = True
    normalise: Callable[[str], str] | None = None  # e.g. a name -> its id


def interactive() -> bool:
    """True when a person can answer prompts (standard input is a terminal)."""
    return sys.stdin.isatty()


def _terminal_read(text: str, default: str) -> str:
    """Ask on standard error, read a line from standard input (standard output stays clean
    for the result)."""
    sys.stderr.write(f"{text} [{default}]: " if default else f"{text}: ")
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        fail("input ended before every required value was given; nothing written", 2)
    return line.rstrip("\r\n") or default


def _terminal_write(text: str) -> None:
    typer.echo(text, err=True)


def ask(
    field: Field,
    read: Callable[[str, str], str] = _terminal_read,
    write: Callable[[str], None] = _terminal_write,
    attempts: int = 5,
) -> str:
    """Ask for one value until it is given (and, with choices, is one of them).

    A number picks a listed choice. Gives up (usage error) after ``attempts`` bad answers.
    """
    import difflib

    listed = field.list_choices and 0 < len(field.choices) <= 40
    if listed:
        for number, choice in enumerate(field.choices, start=1):
            write(f"  {number:>2}. {choice}")
    for _ in range(attempts):
        answer = read(field.label, field.default).strip()
        if answer and field.normalise is not None:
            answer = field.normalise(answer)
        if (
            listed
            and answer.isascii()
            and answer.isdigit()
            and 1 <= int(answer) <= len(field.choices)
        ):
            return field.choices[int(answer) - 1]
        if not answer:
            write(f"{field.label} is required")
        elif field.choices and answer not in field.choices:
            close = difflib.get_close_matches(answer, field.choices, n=3)
            guess = f"; did you mean {' or '.join(close)}?" if close else ""
            write(f"'{answer}' is not one of the allowed values{guess}")
        else:
            return answer
    fail(f"no valid value for {field.option}", 2)


def fill_missing(
    fields: Sequence[Field],
    values: dict[str, str],
    can_ask: bool,
    read: Callable[[str, str], str] = _terminal_read,
    write: Callable[[str], None] = _terminal_write,
) -> dict[str, str]:
    """The values with every required field filled: asked for on a terminal, a usage error
    (exit 2) naming the missing options otherwise."""
    missing = [f for f in fields if not values.get(f.column, "").strip()]
    if missing and not can_ask:
        options = ", ".join(f.option for f in missing)
        fail(
            f"missing {options} (required; without a terminal give every required value as "
            "an option)",
            2,
        )
    filled = dict(values)
    for field in missing:
        filled[field.column] = ask(field, read, write)
    return filled


def _joined(items: Sequence[str] | None) -> str:
    return "|".join(item for item in items or () if item.strip())


def id_resolver(kb: KnowledgeBase, what: str, classes_only: bool = False) -> Callable[[str], str]:
    """A function turning a label or synonym into its id (told on standard error); ids and
    unknown names are returned as they are (validation names the unknown ones)."""
    from mechgraph.api import NameIndex, UnknownNameError

    index = NameIndex(kb)

    def resolve(name: str) -> str:
        name = name.strip()
        if not name or kb.concept(name) is not None:
            return name
        try:
            concept = index.resolve(name)
        except UnknownNameError:
            return name
        if classes_only and concept.kind != "class":
            return name
        typer.echo(f"mechgraph: note: {what} '{name}' is the id '{concept.id}'", err=True)
        return concept.id

    return resolve


def _resolve_items(values: dict[str, str], column: str, resolve: Callable[[str], str]) -> None:
    items = [item.strip() for item in values.get(column, "").split("|") if item.strip()]
    values[column] = "|".join(resolve(item) for item in items)


@contextmanager
def _editing(root: Path, dry_run: bool) -> Iterator[None]:
    """Hold the knowledge base's edit lock (none for a dry run): a concurrent edit waits,
    then is planned on the table this one wrote. Edit errors exit 1."""
    from mechgraph.api import EditError, edit_lock

    try:
        with nullcontext() if dry_run else edit_lock(root):
            yield
    except EditError as exc:
        fail(str(exc), 1)


def _add_row(
    root: Path,
    table: str,
    values: dict[str, str],
    sources: Path | None,
    dry_run: bool,
    as_json: bool,
    id_column: str,
) -> None:
    """Plan, validate and (unless ``dry_run``) atomically write one new row; called under
    :func:`_editing`. A claim without an id gets the next free one."""
    from mechgraph import api

    try:
        done = api.add_row(root, table, values, sources=sources, dry_run=dry_run)
    except api.EditError as exc:
        fail(str(exc), 1)
    except OSError as exc:
        fail(str(exc), 1)
    insertion, new, errors = done.insertion, done.new, done.errors
    record = {
        "file": insertion.display,
        "line": insertion.line,
        "id": insertion.cells.get(id_column, ""),
        "row": insertion.cells,
        "row_text": insertion.row_text,
    }
    if errors:
        if as_json:
            emit_json({"written": False, "dry_run": dry_run, **record, "problems": _dicts(errors)})
        for problem in errors[:20]:
            typer.echo(f"mechgraph: error: {problem} (hint: {problem.hint})", err=True)
        earlier = done.errors_before
        note = f"; {earlier} of them were there before this change" if earlier else ""
        more = (
            f" (first 20 shown{note})" if len(errors) > 20 else (f" ({note[2:]})" if note else "")
        )
        fail(
            f"nothing written to {insertion.display}: the change fails validation with "
            f"{len(errors)} error(s){more}",
            1,
        )
    for problem in new:
        typer.echo(f"{problem}\n  hint: {problem.hint}", err=True)
    if as_json:
        emit_json({"written": not dry_run, "dry_run": dry_run, **record, "problems": _dicts(new)})
    else:
        what = "would add" if dry_run else "added"
        suffix = " (dry run: nothing written)" if dry_run else ""
        typer.echo(f"{insertion.where}: {what} {record['id']}{suffix}")
        typer.echo(insertion.row_text)


def _dicts(problems: Iterable[Problem]) -> list[dict[str, object]]:
    return [p.to_dict() for p in problems]


def _load_for_prompts(root: Path) -> KnowledgeBase:
    """The knowledge base of ``root`` as it is, errors and all (its ids are the prompts'
    choices); a missing folder is a usage error."""
    from mechgraph.api import check_kb, display_path

    if not root.is_dir():
        fail(f"knowledge-base folder not found: {display_path(root)}", 2)
    return check_kb(root).kb


@curate.command("add-entity")
def add_entity(
    entity_id: Annotated[
        Cell, typer.Option("--id", help="New id: letters, digits and _ (e.g. sn38).")
    ] = None,
    label: Annotated[Cell, typer.Option("--label", help="Readable name (unique).")] = None,
    type_: Annotated[
        Cell, typer.Option("--type", help="Its class in classes.tsv (e.g. Taxane).")
    ] = None,
    parents: Annotated[
        Cells,
        typer.Option("--parent", help="Another class or entity it belongs to (repeatable)."),
    ] = None,
    synonyms: Annotated[Cells, typer.Option("--synonym", help="Another name (repeatable).")] = None,
    xrefs: Annotated[
        Cells,
        typer.Option("--xref", help="Cross-reference CURIE, e.g. CHEBI:45863 (repeatable)."),
    ] = None,
    definition: Annotated[Cell, typer.Option("--definition", help="One sentence.")] = None,
    dry_run: DryRunOption = False,
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Append an entity to entities.tsv, after checking the whole knowledge base with it.

    --id, --label and --type are required; on a terminal, missing ones are asked for.
    Names (labels, synonyms) are accepted for --type and --parent and replaced by ids.
    Nothing is written if the knowledge base would not validate (exit 1).

    Examples:

    \b
      mechgraph curate add-entity --id sn38 --label SN-38 \\
        --type TopoisomeraseIInhibitor --synonym 7-ethyl-10-hydroxycamptothecin \\
        --xref CHEBI:8988 --dry-run

    \b
      mechgraph curate add-entity --kb my-copy/ontology   (on a terminal: asks)
    """
    root = _root(kb, writing=not dry_run)
    base = _load_for_prompts(root)
    values = {
        "id": entity_id or "",
        "label": label or "",
        "type": type_ or "",
        "parents": _joined(parents),
        "synonyms": _joined(synonyms),
        "xrefs": _joined(xrefs),
        "definition": definition or "",
    }
    as_class = id_resolver(base, "type", classes_only=True)
    fields = [
        Field("id", "--id", "id (letters, digits and _)"),
        Field("label", "--label", "label"),
        Field(
            "type",
            "--type",
            "type (a class id)",
            tuple(base.classes),
            list_choices=False,
            normalise=as_class,
        ),
    ]
    _resolve_items(values, "type", as_class)
    _resolve_items(values, "parents", id_resolver(base, "parent"))
    values = fill_missing(fields, values, interactive())
    with _editing(root, dry_run):
        _add_row(root, "entities.tsv", values, None, dry_run, as_json, "id")


@curate.command("add-claim")
def add_claim(
    claim_id: Annotated[
        Cell, typer.Option("--id", help="Claim id (default: the next free C####).")
    ] = None,
    subject: Annotated[
        Cell, typer.Option("--subject", "-s", help="What acts: an entity or class.")
    ] = None,
    relation: Annotated[
        Cell,
        typer.Option("--relation", "-r", help="increases, decreases or no_effect."),
    ] = None,
    object_: Annotated[
        Cell, typer.Option("--object", "-o", help="What is acted on: an entity or class.")
    ] = None,
    comparator: Annotated[
        Cell,
        typer.Option(
            "--comparator",
            help="For a comparison: the arm the subject is compared with (an entity or class, "
            "or free_payload: the subject's payload given free). The relation is then the "
            "sign of the difference.",
        ),
    ] = None,
    background: Annotated[
        Cells,
        typer.Option(
            "--background",
            help="For a comparison: a component both arms share (repeatable), e.g. avelumab "
            "for 'Doxil + avelumab vs avelumab'.",
        ),
    ] = None,
    scope: Annotated[
        Cell,
        typer.Option(
            "--scope",
            help="every (default: holds for every member of the subject), some (a 'can "
            "be designed to' statement: never inherited) or conditional (a comparison that "
            "holds where the comparator arm acts on the object).",
        ),
    ] = None,
    via: Annotated[
        Cells,
        typer.Option(
            "--via",
            help="The id of a claim that gives this claim's mechanism (repeatable), e.g. "
            "'efficacy up, much probably because of CD8 function'.",
        ),
    ] = None,
    context: Annotated[
        Cells,
        typer.Option("--context", "-c", help="key=value qualifier (repeatable), e.g. dose=high."),
    ] = None,
    evidence_level: Annotated[
        Cell,
        typer.Option(
            "--evidence-level",
            "-e",
            help="clinical_phase3, clinical, preclinical_in_vivo, in_vitro, review_statement "
            "or hypothesis.",
        ),
    ] = None,
    document: Annotated[
        Cell, typer.Option("--document", "-d", help="Document id (documents.tsv).")
    ] = None,
    section: Annotated[
        Cell, typer.Option("--section", help="Section name as in sections.tsv.")
    ] = None,
    refs: Annotated[
        Cells,
        typer.Option("--refs", help="The document's reference numbers, e.g. 23|24 (repeatable)."),
    ] = None,
    quote: Annotated[
        Cell, typer.Option("--quote", "-q", help="Verbatim quote, at most 25 words.")
    ] = None,
    curator: Annotated[
        Cell,
        typer.Option(
            "--curator", help="Your name (env MECHGRAPH_CURATOR).", envvar="MECHGRAPH_CURATOR"
        ),
    ] = None,
    date: Annotated[Cell, typer.Option("--date", help="YYYY-MM-DD (default: today).")] = None,
    note: Annotated[Cell, typer.Option("--note", help="Free-text remark.")] = None,
    sources: SourcesOption = None,
    dry_run: DryRunOption = False,
    as_json: JsonOption = False,
    kb: KbOption = None,
) -> None:
    """Add a claim to claims.tsv (in id order), after checking the whole knowledge base
    with it; with --sources, its quote is checked against the document too.

    --subject, --relation, --object, --evidence-level, --document and --quote are required
    (and --section when the document's sections are listed); on a terminal, missing ones
    are asked for. Names are accepted for subject and object and replaced by ids. Nothing
    is written if the knowledge base would not validate (exit 1).

    Examples:

    \b
      mechgraph curate add-claim -s "PEG coating" -r decreases \\
        -o mps_recognition -e review_statement -d nano_ici_review \\
        --section "Expert Opinion" --curator jdoe --sources ../shared/seeds \\
        -q "Stealthness is a common strategy to limit spleen or liver uptake" \\
        --dry-run

    \b
      mechgraph curate add-claim -s Abraxane -r decreases -o neutropenia \
        --comparator paclitaxel -e clinical -d nano_ici_review --section "4. How ..." \
        -q "severe neutropenia appeared less in patients treated with nab-paclitaxel"

    \b
      mechgraph curate add-claim   (on a terminal: asks for each value)
    """
    from mechgraph.api import EvidenceLevel, Relation

    root = _root(kb, writing=not dry_run)
    base = _load_for_prompts(root)
    if sources is not None and not sources.is_dir():
        fail(f"--sources: folder not found: {sources}", 2)
    values = {
        "subject": subject or "",
        "relation": relation or "",
        "object": object_ or "",
        "comparator": comparator or "",
        "background": _joined(background),
        "scope": scope or "",
        "via": _joined(via),
        "context": _joined(context),
        "evidence_level": evidence_level or "",
        "document": document or "",
        "section": section or "",
        "refs": _joined(refs),
        "quote": quote or "",
        "curator": curator or "",
        "date": date or datetime.date.today().isoformat(),
        "note": note or "",
    }
    nodes = tuple(c.id for c in base.concepts())
    as_subject, as_object = id_resolver(base, "subject"), id_resolver(base, "object")
    _resolve_items(values, "subject", as_subject)
    _resolve_items(values, "object", as_object)
    if values["comparator"] != "free_payload":
        _resolve_items(values, "comparator", id_resolver(base, "comparator"))
    _resolve_items(values, "background", id_resolver(base, "background"))
    fields = [
        Field(
            "subject",
            "--subject",
            "subject (entity or class)",
            nodes,
            list_choices=False,
            normalise=as_subject,
        ),
        Field("relation", "--relation", "relation", tuple(r.value for r in Relation)),
        Field(
            "object",
            "--object",
            "object (entity or class)",
            nodes,
            list_choices=False,
            normalise=as_object,
        ),
        Field(
            "evidence_level",
            "--evidence-level",
            "evidence level",
            tuple(e.value for e in EvidenceLevel),
        ),
        Field("document", "--document", "document", tuple(base.documents)),
    ]
    can_ask = interactive()
    quote_field = Field("quote", "--quote", "quote (verbatim, at most 25 words)")

    def section_fields(document: str) -> list[Field]:
        names = tuple(dict.fromkeys(s.name for s in base.sections.get(document, [])))
        return [Field("section", "--section", "section", names)] if names else []

    if not can_ask:  # report every missing option at once
        fields += section_fields(values["document"]) + [quote_field]
    values = fill_missing(fields, values, can_ask)
    values = fill_missing(section_fields(values["document"]) + [quote_field], values, can_ask)
    values["id"] = claim_id or ""  # empty: the next free id, taken under the edit lock
    with _editing(root, dry_run):
        _add_row(root, "claims.tsv", values, sources, dry_run, as_json, "id")
