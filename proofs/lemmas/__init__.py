"""Lemma proof scripts: one file per lemma of the seed papers, named after its statement.

Each declares its lemma as a :class:`~verinet.claims.theorem.Theorem` (``THEOREM``), checks
an instance with ``prove(**params) -> Certificate`` and runs as a script through
:func:`proofs._theorem.run_script`.
"""
