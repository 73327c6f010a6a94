"""The command line's one progress bar: on standard error, only on a terminal, and only
for work that has taken more than a second (a quick command prints nothing)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

import typer

if TYPE_CHECKING:  # typer vendors click (typer._click)
    from typer._click._termui_impl import ProgressBar


class LazyBar:
    """A progress bar on standard error for work that has taken more than ``delay`` seconds,
    shown only when standard error is a terminal. Call it with ``(done, total)``; a new
    ``total`` (the next phase of the work) starts a new bar.

    >>> import io
    >>> ticks = iter([0.0, 0.5, 2.0, 2.5])
    >>> bar = LazyBar("importing", stream=io.StringIO(), clock=lambda: next(ticks), tty=True)
    >>> bar(10, 100); bar.shown is None
    True
    >>> bar(50, 100); bar.shown
    50
    >>> bar.close()
    """

    def __init__(
        self,
        label: str,
        *,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
        delay: float = 1.0,
        tty: bool | None = None,
    ):
        self.label, self.clock, self.delay = label, clock, delay
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if tty is None else tty
        self.start = clock() if self.enabled else 0.0
        self.bar: ProgressBar[int] | None = None
        self.shown: int | None = None
        self.total = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        if self.bar is not None and total != self.total:  # the next phase (read, then merge)
            self.close()
        if self.bar is None:
            if self.clock() - self.start < self.delay:
                return
            self.bar = typer.progressbar(length=total, label=self.label, file=self.stream)
            self.bar.__enter__()
            self.shown, self.total = 0, total
        assert self.shown is not None  # set when the bar is created
        self.bar.update(max(0, min(done, total) - self.shown))
        self.shown = min(done, total)

    def phase(self, name: str, done: int, total: int, labels: dict[str, str] | None = None) -> None:
        """Progress of work in named phases (``(phase, done, total)``, as a screen reports
        it): each phase gets a bar of its own, labelled from ``labels``."""
        if name != getattr(self, "_phase", None):
            self.close()
            self._phase = name
            self.label = (labels or {}).get(name, name)
        self(done, total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
