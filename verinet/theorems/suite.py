"""Run the step-by-step checks of a theorem instance and collect a certificate.

``check_*(inst)`` runs the checks on a built (or :func:`~verinet.theorems.intrinsic.reassemble`-d)
:class:`~verinet.theorems.intrinsic.Instance`; ``verify_*`` builds the instance and checks it.
:data:`THEOREMS` maps the CLI names (``a1``, ``2.1``, ``2.2``, ``2.3``) to their verifier,
statement and default instance; ``verinet verify`` and the ``proofs/`` scripts call these
functions and nothing else.
"""

import time
from contextlib import contextmanager
from dataclasses import dataclass

import sympy

from .._backend import MPQ
from ..errors import InvalidArgument
from . import checks
from ..claims.certificate import Certificate
from ..calculus import affine_network
from ..constructions.bits import bit_extraction
from ..constructions.extremes import mid3
from .intrinsic import build_2_1, build_2_2, build_a1, paper_2_2_delta
from .linf import linf_checks
from ..claims.targets import Target, parse_target

__all__ = ["verify_a1", "verify_2_1", "verify_2_2", "check_a1", "check_2_1", "check_2_2", "THEOREMS",
           "TheoremEntry", "diff_targets"]

STATEMENT_A1 = ("For continuous f: [0,1]^d -> [0,1] and n >= 1, K = 2^n, delta in (0, 1/(3K)]: "
                "|phi_2(L(phi_1(x))) - f(x)| <= omega_f(sqrt(d) 2^-n) + 2^-n for x in [0,1]^d minus "
                "Omega(K, delta), with phi_1 in H_{2^(dn+4)}(d,1), phi_2 in H_{2^(dn+5) n}(n,1) independent "
                "of f and L(t) = (a_1 t, ..., a_n t), 2^m a_l integers, m = 2^(dn+1).")
STATEMENT_2_1 = ("For n >= 1, p in [1, oo) and f in C([0,1]^d): ||s phi_2(L(phi_1(x))) + b - f||_{L^p} <= "
                 "omega_f(sqrt(d) 2^-n) + 2^(-n+2) omega_f(sqrt(d)), s = 2 omega_f(sqrt(d)), "
                 "b = f(0) - omega_f(sqrt(d)); n + 2 intrinsic parameters a_1..a_n, s, b.")


@contextmanager
def _timed(seconds: dict, name: str):
    start = time.perf_counter()
    yield
    seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - start


def diff_targets(d: int, theorem: str) -> list:
    """Fixed alternative targets for the intrinsic-parameter diff (complementary bits, other s and b)."""
    if theorem == "A.1":
        return [Target.from_expression("x1", d, lipschitz=1), Target.from_expression("1 - x1", d, lipschitz=1)]
    return [Target.from_expression("x1", d, lipschitz=1), Target.from_expression("-x1", d, lipschitz=1),
            Target.from_expression("x1/2 + 1/3", d, lipschitz=MPQ(1, 2))]


def phi2_blocks(n: int, J: int, copies: int = 1) -> list:
    """``phi_2`` as blocks: ``n`` bit-extraction chains and the combination ``sum 2^-l y_l`` (``n + 1`` parameters)."""
    combine = affine_network([[MPQ(1, 2**l) for l in range(1, n + 1)]], [0])
    return [(bit_extraction("0" * J).network, n * copies), (combine, copies)]


def _instance_dict(inst) -> dict:
    g = inst.grid
    out = {"d": g.d, "n": g.n, "K": g.K, "delta": g.delta, "target": inst.target.description,
           "modulus_bound": str(inst.target.modulus), "s": inst.s, "b": inst.b,
           "key_parameters_bits": [g.cube_count * 2] * g.n}
    if inst.p is not None:
        out["p"] = inst.p
    if g.cube_count <= 64:
        out["key_parameters"] = list(inst.key)
        out["truncations"] = list(inst.truncations)
    return out


