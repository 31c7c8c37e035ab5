"""The errors ``E_1`` (product) and ``E_2`` (monomials) of eq. (4.6) at an instance's sizes, exactly and unsampled.

Three facts, each checked on the networks the instance uses (Lu-Shen-Yang-Zhang 2021,
Lemmas 5.1, 4.2, 5.3 and Prop. 4.1; the proofs pp. 31-37):

1. :func:`square_error` -- the square ``q`` (Lemma 5.1, zig-zag layout with ``n`` teeth, depth
   ``D``) satisfies ``0 <= q - t^2 <= e`` on ``[0, 1]`` with ``e`` computed exactly, at any
   depth, from its layers and one ``n``-piece 1-D form.  The layers must be self-similar:
   layer 0 is ``x -> (relu(a_j x + b_j))_{j<n}, relu(x)``; every later layer ``k < D`` feeds
   ``y_k = Z . u`` into the same ``relu(a_j y_k + b_j)`` and ``S_k = S_{k-1} - n^(-2(k-1)) F . u``
   into the carried unit, the output is ``S_D``.  With ``Z(y) = Z . u(y)`` the triangle wave on
   the grid ``j/n`` and ``q_1(y) = y - F . u(y)`` the interpolant of ``y^2`` there (both read
   from the exact 1-D form), write ``x = (j + tau)/n``: ``q_1(x) - x^2 = tau(1 - tau)/n^2`` and
   ``Z(x) in {tau, 1 - tau}``, so ``S_D(x) - x^2 = n^-2 (S'_{D-1}(Z(x)) - Z(x)^2)`` with
   ``S'`` the same chain one layer shorter.  By induction
   ``S_D(x) - x^2 = n^(-2(D-1)) (q_1 - t^2)(Z^(D-1)(x))``, and ``Z^(D-1)`` maps ``[0, 1]`` onto
   itself: ``sup (q - t^2) = n^(-2(D-1)) sup (q_1 - t^2)`` and ``inf = n^(-2(D-1)) inf``
   (``inf >= 0`` also makes the carry ``relu(S_k) = S_k`` exact).
2. :func:`product_error` -- Lemma 4.2's network on ``[a, b]^2`` IS
   ``2(b-a)^2 (q((u+v)/2) - q(u/2) - q(v/2)) + a relu(x + y + 2|a|) - a^2 - 2a|a|`` with
   ``u = (x-a)/(b-a)``, ``v = (y-a)/(b-a)`` (graph equality with that composition built from
   ``q``).  On ``[a, b]^2`` the arguments of ``q`` lie in ``[0, 1]`` and
   ``x + y + 2|a| >= 0``, so the error is ``2(b-a)^2 (e_1 - e_2 - e_3)`` with ``e_i in [0, e]``:
   ``|phi - xy| <= 4 (b-a)^2 e``.
3. :func:`monomial_error` -- Prop. 4.1's ``P_alpha`` IS ``phi_{k-1} o (x -> z)`` with
   ``phi_{i+1} = pair(phi_i, relu(x_{i+2}))`` (Lemma 5.3, ``pair`` = 2. on ``[-1/10, 11/10]``,
   graph equality); with ``|pair - xy| <= e_p`` there, ``|phi_i - x_1..x_{i+1}| <= i e_p``
   while ``(k-2) e_p <= 1/10`` keeps every ``phi_i`` (``i <= k-2``) in ``[-1/10, 11/10]``:
   ``|P_alpha - x^alpha| <= (k-1) e_p`` on ``[0, 1]^d``; ``k = 1`` is the exact carry ``relu(h)``.
"""

from ..._backend import MPQ
from ...analysis.pwl1d import piecewise_linear_form
from ...calculus import compose, parallel, pre_affine
from ...claims.certificate import compare_eq, compare_le
from ...constructions._layers import carry_layers, chain, sum_of_chains
from ...constructions.product import square
from ...interpret.layered import to_layered

__all__ = ["square_error", "product_error", "monomial_errors", "lemma_4_2", "lemma_5_3", "pair_network"]


