"""Growth sweeps: exact parameter magnitudes of a construction over a grid of sizes.

* :mod:`~verinet.growth.variants` -- the registry ``{name: Variant}`` (point function,
  parameters, fit axes, claimed growth); ``lsyz`` is :mod:`~verinet.growth.lsyz`.
* :mod:`~verinet.growth.statistics` -- :func:`point_statistics`, the one function every
  point's exact statistics come from.
* :mod:`~verinet.growth.sweep` -- :func:`growth_sweep`, serial or on Dask, resumable.
* :mod:`~verinet.growth.points`, :mod:`~verinet.growth.store` -- one point as JSON in and
  out, one file per point.
* :mod:`~verinet.growth.fit` -- least-squares fits (a statistic) and exact ratios.

See ``docs/sweeps.md``.
"""

from .statistics import point_statistics
from .sweep import GrowthSweep, growth_sweep

__all__ = ["point_statistics", "growth_sweep", "GrowthSweep"]
