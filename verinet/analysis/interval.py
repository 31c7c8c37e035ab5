"""The 1-D report behind ``verinet analyze FILE --interval a,b [--target EXPR] [--p P]``."""

from ..numbers import as_rational
from .error import lp_error, sup_error
from .pwl1d import piecewise_linear_form

__all__ = ["analyze_interval"]


def analyze_interval(net, a, b, target=None, p=None, budget=None) -> dict:
    """Pieces of each output on ``[a, b]`` and, for a scalar output, its errors against ``target``.

    Returns a JSON-ready dict, every number an exact string: ``interval``, ``pieces`` (one
    count per output), ``breakpoints_shown`` (at most 20 breakpoints of output 0), and with
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
    forms = piecewise_linear_form(net, a, b, budget=budget)
    report = {
        "interval": [str(a), str(b)],
        "pieces": [f.pieces for f in forms],
        "breakpoints_shown": [str(t) for t in forms[0].breakpoints[:20]],
    }
    if target is None:
        if p is not None:
            raise InvalidArgument(f"p={p!r} needs a target")
        return report
    if len(forms) != 1:
        raise InvalidArgument(f"a target needs a scalar output; the network has {len(forms)} outputs")
    (form,) = forms
    report["target"] = str(target)
    sup = sup_error(form, target, budget=budget)
    report["sup_error"] = _number_or_bounds(sup)
    report["witness"] = str(sup.witness) if sup.witness is not None else None
    if p is not None:
        lp = lp_error(form, target, p, budget=budget)
        report["p"] = p
        report["lp_error"] = _number_or_bounds(lp)
        if lp.power is not None:
            report["lp_power"] = str(lp.power)
    return report


def _number_or_bounds(result):
    if result.exact:
        return str(result.value)
    return {"lower": str(result.lower), "upper": str(result.upper), "exact": False}
