"""``verinet verify THEOREM [options] [--json] [-o CERT]``, ``verinet verify --list``, ``verinet verify --all``.

Runs the exact step-by-step checks of a theorem instance (verinet.theorems.suite) and
returns its certificate; ``-o`` writes the certificate JSON.  ``--all`` runs every theorem
at its small default instance (the main-job command).
"""

import time

from ..errors import InvalidArgument
from ..numbers import as_rational
from ..claims.certificate import Certificate
from ..theorems.suite import THEOREMS

__all__ = ["add_parser", "run"]


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "verify", help="verify a theorem instance exactly and write its certificate",
        description="verinet verify THEOREM [--d D] [--n N] [--f EXPR] [...] [-o CERT];  "
                    "verinet verify --list;  verinet verify --all",
    )
    p.add_argument("theorem", nargs="?", help="theorem name (see --list)")
    p.add_argument("--list", action="store_true", help="list the theorems")
    p.add_argument("--all", action="store_true", help="verify every theorem at its default instance")
    p.add_argument("--d", type=int, help="input dimension d")
    p.add_argument("--n", type=int, help="bits per cube value n (K = 2^n)")
    p.add_argument("--f", help="target, a sympy expression in x1..xd, e.g. 'sin(3*x1)*x2/2'")
    p.add_argument("--lipschitz", help="Lipschitz constant of f (exact, e.g. 3/2 or sqrt(2))")
    p.add_argument("--holder", help="Hölder data 'alpha,lam' of f")
    p.add_argument("--modulus", help="a modulus of continuity of f, an expression in r (e.g. 'r/2 + sqrt(r)/4')")
    p.add_argument("--p", help="exponent p of the L^p norm (Thm 2.1), exact >= 1")
    p.add_argument("--delta", help="trifling width delta (exact); default from the theorem")
    p.add_argument("--eps", help="target accuracy eps (Thm 2.3)")
    p.add_argument("--no-diff", action="store_true", help="skip the intrinsic-parameter diff over several targets")
    p.add_argument("-o", "--output", help="write the certificate JSON here (with --all: a directory prefix)")
    p.set_defaults(func=run)


_TARGET_DATA = ("lipschitz", "holder", "modulus")


def _fill_defaults(args, entry) -> None:
    own_target = getattr(args, "f", None) is not None
    for key, value in entry.defaults.items():
        if own_target and key in _TARGET_DATA:
            continue  # the default modulus belongs to the default target
        if getattr(args, key, None) is None:
            setattr(args, key, value)
    for key in ("p", "delta", "eps"):
        value = getattr(args, key, None)
        if value is not None and not isinstance(value, int):
            setattr(args, key, as_rational(value, key))


def _summary(cert: Certificate) -> dict:
    out = cert.to_dict()
    out["failed_checks"] = [c.name for c in cert.failures()]
    return out


def _one(args, name) -> Certificate:
    if name not in THEOREMS:
        raise InvalidArgument(f"unknown theorem {name!r}; known: {', '.join(THEOREMS)}")
    entry = THEOREMS[name]
    _fill_defaults(args, entry)
    return entry.run(args)


def run(args) -> dict:
    if args.list:
        return {"theorems": [{"name": e.name, "summary": e.summary,
                              "defaults": " ".join(f"--{k} {v}" for k, v in e.defaults.items())}
                             for e in THEOREMS.values()]}
    if args.all:
        return _run_all(args)
    if not args.theorem:
        raise InvalidArgument("name a theorem (see verinet verify --list) or use --all")
    cert = _one(args, args.theorem)
    if args.output:
        cert.write(args.output)
    return _summary(cert)


def _run_all(args) -> dict:
    rows, start = [], time.perf_counter()
    for name in THEOREMS:
        fresh = type(args)(**{k: (None if k not in ("no_diff", "list", "all", "output", "json", "func", "command")
                                  else v) for k, v in vars(args).items()})
        t0 = time.perf_counter()
        cert = _one(fresh, name)
        if args.output:
            cert.write(f"{args.output}{name}.json")
        rows.append({"theorem": name, "verdict": cert.verdict, "checks": len(cert.checks),
                     "failed": ",".join(c.name for c in cert.failures()) or "-",
                     "seconds": round(time.perf_counter() - t0, 2)})
    verdict = "pass" if all(r["verdict"] == "pass" for r in rows) else "fail"
    return {"verdict": verdict, "theorems": rows, "seconds": round(time.perf_counter() - start, 2)}
