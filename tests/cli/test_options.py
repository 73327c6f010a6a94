"""The options several commands share (:mod:`mechgraph.cli.options`): declared once, they
read the same in every command that takes them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import typer

from mechgraph.cli.app import app


def _commands(group=None, prefix: str = "") -> Iterator[tuple[str, object]]:
    """Every command of ``mechgraph`` (``curate add-claim`` for a group's), by name."""
    group = group if group is not None else typer.main.get_command(app)
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


def _option(flag: str) -> dict[str, object]:
    """The option ``flag`` of each command that takes it."""
    return {
        name: param
        for name, command in _commands()
        for param in command.params
        if flag in getattr(param, "opts", ())
    }


@pytest.mark.parametrize(
    ("flag", "commands"),
    [
        ("--kb", 20),
        ("--with-network", 3),
        ("--imported-weight", 3),
        ("--all-paths", 3),
        ("--evidence", 2),
    ],
)
def test_a_shared_option_reads_the_same_in_every_command(flag, commands):
    found = _option(flag)
    assert len(found) >= commands, sorted(found)
    looks = {(tuple(p.opts), p.help, p.envvar, p.metavar, p.show_default) for p in found.values()}
    assert len(looks) == 1, looks


def test_every_paths_option_counts_from_one_to_its_own_most():
    found = _option("--paths")
    assert {name: (p.type.min, p.type.max) for name, p in found.items()} == {
        "effect": (1, 20),
        "explain": (1, 50),
        "view": (1, 20),
        "sparql": (1, 50),
        "suggest": (1, 20),
    }
    assert found["explain"].opts == ["--paths", "-k"]
