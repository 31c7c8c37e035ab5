"""Budgets: every analysis runs bounded, and says how far it got when it stops.

A :class:`Budget` caps the number of linear pieces (1-D forms), the number of linear regions
(d-dimensional enumeration) and the wall-clock seconds an analysis may spend.  Analyses call
:meth:`Budget.charge_pieces`, :meth:`Budget.charge_regions` or :meth:`Budget.check_time`
as they go; when a cap is passed the budget raises :class:`~verinet.errors.BudgetExceeded`
whose message names the cap, the amount reached and the stage the analysis was at.  No
analysis returns a partial answer as if it were complete.
"""

import time

from .. import progress
from ..errors import BudgetExceeded, InvalidArgument

__all__ = ["Budget", "BudgetExceeded", "as_budget"]


class Budget:
    """Caps on pieces, regions and seconds; ``None`` means no cap on that resource.

    Parameters
    ----------
    pieces : int or None
        Largest number of linear pieces any intermediate 1-D form may have.
    regions : int or None
        Largest number of linear regions a d-dimensional enumeration may produce.
    seconds : int, Fraction or None
        Wall-clock seconds, counted from construction (or from :meth:`restart`).

    Raises
    ------
    InvalidArgument
        When a cap is negative, a float for ``pieces``/``regions``, or not a number.

    Examples
    --------
    >>> b = Budget(pieces=4)
    >>> b.charge_pieces(3, stage="node 'h1'")
    >>> b.charge_pieces(5, stage="node 'h2'")
    Traceback (most recent call last):
    ...
    verinet.errors.BudgetExceeded: piece budget of 4 exceeded: 5 pieces at node 'h2' (largest completed: 3); raise it with Budget(pieces=N) or --max-pieces N
    """

    __slots__ = ("pieces", "regions", "seconds", "_start", "pieces_reached", "regions_reached")

    def __init__(self, pieces=None, regions=None, seconds=None):
        self.pieces = _cap(pieces, "pieces")
        self.regions = _cap(regions, "regions")
        self.seconds = _seconds(seconds)
        self.pieces_reached = 0
        self.regions_reached = 0
        self._start = time.monotonic()

    def __repr__(self):
        return f"Budget(pieces={self.pieces!r}, regions={self.regions!r}, seconds={self.seconds!r})"

    def restart(self):
        """Restart the clock and the counters; returns ``self``."""
        self._start = time.monotonic()
        self.pieces_reached = 0
        self.regions_reached = 0
        return self

    def elapsed(self):
        """Seconds since construction or the last :meth:`restart` (a float, for reports only)."""
        return time.monotonic() - self._start

    def charge_pieces(self, count, stage="") -> None:
        """Record that a form with ``count`` pieces exists; raise if over the cap or the clock."""
        if self.pieces is not None and count > self.pieces:
            raise BudgetExceeded(
                f"piece budget of {self.pieces} exceeded: {count} pieces{_at(stage)} "
                f"(largest completed: {self.pieces_reached}); raise it with Budget(pieces=N) or --max-pieces N"
            )
        self.pieces_reached = max(self.pieces_reached, count)
        progress.count("pieces", count, self.pieces)
        self.check_time(stage)

    def charge_regions(self, count, stage="") -> None:
        """Record that ``count`` regions have been found so far; raise if over the cap or the clock."""
        if self.regions is not None and count > self.regions:
            raise BudgetExceeded(
                f"region budget of {self.regions} exceeded: {count} regions{_at(stage)} "
                f"(completed before: {self.regions_reached}); raise it with Budget(regions=N) or --max-regions N"
            )
        self.regions_reached = max(self.regions_reached, count)
        progress.count("regions", count, self.regions)
        self.check_time(stage)

    def check_time(self, stage="") -> None:
        """Raise when the seconds cap has passed, saying how far the analysis got."""
        if self.seconds is None:
            return
        elapsed = self.elapsed()
        if elapsed > self.seconds:
            raise BudgetExceeded(
                f"time budget of {self.seconds} s exceeded after {elapsed:.3f} s{_at(stage)} "
                f"(pieces so far: {self.pieces_reached}, regions so far: {self.regions_reached})"
            )


def as_budget(budget) -> Budget:
    """``None`` -> an unlimited :class:`Budget`; a ``Budget`` -> itself; anything else is rejected."""
    if budget is None:
        return Budget()
    if isinstance(budget, Budget):
        return budget
    raise InvalidArgument(f"budget={budget!r} must be a verinet.analysis.Budget or None")


def _cap(value, name):
    if value is None:
        return None
    if type(value) is bool or not isinstance(value, int):
        raise InvalidArgument(f"Budget {name}={value!r} must be a non-negative int or None")
    if value < 0:
        raise InvalidArgument(f"Budget {name}={value!r} must be >= 0")
    return int(value)


def _seconds(value):
    if value is None:
        return None
    if type(value) is bool or not isinstance(value, (int, float)) and not hasattr(value, "numerator"):
        raise InvalidArgument(f"Budget seconds={value!r} must be a non-negative number or None")
    if value < 0:
        raise InvalidArgument(f"Budget seconds={value!r} must be >= 0")
    return value


def _at(stage):
    return f" at {stage}" if stage else ""
