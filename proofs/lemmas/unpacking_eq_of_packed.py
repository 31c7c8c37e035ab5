"""Theorem (Shen-Yang-Zhang 2022, Lemma A.3 and proof of Thm. 2.3, Step 2)
  Let m, n >= 1.  For a_1..a_n in [0, 1) with 2^m a_i integers, v = sum_i 2^(-m(i-1)) a_i
  lies in [0, 1) and a_i = floor(2^(mi) v)/2^m - floor(2^(m(i-1)) v).  With the floor
  replaced by the continuous g with g = l on [l, l + 1 - 2^(-mn)] (l = 0..2^(mn) - 1), a
  ReLU network phi(v) = (g_1(v), ..., g_n(v)) returns (a_1, ..., a_n) exactly.

Network
  verinet.constructions.packing.unpacking(m, values), pack(values, m), floor_network(R)
  (`verinet build unpacking --m M --values ...`).

What is checked (exactly)
  1. The floor network: its exact 1-D form on [0, R], R = 2^(mn), has no breakpoint inside
     any [l, l + 1 - 1/R] and equals l at both ends, so it is floor there.
  2. Every 2^(mi) v with v packed (i = 1..n) lies in such an interval: 2^(mi) v - floor is a
     multiple of 2^(-m(n-i)) <= 1 - 2^(-mn) (exact arithmetic for each packed v below).
  3. phi(v) == (a_1..a_n) exactly for every tuple in the run (all 2^(mn) tuples when
     mn <= --exhaustive, else 64 pseudo-random ones), v has m n bits.
  4. sizes: one hidden layer of width 2n(2^(mn) - 1) [R: the paper gives no size].

What is not checked
  * large m n: the width is exponential in m n (the spec calls it astronomically large);
    m n > 12 is refused.

References
  Shen, Yang, Zhang, ICML 2022, Lemma A.3, proof of Thm. 2.3 (Step 2); spec
  intrinsic_parameters.md section 7.
"""

import itertools
import random
import sys

from verinet import MPQ, evaluate
from verinet.analysis import piecewise_linear_form
from verinet.claims.certificate import Certificate, compare_eq
from verinet.claims.finite import values_equal
from verinet.claims.sizes import size_table
from verinet.claims.theorem import Param, Theorem, integer
from verinet.constructions._layers import chain
from verinet.constructions.packing import floor_network, pack, unpacking
from verinet.interpret.metrics import size_metrics

from proofs._theorem import entry_points
from proofs.lemmas._steps import counted, equals_on_intervals, require_at_most, sized

REFERENCE = "Shen-Yang-Zhang 2022, Lemma A.3"
STATEMENT = ("For m, n >= 1 and a_1..a_n in [0, 1) with 2^m a_i integers, v = sum_i 2^(-m(i-1)) a_i lies in "
             "[0, 1) and a ReLU network phi with the continuous floor g returns phi(v) = (a_1, ..., a_n) exactly.")

MAX_BITS = 12  # m n: the floor network has 2(2^(mn) - 1) units; m n = 12 takes about 10 seconds
SAMPLES = 64  # pseudo-random tuples (seed 0) when m n exceeds --exhaustive


def verify(m: int, n: int, exhaustive: int) -> Certificate:
    """Check Lemma A.3 for ``n`` numbers of ``m`` bits; its certificate."""
    require_at_most("m n", m * n, MAX_BITS, "the floor network has 2(2^(mn) - 1) units")
    R = 2 ** (m * n)
    grid = [MPQ(i, 2**m) for i in range(2**m)]
    if m * n <= exhaustive:
        tuples = list(itertools.product(grid, repeat=n))
    else:
        rng = random.Random(0)
        tuples = [tuple(rng.choice(grid) for _ in range(n)) for _ in range(SAMPLES)]
    c = unpacking(m, tuples[0])
    floor = chain(floor_network(R), name="floor")
    cert = Certificate(REFERENCE, STATEMENT, {"m": m, "n": n, "exhaustive": exhaustive, "tuples": len(tuples)},
                       sizes=size_table({"phi": c.network, "g": floor}))
    # Step 1: the floor network is floor on the good intervals.
    (form,) = piecewise_linear_form(floor, 0, R)
    cert.checks.append(equals_on_intervals("g_eq_floor_on_intervals", "g = l on every [l, l + 1 - 2^-(mn)] "
                                           "(intervals shown, of 2^(mn))", floor, form,
                                           [(MPQ(l), l + 1 - MPQ(1, R), l) for l in range(R)]))
    # Steps 2-3: the tuples.
    vs = [pack(a, m) for a in tuples]
    scaled = [(v, i) for v in vs for i in range(1, n + 1)]
    cert.checks.append(counted("scaled_v_in_good_intervals", "2^(mi) v - floor(2^(mi) v) <= 1 - 2^-(mn) for "
                               "every packed v and i = 1..n (pairs where it holds, of all)", scaled,
                               lambda p: 2 ** (m * p[1]) * p[0] - int(2 ** (m * p[1]) * p[0]) <= 1 - MPQ(1, R)))
    got = [a for row in evaluate(c.network, [[v] for v in vs]) for a in row]
    expected = [a for row in tuples for a in row]
    cert.checks.append(values_equal("phi_eq_values", "phi(v) = (a_1..a_n) exactly for every tuple of the run",
                                    got, expected, witness=lambda i: {"tuple": i // n, "i": i % n + 1}))
    cert.checks.append(counted("v_has_mn_bits", "v in [0, 1) and 2^(mn) v an integer (tuples where it holds, of "
                               "all)", vs, lambda v: 0 <= v < 1 and (v * R).denominator == 1))
    metrics = size_metrics(c.network)
    cert.checks += [sized(compare_eq("depth_eq", "one hidden layer", metrics["depth"], 1), c.network, "depth"),
                    sized(compare_eq("width_eq", "width 2n(2^(mn) - 1)", metrics["width"], 2 * n * (R - 1)),
                           c.network, "width")]
    cert.not_checked = [f"m n > {MAX_BITS}: the width 2n(2^(mn) - 1) is exponential in m n."]
    if m * n > exhaustive:
        cert.not_checked.append(f"All 2^(mn) tuples: {SAMPLES} pseudo-random ones (seed 0) are checked.")
    return cert


THEOREM = Theorem(
    name="unpacking-eq-of-packed", reference=REFERENCE, statement=STATEMENT,
    summary="Lemma A.3: phi(v) = (a_1, ..., a_n) exactly for n numbers of m bits packed into v",
    parameters={"m": Param(integer("m", 1, MAX_BITS), 3, f"bits per number m, with m n <= {MAX_BITS}"),
                "n": Param(integer("n", 1, MAX_BITS), 2, "count of numbers n"),
                "exhaustive": Param(integer("exhaustive", 0, MAX_BITS), 8, "check all tuples when m n <= this")},
    run=verify,
)
PARAMETERS = THEOREM.parameters


prove, main = entry_points(THEOREM)


if __name__ == "__main__":
    sys.exit(main())
