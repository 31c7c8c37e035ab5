"""Shared report printing for the proof scripts: one line per checked step, then the verdict."""

__all__ = ["Report"]


class Report:
    """Collects ``(step, holds, detail)`` lines; ``holds`` is a bool computed exactly."""

    def __init__(self, statement: str):
        self.statement = statement
        self.steps = []

    def check(self, step: str, holds: bool, detail: str = "") -> bool:
        self.steps.append((step, bool(holds), detail))
        return holds

    @property
    def verdict(self) -> bool:
        return all(holds for _, holds, _ in self.steps)

    def as_dict(self) -> dict:
        return {
            "statement": self.statement,
            "checked": [{"step": s, "holds": h, "detail": d} for s, h, d in self.steps],
            "verdict": "holds" if self.verdict else "FAILS",
        }

    def print(self) -> None:
        print(self.statement)
        for step, holds, detail in self.steps:
            print(f"  [{'ok' if holds else 'FAIL'}] {step}" + (f": {detail}" if detail else ""))
        print("verdict:", "holds" if self.verdict else "FAILS")