def _rows(layer) -> tuple:
    return layer.weights(), layer.bias()


def _square_pattern(layers) -> tuple:
    """``(witness, n, Z, F, A)``: the first layer that breaks the self-similar pattern of 1.
    (None when all follow it), the teeth ``n``, the rows ``Z``, ``F`` and layer 0's ``(a_j, b_j)``."""
    W0, b0 = _rows(layers[0])
    n = len(W0) - 1
    if n < 1 or len(W0[0]) != 1 or (W0[n][0], b0[n]) != (1, 0):
        return {"layer": 0, "why": "layer 0 must be (relu(a_j x + b_j))_{j<n}, relu(x) with n >= 1"}, n, None, None, None
    A = [(W0[j][0], b0[j]) for j in range(n)]
    D = len(layers) - 1
    W1, _ = _rows(layers[1])
    if D >= 2 and A[0][0] == 0:
        return {"layer": 0, "row": 0, "why": "a_0 = 0: the first unit does not read its input"}, n, None, None, None
    Z = [w / A[0][0] for w in W1[0][:n]] if D >= 2 else [MPQ(0)] * n
    F = [-w for w in (W1[n] if D >= 2 else W1[0])[:n]]
    for k in range(1, D + 1):
        W, b = _rows(layers[k])
        c = MPQ(1, n ** (2 * (k - 1)))
        want = [[a * z for z in Z] + [0] for a, _ in A] if k < D else []
        want_b = [bj for _, bj in A] if k < D else []
        want.append([-c * f for f in F] + [1])
        want_b.append(0)
        if W != want or b != want_b:
            row = next((j for j in range(len(want)) if j >= len(W) or W[j] != want[j] or b[j] != want_b[j]), len(want))
            return {"layer": k, "row": row, "why": "not the self-similar zig-zag layer (Z, F read from layer 1)"}, n, Z, F, A
    return None, n, Z, F, A


def _parabola_gap(form) -> tuple:
    """``(low, high)``: exact ``inf`` and ``sup`` of ``form(t) - t^2`` on its interval
    (on a piece it is a concave parabola: the ends, and the vertex when inside)."""
    ts, vs = form.breakpoints, form.values
    gaps = []
    for j in range(len(ts) - 1):
        q = (vs[j + 1] - vs[j]) / (ts[j + 1] - ts[j])
        for t in [ts[j], ts[j + 1]] + ([q / 2] if ts[j] < q / 2 < ts[j + 1] else []):
            gaps.append(vs[j] + q * (t - ts[j]) - t * t)
    return min(gaps), max(gaps)


