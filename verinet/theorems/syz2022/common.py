"""What the four theorem modules of the paper share: parameters, the target and the diff targets."""

import time

from ..._backend import MPQ
from ...claims.certificate import Certificate
from ...claims.targets import Target, parse_target
from ...claims.theorem import Param, exact, flag, integer, text

__all__ = ["PAPER", "TARGET_PARAMETERS", "DIFF", "DELTA", "dimension_and_bits", "target_of", "diff_targets",
           "build_and_check", "NOT_CHECKED_A1", "SCALING_NOTE"]

PAPER = "Shen-Yang-Zhang 2022"

TARGET_PARAMETERS = {
    "f": Param(text, None, "target, an expression in x1..xd, e.g. 'sin(3*x1)*x2/2'"),
    "lipschitz": Param(text, None, "Lipschitz constant of f (exact, e.g. 3/2 or sqrt(2)); default: derived"),
    "holder": Param(text, None, "Hölder data 'alpha,lam' of f"),
    "modulus": Param(text, None, "a modulus of continuity of f, an expression in r (e.g. 'r/2 + sqrt(r)/4')"),
}
DIFF = {"no_diff": Param(flag, False, "skip the intrinsic-parameter diff over several targets", flag=True)}


def dimension_and_bits(d: int, n: int) -> dict:
    return {"d": Param(integer("d", 1), d, "input dimension d"),
            "n": Param(integer("n", 1), n, "bits per cube value n (K = 2^n)")}


DELTA = {"delta": Param(exact("delta"), None, "trifling width delta (exact); default from the theorem")}


def target_of(d: int, f, lipschitz=None, holder=None, modulus=None) -> Target:
    """The target ``f`` on ``[0, 1]^d`` with its regularity data, from the user's strings."""
    return parse_target(f, d, lipschitz=lipschitz, holder=holder, modulus=modulus)


def diff_targets(d: int, scaled: bool = True) -> list:
    """Fixed alternative targets for the intrinsic-parameter diff (complementary bits, other s and b)."""
    if not scaled:
        return [Target.from_expression("x1", d, lipschitz=1), Target.from_expression("1 - x1", d, lipschitz=1)]
    return [Target.from_expression("x1", d, lipschitz=1), Target.from_expression("-x1", d, lipschitz=1),
            Target.from_expression("x1/2 + 1/3", d, lipschitz=MPQ(1, 2))]


def build_and_check(build, check, target, delta, others) -> "Certificate":
    """``check(build(target, delta), [build(t, delta used) for t in others])``, the builds timed as "build".

    ``others`` (or None) are the fixed targets of the intrinsic-parameter diff; they are
    built at the first instance's ``delta``.
    """
    start = time.perf_counter()
    inst = build(target, delta)
    diff_with = [build(t, inst.grid.delta) for t in others] if others else None
    seconds = {"build": time.perf_counter() - start}
    cert = check(inst, diff_with)
    cert.seconds = {**seconds, **cert.seconds}
    return cert


SCALING_NOTE = ("s = 2W, b = c - W with rational W >= omega(sqrt(d)) + |f(0) - c| instead of the paper's "
                "s = 2 omega_f(sqrt(d)) (generally irrational); the bound holds with W in place of omega_f(sqrt(d)).")

NOT_CHECKED_A1 = [
    "The declared modulus of continuity of the target (Lipschitz/Hölder data) is a hypothesis; it is "
    "trusted, or derived by interval arithmetic when not given.",
    "sup over each cube of |f - c_beta| is bounded through the modulus, not computed: the certified "
    "lower bound at the worst evaluated point is reported as a witness.",
]
