"""The shared fields of a growth-sweep row, and the labelled fit of a growth rate.

A row (the ``growth_point`` functions of :mod:`.requ_spline` and :mod:`.shallow`) records a
network's sizes and exact parameter magnitudes (:func:`size_fields`), and an error as an exact
rational or as a rigorous interval written with outward rounding (:func:`interval_text`).
:func:`fit_log2_slope` is a reported statistic, not a bound: the least-squares slope of
``log2 y`` against ``x``, computed in exact rationals from 64-bit rational enclosures of the
logarithms.
"""

from .._backend import MPQ, ball_precision
from ..balls import ball_bounds, exact_ball
from ..interpret.metrics import size_metrics

__all__ = ["size_fields", "bound_text", "interval_text", "fit_log2_slope"]


def size_fields(net) -> dict:
    """``width``, ``depth``, ``parameters``, ``max_abs_parameter`` (exact ``"p/q"``) and
    ``max_parameter_bits`` (largest numerator or denominator bit size) of the layered form."""
    m = size_metrics(net)
    return {"width": m["width"], "depth": m["depth"], "parameters": m["parameters"],
            "max_abs_parameter": str(m["max_abs_parameter"]),
            "max_parameter_bits": max(m["max_numerator_bits"], m["max_denominator_bits"])}


def bound_text(q, up: bool, digits: int = 6) -> str:
    """``q`` rounded outward (up or down) to ``digits`` significant decimal digits, e.g.
    ``bound_text(MPQ(1, 3), up=True) == '3.33334e-1'``; the text is an exact decimal bound."""
    q = MPQ(q)
    if q == 0:
        return "0"
    a, sign = abs(q), "-" if q < 0 else ""
    e = len(str(a.numerator)) - len(str(a.denominator))
    while MPQ(10) ** e > a:
        e -= 1
    while MPQ(10) ** (e + 1) <= a:
        e += 1
    scaled = a * MPQ(10) ** (digits - 1 - e)
    round_up = up != (q < 0)
    n = -(-scaled.numerator // scaled.denominator) if round_up else scaled.numerator // scaled.denominator
    s = str(int(n))
    if len(s) > digits:  # rounded up to a power of ten
        s, e = s[:digits], e + 1
    return f"{sign}{s[0]}.{s[1:]}e{e:+d}" if len(s) > 1 else f"{sign}{s}e{e:+d}"


def interval_text(lower, upper) -> str:
    """``"[lo, hi]"``: rational bounds rounded outward to 6 significant digits."""
    return f"[{bound_text(lower, up=False)}, {bound_text(upper, up=True)}]"


def fit_log2_slope(xs, ys) -> MPQ:
    """Least-squares slope of ``log2 y_i`` against ``x_i`` (a fit, not a bound; ``y_i > 0``).

    The logarithms are the midpoints of 64-bit arb enclosures, as rationals; the regression is
    exact on them.

    Examples
    --------
    >>> bound_text(fit_log2_slope([1, 2, 3], [2, 8, 32]), up=True, digits=4)
    '2.000e+0'
    """
    with ball_precision(64):
        logs = []
        for y in ys:
            lo, hi = ball_bounds(exact_ball(MPQ(y)).log() / exact_ball(2).log())
            logs.append((lo + hi) / 2)
    xs = [MPQ(x) for x in xs]
    n = len(xs)
    mx, my = sum(xs) / n, sum(logs) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, logs)) / sxx
