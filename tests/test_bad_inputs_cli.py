"""Bad inputs to the ``verinet`` command line end in one line on stderr, never a traceback.

Issue 21, part 5 (and part 4 for ``build``): a ``VerinetError`` or an OS error is one line
naming the fault with exit code 2; any other exception is "internal error ... please report"
with exit code 3; ``--debug`` shows the traceback; a closed stdout is a silent exit.  Each
row of ``CASES`` runs in-process through ``verinet.cli.main.main``; ``test_subprocess_*``
run the installed module as a process (exit 3, ``--debug``, a closed pipe).

Totals: 69 cases: 54 rows of ``CASES`` (51 clean errors with exit 2, 3 right answers with
exit 0), the file-size flag (2 cases), out of memory and the default piece budget (2), bounded peak memory over all
rows in one process (1), 5 more in-process checks (huge integers in a report, the tent-iterate report, two
internal errors with exit 3, Ctrl-C with exit 130) and 5 subprocess cases (an internal error with and without
``--debug``, ``--debug`` on a clean error, a clean error, a closed stdout).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from verinet import io
from verinet.cli import network_commands
from verinet.cli.main import main
from verinet.cli.render import jsonable, render_text
from verinet.constructions.sawtooth import yarotsky_square

ROOT = Path(__file__).resolve().parent.parent
UNBOUNDED = "the theorems need f continuous, hence bounded, on [0, 1]^d"


def _fixtures(tmp: Path) -> dict:
    """Files the argv templates name: ``{sq}`` a sawtooth m = 2 network, ``{empty_onnx}`` ..."""
    io.save(yarotsky_square(2).network, tmp / "sq.json")
    (tmp / "empty.onnx").write_bytes(b"")
    return {"sq": str(tmp / "sq.json"), "tmp": str(tmp), "empty_onnx": str(tmp / "empty.onnx")}


# (id, argv template, expected exit code, a fragment the stderr line must contain)
CASES = [
    # analyze: a target with no finite enclosure on a cell is named with the cell
    ("analyze-sqrt", "analyze {sq} --interval 0,1 --target sqrt(x)", 2, "sqrt(x) has no finite ball enclosure"),
    ("analyze-reciprocal", "analyze {sq} --interval 0,1 --target 1/x", 2, "1/x has no finite ball enclosure"),
    ("analyze-log", "analyze {sq} --interval 0,1 --target log(x)", 2, "log(x) has no finite ball enclosure"),
    ("analyze-sqrt-json", "--json analyze {sq} --interval 0,1 --target sqrt(x)", 2, "no finite ball enclosure"),
    ("analyze-sqrt-ok", "analyze {sq} --interval 1/4,1 --target sqrt(x)", 0, ""),
    # verify: parameters out of range, grids too large, targets undefined on the cube
    ("verify-negative-n", "verify 2.2 --n -1", 2, "n=-1 must be >= 1"),
    ("verify-huge-n", "verify 2.2 --n 1000", 2, "2^1000 cubes (K = 2^1000, d = 1); the limit is verinet.claims.grid.MAX_CUBES"),
    ("verify-n-17", "verify 2.2 --n 17", 2, "K^d >= 2^17 cubes"),
    ("verify-d3-n6", "verify 2.2 --d 3 --n 6", 2, "K^d >= 2^18 cubes (K = 64, d = 3)"),
    ("verify-tiny-eps", "verify 2.3 --eps 1e-100", 2, "the limit is verinet.claims.grid.MAX_CUBES"),
    ("verify-reciprocal", "verify 2.1 --d 1 --n 2 --f 1/x1 --lipschitz 1", 2,
     "the target f = 1/x1 is undefined at x = (0) (1/x1 divides by zero"),
    ("verify-inverse-square", "verify 2.1 --d 1 --n 2 --f x1**(-2) --lipschitz 1", 2, "is undefined at x = (0)"),
    ("verify-ratio", "verify 2.1 --d 2 --n 1 --f x1/x2 --lipschitz 1", 2, "is undefined at x = (0, 0)"),
    ("verify-log", "verify 2.1 --d 1 --n 2 --f log(x1) --lipschitz 1", 2, "log(x1) has no finite value at x = (0)"),
    ("verify-unknown", "verify 9.9", 2, "9.9"),
    ("verify-unwritable", "verify 2.1 --d 1 --n 2 --f x1 --lipschitz 1 -o /proc/version", 2,
     "cannot write (Input/output error): /proc/version"),
    ("verify-no-dir", "verify 2.1 --d 1 --n 2 --f x1 --lipschitz 1 -o {tmp}/no/cert.json", 2,
     "No such file or directory: {tmp}/no/cert.json"),
    # OS errors name what failed and the path
    ("build-proc-version", "build sawtooth --m 2 -o /proc/version", 2, "cannot write (Input/output error): /proc/version"),
    ("build-no-dir", "build sawtooth --m 2 -o {tmp}/no/dir.json", 2, "No such file or directory: {tmp}/no/dir.json"),
    ("build-to-directory", "build sawtooth --m 2 -o {tmp}", 2, "Is a directory: {tmp}"),
    ("info-missing", "info {tmp}/absent.json", 2, "No such file or directory: {tmp}/absent.json"),
    ("info-directory", "info {tmp}", 2, "Is a directory: {tmp}"),
    ("eval-missing", "eval {tmp}/absent.json --at 1", 2, "No such file or directory: {tmp}/absent.json"),
    ("import-empty-onnx", "import {empty_onnx} -o {tmp}/e.json", 2, "the ONNX model has ir_version 0"),
    # build: estimates refuse what would abort inside GNU MP or not end
    ("sawtooth-million", "build sawtooth --m 1000000", 2, "sawtooth would have up to 11999998 parameters"),
    ("sawtooth-10^23", "build sawtooth --m 100000000000000000000000", 2, "up to about 2^79 parameters"),
    ("sawtooth-weight-bits", "build sawtooth --m 20000", 2, "up to 40002 bits in its largest weight"),
    ("square-wide", "build square --N 100000 --L 3", 2, "square would have up to 180001500001 parameters"),
    ("tent-iterate-deep", "build tent-iterate --k 2000000", 2, "--max-parameters N"),
    ("tent-iterate-layers", "build tent-iterate --k 2000000 --max-parameters 100000000", 2,
     "up to 2000000 layers (estimated from its parameters), over the limit 1000000; raise it with --max-layers N"),
    ("unpacking-huge", "build unpacking --m 1000000 --values 1/2", 2, "more than 2^4096 parameters"),
    ("phi1-huge", "build syz22-phi1 --d 1000 --n 1000", 2, "more than 2^4096 parameters"),
    ("power-map-wide", "build power-map --J 100000", 2, "power-map would have up to"),
    ("mid-repair-d40", "build mid-repair --K 2 --delta 1/8 --d 40", 2, "mid-repair would have up to about 2^"),
    ("cube-index-huge", "build cube-index --K 1000 --d 1000 --delta 1/3001", 2, "more than 2^4096 parameters"),
    ("monomial-big", "build monomial --alpha 100,100 --N 1000 --L 1000", 2, "monomial would have up to"),
    ("polynomial-big", "build polynomial --coefficients 1,2,3 --N 100000 --L 100", 2, "polynomial would have up to"),
    ("product-many-big", "build product-many --N 10 --L 10 --k 1000", 2, "product-many would have up to"),
    ("fitted-step-wide", "build fitted-step --N 10000000 --L 1 --d 2 --delta 1/100", 2, "fitted-step would have up to"),
    ("zigzag-big", "build zigzag-square --n 100000 --L 1000", 2, "zigzag-square would have up to"),
    ("sawtooth-wave-wide", "build sawtooth-wave --teeth 10000000", 2, "sawtooth-wave would have up to"),
    ("bit-extraction-long", "build bit-extraction --bits " + "01" * 10000, 2,
     "up to 40002 bits in its largest weight (estimated from its parameters), over the limit 32768"),
    ("limit-raised-too-little", "build sawtooth --m 5 --max-parameters 10", 2, "over the limit 10; raise it with --max-parameters"),
    ("limit-zero", "build sawtooth --m 2 --max-parameters 0", 2, "--max-parameters 0: value=0 must be an int >= 1"),
    ("limit-text", "build sawtooth --m 2 --max-layers x", 2, "--max-layers x: value='x' must be an integer"),
    ("limit-raised", "build sawtooth --m 5 --max-parameters 100", 0, ""),
    ("build-unknown", "build nope", 2, "unknown construction 'nope'"),
    ("build-text-m", "build sawtooth --m abc", 2, "value='abc' must be an integer"),
    ("info-ok", "info {sq}", 0, ""),
    ("eval-text-point", "eval {sq} --at abc", 2, "--at[0]='abc' is not an exact number"),
    ("info-dev-zero", "info /dev/zero", 2, "/dev/zero: the file is larger than 33554432 bytes"),
    ("verify-huge-d", "verify 2.2 --d 1000000000 --n 1", 2, "d=1000000000 must be in [1, 16]"),
    ("verify-modulus-inverse", "verify 2.1 --d 1 --n 2 --f x1 --modulus 1/r", 2, "omega(0) = oo, not 0"),
    ("verify-lipschitz-refuted", "verify 2.2 --d 1 --n 3 --f sin(30*x1)/2 --lipschitz 1/2", 2, "is refuted"),
]


def _argv(template: str, files: dict) -> list:
    return [token.format(**files) for token in template.split()]


@pytest.mark.parametrize("template, code, fragment", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_line(tmp_path, capsys, template, code, fragment):
    if "onnx" in template:
        pytest.importorskip("onnx")
    files = _fixtures(tmp_path)
    assert main(_argv(template, files)) == code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if code == 0:
        assert err == ""
        return
    argv = _argv(template, files)
    command = next(t for t in argv if not t.startswith("--"))
    if "--json" in argv:  # the error is also one JSON object on stdout
        assert json.loads(out)["error"]["exit_code"] == code
    else:
        assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"verinet {command}: error: "), err
    assert fragment.format(**files) in err, err


def test_case_count_matches_the_docstring():
    assert len(CASES) == 54
    assert sum(1 for c in CASES if c[2] == 2) == 51


def test_the_file_size_limit_is_a_flag(tmp_path, capsys):
    path = tmp_path / "sq.json"
    assert main(["build", "sawtooth", "--m", "2", "-o", str(path)]) == 0
    capsys.readouterr()
    assert main(["--max-file-bytes", "10", "info", str(path)]) == 2
    assert "the file is larger than 10 bytes; raise the limit with verinet --max-file-bytes N" in capsys.readouterr().err
    assert main(["--max-file-bytes", str(path.stat().st_size), "info", str(path)]) == 0


def test_huge_integers_render_by_their_size():
    result = {"pieces": 2**100000, "small": 2**100, "negative": -(2**20000)}
    assert render_text(result).splitlines() == [
        "pieces: <integer of 100001 bits>", f"small: {2**100} (~1.26765e30)", "negative: <negative integer of 20001 bits>"]
    assert jsonable([2**20000]) == ["<integer of 20001 bits>"]


def test_tent_iterate_report_names_the_piece_count(tmp_path, capsys):
    assert main(["build", "tent-iterate", "--k", "20000", "-o", str(tmp_path / "t.json")]) == 0
    assert "pieces: <integer of 20001 bits>" in capsys.readouterr().out
    assert io.load(tmp_path / "t.json").output


def test_internal_error_in_process(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(network_commands, "run_info", lambda args: {}["no such key"])
    assert main(["info", "x.json"]) == 3
    out, err = capsys.readouterr()
    assert out == "" and err == ("verinet info: internal error: KeyError: 'no such key'; please report "
                                 "(run with --debug for the traceback)\n")


def test_internal_error_without_a_message(monkeypatch, capsys):
    def broken(args):
        raise AssertionError

    monkeypatch.setattr(network_commands, "run_info", broken)
    assert main(["info", "x.json"]) == 3
    assert capsys.readouterr().err.startswith("verinet info: internal error: AssertionError: (no message); please report")


def test_out_of_memory_is_a_clean_error_naming_the_budget_flags(monkeypatch, capsys):
    def out_of_memory(args):
        raise MemoryError

    monkeypatch.setattr(network_commands, "run_info", out_of_memory)
    assert main(["info", "x.json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("verinet info: error: out of memory") and "--max-pieces" in err and err.count("\n") == 1


def test_analyze_has_a_default_piece_budget(tmp_path, capsys):
    path = tmp_path / "s.json"
    assert main(["build", "sawtooth", "--m", "24", "-o", str(path)]) == 0
    capsys.readouterr()
    assert main(["analyze", str(path), "--interval", "0,1", "--max-pieces", "1000"]) == 2
    assert "piece budget of 1000 exceeded" in capsys.readouterr().err
    from verinet.cli.analyze import DEFAULT_MAX_PIECES
    assert main(["analyze", str(path), "--interval", "0,1"]) == 2  # 2^24 pieces > the default 2^22
    assert f"piece budget of {DEFAULT_MAX_PIECES} exceeded" in capsys.readouterr().err


def test_interrupt_is_one_line(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(network_commands, "run_info", interrupted)
    assert main(["info", "x.json"]) == 130
    assert capsys.readouterr().err == "verinet info: interrupted: stopped by Ctrl-C\n"


# --- as a process --------------------------------------------------------------------------

BROKEN_INFO = ("import sys; import verinet.cli.network_commands as m; m.run_info = lambda a: 1 / 0; "
               "from verinet.cli.main import main; sys.exit(main(sys.argv[1:]))")


def _process(*args, **kwargs) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=120, **kwargs)


def test_subprocess_internal_error_is_exit_3():
    done = _process("-c", BROKEN_INFO, "info", "x.json")
    assert done.returncode == 3 and done.stdout == ""
    assert done.stderr == ("verinet info: internal error: ZeroDivisionError: division by zero; please report "
                           "(run with --debug for the traceback)\n")


def test_subprocess_debug_shows_the_traceback_of_an_internal_error():
    done = _process("-c", BROKEN_INFO, "--debug", "info", "x.json")
    assert done.returncode == 3 and "Traceback" in done.stderr and "ZeroDivisionError" in done.stderr
    assert "please report" not in done.stderr


def test_subprocess_debug_shows_the_traceback_of_a_clean_error():
    done = _process("-m", "verinet.cli.main", "--debug", "verify", "2.2", "--n", "1000")
    assert done.returncode == 2 and "Traceback" in done.stderr
    assert done.stderr.splitlines()[-1].startswith("verinet verify: error: the grid has K^d >= 2^1000 cubes")


def test_subprocess_clean_error_without_debug():
    done = _process("-m", "verinet.cli.main", "verify", "2.1", "--d", "1", "--n", "2", "--f", "1/x1", "--lipschitz", "1")
    assert done.returncode == 2 and "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert UNBOUNDED in done.stderr


def test_subprocess_closed_stdout_is_a_silent_exit(tmp_path):
    files = _fixtures(tmp_path)
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    # `verinet info sq.json | head -0`: the reader is gone before verinet writes.
    proc = subprocess.Popen([sys.executable, "-m", "verinet.cli.main", "info", files["sq"]],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0
    assert err == b""


# Peak resident memory of one process running every case of CASES in turn (the ONNX row needs the
# bridge extra and is left out): bounded runs refuse
# before they allocate (the interpreter, numpy, sympy and flint alone take about 150 MiB).
MAX_PEAK_RSS_MIB = 512  # measured 141 MiB
# The peak is the process's VmHWM: getrusage's ru_maxrss would also count the parent's memory at
# the fork (Linux keeps it across execve), VmHWM belongs to the new address space.
_PEAK_SCRIPT = """
import json, re, sys
from verinet.cli.main import main
codes = []
for argv in json.load(sys.stdin):
    try:
        codes.append(main(argv))
    except SystemExit as exc:
        codes.append(exc.code)
peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1))
print(json.dumps({"codes": codes, "peak_kib": peak}))
"""


def test_every_bad_input_runs_in_bounded_memory(tmp_path):
    files = _fixtures(tmp_path)
    cases = [c for c in CASES if "onnx" not in c[1]]
    run = subprocess.run([sys.executable, "-c", _PEAK_SCRIPT], input=json.dumps([_argv(c[1], files) for c in cases]),
                         capture_output=True, text=True, cwd=tmp_path, timeout=600)
    result = json.loads(run.stdout.splitlines()[-1])
    assert result["codes"] == [c[2] for c in cases]
    assert result["peak_kib"] < MAX_PEAK_RSS_MIB * 1024, f"peak RSS {result['peak_kib'] // 1024} MiB"
