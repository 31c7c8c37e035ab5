"""Lu-Shen-Yang-Zhang 2021, Theorems 2.2, 2.1, 1.1: passing instances and broken constructions caught."""

import json
import math
from fractions import Fraction

import pytest
from hypothesis import Phase, given, settings, strategies as st

from verinet._backend import MPQ
from verinet.claims.certificate import recheck
from verinet.cli.main import main
from verinet.constructions.bit_fitting import point_fit_network
from verinet.constructions.smooth import step_1d
from verinet.errors import InvalidArgument
from verinet.ops import Affine
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


def _break(net, node):
    """``net`` with the bias of the Affine node ``node`` raised by 2^-30."""
    op = net.op(node)
    return net.with_ops({node: Affine.from_rationals(op.weights(), [b + MPQ(1, 2**30) for b in op.bias()])})


def _mutated_instance(s, f, part, prefix):
    """An instance whose network uses a broken copy of ``part(parts)`` (one bias of a square unit moved)."""
    inst = build(1, 1, s, 1, target_of(1, f), normalize=False)
    sub = part(inst.parts)
    node = next(v for v in sorted(sub.graph) if v.endswith("L1") and type(sub.op(v)) is Affine)
    broken = _break(sub, node)
    inst.parts.network = _break(inst.parts.network, f"{prefix}/{node}")
    return inst, broken, node


def test_exact_components_at_the_instance_sizes():
    cert = thm_2_2.THEOREM(d=1, s=1, N=2, L=2, f="x1**2/2")
    checks = {c.name: c for c in cert.checks}
    # Lemma 5.1's square with N + 1 = 3 (4 teeth), depth 2s(L+1) = 6: e = 1/(4 * 4^12) exactly, varphi's 144 e
    assert checks["product_square_sup_error"].lhs == MPQ(1, 4 * 4**12)
    assert checks["product_error_from_square"].lhs == MPQ(144, 4 * 4**12)
    assert checks["network_is_eq_4_6"].holds and checks["error_le_84"].detail["E1_used"] == MPQ(144, 4 * 4**12)
    assert not any(c.claim.startswith("[samples]") for c in cert.checks)
    assert cert.instance["sampled_errors"]["error_off_omega"]["note"] == "sampled, not part of the proof"


def test_a_broken_product_block_is_caught():
    inst, broken, node = _mutated_instance(1, "x1**2/2", lambda p: p.product, "varphi_0")
    inst.parts.product = broken
    failed = _failed(thm_2_2.check(inst))
    assert failed["product_is_composition"]["node"] == node and "network_is_eq_4_6" not in failed


def test_a_broken_product_inside_a_monomial_is_caught():
    inst, broken, node = _mutated_instance(3, "x1**3/6", lambda p: p.monomials[(2,)], "P_2")
    inst.parts.monomials[(2,)] = broken
    failed = _failed(thm_2_2.check(inst))
    assert failed["monomials_are_compositions"] == {"alpha": [2], "node": node, "nodes": len(broken.graph),
                                                    "expected_nodes": len(broken.graph)}
    assert "network_is_eq_4_6" not in failed


def test_a_network_that_is_not_its_parts_is_caught():
    inst = build(2, 2, 1, 1, target_of(1, "x1**2/2"), normalize=False)
    inst.parts.product = _break(inst.parts.product, "L1")  # the network keeps the original varphi
    assert _failed(thm_2_2.check(inst))["network_is_eq_4_6"]["node"].startswith("varphi_0/")


def test_the_square_error_is_exact_at_any_depth_and_refuses_a_broken_layer():
    from verinet.constructions.product import square
    from verinet.theorems.lsyz2021.components import square_error
    checks, e = square_error(square(4, 40).network, MPQ(1, 4**40))  # 4^40 pieces: not enumerable
    assert e == MPQ(1, 4 * 4 ** (2 * 40)) and all(c.holds for c in checks)
    checks, e = square_error(_break(square(4, 5).network, "L3"), MPQ(1, 4**5))
    assert e is None and [c.witness for c in checks if not c.holds] == [{"layer": 3, "row": 0, "why":
                                                                         "not the self-similar zig-zag layer "
                                                                         "(Z, F read from layer 1)"}]


def _polynomial_text(coefficients):
    return " + ".join(f"({c})*x1**{i}" for i, c in enumerate(coefficients))


@settings(max_examples=6, deadline=None, derandomize=True, database=None, phases=[Phase.generate])
@given(st.lists(st.fractions(min_value=-2, max_value=2, max_denominator=6), min_size=1, max_size=4),
       st.integers(1, 2), st.sampled_from([(1, 1), (2, 1), (1, 2)]))
def test_random_polynomial_targets_pass_theorem_2_2(coefficients, s, NL):
    # an independent C^s bound: |p^(j)| <= sum_i |c_i| i!/(i-j)! on [0, 1]; f = p / M has ||f||_{C^s} <= 1
    M = max(sum((abs(c) * math.perm(i, j) for i, c in enumerate(coefficients)), Fraction(0)) for j in range(s + 1))
    scaled = [c / M for c in coefficients] if M > 1 else coefficients
    cert = thm_2_2.THEOREM(d=1, s=s, N=NL[0], L=NL[1], f=_polynomial_text(scaled), max_pieces=2**16)
    checks = {c.name: c for c in cert.checks}
    assert cert.verdict == "pass", _failed(cert)
    assert checks["cs_norm_le_1"].lhs <= 1 and checks["stored_values_within_E3"].claim.startswith("[exact]")
    sup = checks.get("error_off_omega_sup_1d")  # the actual sup, when the 1-D form fits the budget
    assert sup is None or sup.lhs <= checks["error_le_84"].rhs


def test_the_smallest_instance_whose_1d_form_is_one_piece_passes(capsys):
    # N = L = 1: the exact sup runs over integer interval ends (a float midpoint was refused)
    from verinet.cli.main import main

    assert main(["verify", "lsyz21-1.1", "--N", "1", "--L", "1"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("verdict: pass")
