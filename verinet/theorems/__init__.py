"""Theorems, one module each, in one folder per paper.

* :mod:`verinet.theorems.syz2022` -- Shen, Yang, Zhang, "Deep Network Approximation in Terms
  of Intrinsic Parameters", ICML 2022: Theorems A.1, 2.1, 2.2, 2.3.
* :mod:`verinet.theorems.lsyz2021` -- Lu, Shen, Yang, Zhang, "Deep Network Approximation for
  Smooth Functions", SIAM J. Math. Anal. 2021: Theorems 2.2, 2.1, 1.1.

A theorem module holds the statement, what is not checked, step functions named after their
conclusions (each returning :class:`~verinet.claims.certificate.Check` records, in the order
of the paper's proof) and a :class:`~verinet.claims.theorem.Theorem` declaration;
:mod:`verinet.theorems.registry` lists them.
"""
