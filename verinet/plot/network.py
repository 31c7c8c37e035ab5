"""The figure of a 1-D network against its target (``verinet plot FILE --interval a,b``).

Top: the network's exact 1-D form on ``[a, b]`` (its breakpoints and values from
:func:`verinet.analysis.pwl1d.piecewise_linear_form`, joined by straight lines, which is what
the network is between them -- no sampling of the network) and, with a target, the target
sampled finely; bottom: ``|phi - f|`` with the worst point marked, the exact witness of the
sup error (:func:`verinet.analysis.interval.analyze_interval`).  A plot is a picture: it turns
exact values into floats and checks nothing.
"""

from ..analysis.budget import Budget
from ..analysis.interval import analyze_interval
from ..analysis.pwl1d import piecewise_linear_form
from ..claims.targets import Target, symbols_for
from ..expressions import parse_expression
from ..numbers import as_rational
from .sweep import _mid, _pyplot, _signed

__all__ = ["network_figure", "plot_network", "TARGET_SAMPLES"]

TARGET_SAMPLES = 1000  # points at which the target is drawn (besides the network's breakpoints)


def network_figure(net, a, b, target: str = None, budget: Budget = None):
    """``(figure, info)``: the exact 1-D form of ``net`` on ``[a, b]`` and, with ``target`` (an
    expression in ``x``), the target, the error curve and the worst point."""
    plt = _pyplot()
    a, b = as_rational(a, "a"), as_rational(b, "b")
    (form,) = piecewise_linear_form(net, a, b, budget)
    xs, ys = [_signed(t) for t in form.breakpoints], [_signed(v) for v in form.values]
    info = {"interval": [str(a), str(b)], "pieces": form.pieces}
    if target is None:
        fig, ax = plt.subplots(figsize=(8, 4))
    else:
        fig, (ax, ax_err) = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
    ax.plot(xs, ys, color="tab:red", linewidth=1, zorder=3, label=f"network ({form.pieces} pieces, exact)")
    if target is not None:
        import numpy as np

        f = _target_in_x1(target)
        grid = sorted(set(xs) | {_signed(a + (b - a) * k / TARGET_SAMPLES) for k in range(TARGET_SAMPLES + 1)})
        fs = [_mid(f.bounds((as_rational(repr(x)),), 64)) for x in grid]
        ax.plot(grid, fs, color="black", linewidth=0.8, label=f"f = {target}")
        report = analyze_interval(net, a, b, target=target, budget=budget)
        worst = as_rational(report["witness"])
        err = [abs(p - q) for p, q in zip(np.interp(grid, xs, ys), fs)]
        ax_err.plot(grid, err, color="tab:blue", linewidth=0.8)
        sup = report["sup_error"] if isinstance(report["sup_error"], str) else report["sup_error"]["bracket"]
        top = _signed(as_rational(report["sup_error"])) if isinstance(report["sup_error"], str) else max(err)
        ax_err.plot([_signed(worst)], [top], marker="o", color="tab:orange", markersize=7,
                    label=f"worst point x = {worst}: sup |phi - f| = {sup}")
        ax_err.set_ylabel("|phi - f|")
        ax_err.set_xlabel("x")
        ax_err.legend(fontsize=7)
        info.update(target=target, sup_error=report["sup_error"], witness=report["witness"])
    ax.set_xlabel("x")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig, info


def _target_in_x1(text: str) -> Target:
    """The target text in ``x`` (as ``verinet analyze`` reads it) as a 1-D :class:`Target` in ``x1``
    (its values are only drawn; the Lipschitz datum is not used)."""
    import sympy

    x = sympy.Symbol("x")
    expr = parse_expression(text, {"x": x}, "target")
    return Target.from_expression(expr.subs(x, symbols_for(1)[0]), 1, lipschitz=1)


def plot_network(net, a, b, path, target: str = None, budget: Budget = None) -> dict:
    """Write :func:`network_figure` to ``path`` (PNG); what was drawn."""
    fig, info = network_figure(net, a, b, target, budget)
    fig.savefig(path, dpi=100)
    _pyplot().close(fig)
    return {"written": str(path), **info}
