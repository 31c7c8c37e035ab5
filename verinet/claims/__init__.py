"""The claims layer shared by every theorem family.

A theorem instance is checked by comparing exact quantities with the paper's bounds; this
package holds what those checks are made of, independent of any one paper:

* :mod:`~verinet.claims.certificate` -- :class:`Check` (one compared quantity) and
  :class:`Certificate` (all of an instance's checks, its sizes, what was not checked),
  JSON in and out, and an independent re-decision of every recorded comparison.
* :mod:`~verinet.claims.targets` -- target functions with their regularity data (a modulus
  of continuity: Lipschitz, Hölder or general), which hypotheses were declared and which
  derived.
* :mod:`~verinet.claims.grid` -- the cube grid ``Grid(d, K, delta)`` with its trifling region.
* :mod:`~verinet.claims.cells` -- the mid-repair cell analysis on plain (grid, values, range).
* :mod:`~verinet.claims.sizes` -- size checks against bound functions over named blocks.
* :mod:`~verinet.claims.intrinsic` -- intrinsic-parameter checks (by position, by diff).
* :mod:`~verinet.claims.finite` -- "equal on a finite input set" by batched exact evaluation.
* :mod:`~verinet.claims.theorem` -- the :class:`Theorem` declaration and its parameters.
* :mod:`~verinet.claims.sweep` -- one theorem over a grid of parameter values.
"""
