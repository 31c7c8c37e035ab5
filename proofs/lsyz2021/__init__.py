"""Proof scripts of Lu-Shen-Yang-Zhang 2021, "Deep Network Approximation for Smooth Functions":
Theorems 2.2, 2.1 and 1.1 (``python -m proofs.lsyz2021.thm_1_1 --d 1 --s 1 --N 2 --L 2 --f 'sin(3*x1)'``)."""
