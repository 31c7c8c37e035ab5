"""Theorem instances: builders, exact step-by-step checks and certificates.

Main statements checked (Shen, Yang, Zhang, "Deep Network Approximation in Terms of
Intrinsic Parameters", ICML 2022): Theorem A.1, Theorem 2.1 (L^p, n + 2 intrinsic
parameters), Theorem 2.2 (L^inf, 3^d n + 2) and Theorem 2.3 (three intrinsic parameters).
"""