def _core_checks(inst, cert: Certificate, diff_with=None) -> tuple:
    """The Theorem A.1 steps shared by Theorems A.1, 2.1, 2.2 and 2.3; returns (cube values, phi_2 range)."""
    sec = cert.seconds
    if inst.theorem != "A.1":
        with _timed(sec, "scaling"):
            cert.checks += checks.scaling_valid(inst)
    with _timed(sec, "phi1_cubes"):
        cert.checks += checks.phi1_constant_on_cubes(inst)
    with _timed(sec, "bits (batched evaluation of phi_2 o L on 4^j)"):
        values = checks.cube_values(inst)
        cert.checks.append(checks.bits_recovered(inst, values))
    with _timed(sec, "phi2_range"):
        rng_check = checks.tail_range(inst)
        cert.checks.append(rng_check)
    with _timed(sec, "error_off_trifling"):
        cert.checks += checks.error_off_trifling(inst, values)
        cert.checks.append(checks.trifling_measure(inst))
    with _timed(sec, "sizes"):
        d, n, J = inst.grid.d, inst.grid.n, inst.grid.cube_count
        table, size_checks = checks.sizes(inst, [(inst.phi1, 1)], phi2_blocks(n, J),
                                          (2 ** (d * n + 4), 2 ** (d * n + 5) * n))
        cert.sizes = table
        cert.checks += size_checks
    with _timed(sec, "intrinsic"):
        cert.checks.append(checks.intrinsic_by_construction(inst))
        if diff_with:
            cert.checks.append(checks.intrinsic_by_diff([inst] + diff_with))
    cert.intrinsic = {"declared": len(inst.intrinsic), "positions": [str(p) for p in inst.intrinsic],
                      "key_parameters_bits_each": 2 * inst.grid.cube_count}
    return values, rng_check.detail["range"]


def _verify(build, check, theorem: str, d: int, target: Target, delta, diff: bool) -> Certificate:
    """``check`` the instance ``build(target, delta)``; with ``diff``, also build the fixed other
    targets at the same delta for the intrinsic-parameter diff.  The builds are timed as "build"."""
    seconds = {}
    with _timed(seconds, "build"):
        inst = build(target, delta)
        others = [build(t, inst.grid.delta) for t in diff_targets(d, theorem)] if diff else None
    cert = check(inst, others)
    cert.seconds = {**seconds, **cert.seconds}
    return cert


def check_a1(inst, diff_with=None) -> Certificate:
    """The Theorem A.1 checks on a built instance (``diff_with``: instances for other targets)."""
    cert = Certificate("Shen-Yang-Zhang 2022, Theorem A.1", STATEMENT_A1, _instance_dict(inst))
    _core_checks(inst, cert, diff_with)
    cert.not_checked = list(_NOT_CHECKED_A1)
    return cert


def verify_a1(d: int, n: int, target: Target, delta=None, diff: bool = True) -> Certificate:
    """Build and check Theorem A.1 on one instance (``f`` must map ``[0, 1]^d`` into ``[0, 1]``)."""
    return _verify(lambda t, dl: build_a1(d, n, t, dl), check_a1, "A.1", d, target, delta, diff)


def check_2_1(inst, diff_with=None) -> Certificate:
    """The Theorem 2.1 checks (``L^p``, ``n + 2`` intrinsic parameters) on a built instance."""
    cert = Certificate("Shen-Yang-Zhang 2022, Theorem 2.1", STATEMENT_2_1, _instance_dict(inst))
    _, rng = _core_checks(inst, cert, diff_with)
    with _timed(cert.seconds, "lp_bound"):
        if rng is not None:
            cert.checks += checks.lp_bound(inst, rng)
    cert.not_checked = _NOT_CHECKED_A1 + [_SCALING_NOTE]
    return cert


def verify_2_1(d: int, n: int, target: Target, p=MPQ(1), delta=None, diff: bool = True) -> Certificate:
    """Build and check Theorem 2.1 (``L^p``, ``n + 2`` intrinsic parameters) on one instance."""
    return _verify(lambda t, dl: build_2_1(d, n, t, p, dl), check_2_1, "2.1", d, target, delta, diff)


STATEMENT_2_2 = ("For n >= 1 and f in C([0,1]^d): ||s phi_2(L(phi_1(x))) + b - f||_{L^inf} <= "
                 "omega_f(sqrt(d) 2^-n) + 2^(-n+2) omega_f(sqrt(d)), phi_1 in H_{3^d 2^(dn+5)}(d, 3^d), "
                 "phi_2 in H_{3^d 2^(dn+8) n}(3^d n, 1), L blockwise (a_1 t, ..., a_n t); 3^d n + 2 intrinsic "
                 "parameters.")


