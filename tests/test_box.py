"""Exact box analysis: interval pass, rational simplex, linear regions, range, constancy.

References are independent of verinet.analysis: Fraction arithmetic, exact evaluation
(``evaluate_reference``) and brute-force vertex enumeration of 2-D polygons by
intersecting every pair of boundary lines.
"""

import json
import random
from fractions import Fraction as F
from functools import cmp_to_key
from itertools import combinations, product

import pytest

from verinet._backend import MPQ
from verinet.analysis.box import analyze_box, box_range, constant_on_box
from verinet.analysis.budget import Budget
from verinet.analysis.interval_pass import RULES as INTERVAL_RULES
from verinet.analysis.interval_pass import as_box, interval_bounds, output_interval, parse_box
from verinet.analysis.lp import box_rows, corner_vertex, dot, maximize, minimize
from verinet.analysis.regions import RULES as REGION_RULES
from verinet.analysis.regions import linear_regions
from verinet.errors import BudgetExceeded, InvalidArgument, ShapeError
from verinet.interpret.reference import evaluate_reference
from verinet.network import NetworkBuilder
from verinet.ops import PIECEWISE_LINEAR, PIECEWISE_POLYNOMIAL

# ---------------------------------------------------------------------------------------
# Networks


def relu_difference():
    """relu(x1 - x2)."""
    b = NetworkBuilder()
    x = b.input(2)
    return b.build(b.relu(b.affine(x, [[1, -1]])))


def two_units():
    """relu(x1 + x2 - 1) - 2 relu(x1 - x2)."""
    b = NetworkBuilder()
    x = b.input(2)
    h = b.relu(b.affine(x, [[1, 1], [1, -1]], [-1, 0]))
    return b.build(b.affine(h, [[1, -2]]))


def l1_norm():
    """|x1| + |x2| = relu(x1) + relu(-x1) + relu(x2) + relu(-x2)."""
    b = NetworkBuilder()
    x = b.input(2)
    h = b.relu(b.affine(x, [[1, 0], [-1, 0], [0, 1], [0, -1]]))
    return b.build(b.affine(h, [[1, 1, 1, 1]]))


def cancelling():
    """relu(x1) - relu(x1) + 7: constant, but the interval pass cannot see it."""
    b = NetworkBuilder()
    x = b.input(2)
    h = b.relu(b.affine(x, [[1, 0], [1, 0]]))
    return b.build(b.affine(h, [[1, -1]], [7]))


def hidden_bump():
    """relu(1/8 - |x1 - 1/4|): zero at the centre and corners of [0, 1]^2, max 1/8."""
    b = NetworkBuilder()
    x = b.input(2)
    h = b.relu(b.affine(x, [[1, 0], [-1, 0]], ["-1/4", "1/4"]))
    return b.build(b.relu(b.affine(h, [[-1, -1]], ["1/8"])))


def triangle_defect():
    """|x1 - x2| + |x2 - x3| - |x1 - x3| on R^3 (>= 0, max 2 on the unit cube)."""
    b = NetworkBuilder()
    x = b.input(3)
    rows = [[1, -1, 0], [-1, 1, 0], [0, 1, -1], [0, -1, 1], [1, 0, -1], [-1, 0, 1]]
    h = b.relu(b.affine(x, rows))
    return b.build(b.affine(h, [[1, 1, 1, 1, -1, -1]]))


def dag_network():
    """Skip connection, concat and slice: relu(x1) + relu(x2 - x1) + x1 - relu(x1 + x2 - 1)."""
    b = NetworkBuilder()
    x = b.input(2)
    h = b.relu(b.affine(x, [[1, 0], [-1, 1], [1, 1]], [0, 0, -1]))
    both = b.concat(h, x)
    first = b.slice(both, 0, 2)
    summed = b.add(b.affine(first, [[1, 1]]), b.affine(b.slice(both, 2, 5), [[-1, 1, 0]]))
    return b.build(summed)


def random_network(seed, dim=2, max_width=5, max_depth=3, scale=4):
    rng = random.Random(seed)
    b = NetworkBuilder()
    node, fan_in = b.input(dim), dim
    for _ in range(rng.randint(1, max_depth)):
        width = rng.randint(1, max_width)
        w = [[F(rng.randint(-scale, scale), scale) for _ in range(fan_in)] for _ in range(width)]
        bias = [F(rng.randint(-scale, scale), scale) for _ in range(width)]
        node, fan_in = b.relu(b.affine(node, w, bias)), width
    out = [[F(rng.randint(-scale, scale), scale) for _ in range(fan_in)]]
    return b.build(b.affine(node, out, [F(rng.randint(-scale, scale), scale)]))


