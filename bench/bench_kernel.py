"""The trust kernel's time against the time of producing each certificate, and z3 against verinet.

``python bench/bench_kernel.py [--json] [--cert FILE ...]``: for every default certificate
(each theorem of ``verinet verify --all``, each lemma) the seconds of producing it in this
process and of ``verinet check``'s kernel on the written file (imports excluded from both;
issue 18 asks kernel <= 1/4 of producing); ``--cert`` adds certificates written earlier (e.g.
Thm 2.1 (1, 10)), whose producing time is read from their ``informational.seconds``.  Then
the SMT cross-check: z3's seconds against verinet's exact answer on the same claims (range of
the sawtooth, bit extraction and a 2-D product network on a box; ``phi_1`` constant on each
cube of the default Theorem 2.1 instance).
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def kernel_rows(extra) -> list:
    from proofs import registry
    from verinet.kernel import check_file
    from verinet.theorems.registry import THEOREMS

    makers = [(name, theorem) for name, theorem in THEOREMS.items()]
    makers += [(name, m.prove) for name, m in registry.PROOFS.items() if registry.source_of(m) == "proofs/lemmas"]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, make in makers:
            path = Path(folder) / f"{name}.json"
            start = time.perf_counter()
            make().write(path)
            produce = time.perf_counter() - start
            rows.append(_row(name, produce, path, check_file))
    for path in extra:
        produce = sum(json.loads(Path(path).read_text())["informational"]["seconds"].values())
        rows.append(_row(Path(path).name, produce, path, check_file))
    return rows


def _row(name, produce, path, check_file) -> dict:
    start = time.perf_counter()
    report = check_file(path)
    kernel = time.perf_counter() - start
    return {"certificate": name, "produce_s": round(produce, 3), "kernel_s": round(kernel, 3),
            "ratio": round(kernel / produce, 2), "verdict": report["verdict"], **report["counts"]}


def smt_rows() -> list:
    from verinet._backend import MPQ
    from verinet.analysis.box import box_range
    from verinet.constructions.bits import bit_extraction
    from verinet.constructions.product import product
    from verinet.constructions.sawtooth import sawtooth_wave
    from verinet.interpret.layered import from_layered, to_layered
    from verinet.io import to_json_dict
    from verinet.kernel.network import Chain
    from verinet.kernel.smt import prove_range

    claims = [(f"sawtooth T_{m} on [0, {2 * m}]", sawtooth_wave(m).network, [(MPQ(0), MPQ(2 * m))]) for m in (2, 4, 6)]
    claims += [(f"bit extraction J = {len(b)} on [0, 4^J]", bit_extraction(b).network, [(MPQ(0), MPQ(4) ** len(b))])
               for b in ("1011", "10110010")]
    claims += [("product N = 1, L = 1 on [-1, 1]^2", product(1, 1, -1, 1).network, [(MPQ(-1), MPQ(1))] * 2),
               ("product N = 1, L = 2 on [-1, 1]^2", product(1, 2, -1, 1).network, [(MPQ(-1), MPQ(1))] * 2)]
    rows = []
    for claim, net, box in claims:
        start = time.perf_counter()
        exact = box_range(net, box)
        verinet_s = time.perf_counter() - start
        layered = to_layered(net)
        z3 = prove_range(Chain(to_json_dict(from_layered(layered.layers, layered.activations)), claim), box,
                         exact.minimum, exact.maximum)
        rows.append({"claim": f"range of {claim} = [{exact.minimum}, {exact.maximum}]", "verinet_s": round(verinet_s, 4),
                     "z3_s": round(z3["seconds"], 4), "agree": z3["holds"]})
    return rows + [_phi1_cubes()]


def _phi1_cubes() -> dict:
    from verinet.kernel.smt import cross_check
    from verinet.theorems.registry import get
    from verinet.theorems.syz2022.steps import axis_values

    cert = get("syz22-2.1")()
    start = time.perf_counter()
    from verinet.theorems.syz2022.thm_2_1 import build
    from verinet.theorems.syz2022.common import target_of
    inst = build(2, 2, target_of(2, "sin(3*x1)*x2/2"), 2)
    axis_values(inst.grid, inst.phi1)
    verinet_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.json"
        cert.write(path)
        rows = cross_check(path)
    cubes = [r for r in rows if "on the cube" in r["claim"]]
    return {"claim": f"phi_1 = 4^rho on each of the {len(cubes)} cubes of Thm 2.1 (d, n) = (2, 2)",
            "verinet_s": round(verinet_s, 4), "z3_s": round(sum(r["seconds"] for r in cubes), 4),
            "agree": all(r["status"] == "agrees" for r in cubes)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--cert", nargs="*", default=[], help="certificates written earlier, to check too")
    args = parser.parse_args(argv)
    result = {"kernel": kernel_rows(args.cert), "smt": smt_rows()}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for table in result.values():
            for row in table:
                print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
