"""Theorem (Yarotsky 2017, Prop. 2)
  For every m >= 1, Yarotsky's network f_m (m compositions of the tent map) satisfies
  0 <= f_m(x) - x^2 <= 2^(-2m-2) for all x in [0, 1], with equality on the right at the
  2^m cell midpoints; f_m has exactly 2^m linear pieces on [0, 1], width 3, depth m,
  12m - 2 parameters and largest weight 4 (1 when m = 1).

Network
  verinet.constructions.sawtooth.yarotsky_square(m) (`verinet build sawtooth --m M`):
  f_m(x) = x - sum_{s=1}^{m} g_s(x) / 4^s, g_s the s-fold tent (Yarotsky 2017, Prop. 2).

What is checked (exactly)
  * the exact piecewise-linear form of the network on [0, 1] (verinet.analysis.pwl1d):
    its breakpoints are exactly the grid i / 2^m and its values there are exactly x^2;
  * hence on each piece f_m - x^2 is concave with maximum (h/2)^2 = 2^(-2m-2) at the
    midpoint and minimum 0 at the ends: the sup error is computed exactly, not sampled;
  * width, depth, parameter count and largest parameter from the layered form.

What is not checked
  * the claim for x outside [0, 1] (none is made);
  * m is limited by the 2^m pieces the 1-D analysis enumerates (m <= 20, in seconds).

References
  D. Yarotsky, Error bounds for approximations with deep ReLU networks, Neural Networks 94
  (2017), Prop. 2; spec smooth_and_growth.md section 2.2.
"""

import sys

from verinet import MPQ
from verinet.analysis.pwl1d import piecewise_linear_form
from verinet.claims.certificate import Certificate, compare_eq
from verinet.claims.finite import values_equal
from verinet.claims.sizes import size_table
from verinet.claims.theorem import Param, Theorem, integer
from verinet.constructions.sawtooth import yarotsky_square
from verinet.interpret.metrics import size_metrics

from proofs._theorem import entry_points
from proofs.lemmas._steps import interpolates_square, sized, square_error_peak

REFERENCE = "Yarotsky 2017, Prop. 2"
STATEMENT = ("For m >= 1, Yarotsky's f_m satisfies 0 <= f_m(x) - x^2 <= 2^(-2m-2) on [0, 1] with equality at "
             "the 2^m cell midpoints; f_m has 2^m pieces, width 3, depth m, 12m - 2 parameters, largest weight 4 "
             "(1 when m = 1).")


def verify(m: int) -> Certificate:
    """Check the statement for one ``m``; its certificate."""
    c = yarotsky_square(m)
    cert = Certificate(REFERENCE, STATEMENT, {"m": m}, sizes=size_table({"f_m": c.network}))
    (form,) = piecewise_linear_form(c.network, 0, 1)
    grid = [MPQ(i, 2**m) for i in range(2**m + 1)]
    # We first show that the network is the interpolant of x^2 on the grid 2^-m Z.
    cert.checks.append(values_equal("breakpoints_eq_grid", "the breakpoints of f_m on [0, 1] are i/2^m",
                                    form.breakpoints, grid, witness=lambda i: {"i": i}))
    cert.checks.append(interpolates_square("values_eq_square", "f_m(t) = t^2 at every breakpoint t", form))
    cert.checks.append(compare_eq("pieces_eq", "f_m has 2^m linear pieces on [0, 1]", form.pieces, 2**m))
    # On a piece the error is concave, zero at both ends and largest at the midpoint.
    sup, midpoint = square_error_peak(form.breakpoints)
    cert.checks.append(compare_eq("sup_error_eq", "sup_[0,1] (f_m - x^2) = 2^(-2m-2), at a cell midpoint",
                                  sup, MPQ(1, 4 ** (m + 1)), {"x": midpoint}))
    lowest = min(v - t * t for t, v in zip(form.breakpoints, form.values))
    cert.checks.append(compare_eq("error_lower_eq_zero", "min_[0,1] (f_m - x^2) = 0 (at the breakpoints; "
                                  "concave between them)", lowest, 0))
    metrics = size_metrics(c.network)
    cert.checks += [
        sized(compare_eq("width_eq", "width 3", metrics["width"], 3), c.network, "width"),
        sized(compare_eq("depth_eq", "depth m", metrics["depth"], m), c.network, "depth"),
        sized(compare_eq("parameters_eq", "12m - 2 parameters", metrics["parameters"], 12 * m - 2),
               c.network, "parameters"),
        sized(compare_eq("max_abs_parameter_eq", "largest |parameter| 4 (1 when m = 1)", metrics["max_abs_parameter"],
                   MPQ(4) if m >= 2 else MPQ(1)), c.network, "max_abs_parameter"),
    ]
    cert.not_checked = ["x outside [0, 1] (no claim is made there).",
                        "m > 20: the 1-D analysis enumerates all 2^m pieces."]
    return cert


THEOREM = Theorem(
    name="sq-approx-error-eq-of-depth", reference=REFERENCE, statement=STATEMENT,
    summary="Yarotsky's f_m: 0 <= f_m - x^2 <= 2^(-2m-2) on [0, 1], 2^m pieces, width 3, depth m",
    parameters={"m": Param(integer("m", 1, 20), 8, "number of tent compositions m <= 20")},
    run=verify,
)
PARAMETERS = THEOREM.parameters


prove, main = entry_points(THEOREM)


if __name__ == "__main__":
    sys.exit(main())
