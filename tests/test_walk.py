"""The one walk: every interpreter's rule table, its op group and its refusal by group.

Each interpreter declares the op group it supports (``verinet.ops``); a network holding an
op outside it is refused before any work with exactly
``"<interpreter>: no rule for <Op> at node <name>"`` and, where the op is supported
elsewhere, a hint saying where.
"""

from fractions import Fraction

import pytest

from verinet import NetworkBuilder
from verinet import evaluate
from verinet.analysis import interval_pass, ppoly1d, pwl1d, regions
from verinet.analysis.box import box_range
from verinet.errors import UnsupportedOp
from verinet.interpret import columns, enclose, exact, layered, limb_path, packed, reference
from verinet.interpret.walk import Rules, walk
from verinet.ops import (
    ALL_OPS, PIECEWISE_LINEAR, PIECEWISE_POLYNOMIAL, Affine, Gaussian, Input, ReLU, ReQU, Sigmoid,
)

REQU_HINT = "ReQU networks are piecewise polynomial, not piecewise linear: use the 1-D piecewise-polynomial form"
PWL1D_REQU_HINT = "ReQU networks are piecewise polynomial: use the 1-D piecewise-polynomial form"
ENCLOSE_HINT = "enclose it with verinet.enclose"
PPOLY_HINT = "its values are irrational: bound it with verinet.enclose_sup_error"
EXACT_HINT = ("it is transcendental, so no exact value exists: use verinet.enclose(net, points, prec=...) "
              "for rigorous balls")


def one_activation(kind, name="act"):
    """x -> relu(x) -> affine -> <kind> -> affine, the ``kind`` node named ``name``."""
    b = NetworkBuilder()
    x = b.input(1, name="x")
    h = b.affine(b.relu(b.affine(x, [[1], [-1]], [0, "1/2"])), [[1, 2], [-1, 1]], ["1/3", 0])
    h = getattr(b, kind)(h, name=name)
    return b.build(b.affine(h, [[1, -1]]))


# (interpreter, its Rules, its group, how to run it on a network)
INTERPRETERS = [
    ("reference evaluation", reference.RULES, PIECEWISE_POLYNOMIAL, lambda net: reference.evaluate_reference(net, [1])),
    ("interval pass", interval_pass.RULES, PIECEWISE_POLYNOMIAL, lambda net: interval_pass.interval_bounds(net, "0,1")),
    ("linear regions", regions.RULES, PIECEWISE_LINEAR, lambda net: regions.linear_regions(net, "0,1")),
    ("1-D form", pwl1d.RULES, PIECEWISE_LINEAR, lambda net: pwl1d.piecewise_linear_form(net, 0, 1)),
    ("layered form", layered.RULES, ALL_OPS, layered.to_layered),
    ("ball enclosure", enclose.RULES, ALL_OPS, lambda net: enclose.enclose(net, [[1]])),
    ("piecewise-polynomial form", ppoly1d.RULES, PIECEWISE_POLYNOMIAL,
     lambda net: ppoly1d.piecewise_polynomial_form(net, 0, 1)),
    ("exact evaluation", exact.RULES, PIECEWISE_POLYNOMIAL, lambda net: evaluate(net, [[1]])),
    ("exact evaluation (limbs)", limb_path.RULES, PIECEWISE_POLYNOMIAL, lambda net: walk(net, None, limb_path.RULES)),
    ("exact evaluation (packed)", packed.RULES, PIECEWISE_POLYNOMIAL, lambda net: walk(net, None, packed.RULES)),
    ("exact evaluation (columns)", columns.RULES, PIECEWISE_POLYNOMIAL, lambda net: walk(net, None, columns.RULES)),
]