UNIT_SQUARE = "0,1;0,1"


def strs(values):
    return [str(v) for v in values]


def frac(value):
    """An MPQ as a Fraction (gmpy2 cannot compare the two directly)."""
    return F(int(value.numerator), int(value.denominator))


def f_at(net, point):
    (y,) = evaluate_reference(net, [F(int(v.numerator), int(v.denominator)) for v in point])
    return F(y)


# ---------------------------------------------------------------------------------------
# Brute-force references for 2-D polygons


def polygon_vertices(inequalities):
    """Every point where two boundary lines meet and all inequalities hold (Fractions)."""
    rows = [([F(v) for v in a], F(c)) for a, c in inequalities]
    points = set()
    for (a, c), (p, q) in combinations(rows, 2):
        det = a[0] * p[1] - a[1] * p[0]
        if det:
            x = ((c * p[1] - a[1] * q) / det, (a[0] * q - c * p[0]) / det)
            if all(r[0] * x[0] + r[1] * x[1] <= s for r, s in rows):
                points.add(x)
    return points


def polygon_area(points):
    """Shoelace area of a convex polygon, vertices ordered exactly around the centroid."""
    points = list(points)
    cx = sum(p[0] for p in points) / len(points)
    cy = sum(p[1] for p in points) / len(points)

    def half(p):
        return 0 if (p[1] > cy or (p[1] == cy and p[0] > cx)) else 1

    def compare(p, q):
        if half(p) != half(q):
            return half(p) - half(q)
        cross = (p[0] - cx) * (q[1] - cy) - (p[1] - cy) * (q[0] - cx)
        return -1 if cross > 0 else (1 if cross < 0 else 0)

    ring = sorted(points, key=cmp_to_key(compare))
    twice = sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(ring, ring[1:] + ring[:1]))
    return abs(twice) / 2


# ---------------------------------------------------------------------------------------
# Hand-built cases with known answers


def test_relu_difference_has_two_regions_with_exact_maps():
    regions = linear_regions(relu_difference(), UNIT_SQUARE)
    assert [[strs(r.weights[0]), str(r.bias[0])] for r in regions] == [[["0", "0"], "0"], [["1", "-1"], "0"]]
    assert [r.inequalities[4] for r in regions] == [((1, -1), 0), ((-1, 1), 0)]
    assert all(type(v) is MPQ for r in regions for a, c in r.inequalities for v in (*a, c))
    assert regions[1].contains(["1", "0"]) and not regions[1].contains(["0", "1"])


def test_range_of_two_units_with_witnesses():
    r = box_range(two_units(), UNIT_SQUARE, method="enumerate")
    assert (r.minimum, r.maximum) == (MPQ(-2), MPQ(1))
    assert type(r.minimum) is MPQ and type(r.argmax[0]) is MPQ
    assert (strs(r.argmin), strs(r.argmax)) == (["1", "0"], ["1", "1"])
    assert r.regions == 4


def test_range_of_l1_norm_on_an_asymmetric_box():
    r = box_range(l1_norm(), "-1,2;-3,1", method="enumerate")
    assert (r.minimum, r.maximum) == (0, 5)
    assert strs(r.argmin) == ["0", "0"] and strs(r.argmax) == ["2", "-3"]
    assert r.regions == 4


def test_stable_relus_give_the_affine_map_and_corner_extremes():
    # On [1, 2] x [0, 1]: x1 + x2 >= 1 and x1 - x2 >= 0, so both units are on.
    r = box_range(two_units(), "1,2;0,1", method="enumerate")
    assert r.regions == 1 and r.method.startswith("affine")
    # phi = (x1 + x2 - 1) - 2 (x1 - x2) = -x1 + 3 x2 - 1
    assert (r.minimum, strs(r.argmin)) == (MPQ(-3), ["2", "0"])
    assert (r.maximum, strs(r.argmax)) == (MPQ(1), ["1", "1"])


