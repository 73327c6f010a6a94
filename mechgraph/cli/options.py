"""The arguments and options several ``mechgraph`` commands share, each declared once.

A command takes one as the type of its parameter (``kb: KbOption = None``). Where the
commands word the help of the same option their own way (the agents, ``--inhibit``,
``--paths``), a factory below builds it from that help, so that its name, metavar and
limits are written once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer


def agents_argument(help: str, metavar: str = "AGENT") -> Any:
    """The agents given together (names, brands, ids), a repeatable argument shown as
    ``AGENT...`` (see :class:`mechgraph.cli.common.Command`)."""
    return typer.Argument(help=help, metavar=metavar, show_default=False)


def inhibit_option(help: str) -> Any:
    """``--inhibit``: an entity inhibited or knocked out (repeatable)."""
    return typer.Option("--inhibit", help=help)


def paths_option(help: str, most: int = 20, *aliases: str) -> Any:
    """``--paths``: how many paths a command keeps per sign, from 1 to ``most``."""
    return typer.Option("--paths", *aliases, min=1, max=most, help=help)


KbOption = Annotated[
    Path | None,
    typer.Option(
        "--kb",
        help="Knowledge-base folder (default: the shipped one; env MECHGRAPH_KB).",
        envvar="MECHGRAPH_KB",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on standard output.")]
ContextOption = Annotated[
    list[str],
    typer.Option(
        "--context",
        "-c",
        help="Context qualifier key=value (repeatable), e.g. dose=metronomic, pdl1=positive.",
    ),
]
TargetsOption = Annotated[
    list[str],
    typer.Option("--target", "-t", help="Report only this node (repeatable; any node)."),
]
VsOption = Annotated[
    list[str],
    typer.Option(
        "--vs",
        help='An agent of the baseline arm (repeat --vs for each, or --vs "A + B"): report '
        "the difference (higher / lower / same / unknown) of the agents given from this arm.",
        show_default=False,
    ),
]
AgentsArgument = Annotated[
    list[str], agents_argument("Agents given together (names, brands, ids).")
]
InhibitOption = Annotated[list[str], inhibit_option("Entity inhibited / knocked out (repeatable).")]
EvidenceOption = Annotated[
    bool, typer.Option("--evidence", help="Show the quote behind each step.")
]
AllPathsOption = Annotated[
    bool,
    typer.Option(
        "--all-paths",
        help="Also show the paths below the strength floor (they never change a verdict).",
    ),
]
WithNetworkOption = Annotated[
    list[str],
    typer.Option(
        "--with-network",
        "-N",
        help="Merge an imported network: a NAME saved by 'mechgraph import', a file "
        "(format from its extension) or FORMAT:FILE (repeatable).",
        metavar="NAME|FILE",
    ),
]
ImportedWeightOption = Annotated[
    float,
    typer.Option(
        "--imported-weight",
        min=0.001,
        max=1.0,
        help="Weight of an imported edge (curated claims weigh 0.15 to 0.95 by evidence "
        "level; a path multiplies its edges).",
    ),
]
