"""Theorem (Lu-Shen-Yang-Zhang 2021, Lemma 3.1)
  mid(x1, x2, x3), the median of three reals, is realised by a ReLU network of widthvec
  [14, 10] (width 14, depth 2) with weights in {+-1, +-1/2} and zero biases; max and min of
  three are realised with widthvec [6, 4].  Shen-Yang-Zhang 2022 count <= 280 parameters.

Network
  verinet.constructions.extremes.mid3() / max3() / min3() (`verinet build mid3` ...):
  max(x, y) = 1/2 relu(x+y) - 1/2 relu(-x-y) + 1/2 relu(x-y) + 1/2 relu(y-x) (eq. 3.2),
  max3 = max(max(x1, x2), x3), mid = relu(s) - relu(-s) - max3 - min3, s = x1 + x2 + x3.

What is checked (exactly)
  1. Every bias of every layer is 0, so each network is positively homogeneous:
     phi(c x) = c phi(x) for c >= 0.  Hence it suffices to prove the identity on [-1, 1]^3.
  2. For each of the 6 orderings x_s1 <= x_s2 <= x_s3 we substitute x_s1 = t,
     x_s2 = t + u, x_s3 = t + u + w with (t, u, w) in [-1, 1] x [0, 2] x [0, 2] (this box
     covers the ordered part of [-1, 1]^3) and compute the exact range of
     D(t, u, w) = network - (t + u) (median), - (t + u + w) (max), - t (min) with the box
     analysis (verinet.analysis.box_range, an exact region search).  The range is {0}.
  3. widthvec [14, 10] / [6, 4], weights in {0, +-1, +-1/2}, 217 <= 280 parameters.

What is not checked
  * nothing is sampled; the identity is proved on all of R^3 by steps 1-2.

References
  Lu, Shen, Yang, Zhang, Deep network approximation for smooth functions, SIAM J. Math.
  Anal. 53 (2021), Lemma 3.1, Fig. 3; Shen-Yang-Zhang 2022, proof of Thm. 2.2 (footnote).
"""

import itertools
import sys

from verinet import MPQ
from verinet.analysis import box_range
from verinet.calculus import affine_network, pre_affine, sum_networks
from verinet.claims.certificate import Certificate, Check, compare_eq, compare_le
from verinet.claims.sizes import size_table
from verinet.claims.theorem import Theorem
from verinet.constructions.extremes import max3, mid3, min3
from verinet.interpret.layered import to_layered
from verinet.interpret.metrics import size_metrics
from proofs._theorem import entry_points
from proofs.lemmas._steps import sized

REFERENCE = "Lu-Shen-Yang-Zhang 2021, Lemma 3.1"
STATEMENT = ("mid(x1, x2, x3) is a ReLU network of widthvec [14, 10] with weights in {+-1, +-1/2} and zero biases "
             "(<= 280 parameters); max and min of three are ReLU networks of widthvec [6, 4].")

BOX = ((-1, 1), (0, 2), (0, 2))
# the ordered coordinates (x_s1, x_s2, x_s3) as functions of (t, u, w)
ORDERED = [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
# the claimed value in terms of (t, u, w): min = x_s1, mid = x_s2, max = x_s3
VALUE = {"min3": ORDERED[0], "mid3": ORDERED[1], "max3": ORDERED[2]}
ALLOWED_WEIGHTS = {MPQ(0), MPQ(1), MPQ(-1), MPQ(1, 2), MPQ(-1, 2)}


def biases_zero(name: str, network) -> Check:
    """Step 1: the largest ``|bias|`` over all layers is 0."""
    largest = max(abs(v) for layer in to_layered(network).layers for v in layer.bias())
    return compare_eq(f"{name}_biases_zero", f"every bias of {name} is 0 (so it is positively homogeneous)",
                      largest, 0)


def identity_on_cones(name: str, network) -> Check:
    """Step 2: the exact range of ``network - value`` on every ordering cone is ``{0}``."""
    worst, witness = MPQ(0), {}
    for order in itertools.permutations(range(3)):
        # x_i = ORDERED[position of i in order] . (t, u, w)
        substitution = [ORDERED[order.index(i)] for i in range(3)]
        difference = sum_networks(pre_affine(network, substitution), affine_network([[-v for v in VALUE[name]]]))
        r = box_range(difference, BOX)
        for value, point in ((r.minimum, r.argmin), (r.maximum, r.argmax)):
            if abs(value) > worst:
                worst, witness = abs(value), {"order": list(order), "tuw": list(point)}
    return compare_eq(f"{name}_eq_{name[:3]}_on_cones", f"{name} = {name[:3]} on every ordering cone: largest "
                      "|difference| (exact box range)", worst, 0, witness)


def weights_allowed(network) -> Check:
    """Step 3: every weight lies in ``{0, +-1, +-1/2}``; lhs the number that do not."""
    weights = [w for layer in to_layered(network).layers for row in layer.weights() for w in row]
    outside = [w for w in weights if w not in ALLOWED_WEIGHTS]
    return compare_eq("weights_in_allowed_set", "weights in {0, +-1, +-1/2} (number outside)", len(outside), 0,
                      {"first_outside": outside[0]} if outside else {})


def verify() -> Certificate:
    """Check Lemma 3.1 on all of ``R^3``; its certificate."""
    networks = {"max3": max3().network, "min3": min3().network, "mid3": mid3().network}
    cert = Certificate(REFERENCE, STATEMENT, {}, sizes=size_table(networks))
    for name, network in networks.items():
        cert.checks += [biases_zero(name, network), identity_on_cones(name, network)]
    mid_metrics = size_metrics(networks["mid3"])
    cert.checks.append(sized(compare_eq("mid3_widthvec", "mid3 has widthvec [14, 10]", mid_metrics["hidden_widths"],
                                        [14, 10]), networks["mid3"], "hidden_widths"))
    cert.checks += [sized(compare_eq(f"{name}_widthvec", f"{name} has widthvec [6, 4]",
                                     size_metrics(networks[name])["hidden_widths"], [6, 4]),
                          networks[name], "hidden_widths") for name in ("max3", "min3")]
    cert.checks.append(weights_allowed(networks["mid3"]))
    cert.checks.append(sized(compare_le("mid3_parameters_le", "#parameters(mid3) <= 280 (Shen-Yang-Zhang's count)",
                                        mid_metrics["parameters"], 280), networks["mid3"], "parameters"))
    cert.not_checked = ["Nothing is sampled: the identities hold on all of R^3 by homogeneity and the cone ranges."]
    return cert


THEOREM = Theorem(
    name="mid3-eq-median", reference=REFERENCE, statement=STATEMENT,
    summary="Lemma 3.1: mid, max, min of three are ReLU networks ([14, 10] and [6, 4]), on all of R^3",
    parameters={}, run=verify,
)
PARAMETERS = THEOREM.parameters


prove, main = entry_points(THEOREM)


if __name__ == "__main__":
    sys.exit(main())
