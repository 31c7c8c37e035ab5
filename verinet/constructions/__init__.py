"""Builders for the seed papers' constructions, one module per family of lemmas."""
