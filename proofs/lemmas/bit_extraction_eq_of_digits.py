"""Theorem (Shen-Yang-Zhang 2022, Prop. B.1 with Lemma B.2)
  For J >= 1 there is a ReLU network phi of width 2 and depth 2J + 2, independent of the
  bits, such that for all theta_1..theta_J in {0, 1} and a = sum_j theta_j 4^-j:
  phi(4^j a) = theta_j (j = 1..J) and phi(x) in [0, 1] for all real x.
  Lemma B.2: T_{4^J}(4^j a) in [0, 1/3] if theta_j = 0 and in [2/3, 1] if theta_j = 1.

Network
  verinet.constructions.bits.bit_extraction(bits) (`verinet build bit-extraction --bits ...`):
  phi = G o T_{4^J}, T_{4^J}(y) = h^(2J+1)(y / 2^(2J+1)), G(z) = 3 relu(z - 1/3) - 3 relu(z - 2/3).

What is checked (exactly)
  * Lemma B.2 at every j, by exact evaluation of T_{4^J} (sawtooth_digit_values);
  * phi(4^j a) = theta_j at every j, by exact evaluation;
  * phi(R) in [0, 1]: the last two layers are exactly G (whose range is [0, 1] for every
    input), read off the layered form;
  * width 2, depth 2J + 2, parameters <= 6(2J + 2) + 3, largest parameter 3.

What is not checked
  * all 2^J bit strings: one string per run (default: J pseudo-random bits, --bits to choose).

References
  Shen, Yang, Zhang, Deep Network Approximation in Terms of Intrinsic Parameters, ICML 2022,
  Prop. B.1, Lemma B.2; spec intrinsic_parameters.md sections 3 and 4 (Step 4).
"""

import random
import sys

from verinet import MPQ
from verinet.claims.certificate import Certificate, Check, compare_eq, compare_le
from verinet.claims.finite import equal_on_points, values_equal
from verinet.claims.sizes import size_table
from verinet.claims.theorem import Param, Theorem, integer, text
from verinet.constructions.bits import DIGIT_INTERVALS, bit_extraction, extraction_points, sawtooth_digit_values
from verinet.interpret.layered import to_layered
from verinet.interpret.metrics import size_metrics

from proofs._theorem import entry_points
from proofs.lemmas._steps import counted, require_at_most, sized

REFERENCE = "Shen-Yang-Zhang 2022, Prop. B.1 with Lemma B.2"
STATEMENT = ("For J >= 1 there is a ReLU network phi of width 2 and depth 2J + 2, independent of the bits, with "
             "phi(4^j a) = theta_j (j = 1..J) for all theta in {0, 1}^J, a = sum_j theta_j 4^-j, and phi(R) in [0, 1].")

MAX_J = 1024  # J = 1024 takes about 8 seconds
# The last two affine maps of phi: z -> (z - 1/3, z - 2/3) after the tent z = 1 - 2u - 2w, then 3p - 3q.
G_LAYERS = (([[-2, -2], [-2, -2]], [MPQ(2, 3), MPQ(1, 3)]), ([[3, -3]], [0]))


def _entries(layers) -> tuple:
    """``(labels, values)`` of every weight and bias of ``(W, b)`` layers, in order."""
    labels, values = [], []
    for k, (W, b) in enumerate(layers):
        for r, row in enumerate(W):
            labels += [f"W{k}[{r}][{c}]" for c in range(len(row))]
            values += list(row)
        labels += [f"b{k}[{r}]" for r in range(len(b))]
        values += list(b)
    return labels, values


def digit_gaps(theta) -> Check:
    """Lemma B.2: ``T_{4^J}(4^j a)`` lies in ``[0, 1/3]`` or ``[2/3, 1]`` as ``theta_j`` is 0 or 1, for every ``j``."""
    rows = [(j, t, v) for j, (t, v) in enumerate(zip(theta, sawtooth_digit_values(theta)), start=1)]
    return counted("digit_gap_every_j", "T_{4^J}(4^j a) in [0, 1/3] if theta_j = 0, in [2/3, 1] if theta_j = 1 "
                   "(j where it holds, of J; witness (j, theta_j, value))", rows,
                   lambda row: DIGIT_INTERVALS[row[1]][0] <= row[2] <= DIGIT_INTERVALS[row[1]][1])


def verify(J: int, bits=None) -> Certificate:
    """Check Prop. B.1 for ``bits`` (default: ``J`` pseudo-random bits, seed 0); its certificate."""
    bits = bits if bits is not None else "".join(random.Random(0).choice("01") for _ in range(J))
    require_at_most("J", len(bits), MAX_J, "exact evaluation of the depth 2J + 2 network grows like J^2")
    c = bit_extraction(bits)
    theta = [int(t) for t in c.parameters["bits"]]
    J = len(theta)
    cert = Certificate(REFERENCE, STATEMENT, {"J": J, "bits": c.parameters["bits"]},
                       sizes=size_table({"phi": c.network}))
    # Lemma B.2: the sawtooth separates the digits by a gap of 1/3.
    cert.checks.append(digit_gaps(theta))
    # G maps [0, 1/3] to 0 and [2/3, 1] to 1, so phi reads the bits back exactly.
    _, check = equal_on_points(c.network, [[x] for x in extraction_points(theta)], theta, "phi_eq_theta",
                               "phi(4^j a) = theta_j for j = 1..J", witness=lambda i: {"j": i + 1})
    cert.checks.append(check)
    layers = to_layered(c.network).layers
    labels, got = _entries([(layer.weights(), layer.bias()) for layer in layers[-2:]])
    _, expected = _entries(G_LAYERS)
    cert.checks.append(values_equal("last_layers_eq_G", "the last two layers are G(z) = 3 relu(z - 1/3) - "
                                    "3 relu(z - 2/3) after the tent, so phi(R) in [0, 1]", got, expected,
                                    witness=lambda i: {"entry": labels[i] if i < len(labels) else "missing"}))
    metrics = size_metrics(c.network)
    cert.checks += [
        sized(compare_eq("width_eq", "width 2", metrics["width"], 2), c.network, "width"),
        sized(compare_eq("depth_eq", "depth 2J + 2", metrics["depth"], 2 * J + 2), c.network, "depth"),
        sized(compare_le("parameters_le", "#parameters <= 6(2J + 2) + 3", metrics["parameters"], 6 * (2 * J + 2) + 3),
               c.network, "parameters"),
        sized(compare_eq("max_abs_parameter_eq", "largest |parameter| 3", metrics["max_abs_parameter"], 3),
               c.network, "max_abs_parameter"),
    ]
    cert.not_checked = ["All 2^J bit strings: one string per run (the network does not depend on the bits)."]
    return cert


THEOREM = Theorem(
    name="bit-extraction-eq-of-digits", reference=REFERENCE, statement=STATEMENT,
    summary="Prop. B.1: phi(4^j a) = theta_j with width 2, depth 2J + 2; Lemma B.2's digit gap",
    parameters={"J": Param(integer("J", 1, MAX_J), 32, f"number of bits J <= {MAX_J}, pseudo-random with seed 0"),
                "bits": Param(text, None, "the bits theta_1..theta_J as a 0/1 string; overrides --J")},
    run=verify,
)
PARAMETERS = THEOREM.parameters


prove, main = entry_points(THEOREM)


if __name__ == "__main__":
    sys.exit(main())
