# Theorem (Shen-Yang-Zhang 2022, Prop. B.1 with Lemma B.2)
#   For J >= 1 there is a ReLU network phi of width 2 and depth 2J + 2, independent of the
#   bits, such that for all theta_1..theta_J in {0, 1} and a = sum_j theta_j 4^-j:
#   phi(4^j a) = theta_j (j = 1..J) and phi(x) in [0, 1] for all real x.
#   Lemma B.2: T_{4^J}(4^j a) in [0, 1/3] if theta_j = 0 and in [2/3, 1] if theta_j = 1.
#
# ## Network
#   verinet.constructions.bits.bit_extraction(bits) (`verinet build bit-extraction --bits ...`):
#   phi = G o T_{4^J}, T_{4^J}(y) = h^(2J+1)(y / 2^(2J+1)), G(z) = 3 relu(z - 1/3) - 3 relu(z - 2/3).
#
# ## What is checked
#   * Lemma B.2 at every j, exactly (check_sawtooth_digit_gap);
#   * phi(4^j a) = theta_j at every j, by exact evaluation;
#   * phi(R) in [0, 1]: the last two layers are exactly G (whose range is [0, 1] for every
#     input), read off the layered form;
#   * width 2, depth 2J + 2, parameters <= 6(2J + 2) + 3, largest parameter 3.
#
# ## What is not checked
#   * all 2^J bit strings: one string per run (default: J pseudo-random bits, --bits to choose).
#
# ## References
#   Shen, Yang, Zhang, Deep Network Approximation in Terms of Intrinsic Parameters, ICML 2022,
#   Prop. B.1, Lemma B.2; spec intrinsic_parameters.md sections 3 and 4 (Step 4).

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import Report  # noqa: E402

from verinet import MPQ, evaluate  # noqa: E402
from verinet.constructions.bits import bit_extraction, check_sawtooth_digit_gap, extraction_points  # noqa: E402
from verinet.interpret.layered import to_layered  # noqa: E402
from verinet.interpret.metrics import size_metrics  # noqa: E402


def prove(bits: str) -> Report:
    J = len(bits)
    theta = [int(t) for t in bits]
    c = bit_extraction(bits)
    report = Report(f"Prop. B.1 for J = {J}: phi(4^j a) = theta_j, phi(R) in [0, 1], width 2, depth {2 * J + 2}")
    # Lemma B.2: the sawtooth separates the digits by a gap of 1/3.
    gaps = check_sawtooth_digit_gap(bits)
    report.check("Lemma B.2 gap at every j", len(gaps) == J)
    # G maps [0, 1/3] to 0 and [2/3, 1] to 1, so phi reads the bits back exactly.
    got = [y for (y,) in evaluate(c.network, [[x] for x in extraction_points(bits)])]
    report.check("phi(4^j a) == theta_j for all j", got == theta)
    layers = to_layered(c.network).layers
    G_in = ([[-2, -2], [-2, -2]], [MPQ(2, 3), MPQ(1, 3)])
    report.check(
        "last layers are G(z) = 3 relu(z - 1/3) - 3 relu(z - 2/3), so phi(R) in [0, 1]",
        (layers[-2].weights(), layers[-2].bias()) == G_in and (layers[-1].weights(), layers[-1].bias()) == ([[3, -3]], [0]),
    )
    metrics = size_metrics(c.network)
    report.check("width == 2", metrics["width"] == c.claims["width"] == 2)
    report.check("depth == 2J + 2", metrics["depth"] == c.claims["depth"] == 2 * J + 2)
    report.check("parameters <= 6(2J + 2) + 3", metrics["parameters"] <= c.claims["parameters"],
                 f"{metrics['parameters']} <= {c.claims['parameters']}")
    report.check("largest parameter == 3", metrics["max_abs_parameter"] == c.claims["max_abs_weight"] == 3)
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description="Prop. B.1 bit extraction, checked exactly")
    parser.add_argument("--J", type=int, default=32, help="number of bits (pseudo-random, seed 0)")
    parser.add_argument("--bits", help="the bits theta_1..theta_J as a 0/1 string (overrides --J)")
    args = parser.parse_args(argv)
    bits = args.bits or "".join(random.Random(0).choice("01") for _ in range(args.J))
    report = prove(bits)
    report.print()
    return 0 if report.verdict else 1


if __name__ == "__main__":
    sys.exit(main())
