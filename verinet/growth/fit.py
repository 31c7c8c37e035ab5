"""Least-squares fits of the measured parameter growth, and the exact ratios to a claimed bound.

The fit is a reported statistic, not a check: it uses floats (``ln`` of the exact maxima) and
says so in its output.  Two models are fitted over the points that finished:

* power:  ``ln ||theta||_inf ~ c + a ln X + b ln Y`` (``X, Y`` the variant's two size axes,
  e.g. ``N, L``), compared with the claimed exponents;
* exponential in ``Y``: ``ln ||theta||_inf ~ c + a ln X + g Y``, reported as the factor
  ``e^g`` per unit of ``Y`` (the bit-extraction slope ``2^L`` gives 2).

The ratios ``||theta||_inf / bound`` are exact (sympy numbers).
"""

import math

import numpy as np
import sympy

from ..numbers import as_rational

__all__ = ["fit_growth", "exact_ratio", "FIT_LABEL"]

FIT_LABEL = "least-squares fit of ln max|theta| (floats: a reported statistic, not a check)"


def _ln(value) -> float:
    q = as_rational(value, "max_abs_parameter")
    return math.log(int(q.numerator)) - math.log(int(q.denominator))


def _least_squares(columns: dict, y: list) -> dict:
    names = list(columns)
    A = np.column_stack([np.ones(len(y))] + [np.asarray(columns[n], dtype=float) for n in names])
    coef, *_ = np.linalg.lstsq(A, np.asarray(y), rcond=None)
    rms = float(np.sqrt(np.mean((A @ coef - np.asarray(y)) ** 2)))
    return {**{n: float(c) for n, c in zip(names, coef[1:])}, "rms_residual": rms}


def _rounded(fit: dict) -> dict:
    return {k: round(v, 4) for k, v in fit.items()}


def _fit(points: list, values: list, axes: tuple) -> dict:
    """Both models for ``values`` (exact positive maxima) at ``points`` (dicts holding ``axes``)."""
    keep = [(p, v) for p, v in zip(points, values) if as_rational(v, "max_abs_parameter") > 0]
    varying = [a for a in axes if len({p[a] for p, _ in keep}) > 1]
    if len(keep) < len(varying) + 2 or not varying:
        return {"note": f"not fitted: {len(keep)} points, varying axes {varying or 'none'}"}
    y = [_ln(v) for _, v in keep]
    out = {"power": _rounded(_least_squares({a: [math.log(p[a]) for p, _ in keep] for a in varying}, y))}
    last = axes[-1]
    if last in varying:
        cols = {a: [math.log(p[a]) for p, _ in keep] for a in varying if a != last}
        cols[last] = [p[last] for p, _ in keep]
        exp = _least_squares(cols, y)
        g = exp.pop(last)
        out[f"exponential_in_{last}"] = _rounded({**exp, f"factor_per_unit_{last}": math.exp(g)})
    return out


def fit_growth(rows: list, axes: tuple, claims=()) -> dict:
    """The fits of ``max_abs_parameter`` (and of every block's maximum) over the ``done`` rows.

    ``claims`` is ``[(label, {axis: exponent})]``, listed beside the fitted exponents.
    """
    done = [r for r in rows if r.get("status") == "done"]
    out = {"method": FIT_LABEL, "points": len(done), **_fit(done, [r["max_abs_parameter"] for r in done], axes)}
    out["claimed"] = [{"term": label, **{a: str(e) for a, e in exps.items()}} for label, exps in claims]
    blocks = sorted({b for r in done for b in r.get("blocks", {})})
    out["blocks"] = {b: _fit([r for r in done if b in r.get("blocks", {})],
                             [r["blocks"][b] for r in done if b in r.get("blocks", {})], axes) for b in blocks}
    return out


def exact_ratio(value, bound):
    """``value / bound`` exactly (``value`` a rational or its ``'p/q'`` text, ``bound`` sympy).

    Examples
    --------
    >>> exact_ratio("1152", sympy.Integer(128))
    9
    """
    q = as_rational(value, "max_abs_parameter")
    return sympy.Rational(int(q.numerator), int(q.denominator)) / bound
