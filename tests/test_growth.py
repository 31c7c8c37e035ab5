"""Growth sweeps: exact statistics of the LSYZ network, the seed's bound, the fits, the point
store, and the driver serial and on a 2-worker Dask LocalCluster (identical tables, a killed
worker, resume, failures and time limits)."""

import json
import threading
import time
import warnings

import pytest
import sympy

from verinet._backend import MPQ
from verinet.calculus import relu_identity, scale
from verinet.errors import FileFormatError, InvalidArgument
from verinet.growth import lsyz
from verinet.growth.fit import exact_ratio, fit_growth
from verinet.growth.statistics import point_statistics
from verinet.growth.store import read_records, write_record
from verinet.growth.sweep import growth_sweep
from verinet.growth.variants import VARIANTS, Variant
from verinet.interpret.layered import to_layered

FIXED = {"d": 1, "q": 1, "f": "sin(3*x1)"}


def brute_force_max(net):
    """max |w|, |b| over every entry of every affine layer of the layered form (slow reference)."""
    best = MPQ(0)
    for layer in to_layered(net).layers:
        for v in [w for row in layer.weight_numerators for w in row] + list(layer.bias_numerators):
            best = max(best, abs(MPQ(v, layer.denominator)))
    return best


# --- a cheap variant for the driver tests (threads share this registry) ---

CALLS = []


def toy_point(N: int, L: int, delay=0, fail_at=None) -> dict:
    """``N 2^L`` times the identity: max|theta| = N 2^L exactly."""
    CALLS.append((N, L))
    if delay:
        time.sleep(delay)
    if fail_at == [N, L]:
        raise InvalidArgument(f"toy: refused N={N}, L={L}")
    return point_statistics(scale(relu_identity(1), N * 2**L))


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setitem(VARIANTS, "toy", Variant("toy", toy_point, ("N", "L", "delay", "fail_at"), ("N", "L"),
                                                 "N 2^L identity", bound=lambda p: sympy.Integer(p["N"]) * 2 ** p["L"]))
    CALLS.clear()
    return "toy"


def two_workers():
    distributed = pytest.importorskip("distributed")
    with warnings.catch_warnings():  # a second cluster's HTTP port moves off 8787
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


client = pytest.fixture(scope="module")(two_workers)
own_client = pytest.fixture(two_workers)  # for the test that kills a worker


def stripped(rows):
    return [{k: v for k, v in r.items() if k != "seconds"} for r in rows]


# --- exact statistics ---

def test_lsyz_point_statistics_exact():
    row = lsyz.lsyz_point(1, 1, 1, 3, "sin(3*x1)")
    # Lemma 3.5 (Shen-Yang-Zhang 2020): the bit-extraction slope 2^L; Lemma 4.2 on [-3, 3]^2: 2 (b-a)^2 = 72
    assert row["blocks"]["fit_0"] == 8 and row["blocks"]["varphi"] == 72
    net = lsyz.lsyz_network(1, 1, 1, 3, "sin(3*x1)")
    assert row["max_abs_parameter"] == brute_force_max(net) == 72
    assert row["width"] == 174 and row["depth"] == 42 and row["K"] == 9


def test_bit_extraction_block_is_two_to_the_L():
    # at N = 1 the bit-plane block's largest parameter is exactly the slope 2^L (for L >= 2)
    for L in (2, 4):
        assert lsyz.lsyz_point(1, 1, 1, L, "x1/2")["blocks"]["fit_0"] == 2**L


def test_statistics_see_a_mutated_weight():
    net = relu_identity(1)
    assert point_statistics(net)["max_abs_parameter"] == 1
    assert point_statistics(scale(net, MPQ(-7, 3)))["max_abs_parameter"] == MPQ(7, 3)


def test_seed_bound_exact():
    assert lsyz.seed_bound(1, 1, 3, 2) == 3**3 * 2**4  # N^3 L^4 >= N^2 L^3
    assert lsyz.seed_bound(2, 1, 4, 2) == 4**2 * 2**3  # N^(3/2) L^2 < N^2 L^3
    assert lsyz.seed_bound(3, 2, 8, 8) == 2**19  # 8^3 8^(10/3)
    assert exact_ratio("1152", lsyz.seed_bound(1, 1, 2, 2)) == 9


