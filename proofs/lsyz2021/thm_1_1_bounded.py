"""Theorem (Lu-Shen-Yang-Zhang 2021, Theorem 1.1, on the bounded-weight variant [R])
  For f in C^s([0,1]^d) and N, L >= 1, Theorem 1.1's network with every bit-extraction step replaced by the
  doubling chain computes the same values as the original at every point of the proof, has width
  17 s^(d+1) 3^d d (N+2) log2(8N) and depth (18 s^2 (L+2) + L^2) log2(4L) + 2d, bit extraction with
  ||theta||_inf = max(2, L) instead of 2^L, and ||phi - f||_inf <= 85 (s+1)^d 8^s ||f||_{C^s} N^(-2s/d) L^(-2s/d).

Proof, step by step
  1. The steep step relu(2^L (y - 1/2) + 1) - relu(2^L (y - 1/2)) and the doubling chain are both
     clip(2^L (y - 1/2) + 1, 0, 1) on R (exact 1-D forms; verinet.constructions.doubling).
  2. Theorem 1.1's steps (lsyz21-1.1) on the variant itself.
  3. The variant equals the original at every stored index, every sample point (cells and Omega),
     before and after the repair; d = 1: on the exact 1-D forms over [0, 1].
  4. Lemma 3.5's ||theta||_inf: 2^L for the steep step, max(2, L) for the chain; the final networks'.
  5. Depth: exactly the original's + L^2 (planes side by side [R]), within (18 s^2 (L+2) + L^2) log2(4L) + 2d.

References
  spec smooth_and_growth.md 1.8, 1.10, 2.6, 3.2; docs/growth.md.
"""

import sys

from verinet.theorems.registry import get
from proofs._theorem import entry_points

THEOREM = get("lsyz21-1.1-bounded")
PARAMETERS = THEOREM.parameters


prove, main = entry_points(THEOREM)


if __name__ == "__main__":
    sys.exit(main())
