"""Where a command's file goes: a path, or ``-`` for stdout.

With ``-o -`` the file's text is the command's standard output, so the report that the
command would print moves to stderr (:func:`verinet.cli.main.main` reads the result's
``"written"`` field): ``verinet build sawtooth --m 3 -o - | verinet info /dev/stdin`` works.
"""

import sys

from ..errors import InvalidArgument
from .failures import writing

__all__ = ["STDOUT", "write_output", "refuse_stdout"]

STDOUT = "-"


def write_output(path, text: str) -> None:
    """Write ``text`` to ``path`` (ASCII-safe newline ``\\n`` files), or to stdout when ``path`` is ``-``."""
    if path == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with writing(path), open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def refuse_stdout(path, what: str) -> None:
    """Binary outputs (ONNX, torch, safetensors) are not written to a terminal stream."""
    if path == STDOUT:
        raise InvalidArgument(f"{what} is a binary file; give a file name to -o, not '-'")
