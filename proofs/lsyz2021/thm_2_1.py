"""Theorem (Lu-Shen-Yang-Zhang 2021, Theorem 2.1)
  If phi~ of width N and depth L has |phi~ - f| <= eps on [0,1]^d minus Omega(K, delta), delta <= 1/(3K),
  then phi_d (the median repair) of width 3^d (N+4) and depth L + 2d has |phi_d - f| <= eps + d omega_f(delta)
  on all of [0,1]^d.

Network
  phi_0 = phi~ (Theorem 2.2's network for f~ = f/||f||_{C^s}),
  phi_{i+1}(x) = mid(phi_i(x - delta e_{i+1}), phi_i(x), phi_i(x + delta e_{i+1})) (Lemmas 3.3, 3.4).

Proof, step by step
  1. Theorem 2.2's steps for phi~ (proofs/lsyz2021/thm_2_2.py).
  2. eps: for d = 1 the exact sup of |phi~ - f~| off Omega (a tight eps); else Theorem 2.2's bound.
  3. Lemma 3.4's premises, exactly: delta <= 1/(3K), and phi_d IS the mid repair of phi~ with this
     delta (graph equality); Lemma 3.4 (mid = median, lemma-checked) then gives
     |phi_d - f~| <= eps + d omega_f~(delta) on [0,1]^d, omega_f~(delta) <= sqrt(d) delta.  For d = 1
     the exact sup over [0, 1] is compared too (a network wrong on Omega fails there, with the
     witness in Omega); the error at sample points is reported, not checked.
  4. width(phi_d) <= 3^d (width(phi~) + 4), depth(phi_d) <= depth(phi~) + 2d.

References
  Lu-Shen-Yang-Zhang 2021, Theorem 2.1, Section 3; spec smooth_and_growth.md 1.4; docs/theorems.md.
"""

import sys

from verinet.theorems.registry import get
from proofs._theorem import entry_points

THEOREM = get("lsyz21-2.1")
PARAMETERS = THEOREM.parameters


prove, main = entry_points(THEOREM)


if __name__ == "__main__":
    sys.exit(main())
