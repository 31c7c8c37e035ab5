"""What the three theorem modules of the paper share: parameters, the target, the size checks."""

import sympy

from ...claims.certificate import Certificate, compare_le
from ...claims.targets import Target
from ...claims.theorem import Param, exact, integer, text
from ...interpret.metrics import size_metrics
from .instance import MAX_PARAMETERS, build
from .steps import MAX_PIECES

__all__ = ["PAPER", "parameters", "with_max_pieces", "target_of", "instance_record", "log2", "size_checks", "NOT_CHECKED"]

PAPER = "Lu-Shen-Yang-Zhang 2021"

MAX_DIMENSION = 4  # K^d cells, 3^d copies after the repair


def parameters(d: int, s: int, N: int, L: int, f: str) -> dict:
    """The flags of ``verinet verify lsyz21-*``, with the theorem's default instance."""
    return {
        "d": Param(integer("d", 1, MAX_DIMENSION), d, f"input dimension d <= {MAX_DIMENSION}"),
        "s": Param(integer("s", 1, 8), s, "smoothness s in N+ (f in C^s)"),
        "N": Param(integer("N", 1, 64), N, "width parameter N"),
        "L": Param(integer("L", 1, 64), L, "depth parameter L"),
        "f": Param(text, f, "target, an expression in x1..xd, e.g. 'sin(x1)/2'"),
        "cs_norm": Param(exact("cs_norm"), None, "a declared bound of ||f||_{C^s} (refuted by a witness when "
                         "verinet proves it too small); default: derived"),
        "delta": Param(exact("delta"), None, "trifling width delta (exact); default: the spec's admissible value"),
        "max_parameters": Param(integer("max_parameters", 1), MAX_PARAMETERS,
                                "refuse instances whose estimated parameter count is larger"),
    }


def with_max_pieces(params: dict) -> dict:
    """``params`` and ``--max-pieces``, the budget of the actual sup error (``d = 1``) of Theorems 2.2, 2.1, 1.1."""
    return {**params, "max_pieces": Param(integer("max_pieces", 1), MAX_PIECES, "budget for the actual sup error "
                                          "(d = 1): largest number of pieces of the network's 1-D form examined")}



def target_of(d: int, f: str) -> Target:
    """The target ``f`` on ``[0, 1]^d`` (the safe parser; Lipschitz data derived, unused here)."""
    return Target.from_expression(f, d, lipschitz=1)


def instance_record(inst) -> dict:
    """The certificate's ``instance``: sizes, ``delta``, the target and its C^s account."""
    return {"N": inst.N, "L": inst.L, "s": inst.s, "d": inst.d, "K": inst.K, "delta": inst.delta,
            "target": inst.target.description, "cs_norm_used": inst.scale, "cs_norm_check": inst.norm_check.record(),
            "J": inst.parts.J}


def log2(n: int):
    return sympy.log(n) / sympy.log(2)


def size_checks(net, name: str, width_bound, width_formula: str, depth_bound, depth_formula: str) -> tuple:
    """``(checks, table)``: the layered form's width and depth against the paper's formulas [exact]."""
    m = size_metrics(net)
    table = {k: m[k] for k in ("depth", "width", "parameters", "max_abs_parameter")}
    return [compare_le(f"{name}_width", f"[exact] width <= {width_formula}", m["width"], width_bound),
            compare_le(f"{name}_depth", f"[exact] depth <= {depth_formula}", m["depth"], depth_bound)], table


NOT_CHECKED = [
    "The Taylor step |f - sum_alpha d^alpha f(x_beta) h^alpha/alpha!| <= I_1 is the mean value theorem, "
    "used with the C^s bound; the bound's arithmetic is compared exactly.",
    "The mathematics between the checked facts is stated, not re-derived: the square's self-similarity identity "
    "(lsyz2021.components), the triangle inequalities of Lemmas 4.2 and 5.3, (4.7), and Lemma 3.4 (the mid repair; "
    "lemma-checked on instances by proofs/lemmas/mid_repair_error_le_of_off_region_error.py).",
    "[R] Prop. 4.4's J planes run side by side (the paper stacks them in ceil(log2(2L)) serial stages), so the "
    "width/depth of the layered form are compared with the paper's formulas as built.",
]


def close_certificate(cert: Certificate, inst, actuals, *notes: str) -> Certificate:
    """Finish ``cert``: what was not checked (the paper-wide ``NOT_CHECKED``, the steps' own entries,
    each actual-error computation that was skipped -- an ``actual`` given as a string says why --
    and ``notes``), and the assumption a declared C^s norm leaves (``inst.norm_check``)."""
    skipped = [a for a in actuals if isinstance(a, str)]
    cert.not_checked = list(NOT_CHECKED) + cert.not_checked + skipped + list(notes)
    cert.assumptions = inst.norm_check.assumption()
    return cert


def verify_instance(check, reference, statement, d, s, N, L, f, cs_norm=None, delta=None, max_parameters=None,
                    normalize: bool = True):
    """Build the instance for target text ``f`` (timed as step ``build``) and return ``check(instance)``,
    the certificate of one theorem (``reference``, ``statement``) with the build time added."""
    timing = Certificate(reference, statement, {})
    with timing.timed("build"):
        inst = build(N, L, s, d, target_of(d, f), cs_norm, delta, normalize=normalize,
                     **({} if max_parameters is None else {"max_parameters": max_parameters}))
    cert = check(inst)
    cert.seconds = {**timing.seconds, **cert.seconds}
    return cert
