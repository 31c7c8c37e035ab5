"""Lu-Shen-Yang-Zhang 2021, Theorems 2.2, 2.1, 1.1: passing instances and broken constructions caught."""

import json

import pytest

from verinet._backend import MPQ
from verinet.claims.certificate import recheck
from verinet.cli.main import main
from verinet.constructions.bit_fitting import point_fit_network
from verinet.constructions.smooth import step_1d
from verinet.errors import InvalidArgument
from verinet.theorems.lsyz2021 import thm_1_1, thm_2_1, thm_2_2
from verinet.theorems.lsyz2021.common import target_of
from verinet.theorems.lsyz2021.instance import admissible_delta, build


def _failed(cert):
    return {c.name: c.witness for c in cert.failures()}


def test_polynomial_target_is_exact_and_passes_in_d1():
    cert = thm_2_2.THEOREM(d=1, s=1, N=2, L=2, f="x1**2/2")
    checks = {c.name: c for c in cert.checks}
    assert cert.verdict == "pass" and cert.instance["cs_norm_check"]["derived_exact"]
    assert checks["stored_values_within_E3"].claim.startswith("[exact]")
    # the actual sup off Omega next to the bound 84 * 2 * 8 / 4: f~(x) - phi on the cells, exact
    assert checks["error_off_omega_sup_1d"].lhs == MPQ(361, 4608) and checks["error_le_84"].rhs == 84


@pytest.mark.parametrize("d, s, N, L, f", [(1, 2, 1, 2, "x1**2/4"), (2, 1, 4, 1, "x1*x2/2"),
                                           (1, 1, 2, 2, "sin(x1)/2"), (2, 1, 2, 2, "exp(x1 + x2)/8")])
def test_theorem_2_2_passes_on_small_instances(d, s, N, L, f):
    cert = thm_2_2.THEOREM(d=d, s=s, N=N, L=L, f=f)
    assert cert.verdict == "pass", _failed(cert)


def test_theorem_2_2_refuses_a_target_outside_the_unit_ball():
    with pytest.raises(InvalidArgument, match=r"C\^s bound used is 2 > 1"):
        thm_2_2.THEOREM(f="x1**2")


def test_a_flipped_stored_bit_is_caught():
    inst = build(2, 2, 1, 1, target_of(1, "x1**2/2"), normalize=False)
    net, J, table = inst.parts.fits[(0,)]
    flipped = [list(row) for row in table]
    flipped[5][0] ^= 1
    inst.parts.fits[(0,)] = (point_fit_network([sum(MPQ(t, 2 ** (j + 1)) for j, t in enumerate(r)) for r in flipped],
                                               2, 2, 1)[0], J, table)
    failed = _failed(thm_2_2.check(inst))
    assert failed["bit_planes_exact"]["i"] == 5 and "stored_values_within_E3" in failed


def test_a_wrong_K_is_caught():
    inst = build(2, 2, 1, 1, target_of(1, "x1**2/2"), normalize=False)
    inst.parts.psi = step_1d(2, 1, inst.delta).network  # K = 4 instead of 16
    assert "k" in _failed(thm_2_2.check(inst))["psi_is_cell_index"]


def test_the_papers_literal_index_map_is_caught():
    inst = build(2, 2, 1, 1, target_of(1, "x1**2/2"), normalize=False, index_weights=[MPQ(1, 16)])
    failed = _failed(thm_2_2.check(inst))
    assert failed["index_is_eta_inverse"]["beta"] == [1] and "network_matches_parts" in failed


def test_a_missing_median_repair_is_caught_inside_omega():
    inst = build(2, 2, 1, 1, target_of(1, "sqrt(x1 + 1)"))
    assert thm_2_1.check(inst).verdict == "pass"
    failed = _failed(thm_2_1.check(inst, repaired=inst.network))
    assert "phi_d_is_mid_repair" in failed
    x = failed["repaired_error_sup_1d"]["x"]
    assert any(MPQ(k, 16) - inst.delta < x < MPQ(k, 16) for k in range(1, 16))  # the witness lies in Omega


def test_theorem_1_1_with_declared_and_refuted_norms():
    assert admissible_delta(2, 2, 1, 1, 16) == MPQ(1, 48)
    cert = thm_1_1.THEOREM(f="x1**2", cs_norm="3")
    assert cert.verdict == "pass" and cert.instance["cs_norm_check"]["status"] == "proven"
    with pytest.raises(InvalidArgument, match="refuted"):
        thm_1_1.THEOREM(f="x1**2", cs_norm="3/2")


def test_verify_cli_writes_a_certificate_that_rechecks(tmp_path, capsys):
    path = tmp_path / "c.json"
    code = main(["--json", "verify", "lsyz21-1.1", "--d", "1", "--s", "1", "--N", "2", "--L", "2", "--f", "x1/2",
                 "-o", str(path)])
    assert code == 0
    data = json.loads(path.read_text())
    assert data["verdict"] == "pass" and data["theorem"] == "Lu-Shen-Yang-Zhang 2021, Theorem 1.1"
    assert recheck(data) == []
    capsys.readouterr()
    assert main(["verify", "lsyz21-2.2", "--f", "x1**2", "--cs-norm", "1/2"]) == 2
    assert "refuted" in capsys.readouterr().err
