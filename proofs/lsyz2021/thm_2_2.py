"""Theorem (Lu-Shen-Yang-Zhang 2021, Theorem 2.2)
  Assume ||d^alpha f||_inf <= 1 for |alpha| <= s, K = floor(N^(1/d))^2 floor(L^(2/d)), delta in (0, 1/(3K)].
  Some ReLU network phi of width 16 s^(d+1) d (N+2) log2(8N) and depth 18 s^2 (L+2) log2(4L) has
  |phi - f| <= 84 (s+1)^d 8^s N^(-2s/d) L^(-2s/d) on [0,1]^d minus Omega(K, delta).

Network (eq. 4.6)
  phi(x) = sum_{|alpha| <= s-1} varphi(phi_alpha(Psi(x))/alpha!, P_alpha(x - Psi(x))):
  Psi = psi/K (Prop. 4.3), phi_alpha = 2 phi~_alpha(index) - 1 with phi~_alpha Prop. 4.4 on
  xi_{alpha,i} = (d^alpha f(eta(i)/K) + 1)/2, P_alpha Prop. 4.1, varphi Lemma 4.2 on [-3, 3]^2.

Proof, step by step (each an exact check of verinet.theorems.lsyz2021.steps)
  1. Psi(x) = x_beta on every cell Q_beta: psi = k on [k/K, (k+1)/K - delta 1_{k<=K-2}] (1-D form).
  2. The index map sends x_beta to i = sum_j beta_j K^(j-1) (the spec's correction: the paper's
     sum_j x_j K^(j-1) of Psi(x) is off by one power of K), and the network IS eq. (4.6) of its
     checked parts (graph identity), so phi(x) = sum_alpha varphi(phi_alpha(x_beta)/alpha!,
     P_alpha(x - x_beta)) on Q_beta.
  3. The stored values: the bit planes are exact, 2^-J <= N^(-2s) L^(-2s), and
     |phi_alpha(x_beta) - d^alpha f(x_beta)| <= E_3 = 2 N^(-2s) L^(-2s) (eq. 4.5).
  4. E_1' (product) and E_2' (monomials) at this instance's sizes, exactly: the square's sup error
     by self-similarity at any depth, the product and each monomial checked to BE their lemmas'
     compositions of squares (graph equality), the errors propagated by Lemmas 4.2 and 5.3;
     E_1' <= E_1, E_2' <= E_2.
  5. Counts (s+1)^(d-1), s^d; the Taylor remainder (s+1)^(d-1) K^(-s); K >= (NL)^(2/d)/8; the ranges;
     the chain (s+1)^d (K^-s + 3E_1' + E_2' + 3E_3) <= 84 (s+1)^d 8^s N^(-2s/d) L^(-2s/d) off Omega,
     for every d.
  6. For d = 1 the network against f off Omega exactly over every linear piece (the actual sup next
     to the bound); the error at sample points is reported, not checked.
  7. Width and depth of the layered form against the paper's formulas.

What is not checked
  the mathematics between the checked facts (the Taylor step, the square's self-similarity identity,
  the triangle inequalities), stated in the certificate; [R] the J bit planes run side by side
  instead of the paper's serial stages.

References
  Lu-Shen-Yang-Zhang 2021, Theorem 2.2, Section 4.2; spec smooth_and_growth.md 1.5; docs/theorems.md.
"""

import sys

from verinet.theorems.registry import get
from proofs._theorem import entry_points

THEOREM = get("lsyz21-2.2")
PARAMETERS = THEOREM.parameters


prove, main = entry_points(THEOREM)


if __name__ == "__main__":
    sys.exit(main())
