"""Shen, Yang, Zhang, "Deep Network Approximation in Terms of Intrinsic Parameters", ICML 2022.

Main statements checked, one module each: Theorem A.1 (:mod:`.thm_a1`), Theorem 2.1 (L^p,
``n + 2`` intrinsic parameters, :mod:`.thm_2_1`), Theorem 2.2 (L^inf, ``3^d n + 2``,
:mod:`.thm_2_2`) and Theorem 2.3 (three intrinsic parameters, :mod:`.thm_2_3`).  The
steps of Theorem A.1's proof that all four run are :mod:`.steps`; a built instance is
:mod:`.instance`; the networks are :mod:`verinet.constructions.intrinsic`.
"""
