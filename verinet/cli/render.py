"""Turn a command's JSON-ready result into text for a person, or into JSON.

Text: ``key: value`` lines, nested records indented, lists of records as tables (rich, folded
to the terminal's width; 160 columns when piped), long lists shortened with a count, a long
exact number followed by a labelled approximation ``(~1.04618e169)``, and the verdict last.
JSON: everything, exact numbers as strings, never shortened.
"""

import io
import json
import re
import shutil
import sys

__all__ = ["render_text", "render_json", "jsonable", "HUGE_INT_BITS", "TEXT_LIST_ITEMS", "LONG_NUMBER"]

# Python refuses str() of an int past sys.get_int_max_str_digits() decimal digits (4300 by
# default).  A report names such an integer by its size: 2^10000 has 3011 digits, under it.
HUGE_INT_BITS = 10_000

# Text output shows this many entries of a long list and says how many more there are;
# JSON output is never shortened.
TEXT_LIST_ITEMS = 20

# An exact number of more characters than this is followed by its approximation in text output.
LONG_NUMBER = 24
_RATIONAL = re.compile(r"-?[0-9]+(/[0-9]+)?")


def _huge_int(n: int) -> str:
    """``'<integer of 100001 bits>'`` (with a sign when negative)."""
    return f"<{'negative ' if n < 0 else ''}integer of {abs(n).bit_length()} bits>"


def jsonable(value):
    """Exact numbers become strings ('p/q'); containers are converted recursively.

    An ``int`` of more than ``HUGE_INT_BITS`` bits becomes ``'<integer of B bits>'``.
    """
    if isinstance(value, int) and not isinstance(value, bool) and abs(value).bit_length() > HUGE_INT_BITS:
        return _huge_int(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def render_json(result: dict) -> str:
    return json.dumps(jsonable(result), indent=2)


def _width() -> int:
    return shutil.get_terminal_size((160, 24)).columns if sys.stdout.isatty() else 160


def _table(rows: list, indent: str) -> list:
    """Rows of records as a rich table (numbers right-aligned), folded to the output width."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    keys = list(dict.fromkeys(k for r in rows for k in r))
    cells = [[_cell(r.get(k)) for k in keys] for r in rows]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for i, key in enumerate(keys):
        numeric = all(_is_number(row[i]) or row[i] == "-" for row in cells)
        longest = max([len(str(key))] + [len(row[i]) for row in cells])
        # short columns (names, numbers) never wrap; long text folds to the width
        table.add_column(str(key), justify="right" if numeric else "left", overflow="fold", no_wrap=longest <= 32,
                         min_width=min(longest, 32))
    for row in cells:
        table.add_row(*row)
    out = io.StringIO()
    Console(file=out, width=max(40, _width() - len(indent)), color_system=None, highlight=False).print(table)
    return [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]


def _cell(value) -> str:
    """A table cell: ``-`` for no value (JSON ``null``), else the value as text."""
    return "-" if value is None else _readable(value)


def _is_number(text: str) -> bool:
    return text.lstrip("-").replace("/", "", 1).isdigit()


def _readable(value) -> str:
    """``jsonable(value)`` as text (records ``k: v, ...``, lists ``(a, b)``); a long exact number
    gets its labelled approximation."""
    value = jsonable(value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_readable(v)}" for k, v in value.items()) or "-"
    if isinstance(value, list):
        return "(" + ", ".join(_readable(v) for v in value) + ")"
    text = str(value)
    if len(text) > LONG_NUMBER and _RATIONAL.fullmatch(text):
        from ..numbers import scientific

        return f"{text} (~{scientific(text)})"
    return text


def render_text(result: dict, indent: str = "") -> str:
    """Key: value lines; nested dicts indented; lists of dicts as tables; the verdict last."""
    lines = []
    if "verdict" in result:
        result = {**{k: v for k, v in result.items() if k != "verdict"}, "verdict": result["verdict"]}
    for key, value in result.items():
        if isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines.append(render_text(value, indent + "  "))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            lines.append(f"{indent}{key}:")
            lines.extend(indent + "  " + line for line in _table(value, indent + "  "))
        elif isinstance(value, (list, tuple)):
            shown = ", ".join(_readable(v) for v in value[:TEXT_LIST_ITEMS])
            more = len(value) - TEXT_LIST_ITEMS
            lines.append(f"{indent}{key}: {shown}" + (f", ... ({more} more; --json shows all)" if more > 0 else ""))
        else:
            lines.append(f"{indent}{key}: {_readable(value)}")
    return "\n".join(line for line in lines if line)
