"""What the four theorem modules of the paper share: parameters, the target and the diff targets."""

import time
from dataclasses import replace

from ..._backend import MPQ
from ...claims.certificate import Certificate
from ...claims.hypotheses import check_modulus
from ...claims.targets import Target, parse_target
from ...claims.theorem import Param, exact, flag, integer, text

__all__ = ["PAPER", "TARGET_PARAMETERS", "DIFF", "DELTA", "dimension_and_bits", "target_of", "diff_targets",
           "build_and_check", "with_hypotheses", "NOT_CHECKED_A1", "SCALING_NOTE"]

PAPER = "Shen-Yang-Zhang 2022"

# Every instance enumerates its K^d >= 2^d cubes, at most verinet.claims.grid.MAX_CUBES = 2^16 of them.
MAX_DIMENSION = 16

TARGET_PARAMETERS = {
    "f": Param(text, None, "target, an expression in x1..xd, e.g. 'sin(3*x1)*x2/2'"),
    "lipschitz": Param(text, None, "Lipschitz constant of f (exact, e.g. 3/2 or sqrt(2)); default: derived"),
    "holder": Param(text, None, "Hölder data 'alpha,lam' of f"),
    "modulus": Param(text, None, "a modulus of continuity of f, an expression in r (e.g. 'r/2 + sqrt(r)/4')"),
}
DIFF = {"no_diff": Param(flag, False, "skip the intrinsic-parameter diff over several targets", flag=True)}


def dimension_and_bits(d: int, n: int) -> dict:
    return {"d": Param(integer("d", 1, MAX_DIMENSION), d, f"input dimension d <= {MAX_DIMENSION}"),
            "n": Param(integer("n", 1), n, "bits per cube value n (K = 2^n)")}


DELTA = {"delta": Param(exact("delta"), None, "trifling width delta (exact); default from the theorem")}


def target_of(d: int, f, lipschitz=None, holder=None, modulus=None) -> Target:
    """The target ``f`` on ``[0, 1]^d`` with its regularity data, from the user's strings; a declared
    modulus is searched for a refutation (raising with the witness pair) and proven where it can be
    (:func:`~verinet.claims.hypotheses.check_modulus`)."""
    target = parse_target(f, d, lipschitz=lipschitz, holder=holder, modulus=modulus)
    return replace(target, modulus_check=check_modulus(target))


def with_hypotheses(cert: Certificate, target: Target) -> Certificate:
    """``cert`` with the account of ``target``'s modulus: ``instance["modulus_check"]`` and, when the
    verdict rests on an unproven declaration, ``assumptions``."""
    check = target.modulus_check or check_modulus(target)
    cert.instance["modulus_check"] = check.record()
    cert.assumptions = check.assumption(target)
    return cert


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
    cert = with_hypotheses(check(inst, diff_with), target)
    cert.seconds = {**seconds, **cert.seconds}
    return cert


SCALING_NOTE = ("s = 2W, b = c - W with rational W >= omega(sqrt(d)) + |f(0) - c| instead of the paper's "
                "s = 2 omega_f(sqrt(d)) (generally irrational); the bound holds with W in place of omega_f(sqrt(d)).")

NOT_CHECKED_A1 = [
    "A declared modulus of continuity of the target (Lipschitz/Hölder data, or omega(r)) is a hypothesis: "
    "verinet searches for a refuting pair and proves it when its own Lipschitz bound implies it "
    "(instance.modulus_check); if neither, the verdict assumes it (assumptions). Not given: derived by "
    "interval arithmetic.",
    "sup over each cube of |f - c_beta| is bounded through the modulus, not computed: the certified "
    "lower bound at the worst evaluated point is reported as a witness.",
]
