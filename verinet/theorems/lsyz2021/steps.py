"""The steps of the proof of Theorem 2.2 (Lu-Shen-Yang-Zhang 2021, Section 4.2), each returning checks.

Which comparisons are exact and which rest on rigorous balls is said in each check's claim:
"[exact]" (rational arithmetic throughout, or a graph identity), "[ball]" (a target value
enclosed by arb balls, the comparison decided on the rational end points).  Errors observed at
sample points are reported (:func:`sampled_record`), never checked.

1. :func:`psi_is_cell_index` -- ``psi = k`` on every ``[k/K, (k+1)/K - delta 1_{k <= K-2}]``
   (the 1-D form of the step network, exact), so ``Psi(x) = x_beta`` on ``Q_beta``.
2. :func:`index_is_eta_inverse` -- the index map sends ``x_beta`` to ``i`` with ``eta(i) = beta``;
   :func:`network_is_eq_4_6` -- the assembled network IS eq. (4.6) of its parts (graph identity);
   :func:`network_matches_parts` -- and equals it at every ``x_beta`` (evaluation).
3. :func:`stored_values` -- ``phi~_alpha(i) = bin0.(bits of xi_{alpha,i})`` exactly,
   ``2^-J <= N^(-2s) L^(-2s)``, and ``|phi_alpha(x_beta) - d^alpha f(x_beta)| <= E_3``.
4. :func:`component_errors` -- ``E_1'`` (product) and ``E_2'`` (monomials) at the instance's
   sizes, exact (:mod:`.components`), against the paper's ``E_1``, ``E_2``.
5. :func:`error_chain` -- counts of multi-indices, ``K >= (NL)^(2/d)/8``, the ranges, and the
   chain ``(s+1)^d (K^-s + 3E_1' + E_2' + 3E_3) <= 84 (s+1)^d 8^s N^(-2s/d) L^(-2s/d)`` off
   ``Omega`` for every ``d``.
6. :func:`observed_error` -- the actual error: for ``d = 1`` the sup over every linear piece of
   the network's exact 1-D form (a check); at sample points (reported only).
"""

import itertools
import math

import sympy

from ..._backend import MPQ, ball_precision
from ...analysis.budget import Budget
from ...analysis.pwl1d import piecewise_linear_form
from ...balls import ball_bounds, compile_expression, exact_ball
from ...claims.certificate import compare_eq, compare_le
from ...claims.smoothness import sup_abs_bound
from ...claims.targets import symbols_for
from ...constructions.smooth import index_of, multi_indices, multi_indices_below
from ...errors import BudgetExceeded
from ...interpret.exact import evaluate
from ...reals import rational_bounds
from . import components, wiring
from .instance import rate

__all__ = ["E1", "E2", "E3", "bound_2_2", "psi_is_cell_index", "index_is_eta_inverse", "network_matches_parts", "network_is_eq_4_6",
           "stored_values",
           "component_errors", "error_chain", "observed_error", "sample_points", "error_at", "exact_sup_1d",
           "sampled_record", "good_intervals", "MAX_PIECES"]

MAX_PIECES = 2**20  # default budget: linear pieces of a 1-D form examined for the actual sup error (--max-pieces)


def E1(N, L, s):
    return MPQ(216, (N + 1) ** (2 * s * (L + 1)))


def E2(N, L, s):
    return MPQ(9 * s, (N + 1) ** (7 * s * L))


def E3(N, L, s):
    return MPQ(2, (N * L) ** (2 * s))


def bound_2_2(N, L, s, d):
    """``84 (s+1)^d 8^s N^(-2s/d) L^(-2s/d)`` (exact sympy)."""
    return 84 * (s + 1) ** d * 8**s * rate(N, L, s, d)


def psi_is_cell_index(inst) -> list:
    """Step 1: the exact 1-D form of ``psi`` equals ``k`` on each of Prop. 4.3's intervals [exact]."""
    (form,) = piecewise_linear_form(inst.parts.psi, 0, 1)
    K, delta = inst.K, inst.delta
    bad = []
    for k in range(K):
        a, b = MPQ(k, K), MPQ(k + 1, K) - (delta if k <= K - 2 else 0)
        points = [a, b] + [t for t in form.breakpoints if a < t < b]
        wrong = [t for t in points if form(t) != k]
        if wrong:
            bad.append({"k": k, "interval": [a, b], "x": wrong[0], "psi(x)": form(wrong[0])})
    return [compare_eq("psi_is_cell_index", "[exact] psi(x) = k on [k/K, (k+1)/K - delta 1_{k<=K-2}] for every "
                       "k (Prop. 4.3), so Psi(x) = x_beta on Q_beta", len(bad), 0, bad[0] if bad else {},
                       {"K": K, "pieces_of_psi": form.pieces})]