def test_interval_pass_is_an_enclosure_and_exact_on_single_layers():
    ((lo, hi),) = output_interval(two_units(), UNIT_SQUARE)
    assert (lo, hi) == (MPQ(-2), MPQ(1))
    bounds = interval_bounds(l1_norm(), "-1,2;-3,1")
    assert all(type(v) is MPQ for pairs in bounds.values() for pair in pairs for v in pair)
    ((lo, hi),) = output_interval(cancelling(), UNIT_SQUARE)
    assert (lo, hi) == (6, 8)  # sound but not tight: the network is the constant 7


def test_rule_tables_cover_their_op_groups():
    assert INTERVAL_RULES.group == PIECEWISE_POLYNOMIAL
    assert REGION_RULES.group == PIECEWISE_LINEAR


def test_interval_pass_gives_the_exact_image_of_requ():
    b = NetworkBuilder()
    x = b.input(1)
    net = b.build(b.requ(b.affine(x, [[1], [1], [-1]], [0, 3, -3])))
    assert output_interval(net, "-2,1/2") == ((0, MPQ(1, 4)), (1, MPQ(49, 4)), (0, 0))


def test_constant_decided_by_the_interval_pass():
    net = NetworkBuilder()
    x = net.input(2)
    c = constant_on_box(net.build(net.relu(net.affine(x, [[1, 1]], [-3]))), UNIT_SQUARE)
    assert (c.constant, c.value, c.regions) == (True, 0, 0)
    assert type(c.value) is MPQ


def test_constant_decided_by_region_search():
    c = constant_on_box(cancelling(), "-1,1;-1,1")
    assert (c.constant, c.value, c.regions) == (True, 7, 2)
    assert analyze_box(cancelling(), "-1,1;-1,1")["value"] == "7"


def test_not_constant_found_by_probes():
    c = constant_on_box(two_units(), UNIT_SQUARE)
    assert not c.constant and c.value is None and c.regions == 0
    x, y = c.witnesses
    assert f_at(two_units(), x) != f_at(two_units(), y)


def test_not_constant_hidden_from_corners_and_centre():
    net = hidden_bump()
    c = constant_on_box(net, UNIT_SQUARE)
    assert not c.constant and c.regions >= 1
    x, y = c.witnesses
    assert f_at(net, x) != f_at(net, y)
    r = box_range(net, UNIT_SQUARE)
    assert (r.minimum, r.maximum, r.argmax[0]) == (0, MPQ(1, 8), MPQ(1, 4))


def test_degenerate_box_is_a_segment():
    r = box_range(relu_difference(), "0,1;1/2,1/2")
    assert (r.minimum, r.maximum, strs(r.argmax)) == (0, MPQ(1, 2), ["1", "1/2"])
    assert len(linear_regions(relu_difference(), "0,1;1/2,1/2")) == 2


def test_three_dimensional_triangle_defect():
    net = triangle_defect()
    r = box_range(net, "0,1;0,1;0,1")
    assert (r.minimum, r.maximum) == (0, 2)
    assert f_at(net, r.argmax) == 2
    assert not constant_on_box(net, "0,1;0,1;0,1").constant


def test_dag_with_skip_concat_and_slice_matches_reference():
    net = dag_network()
    regions = linear_regions(net, "-1,2;-1,2")
    for region in regions:
        for vertex in polygon_vertices(region.inequalities):
            assert frac(region.value(vertex)[0]) == f_at(net, vertex)
    assert sum(polygon_area(polygon_vertices(r.inequalities)) for r in regions) == 9


def test_vector_outputs_enumerate_but_have_no_range():
    b = NetworkBuilder()
    x = b.input(2)
    net = b.build(b.relu(b.affine(x, [[1, 0], [0, 1]], ["-1/2", "-1/2"])))
    regions = linear_regions(net, UNIT_SQUARE)
    assert len(regions) == 4 and all(len(r.weights) == 2 for r in regions)
    with pytest.raises(ShapeError, match="scalar-output"):
        box_range(net, UNIT_SQUARE)


def test_analyze_box_report_is_exact_strings():
    report = analyze_box(two_units(), [(0, 1), (F(0), "1")], method="enumerate")
    assert report == {
        "box": [["0", "1"], ["0", "1"]],
        "interval": ["-2", "1"],
        "min": "-2",
        "max": "1",
        "argmin": ["1", "0"],
        "argmax": ["1", "1"],
        "constant": False,
        "value": None,
        "regions": 4,
        "method": "exact LP on every region",
        "certificate": None,
    }


