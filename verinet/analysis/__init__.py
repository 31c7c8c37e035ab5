"""Exact analyses of piecewise-linear networks: 1-D forms, errors against targets, measures, budgets."""

from .budget import Budget, BudgetExceeded
from .error import ErrorResult, lp_error, sup_error
from .interval import analyze_interval
from .measure import box_measure, union_measure
from .pwl1d import PWLForm, piecewise_linear_form

__all__ = [
    "Budget",
    "BudgetExceeded",
    "PWLForm",
    "piecewise_linear_form",
    "ErrorResult",
    "sup_error",
    "lp_error",
    "analyze_interval",
    "union_measure",
    "box_measure",
]
