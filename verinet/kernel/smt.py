"""SMT cross-check (extra ``smt``): small claims re-proved by z3 in exact linear real arithmetic.

A second, independent oracle for verinet's exact answers.  A ReLU chain is encoded with one
real variable per hidden unit, ``h = If(u > 0, u, 0)`` (weights as exact rationals), and a claim
``for all x in B: P(N(x))`` is proved by z3 answering *unsat* for ``x in B and not P(N(x))``:

* :func:`prove_range` -- ``lo <= N(x) <= hi`` on a box (or all of ``R^k``), and both ends attained;
* :func:`prove_constant` -- ``N(x) = c`` on a box (``phi_1`` on a cube);
* :func:`prove_le` -- ``N(x) <= bound`` on a box.

:func:`cross_check` applies them to a certificate's small claims (the range of ``phi_2``, the
constancy of ``phi_1`` on each cube, ``phi_1 <= 4^(K^d)`` on ``[0, 1]^d``).
"""

import time
from itertools import product

from .._backend import MPQ
from ..errors import InvalidArgument
from .network import Chain
from .read import get, read_json, MAX_BYTES
from .compare import interval

__all__ = ["prove_range", "prove_constant", "prove_le", "cross_check", "MAX_UNITS"]

MAX_UNITS = 400  # hidden units of the largest chain cross-checked (z3's time grows fast with them)


def _z3():
    try:
        import z3
    except ImportError:
        raise InvalidArgument("the SMT cross-check needs z3: pip install 'verinet[smt]'") from None
    return z3


def _q(z3, value):
    return z3.RealVal(f"{value.numerator}/{value.denominator}")


def _encode(z3, chain: Chain, solver, box):
    """``(inputs, output)`` with the chain's constraints and ``x in box`` added to ``solver``."""
    if any(a != "ReLU" for a in chain.activations):
        raise InvalidArgument("the SMT encoding covers ReLU chains (linear real arithmetic) only")
    xs = [z3.Real(f"x{i}") for i in range(chain.in_dim)]
    for x, (lo, hi) in zip(xs, box or []):
        solver.add(x >= _q(z3, lo), x <= _q(z3, hi))
    values = xs
    for k, (rows, (_, bias)) in enumerate(zip(chain.sparse, chain.layers)):
        pre = [z3.Sum([_q(z3, w) * values[c] for c, w in row] + [_q(z3, b)]) for row, b in zip(rows, bias)]
        if k == len(chain.activations):
            return xs, pre
        values = [z3.Real(f"h{k}_{r}") for r in range(len(pre))]
        solver.add(*[h == z3.If(u > 0, u, 0) for h, u in zip(values, pre)])


def _unsat(chain, box, violated) -> tuple:
    """``(proved, seconds, counterexample)``: z3 on ``x in box and violated(N(x))``."""
    z3 = _z3()
    solver = z3.Solver()
    xs, (out,) = _encode(z3, chain, solver, box)
    solver.add(violated(out))
    start = time.perf_counter()
    answer = solver.check()
    seconds = time.perf_counter() - start
    if answer == z3.unknown:
        raise InvalidArgument(f"z3 answered unknown ({solver.reason_unknown()})")
    model = solver.model() if answer == z3.sat else None
    return answer == z3.unsat, seconds, None if model is None else [str(model.eval(x)) for x in xs]


def prove_range(chain: Chain, box, lo, hi) -> dict:
    """``lo <= N <= hi`` on ``box`` (None: all of ``R^k``) and both ends attained, decided by z3."""
    z3 = _z3()
    inside, t1, witness = _unsat(chain, box, lambda y: z3.Or(y < _q(z3, lo), y > _q(z3, hi)))
    low, t2, _ = _unsat(chain, box, lambda y: y <= _q(z3, lo))
    high, t3, _ = _unsat(chain, box, lambda y: y >= _q(z3, hi))
    return {"holds": inside and not low and not high, "seconds": t1 + t2 + t3, "counterexample": witness}


def prove_constant(chain: Chain, box, value) -> dict:
    z3 = _z3()
    ok, seconds, witness = _unsat(chain, box, lambda y: y != _q(z3, value))
    return {"holds": ok, "seconds": seconds, "counterexample": witness}


def prove_le(chain: Chain, box, bound) -> dict:
    z3 = _z3()
    ok, seconds, witness = _unsat(chain, box, lambda y: y > _q(z3, bound))
    return {"holds": ok, "seconds": seconds, "counterexample": witness}


def _units(chain: Chain) -> int:
    return sum(len(b) for _, b in chain.layers[:-1])


def cross_check(path, max_bytes: int = MAX_BYTES) -> list:
    """Rows ``{"claim", "status", "seconds", "note"}``: z3 ``agrees`` or ``disagrees`` with each small claim of
    the certificate, or ``skipped`` (with why)."""
    data = read_json(path, max_bytes)
    nets, inst, rows = get(data, "networks", dict, "certificate"), get(data, "instance", dict, "certificate"), []
    for check in get(data, "checks", list, "certificate"):
        kind = check.get("evidence", {}).get("kind") if isinstance(check, dict) else None
        if kind not in ("axis_constancy", "last_layer_range"):
            continue
        sha = check["evidence"].get("network")
        if nets.get(sha) is None:
            rows.append({"claim": check["name"], "status": "skipped", "seconds": 0, "note": "network not embedded"})
            continue
        chain = Chain(nets[sha], f"networks[{str(sha)[:12]}]")
        if _units(chain) > MAX_UNITS:
            rows.append({"claim": check["name"], "status": "skipped", "seconds": 0,
                         "note": f"{_units(chain)} hidden units > verinet.kernel.smt.MAX_UNITS = {MAX_UNITS}"})
            continue
        for claim, result in _claims(kind, chain, check, inst):
            rows.append({"claim": claim, "status": "agrees" if result["holds"] == check["holds"] else "disagrees",
                         "seconds": round(result["seconds"], 3), "note": ""})
    return rows


def _claims(kind, chain, check, inst):
    if kind == "last_layer_range":
        if check["lhs"] == "unbounded":
            return
        lo, hi = (MPQ(str(v)) for v in interval(check["lhs"], "lhs"))
        yield f"{check['name']}: phi_2(R^n) = [{lo}, {hi}] (z3)", prove_range(chain, None, lo, hi)
        return
    d, K, delta = inst["d"], inst["K"], MPQ(inst["delta"])
    if K**d > 64:
        return
    for beta in product(range(K), repeat=d):
        box = [(MPQ(b, K), MPQ(1) if b == K - 1 else MPQ(b + 1, K) - delta) for b in beta]
        rho = 1 + sum(b * K**i for i, b in enumerate(beta))
        yield f"phi_1 = 4^{rho} on the cube beta={list(beta)} (z3)", prove_constant(chain, box, MPQ(4) ** rho)
    yield f"phi_1 <= 4^{K ** d} on [0, 1]^{d} (z3)", prove_le(chain, [(MPQ(0), MPQ(1))] * d, MPQ(4) ** (K**d))