def square_error(q, bound, name: str = "square") -> tuple:
    """``(checks, e)``: fact 1. for the square network ``q`` (one input, one output); ``e`` is the exact
    ``sup (q - t^2)`` on ``[0, 1]`` (compared with Lemma 5.1's ``bound``), or None when a check fails."""
    layers = to_layered(q).layers
    D = len(layers) - 1
    bad, n, Z, F, A = _square_pattern(layers)
    checks = [compare_eq(f"{name}_self_similar", "[exact] the square's layers are Lemma 5.1's zig-zag recursion "
                         "y_k = Z(y_{k-1}), S_k = S_{k-1} - n^(-2(k-1)) g(y_{k-1}) (layer by layer)",
                         0 if bad is None else 1, 0, bad or {}, {"teeth": n, "depth": D})]
    if bad is not None:
        return checks, None
    W0, b0 = _rows(layers[0])
    one_step = chain([(W0, b0), ([Z + [0], [-f for f in F] + [1]], [0, 0])], name=f"{name} one step")
    zig, q1 = piecewise_linear_form(one_step, 0, 1)
    grid = [MPQ(j, n) for j in range(n + 1)]
    wrong_zig = next(({"t": t} for t in zig.breakpoints if t not in grid), None) or next(
        ({"t": t, "Z(t)": zig(t)} for t in grid if zig(t) != (t * n).numerator % 2), None)
    wrong_q1 = next(({"t": t} for t in q1.breakpoints if t not in grid), None) or next(
        ({"t": t, "q_1(t)": q1(t)} for t in grid if q1(t) != t * t), None)
    if D == 1:
        wrong_zig = None  # one layer: no Z is used
    low, high = _parabola_gap(q1)
    scale = MPQ(1, n ** (2 * (D - 1)))
    checks += [
        compare_eq(f"{name}_triangle_wave", "[exact] Z is the triangle wave: linear between the j/n, Z(j/n) = j mod 2 "
                   "(exact 1-D form), so Z maps [0, 1] onto itself cell by cell", 0 if wrong_zig is None else 1, 0,
                   wrong_zig or {}),
        compare_eq(f"{name}_one_step_interpolates", "[exact] q_1(y) = y - g(y) is the interpolant of y^2 on the j/n "
                   "(exact 1-D form)", 0 if wrong_q1 is None else 1, 0, wrong_q1 or {}),
        compare_le(f"{name}_error_nonnegative", "[exact] inf (q_1 - t^2) >= 0 on [0, 1], so q >= t^2 and every "
                   "carried S_k >= 0", 0, low),
    ]
    if any(not c.holds for c in checks):
        return checks, None
    e = scale * high
    checks.append(compare_le(f"{name}_sup_error", "[exact] e = sup (q - t^2) on [0, 1] = n^(-2(D-1)) sup (q_1 - t^2) "
                             "(self-similarity, fact 1 of lsyz2021.components) <= Lemma 5.1's N^(-L)", e, bound, {},
                             {"sup_q1_error": high, "teeth": n, "depth": D, "square_sup_error": e}))
    return checks, e


def lemma_4_2(q, a, b):
    """Lemma 4.2's network on ``[a, b]^2`` built from the square ``q``: fact 2.'s composition."""
    qs = [(layer.weights(), layer.bias()) for layer in to_layered(q).layers]
    D = len(qs) - 1
    s = 1 / (b - a)
    terms = [(2 * (b - a) ** 2, [[s / 2, s / 2]], [-a * s], qs),
             (-2 * (b - a) ** 2, [[s / 2, 0]], [-a * s / 2], qs),
             (-2 * (b - a) ** 2, [[0, s / 2]], [-a * s / 2], qs),
             (a, [[1, 1]], [2 * abs(a)], carry_layers(D))]
    return chain(sum_of_chains(terms, bias=-a * a - 2 * a * abs(a)), name="xy")


def _first_difference(net, want) -> dict:
    """Where two networks differ: a node missing on one side or holding a different op."""
    ops, want_ops = dict(net.graph.nodes(data="op")), dict(want.graph.nodes(data="op"))
    node = next((v for v in sorted(set(ops) | set(want_ops)) if ops.get(v) != want_ops.get(v)), None)
    return {"node": node, "nodes": len(ops), "expected_nodes": len(want_ops)} if node else \
        {"why": "same nodes, different wiring or output"}


def product_error(net, N1: int, D: int, a, b, name: str = "product") -> tuple:
    """``(checks, e_p)``: fact 2. for ``net`` = Lemma 4.2 with ``N1``, depth ``D`` on ``[a, b]^2``;
    ``e_p = 4 (b-a)^2 e`` bounds ``|net - xy|`` there (None when a check fails)."""
    a, b = MPQ(a), MPQ(b)
    q = square(N1, D).network
    checks, e = square_error(q, MPQ(1, N1**D), f"{name}_square")
    want = lemma_4_2(q, a, b)
    same = net == want
    checks += [
        compare_eq(f"{name}_is_composition", f"[exact] the product network IS 2(b-a)^2 (q((u+v)/2) - q(u/2) - q(v/2)) + "
                   f"a relu(x+y+2|a|) - a^2 - 2a|a| on [{a}, {b}]^2, q Lemma 5.1's square (N = {N1}, depth {D}; "
                   "graph equality)", int(not same), 0, {} if same else _first_difference(net, want)),
        compare_le(f"{name}_carry_nonnegative", "[exact] x + y + 2|a| >= 0 on [a, b]^2, so the carried unit is exact",
                   0, 2 * a + 2 * abs(a)),
    ]
    if e is None or not same:
        return checks, None
    e_p = 4 * (b - a) ** 2 * e
    checks.append(compare_le(f"{name}_error_from_square", "[exact] |phi - xy| <= 2(b-a)^2 * 2e = e_p on [a, b]^2 "
                             "(q - t^2 in [0, e] at the three arguments, all in [0, 1]) <= Lemma 4.2's "
                             "6 (b-a)^2 N^(-L)", e_p, 6 * (b - a) ** 2 / MPQ(N1) ** D, {},
                             {"product_sup_error_bound": e_p}))
    return checks, e_p


