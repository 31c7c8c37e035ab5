"""The 1-D report behind ``verinet analyze FILE --interval a,b [--target EXPR] [--p P]``.

The analysis follows the network's op group: a ReLU network gets its exact piecewise-linear
form (:mod:`.pwl1d`), a ReLU/ReQU network its exact piecewise-polynomial form
(:mod:`.ppoly1d`; exact errors against polynomial targets), and a network with sigmoid or
Gaussian units, or a ReQU network against a non-polynomial target, only rigorous bounds on the
sup error (:mod:`.enclose_error`), labelled as bounds.
"""

from ..numbers import as_rational, decimal_bound
from . import ppoly1d, pwl1d
from .enclose_error import enclose_sup_error
from .error import lp_error, sup_error
from .ppoly_error import poly_lp_error, poly_sup_error
from .targets import PiecewisePolynomial, as_target

__all__ = ["analyze_interval"]


def analyze_interval(net, a, b, target=None, p=None, budget=None) -> dict:
    """Pieces of each output on ``[a, b]`` and, for a scalar output, its errors against ``target``.

    Returns a JSON-ready dict, every number an exact string: ``interval``, ``pieces`` (one
    count per output), ``breakpoints`` (every breakpoint of output 0, in order), and with
    ``target``: ``target``, ``sup_error`` and ``witness`` (exact, or ``{"lower", "upper",
    "exact": false}``), and with ``p`` also ``lp_error`` (same shape; the exact case also
    gives ``lp_power = int |phi - f|^p``).

    Raises
    ------
    InvalidArgument
        For a float or reversed interval, an unusable target, ``p`` without ``target``, or a
        target with a vector-valued network.
    NetworkTypeError
        When the network input is not scalar.
    BudgetExceeded
        When the budget runs out (the message says how far the analysis got).

    Examples
    --------
    >>> from verinet.network import NetworkBuilder
    >>> nb = NetworkBuilder(); x = nb.input(1)
    >>> net = nb.build(nb.affine(nb.relu(nb.affine(x, [[1], [1]], [0, "-1/2"])), [["1/2", 1]]))
    >>> r = analyze_interval(net, 0, 1, target="x**2", p=2)
    >>> r["pieces"], r["sup_error"], r["witness"], r["lp_error"]
    ([2], '1/16', '1/4', 'sqrt(30)/120')
    """
    from ..errors import InvalidArgument

    a, b = as_rational(a, "a"), as_rational(b, "b")
    if pwl1d.RULES.supports(net):
        form_of, errors = pwl1d.piecewise_linear_form, (sup_error, lp_error)
        kind = "exact piecewise-linear form"
    elif ppoly1d.RULES.supports(net):
        if target is not None and not isinstance(as_target(target), PiecewisePolynomial):
            return _enclosed(net, a, b, target, p, budget)  # exact errors need a polynomial target
        form_of, errors = ppoly1d.piecewise_polynomial_form, (poly_sup_error, poly_lp_error)
        kind = "exact piecewise-polynomial form"
    else:
        return _enclosed(net, a, b, target, p, budget)
    forms = form_of(net, a, b, budget=budget)
    report = {
        "analysis": kind,
        "interval": [str(a), str(b)],
        "pieces": [f.pieces for f in forms],
        "breakpoints": [str(t) for t in forms[0].breakpoints],
    }
    if target is None:
        if p is not None:
            raise InvalidArgument(f"p={p!r} needs a target")
        return report
    if len(forms) != 1:
        raise InvalidArgument(f"a target needs a scalar output; the network has {len(forms)} outputs")
    (form,) = forms
    report["target"] = str(target)
    sup = errors[0](form, target, budget=budget)
    report["sup_error"] = _number_or_bounds(sup)
    report["witness"] = str(sup.witness) if sup.witness is not None else None
    if p is not None:
        lp = errors[1](form, target, p, budget=budget)
        report["p"] = p
        report["lp_error"] = _number_or_bounds(lp)
        if lp.power is not None:
            report["lp_power"] = str(lp.power)
    return report


def _enclosed(net, a, b, target, p, budget) -> dict:
    """The report for a network with transcendental units: rigorous sup-error bounds only."""
    from ..errors import InvalidArgument

    if target is None or p is not None:
        raise InvalidArgument("a network with sigmoid or Gaussian units (or a ReQU network against a "
                              "non-polynomial target) has no exact error: analyze --interval gives rigorous "
                              "bounds on the sup error only; give --target EXPR and no --p")
    bounds = enclose_sup_error(net, target, (a, b), budget=budget)
    return {"analysis": bounds.label, "interval": [str(a), str(b)], "target": str(target),
            "sup_error": _bounds(bounds),
            "witness": str(bounds.witness), "cells": bounds.cells, "prec": bounds.prec}


def _number_or_bounds(result):
    return str(result.value) if result.exact else _bounds(result)


def _bounds(result) -> dict:
    """Proved ``lower <= value <= upper`` as exact strings, and a readable decimal bracket
    (rounded outwards, so still a bracket)."""
    return {"lower": str(result.lower), "upper": str(result.upper), "exact": False,
            "bracket": f"[{decimal_bound(result.lower, up=False, digits=12)}, "
                       f"{decimal_bound(result.upper, up=True, digits=12)}]"}
