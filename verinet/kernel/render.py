"""The kernel's report as text: one line per check, then the problems and the verdict."""

__all__ = ["render"]


def render(report: dict) -> str:
    lines = [f"certificate: {report.get('certificate', '-')} ({report['format']}, {report['theorem']})"]
    for row in report["checks"]:
        note = row["note"]
        lines.append(f"  {row['status']:<17} {row['name']}" + (f"  -- {note}" if note else ""))
    for row in report.get("smt", []):
        lines.append(f"  smt {row['status']:<13} {row['claim']}" + (f"  -- {row['note']}" if row["note"] else ""))
    lines += [f"problem: {p}" for p in report["problems"]]
    counts = ", ".join(f"{v} {k}" for k, v in sorted(report["counts"].items()))
    lines.append(f"verdict: {report['verdict']} (stated {report['stated_verdict']}; {counts})")
    return "\n".join(lines)
