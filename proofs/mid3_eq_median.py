# Theorem (Lu-Shen-Yang-Zhang 2021, Lemma 3.1)
#   mid(x1, x2, x3), the median of three reals, is realised by a ReLU network of widthvec
#   [14, 10] (width 14, depth 2) with weights in {+-1, +-1/2} and zero biases; max and min of
#   three are realised with widthvec [6, 4].  Shen-Yang-Zhang 2022 count <= 280 parameters.
#
# ## Network
#   verinet.constructions.extremes.mid3() / max3() / min3() (`verinet build mid3` ...):
#   max(x, y) = 1/2 relu(x+y) - 1/2 relu(-x-y) + 1/2 relu(x-y) + 1/2 relu(y-x) (eq. 3.2),
#   max3 = max(max(x1, x2), x3), mid = relu(s) - relu(-s) - max3 - min3, s = x1 + x2 + x3.
#
# ## What is checked
#   1. Every bias of every layer is 0, so each network is positively homogeneous:
#      phi(c x) = c phi(x) for c >= 0.  Hence it suffices to prove the identity on [-1, 1]^3.
#   2. For each of the 6 orderings x_s1 <= x_s2 <= x_s3 we substitute x_s1 = t,
#      x_s2 = t + u, x_s3 = t + u + w with (t, u, w) in [-1, 1] x [0, 2] x [0, 2] (this box
#      covers the ordered part of [-1, 1]^3) and compute the exact range of
#      D(t, u, w) = network - (t + u) (median), - (t + u + w) (max), - t (min) with the box
#      analysis (verinet.analysis.box_range, an exact region search).  The range is {0}.
#   3. widthvec [14, 10] / [6, 4], weights in {0, +-1, +-1/2}, 217 <= 280 parameters.
#
# ## What is not checked
#   * nothing is sampled; the identity is proved on all of R^3 by steps 1-2.
#
# ## References
#   Lu, Shen, Yang, Zhang, Deep network approximation for smooth functions, SIAM J. Math.
#   Anal. 53 (2021), Lemma 3.1, Fig. 3; Shen-Yang-Zhang 2022, proof of Thm. 2.2 (footnote).

import argparse
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import Report  # noqa: E402

from verinet import MPQ  # noqa: E402
from verinet.analysis import box_range  # noqa: E402
from verinet.calculus import affine_network, pre_affine, sum_networks  # noqa: E402
from verinet.constructions.extremes import max3, mid3, min3  # noqa: E402
from verinet.interpret.layered import to_layered  # noqa: E402
from verinet.interpret.metrics import size_metrics  # noqa: E402

BOX = ((-1, 1), (0, 2), (0, 2))
# the ordered coordinates (x_s1, x_s2, x_s3) as functions of (t, u, w)
ORDERED = [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
# the claimed value in terms of (t, u, w): min = x_s1, mid = x_s2, max = x_s3
VALUE = {"min3": ORDERED[0], "mid3": ORDERED[1], "max3": ORDERED[2]}


def prove_identity(report: Report, name: str, network) -> None:
    layers = to_layered(network).layers
    report.check(f"{name}: every bias is 0 (positively homogeneous)",
                 all(set(layer.bias_numerators) == {0} for layer in layers))
    worst = MPQ(0)
    for order in itertools.permutations(range(3)):
        # x_i = ORDERED[position of i in order] . (t, u, w)
        substitution = [ORDERED[order.index(i)] for i in range(3)]
        difference = sum_networks(pre_affine(network, substitution), affine_network([[-v for v in VALUE[name]]]))
        r = box_range(difference, BOX)
        worst = max(worst, abs(r.minimum), abs(r.maximum))
    report.check(f"{name} == {name[:3]} on every ordering cone (exact box range of the difference)", worst == 0,
                 f"largest |difference| {worst}")


def prove() -> Report:
    report = Report("mid/max/min of three are ReLU networks of widthvec [14, 10] / [6, 4] (Lemma 3.1)")
    for name, build in (("max3", max3), ("min3", min3), ("mid3", mid3)):
        prove_identity(report, name, build().network)
    c = mid3()
    metrics = size_metrics(c.network)
    report.check("mid3 widthvec [14, 10]", metrics["hidden_widths"] == [14, 10])
    report.check("max3, min3 widthvec [6, 4]",
                 all(size_metrics(b().network)["hidden_widths"] == [6, 4] for b in (max3, min3)))
    allowed = {MPQ(0), MPQ(1), MPQ(-1), MPQ(1, 2), MPQ(-1, 2)}
    report.check("weights in {0, +-1, +-1/2}", all(
        {w for row in layer.weights() for w in row} <= allowed for layer in to_layered(c.network).layers))
    report.check("parameters <= 280 (SYZ count)", metrics["parameters"] <= c.claims["parameters"] == 280,
                 f"{metrics['parameters']}")
    return report


def main(argv=None):
    argparse.ArgumentParser(description="Lemma 3.1 (mid of three), proved exactly").parse_args(argv)
    report = prove()
    report.print()
    return 0 if report.verdict else 1


if __name__ == "__main__":
    sys.exit(main())
