"""Eq. (4.6) as a graph: the assembled network IS the stated composition of its checked parts.

Claim checked exactly (no evaluation): the network's output is

    phi(x) = sum_{|alpha| <= s-1} varphi((2 phi~_alpha(w . psi(x)) - 1)/alpha!, P_alpha(x - psi(x)/K))

with ``psi(x) = (psi(x_1), ..., psi(x_d))`` (``P_0 = 1``), where every part -- ``psi``, ``phi~_alpha``,
``P_alpha``, ``varphi`` -- is an unmodified copy of the network the other steps check, and the glue
(slices, concatenations, sums, the affine maps ``w``, ``-I/K``, ``(2t - 1)/alpha!``) is exactly as
displayed.  With step 1 (``psi(x_j) = beta_j`` on ``Q_beta``) this is the identity the proof starts
from: ``phi(x) = sum_alpha varphi(phi_alpha(x_beta)/alpha!, P_alpha(x - x_beta))`` on ``Q_beta``.
The copies are found under the prefixes :func:`verinet.constructions.smooth.smooth_network` gives them.
"""

import math

from ..._backend import MPQ
from ...ops import Add, Affine, Concat, Slice

__all__ = ["copy_input", "eq_4_6_problem"]


def copy_input(net, sub, prefix: str) -> tuple:
    """``(feed, problem)``: the node of ``net`` feeding the copy of ``sub`` under ``prefix`` (every node
    ``prefix/v`` holds ``sub``'s op at ``v`` with the same arguments), or ``problem`` naming where it differs."""
    feed = None
    for v in sub.order():
        if v == sub.input:
            continue
        w = f"{prefix}/{v}"
        if w not in net.graph or net.op(w) != sub.op(v):
            return None, {"node": w, "why": f"not the op of node {v!r} of the checked part"}
        args, want = net.arguments(w), sub.arguments(v)
        if len(args) != len(want):
            return None, {"node": w, "why": "arguments differ from the checked part's"}
        for a, b in zip(args, want):
            if b == sub.input:
                feed = a if feed is None else feed
                if a != feed:
                    return None, {"node": w, "why": "the copy reads two different inputs"}
            elif a != f"{prefix}/{b}":
                return None, {"node": w, "why": "arguments differ from the checked part's"}
    return feed, None


def _is(net, node, op, args, commutative=False) -> bool:
    got = net.arguments(node)
    return net.op(node) == op and (sorted(got) == sorted(args) if commutative else got == list(args))


def eq_4_6_problem(inst):
    """None when ``inst.network`` is eq. (4.6) of ``inst.parts`` (see the module), else a witness dict."""
    net, parts, d, K = inst.network, inst.parts, inst.d, inst.K
    x = net.input
    outs = []
    for j in range(d):
        feed, problem = copy_input(net, parts.psi, f"psi{j + 1}")
        if problem or feed is None:
            return problem or {"node": f"psi{j + 1}", "why": "no copy of psi"}
        if not _is(net, feed, Slice(d, j, j + 1), [x]):
            return {"node": feed, "why": f"psi copy {j + 1} does not read x_{j + 1}"}
        outs.append(f"psi{j + 1}/{parts.psi.output}")
    psi_all = outs[0]
    if d > 1:
        psi_all = next((v for v in net.graph if _is(net, v, Concat((1,) * d), outs)), None)
        if psi_all is None:
            return {"node": None, "why": "no (psi(x_1), ..., psi(x_d)) node"}
    index = Affine.from_rationals([parts.index_weights])
    minus = Affine.from_rationals([[MPQ(-1, K) * (r == c) for c in range(d)] for r in range(d)])
    terms = []
    for alpha, (fit, _, _) in parts.fits.items():
        name = "_" + "".join(map(str, alpha))
        factorial = math.prod(math.factorial(a) for a in alpha)
        feed, problem = copy_input(net, parts.product, f"varphi{name}")
        if problem or feed is None:
            return problem or {"node": f"varphi{name}", "why": "no copy of varphi"}
        pair = net.arguments(feed)
        if net.op(feed) != Concat((1, 1)) or len(pair) != 2:
            return {"node": feed, "why": "varphi does not read (value, monomial)"}
        value, mono = pair
        fit_feed, problem = copy_input(net, fit, f"fit{name}")
        if problem or fit_feed is None or not _is(net, fit_feed, index, [psi_all]):
            return problem or {"node": fit_feed, "alpha": list(alpha), "why": "phi~_alpha does not read w . psi(x)"}
        scale = Affine.from_rationals([[MPQ(2, factorial)]], [MPQ(-1, factorial)])
        if not _is(net, value, scale, [f"fit{name}/{fit.output}"]):
            return {"node": value, "alpha": list(alpha), "why": "not (2 phi~_alpha - 1)/alpha!"}
        if sum(alpha):
            P = parts.monomials[alpha]
            h, problem = copy_input(net, P, f"P{name}")
            if problem or h is None or mono != f"P{name}/{P.output}":
                return problem or {"node": mono, "alpha": list(alpha), "why": "not P_alpha's output"}
            shift = [a for a in net.arguments(h) if a != x]
            if len(shift) != 1 or not _is(net, h, Add(d, 2), [x, shift[0]], True) or \
                    not _is(net, shift[0], minus, [psi_all]):
                return {"node": h, "alpha": list(alpha), "why": "P_alpha does not read x - psi(x)/K"}
        elif not _is(net, mono, Affine.from_rationals([[0] * d], [1]), [x]):
            return {"node": mono, "alpha": list(alpha), "why": "P_0 is not the constant 1"}
        terms.append(f"varphi{name}/{parts.product.output}")
    if len(terms) == 1 and net.output != terms[0] or len(terms) > 1 and not _is(net, net.output, Add(1, len(terms)),
                                                                                    terms, True):
        return {"node": net.output, "why": "the output is not the sum of the varphi terms"}
    return None
