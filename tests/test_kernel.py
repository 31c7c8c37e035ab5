"""The trust kernel (issue 18, points 1-2): every default certificate re-checks; isolation; hostile files.

``verinet check`` must pass every certificate verinet writes by default, re-check the SYZ
theorems' checks from their evidence, fail a certificate whose construction was mutated (with
the kernel agreeing on the failing check), load no analysis code, and refuse hostile files
quickly with a message naming the limit.
"""

import ast
import copy
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from verinet.errors import FileFormatError
from verinet.kernel import check_data, check_file

ROOT = Path(__file__).resolve().parents[1]
SYZ = ("syz22-a1", "syz22-2.1", "syz22-2.2", "syz22-2.3")


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    folder = tmp_path_factory.mktemp("certs")
    sys.path.insert(0, str(ROOT / "tests"))
    from default_certificates import write_all

    return {name: folder / f"{name}.json" for name in write_all(str(folder))}


def test_every_default_certificate_passes_the_kernel(certificates):
    for name, path in certificates.items():
        report = check_file(path)
        assert report["verdict"] == "pass" and report["problems"] == [], (name, report["problems"])
        assert "FAILED" not in report["counts"], name


def test_the_syz_theorems_are_re_checked_from_evidence(certificates):
    for name in SYZ:
        rows = {r["name"]: r["status"] for r in check_file(certificates[name])["checks"]}
        for check in ("phi1_constant_on_cubes", "phi2_range_subset_unit", "trifling_measure", "cube_radius"):
            assert rows[check] == "re-derived", (name, check)
        for check in ("phi1_eq_four_pow_rho", "bits_recovered"):
            assert rows[check] == "re-checked", (name, check)
        assert sum(s.startswith("re-") for s in rows.values()) >= len(rows) // 2, (name, rows)
    rows = {r["name"]: r["status"] for r in check_file(certificates["syz22-2.1"])["checks"]}
    assert rows["lp_bound"] == rows["scaling_lower"] == rows["phi1_parameters"] == "re-derived"
    assert rows["intrinsic_by_construction"] == rows["intrinsic_by_diff"] == "re-checked"


def test_checks_without_evidence_are_reported_not_re_checkable_with_why(certificates):
    for name in ("lsyz21-2.2", "lsyz21-2.1", "lsyz21-1.1"):
        for row in check_file(certificates[name])["checks"]:
            if row["status"] == "not re-checkable":
                assert row["note"].startswith("no evidence yet"), row


def test_a_mutated_construction_fails_and_the_kernel_agrees():
    from verinet._backend import MPQ
    from verinet.claims.targets import Target
    from verinet.constructions.intrinsic import phi1_network
    from verinet.theorems.syz2022 import thm_a1
    from verinet.theorems.syz2022.instance import reassemble

    inst = thm_a1.build(1, 2, Target.from_expression("x1/2 + 1/4", 1))
    key = list(inst.key)
    key[0] += MPQ(1, 4) if (inst.truncations[0] >> (inst.n - 1)) % 2 == 0 else -MPQ(1, 4)
    wrong_ramp = phi1_network(inst.grid.K, 1, 2 * inst.grid.delta)
    for mutated, failing in ((reassemble(inst, key=key), "bits_recovered"),
                             (reassemble(inst, phi1=wrong_ramp), "phi1_constant_on_cubes")):
        data = thm_a1.check(mutated).to_dict()
        assert data["verdict"] == "fail" and failing in [c["name"] for c in data["checks"] if not c["holds"]]
        report = check_data(data)
        rows = {r["name"]: r["status"] for r in report["checks"]}
        assert report["verdict"] == "fail" and rows[failing] in ("re-checked", "re-derived")  # the kernel agrees
        assert all(p.startswith("instance.key_parameters") for p in report["problems"]), report["problems"]


def test_forged_numbers_are_caught_by_re_checking_not_only_by_digests(certificates):
    from verinet.claims.certificate import digests

    data = json.loads(certificates["syz22-2.1"].read_text())
    for mutate, field in [
        (lambda d: d["checks"][10].update(lhs="94"), "checks[10] (phi1_parameters).lhs"),
        (lambda d: d["instance"].update(delta="1/511"), "checks[9] (trifling_measure).lhs"),
        (lambda d: d["sizes"]["phi1"].update(parameters=94), "sizes.phi1.parameters"),
        (lambda d: d["instance"]["truncations"].__setitem__(0, 1), "instance.key_parameters"),
    ]:
        forged = copy.deepcopy(data)
        mutate(forged)
        forged["digests"] = digests({k: v for k, v in forged.items() if k not in ("digests", "informational")})
        report = check_data(forged)
        assert report["verdict"] == "fail" and any(field in p for p in report["problems"]), (field, report["problems"])


