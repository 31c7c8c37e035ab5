"""Theorem (Lu-Shen-Yang-Zhang 2021, Theorem 1.1)
  For f in C^s([0,1]^d) and N, L >= 1 some ReLU network of width 17 s^(d+1) 3^d d (N+2) log2(8N) and depth
  18 s^2 (L+2) log2(4L) + 2d has ||phi - f||_inf <= 85 (s+1)^d 8^s ||f||_{C^s} N^(-2s/d) L^(-2s/d).

Proof, step by step (Section 2.2)
  1. B >= ||f||_{C^s}: derived (symbolic d^alpha f, ball arithmetic with subdivision; exact for
     polynomials monotone on sub-boxes) or declared (refuted by a witness when too small).
  2. f~ = f/B, K = floor(N^(1/d))^2 floor(L^(2/d)), delta = min{1/(3K), N^(-2s/d) L^(-2s/d) / d^(3/2)}:
     d omega_f~(delta) <= d sqrt(d) delta <= N^(-2s/d) L^(-2s/d).
  3. Theorem 2.2 for f~ (eps = 84 (s+1)^d 8^s N^(-2s/d) L^(-2s/d)), Theorem 2.1's repair.
  4. B (eps + d omega_f~(delta)) <= 85 (s+1)^d 8^s B r, r = N^(-2s/d) L^(-2s/d), exactly, for every d
     (the chain of steps 2-3); for d = 1 also the exact sup of |B phi_d - f| (samples: reported only).
  5. Width and depth; the paper's 3^d (16 s^(d+1) d (N+2) log2(8N) + 4) <= 17 s^(d+1) 3^d d (N+2) log2(8N).

References
  Lu-Shen-Yang-Zhang 2021, Theorem 1.1; spec smooth_and_growth.md 1.2-1.3; docs/theorems.md.
"""

import sys

from verinet.theorems.registry import get
from proofs._theorem import entry_points

THEOREM = get("lsyz21-1.1")
PARAMETERS = THEOREM.parameters


prove, main = entry_points(THEOREM)


if __name__ == "__main__":
    sys.exit(main())
