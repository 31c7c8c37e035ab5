"""How a failed command ends: one line on stderr and an exit code, never a bare traceback.

Exit codes: 0 a command that succeeded (a verdict that passes), 1 a verdict that fails, 2 a
fault in the input or the environment (every ``VerinetError``, every ``OSError``), 3 anything
else (a bug in verinet: the line asks for a report and points at ``--debug``, which shows the
traceback instead), 130 Ctrl-C.  A closed stdout (``verinet info x | head -0``) ends the
command silently.  Under ``--json`` a failure is also one JSON object on stdout:
``{"verdict": "error", "error": {"command", "kind", "message", "exit_code"}}``.
"""

import contextlib
import json
import os
import sys
import traceback

from ..errors import VerinetError

__all__ = ["USER_ERROR", "INTERNAL_ERROR", "INTERRUPTED", "writing", "os_error_message", "run_guarded"]

USER_ERROR = 2
INTERNAL_ERROR = 3
INTERRUPTED = 130  # 128 + SIGINT, as shells report it


@contextlib.contextmanager
def writing(path):
    """Attach ``path`` to an ``OSError`` raised while writing it (``close`` errors carry no name).

    Writing to ``/proc/version`` fails on ``close`` with ``EIO`` and ``filename=None``; inside
    ``with writing(path):`` that error names ``path`` and says it was a write.
    """
    try:
        yield
    except OSError as exc:
        if exc.filename is not None:
            raise
        raise OSError(exc.errno, f"cannot write ({exc.strerror or exc})", os.fspath(path)) from exc


def os_error_message(exc: OSError) -> str:
    """What failed and on which path, e.g. ``No such file or directory: /x/y``."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    paths = [p for p in (exc.filename, exc.filename2) if p is not None]
    return f"{reason}: {' -> '.join(map(str, paths))}" if paths else reason


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def run_guarded(command: str, body, debug: bool, as_json=lambda: False) -> int:
    """Run ``body()`` (which returns an exit code) and turn any failure into one stderr line
    (and, when ``as_json()`` is true at that moment, one JSON object on stdout).

    Returns
    -------
    int
        ``body()``'s code; 2 for a ``VerinetError``, ``OSError`` or ``MemoryError``; 3 for any other
        exception (with ``debug``: its traceback instead of the line); 0 for a closed stdout;
        130 for Ctrl-C.
    """
    prefix = f"verinet {command}" if command else "verinet"

    def report(kind: str, message: str, code: int) -> int:
        print(f"{prefix}: {kind}: {message}", file=sys.stderr)
        if as_json():
            error = {"command": command, "kind": kind, "message": message, "exit_code": code}
            with contextlib.suppress(OSError, ValueError):
                print(json.dumps({"verdict": "error", "error": error}), flush=True)
        return code

    try:
        return body()
    except BrokenPipeError:
        # The reader went away; Python would complain again while flushing stdout at exit.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return report("interrupted", "stopped by Ctrl-C", INTERRUPTED)
    except VerinetError as exc:
        return _user_error(report, str(exc), debug)
    except OSError as exc:
        return _user_error(report, os_error_message(exc), debug)
    except MemoryError:
        return _user_error(report, "out of memory: the problem is larger than this machine holds; lower its size "
                                   "or the budget flags (--max-pieces, --max-regions, --max-parameters)", debug)
    except Exception as exc:
        if debug:
            traceback.print_exc()
            return INTERNAL_ERROR
        message = _one_line(exc) or "(no message)"
        return report("internal error", f"{type(exc).__name__}: {message}; please report (run with --debug for the "
                                        "traceback)", INTERNAL_ERROR)


def _user_error(report, message: str, debug: bool) -> int:
    """Called while the error is handled, so ``--debug`` can print its traceback first."""
    if debug:
        traceback.print_exc()
    return report("error", _one_line(message), USER_ERROR)