def index_is_eta_inverse(inst) -> list:
    """Step 2: ``sum_j w_j beta_j = i`` with ``eta(i) = beta`` for every cell ``beta`` [exact]."""
    weights = inst.parts.index_weights
    bad = next(({"beta": list(beta), "index": sum(w * b for w, b in zip(weights, beta)), "eta_inverse": index_of(beta, inst.K)}
                for beta in inst.cells() if sum(w * b for w, b in zip(weights, beta)) != index_of(beta, inst.K)), None)
    return [compare_eq("index_is_eta_inverse", "[exact] the index map sends x_beta to i = sum_j beta_j K^(j-1), "
                       "eta(i) = beta (the spec's correction of the paper's sum_j x_j K^(j-1))",
                       0 if bad is None else 1, 0, bad or {}, {"weights_on_psi": list(weights)})]


def stored_values(inst) -> list:
    """Step 3: the bit planes, the truncation and ``E_3`` (eq. 4.5) for every ``alpha`` and ``beta``."""
    N, L, s, K = inst.N, inst.L, inst.s, inst.K
    J = inst.parts.J
    checks = [compare_le("truncation_le_rate", "[exact] 2^-J <= (NL+1)^(-2s) <= N^(-2s) L^(-2s), J = ceil(2s log2(NL+1))",
                         MPQ(1, 2**J), MPQ(1, (N * L) ** (2 * s)), {}, {"J": J})]
    points = [[i] for i in range(K**inst.d)]
    wrong_bits, worst, exact = None, (MPQ(0), None), True
    for alpha in multi_indices_below(inst.d, s):
        net, _, table = inst.parts.fits[alpha]
        outputs = [y for (y,) in evaluate(net, points)]
        for i, y in enumerate(outputs):
            want = sum((MPQ(t, 2 ** (j + 1)) for j, t in enumerate(table[i])), MPQ(0))
            if y != want and wrong_bits is None:
                wrong_bits = {"alpha": list(alpha), "i": i, "phi~(i)": y, "bin0.bits": want}
        for beta in inst.cells():
            i = index_of(beta, K)
            lo, hi = rational_bounds(inst.derivative_values[alpha][i], 64)
            exact = exact and lo == hi
            value = 2 * outputs[i] - 1
            err = max(abs(value - lo), abs(value - hi))
            if worst[1] is None or err > worst[0]:
                worst = (err, {"alpha": list(alpha), "beta": list(beta), "phi_alpha(x_beta)": value,
                               "d^alpha f(x_beta) in": [lo, hi]})
    checks.append(compare_eq("bit_planes_exact", "[exact] phi~_alpha(i) = sum_j 2^-j theta_{alpha,i,j} at every i "
                             "(Lemma 5.7 planes summed, Prop. 4.4)", 0 if wrong_bits is None else 1, 0, wrong_bits or {}))
    checks.append(compare_le("stored_values_within_E3", f"[{'exact' if exact else 'ball'}] |phi_alpha(x_beta) - "
                             "d^alpha f(x_beta)| <= E_3 = 2 N^(-2s) L^(-2s) for every alpha, beta (eq. 4.5)",
                             worst[0], E3(N, L, s), worst[1]))
    return checks


def network_matches_parts(inst) -> list:
    """The assembled network at every ``x_beta`` equals eq. (4.6) computed from its parts:
    ``sum_alpha varphi((2 phi~_alpha(i) - 1)/alpha!, P_alpha(0))`` with ``i`` the corrected index [exact].

    This ties the wiring (the index map, ``Psi``, the sum) to the parts checked separately.
    """
    d, K = inst.d, inst.K
    cells = inst.cells()
    network = [y for (y,) in evaluate(inst.network, [[MPQ(b, K) for b in beta] for beta in cells])]
    indices = [[index_of(beta, K)] for beta in cells]
    total = [MPQ(0)] * len(cells)
    for alpha in multi_indices_below(d, inst.s):
        fit = [y for (y,) in evaluate(inst.parts.fits[alpha][0], indices)]
        factorial = math.prod(math.factorial(a) for a in alpha)
        mono = evaluate(inst.parts.monomials[alpha], [[0] * d])[0][0] if sum(alpha) else MPQ(1)
        products = evaluate(inst.parts.product, [[(2 * y - 1) / factorial, mono] for y in fit])
        total = [t + y for t, (y,) in zip(total, products)]
    bad = next(({"beta": list(beta), "network": y, "from_parts": t} for beta, y, t in zip(cells, network, total)
                if y != t), None)
    return [compare_eq("network_matches_parts", "[exact] phi(x_beta) = sum_alpha varphi(phi_alpha(x_beta)/alpha!, "
                       "P_alpha(0)) for every cell (eq. 4.6 wired as its checked parts)", 0 if bad is None else 1, 0,
                       bad or {})]