# ---------------------------------------------------------------------------------------
# The simplex


def test_simplex_on_a_degenerate_vertex():
    # Five constraints pass through (1/2, 1/2): degenerate, Bland's rule must still finish.
    box = as_box(UNIT_SQUARE)
    extra = [((1, 1), MPQ(1)), ((2, 1), MPQ(3, 2)), ((1, 2), MPQ(3, 2)), ((3, 1), MPQ(2))]
    rows = box_rows(box) + extra
    for c in [(1, 1), (1, 0), (-1, -1), (3, 1), (0, 1)]:
        best = maximize(c, rows, corner_vertex(box))
        brute = max(F(c[0]) * x + F(c[1]) * y for x, y in polygon_vertices(rows))
        assert frac(dot(c, best.point)) == brute
    assert dot((1, 0), maximize((1, 0), rows, corner_vertex(box)).point) == MPQ(2, 3)


@pytest.mark.parametrize("seed", range(10))
def test_simplex_agrees_with_vertex_enumeration(seed):
    rng = random.Random(seed)
    box = as_box("-2,3;-1,4")
    corner = corner_vertex(box)
    rows = box_rows(box)
    for _ in range(6):  # random cuts that keep the lower corner (the simplex's start)
        a = (rng.randint(-5, 5), rng.randint(-5, 5))
        rows.append((a, dot(a, corner.point) + MPQ(rng.randint(0, 20), rng.randint(1, 4))))
    vertices = polygon_vertices(rows)
    for _ in range(5):
        c = (rng.randint(-3, 3), rng.randint(-3, 3))
        top, bottom = maximize(c, rows, corner), minimize(c, rows, corner)
        values = [F(c[0]) * x + F(c[1]) * y for x, y in vertices]
        assert (frac(dot(c, top.point)), frac(dot(c, bottom.point))) == (max(values), min(values))


# ---------------------------------------------------------------------------------------
# Agreement with brute force on small random networks in d = 2


@pytest.mark.parametrize("seed", range(25))
def test_regions_and_range_agree_with_brute_force(seed):
    net = random_network(seed)
    box = "-1,1;-1/2,3/2"
    regions = linear_regions(net, box)
    all_vertices = set()
    total_area = 0
    for region in regions:
        vertices = polygon_vertices(region.inequalities)
        assert len(vertices) >= 3  # full-dimensional
        total_area += polygon_area(vertices)
        centroid = tuple(sum(p[i] for p in vertices) / len(vertices) for i in range(2))
        for point in list(vertices) + [centroid]:
            assert frac(region.value(point)[0]) == f_at(net, point)
        all_vertices |= vertices
    assert total_area == 4  # the regions tile the box
    grid = [(F(i, 4), F(j, 4) - F(1, 2)) for i, j in product(range(-4, 5), range(0, 9))]
    for point in grid:
        assert any(r.contains(point) for r in regions)
    values = {p: f_at(net, p) for p in all_vertices | set(grid)}
    for method in ("enumerate", "branch-and-bound"):
        r = box_range(net, box, method=method)
        assert (frac(r.minimum), frac(r.maximum)) == (min(values.values()), max(values.values()))
        assert f_at(net, r.argmin) == frac(r.minimum) and f_at(net, r.argmax) == frac(r.maximum)
    assert box_range(net, box, method="enumerate").regions == len(regions)
    c = constant_on_box(net, box)
    assert c.constant == (r.minimum == r.maximum)
    if c.constant:
        assert c.value == r.minimum


def test_unit_that_vanishes_on_every_known_vertex_is_not_split():
    # Regression test: when every known vertex of a region had z = 0 the search found
    # min z < 0 and split without checking max z > 0, creating a region of dimension 1
    # (random_network(24) on this box).  Every region must be full-dimensional.
    regions = linear_regions(random_network(24), "-1,1;-1/2,3/2")
    assert all(len(polygon_vertices(r.inequalities)) >= 3 for r in regions)
    assert len(regions) == 4


# ---------------------------------------------------------------------------------------
# Budgets


