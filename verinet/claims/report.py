"""A certificate as a page a person reads: Markdown or one self-contained HTML file.

The page gives the statement, the instance, every check (its claim, the exact numbers
compared, the verdict of the comparison and its witness), the size table, what was not
checked and the hypotheses the verdict rests on; the verdict comes last.  Everything a
certificate holds is data: each string is escaped (HTML) or fenced (Markdown), so a hostile
certificate renders as text.  Long exact numbers are shortened for reading, with their length
and a decimal approximation labelled as such (``~``); the certificate itself keeps them whole.
"""

import html
from pathlib import Path

from ..numbers import as_rational, scientific
from ..errors import InvalidArgument, VerinetError

__all__ = ["render_markdown", "render_html", "write_report", "REPORT_SUFFIXES"]

REPORT_SUFFIXES = (".html", ".md")
_LONG = 40  # characters of an exact number shown before it is shortened

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.92rem; }
th, td { border: 1px solid #d0d0d0; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
tr.fail td { background: #fde8e8; }
.verdict { font-size: 1.4rem; padding: 0.6rem 1rem; border-radius: 0.3rem; display: inline-block; }
.pass { background: #e3f6e5; color: #0b5d1e; } .failed { background: #fde8e8; color: #8a1111; }
code { font-family: ui-monospace, monospace; word-break: break-all; }
"""


def _number(text) -> str:
    """An exact number for reading: whole when short, else its ends, length and ``~`` decimal."""
    text = str(text)
    if len(text) <= _LONG:
        return text
    try:
        approx = f", ~{scientific(as_rational(text))}"
    except VerinetError:
        approx = ""
    return f"{text[:16]}...{text[-16:]} ({len(text)} chars{approx})"


def _text(value) -> str:
    """A JSON value of the certificate (strings, numbers, lists, dicts) as reading text."""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "(" + ", ".join(_text(v) for v in value) + ")"
    return _number(value)


def _rows(data) -> list:
    return [{"check": c["name"], "claim": c["claim"], "lhs": _number(c["lhs"]), "relation": c["relation"],
             "rhs": _number(c["rhs"]), "holds": "yes" if c["holds"] else "NO",
             "witness": ", ".join(f"{k} = {_text(v)}" for k, v in (c["witness"] or {}).items())}
            for c in data["checks"]]


def _size_rows(data) -> list:
    return [{"network": name, **{k: _text(v) for k, v in metrics.items()}} for name, metrics in data["sizes"].items()
            if isinstance(metrics, dict)]


def render_markdown(cert) -> str:
    """The certificate as Markdown (tables of checks and sizes; the verdict last)."""
    def table(rows):
        if not rows:
            return ["(none)"]
        keys = list(rows[0])
        cell = lambda v: str(v).replace("|", "\\|").replace("\n", " ")  # noqa: E731
        return ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)] + [
            "| " + " | ".join(cell(r.get(k, "")) for k in keys) + " |" for r in rows]

    data = cert.to_dict()
    lines = [f"# {cert.theorem}", "", f"> {cert.statement}", "", "## Instance", ""]
    lines += [f"- `{k}` = `{_text(v)}`" for k, v in data["instance"].items()] or ["(none)"]
    lines += ["", "## Checks", ""] + table(_rows(data))
    lines += ["", "## Sizes", ""] + table(_size_rows(data))
    lines += ["", "## Not checked", ""] + ([f"- {n}" for n in cert.not_checked] or ["(nothing)"])
    if cert.assumptions:
        lines += ["", "## Assumptions the verdict rests on", ""] + [f"- {a}" for a in cert.assumptions]
    failed = len(cert.failures())
    lines += ["", f"**Verdict: {cert.verdict_text}** ({len(cert.checks) - failed} of {len(cert.checks)} checks hold)", ""]
    return "\n".join(lines)


def render_html(cert) -> str:
    """The certificate as one self-contained HTML page (inline CSS, no scripts, no external files)."""
    esc = html.escape

    def table(rows, failing=None):
        if not rows:
            return "<p>(none)</p>"
        keys = list(rows[0])
        head = "".join(f"<th>{esc(k)}</th>" for k in keys)
        def cells(r):
            return "".join(f"<td><code>{esc(str(r.get(k, '')))}</code></td>" if k in ("lhs", "rhs", "witness")
                           else f"<td>{esc(str(r.get(k, '')))}</td>" for k in keys)

        fail_row = '<tr class="fail">'
        body = "".join((fail_row if failing and failing(r) else "<tr>") + cells(r) + "</tr>" for r in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    data = cert.to_dict()
    instance = "".join(f"<li><code>{esc(str(k))}</code> = <code>{esc(_text(v))}</code></li>"
                       for k, v in data["instance"].items())
    not_checked = "".join(f"<li>{esc(n)}</li>" for n in cert.not_checked) or "<li>(nothing)</li>"
    assumptions = ("<h2>Assumptions the verdict rests on</h2><ul>" + "".join(f"<li>{esc(a)}</li>" for a in cert.assumptions)
                   + "</ul>") if cert.assumptions else ""
    failed = len(cert.failures())
    verdict_class = "pass" if cert.verdict == "pass" else "failed"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>verinet: {esc(cert.theorem)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{esc(cert.theorem)}</h1><blockquote>{esc(cert.statement)}</blockquote>"
        f"<h2>Instance</h2><ul>{instance or '<li>(none)</li>'}</ul>"
        f"<h2>Checks</h2>{table(_rows(data), lambda r: r['holds'] != 'yes')}"
        f"<h2>Sizes</h2>{table(_size_rows(data))}"
        f"<h2>Not checked</h2><ul>{not_checked}</ul>{assumptions}"
        f"<p class=\"verdict {verdict_class}\" id=\"verdict\">Verdict: {esc(cert.verdict_text)} "
        f"({len(cert.checks) - failed} of {len(cert.checks)} checks hold)</p>"
        "</body></html>\n"
    )


def write_report(cert, path) -> str:
    """Write the report of ``cert`` to ``path``, HTML or Markdown by its suffix; return the path.

    Raises
    ------
    InvalidArgument
        For a suffix other than ``.html`` or ``.md``.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise InvalidArgument(f"--report {path}: the file name must end in .html or .md")
    text = render_html(cert) if suffix == ".html" else render_markdown(cert)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return str(path)
