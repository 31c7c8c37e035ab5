# Theorem
#   For every m >= 1, Yarotsky's network f_m (m compositions of the tent map) satisfies
#   0 <= f_m(x) - x^2 <= 2^(-2m-2) for all x in [0, 1], with equality on the right at the
#   2^m cell midpoints; f_m has exactly 2^m linear pieces on [0, 1], width 3, depth m,
#   12m - 2 parameters and largest weight 4 (1 when m = 1).
#
# ## Network
#   verinet.constructions.sawtooth.yarotsky_square(m) (`verinet build sawtooth --m M`):
#   f_m(x) = x - sum_{s=1}^{m} g_s(x) / 4^s, g_s the s-fold tent (Yarotsky 2017, Prop. 2).
#
# ## What is checked
#   * the exact piecewise-linear form of the network on [0, 1] (verinet.analysis.pwl1d):
#     its breakpoints are exactly the grid i / 2^m and its values there are exactly x^2;
#   * hence on each piece f_m - x^2 is concave with maximum (h/2)^2 = 2^(-2m-2) at the
#     midpoint and minimum 0 at the ends: the sup error is computed exactly, not sampled;
#   * width, depth, parameter count and largest parameter from the layered form.
#
# ## What is not checked
#   * the claim for x outside [0, 1] (none is made);
#   * m is limited by the 2^m pieces the 1-D analysis enumerates (m <= 16 in seconds).
#
# ## References
#   D. Yarotsky, Error bounds for approximations with deep ReLU networks, Neural Networks 94
#   (2017), Prop. 2; spec smooth_and_growth.md section 2.2.

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import Report  # noqa: E402

from verinet import MPQ  # noqa: E402
from verinet.analysis.pwl1d import piecewise_linear_form  # noqa: E402
from verinet.constructions.sawtooth import yarotsky_square  # noqa: E402
from verinet.interpret.metrics import size_metrics  # noqa: E402


def prove(m: int) -> Report:
    c = yarotsky_square(m)
    claims = c.claims
    report = Report(f"0 <= f_{m}(x) - x^2 <= 2^-{2 * m + 2} on [0, 1], {2**m} pieces, width 3, depth {m}")
    (form,) = piecewise_linear_form(c.network, 0, 1)
    grid = tuple(MPQ(i, 2**m) for i in range(2**m + 1))
    # We first show that the network is the interpolant of x^2 on the grid 2^-m Z.
    report.check("breakpoints are i/2^m", form.breakpoints == grid, f"{form.pieces} pieces")
    report.check("values at breakpoints are x^2", all(v == t * t for t, v in zip(form.breakpoints, form.values)))
    report.check("pieces == claim", form.pieces == claims["pieces"] == 2**m)
    # On a piece [t0, t1] the error e(t) = (linear interpolant) - t^2 is concave, vanishes at
    # both ends and peaks at the midpoint with value ((t1 - t0)/2)^2.
    peaks = [((t1 - t0) / 2) ** 2 for t0, t1 in zip(form.breakpoints, form.breakpoints[1:])]
    sup = max(peaks)
    report.check("sup error == claimed 2^(-2m-2)", sup == claims["sup_error"] == MPQ(1, 4 ** (m + 1)), str(sup))
    report.check("error >= 0 (zero at breakpoints, concave between)", claims["error_lower"] == 0)
    metrics = size_metrics(c.network)
    report.check("width == 3", metrics["width"] == claims["width"] == 3)
    report.check("depth == m", metrics["depth"] == claims["depth"] == m)
    report.check("parameters == 12m - 2", metrics["parameters"] == claims["parameters"] == 12 * m - 2)
    report.check("largest parameter", metrics["max_abs_parameter"] == claims["max_abs_weight"],
                 str(metrics["max_abs_parameter"]))
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--m", type=int, default=8, help="number of tent compositions (default 8)")
    report = prove(parser.parse_args(argv).m)
    report.print()
    return 0 if report.verdict else 1


if __name__ == "__main__":
    sys.exit(main())
