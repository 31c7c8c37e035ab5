"""Benchmark and record: the small-weights transform on small instances.

    python bench/bench_small_weights.py [--json]

Instances: random integer depth-2 nets (seeded), the spec's single gate n = 4..10 (circuit
only: G2's layer sizes), and SYZ bit extraction (Prop. B.1) with J = 1 on its Boolean
encoding.  For each: verdict, threshold layer sizes, ReLU size, max |parameter| before and
after (hidden layers), wall time and peak resident memory of the process so far.
"""

import argparse
import json
import random
import resource
import time

from verinet._backend import MPQ
from verinet.calculus import pre_affine
from verinet.constructions._layers import chain
from verinet.constructions.bits import bit_extraction
from verinet.constructions.threshold import single_gate
from verinet.transforms.small_weights_certificate import certify_small_weights


def _random_net(seed, n, widths, bound):
    rng = random.Random(seed)
    dims = [n] + widths + [1]
    return chain([([[rng.randint(-bound, bound) for _ in range(dims[i])] for _ in range(dims[i + 1])],
                   [rng.randint(-bound, bound) for _ in range(dims[i + 1])]) for i in range(len(dims) - 1)])


def _row(name, net):
    start = time.perf_counter()
    _, cert = certify_small_weights(net, max_parameters=20_000_000)
    before, after = cert.sizes["original"], cert.sizes["transformed"]
    return {"instance": name, "verdict": cert.verdict, "threshold_layers": cert.sizes["threshold_layers"],
            "depth": [before["depth"], after["depth"]], "size": [before["size"], after["size"]],
            "dense_parameters": after["parameters"],
            "max_abs_hidden": [str(before["max_abs_hidden_parameter"]), str(after["max_abs_hidden_parameter"])],
            "max_bits_before": [before["max_numerator_bits"], before["max_denominator_bits"]],
            "seconds": round(time.perf_counter() - start, 2),
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = [{"instance": f"single gate n={n}", "threshold_layers": [len(layer) for layer in single_gate(n).layers]}
            for n in (4, 6, 8, 10)]
    rows.append(_row("random n=3 width 2 |w|<=8", _random_net(0, 3, [2], 8)))
    rows.append(_row("random n=2 width 1 |w|<=2^8", _random_net(1, 2, [1], 2**8)))
    rows.append(_row("random n=4 width 2 |w|<=64", _random_net(3, 4, [2], 64)))
    rows.append(_row("random n=3 depth 3 |w|<=8", _random_net(3, 3, [2, 2], 8)))
    rows.append(_row("bit extraction J=1, Boolean encoding", pre_affine(bit_extraction("0").network, [[MPQ(1)]], [0])))
    print(json.dumps(rows, indent=1) if args.json else "\n".join(map(str, rows)))


if __name__ == "__main__":
    main()
