"""Export to torch / safetensors and exact read-back (verinet.bridge.torch_export)."""

import struct
from fractions import Fraction as F

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("safetensors")

from bridge_examples import TRAP, mixed_network  # noqa: E402
from bridge_float_model import output_error_bound  # noqa: E402

from verinet import evaluate, from_float  # noqa: E402
from verinet._backend import MPQ  # noqa: E402
from verinet.bridge.parameters import export_parameters, rounded_layers  # noqa: E402
from verinet.bridge.rounding import round_rational  # noqa: E402
from verinet.bridge.torch_export import (  # noqa: E402
    from_state_dict,
    from_torch,
    load_safetensors,
    save_safetensors,
    to_torch,
)
from verinet.calculus import affine_network  # noqa: E402
from verinet.constructions.sawtooth import yarotsky_square  # noqa: E402
from verinet.errors import InvalidArgument  # noqa: E402
from verinet.interpret.layered import to_layered  # noqa: E402

def bits(values, dtype):
    code = "<f" if dtype == "float32" else "<d"
    return [struct.pack(code, v) for v in values]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_exact_to_torch_to_state_dict_to_exact_is_bit_exact(dtype):
    net = mixed_network()
    module = to_torch(net, dtype)
    state = module.state_dict()
    params = export_parameters(net, dtype)
    for p in params:
        stored = state[p.name].reshape(-1).tolist()
        assert bits(stored, dtype) == bits([round_rational(w, dtype) for w in p.exact], dtype)
    back = from_state_dict(state)
    assert to_layered(back).layers == rounded_layers(params)
    fresh = torch.nn.Sequential(
        *(torch.nn.Linear(m.in_features, m.out_features, dtype=m.weight.dtype) if isinstance(m, torch.nn.Linear) else torch.nn.ReLU() for m in module)
    )
    fresh.load_state_dict(state)  # a user's own module, loaded from the exported state_dict
    assert to_layered(from_torch(fresh)).layers == rounded_layers(params)


def test_float32_export_rounds_once():
    module = to_torch(affine_network([[TRAP]]), "float32")
    assert module[0].weight.item() == 1 + 2**-23
    assert torch.tensor(float(TRAP), dtype=torch.float64).float().item() == 1.0  # the trap


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_torch_output_within_derived_float_error_bound(dtype):
    net = mixed_network()
    points = [["1/3", "-5/7"], ["2", "1/10"], ["-3/2", "7/9"], [0, 0]]
    exact = evaluate(net, points)
    x = torch.tensor([[round_rational(v, dtype) for v in p] for p in points], dtype=getattr(torch, dtype))
    with torch.no_grad():
        floats = to_torch(net, dtype)(x).tolist()
    for p, e, f in zip(points, exact, floats):
        bound = output_error_bound(net, p, dtype)  # derivation in tests/bridge_float_model.py
        assert all(abs(from_float(fi) - ei) <= bi for fi, ei, bi in zip(f, e, bound))


def test_dyadic_network_on_dyadic_points_is_exact_in_float32():
    # f_6 has weights 1, 2, -4, 4^-k and maps k/64 to dyadics with at most 12 fraction bits:
    # every intermediate value is a float32, so the float run is exact (zero tolerance).
    net = yarotsky_square(6).network
    points = [[MPQ(k, 64)] for k in range(65)]
    x = torch.tensor([[float(p[0])] for p in points], dtype=torch.float32)
    with torch.no_grad():
        floats = to_torch(net, "float32")(x).tolist()
    assert [from_float(f[0]) for f in floats] == [y[0] for y in evaluate(net, points)]


def test_safetensors_round_trip(tmp_path):
    net = mixed_network()
    path = tmp_path / "m.safetensors"
    metadata = save_safetensors(net, path, "float32")
    back = load_safetensors(path)
    assert to_layered(back).layers == rounded_layers(export_parameters(net, "float32"))
    import json

    exact = json.loads(metadata["verinet.exact"])
    assert exact["0.weight"][2] == str(TRAP)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: to_torch(mixed_network(), "float16"), "dtype"),
        (lambda: to_torch(affine_network([[F(2) ** 200]]), "float32"), r"0\.weight\[0\]\[0\]"),
        (lambda: from_torch(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Tanh())), "Tanh"),
        (lambda: from_torch(torch.nn.Sequential(torch.nn.Sigmoid(), torch.nn.Linear(2, 2))), "Sigmoid"),
        (lambda: from_torch(torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(2, 2))), "ReLU"),
        (lambda: from_torch(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Flatten(0))), "Flatten"),
        (lambda: from_torch(torch.nn.Linear(2, 2)), "Sequential"),
        (lambda: from_state_dict({"0.weight": torch.ones(1, 1), "extra": torch.ones(1)}), "extra"),
        (lambda: from_state_dict({"0.weight": torch.tensor([[float("inf")]])}), "0.weight"),
    ],
    ids=["dtype", "overflow", "tanh", "sigmoid-first", "relu-first", "flatten-dim0", "not-sequential", "extra-key", "inf"],
)
def test_torch_bridge_rejects_by_name(call, match):
    with pytest.raises(InvalidArgument, match=match):
        call()
