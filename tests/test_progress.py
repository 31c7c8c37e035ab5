"""Progress (issue 20, point 4): the library reports stages and counts to listeners; the CLI
shows a bar on a terminal, lines with --verbose, nothing when piped, with --json or --quiet."""

import sys

from verinet import progress
from verinet.analysis.budget import Budget
from verinet.cli import progress_display
from verinet.cli.main import main


class Recorder(progress.Listener):
    def __init__(self):
        self.events = []

    def begin(self, name):
        self.events.append(("begin", name))

    def end(self, name):
        self.events.append(("end", name))

    def count(self, what, done, total):
        self.events.append(("count", what, done, total))


def test_a_theorem_check_reports_each_timed_step_as_a_stage():
    import verinet

    with progress.listening(Recorder()) as heard:
        verinet.verify("syz22-a1", d=1, n=2, f="x1/2", lipschitz="1/2")
    begun = [e[1] for e in heard.events if e[0] == "begin"]
    ended = [e[1] for e in heard.events if e[0] == "end"]
    assert any(name.endswith(": error_off_trifling") for name in begun) and sorted(begun) == sorted(ended)
    assert any(e[0] == "count" and e[1] == "pieces" for e in heard.events)


def test_budgets_report_their_counts_and_nobody_listens_by_default():
    with progress.listening(Recorder()) as heard:
        Budget(pieces=10, regions=5).charge_pieces(3)
        Budget(regions=5).charge_regions(2)
    assert heard.events == [("count", "pieces", 3, 10), ("count", "regions", 2, 5)]
    assert progress._LISTENERS == []


def test_verbose_prints_stage_lines_and_plain_runs_print_nothing_extra(capsys):
    assert main(["-v", "verify", "syz22-a1"]) == 0
    err = capsys.readouterr().err
    assert "verinet verify: Shen-Yang-Zhang 2022, Theorem A.1: sizes: " in err and " s" in err
    assert main(["verify", "syz22-a1"]) == 0
    assert capsys.readouterr().err == ""


def test_quiet_prints_only_the_verdict(capsys):
    assert main(["-q", "verify", "syz22-a1"]) == 0
    assert capsys.readouterr().out == "verdict: pass\n"


def test_a_terminal_gets_the_bar_and_json_never(monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with progress_display.showing_progress("verify", as_json=False, quiet=False, verbose=False):
        assert len(progress._LISTENERS) == 1 and type(progress._LISTENERS[0]).__name__ == "_Bar"
        with progress.stage("demo"):
            progress.count("pieces", 3, 8)
    with progress_display.showing_progress("verify", as_json=True, quiet=False, verbose=False):
        assert progress._LISTENERS == []


def test_a_deadline_stops_a_check_at_the_next_stage_naming_the_flag():
    import pytest

    import verinet
    from verinet.errors import BudgetExceeded

    with pytest.raises(BudgetExceeded, match=r"time budget of 0 s exceeded at the start of .*: phi1_cubes; raise it "
                                             r"with --seconds N"):
        with progress.listening(progress.Deadline(0)):
            verinet.verify("syz22-a1", d=1, n=2, f="x1/2", lipschitz="1/2")
    assert progress._LISTENERS == []


def test_verify_seconds_must_be_positive(capsys):
    assert main(["verify", "syz22-a1", "--seconds", "0"]) == 2
    assert "--seconds=0 must be >= 1" in capsys.readouterr().err
