# Theorem (Shen-Yang-Zhang 2022, Lemma A.3 and proof of Thm. 2.3, Step 2)
#   Let m, n >= 1.  For a_1..a_n in [0, 1) with 2^m a_i integers, v = sum_i 2^(-m(i-1)) a_i
#   lies in [0, 1) and a_i = floor(2^(mi) v)/2^m - floor(2^(m(i-1)) v).  With the floor
#   replaced by the continuous g with g = l on [l, l + 1 - 2^(-mn)] (l = 0..2^(mn) - 1), a
#   ReLU network phi(v) = (g_1(v), ..., g_n(v)) returns (a_1, ..., a_n) exactly.
#
# ## Network
#   verinet.constructions.packing.unpacking(m, values), pack(values, m), floor_network(R)
#   (`verinet build unpacking --m M --values ...`).
#
# ## What is checked
#   1. The floor network: its exact 1-D form on [0, R], R = 2^(mn), has no breakpoint inside
#      any [l, l + 1 - 1/R] and equals l at both ends, so it is floor there.
#   2. Every 2^(mi) v with v packed (i = 1..n) lies in such an interval: 2^(mi) v - floor is a
#      multiple of 2^(-m(n-i)) <= 1 - 2^(-mn) (exact arithmetic for each packed v below).
#   3. phi(v) == (a_1..a_n) exactly for every tuple in the run (all 2^(mn) tuples when
#      mn <= --exhaustive, else random ones), v has m n bits.
#   4. sizes: one hidden layer of width 2n(2^(mn) - 1) [R: the paper gives no size].
#
# ## What is not checked
#   * large m n: the width is exponential in m n (the spec calls it astronomically large).
#
# ## References
#   Shen, Yang, Zhang, ICML 2022, Lemma A.3, proof of Thm. 2.3 (Step 2); spec
#   intrinsic_parameters.md section 7.

import argparse
import itertools
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import Report  # noqa: E402

from verinet import MPQ, evaluate  # noqa: E402
from verinet.analysis import piecewise_linear_form  # noqa: E402
from verinet.constructions._layers import chain  # noqa: E402
from verinet.constructions.packing import floor_network, pack, unpacking  # noqa: E402
from verinet.interpret.metrics import size_metrics  # noqa: E402


def prove(m: int, n: int, exhaustive: int = 8, samples: int = 64) -> Report:
    R = 2 ** (m * n)
    report = Report(f"Lemma A.3: phi(v) = (a_1..a_{n}) for every n-tuple of {m}-bit numbers (v has {m * n} bits)")
    # Step 1: the floor network is floor on the good intervals.
    floor = chain(floor_network(R), name="floor")
    (form,) = piecewise_linear_form(floor, 0, R)
    good = [(MPQ(l), l + 1 - MPQ(1, R)) for l in range(R)]
    ends = [y for (y,) in evaluate(floor, [[t] for a, b in good for t in (a, b)])]
    report.check("g == floor on every [l, l + 1 - 2^-(mn)]",
                 ends == [l for l in range(R) for _ in range(2)]
                 and not any(a < t < b for a, b in good for t in form.breakpoints))
    # Steps 2-3: the tuples.
    grid = [MPQ(i, 2**m) for i in range(2**m)]
    if m * n <= exhaustive:
        tuples = list(itertools.product(grid, repeat=n))
    else:
        rng = random.Random(0)
        tuples = [tuple(rng.choice(grid) for _ in range(n)) for _ in range(samples)]
    vs = [pack(a, m) for a in tuples]
    in_good = all(
        (2 ** (m * i) * v) - int(2 ** (m * i) * v) <= 1 - MPQ(1, R) for v in vs for i in range(1, n + 1)
    )
    report.check("every 2^(mi) v lies in a good interval of the floor", in_good)
    c = unpacking(m, tuples[0])
    got = [tuple(row) for row in evaluate(c.network, [[v] for v in vs])]
    report.check("phi(v) == (a_1..a_n) exactly", got == [tuple(a) for a in tuples], f"{len(tuples)} tuples")
    report.check("v in [0, 1) with m n bits", all(0 <= v < 1 and (v * R).denominator == 1 for v in vs))
    metrics = size_metrics(c.network)
    report.check("one hidden layer of width 2n(2^(mn) - 1)",
                 (metrics["depth"], metrics["width"]) == (1, c.claims["width"]) and c.claims["width"] == 2 * n * (R - 1))
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description="Lemma A.3 packing/unpacking, checked exactly")
    parser.add_argument("--m", type=int, default=3)
    parser.add_argument("--n", type=int, default=2)
    parser.add_argument("--exhaustive", type=int, default=8, help="check all tuples when m n <= this")
    args = parser.parse_args(argv)
    report = prove(args.m, args.n, args.exhaustive)
    report.print()
    return 0 if report.verdict else 1


if __name__ == "__main__":
    sys.exit(main())
