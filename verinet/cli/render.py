"""Turn a command's JSON-ready result into text for a person, or into JSON."""

import json

__all__ = ["render_text", "render_json", "jsonable", "HUGE_INT_BITS", "TEXT_LIST_ITEMS"]

# Python refuses str() of an int past sys.get_int_max_str_digits() decimal digits (4300 by
# default).  A report names such an integer by its size: 2^10000 has 3011 digits, under it.
HUGE_INT_BITS = 10_000

# Text output shows this many entries of a long list and says how many more there are;
# JSON output is never shortened.
TEXT_LIST_ITEMS = 20


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


def _table(rows: list) -> list:
    keys = list(rows[0])
    cells = [[str(k) for k in keys]] + [[_cell(r.get(k, "")) for k in keys] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(keys))]
    numeric = [all(_is_number(row[i]) for row in cells[1:]) for i in range(len(keys))]
    return [
        "  ".join((c.rjust(w) if num else c.ljust(w)) for c, w, num in zip(row, widths, numeric)).rstrip()
        for row in cells
    ]


def _cell(value) -> str:
    """A table cell: ``-`` for no value (JSON ``null``), else the value as text."""
    return "-" if value is None else str(jsonable(value))


def _is_number(text: str) -> bool:
    return text.lstrip("-").replace("/", "", 1).isdigit()


def render_text(result: dict, indent: str = "") -> str:
    """Key: value lines; nested dicts indented; lists of dicts as aligned tables."""
    lines = []
    for key, value in result.items():
        if isinstance(value, dict):
            lines.append(f"{indent}{key}:")
            lines.append(render_text(value, indent + "  "))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            lines.append(f"{indent}{key}:")
            lines.extend(indent + "  " + line for line in _table(value))
        elif isinstance(value, (list, tuple)):
            shown = ", ".join(str(jsonable(v)) for v in value[:TEXT_LIST_ITEMS])
            more = len(value) - TEXT_LIST_ITEMS
            lines.append(f"{indent}{key}: {shown}" + (f", ... ({more} more; --json shows all)" if more > 0 else ""))
        else:
            lines.append(f"{indent}{key}: {jsonable(value)}")
    return "\n".join(line for line in lines if line)
