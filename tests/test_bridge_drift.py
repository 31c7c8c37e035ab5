"""The exact drift report (verinet.bridge.drift) and its two demonstrations:
bit extraction (Prop. B.1), where float64 breaks as J grows, and Yarotsky's x^2 network."""

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("onnxruntime")

from bridge_float_model import output_error_bound  # noqa: E402
from bridge_examples import mixed_network  # noqa: E402

from verinet._backend import MPQ  # noqa: E402
from verinet.bridge.drift import available_devices, drift_report, exact_layer_values  # noqa: E402
from verinet.bridge.rounding import rounding_error  # noqa: E402
from verinet.constructions.bits import bit_extraction, extraction_points  # noqa: E402
from verinet.constructions.sawtooth import yarotsky_square  # noqa: E402
from verinet.errors import InvalidArgument  # noqa: E402
from verinet.interpret.exact import evaluate  # noqa: E402
from verinet.interpret.layered import to_layered  # noqa: E402

POINTS = [["1/3", "-5/7"], ["2", "1/10"], ["-3/2", "7/9"], [0, 0]]


def patterns(J):
    """All ones, the two alternations, and a fixed irregular pattern, of length J."""
    irregular = ("1101001110010111" * 4)[:J]
    return ["1" * J, ("01" * J)[:J], ("10" * J)[:J], irregular]


def bit_drift(bits, dtype="float64"):
    net = bit_extraction(bits).network
    return drift_report(net, [[x] for x in extraction_points(bits)], dtype)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_drift_deviations_are_exact_and_within_the_derived_bound(dtype):
    net = mixed_network()
    report = drift_report(net, POINTS, dtype)
    assert [b.backend for b in report.backends] == ["torch-cpu", "onnxruntime-cpu"]
    worst_bound = max(max(output_error_bound(net, p, dtype)) for p in POINTS)  # tests/bridge_float_model.py
    for b in report.backends:
        assert type(b.max_abs) is MPQ and 0 < b.max_abs <= worst_bound
        assert b.worst_float - b.worst_exact in (b.max_abs, -b.max_abs)
        assert b.first_inexact_layer == 0  # the first layer already holds 1/3 and -2/7


def test_parameter_errors_are_the_exact_rounding_errors():
    layered = to_layered(mixed_network())
    report = drift_report(layered, POINTS, "float32", onnxruntime=False)
    rows = report.parameter_errors()
    weights = [w for layer in layered.layers for w in [v for row in layer.weights() for v in row] + layer.bias()]
    assert len(rows) == len(weights)
    by_name = {name: (exact, error) for name, exact, _, error in rows}
    assert by_name["0.weight[0][0]"] == (MPQ(1, 3), MPQ(1, 100663296))
    assert all(error == rounding_error(exact, "float32") for exact, error in by_name.values())
    summary = report.as_dict()
    assert summary["inexact_parameters"] == sum(1 for *_, e in rows if e) == len(summary["parameter_errors"])


def test_exact_layer_values_chain_to_the_output():
    layered = to_layered(mixed_network())
    values = exact_layer_values(layered, POINTS)
    assert len(values) == len(layered.layers) and values[-1] == evaluate(mixed_network(), POINTS)


# ----------------------------------------------------------- bit extraction (Prop. B.1)


@pytest.mark.parametrize("J", [4, 8, 14])
def test_bit_extraction_is_exact_in_float64_for_small_J(J):
    for bits in patterns(J):
        report = bit_drift(bits)
        for b in report.backends:
            assert b.max_abs == 0 and b.exact_outputs == J, (bits, b.backend)


def test_bit_extraction_first_inexact_layer_is_G_for_J_8():
    # Inputs 4^j a need <= 4J - 2j + 1 = 31 bits after the first layer's scaling by 2^-(2J+1):
    # the tent layers stay exact in float64; G's thresholds 1/3, 2/3 are the first rounding.
    report = bit_drift("10110010")
    layers = len(to_layered(bit_extraction("10110010").network).layers)
    assert [b.first_inexact_layer for b in report.backends] == [layers - 2, layers - 2]


def test_bit_extraction_float64_drift_grows_and_reads_wrong_bits_at_J_26():
    # The first layer's rounding (half an ulp of values in [1/4, 1/2): 2^-55) is doubled by
    # each of the 2J + 1 tent layers; the gap between the bit values is 1/3.  All ones:
    deviations = {J: bit_drift("1" * J).backends[0].max_abs for J in (15, 20, 26)}
    assert 0 < deviations[15] < deviations[20] < MPQ(1, 100)
    assert deviations[26] > MPQ(1, 2)  # a bit read back wrong after rounding to nearest
    report = bit_drift("1" * 28)
    assert report.as_dict()["max_abs_input_error"] > 0  # 4^j a needs 2J = 56 > 53 bits


# ----------------------------------------------------------- Yarotsky's x^2 (sawtooth)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sawtooth_square_is_exact_in_floats_on_dyadic_points(dtype):
    report = drift_report(yarotsky_square(8).network, [[MPQ(k, 256)] for k in range(0, 257, 5)], dtype)
    assert report.as_dict()["inexact_parameters"] == 0  # weights 1, 2, -4, 4^-k
    for b in report.backends:
        assert b.max_abs == 0 and b.first_inexact_layer is None


def test_sawtooth_square_float32_drift_exceeds_the_approximation_error_at_m_14():
    # Claimed: 0 <= f_m(x) - x^2 <= 2^(-2m-2).  At x = 1/3 float32 input rounding alone moves
    # f_m by about 2x * 2^-26 (f_m' ~ 2x): far more than 2^-30, so float32 cannot check it.
    m = 14
    net = yarotsky_square(m).network
    report = drift_report(net, [[MPQ(1, 3)]], "float32")
    for b in report.backends:
        assert b.max_abs > MPQ(1, 2 ** (2 * m + 2))
        assert b.max_abs <= max(output_error_bound(net, [MPQ(1, 3)], "float32"))
        assert b.first_inexact_layer == 0


# ----------------------------------------------------------- devices and bad input


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_drift_on_cuda_within_the_derived_bound(dtype):
    net = mixed_network()
    report = drift_report(net, POINTS, dtype, devices=("cpu", "cuda"))
    cuda = next(b for b in report.backends if b.backend == "torch-cuda")
    # TF32 would break the float32 bound; torch leaves it off for matmul by default.
    assert cuda.max_abs <= max(max(output_error_bound(net, p, dtype)) for p in POINTS)


@pytest.mark.skipif("cuda" in available_devices(), reason="a CUDA device is present")
def test_cuda_requested_without_a_gpu_is_a_clear_error():
    with pytest.raises(InvalidArgument, match="cuda"):
        drift_report(mixed_network(), POINTS, devices=("cuda",))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"dtype": "float16"}, "dtype"),
        ({"devices": ("tpu",)}, "tpu"),
        ({"points": [[0.5, 1]]}, "float"),
        ({"points": [["1e400", 0]], "dtype": "float64"}, "overflows"),
    ],
    ids=["dtype", "device", "float-point", "overflow-point"],
)
def test_drift_rejects_bad_arguments(kwargs, match):
    args = {"points": POINTS, **kwargs}
    with pytest.raises(InvalidArgument, match=match):
        drift_report(mixed_network(), **args)
