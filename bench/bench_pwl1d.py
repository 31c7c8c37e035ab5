"""Benchmark: exact 1-D form and exact sup error of Yarotsky's f_m; naive sympy Piecewise.

    python bench/bench_pwl1d.py [--m 20] [--naive-m 10] [--json]

Times (wall clock, seconds) for
* the exact 1-D form of f_m on [0, 1] (2^m pieces),
* the exact sup |f_m - x^2| (checked equal to 2^(-2m-2)),
* for comparison, the same sympy Piecewise built naively: sympy evaluation of the network
  at the 2^k + 1 known breakpoints (k = --naive-m) and Piecewise of the interpolants,
  against PWLForm.to_sympy() for the same k.
"""

import argparse
import json
import platform
import time
from fractions import Fraction

import sympy

from verinet import MPQ
from verinet.analysis.error import sup_error
from verinet.analysis.pwl1d import piecewise_linear_form
from verinet.constructions.sawtooth import yarotsky_square
from verinet.interpret.reference import evaluate_reference


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def naive_piecewise(net, k):
    x = sympy.Symbol("x")
    ts = [sympy.Rational(j, 2**k) for j in range(2**k + 1)]
    vs = [sympy.Rational(str(evaluate_reference(net, [Fraction(j, 2**k)])[0])) for j in range(2**k + 1)]
    args = []
    for j in range(2**k):
        slope = (vs[j + 1] - vs[j]) / (ts[j + 1] - ts[j])
        args.append((vs[j] + slope * (x - ts[j]), x <= ts[j + 1]))
    return sympy.Piecewise(*args)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--m", type=int, default=20)
    parser.add_argument("--naive-m", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    net = yarotsky_square(args.m).network
    (form,), t_form = timed(lambda: piecewise_linear_form(net, 0, 1))
    sup, t_sup = timed(lambda: sup_error(form, "x**2"))
    assert form.pieces == 2**args.m and sup.exact and sup.value == MPQ(1, 2 ** (2 * args.m + 2))
    small = yarotsky_square(args.naive_m).network
    _, t_export = timed(lambda: piecewise_linear_form(small, 0, 1)[0].to_sympy())
    _, t_naive = timed(lambda: naive_piecewise(small, args.naive_m))
    result = {
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(),
        "m": args.m,
        "pieces": form.pieces,
        "sup_error": str(sup.value),
        "form_seconds": round(t_form, 3),
        "sup_seconds": round(t_sup, 3),
        "total_seconds": round(t_form + t_sup, 3),
        "naive_m": args.naive_m,
        "to_sympy_seconds": round(t_export, 3),
        "naive_sympy_seconds": round(t_naive, 3),
    }
    print(json.dumps(result, indent=2) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
