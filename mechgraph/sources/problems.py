"""Problems found while loading or validating curated sources."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    ERROR = "ERROR"
    WARN = "WARN"
    INFO = "INFO"


@dataclass(frozen=True)
class Problem:
    """One finding, printed as ``file:line: LEVEL rule: message``."""

    file: str
    line: int
    message: str
    rule: str = "format"
    level: Level = Level.ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.level.value} {self.rule}: {self.message}"


class ValidationError(Exception):
    """The knowledge base has errors; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.level is Level.ERROR]
        first = str(errors[0]) if errors else "no details"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{first}{more}")