# --- fits ---

def test_fit_recovers_power_and_exponential_laws():
    power = [{"status": "done", "N": n, "L": l, "max_abs_parameter": str(n**2 * l**3)} for n in (1, 2, 4) for l in (1, 2, 3)]
    fit = fit_growth(power, ("N", "L"), [("N^2 L^3", {"N": 2, "L": 3})])
    assert "not a check" in fit["method"]
    assert fit["power"]["N"] == pytest.approx(2) and fit["power"]["L"] == pytest.approx(3)
    assert fit["claimed"] == [{"term": "N^2 L^3", "N": "2", "L": "3"}]
    expo = [{"status": "done", "N": n, "L": l, "max_abs_parameter": str(n * 2**l)} for n in (1, 2) for l in (1, 2, 3, 4)]
    fit = fit_growth(expo, ("N", "L"))
    assert fit["exponential_in_L"]["factor_per_unit_L"] == pytest.approx(2)
    assert fit["exponential_in_L"]["rms_residual"] < 1e-9 < fit["power"]["rms_residual"]
    assert "not fitted" in fit_growth(expo[:1], ("N", "L"))["note"]


# --- the point store ---

def test_store_atomic_and_strict(tmp_path):
    write_record(tmp_path, "k", {"variant": "toy", "params": {}, "status": "done", "row": {"x": MPQ(1, 3)}})
    assert [p.name for p in (tmp_path / "points").iterdir()] == ["k.json"]
    assert read_records(tmp_path)["k"]["row"]["x"] == "1/3"
    (tmp_path / "points" / "bad.json").write_text('{"variant": "toy"}')
    with pytest.raises(FileFormatError, match="needs 'variant', 'params' and 'status'"):
        read_records(tmp_path)


# --- the driver ---

def test_bad_arguments(toy):
    with pytest.raises(InvalidArgument, match="unknown growth variant 'nope'"):
        growth_sweep("nope", {"N": [1]}, {}, serial=True)
    with pytest.raises(InvalidArgument, match="missing L"):
        growth_sweep(toy, {"N": [1]}, {"delay": 0, "fail_at": None}, serial=True)
    with pytest.raises(InvalidArgument, match="exceed the limit 3"):
        growth_sweep(toy, {"N": [1, 2], "L": [1, 2]}, {"delay": 0, "fail_at": None}, serial=True, max_points=3)


def test_serial_and_cluster_tables_identical(client):
    grid = {"N": [1], "L": [1, 2]}
    serial = growth_sweep("lsyz", grid, FIXED, serial=True)
    cluster = growth_sweep("lsyz", grid, FIXED, client=client)
    assert stripped(serial.table()) == stripped(cluster.table())
    rows = serial.table()
    assert [r["max_abs_parameter"] for r in rows] == ["72", "72"]
    assert [r["ratio"] for r in rows] == ["72", "9/2"]  # 72 / (N^3 L^4)


def test_failed_point_recorded_and_resume_skips_done(toy, tmp_path, client):
    fixed = {"delay": 0, "fail_at": [2, 1]}
    first = growth_sweep(toy, {"N": [1, 2], "L": [1, 2]}, fixed, tmp_path, client=client)
    status = {(r["N"], r["L"]): r["status"] for r in first.table()}
    assert status == {(1, 1): "done", (1, 2): "done", (2, 1): "failed", (2, 2): "done"}
    assert "toy: refused N=2, L=1" in next(r["error"] for r in first.table() if r["status"] == "failed")
    assert [r["ratio"] for r in first.table() if r["status"] == "done"] == ["1", "1", "1"]
    CALLS.clear()
    again = growth_sweep(toy, {"N": [1, 2], "L": [1, 2]}, fixed, tmp_path, serial=True)
    assert again.reused == 3 and CALLS == [(2, 1)]  # only the failed point runs again
    assert stripped(again.table()) == stripped(first.table())


