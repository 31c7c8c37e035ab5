"""The one expression parser and ball layer: hostile strings refused, nothing executed, the same
functions accepted by ``analyze`` and ``verify``, exact values where they are rational."""

import json

import pytest
import sympy

from verinet import MPQ
from verinet.analysis.budget import Budget
from verinet.analysis.interval import analyze_interval
from verinet.analysis.targets import as_target
from verinet.balls import NotRational, ball_bounds, compile_expression, exact_ball
from verinet.claims.certificate import recheck
from verinet.claims.targets import Target
from verinet.cli.main import main
from verinet.constructions.sawtooth import yarotsky_square
from verinet.errors import BudgetExceeded, FileFormatError, InvalidArgument
from verinet.expressions import CONSTANTS, FUNCTIONS, parse_expression, parse_number
from verinet.io import save

X1, X2 = sympy.symbols("x1 x2", real=True)
VARS = {"x1": X1, "x2": X2}

# (text, a fragment the one-line error must contain: the offending token or the limit)
HOSTILE = [
    ("__import__('os').system('touch X')", "__import__('os').system\" at column 1"),
    ("().__class__", "attribute access"),
    ("().__class__.__bases__[0].__subclasses__()", "().__class__.__bases__[0].__subclasses__"),
    ("eval('1+1')", "'eval'"),
    ("exec('x=1')", "'exec'"),
    ("compile('1', 'f', 'eval')", "'compile'"),
    ("lambda: 1", "lambda"),
    ("open('/etc/passwd').read()", "open('/etc/passwd').read"),
    ("open('/etc/passwd')", "'open'"),
    ("x1.__dict__", "'x1.__dict__'"),
    ("x1.subs(x1, 2)", "'x1.subs'"),
    ("x1[0]", "subscripting"),
    ("'a string'", "str literals"),
    ("b'bytes'", "bytes literals"),
    ("getattr(x1, 'func')", "'getattr'"),
    ("globals()", "'globals'"),
    ("Symbol('y')", "'Symbol'"),
    ("sympify('x1')", "'sympify'"),
    ("__builtins__", "names beginning with '_'"),
    ("_", "names beginning with '_'"),
    ("x1 if x1 else 0", "if-else"),
    ("[c for c in 'ab']", "comprehension"),
    ("(y := 3)", "assignment"),
    ("x1 and x2", "and/or"),
    ("f'{x1}'", "f-string"),
    ("x1 % 2", "Mod"),
    ("x1 @ x2", "MatMult"),
    ("sin(x=1)", "keyword"),
    ("sin(*[x1])", "starred"),
    ("{x1: 1}", "dict"),
    ("y + 1", "'y'"),
    ("sin", "call it as sin(...)"),
    ("x1 < 1", "comparison"),
    ("x\u00b2", "'\u00b2' at column 2"),
    ("\uff581", "not allowed"),
    ("x1\x00", "'\\x00'"),
    ("9**9**9**9", "MAX_EXPONENT"),
    ("2**2**2**2**2**2", "MAX_EXPONENT"),
    ("(2**10000)**10000", "MAX_POWER_BITS"),
    ("(3**9000)**9000", "MAX_POWER_BITS"),
    ("1e100000", "MAX_EXPONENT"),
    ("x1" + "+x1" * 4000, "MAX_LENGTH"),
    ("(" * 250 + "x1" + ")" * 250, "too many nested parentheses"),
    ("-" * 3000 + "x1", "nested too deeply"),
    ("+".join(["x1"] * 250), "MAX_DEPTH"),
    ("max(" + ",".join(["1+1"] * 2000) + ")", "MAX_NODES"),
    ("", "empty"),
    ("1/0", "division by zero"),
    ("sin(1, 2)", "takes 1 argument"),
    ("Piecewise((x1, x1 < 1))", "condition True"),
]


