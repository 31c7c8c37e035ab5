"""Figures of verinet results (matplotlib, the optional extra ``plot``; Agg backend).

* :mod:`~verinet.plot.sweep` -- a growth sweep: ``||theta||_inf`` against the sizes with the
  claimed slopes, the error bound against the parameter count, and for ``d = 1`` a network
  against its target with the error curve.
"""