def test_region_budget_that_runs_out_says_how_far_it_got():
    net = random_network(3, max_width=6)
    count = len(linear_regions(net, "-1,1;-1,1"))
    assert count > 3
    assert len(linear_regions(net, "-1,1;-1,1", Budget(regions=count))) == count
    with pytest.raises(BudgetExceeded, match=r"region budget of 3 exceeded: 4 regions .*completed before: 3"):
        box_range(net, "-1,1;-1,1", Budget(regions=3), method="enumerate")
    with pytest.raises(BudgetExceeded, match="region budget of 3"):
        analyze_box(net, "-1,1;-1,1", Budget(regions=3), method="enumerate")


def test_time_budget_that_runs_out_says_so():
    with pytest.raises(BudgetExceeded, match=r"time budget of 0 s exceeded .*regions so far: 0"):
        box_range(l1_norm(), UNIT_SQUARE, Budget(seconds=0), method="enumerate")
    with pytest.raises(BudgetExceeded, match=r"time budget of 0 s exceeded .*branch and bound had no bound yet"):
        box_range(l1_norm(), UNIT_SQUARE, Budget(seconds=0))


def test_budget_must_be_a_budget():
    with pytest.raises(InvalidArgument, match="budget=5"):
        box_range(l1_norm(), UNIT_SQUARE, 5)


# ---------------------------------------------------------------------------------------
# Bad boxes


BAD_BOXES = [
    ("1,0;0,1", InvalidArgument, r"box\[0\] = \[1, 0\] is empty"),
    ([(0, 1), ("1/2", "1/3")], InvalidArgument, r"box\[1\].*1/2 > upper end 1/3"),
    ("0,1", ShapeError, "box has 1 coordinates, the network input has width 2"),
    ([(0, 1)] * 3, ShapeError, "3 coordinates"),
    ([(0.0, 1), (0, 1)], InvalidArgument, r"box\[0\] lower end=0.0 is a float"),
    ([(0, 1), (0, 0.5)], InvalidArgument, "is a float"),
    ("0,1,2;0,1", InvalidArgument, "must be 'a,b'"),
    ("0,x;0,1", InvalidArgument, "not an exact number"),
    ("", InvalidArgument, "must be a string like"),
    ([(0, 1), (0,)], InvalidArgument, r"box\[1\]=\(0,\) must be a pair"),
    ([], InvalidArgument, "no coordinates"),
    (7, InvalidArgument, "box=7 must be a sequence"),
]


@pytest.mark.parametrize("analysis", [box_range, constant_on_box, linear_regions, analyze_box, output_interval])
@pytest.mark.parametrize("box, error, message", BAD_BOXES, ids=[repr(b[0]) for b in BAD_BOXES])
def test_bad_boxes_are_rejected_with_clear_errors(analysis, box, error, message):
    with pytest.raises(error, match=message):
        analysis(two_units(), box)


def test_parse_box_reads_decimals_exactly():
    assert parse_box("-0.1,1e-2; 1/3,1/3") == ((MPQ(-1, 10), MPQ(1, 100)), (MPQ(1, 3), MPQ(1, 3)))


# ---------------------------------------------------------------------------------------
# Command line


def test_cli_analyze_box_end_to_end(tmp_path, capsys):
    io = pytest.importorskip("verinet.io")
    from verinet.cli.main import main

    path = tmp_path / "two_units.json"
    io.save(two_units(), str(path))
    assert main(["analyze", str(path), "--box", "0,1;0,1", "--json", "--box-method", "enumerate"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["min"], report["max"], report["argmin"], report["argmax"]) == ("-2", "1", ["1", "0"], ["1", "1"])
    assert (report["constant"], report["regions"], report["certificate"]) == (False, 4, None)
    assert main(["analyze", str(path), "--box", "0,1;0,1", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["min"], report["max"], report["method"]) == ("-2", "1", "exact branch and bound")
    assert [report["certificate"][k]["value"] for k in ("min", "max")] == ["-2", "1"]
    assert main(["analyze", str(path), "--box", "0,1;0,1", "--max-regions", "2", "--box-method", "enumerate"]) == 2
    assert "region budget of 2 exceeded" in capsys.readouterr().err
    assert main(["analyze", str(path), "--box", "0,1;0,1", "--max-regions", "0"]) == 2
    assert "branch and bound had" in capsys.readouterr().err
    assert main(["analyze", str(path), "--box", "1,0;0,1"]) == 2
    assert "box[0] = [1, 0] is empty" in capsys.readouterr().err
