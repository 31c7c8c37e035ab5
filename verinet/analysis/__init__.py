"""Exact analyses of piecewise-linear networks: 1-D forms, errors against targets, measures, budgets,
ranges and linear regions on boxes; the 1-D piecewise-polynomial form of ReLU/ReQU networks and its errors."""

from .box import BoxRange, Constancy, analyze_box, box_range, constant_on_box
from .budget import Budget, BudgetExceeded
from .error import ErrorResult, lp_error, sup_error
from .interval import analyze_interval
from .measure import box_measure, union_measure
from .ppoly1d import PPolyForm, piecewise_polynomial_form
from .ppoly_error import poly_lp_error, poly_sup_error
from .pwl1d import PWLForm, piecewise_linear_form
from .regions import Region, linear_regions

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
    "BoxRange",
    "Constancy",
    "box_range",
    "constant_on_box",
    "analyze_box",
    "Region",
    "linear_regions",
    "PPolyForm",
    "piecewise_polynomial_form",
    "poly_sup_error",
    "poly_lp_error",
]