def network_is_eq_4_6(inst) -> list:
    """Step 2: the assembled network IS eq. (4.6) of its checked parts, for every ``x`` (graph identity,
    :mod:`.wiring`) [exact]."""
    problem = wiring.eq_4_6_problem(inst)
    return [compare_eq("network_is_eq_4_6", "[exact] phi(x) = sum_alpha varphi((2 phi~_alpha(w . psi(x)) - 1)/alpha!, "
                       "P_alpha(x - psi(x)/K)) for every x, each part an unmodified copy of the checked one (graph "
                       "identity); with step 1, phi(x) = sum_alpha varphi(phi_alpha(x_beta)/alpha!, P_alpha(x - x_beta)) "
                       "on Q_beta", int(problem is not None), 0, problem or {})]


def component_errors(inst) -> tuple:
    """Step 4: ``(checks, (E_1', E_2'))``, the product's and the monomials' errors at the instance's sizes,
    derived exactly from the square's (:mod:`.components`: each network is checked to BE its lemma's
    composition of squares, the square's sup error is exact at any depth); ``E_1' <= E_1`` and
    ``E_2' <= E_2`` are the paper's (4.3), (4.4).  ``(None, None)`` parts when a check fails."""
    N, L, s = inst.N, inst.L, inst.s
    checks, e1 = components.product_error(inst.parts.product, N + 1, 2 * s * (L + 1), -3, 3, "product")
    more, e2 = components.monomial_errors(inst.parts.monomials, N, L)
    checks += more
    if e2 is not None:
        checks.append(compare_le("monomial_error_le_E2", "[exact] E_2' = max_alpha sup |P_alpha - h^alpha| <= E_2 = "
                                 "9s(N+1)^(-7sL) on [0, 1]^d (eq. 4.4; [R] P_alpha has k = |alpha|)", e2, E2(N, L, s)))
    return checks, (e1, e2)


def error_chain(inst, errors=(None, None)) -> list:
    """Step 5: the counts, the Taylor remainder and the closing inequality of the error estimate (pp. 28-30),
    with ``errors = (E_1', E_2')`` from :func:`component_errors` [exact].

    Off ``Omega`` the proof's chain is: on ``Q_beta``, ``Psi(x) = x_beta`` (step 1), ``phi_alpha(x_beta)``
    within ``E_3`` of ``d^alpha f(x_beta)`` (step 3), ``h = x - x_beta in [0, 1/K)^d``, so ``|f - phi| <=
    I_1 + sum_alpha (I_{2,1} + I_{2,2}) <= (s+1)^(d-1) K^-s + s^d (E_1' + E_2' + 2E_1' + 3E_3)`` with the
    ranges ``|phi_alpha| <= 3`` (``E_3 <= 2``) and ``P_alpha in [-2, 3]`` (``E_2' <= 2``) keeping ``varphi``
    on ``[-3, 3]^2`` and (4.7) ``|varphi(x_1, x_2) - varphi(x~_1, x_2)| <= 2E_1' + 3|x_1 - x~_1|``.  When a
    component check failed the paper's ``E_1``, ``E_2`` stand in (the certificate fails anyway).
    """
    N, L, s, d, K = inst.N, inst.L, inst.s, inst.d, inst.K
    e1 = E1(N, L, s) if errors[0] is None else errors[0]
    e2 = E2(N, L, s) if errors[1] is None else errors[1]
    top = [a for a in multi_indices(d, s) if sum(a) == s]
    total = (s + 1) ** d * (sympy.Rational(1, K**s) + 3 * _sympy_q(e1) + _sympy_q(e2) + 3 * _sympy_q(E3(N, L, s)))
    return [
        compare_le("count_top_order", "[exact] #{alpha : |alpha| = s} <= (s+1)^(d-1)", len(top), (s + 1) ** (d - 1)),
        compare_le("count_taylor_terms", "[exact] #{alpha : |alpha| <= s-1} <= s^d", len(multi_indices_below(d, s)), s**d),
        compare_le("K_lower_bound", "[exact] K >= N^(2/d) L^(2/d) / 8", sympy.Integer(N * L) ** sympy.Rational(2, d) / 8, K),
        compare_le("taylor_remainder_le", "[exact] I_1 <= (s+1)^(d-1) K^(-s): |h^alpha| <= K^(-s), 1/alpha! <= 1, and "
                   "||d^alpha f~||_inf <= 1 for |alpha| = s (see cs_norm_used)",
                   len(top) * sympy.Rational(1, K**s), (s + 1) ** (d - 1) * sympy.Rational(1, K**s)),
        compare_le("ranges_E2", "[exact] E_2' <= 2, so P_alpha(h) in [-2, 3] on [0, 1]^d", e2, 2),
        compare_le("ranges_E3", "[exact] E_3 <= 2, so phi_alpha(x_beta)/alpha! in [-3, 3]", E3(N, L, s), 2),
        compare_le("error_le_84", "[exact] off Omega |phi - f~| <= (s+1)^d (K^-s + 3E_1' + E_2' + 3E_3) <= 84 (s+1)^d "
                   "8^s N^(-2s/d) L^(-2s/d): the proof's chain on the checked steps 1-4 (every d)", total,
                   bound_2_2(N, L, s, d), {}, {"K": K, "E1_used": e1, "E2_used": e2}),
    ]


