"""The one parser of the expressions users write: targets, moduli, constants, bounds.

Every string verinet reads as mathematics -- ``--f "sin(3*x1)*x2/2"``, ``--lipschitz 3/2``,
``--modulus "2*r**(1/2)"``, ``verinet analyze --target``, the numbers of a certificate read
back -- goes through :func:`parse_expression` or :func:`parse_number`.  A string is data,
never code: the text is read by Python's parser into a syntax tree (which runs nothing),
and the tree is translated into sympy node by node from a whitelist:

* numbers: integers and decimals, read exactly (``0.1`` is ``1/10``); ``pi``, ``E``;
* names of the declared variables (or, when none are declared, plain ASCII identifiers);
* ``+ - * / **`` (``^`` is read as ``**``), unary ``+ -``;
* calls of the functions in :data:`FUNCTIONS` with positional arguments only;
* ``Piecewise((value, condition), ..., (value, True))`` with single comparisons
  ``<, <=, >, >=`` as conditions.

Everything else -- attribute access, subscripts, lambdas, strings, keywords, comprehensions,
calls of any other name, names beginning with ``_`` -- is refused with one line naming the
offending token.  Sizes are bounded before sympy sees anything: the length of the text, the
number and depth of syntax nodes, and exact powers (the exponent, and the bits of a numeric
result), so that ``9**9**9**9`` is refused at once instead of computed.  Each refusal says
which limit was hit; the limits are the module constants below.
"""

import ast
import re
from fractions import Fraction

import sympy

from .errors import BudgetExceeded, InvalidArgument
from . import sympy_exact
from .numbers import MAX_EXPONENT  # |k| for a power x**k with a numeric exponent k, as for decimals

sympy_exact.register()  # mpq -> sympy.Rational exactly, whatever sympy's ground types

__all__ = ["parse_expression", "parse_number", "FUNCTIONS", "CONSTANTS", "MAX_LENGTH", "MAX_NODES", "MAX_DEPTH",
           "MAX_EXPONENT", "MAX_POWER_BITS"]

MAX_LENGTH = 10_000  # characters of one expression
MAX_NODES = 5_000  # syntax-tree nodes of one expression
MAX_DEPTH = 200  # nesting depth of the syntax tree
MAX_POWER_BITS = 1_000_000  # bits of an exact numeric power p**k computed while parsing

# name -> (sympy function, smallest, largest number of arguments; None: any number)
FUNCTIONS = {
    "abs": (sympy.Abs, 1, 1), "Abs": (sympy.Abs, 1, 1),
    "min": (sympy.Min, 1, None), "Min": (sympy.Min, 1, None),
    "max": (sympy.Max, 1, None), "Max": (sympy.Max, 1, None),
    "sqrt": (sympy.sqrt, 1, 1), "exp": (sympy.exp, 1, 1), "log": (sympy.log, 1, 2),
    "sin": (sympy.sin, 1, 1), "cos": (sympy.cos, 1, 1), "tan": (sympy.tan, 1, 1),
    "asin": (sympy.asin, 1, 1), "acos": (sympy.acos, 1, 1), "atan": (sympy.atan, 1, 1),
    "sinh": (sympy.sinh, 1, 1), "cosh": (sympy.cosh, 1, 1), "tanh": (sympy.tanh, 1, 1),
    "erf": (sympy.erf, 1, 1), "sign": (sympy.sign, 1, 1),
    "floor": (sympy.floor, 1, 1), "ceiling": (sympy.ceiling, 1, 1), "ceil": (sympy.ceiling, 1, 1),
}
CONSTANTS = {"pi": sympy.pi, "E": sympy.E}

_BINARY = {ast.Add: sympy.Add, ast.Sub: lambda a, b: a - b, ast.Mult: sympy.Mul, ast.Div: lambda a, b: a / b}
_COMPARE = {ast.Lt: sympy.StrictLessThan, ast.LtE: sympy.LessThan, ast.Gt: sympy.StrictGreaterThan,
            ast.GtE: sympy.GreaterThan}
_DECIMAL = re.compile(r"(?:\d[\d_]*)?(?:\.[\d_]*)?(?:[eE]([+-]?\d+))?")
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_ALLOWED_CHARACTERS = frozenset(map(chr, range(32, 127))) | {"\t", "\n"}


