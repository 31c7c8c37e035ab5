"""Exact analyses of piecewise-linear networks: 1-D forms, errors against targets, measures, budgets."""

from .budget import Budget, BudgetExceeded

__all__ = ["Budget", "BudgetExceeded"]