def test_the_kernel_loads_none_of_the_analysis(certificates):
    code = ("import sys\nfrom verinet.kernel.__main__ import main\nrc = main([sys.argv[1], '--json'])\n"
            "bad = sorted(m for m in sys.modules if m.startswith(('verinet.analysis', 'verinet.theorems', "
            "'verinet.constructions', 'verinet.interpret', 'verinet.claims', 'verinet.io', 'verinet.network', "
            "'verinet.cli', 'verinet.transforms', 'verinet.bridge', 'proofs', 'networkx')))\n"
            "print('LOADED', bad, file=sys.stderr)\nsys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code, str(certificates["syz22-2.1"])], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stderr
    assert json.loads(done.stdout)["verdict"] == "pass"


def _code_lines(path: Path) -> int:
    """Lines of ``path`` that are neither blank, comments nor docstrings."""
    text = path.read_text()
    docs = set()
    for node in ast.walk(ast.parse(text)):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            docs |= set(range(body[0].lineno, body[0].end_lineno + 1))
    return sum(1 for i, line in enumerate(text.splitlines(), 1)
               if i not in docs and line.strip() and not line.strip().startswith("#"))


def test_the_kernel_is_small():
    assert sum(_code_lines(p) for p in (ROOT / "verinet" / "kernel").glob("*.py")) < 800


def _hostile(tmp_path, text: str):
    path = tmp_path / "hostile.json"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


@pytest.mark.parametrize("text, match", [
    ("[" * 100_000 + "]" * 100_000, "nested deeper"),
    ('{"format": 1' + "0" * 5000 + "}", "JSON integer of"),
    ('{"a": 0.5}', "is a float"),
    ('{"a": NaN}', "constant NaN"),
    ('{"a": 1, "a": 2}', "given twice"),
    (b'\xff\xfe{}', "not UTF-8"),
    ("{", "not JSON"),
    ("[]", "a JSON object"),
    ('{"format": "verinet-certificate/2"}', "'theorem' is missing"),
])
def test_hostile_files_are_refused_quickly(tmp_path, text, match):
    start = time.perf_counter()
    with pytest.raises(FileFormatError, match=match):
        check_file(_hostile(tmp_path, text))
    assert time.perf_counter() - start < 5


def test_hostile_fields_are_refused_quickly(certificates, tmp_path):
    data = json.loads(certificates["syz22-a1"].read_text())
    sha = next(iter(data["networks"]))
    for mutate, match in [
        (lambda d: d.update(checks={}), "checks=.* is a dict, expected list"),
        (lambda d: d["checks"][0].update(lhs=5), r"checks\[0\].lhs=5 is a int"),
        (lambda d: d["checks"][4].update(lhs="9**9**9**9"), "power|limit|MAX"),
        (lambda d: d["checks"][4].update(lhs="-(" * 300 + "1" + ")" * 300), "is False"),
        (lambda d: d["networks"][sha]["nodes"][1]["weights"][0].__setitem__(0, "1" * 300_000), "at most 200000"),
        (lambda d: d["checks"][1]["evidence"].update(points="x"), "points='x' is a str"),
    ]:
        forged = copy.deepcopy(data)
        mutate(forged)
        start = time.perf_counter()
        try:
            report = check_data(forged)
            assert report["verdict"] == "fail"
            message = " ".join(report["problems"])
        except FileFormatError as exc:
            message = str(exc)
        assert __import__("re").search(match, message), (match, message[:300])
        assert time.perf_counter() - start < 10


def test_too_large_a_file_is_refused_without_reading_it():
    with pytest.raises(FileFormatError, match="larger than"):
        check_file("/dev/zero", max_bytes=1000)


def test_cli_check_exit_codes(certificates, tmp_path):
    run = lambda *a: subprocess.run([sys.executable, "-m", "verinet.cli.main", *a], capture_output=True,  # noqa: E731
                                    text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    good = run("--json", "check", str(certificates["syz22-a1"]))
    assert good.returncode == 0 and json.loads(good.stdout)["verdict"] == "pass"
    data = json.loads(certificates["syz22-a1"].read_text())
    data["checks"][0]["holds"] = False
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    assert run("check", str(bad)).returncode == 1
    assert run("check", str(_hostile(tmp_path, "{"))).returncode == 2


def test_a_small_weights_certificate_passes_the_kernel():
    import random

    from verinet.constructions._layers import chain
    from verinet.transforms.small_weights_certificate import certify_small_weights

    rng = random.Random(0)
    net = chain([([[rng.randint(-8, 8) for _ in range(3)] for _ in range(2)], [rng.randint(-8, 8) for _ in range(2)]),
                 ([[rng.randint(-8, 8) for _ in range(2)]], [rng.randint(-8, 8)])])
    _, cert = certify_small_weights(net)
    report = check_data(cert.to_dict())
    assert cert.verdict == report["verdict"] == "pass" and report["problems"] == []
