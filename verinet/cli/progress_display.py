"""How the CLI shows :mod:`verinet.progress`: a rich progress bar on a terminal, plain lines
with ``--verbose``, nothing otherwise (piped output, ``--json``, ``--quiet``)."""

import sys
import time
from contextlib import contextmanager, nullcontext

from .. import progress

__all__ = ["showing_progress"]


class _Bar(progress.Listener):
    """One rich status line: the current stage, its elapsed time and the last count."""

    def __init__(self, prefix: str):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.prefix = prefix
        self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=Console(file=sys.stderr), transient=True)
        self.task = self.bar.add_task(prefix, total=None)

    def begin(self, name: str) -> None:
        self.bar.update(self.task, description=f"{self.prefix}: {name}", completed=0, total=None)

    def count(self, what: str, done: int, total) -> None:
        self.bar.update(self.task, completed=done, total=total)


class _Lines(progress.Listener):
    """``--verbose``: one stderr line per stage as it ends, with its seconds and last count."""

    def __init__(self, prefix: str):
        self.prefix, self.started, self.counted = prefix, {}, {}

    def begin(self, name: str) -> None:
        self.started[name] = time.perf_counter()
        self.counted.pop(name, None)

    def count(self, what: str, done: int, total) -> None:
        for name in self.started:
            self.counted[name] = f"{done} {what}" + (f" of at most {total}" if total is not None else "")

    def end(self, name: str) -> None:
        seconds = time.perf_counter() - self.started.pop(name, time.perf_counter())
        counted = self.counted.pop(name, None)
        print(f"{self.prefix}: {name}: {seconds:.2f} s" + (f", {counted}" if counted else ""), file=sys.stderr,
              flush=True)


@contextmanager
def showing_progress(command: str, as_json: bool, quiet: bool, verbose: bool):
    """Listen to the library's progress for the duration of one command."""
    prefix = f"verinet {command}"
    if quiet or (as_json and not verbose):
        listener = None
    elif verbose:
        listener = _Lines(prefix)
    elif sys.stderr.isatty():
        listener = _Bar(prefix)
    else:
        listener = None
    if listener is None:
        with nullcontext():
            yield
        return
    bar = listener.bar if isinstance(listener, _Bar) else nullcontext()
    with bar, progress.listening(listener):
        yield