def sample_points(inst, inside_omega: bool = False) -> list:
    """Per cell: ``x_beta``, the far corner and the midpoint of ``Q_beta``; with ``inside_omega``
    also the midpoints ``k/K - delta/2`` of the trifling intervals along each axis."""
    K, delta = inst.K, inst.delta
    axis = sorted({v for k in range(K) for v in (MPQ(k, K), (MPQ(2 * k + 1, 2 * K) - delta / 2),
                                                 MPQ(k + 1, K) - (delta if k <= K - 2 else 0))})
    if inside_omega:
        axis = sorted(set(axis) | {MPQ(k, K) - delta / 2 for k in range(1, K)})
    return [list(p) for p in itertools.product(axis, repeat=inst.d)]


def error_at(realised, target, points) -> tuple:
    """``(upper, lower, witness)``: rational bounds of ``max_points |realised(x) - target(x)|``."""
    upper, lower, witness = MPQ(0), MPQ(0), None
    for y, p in zip(realised(points), points):
        lo, hi = target.bounds(tuple(p), 64)
        up, low = max(abs(y - lo), abs(y - hi)), max(y - hi, lo - y, MPQ(0))
        if witness is None or up > upper:
            upper, witness = up, {"x": p, "network": y, "f in": [lo, hi]}
        lower = max(lower, low)
    return upper, lower, witness


def sampled_record(claim: str, points, upper, lower, witness) -> dict:
    """The certificate's entry for an error observed at sample points (a figure, not part of the proof)."""
    return {"claim": claim, "points": len(points), "error_in": [lower, upper], "worst_x": witness["x"],
            "note": "sampled, not part of the proof"}


def _evaluator(net):
    return lambda points: [y for (y,) in evaluate(net, points)]


