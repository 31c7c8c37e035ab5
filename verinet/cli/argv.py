"""Command-line tokens for argparse: negative numbers as option values, ASCII integers.

argparse reads a token that starts with ``-`` as an option unless it looks like ``-1`` or
``-.5``, so ``verinet eval sq.json --at -1/2``, ``verinet analyze sq.json --interval -1,1``
and ``--target -x**2`` would fail with "expected one argument".  verinet's short options
are one letter (``-o``, ``-h``) and its long ones start with ``--``, so a token after a long
option that starts with one ``-`` and is not ``-`` plus a single letter is that option's
value (``-x`` alone still reads as an option: write ``--target=-x``).
:func:`negative_values_joined` writes such a pair ``--at=-1/2``, which argparse reads as the
value (and the option's own parser then says what is wrong with it, if anything).
"""

import argparse
import re

from ..errors import InvalidArgument
from ..numbers import parse_integer

__all__ = ["negative_values_joined", "integer"]

_VALUE_LIKE = re.compile(r"-(?:[^-A-Za-z]|[A-Za-z].)")  # not "--...", not a short option "-o"


def negative_values_joined(argv) -> list:
    """``argv`` with every ``--option -value`` pair written ``--option=-value`` (up to ``--``).

    Examples
    --------
    >>> negative_values_joined(["eval", "sq.json", "--at", "-1/2", "--at", "1/3"])
    ['eval', 'sq.json', '--at=-1/2', '--at', '1/3']
    >>> negative_values_joined(["--interval", "-1,1", "--target", "-x**2", "--json", "-o", "out.json"])
    ['--interval=-1,1', '--target=-x**2', '--json', '-o', 'out.json']
    >>> negative_values_joined(["--", "--x", "-2"])
    ['--', '--x', '-2']
    """
    tokens = list(argv)
    out = []
    for i, token in enumerate(tokens):
        if token == "--":
            return out + tokens[i:]
        previous = out[-1] if out else ""
        if _VALUE_LIKE.match(token) and previous.startswith("--") and "=" not in previous:
            out[-1] = f"{previous}={token}"
        else:
            out.append(token)
    return out


def integer(text: str) -> int:
    """argparse ``type`` of integer options: ASCII digits only (``int('٣')`` would be 3).

    Examples
    --------
    >>> integer("-3")
    -3
    """
    try:
        return parse_integer(text, "value")
    except InvalidArgument as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
