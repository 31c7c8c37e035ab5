"""The kernel's driver: structure, digests, embedded networks, then every check from its evidence.

For each check the kernel first decides ``lhs relation rhs`` again from the two strings
(:func:`.compare.decide`) and compares the result with the stated ``holds``; then, when the
check carries evidence, it re-checks the check from it (:mod:`.evidence`) and reports

* ``re-checked`` -- the evidence was verified (e.g. the network evaluated at the listed points);
* ``re-derived`` -- the kernel recomputed the stated quantities from the embedded network(s) and
  the instance (parameter counts, the trifling measure, the range of ``phi_2``);
* ``not re-checkable`` -- with why (no evidence yet; a network too large to embed; a cost over
  the work budget); only the comparison of the strings and the digest vouch for it;
* ``FAILED`` -- a discrepancy, naming the field.

The verdict is ``pass`` only when nothing failed, every check holds and the stated verdict is
``pass``.  Format 1 certificates (no evidence, no digests) can only be re-compared.
"""

import hashlib
import json

from ..errors import FileFormatError
from . import evidence
from .compare import Mismatch, Skip, decide
from .network import Chain
from .read import get

__all__ = ["check_data", "Context", "Skip", "Mismatch", "MAX_WORK"]

# Multiply-adds of exact evaluation the kernel spends on one certificate before it reports the
# rest of the evaluations as not re-checkable (raise with --max-work).
MAX_WORK = 4_000_000

_CHECK_FIELDS = {"name": str, "claim": str, "lhs": str, "relation": str, "rhs": str, "holds": bool, "witness": dict}
_TOP = {"format": str, "theorem": str, "statement": str, "instance": dict, "verdict": str, "checks": list,
        "sizes": dict, "intrinsic": dict, "not_checked": list}
FORMATS = ("verinet-certificate/1", "verinet-certificate/2")


class Context:
    """What the evidence functions share: the certificate, its parsed networks, the work budget."""

    def __init__(self, data: dict, max_work: int):
        self.data, self.instance, self.work_left = data, data["instance"], max_work
        self.networks = data.get("networks", {})
        self._chains, self.derived = {}, {}

    def chain(self, sha, where: str) -> Chain:
        if not isinstance(sha, str) or sha not in self.networks:
            raise Mismatch(f"{where}={sha!r} names no network of the certificate's networks table")
        if self.networks[sha] is None:
            raise Skip(f"network {sha[:12]} is referenced by its SHA-256 only (too large to embed)")
        if sha not in self._chains:
            self._chains[sha] = Chain(self.networks[sha], f"networks[{sha[:12]}]")
        return self._chains[sha]

    def charge(self, work: int, what: str) -> None:
        if work > self.work_left:
            raise Skip(f"{what} costs {work} exact multiply-adds, over the {self.work_left} left of the "
                       "kernel's work budget (raise it with --max-work; or re-run verinet verify)")
        self.work_left -= work


def sha256(value) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def check_data(data, max_work: int = MAX_WORK) -> dict:
    """The kernel's report on a certificate dict: per check its status, the problems, the verdict."""
    if not isinstance(data, dict):
        raise FileFormatError(f"a certificate is a JSON object, got {type(data).__name__}")
    for key, kind in _TOP.items():
        get(data, key, kind, "certificate")
    version = data["format"]
    if version not in FORMATS:
        raise FileFormatError(f"format={version!r}; the kernel reads {', '.join(FORMATS)}")
    problems = []
    if version == FORMATS[1]:
        problems += _integrity(data)
    ctx = Context(data, max_work)
    rows = []
    for i, check in enumerate(data["checks"]):
        where = f"checks[{i}]"
        for key, kind in _CHECK_FIELDS.items():
            get(check, key, kind, where)
        rows.append(_one(ctx, check, f"{where} ({check['name']})"))
    problems += [row["note"] for row in rows if row["status"] == "FAILED"]
    problems += evidence.whole_certificate(ctx)
    holds = bool(data["checks"]) and all(c["holds"] for c in data["checks"])
    if data["verdict"] != ("pass" if holds else "fail"):
        problems.append(f"verdict={data['verdict']!r} does not follow from the checks' holds")
    ok = not problems and holds and data["verdict"] == "pass"
    counts = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return {"theorem": data["theorem"], "format": version, "stated_verdict": data["verdict"],
            "verdict": "pass" if ok else "fail", "counts": counts, "problems": problems, "checks": rows}


def _integrity(data) -> list:
    for key in ("networks", "digests", "informational"):
        get(data, key, dict, "certificate")
    problems = []
    for sha, net in data["networks"].items():
        if net is not None and sha256(net) != sha:
            problems.append(f"networks[{sha[:12]}...]: the embedded network's SHA-256 is {sha256(net)[:12]}...")
    stated = data["digests"]
    fields = [k for k in data if k not in ("checks", "networks", "digests", "informational")]
    for key in sorted(set(fields) | set(stated) - {"checks"}):
        if key not in data or stated.get(key) != sha256(data[key]):
            problems.append(f"{key}: differs from digests.{key} (edited after writing, or the digest was)")
    digests = stated.get("checks")
    if not isinstance(digests, list) or len(digests) != len(data["checks"]):
        problems.append("digests.checks: not one digest per check")
    else:
        for i, (check, digest) in enumerate(zip(data["checks"], digests)):
            if sha256(check) != digest:
                name = check.get("name") if isinstance(check, dict) else None
                problems.append(f"checks[{i}] ({name}): differs from digests.checks[{i}]")
    return problems


def _one(ctx: Context, check: dict, where: str) -> dict:
    row = {"name": check["name"], "status": "", "note": ""}
    try:
        if check["relation"] not in ("<=", "==", "subset"):
            raise Mismatch(f"{where}.relation={check['relation']!r} is not <=, == or subset")
        if decide(check["lhs"], check["relation"], check["rhs"], where) != check["holds"]:
            raise Mismatch(f"{where}.holds={check['holds']} but {check['lhs']!r} {check['relation']} "
                           f"{check['rhs']!r} is {not check['holds']}")
        ev = check.get("evidence")
        if ev is None:
            raise Skip("no evidence yet: only lhs relation rhs is re-decided from its strings")
        row["status"] = evidence.recheck(ctx, check, ev, where)
    except Skip as why:
        row.update(status="not re-checkable", note=str(why))
    except (Mismatch, FileFormatError) as exc:
        row.update(status="FAILED", note=str(exc))
    return row