def parse_expression(text: str, variables=None, what: str = "expression") -> sympy.Expr:
    """The sympy expression written in ``text``.

    Parameters
    ----------
    text : str
    variables : mapping ``name -> sympy.Symbol``, sequence of symbols, or None
        The names the expression may use.  None: any ASCII identifier that is not a function
        or constant name becomes a real symbol of that name.
    what : str
        How errors name the expression (``"target"``, ``"modulus"``, ``"checks[3].lhs"``).

    Raises
    ------
    InvalidArgument
        For anything outside the whitelist, naming the token and its column.
    BudgetExceeded
        For text, trees or powers beyond the size limits, naming the limit.

    Examples
    --------
    >>> parse_expression("sin(3*x1)*x2/2 + 0.25", variables=sympy.symbols("x1 x2"))
    x2*sin(3*x1)/2 + 1/4
    """
    if not isinstance(text, str):
        raise InvalidArgument(f"{what}={text!r} must be a string")
    tree = _syntax_tree(text, what)
    return _Reader(text, _variable_table(variables), what).expression(tree.body)


def parse_number(text: str, what: str = "number") -> sympy.Expr:
    """The exact real number written in ``text`` (``"3/40"``, ``"sqrt(2)/8"``, ``"2**(-10)"``).

    Raises
    ------
    InvalidArgument
        When the text is not such a number (as :func:`parse_expression`, and for a variable).
    BudgetExceeded
        As :func:`parse_expression`.
    """
    value = parse_expression(text, {}, what)
    if not value.is_number or value.is_real is False:
        raise InvalidArgument(f"{what}={text!r} is not a real number")
    return value


def _variable_table(variables):
    if variables is None:
        return None
    if isinstance(variables, dict):
        return dict(variables)
    return {str(s): s for s in variables}


def _syntax_tree(text: str, what: str) -> ast.Expression:
    if len(text) > MAX_LENGTH:
        raise BudgetExceeded(f"{what} is {len(text)} characters long; the limit is "
                             f"verinet.expressions.MAX_LENGTH = {MAX_LENGTH}")
    bad = next((i for i, ch in enumerate(text) if ch not in _ALLOWED_CHARACTERS), None)
    if bad is not None:
        raise InvalidArgument(f"{what}: character {text[bad]!r} at column {bad + 1} is not allowed "
                              "(expressions are printable ASCII)")
    if not text.strip():
        raise InvalidArgument(f"{what} is empty")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except RecursionError:
        raise BudgetExceeded(f"{what} is nested too deeply to read") from None
    except (SyntaxError, ValueError) as exc:
        reason = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        raise InvalidArgument(f"{what}={_short(text)!r} is not an expression ({reason})") from None
    _check_tree_size(tree, what)
    return tree


