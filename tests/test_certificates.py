"""Certificates: JSON round trip, schema validation, independent re-check, CLI output files."""

import copy
import json
import subprocess
import sys

import pytest

from verinet._backend import MPQ
from verinet.errors import FileFormatError, InvalidArgument
from verinet.claims.certificate import FORMAT, Certificate, exact_str, load, recheck, validate
from verinet.theorems.syz2022.thm_2_1 import verify as verify_2_1
from verinet.claims.targets import Target


@pytest.fixture(scope="module")
def cert():
    return verify_2_1(1, 2, Target.from_expression("sin(3*x1)/2", 1), p=2)


def test_round_trip_is_identical(cert, tmp_path):
    data = cert.to_dict()
    assert json.loads(json.dumps(data)) == data
    path = tmp_path / "c.json"
    cert.write(path)
    again = load(path)
    assert again.to_dict() == data
    assert Certificate.from_dict(data).verdict == cert.verdict == "pass"


def test_certificate_records_the_evaluation_plan_of_each_network_evaluated(cert):
    plans = cert.to_dict()["informational"]["plans"]
    assert set(plans) == {"phi1", "tail"}
    for entry in plans.values():
        assert set(entry) == {"path", "reason"} and entry["path"] in ("limbs", "packed") and entry["reason"]
    assert plans["tail"] == {"path": "limbs", "reason": "every affine row sum of |integer weights| and Add arity "
                                                        "<= 1099511627774 (max 385): radix 2^43"}


def _format_1(data: dict) -> dict:
    """``data`` as format 1 wrote it: seconds and plans at the top level, no networks, labels or digests."""
    old = {k: v for k, v in data.items() if k not in ("networks", "labels", "digests", "informational")}
    old["checks"] = [{k: v for k, v in c.items() if k != "evidence"} for c in data["checks"]]
    return {**old, "format": "verinet-certificate/1", "seconds": data["informational"]["seconds"],
            "plans": data["informational"]["plans"]}


def test_format_1_certificates_still_load(cert, tmp_path):
    old = _format_1(cert.to_dict())
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(old))
    again = load(path)
    assert again.verdict == "pass" and again.plans == cert.plans and set(again.seconds) == set(cert.seconds)
    del old["plans"]  # as written before plans were recorded
    path.write_text(json.dumps(old))
    assert load(path).plans == {} and load(path).verdict == "pass"


def test_bad_plans_are_refused(cert):
    data = cert.to_dict()
    for bad, field in (([], "plans"), ({"tail": "packed"}, "plans['tail']"), ({"tail": {"path": "packed"}}, "'reason'")):
        with pytest.raises(FileFormatError, match=field.replace("[", r"\[").replace("]", r"\]")):
            validate({**data, "informational": {**data["informational"], "plans": bad}})


def test_schema_fields_and_exact_strings(cert):
    data = cert.to_dict()
    assert data["format"] == FORMAT
    assert set(data) == {"format", "theorem", "statement", "instance", "verdict", "checks", "sizes",
                         "intrinsic", "not_checked", "assumptions", "labels", "networks", "digests", "informational"}
    for check in data["checks"]:
        assert set(check) - {"detail", "evidence"} == {"name", "claim", "lhs", "relation", "rhs", "holds", "witness"}
        assert check["relation"] in ("<=", "==", "subset")
        assert "e-" not in check["lhs"] and "." not in check["lhs"].replace("...", "")  # no float text
    by = {c["name"]: c for c in data["checks"]}
    assert by["trifling_measure"]["lhs"] == "3/256"  # K = 4, delta = 1/256
    assert by["error_off_trifling"]["witness"]["worst_cube"] is not None
    assert data["instance"]["delta"] == "1/256"


def test_recheck_agrees_and_catches_tampering(cert):
    data = cert.to_dict()
    assert recheck(data) == []
    forged = copy.deepcopy(data)
    i = next(k for k, c in enumerate(forged["checks"]) if c["name"] == "lp_bound")
    forged["checks"][i]["lhs"] = f"({forged['checks'][i]['rhs']}) + 1/10**30"
    assert recheck(forged) == [("lp_bound", True, False)]


@pytest.mark.parametrize("mutate, match", [
    (lambda d: d.pop("checks"), "'checks' is missing"),
    (lambda d: d.update(format="other/9"), "format"),
    (lambda d: d.update(verdict="fail"), "verdict"),
    (lambda d: d["checks"][0].update(relation="<"), r"checks\[0\].relation"),
    (lambda d: d["checks"][1].update(holds="yes"), r"checks\[1\].holds"),
    (lambda d: d["checks"][2].pop("lhs"), r"checks\[2\]: field 'lhs'"),
])
def test_validate_rejects_malformed(cert, mutate, match):
    data = copy.deepcopy(cert.to_dict())
    mutate(data)
    with pytest.raises(FileFormatError, match=match):
        validate(data)


def test_load_names_the_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{")
    with pytest.raises(FileFormatError, match="bad.json"):
        load(path)


def test_exact_str_refuses_floats():
    assert exact_str(MPQ(3, 8)) == "3/8"
    with pytest.raises(InvalidArgument, match="float"):
        exact_str(0.5)


def test_failed_certificate_require_raises_with_witness(cert):
    data = copy.deepcopy(cert.to_dict())
    data["checks"][0]["holds"] = False
    data["verdict"] = "fail"
    bad = Certificate.from_dict(data)
    with pytest.raises(Exception, match=data["checks"][0]["name"]):
        bad.require()


def test_cli_writes_a_certificate(tmp_path):
    out = tmp_path / "c21.json"
    args = [sys.executable, "-m", "verinet.cli.main", "--json", "verify", "2.1", "--d", "1", "--n", "2",
            "--f", "x1**2/2", "--lipschitz", "1", "--no-diff", "-o", str(out)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    # L = 1 is the exact Lipschitz constant of x1**2/2 on [0, 1]: proven (exact sup of the derivative)
    assert printed["verdict"] == "pass" and printed["failed_checks"] == []
    assert printed["assumptions"] == [] and printed["instance"]["modulus_check"]["status"] == "proven"
    assert recheck(json.loads(out.read_text())) == []
    listed = subprocess.run([sys.executable, "-m", "verinet.cli.main", "--json", "verify", "--list"],
                            capture_output=True, text=True, timeout=60)
    assert [t["name"] for t in json.loads(listed.stdout)["theorems"]] == ["syz22-a1", "syz22-2.1", "syz22-2.2", "syz22-2.3",
                                                                        "lsyz21-2.2", "lsyz21-2.1", "lsyz21-1.1", "lsyz21-1.1-bounded"]


def test_loading_reads_no_further_than_the_file_size_limit():
    from verinet.claims.certificate import load
    from verinet.errors import FileFormatError

    with pytest.raises(FileFormatError, match="larger than 33554432 bytes"):
        load("/dev/zero")