def check_2_2(inst, diff_with=None, cap: int = 4096) -> Certificate:
    """The Theorem 2.2 checks (``L^inf``, ``3^d n + 2`` intrinsic parameters) on a built instance.

    ``cap`` bounds the number of cell points at which the network is evaluated.  The
    paper's f-dependent ``delta`` (:func:`~verinet.theorems.intrinsic.paper_2_2_delta`) is
    reported for this target and the diff targets under ``intrinsic["paper_gap"]``.
    """
    cert = Certificate("Shen-Yang-Zhang 2022, Theorem 2.2", STATEMENT_2_2, _instance_dict(inst))
    values, rng = _core_checks(inst, cert, diff_with)
    grid = inst.grid
    d, n, J = grid.d, grid.n, grid.cube_count
    with _timed(cert.seconds, "sizes"):
        mids = sum(3**i for i in range(d))
        table, size_checks = checks.sizes(inst, [(inst.phi1, 3**d)], phi2_blocks(n, J, 3**d) + [(mid3().network, mids)],
                                          (3**d * 2 ** (d * n + 5), 3**d * 2 ** (d * n + 8) * n), ("psi1", "psi2"))
        cert.sizes.update(table)
        cert.checks = [c for c in cert.checks if c.name not in ("phi1_parameters", "phi2_parameters")] + size_checks
    with _timed(cert.seconds, "linf_cells"):
        cert.checks += linf_checks(inst, values, rng, cap)
    cert.intrinsic["paper_gap"] = {
        "delta_used": grid.delta,
        "paper_delta": {i.target.description: paper_2_2_delta(d, n, i.target, i.s) for i in [inst] + (diff_with or [])},
        "note": "the paper's delta satisfies d omega_f(delta)/s <= 2^-n and so depends on f; the delta used is "
                "f-independent and linf_bound_fixed_delta is the bound that holds for it",
    }
    cert.not_checked = _NOT_CHECKED_A1 + [_SCALING_NOTE,
        "The mid network (Lemma 3.1) and the wiring of mid_repair are the constructions module's, tested there; "
        "here the assembled network is evaluated at one point per cell and must lie in the cell's interval.",
    ]
    return cert


def verify_2_2(d: int, n: int, target: Target, delta=None, diff: bool = True, cap: int = 4096) -> Certificate:
    """Build and check Theorem 2.2 on one instance; ``delta`` defaults to the f-independent ``1/(3K)``."""
    return _verify(lambda t, dl: build_2_2(d, n, t, dl), lambda inst, others: check_2_2(inst, others, cap),
                   "2.2", d, target, delta, diff)


_SCALING_NOTE = ("s = 2W, b = c - W with rational W >= omega(sqrt(d)) + |f(0) - c| instead of the paper's "
                 "s = 2 omega_f(sqrt(d)) (generally irrational); the bound holds with W in place of omega_f(sqrt(d)).")

_NOT_CHECKED_A1 = [
    "The declared modulus of continuity of the target (Lipschitz/Hölder data) is a hypothesis; it is "
    "trusted, or derived by interval arithmetic when not given.",
    "sup over each cube of |f - c_beta| is bounded through the modulus, not computed: the certified "
    "lower bound at the worst evaluated point is reported as a witness.",
]


@dataclass(frozen=True)
class TheoremEntry:
    name: str
    summary: str
    run: object  # callable(args) -> Certificate
    defaults: dict


def _parsed_target(args, d):
    return parse_target(args.f, d, lipschitz=args.lipschitz, holder=args.holder, modulus=args.modulus)


def _run_a1(args):
    return verify_a1(args.d, args.n, _parsed_target(args, args.d), args.delta, diff=not args.no_diff)


def _run_2_1(args):
    return verify_2_1(args.d, args.n, _parsed_target(args, args.d), args.p, args.delta, diff=not args.no_diff)


def _run_2_3(args):
    from .three import class_targets, verify_2_3

    target = _parsed_target(args, args.d)
    others = None if args.no_diff or target.holder is None else class_targets(args.d, *target.holder)
    return verify_2_3(args.d, args.eps, target, diff_with=others)


def _run_2_2(args):
    return verify_2_2(args.d, args.n, _parsed_target(args, args.d), args.delta, diff=not args.no_diff)


THEOREMS = {
    "a1": TheoremEntry("a1", "Thm A.1: n-bit truncation of f on every cube, error off the trifling region",
                       _run_a1, {"d": 2, "n": 2, "f": "(1 + sin(3*x1)*x2)/2"}),
    "2.1": TheoremEntry("2.1", "Thm 2.1: L^p error with n + 2 intrinsic parameters",
                        _run_2_1, {"d": 2, "n": 2, "f": "sin(3*x1)*x2/2", "p": "2"}),
    "2.2": TheoremEntry("2.2", "Thm 2.2: L^inf error (mid repair) with 3^d n + 2 intrinsic parameters",
                        _run_2_2, {"d": 1, "n": 3, "f": "sin(3*x1)/2"}),
    "2.3": TheoremEntry("2.3", "Thm 2.3: |s phi(x, v) + b - f| <= eps with one fixed phi; s, v, b intrinsic",
                        _run_2_3, {"d": 1, "eps": "1/2", "f": "sin(3*x1)/40", "lipschitz": "3/40"}),
}
