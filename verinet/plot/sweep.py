"""The figure of a growth sweep (``verinet plot sweep DIR -o FILE.png``).

Panels: ``max|theta|`` against the first size axis (one line per value of the second) and
against the second (one line per value of the first), log-log, per variant, with each claimed
term drawn as a dashed line of its slope through the first point; the theorem's error bound
against the parameter count; and for ``d = 1`` the network of one point against its target,
with ``|phi - f|`` below it.  The network's curve is its exact 1-D form (the breakpoints and
values of :func:`verinet.analysis.pwl1d.piecewise_linear_form`, not samples of the network);
the target is sampled.  A plot is a picture: it converts exact values to floats, checks
nothing.
"""

import math

from ..analysis.budget import Budget
from ..analysis.pwl1d import piecewise_linear_form
from ..claims.targets import Target
from ..errors import BudgetExceeded, InvalidArgument
from ..growth.store import read_records
from ..growth.sweep import table_of
from ..growth.variants import get_variant
from ..numbers import as_rational

__all__ = ["sweep_figure", "save_figure", "plot_sweep", "CURVE_PIECES", "CURVE_SECONDS", "CURVE_PARAMETERS"]

CURVE_PIECES = 2**15  # largest exact 1-D form drawn (pieces of every intermediate form)
CURVE_SECONDS = 20  # time for one point's 1-D form before the next smaller point is tried
CURVE_PARAMETERS = 500_000  # the d = 1 panel draws the largest point, up to this many parameters, whose form fits


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise InvalidArgument("matplotlib is not installed: pip install 'verinet[plot]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def _float(value) -> float:
    q = as_rational(value, "value")
    return math.exp(math.log(int(q.numerator)) - math.log(int(q.denominator))) if q > 0 else 0.0


def _growth_panel(ax, rows, variant, along, per) -> None:
    """``max|theta|`` against ``along``, one line per value of ``per``, and the claimed slopes."""
    for value in sorted({r[per] for r in rows}):
        line = sorted((r[along], _float(r["max_abs_parameter"])) for r in rows if r[per] == value)
        ax.plot([x for x, _ in line], [y for _, y in line], "o-", label=f"{variant.name} {per}={value}")
    claims = variant.claims(rows[0]) if variant.claims else ()
    x0 = min(r[along] for r in rows)
    base = [r for r in rows if r[along] == x0 and r[per] == min(s[per] for s in rows)]
    xs = sorted({r[along] for r in rows})
    if base and len(xs) > 1:
        y0 = _float(base[0]["max_abs_parameter"])
        for label, exponents in claims:
            slope = float(exponents[along])
            ax.plot(xs, [y0 * (x / x0) ** slope for x in xs], "--", color="gray",
                    label=f"claimed {label}: slope {exponents[along]}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(xs, [str(x) for x in xs], minor=False)
    ax.set_xticks([], minor=True)
    ax.set_xlabel(along)
    ax.set_ylabel("max |theta| (exact)")
    ax.set_title(f"max |theta| against {along}")
    ax.legend(fontsize=6)


def _error_panel(ax, by_variant) -> None:
    for name, rows in by_variant.items():
        points = sorted((r["parameters"], _float(r["error_bound"])) for r in rows if "error_bound" in r)
        if points:
            ax.plot([p for p, _ in points], [e for _, e in points], "o", label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("parameters")
    ax.set_ylabel("error bound")
    ax.set_title("theorem's error bound against size")
    ax.legend(fontsize=6)


def _curve(by_variant):
    """``(variant, row, form)``: the largest ``d = 1`` point whose exact 1-D form fits the budget."""
    candidates = sorted(((r["parameters"], name, r) for name, rows in by_variant.items() for r in rows
                         if r.get("d") == 1 and get_variant(name).network is not None
                         and r["parameters"] <= CURVE_PARAMETERS), key=lambda c: c[0], reverse=True)
    for _, name, row in candidates:
        variant = get_variant(name)
        net = variant.network({p: row[p] for p in variant.parameters})
        try:
            (form,) = piecewise_linear_form(net, 0, 1, Budget(pieces=CURVE_PIECES, seconds=CURVE_SECONDS))
        except BudgetExceeded:
            continue
        return name, row, form
    return None


def _curve_panels(ax, ax_err, name, row, form) -> dict:
    """The exact 1-D form of the network of ``row`` on ``[0, 1]`` against its target ``f``."""
    variant = get_variant(name)
    params = {p: row[p] for p in variant.parameters}
    xs = [_signed(t) for t in form.breakpoints]
    ys = [_signed(v) for v in form.values]
    target = Target.from_expression(params["f"], 1, lipschitz=1)
    grid = sorted(set(xs) | {k / 1000 for k in range(1001)})
    fs = [_mid(target.bounds((as_rational(repr(x)),), 64)) for x in grid]
    import numpy as np
    phi = np.interp(grid, xs, ys)  # the exact 1-D form between its breakpoints
    ax.plot(grid, fs, color="black", linewidth=1, label=f"f = {params['f']}")
    ax.plot(xs, ys, color="tab:red", linewidth=0.8, label=f"network ({form.pieces} pieces)")
    ax.set_title(f"{name} at " + ", ".join(f"{a}={row[a]}" for a in variant.axes))
    ax.set_xlabel("x")
    ax.legend(fontsize=6)
    ax_err.plot(grid, [abs(p - f) for p, f in zip(phi, fs)], color="tab:blue", linewidth=0.8)
    ax_err.set_xlabel("x")
    ax_err.set_ylabel("|phi - f|")
    ax_err.set_title("error curve")
    return {"variant": name, **{a: row[a] for a in variant.axes}, "pieces": form.pieces}


def _signed(q) -> float:
    return _float(q) if q >= 0 else -_float(-q)


def _mid(bounds) -> float:
    lo, hi = bounds
    return (_signed(lo) + _signed(hi)) / 2


def sweep_figure(records: list):
    """``(figure, info)`` for point records (:func:`verinet.growth.store.read_records` values) of
    one or more variants; only ``done`` points are drawn.  ``info`` names the panels and the
    point drawn against its target.

    Raises
    ------
    InvalidArgument
        When no point is done, or matplotlib is missing.
    """
    plt = _pyplot()
    by_variant = {}
    for name in sorted({r["variant"] for r in records}):
        rows = [r for r in table_of(name, [rec for rec in records if rec["variant"] == name]) if r["status"] == "done"]
        if rows:
            by_variant[name] = rows
    if not by_variant:
        raise InvalidArgument("no finished point to plot")
    curve = _curve(by_variant)
    columns = 3 if curve is None else 5
    fig, axes = plt.subplots(1, columns, figsize=(4 * columns, 3.6), dpi=100)
    panels = []
    for name, rows in by_variant.items():
        variant = get_variant(name)
        first, second = variant.axes
        _growth_panel(axes[0], rows, variant, first, second)
        _growth_panel(axes[1], rows, variant, second, first)
    panels += ["max_theta_vs_" + "_".join(get_variant(n).axes[:1]) for n in by_variant][:1]
    panels += ["max_theta_vs_" + get_variant(n).axes[1] for n in by_variant][:1]
    _error_panel(axes[2], by_variant)
    panels.append("error_bound_vs_parameters")
    info = {"panels": panels, "variants": list(by_variant), "points": sum(len(r) for r in by_variant.values())}
    if curve is not None:
        info["curve"] = _curve_panels(axes[3], axes[4], *curve)
        info["panels"] += ["network_vs_target", "error_curve"]
    fig.tight_layout()
    return fig, info


def save_figure(records: list, path) -> dict:
    """:func:`sweep_figure` of ``records`` written to ``path``; returns its ``info`` and the path."""
    fig, info = sweep_figure(records)
    fig.savefig(path)
    _pyplot().close(fig)
    return {"figure": str(path), **info}


def plot_sweep(folders, path) -> dict:
    """Draw the sweeps in ``folders`` (one or more ``-o DIR`` of ``verinet sweep growth``) into ``path``."""
    records = [rec for folder in folders for rec in read_records(folder).values()]
    if not records:
        raise InvalidArgument(f"no point records in {', '.join(map(str, folders))}")
    return save_figure(records, path)
