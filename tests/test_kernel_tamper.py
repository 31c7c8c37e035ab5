"""Tamper evidence (issue 18, point 3): every single-field change of a default certificate is detected.

For each default certificate (every theorem of ``verinet verify --all``, every lemma), each
non-informational field is changed in turn -- a number +-1 in the last place of its numerator
(the last integer of a symbolic number), a boolean flipped, an integer +1, any other string
changed -- and ``verinet check``'s kernel must fail with a message naming the field's top-level
key (``checks[i]`` for a check).  To stay fast, each check gets its ``lhs`` and one more field
(rotating over name, claim, relation, rhs, holds, witness, detail, evidence, so every kind is
covered); every other top-level field, every instance parameter and one leaf of each network,
size entry and digest are changed.  A second test recomputes the digests after the change (a
deliberate forger) and requires the SYZ checks the kernel re-checks or re-derives to be caught
by the re-check itself.
"""

import copy
import json
import re
import sys
from pathlib import Path

import pytest

from verinet.claims.certificate import digests
from verinet.errors import FileFormatError
from verinet.kernel import check_data

ROOT = Path(__file__).resolve().parents[1]
CHECK_FIELDS = ("name", "claim", "relation", "rhs", "holds", "witness", "detail", "evidence")


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    folder = tmp_path_factory.mktemp("certs")
    sys.path.insert(0, str(ROOT / "tests"))
    from default_certificates import write_all

    return {name: json.loads((folder / f"{name}.json").read_text()) for name in write_all(str(folder))}


def mutated(value):
    """The single-field change of a leaf value (None when it has none)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if value is None:
        return 0
    if isinstance(value, str):
        numbers = list(re.finditer(r"[0-9]+", value))
        if numbers:
            last = numbers[-1] if not re.fullmatch(r"-?[0-9]+/[0-9]+", value) else numbers[0]
            return value[:last.start()] + str(int(last.group()) + 1) + value[last.end():]
        return value + "~"
    return None


def leaves(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leaves(v, path + (i,))
    else:
        yield path, value


def sample(data) -> list:
    """The paths changed: see the module docstring."""
    out = []
    for i, check in enumerate(data["checks"]):
        present = [f for f in CHECK_FIELDS if f in check and next(leaves(check[f]), None)]
        for field in ("lhs", present[i % len(present)]):
            out.append(("checks", i) + next(leaves(check[field], (field,)))[0])
    for key, value in data.items():
        if key in ("checks", "informational"):
            continue
        groups = value.items() if key in ("instance", "sizes", "networks", "digests", "labels") else [(None, value)]
        for sub, part in groups:
            first = next(leaves(part), None)
            if first is not None:
                out.append((key,) + ((sub,) if sub is not None else ()) + first[0])
    return out


def apply(data, path):
    forged = copy.deepcopy(data)
    target = forged
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = mutated(target[path[-1]])
    return forged


def detected(forged) -> str:
    """The kernel's complaint (empty when it passes the forged certificate)."""
    try:
        report = check_data(forged)
    except FileFormatError as exc:
        return str(exc)
    return "" if report["verdict"] == "pass" else " | ".join(report["problems"]) or "verdict fail"


def test_every_single_field_change_is_detected_and_named(certificates):
    tried = 0
    for name, data in certificates.items():
        for path in sample(data):
            message = detected(apply(data, path))
            named = f"checks[{path[1]}]" if path[0] == "checks" else str(path[0])
            assert message and named in message, (name, path, message[:300])
            tried += 1
    assert tried > 400


def test_the_network_table_key_is_bound_to_its_network(certificates):
    data = certificates["syz22-a1"]
    sha = next(iter(data["networks"]))
    forged = copy.deepcopy(data)
    forged["networks"][sha[:-1] + ("0" if sha[-1] != "0" else "1")] = forged["networks"].pop(sha)
    assert "networks[" in detected(forged)


def _forge(data, path):
    forged = apply(data, path)
    forged["digests"] = digests({k: v for k, v in forged.items() if k not in ("digests", "informational")})
    return forged


@pytest.mark.parametrize("name", ["syz22-a1", "syz22-2.1", "syz22-2.2", "syz22-2.3"])
def test_a_forger_who_recomputes_the_digests_is_caught_by_the_re_checks(certificates, name):
    data = certificates[name]
    statuses = {r["name"]: r["status"] for r in check_data(data)["checks"]}
    paths = []
    for i, check in enumerate(data["checks"]):
        if statuses[check["name"]] in ("re-checked", "re-derived"):
            paths += [("checks", i, "lhs"), ("checks", i, "holds")]
            if check["relation"] != "==" or check["lhs"] != check["rhs"]:
                paths.append(("checks", i, "rhs"))
            ev = [p for p, v in leaves(check["evidence"], ("evidence",)) if p[-1] != "kind"]
            paths += [("checks", i) + ev[len(ev) // 2]] if ev else []
    paths += [("instance", k) for k in ("d", "n", "K", "delta", "s", "b") if k in data["instance"]]
    paths += [("sizes", "phi1", "parameters"), ("sizes", "network", "nonzero_parameters")]
    for path in paths:
        assert detected(_forge(data, path)), (name, path)
