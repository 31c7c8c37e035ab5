"""Benchmark: exact 1-D form and exact sup error of Yarotsky's f_m; naive sympy Piecewise.

    python bench/bench_pwl1d.py [--m 20] [--naive-m 10] [--repeat 5] [--json]

Best-of-``--repeat`` times (wall clock, seconds; the load average is reported with them) for
* the exact 1-D form of f_m on [0, 1] (2^m pieces),
* the exact sup |f_m - x^2| (checked equal to 2^(-2m-2)),
* for comparison, the same sympy Piecewise built naively: sympy evaluation of the network
  at the 2^k + 1 known breakpoints (k = --naive-m) and Piecewise of the interpolants,
  against PWLForm.to_sympy() for the same k.
"""

import argparse
import json
import os
import platform
import time
from fractions import Fraction
from importlib.metadata import version

import sympy

from verinet import MPQ
from verinet.analysis.error import sup_error
from verinet.analysis.pwl1d import PWLForm, piecewise_linear_form
from verinet.constructions.sawtooth import yarotsky_square
from verinet.interpret.reference import evaluate_reference


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def best_of(repeat, fn):
    """``(value, best seconds, first run's seconds)`` over ``repeat`` runs."""
    runs = [timed(fn) for _ in range(repeat)]
    return runs[-1][0], min(t for _, t in runs), runs[0][1]


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
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    load_before = os.getloadavg()
    net = yarotsky_square(args.m).network
    (form,), t_form, first_form = best_of(args.repeat, lambda: piecewise_linear_form(net, 0, 1))
    # a fresh form for every sup run, so that no cached int64 data is reused across runs
    sup, t_sup, first_sup = best_of(args.repeat, lambda: sup_error(_copy(form), "x**2"))
    assert form.pieces == 2**args.m and sup.exact and sup.value == MPQ(1, 2 ** (2 * args.m + 2))
    small = yarotsky_square(args.naive_m).network
    _, t_export, _ = best_of(args.repeat, lambda: piecewise_linear_form(small, 0, 1)[0].to_sympy())
    _, t_naive, _ = best_of(args.repeat, lambda: naive_piecewise(small, args.naive_m))
    result = {
        "machine": f"{platform.machine()} {_cpu()}".strip(),
        "python": platform.python_version(),
        "versions": ", ".join(f"{name} {version(name)}" for name in ("numpy", "gmpy2", "python-flint", "sympy")),
        "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "repeat": args.repeat,
        "m": args.m,
        "pieces": form.pieces,
        "sup_error": str(sup.value),
        "form_seconds": round(t_form, 3),
        "sup_seconds": round(t_sup, 3),
        "total_seconds": round(t_form + t_sup, 3),
        "first_run_total_seconds": round(first_form + first_sup, 3),
        "naive_m": args.naive_m,
        "to_sympy_seconds": round(t_export, 3),
        "naive_sympy_seconds": round(t_naive, 3),
    }
    print(json.dumps(result, indent=2) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


def _copy(form):
    return PWLForm(form.T, form.E, form.N, form.scale)


def _cpu():
    try:
        with open("/proc/cpuinfo") as f:
            return next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or ""


if __name__ == "__main__":
    main()