@pytest.mark.parametrize("text, fragment", HOSTILE, ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_hostile_strings_are_refused_with_a_one_line_error_naming_the_token(text, fragment):
    with pytest.raises((InvalidArgument, BudgetExceeded)) as exc:
        parse_expression(text, VARS, "target")
    message = str(exc.value)
    assert fragment in message and "\n" not in message and len(message) < 400
    assert message.startswith("target")


def test_at_least_twenty_five_hostile_strings():
    assert len(HOSTILE) >= 25


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_whitelisted_function_parses(name):
    _, least, _ = FUNCTIONS[name]
    args = ", ".join(["x1 + 2"] * max(least, 1))
    value = parse_expression(f"{name}({args})", VARS)
    assert value.free_symbols == {X1}


def test_numbers_are_read_exactly():
    assert parse_number("0.1") == sympy.Rational(1, 10)
    assert parse_number("1e-3") == sympy.Rational(1, 1000)
    assert parse_number("1_000.5") == sympy.Rational(2001, 2)
    assert parse_number("2^10") == 1024  # ^ is read as a power
    assert parse_number("sqrt(8)/4") == sympy.sqrt(2) / 2
    assert parse_number("pi") is CONSTANTS["pi"] and parse_number("E") is sympy.E
    with pytest.raises(InvalidArgument, match="'x1'"):
        parse_number("x1 + 1")


def test_free_names_become_symbols_only_when_no_variables_are_declared():
    assert parse_expression("t**2 + s").free_symbols == {sympy.Symbol("t", real=True), sympy.Symbol("s", real=True)}
    with pytest.raises(InvalidArgument, match="allowed variables: x1, x2"):
        parse_expression("t", VARS)


@pytest.fixture
def canary(tmp_path):
    return tmp_path / "CANARY"


def _payloads(path):
    return [f"__import__('os').system('touch {path}')", f"open('{path}', 'w').write('x')",
            f"__import__('pathlib').Path('{path}').touch()"]


def test_nothing_is_executed_by_any_entry_point(canary, tmp_path, capsys):
    net = tmp_path / "sq.json"
    save(yarotsky_square(2).network, net)
    for payload in _payloads(canary):
        for call in (lambda: parse_expression(payload, VARS), lambda: parse_number(payload),
                     lambda: as_target(payload), lambda: Target.from_expression(payload, 1, lipschitz=1),
                     lambda: Target.from_expression("x1", 1, modulus=payload),
                     lambda: Target.from_expression("x1", 1, lipschitz=payload)):
            with pytest.raises(InvalidArgument):
                call()
        for argv in (["verify", "2.1", "--d", "1", "--n", "2", "--f", payload, "--lipschitz", "1"],
                     ["verify", "2.1", "--d", "1", "--n", "2", "--f", "x1", "--lipschitz", payload],
                     ["verify", "2.1", "--d", "1", "--n", "2", "--f", "x1", "--modulus", payload],
                     ["verify", "2.2", "--d", "1", "--n", "2", "--f", "x1", "--holder", f"1,{payload}"],
                     ["analyze", str(net), "--interval", "0,1", "--target", payload]):
            assert main(argv) == 2
            err = capsys.readouterr().err
            assert err.count("\n") == 1 and "Traceback" not in err
        assert not canary.exists()


def test_a_certificate_read_back_is_parsed_not_executed(canary):
    check = {"name": "c", "claim": "c", "lhs": _payloads(canary)[0], "relation": "<=", "rhs": "1", "holds": True,
             "witness": {}}
    data = {"format": "verinet-certificate/1", "theorem": "t", "statement": "s", "instance": {}, "verdict": "pass",
            "checks": [check], "sizes": {}, "intrinsic": {}, "not_checked": [], "seconds": {}}
    assert recheck(json.loads(json.dumps(data))) == [("c", True, False)]
    assert not canary.exists()
    check["lhs"] = "9**9**9**9"
    with pytest.raises(FileFormatError, match=r"checks\[0\]\.lhs.*MAX_EXPONENT"):
        recheck(data)


# One expression set, in x for ``analyze`` and in x1 for ``verify``: both accept it, and the two
# rigorous enclosures of its value at a point intersect (exact and equal where it is rational).
SHARED = ["x**2/2", "erf(x)", "sign(x - 1/2)", "floor(3*x)/3", "ceiling(2*x)", "Abs(x - 1/2)", "max(x, 1/4)",
          "min(x, 1 - x)", "sqrt(x + 1)", "exp(-x)", "log(x + 1)", "atan(x)", "sin(pi*x)/2", "cos(x)*E/4",
          "tanh(x)", "Piecewise((x, x <= 1/2), (1 - x, True))", "x^3 - 0.5*x"]


@pytest.mark.parametrize("text", SHARED)
def test_analyze_and_verify_accept_the_same_expressions(text):
    analysis = as_target(text)
    claim = Target.from_expression(text.replace("x", "x1").replace("ex1p", "exp").replace("max1", "max"), 1,
                                   lipschitz=4)
    for q in (MPQ(1, 3), MPQ(1, 2), MPQ(7, 8)):
        lo, hi = claim.bounds((q,))
        if hasattr(analysis, "enclose"):
            a_lo, a_hi = ball_bounds(analysis.enclose(q, q))
        else:
            a_lo = a_hi = analysis(q)
        assert a_lo <= hi and lo <= a_hi, (text, q)
        if claim.rational((q,)) is not None:
            assert lo == hi


@pytest.mark.parametrize("text", ["erf(x)", "sign(x - 1/3)"])
def test_analyze_runs_on_the_functions_verify_takes(text):
    # f_2 interpolates x^2 at the quarters; at x = 1 it is 1, so |f_2(1) - f(1)| bounds the sup below.
    bounds = analyze_interval(yarotsky_square(2).network, 0, 1, target=text)["sup_error"]
    at_one_lo, _ = ball_bounds(abs(1 - as_target(text).enclose(MPQ(1), MPQ(1))))
    assert 0 < MPQ(bounds["lower"]) <= MPQ(bounds["upper"]) and at_one_lo <= MPQ(bounds["upper"])


def test_a_refinement_that_does_not_tighten_stops_with_a_clear_error():
    # floor(4x)/4 jumps where f_2 is continuous: the sup is approached, not attained at a midpoint.
    with pytest.raises(BudgetExceeded, match="piece budget of 500"):
        analyze_interval(yarotsky_square(2).network, 0, 1, target="floor(4*x)/4", budget=Budget(pieces=500))


def test_verify_runs_on_the_functions_analyze_takes():
    cert = main(["verify", "2.1", "--d", "1", "--n", "2", "--f", "erf(x1)/2", "--lipschitz", "1", "--no-diff",
                 "-o", "/dev/null"])
    assert cert == 0


def test_exact_evaluation_is_exact_and_refuses_to_guess():
    compiled = compile_expression(parse_expression("sign(x1 - 1/3) + floor(3*x1)/2 + max(x1, x2)**2", VARS), (X1, X2))
    assert compiled.exact((MPQ(1, 2), MPQ(3, 4))) == 1 + MPQ(1, 2) + MPQ(9, 16)
    with pytest.raises(NotRational):
        compile_expression(parse_expression("sqrt(x1)", VARS), (X1,)).exact((MPQ(2),))
    with pytest.raises(InvalidArgument, match="free symbols"):
        compile_expression(parse_expression("x1 + x2", VARS), (X1,))


def test_a_piecewise_ball_straddling_a_cut_takes_both_pieces():
    ball = compile_expression(parse_expression("Piecewise((0, x1 < 1/2), (1, True))", VARS), (X1,)).ball
    assert ball_bounds(ball((exact_ball(MPQ(1, 4)),))) == (0, 0)
    lo, hi = ball_bounds(ball((exact_ball(MPQ(1, 2), MPQ(1, 8)),)))
    assert lo <= 0 and hi >= 1