def _check_tree_size(tree, what: str) -> None:
    count, stack = 0, [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise BudgetExceeded(f"{what} has more than verinet.expressions.MAX_NODES = {MAX_NODES} syntax nodes")
        if depth > MAX_DEPTH:
            raise BudgetExceeded(f"{what} is nested deeper than verinet.expressions.MAX_DEPTH = {MAX_DEPTH}")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


class _Reader:
    """Translates a checked syntax tree into sympy, refusing every node off the whitelist."""

    def __init__(self, text: str, variables, what: str):
        self.text, self.variables, self.what = text.strip(), variables, what
        self.symbols = {}

    def refuse(self, node, reason: str, error=InvalidArgument):
        token = ast.get_source_segment(self.text, node) or type(node).__name__
        if len(token) > 40:
            token = token[:37] + "..."
        raise error(f"{self.what}: {token!r} at column {node.col_offset + 1}: {reason}")

    def expression(self, node):
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
            value = self.expression(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        return self.refuse(node, f"{_describe(node)} is not allowed")

    def constant(self, node):
        value = node.value
        if type(value) is int:
            return sympy.Integer(value)
        if type(value) is float:
            return self.decimal(node)
        return self.refuse(node, f"{type(value).__name__} literals are not allowed")

    def decimal(self, node):
        literal = ast.get_source_segment(self.text, node)
        match = _DECIMAL.fullmatch(literal or "")
        if not match:
            return self.refuse(node, "not a decimal number")
        if match.group(1) is not None and abs(int(match.group(1))) > MAX_EXPONENT:
            self.refuse(node, f"decimal exponent beyond verinet.expressions.MAX_EXPONENT = {MAX_EXPONENT}",
                        BudgetExceeded)
        q = Fraction(literal.replace("_", ""))
        return sympy.Rational(q.numerator, q.denominator)

    def name(self, node):
        name = node.id
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name in FUNCTIONS:
            return self.refuse(node, f"{name} is a function; call it as {name}(...)")
        if name.startswith("_") or not _IDENTIFIER.fullmatch(name):
            return self.refuse(node, "names beginning with '_' are not allowed")
        if self.variables is None:
            return self.symbols.setdefault(name, sympy.Symbol(name, real=True))
        if name not in self.variables:
            allowed = ", ".join(self.variables) or "none (a number is expected)"
            return self.refuse(node, f"unknown name; allowed variables: {allowed}")
        return self.variables[name]

    def binary(self, node):
        left, right = self.expression(node.left), self.expression(node.right)
        if isinstance(node.op, (ast.Pow, ast.BitXor)):
            return self.power(node, left, right)
        op = _BINARY.get(type(node.op))
        if op is None:
            return self.refuse(node, f"operator {type(node.op).__name__} is not allowed (use + - * / **)")
        if isinstance(node.op, ast.Div) and right == 0:
            return self.refuse(node, "division by zero")
        return op(left, right)

    def power(self, node, base, exponent):
        if exponent.is_number:
            if exponent.is_real is False or abs(exponent) > MAX_EXPONENT:
                self.refuse(node, f"exponent {_short(exponent)} is beyond verinet.expressions.MAX_EXPONENT = "
                                  f"{MAX_EXPONENT}", BudgetExceeded)
            if base.is_Rational and exponent.is_Integer:
                if base == 0 and exponent < 0:
                    return self.refuse(node, "division by zero")
                bits = abs(int(exponent)) * max(int(base.p).bit_length(), int(base.q).bit_length())
                if bits > MAX_POWER_BITS:
                    self.refuse(node, f"the power has about {bits} bits, beyond verinet.expressions.MAX_POWER_BITS = "
                                      f"{MAX_POWER_BITS}", BudgetExceeded)
        return sympy.Pow(base, exponent)

    def call(self, node):
        func = node.func
        if not isinstance(func, ast.Name):
            return self.refuse(func, "only the whitelisted functions can be called")
        if node.keywords:
            return self.refuse(node, "keyword arguments are not allowed")
        if any(isinstance(a, ast.Starred) for a in node.args):
            return self.refuse(node, "starred arguments are not allowed")
        if func.id == "Piecewise":
            return self.piecewise(node)
        if func.id not in FUNCTIONS:
            return self.refuse(func, "unknown function; allowed: " + ", ".join(sorted(FUNCTIONS)) + ", Piecewise")
        function, least, most = FUNCTIONS[func.id]
        if len(node.args) < least or most is not None and len(node.args) > most:
            arity = str(least) if least == most else f"{least} or more" if most is None else f"{least} to {most}"
            return self.refuse(node, f"{func.id} takes {arity} argument(s), got {len(node.args)}")
        return function(*(self.expression(a) for a in node.args))

    def piecewise(self, node):
        if not node.args:
            return self.refuse(node, "Piecewise needs (value, condition) pairs")
        pieces = []
        for arg in node.args:
            if not isinstance(arg, ast.Tuple) or len(arg.elts) != 2:
                return self.refuse(arg, "a Piecewise piece is a pair (value, condition)")
            value, condition = arg.elts
            pieces.append((self.expression(value), self.condition(condition)))
        if pieces[-1][1] is not sympy.true:
            return self.refuse(node.args[-1], "the last Piecewise piece must have the condition True")
        return sympy.Piecewise(*pieces)

    def condition(self, node):
        if isinstance(node, ast.Constant) and node.value is True:
            return sympy.true
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
            relation = _COMPARE[type(node.ops[0])]
            return relation(self.expression(node.left), self.expression(node.comparators[0]))
        return self.refuse(node, "a Piecewise condition is one comparison (<, <=, >, >=) or True")


def _describe(node) -> str:
    names = {ast.Attribute: "attribute access", ast.Subscript: "subscripting", ast.Lambda: "lambda",
             ast.Compare: "a comparison (only inside Piecewise)", ast.BoolOp: "and/or", ast.IfExp: "if-else",
             ast.NamedExpr: "assignment", ast.Tuple: "a tuple", ast.List: "a list", ast.Dict: "a dict",
             ast.Set: "a set", ast.JoinedStr: "an f-string", ast.Starred: "unpacking"}
    for kind, text in names.items():
        if isinstance(node, kind):
            return text
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        return "a comprehension"
    if isinstance(node, ast.UnaryOp):
        return f"operator {type(node.op).__name__}"
    return type(node).__name__


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else f"{text[:20]}...({len(text)} characters)"