def pair_network(N: int, L: int, k: int):
    """Lemma 5.3's ``pair`` for ``k`` factors: Lemma 4.2 with ``N + 1``, depth ``7kL`` on ``[-1/10, 11/10]^2``."""
    return lemma_4_2(square(N + 1, 7 * k * L).network, MPQ(-1, 10), MPQ(11, 10))


def lemma_5_3(pair, D: int, alpha):
    """Prop. 4.1's network for ``alpha`` (Lemma 5.3's recursion on ``pair``, or the carry when ``|alpha| = 1``):
    fact 3.'s composition."""
    k, d = sum(alpha), len(alpha)
    repeat = [[int(j == i) for j in range(d)] for i, a in enumerate(alpha) for _ in range(a)]
    if k == 1:
        return pre_affine(chain(carry_layers(1), name="carry"), repeat)
    carry = chain(carry_layers(D), name="carry")
    stages = [parallel(pair, *[carry] * (k - 2 - i)) for i in range(k - 1)]
    return pre_affine(compose(*reversed(stages)), repeat)


def monomial_errors(monomials: dict, N: int, L: int) -> tuple:
    """``(checks, e)``: fact 3. for every ``P_alpha`` in ``monomials`` (``alpha -> network``) with ``(N, L)``;
    ``e`` bounds ``|P_alpha - h^alpha|`` on ``[0, 1]^d`` for all of them (None when a check fails).
    The pair of each degree ``k >= 2`` is checked once (fact 2. on ``[-1/10, 11/10]^2``)."""
    checks, errors, pairs = [], {}, {}
    for k in sorted({sum(alpha) for alpha in monomials} - {1}):
        D = 7 * k * L
        pairs[k] = pair_network(N, L, k)
        found, e_p = product_error(pairs[k], N + 1, D, MPQ(-1, 10), MPQ(11, 10), f"pair_k{k}")
        checks += found
        if e_p is not None:
            checks += [compare_le(f"pair_k{k}_stays_in_box", "[exact] (k-2) e_p <= 1/10: every phi_i (i <= k-2) "
                                  "stays in [-1/10, 11/10], the pair's box", (k - 2) * e_p, MPQ(1, 10)),
                       compare_le(f"monomial_k{k}_error", "[exact] |P_alpha - h^alpha| <= (k-1) e_p <= Prop. 4.1's "
                                  "9k(N+1)^(-7kL) on [0, 1]^d for |alpha| = k", (k - 1) * e_p, MPQ(9 * k, (N + 1) ** D))]
            errors[k] = (k - 1) * e_p
    bad = None
    for alpha, net in monomials.items():
        k = sum(alpha)
        want = lemma_5_3(pairs.get(k), 7 * k * L, alpha)
        if net != want:
            bad = {"alpha": list(alpha), **_first_difference(net, want)}
            break
    checks.append(compare_eq("monomials_are_compositions", "[exact] every P_alpha IS phi_(k-1)(z), phi_(i+1) = "
                             "pair(phi_i, relu(z_(i+2))), z = (h_i repeated alpha_i times), or relu(h_i) when "
                             "|alpha| = 1 (Lemma 5.3, Prop. 4.1; graph equality)", int(bad is not None), 0, bad or {},
                             {"alphas": [list(a) for a in monomials]}))
    ok = bad is None and all(c.holds for c in checks)
    return checks, (max([MPQ(0)] + [errors[sum(a)] for a in monomials if sum(a) > 1]) if ok else None)
