"""Reading a certificate file strictly and within limits: the kernel's only contact with the file.

A hostile file is refused with a :class:`~verinet.errors.FileFormatError` naming the limit or
the field, before anything large is built: the size of the file, the nesting depth of its
JSON, the digits of a JSON integer, floats (a certificate holds none), repeated keys, the
characters of one exact number.  Numbers written as strings are read by
:func:`rational` (``"p/q"`` only; network weights, points) or by the safe parser
:func:`verinet.expressions.parse_number` (quantities that may be irrational, ``"sqrt(2)/8"``).
"""

import json
import re

from .._backend import MPQ
from ..errors import BudgetExceeded, FileFormatError, InvalidArgument
from ..expressions import parse_expression, parse_number
from ..json_objects import unique_keys

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_INT_DIGITS", "MAX_RATIONAL_CHARS", "read_json", "parse_json", "get",
           "rational", "number", "expression"]

MAX_BYTES = 64 * 2**20  # the largest certificate file read
MAX_DEPTH = 64  # nesting of JSON arrays and objects
MAX_INT_DIGITS = 64  # a JSON integer (counts, indices, dimensions)
MAX_RATIONAL_CHARS = 200_000  # one "p/q" string

_RATIONAL = re.compile(r"-?[0-9]+(/[0-9]+)?")
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")


def read_json(path, max_bytes: int = MAX_BYTES):
    """The JSON value in the file at ``path``, refusing one over ``max_bytes`` without reading past it."""
    with open(path, "rb") as fh:
        raw = fh.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise FileFormatError(f"{path}: larger than {max_bytes} bytes (the kernel's limit; raise it with "
                              "verinet --max-file-bytes N, or max_bytes= in Python)")
    try:
        return parse_json(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"{path}: not UTF-8 text (byte offset {exc.start})") from None
    except FileFormatError as exc:
        raise FileFormatError(f"{path}: {exc}") from None


def parse_json(text: str):
    """``json.loads`` with the limits above; nesting is measured before the parser recurses."""
    depth = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_DEPTH:
            raise FileFormatError(f"JSON nested deeper than {MAX_DEPTH} levels (verinet.kernel.read.MAX_DEPTH)")
    try:
        data = json.loads(text, object_pairs_hook=unique_keys, parse_float=_Float, parse_int=_int,
                          parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"not JSON ({exc})") from None
    _no_floats(data, "certificate")
    return data


class _Float(str):
    """A JSON float, allowed only inside ``informational`` (timings), which the kernel ignores."""


def _no_floats(value, where: str) -> None:
    stack = [(value, where)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, _Float):
            raise FileFormatError(f"{where}={value[:40]} is a float: a certificate holds exact values as strings")
        if isinstance(value, dict):
            stack += [(v, f"{where}.{k}") for k, v in value.items() if (where, k) != ("certificate", "informational")]
        elif isinstance(value, list):
            stack += [(v, f"{where}[{i}]") for i, v in enumerate(value)]


def _no_constant(text):
    raise FileFormatError(f"the JSON constant {text} is not a number a certificate can hold")


def _int(text):
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise FileFormatError(f"a JSON integer of {len(text)} digits (limit {MAX_INT_DIGITS}); exact numbers are strings")
    return int(text)


def get(obj, key, kind, where: str):
    """``obj[key]``, which must be of JSON type ``kind`` (``bool`` is not an ``int``)."""
    if not isinstance(obj, dict):
        raise FileFormatError(f"{where} is a {type(obj).__name__}, expected an object")
    if key not in obj:
        raise FileFormatError(f"{where}: field {key!r} is missing")
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise FileFormatError(f"{where}.{key}={_short(value)} is a {type(value).__name__}, expected {kind.__name__}")
    return value


def rational(text, where: str) -> MPQ:
    """The rational written ``"p"`` or ``"p/q"`` (lowest terms not required; ``q > 0``), or a JSON integer."""
    if isinstance(text, int) and not isinstance(text, bool):
        return MPQ(text)
    if not isinstance(text, str) or len(text) > MAX_RATIONAL_CHARS or not _RATIONAL.fullmatch(text):
        raise FileFormatError(f"{where}={_short(text)} is not an exact rational 'p/q' "
                              f"(at most {MAX_RATIONAL_CHARS} characters)")
    num, _, den = text.partition("/")
    if den and int(den) == 0:
        raise FileFormatError(f"{where}={_short(text)} has denominator 0")
    return MPQ(int(num), int(den) if den else 1)


def number(text, where: str):
    """The exact real number a string names (safe parser), or None when it names no number."""
    if not isinstance(text, str):
        raise FileFormatError(f"{where}={_short(text)} is a {type(text).__name__}, expected a string")
    try:
        return parse_number(text, where)
    except BudgetExceeded as exc:
        raise FileFormatError(str(exc)) from None
    except InvalidArgument:
        return None


def expression(text, variables: dict, where: str):
    """A formula of the evidence over the named variables (safe parser), substituted."""
    if not isinstance(text, str):
        raise FileFormatError(f"{where}={_short(text)} is not a formula string")
    try:
        return parse_expression(text, variables, where)
    except (BudgetExceeded, InvalidArgument) as exc:
        raise FileFormatError(str(exc)) from None


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