def exact_sup_1d(net, target, intervals, max_pieces: int = MAX_PIECES, stop_above=None):
    """``(upper, lower, witness, pieces)`` for ``sup |net - f|`` over the union of ``intervals`` (``d = 1``).

    The exact 1-D form of ``net`` on ``[0, 1]`` is linear, ``p + q x``, on each piece; where an
    arb enclosure of ``f' - q`` on the piece has one sign, ``|f - p - q x|`` is largest at an
    end point (``f`` there exactly or in balls, :meth:`~verinet.claims.targets.Target.bounds`);
    on the other pieces :func:`~verinet.claims.smoothness.sup_abs_bound` bounds it [ball or exact].
    Returns None when the form has more than ``max_pieces`` pieces.  With ``stop_above``, the pieces
    after the first one where ``|net - f| > stop_above`` is proven are not examined (``upper`` and
    ``lower`` are then over the pieces examined, and ``witness`` lies in that piece).
    """
    try:
        (form,) = piecewise_linear_form(net, 0, 1, Budget(pieces=max_pieces))
    except BudgetExceeded:
        return None
    x = symbols_for(1)[0]
    slope = compile_expression(sympy.diff(target.expr, x), (x,)).ball
    ts, vs = form.breakpoints, form.values
    upper, lower, witness = MPQ(0), MPQ(0), None
    for j, (lo, hi) in _overlaps(ts, sorted(intervals)):
        q = (vs[j + 1] - vs[j]) / (ts[j + 1] - ts[j])
        with ball_precision(128):
            bend = ball_bounds(slope([exact_ball((lo + hi) / 2, (hi - lo) / 2)]) - exact_ball(q))
        if bend[0] >= 0 or bend[1] <= 0:
            found = [(t, target.bounds((t,), 64), vs[j] + q * (t - ts[j])) for t in (lo, hi)]
            up = max(max(abs(y - f_lo), abs(y - f_hi)) for _, (f_lo, f_hi), y in found)
            low = max(max(y - f_hi, f_lo - y, MPQ(0)) for _, (f_lo, f_hi), y in found)
            where = max(found, key=lambda e: max(abs(e[2] - e[1][0]), abs(e[2] - e[1][1])))[0]
        else:
            line = _sympy_q(vs[j]) + _sympy_q(q) * (x - _sympy_q(ts[j]))
            bound = sup_abs_bound(target.expr - line, 1, box=[(lo, hi)])
            up, low, where = bound.upper, bound.lower, bound.witness[0]
        if witness is None or up > upper or stop_above is not None and low > stop_above:
            upper, witness = max(up, upper), {"piece": [ts[j], ts[j + 1]], "x": where}
        lower = max(lower, low)
        if stop_above is not None and low > stop_above:
            break
    return upper, lower, witness, form.pieces


def _overlaps(ts, intervals):
    """``(j, (lo, hi))`` for every piece ``[ts[j], ts[j+1]]`` and sorted interval meeting it, ``lo <= hi``
    the intersection (one merge pass over both sorted lists)."""
    k = 0
    for j in range(len(ts) - 1):
        while k < len(intervals) and intervals[k][1] < ts[j]:
            k += 1
        i = k
        while i < len(intervals) and intervals[i][0] <= ts[j + 1]:
            # MPQ: the ends of a one-piece form on [0, 1] may be Python ints, whose midpoint is a float
            lo, hi = MPQ(max(intervals[i][0], ts[j])), MPQ(min(intervals[i][1], ts[j + 1]))
            if lo <= hi:
                yield j, (lo, hi)
            i += 1


def _sympy_q(q):
    return sympy.Rational(int(q.numerator), int(q.denominator))


def good_intervals(K: int, delta) -> list:
    """``[0, 1]`` minus ``Omega(K, delta)`` on one axis: the closed cells of Prop. 4.3."""
    return [(MPQ(k, K), MPQ(k + 1, K) - (delta if k <= K - 2 else 0)) for k in range(K)]


def observed_error(inst, net, target, bound, name: str, claim: str, intervals=None, inside_omega=False,
                   max_pieces: int = MAX_PIECES) -> tuple:
    """Step 6, the actual error: for ``d = 1`` the exact sup of ``|net - f~|`` over ``intervals`` (default: off
    ``Omega``) from every piece of the 1-D form (a check, [exact/ball]; skipped past ``max_pieces`` pieces);
    for every ``d`` the error at :func:`sample_points`, a reported figure that is NOT part of the proof.

    Returns ``(checks, actual, sampled)``: ``actual`` is ``(lower, upper)`` of the sup for ``d = 1``, a
    note saying why it was not computed, or None (``d >= 2``); ``sampled`` is a dict for the certificate.
    """
    points = sample_points(inst, inside_omega)
    upper, lower, witness = error_at(_evaluator(net), target, points)
    sampled = sampled_record(f"{claim} ({'including' if inside_omega else 'off'} Omega)", points, upper, lower, witness)
    if inst.d != 1:
        return [], None, sampled
    found = exact_sup_1d(net, target, intervals or good_intervals(inst.K, inst.delta), max_pieces, stop_above=bound)
    if found is None:
        return [], (f"{name}: the exact 1-D sup was not computed (the 1-D form has more than {max_pieces} pieces; "
                    "raise the budget with --max-pieces N)"), sampled
    up, low, where, pieces = found
    return [compare_le(f"{name}_sup_1d", f"[exact 1-D form, ball target] sup {claim} over the "
                       f"{pieces} pieces of the network; actual sup in [{low}, {up}] (when above the bound: "
                       "over the pieces up to the first proven above it)", up, bound, where,
                       {"actual_sup_lower": low, "actual_sup_upper": up, "pieces": pieces})], (low, up), sampled
