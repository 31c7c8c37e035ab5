"""Lu, Shen, Yang, Zhang, "Deep Network Approximation for Smooth Functions", SIAM J. Math. Anal. 53 (2021).

Main statements checked, one module each: Theorem 2.2 (C^s functions off the trifling region,
:mod:`.thm_2_2`), Theorem 2.1 (the median repair of the trifling region, :mod:`.thm_2_1`) and
Theorem 1.1 (everywhere, scaled by ``||f||_{C^s}``, :mod:`.thm_1_1`).  A built instance is
:mod:`.instance`; the proof's steps are :mod:`.steps`; the networks are
:mod:`verinet.constructions.smooth` and :mod:`verinet.constructions.bit_fitting`.
"""