def test_killing_a_worker_loses_no_finished_point(toy, tmp_path, own_client):
    client = own_client
    grid, fixed = {"N": [1, 2, 3, 4], "L": [1, 2]}, {"delay": 0.4, "fail_at": None}
    box = {}
    thread = threading.Thread(target=lambda: box.update(r=growth_sweep(toy, grid, fixed, tmp_path, client=client)))
    thread.start()
    deadline = time.time() + 30
    while len(list((tmp_path / "points").glob("*.json"))) < 2 and time.time() < deadline:
        time.sleep(0.05)
    before = {p.name: p.read_text() for p in (tmp_path / "points").glob("*.json")}
    worker = next(iter(client.cluster.workers.values()))
    client.sync(worker.close)
    thread.join(60)
    result = box["r"]
    assert len(result.table()) == 8 and all(r["status"] == "done" for r in result.table())
    after = {p.name: p.read_text() for p in (tmp_path / "points").glob("*.json")}
    assert len(before) >= 2 and all(after[name] == text for name, text in before.items())
    assert len(client.scheduler_info()["workers"]) == 1  # the sweep finished on the surviving worker


def test_time_limit_recorded(tmp_path):
    result = growth_sweep("lsyz", {"N": [3], "L": [3]}, FIXED, tmp_path, serial=True, seconds=1)
    (row,) = result.table()
    assert row["status"] == "timeout" and "--seconds" in row["error"]
    assert json.loads(next((tmp_path / "points").glob("*.json")).read_text())["status"] == "timeout"


def test_verify_adds_the_certificate_verdict():
    (row,) = growth_sweep("lsyz", {"N": [2]}, {**FIXED, "L": 1}, serial=True, verify=True).table()
    assert row["verdict"] == "pass" and row["failed_checks"] == "-"
    assert row["certificate"]["verdict"] == "pass" and "Theorem 1.1" in row["certificate"]["theorem"]


# --- the command line ---

def test_cli_sweep_growth(tmp_path, capsys):
    from verinet.cli.main import main

    argv = ["sweep", "growth", "--N", "1", "--L", "1..2", "--serial", "-o", str(tmp_path)]
    assert main(["--json", *argv]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert captured.err == ""  # no progress bar when not on a terminal
    assert out["done"] == 2 and [r["L"] for r in out["table"]] == [1, 2] and out["fit"]["points"] == 2
    assert main(["--json", *argv]) == 0 and json.loads(capsys.readouterr().out)["reused"] == 2
    assert main(["sweep", "growth", "--variant", "nope", "--serial"]) == 2
    assert "unknown growth variant 'nope'" in capsys.readouterr().err
    assert main(["sweep", "growth", "--N", "3..1", "--serial"]) == 2
    assert "the range is empty" in capsys.readouterr().err
    assert main(["sweep", "growth", "--set", "n=1..3", "--serial"]) == 2
    assert "no parameter 'n'" in capsys.readouterr().err


def test_progress_bar():
    import io

    from verinet.cli.sweep import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream, width=4)
    bar(1, 2)
    bar(2, 2)
    assert stream.getvalue() == "\r[##..] 1/2 points\r[####] 2/2 points\n"


def test_existing_scheduler_by_address(toy, client):
    result = growth_sweep(toy, {"N": [1, 3]}, {"L": 2, "delay": 0, "fail_at": None}, scheduler=client.scheduler.address)
    assert [(r["N"], r["max_abs_parameter"]) for r in result.table()] == [(1, "4"), (3, "12")]


def test_requ_stays_bounded_and_shallow_sigmoid_grows_in_a_sweep():
    requ = growth_sweep("requ", {"K": [2, 4, 8]}, {"q": 2, "f": "x1**3"}, serial=True).table()
    assert [r["max_abs_parameter"] for r in requ] == ["4", "4", "4"]  # independent of K
    shallow = growth_sweep("sigmoid", {"n": [1, 2, 3]}, {"f": "exp(x1)"}, serial=True).table()
    maxima = [MPQ(r["max_abs_parameter"]) for r in shallow]
    assert all(b > 2**8 * a for a, b in zip(maxima, maxima[1:]))  # more than 2^8 per degree


def test_the_bounded_variant_sweeps_like_the_original():
    rows = growth_sweep("bounded", {"L": [1, 2]}, {**FIXED, "N": 1}, serial=True).table()
    assert [r["status"] for r in rows] == ["done", "done"]
