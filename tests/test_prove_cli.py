"""``verinet prove``: the proofs registry, flags generated from each proof's parameters, exit codes, errors."""

import dataclasses
import json

import pytest

from proofs import registry
from proofs.lemmas import sq_approx_error_eq_of_depth as sq
from verinet import MPQ, InvalidArgument
from verinet.calculus import post_affine
from verinet.claims.certificate import recheck
from verinet.cli.main import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_names_every_proof_with_its_folder_and_summary(capsys):
    code, out, _ = run(capsys, "--json", "prove", "--list")
    rows = json.loads(out)["proofs"]
    assert code == 0 and [r["name"] for r in rows] == list(registry.PROOFS)
    assert {r["source"] for r in rows} == {"proofs/syz2022", "proofs/lsyz2021", "proofs/lemmas"} and all(r["summary"] for r in rows)
    code, text, _ = run(capsys, "prove", "--list")
    assert code == 0 and all(name in text for name in registry.PROOFS)


def test_prove_passes_and_writes_the_certificate(capsys, tmp_path):
    path = tmp_path / "sq.json"
    code, out, err = run(capsys, "--json", "prove", "sq-approx-error-eq-of-depth", "--m", "4", "-o", path)
    assert code == 0 and err == ""
    result = json.loads(out)
    written = json.loads(path.read_text())
    assert result["verdict"] == written["verdict"] == "pass" and result["failed_checks"] == []
    assert written["instance"] == {"m": 4} and recheck(written) == []
    (sup,) = [c for c in written["checks"] if c["name"] == "sup_error_eq"]
    assert (sup["lhs"], sup["relation"], sup["rhs"]) == ("1/1024", "==", "1/1024")
    code, text, _ = run(capsys, "prove", "sq-approx-error-eq-of-depth", "--m", "2")
    assert code == 0 and "verdict: pass" in text


def test_prove_of_a_theorem_gives_verify_s_certificate(capsys):
    argv = ["2.3", "--eps", "1/2", "--no-diff"]
    _, proved, _ = run(capsys, "--json", "prove", *argv)
    _, verified, _ = run(capsys, "--json", "verify", *argv)
    proved, verified = json.loads(proved), json.loads(verified)
    assert proved["verdict"] == verified["verdict"] and proved["verdict"].startswith("pass") and proved["checks"] == verified["checks"]


@pytest.mark.parametrize("name, own", [("sq-approx-error-eq-of-depth", "--m M"),
                                       ("polynomial-approx-error-le-of-degree", "--exact-limit"),
                                       ("2.1", "--p")])
def test_proof_help_lists_its_parameters(capsys, name, own):
    with pytest.raises(SystemExit) as exit_:
        main(["prove", name, "--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0 and own in out and f"verinet prove {registry.get(name).THEOREM.name}" in out
    assert "--sweep" not in out


def test_a_failing_proof_exits_1(capsys, monkeypatch):
    real = sq.yarotsky_square
    monkeypatch.setattr(sq, "yarotsky_square", lambda m: dataclasses.replace(
        real(m), network=post_affine(real(m).network, [[1]], [MPQ(1, 2**20)])))
    code, out, _ = run(capsys, "--json", "prove", "sq-approx-error-eq-of-depth", "--m", "3")
    assert code == 1 and json.loads(out)["failed_checks"] == ["values_eq_square", "error_lower_eq_zero"]


@pytest.mark.parametrize("argv, message", [
    (["prove", "no-such-lemma"], "unknown proof 'no-such-lemma'; known: syz22-a1"),
    (["prove", "sq-approx-error-eq-of-depth", "--m", "0"], "m=0 must be in [1, 20]"),
    (["prove", "sq-approx-error-eq-of-depth", "--m", "x"], "m='x' must be an integer"),
    (["prove", "sq-approx-error-eq-of-depth", "--q", "3"], "unknown argument(s) --q 3; its parameters: --m"),
    (["prove", "sq-approx-error-eq-of-depth", "--sweep", "m=1,2"], "unknown argument(s) --sweep"),
    (["prove", "unpacking-eq-of-packed", "--m", "6", "--n", "3"], "m n = 18 exceeds 12"),
    (["prove"], "name a proof"),
])
def test_bad_prove_input_is_one_line_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_registry_get_accepts_aliases_and_names_the_known_proofs():
    assert registry.get("2.1") is registry.get("syz22-2.1") is registry.PROOFS["syz22-2.1"]
    with pytest.raises(InvalidArgument, match="known: .*mid3-eq-median"):
        registry.get("mid3")
