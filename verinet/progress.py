"""Progress of long computations, for whoever listens: the library reports, it never prints.

A computation names its stages (``with progress.stage("bits"):``) and counts what it has
done (``progress.count("regions", 1200, 1 << 20)``); a *listener* — the CLI's progress bar on
a terminal, or its ``--verbose`` lines — shows them.  With no listener (the default, and every
library use) a report is one loop over an empty list.

Hooks in the library: every step a certificate times (:meth:`Certificate.timed
<verinet.claims.certificate.Certificate.timed>`) is a stage, and every budgeted analysis
counts its pieces and regions through :class:`~verinet.analysis.budget.Budget`.
"""

import time
from contextlib import contextmanager

from .errors import BudgetExceeded

__all__ = ["Listener", "Deadline", "listening", "stage", "count"]

_LISTENERS: list = []


class Listener:
    """What a listener hears; the default methods ignore it (subclass and override)."""

    def begin(self, name: str) -> None:
        """A stage called ``name`` starts."""

    def end(self, name: str) -> None:
        """The stage ``name`` ends (also when it fails)."""

    def count(self, what: str, done: int, total) -> None:
        """``done`` of ``total`` (``None``: unknown) ``what`` so far."""


@contextmanager
def listening(listener: Listener):
    """Report to ``listener`` inside the ``with`` block."""
    _LISTENERS.append(listener)
    try:
        yield listener
    finally:
        _LISTENERS.remove(listener)


@contextmanager
def stage(name: str):
    """The enclosed computation is the stage ``name``."""
    for listener in _LISTENERS:
        listener.begin(name)
    try:
        yield
    finally:
        for listener in _LISTENERS:
            listener.end(name)


def count(what: str, done: int, total=None) -> None:
    """``done`` of ``total`` ``what`` are done (``total`` ``None`` when unknown)."""
    for listener in _LISTENERS:
        listener.count(what, done, total)


class Deadline(Listener):
    """A wall-clock budget enforced at every report: past ``seconds`` after it starts listening,
    the next stage or count raises :class:`~verinet.errors.BudgetExceeded` naming where the
    computation got to and ``flag``, the option that raises the budget."""

    def __init__(self, seconds, flag: str = "--seconds"):
        self.seconds, self.flag = seconds, flag
        self.start = time.monotonic()
        self.stages = []

    def _check(self, where: str) -> None:
        if time.monotonic() - self.start > self.seconds:
            done = f" after {', '.join(self.stages[-3:])}" if self.stages else ""
            raise BudgetExceeded(f"time budget of {self.seconds} s exceeded at {where}{done}; raise it with "
                                 f"{self.flag} N")

    def begin(self, name: str) -> None:
        self._check(f"the start of {name}")

    def end(self, name: str) -> None:
        self.stages.append(name)

    def count(self, what: str, done: int, total) -> None:
        self._check(f"{done} {what}")
