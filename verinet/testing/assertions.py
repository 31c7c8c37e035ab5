"""Assertion helpers for tests of constructions: exact claims, failure messages with the witness.

* :func:`assert_realises` — the network *is* ``f``: on an interval through the exact 1-D form
  (the sup of ``|net - f|`` must be exactly 0), or at every point of a finite set (exact
  values compared; an irrational ``f(x)`` is told apart from the rational network value by
  rigorous balls).
* :func:`assert_sup_error_at_most` — ``sup |net - f| <= E`` on an interval, decided exactly (or
  by proved bounds for targets without an exact sup).
* :func:`assert_certificate_passes` — a certificate's verdict is a pass; otherwise every failed
  check is listed with its numbers and witness.

Each raises ``AssertionError`` (so pytest shows the message), never passes on an undecided
comparison, and names the point where the network and ``f`` differ.
"""

import json

import sympy

from ..errors import VerinetError
from ..interpret.exact import evaluate_one
from ..numbers import as_rational
from ..reals import sign, to_sympy

__all__ = ["assert_realises", "assert_sup_error_at_most", "assert_certificate_passes"]


def _variables(net) -> tuple:
    """``x`` for a scalar input (also ``x1``), else ``x1..xd``."""
    d = net.in_dim
    names = ["x1"] + (["x"] if d == 1 else []) + [f"x{i}" for i in range(2, d + 1)]
    return {name: sympy.Symbol("x1" if name == "x" else name, real=True) for name in names}


def _target(f, net):
    """``point -> f(point)`` exactly: ``f`` an expression string (read once, by the safe parser) or
    a callable of the exact coordinates returning an exact number."""
    if callable(f):
        def value_of(point):
            value = f(*point)
            return value if isinstance(value, sympy.Basic) else to_sympy(as_rational(value, "f(point)"))

        return value_of
    from ..expressions import parse_expression

    variables = _variables(net)
    expr = parse_expression(f, variables, what="f")
    symbols = [variables["x1"]] + [variables[f"x{i}"] for i in range(2, net.in_dim + 1)]
    return lambda point: expr.subs({s: to_sympy(v) for s, v in zip(symbols, point)})


def _interval(on):
    a, b = (as_rational(v, "on") for v in on)
    if a > b:
        raise AssertionError(f"on=({a}, {b}) is an empty interval")
    return a, b


def _is_interval(on) -> bool:
    return isinstance(on, tuple) and len(on) == 2 and not any(isinstance(v, (tuple, list)) for v in on)


def assert_realises(net, f, on) -> None:
    """Assert ``net(x) == f(x)`` exactly for every ``x`` in ``on``.

    Parameters
    ----------
    net : Network
    f : str or callable
        An expression in ``x`` (or ``x1..xd``), read by the one safe parser, or a callable of the
        exact coordinates (finite sets only).
    on : (a, b) or iterable of points
        An interval of a scalar-input network (checked everywhere on it, through the exact 1-D
        form), or finitely many points (each a number or a tuple of coordinates).
    """
    if _is_interval(on):
        if callable(f):
            raise AssertionError("an interval needs f as an expression string (a callable can be checked on points)")
        a, b = _interval(on)
        sup, witness = _sup_error(net, f, a, b)
        if sup[1] == 0:
            return
        x = as_rational(witness, "witness")
        raise AssertionError(_difference(net, f, (x,), f"on [{a}, {b}]: sup |net - f| = " + _describe(sup)))
    target = _target(f, net)
    for point in on:
        coords = tuple(as_rational(v, "point") for v in (point if isinstance(point, (tuple, list)) else (point,)))
        value = evaluate_one(net, list(coords))[0]
        if sign(to_sympy(value) - target(coords)) != 0:
            raise AssertionError(_difference(net, f, coords, "the values differ"))


def assert_sup_error_at_most(net, f, within, on) -> None:
    """Assert ``sup_{x in [a, b]} |net(x) - f(x)| <= within`` (``on = (a, b)``), decided exactly;
    for a target whose sup error has only proved bounds, the upper bound must be ``<= within``."""
    a, b = _interval(on)
    limit = as_rational(within, "within")
    sup, witness = _sup_error(net, f, a, b)
    if sup[1] <= limit:
        return
    x = as_rational(witness, "witness")
    verdict = "exceeds" if sup[0] > limit else "is not proved to be at most"
    raise AssertionError(_difference(net, f, (x,), f"on [{a}, {b}]: sup |net - f| = {_describe(sup)} {verdict} {limit}"))


def assert_certificate_passes(certificate, recheck: bool = True) -> None:
    """Assert that ``certificate`` (a :class:`~verinet.claims.certificate.Certificate`) passes; the
    message lists every failed check: its claim, ``lhs relation rhs`` and its witness.  With
    ``recheck`` the trust kernel (:mod:`verinet.kernel`) must also pass it, from its evidence."""
    failed = certificate.failures()
    if certificate.verdict == "pass":
        if recheck:
            from ..kernel import check_data

            report = check_data(json.loads(certificate.to_json()))
            if report["verdict"] != "pass":
                raise AssertionError(f"{certificate.theorem}: the kernel does not re-check the certificate: "
                                     + "; ".join(map(str, report["problems"])))
        return
    lines = [f"{certificate.theorem}: verdict {certificate.verdict}, {len(failed)} of {len(certificate.checks)} "
             "checks fail" + ("" if certificate.checks else " (no checks)")]
    for check in failed:
        witness = f"; witness {check.witness}" if check.witness else ""
        lines.append(f"  {check.name}: {check.lhs} {check.relation} {check.rhs} is false ({check.claim}){witness}")
    raise AssertionError("\n".join(lines))


def _sup_error(net, f, a, b) -> tuple:
    """``((lower, upper), witness)`` of ``sup |net - f|`` on ``[a, b]`` (``lower == upper`` when exact)."""
    from ..analysis.interval import analyze_interval

    try:
        report = analyze_interval(net, a, b, target=f)
    except VerinetError as exc:
        raise AssertionError(f"could not decide the sup of |net - f| on [{a}, {b}]: {exc}") from None
    sup = report["sup_error"]
    if isinstance(sup, dict):
        return (as_rational(sup["lower"]), as_rational(sup["upper"])), report["witness"]
    return (as_rational(sup), as_rational(sup)), report["witness"]


def _describe(bounds) -> str:
    lower, upper = bounds
    return str(upper) if lower == upper else f"in [{lower}, {upper}] (proved bounds)"


def _difference(net, f, point, headline: str) -> str:
    """The message: where, the network's exact value and ``f``'s there."""
    value = evaluate_one(net, list(point))[0]
    target = _target(f, net)(point)
    where = ", ".join(map(str, point))
    return f"{headline}; at x = ({where}): net = {value}, f = {target}, net - f = {to_sympy(value) - target}"