# (interpreter, op refused, hint) for every op outside each group
REFUSALS = [
    ("reference evaluation", "sigmoid", "Sigmoid", "its values are irrational: enclose it with verinet.enclose"),
    ("reference evaluation", "gaussian", "Gaussian", "its values are irrational: enclose it with verinet.enclose"),
    ("interval pass", "sigmoid", "Sigmoid", ENCLOSE_HINT),
    ("interval pass", "gaussian", "Gaussian", ENCLOSE_HINT),
    ("linear regions", "requ", "ReQU", REQU_HINT),
    ("linear regions", "sigmoid", "Sigmoid", ENCLOSE_HINT),
    ("linear regions", "gaussian", "Gaussian", ENCLOSE_HINT),
    ("1-D form", "requ", "ReQU", PWL1D_REQU_HINT),
    ("1-D form", "sigmoid", "Sigmoid", ENCLOSE_HINT),
    ("1-D form", "gaussian", "Gaussian", ENCLOSE_HINT),
    ("piecewise-polynomial form", "sigmoid", "Sigmoid", PPOLY_HINT),
    ("piecewise-polynomial form", "gaussian", "Gaussian", PPOLY_HINT),
    ("exact evaluation", "sigmoid", "Sigmoid", EXACT_HINT),
    ("exact evaluation", "gaussian", "Gaussian", EXACT_HINT),
    # the paths' own tables are walked only after exact evaluation's check: no hint of their own
    *((f"exact evaluation ({path})", kind, op, None) for path in ("limbs", "packed", "columns")
      for kind, op in (("sigmoid", "Sigmoid"), ("gaussian", "Gaussian"))),
]

BY_NAME = {name: (rules, group, run) for name, rules, group, run in INTERPRETERS}


@pytest.mark.parametrize("name, rules, group, run", INTERPRETERS, ids=[i[0] for i in INTERPRETERS])
def test_each_interpreter_declares_its_group(name, rules, group, run):
    assert rules.interpreter == name and rules.group == group


def test_every_refusal_case_is_listed():
    listed = {(name, op) for name, _, op, _ in REFUSALS}
    expected = {(name, op.__name__) for name, _, group, _ in INTERPRETERS for op in ALL_OPS - group}
    assert listed == expected


@pytest.mark.parametrize("name, kind, op, hint", REFUSALS, ids=[f"{r[0]}-{r[2]}" for r in REFUSALS])
def test_an_op_outside_the_group_is_refused_naming_interpreter_op_and_node(name, kind, op, hint):
    rules, _, run = BY_NAME[name]
    net = one_activation(kind)
    assert not rules.supports(net)
    with pytest.raises(UnsupportedOp) as info:
        run(net)
    assert str(info.value) == f"{name}: no rule for {op} at node 'act'" + (f"; {hint}" if hint else "")


def test_the_box_analysis_is_refused_by_the_region_search():
    with pytest.raises(UnsupportedOp, match=r"^linear regions: no rule for ReQU at node 'act'; "):
        box_range(one_activation("requ"), "0,1")


def test_a_table_without_hints_refuses_with_the_bare_message_before_any_work():
    calls = []
    rules = Rules("toy", {Affine: lambda op, args, ctx: calls.append(op) or args[0]})
    b = NetworkBuilder()
    net = b.build(b.relu(b.affine(b.input(1, name="x"), [[1]], name="a"), name="r"))
    with pytest.raises(UnsupportedOp) as info:
        walk(net, [Fraction(1)], rules)
    assert str(info.value) == "toy: no rule for ReLU at node 'r'" and calls == []


def test_input_has_no_rule():
    with pytest.raises(ValueError, match="Input"):
        Rules("toy", {Input: lambda op, args, ctx: args})


def test_on_node_sees_every_node_in_order_with_its_value():
    net = one_activation("requ")
    seen = []
    out = walk(net, [Fraction(1, 3)], reference.RULES, on_node=lambda node, value: seen.append((node, value)))
    assert [node for node, _ in seen] == list(net.order())
    values = dict(seen)
    assert values["x"] == [Fraction(1, 3)] and values[net.output] == out
    assert out == reference.evaluate_reference(net, ["1/3"])
    # the ReQU node squares the positive part of its argument
    (arg,) = net.arguments("act")
    assert values["act"] == [max(v, 0) ** 2 for v in values[arg]]


def test_rules_receive_the_context():
    seen = []

    def affine(op, args, ctx):
        seen.append(ctx)
        return args[0]

    rules = Rules("toy", {Affine: affine, ReLU: lambda op, args, ctx: args[0]})
    b = NetworkBuilder()
    net = b.build(b.relu(b.affine(b.input(1), [[1]])))
    walk(net, [1], rules, ctx="budget")
    assert seen == ["budget"]


def test_the_layered_form_covers_every_op():
    for kind, op in (("relu", ReLU), ("requ", ReQU), ("sigmoid", Sigmoid), ("gaussian", Gaussian)):
        form = layered.to_layered(one_activation(kind))
        assert form.activations == (ReLU, op)
