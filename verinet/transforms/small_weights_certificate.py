"""The certificate of the small-weights transform: both networks' sizes and the checks, exactly.

Checked (see :mod:`verinet.transforms.small_weights` for the construction):

* depth: ``depth(N') <= 3k + 3`` with ``k = depth(N)``, both in the papers' convention (layers
  counted with the linear output layer; Vardi-Reichman-Pitassi-Shamir 2021, section 2);
* size: ``size(N') = 2s + q`` for the circuit's size ``s`` and ``q`` outputs (Lemma 22);
* weights: every hidden-layer parameter of ``N'`` is at most ``P = 4 (v + 2)(m + 2)``;
* function: ``N'(x) = N(x)`` exactly, on all of ``{0,1}^n`` for ``n <= 16`` (``exhaustive``) or on
  a seeded random sample above (``sampled``: then the equality off the sample rests on the
  construction's argument, not on a check, and ``not_checked`` says so).
"""

from ..claims.certificate import Certificate, compare_eq, compare_le
from ..interpret.metrics import size_metrics
from .small_weights import check_equal_on_cube, readout_and_hidden_max, small_weights, weight_bound

__all__ = ["certify_small_weights", "THEOREM"]

THEOREM = "vs20-3.1"
STATEMENT = ("A depth-k ReLU network on {0,1}^n becomes a depth-(3k+3) ReLU network with polynomially bounded "
             "hidden weights computing the same function on {0,1}^n (Vardi-Shamir 2020 abstract; built from the "
             "COLT 2021 Lemma 22 and verinet's gadgets G1, G2 [M]). Depth counts the output layer.")


def _sizes(metrics: dict) -> dict:
    hidden_max, readout_max = readout_and_hidden_max(metrics) if metrics["depth"] else (None, None)
    return {"depth": metrics["depth"] + 1, "width": metrics["width"], "hidden_widths": metrics["hidden_widths"],
            "size": sum(metrics["hidden_widths"]) + metrics["out_dim"], "parameters": metrics["parameters"],
            "max_abs_parameter": metrics["max_abs_parameter"], "max_abs_hidden_parameter": hidden_max,
            "max_abs_readout_parameter": readout_max, "max_numerator_bits": metrics["max_numerator_bits"],
            "max_denominator_bits": metrics["max_denominator_bits"]}


def certify_small_weights(net, *, out_bits=None, samples: int = 256, seed: int = 0, **limits) -> tuple:
    """``(SmallWeights, Certificate)`` for ``net``; ``limits`` go to
    :func:`~verinet.transforms.small_weights.small_weights`."""
    cert = Certificate(THEOREM, STATEMENT, {"domain": "boolean", "in_dim": net.in_dim, "out_bits": out_bits,
                                            "depth_convention": "layers counted with the linear output layer"})
    with cert.timed("transform"):
        result = small_weights(net, out_bits=out_bits, **limits)
    before, after = size_metrics(net), size_metrics(result.layered)
    cert.sizes = {"original": _sizes(before), "transformed": _sizes(after),
                  "threshold_layers": [len(layer) for layer in result.circuit.layers],
                  "scale": result.scale, "output_bits": result.out_bits}
    k = before["depth"] + 1
    cert.checks.append(compare_le("depth", "depth(N') <= 3k + 3", after["depth"] + 1, 3 * k + 3,
                                  detail={"k": k}))
    cert.checks.append(compare_eq("size", "size(N') = 2s + q (Lemma 22)", sum(after["hidden_widths"]) + after["out_dim"],
                                  2 * result.circuit.size + after["out_dim"]))
    bound = weight_bound(result.fan_in, result.sum_bits)
    cert.checks.append(compare_le("hidden weights", "max |hidden parameter of N'| <= 4 (v + 2)(m + 2)",
                                  readout_and_hidden_max(after)[0], bound,
                                  detail={"v": result.fan_in, "m": result.sum_bits}))
    with cert.timed("equality"):
        outcome = check_equal_on_cube(net, result.network, samples, seed)
    cert.checks.append(compare_eq("equality", f"N'(x) = N(x) on {outcome['kind']} points of {{0,1}}^n",
                                  0 if outcome["mismatch"] is None else 1, 0,
                                  witness=outcome["mismatch"] or {},
                                  detail={"kind": outcome["kind"], "points": outcome["points"]}))
    if outcome["kind"] == "sampled":
        cert.not_checked.append(f"equality off the {outcome['points']} sampled points (seed {seed}); it rests on "
                                "the construction (G1, G2, Lemma 22), not on a check")
    cert.not_checked.append("the readout weights 2^r / S encode the output value and are not bounded by P; they are "
                            "polynomial only for O(log n) output bits")
    return result, cert
