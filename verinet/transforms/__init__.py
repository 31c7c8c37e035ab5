"""Transforms: a network in, a network out, with claims about both checked exactly."""
