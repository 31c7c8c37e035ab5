"""JSON certificates: the instance, every compared quantity exactly, the verdict, witnesses.

A certificate is a plain dict (see docs/certificates.md)::

    {"format": "verinet-certificate/2", "theorem": ..., "statement": ...,
     "instance": {...}, "checks": [{"name", "claim", "lhs", "rhs", "relation", "holds",
     "witness", ..., "evidence": {"kind": ..., ...}}], "sizes": {...}, "intrinsic": {...},
     "not_checked": [...], "assumptions": [...], "verdict": "pass" | "fail",
     "networks": {sha256: network JSON}, "digests": {...},
     "informational": {"seconds": {...}, "plans": {...}, "machine": ..., "versions": {...}}}

Everything outside ``informational`` depends only on the instance, so two runs give the same
bytes there; ``informational`` (timings, evaluation plans, machine, versions) is what the
kernel (:mod:`verinet.kernel`) ignores.  ``evidence`` lets the kernel re-check a check cheaply;
the networks it names are embedded once, in their standard layered form, under the SHA-256 of
their canonical JSON (:func:`network_ref`).  Format 1 certificates (``seconds`` and ``plans``
at the top level) still load.

Rationals are written ``"p/q"``; irrational quantities as sympy strings (``"sqrt(2)/8"``),
which the safe parser (:func:`~verinet.expressions.parse_number`) reads back exactly.  :func:`load` reads a certificate back
(validating its fields), and :func:`recheck` decides every recorded comparison again from
the strings alone, without the construction or analysis code.
"""

import hashlib
import json
import platform
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import sympy

from .. import progress
from ..errors import BoundViolation, FileFormatError, InvalidArgument
from ..interpret.exact import plan
from ..interpret.layered import from_layered, to_layered
from ..io import read_bounded, to_json_dict
from ..json_objects import unique_keys
from ..kernel.compare import decide
from ..network import Network
from ..reals import is_le

__all__ = ["Check", "Certificate", "compare_le", "compare_eq", "exact_str", "FORMAT", "FORMATS", "validate", "load",
           "recheck", "RELATIONS", "canonical_json", "sha256_of", "NetworkTable", "informational", "digests",
           "MAX_EMBEDDED_PARAMETERS"]

FORMAT = "verinet-certificate/2"
FORMATS = ("verinet-certificate/1", FORMAT)  # the formats load reads

# How each relation of a check reads: "<=" and "==" between exact numbers (or equal strings),
# "subset" between closed intervals written "[lo, hi]".
RELATIONS = ("<=", "==", "subset")

# Top-level fields and their JSON types; every check has _CHECK_FIELDS ("detail" optional).
_FIELDS = {"format": str, "theorem": str, "statement": str, "instance": dict, "verdict": str, "checks": list,
           "sizes": dict, "intrinsic": dict, "not_checked": list}
_FIELDS_1 = {"seconds": dict}  # format 1 only; format 2 keeps timings in informational
_FIELDS_2 = {"networks": dict, "digests": dict, "informational": dict}
_PLAN_FIELDS = {"path": str, "reason": str}
_CHECK_FIELDS = {"name": str, "claim": str, "lhs": str, "relation": str, "rhs": str, "holds": bool, "witness": dict}


def exact_str(value) -> str:
    """``'p/q'`` for rationals, sympy's string for symbolic numbers, ``str`` otherwise.

    Raises
    ------
    InvalidArgument
        For a float or a sympy expression containing one: a certificate holds exact values only.
    """
    if isinstance(value, float) or (isinstance(value, sympy.Basic) and value.atoms(sympy.Float)):
        raise InvalidArgument(f"{value!r} contains a float; certificates hold exact values only")
    return str(value)


@dataclass
class Check:
    """One compared quantity: ``lhs relation rhs`` (``relation`` is ``<=`` or ``==``)."""

    name: str
    claim: str
    lhs: object
    rhs: object
    holds: bool
    relation: str = "<="
    witness: dict = field(default_factory=dict)
    detail: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)  # what the kernel re-checks it from (docs/certificates.md)

    def to_dict(self, refs=None) -> dict:
        """The JSON form; ``refs`` (a :class:`NetworkTable`) replaces each network in ``evidence`` by its SHA-256."""
        return {
            "name": self.name,
            "claim": self.claim,
            "lhs": exact_str(self.lhs),
            "relation": self.relation,
            "rhs": exact_str(self.rhs),
            "holds": self.holds,
            "witness": _jsonable(self.witness),
            **({"detail": _jsonable(self.detail)} if self.detail else {}),
            **({"evidence": _jsonable(self.evidence, refs)} if self.evidence else {}),
        }

    def with_evidence(self, kind: str, **entries) -> "Check":
        """``self`` with ``evidence = {"kind": kind, **entries}`` (networks among the entries are embedded)."""
        self.evidence = {"kind": kind, **entries}
        return self


def compare_le(name: str, claim: str, lhs, rhs, witness=None, detail=None) -> Check:
    """A :class:`Check` of ``lhs <= rhs``, decided exactly (:func:`~verinet.reals.is_le`)."""
    return Check(name, claim, lhs, rhs, is_le(lhs, rhs), "<=", witness or {}, detail or {})


def compare_eq(name: str, claim: str, lhs, rhs, witness=None, detail=None) -> Check:
    """A :class:`Check` of ``lhs == rhs`` between exact rationals or ints (or lists of ints, compared whole)."""
    return Check(name, claim, lhs, rhs, lhs == rhs, "==", witness or {}, detail or {})


def _jsonable(value, refs=None):
    if isinstance(value, dict):
        return {str(k): _jsonable(v, refs) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, refs) for v in value]
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Network):
        if refs is None:
            raise InvalidArgument("a network in a check's evidence needs the certificate's network table")
        return refs.ref(value)
    return exact_str(value)


def canonical_json(value) -> str:
    """The canonical JSON text of ``value``: sorted keys, no spaces, ASCII; what every SHA-256 here is of."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def sha256_of(value) -> str:
    return hashlib.sha256(canonical_json(value).encode("ascii")).hexdigest()


# A network whose standard layered form has more parameters than this is referenced by its
# SHA-256 only (``networks[sha] = null``): checks resting on it are not re-checkable by the kernel.
MAX_EMBEDDED_PARAMETERS = 100_000


class NetworkTable:
    """The networks a certificate's evidence names: each in its standard layered form, keyed by the
    SHA-256 of that form's canonical JSON (the positions and sizes of a certificate refer to it)."""

    def __init__(self, known=None):
        self.networks, self._by_id, self.used = dict(known or {}), {}, set()

    def ref(self, net) -> str:
        """The SHA-256 naming ``net`` (a Network, or the SHA-256 of a network already in the table)."""
        if isinstance(net, str) and net in self.networks:
            self.used.add(net)
            return net
        key = id(net)
        if key not in self._by_id:
            layered = to_layered(net)
            form = to_json_dict(from_layered(layered.layers, layered.activations))
            sha = sha256_of(form)
            big = sum(layer.out_dim * (sum(layer.in_dims) + 1) for layer in layered.layers) > MAX_EMBEDDED_PARAMETERS
            self.networks[sha] = None if big else form
            self._by_id[key] = (net, sha)  # keeps net alive, so its id stays its own
        self.used.add(self._by_id[key][1])
        return self._by_id[key][1]

    def used_networks(self) -> dict:
        """``{sha: network}`` of the networks named since the table was made, sorted by SHA-256."""
        return {sha: self.networks[sha] for sha in sorted(self.used)}


def informational(seconds: dict, plans: dict) -> dict:
    """The fields the kernel ignores: wall-clock seconds per step, evaluation plans, machine, versions."""
    import gmpy2
    return {"seconds": {k: round(v, 3) for k, v in seconds.items()},
            "plans": {k: dict(v) for k, v in plans.items()},
            "machine": f"{platform.machine()} {platform.system()} {platform.release()}",
            "versions": {"python": platform.python_version(), "gmpy2": gmpy2.version(),
                         "sympy": sympy.__version__, "implementation": sys.implementation.name}}


def digests(data: dict) -> dict:
    """SHA-256 of each non-informational top-level field (each check separately), so that an edit made
    after writing is named by the field it touched.  A digest is no signature: anyone can recompute it;
    deliberate tampering is caught by the kernel's re-checks (docs/trust.md)."""
    out = {k: sha256_of(v) for k, v in data.items() if k not in ("checks", "networks", "digests", "informational")}
    out["checks"] = [sha256_of(c) for c in data["checks"]]
    return out


@dataclass
class Certificate:
    """The outcome of checking one theorem instance."""

    theorem: str
    statement: str
    instance: dict
    checks: list = field(default_factory=list)
    sizes: dict = field(default_factory=dict)
    intrinsic: dict = field(default_factory=dict)
    not_checked: list = field(default_factory=list)
    seconds: dict = field(default_factory=dict)
    assumptions: list = field(default_factory=list)  # unproven hypotheses the verdict rests on
    plans: dict = field(default_factory=dict)  # {label: {"path", "reason"}} of the networks evaluated exactly
    labels: dict = field(default_factory=dict)  # {label: Network} whose sizes the table lists (embedded)
    embedded: dict = field(default_factory=dict)  # {sha: network JSON} of a loaded certificate
    _table: object = field(default=None, init=False, repr=False, compare=False)  # layered forms, made once

    @property
    def verdict(self) -> str:
        return "pass" if self.checks and all(c.holds for c in self.checks) else "fail"

    @property
    def verdict_text(self) -> str:
        """The verdict as a reader should see it: ``"pass, assuming declared hypotheses (see assumptions)"`` when
        a pass rests on an unproven hypothesis, else :attr:`verdict`."""
        return "pass, assuming declared hypotheses (see assumptions)" if self.verdict == "pass" and self.assumptions else self.verdict

    @contextmanager
    def timed(self, step: str):
        """Add the wall-clock seconds of the ``with`` block to ``seconds[step]``; the block is
        also a reported stage (:mod:`verinet.progress`)."""
        start = time.perf_counter()
        try:
            with progress.stage(f"{self.theorem}: {step}"):
                yield
        finally:
            self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - start

    def record_plan(self, label: str, net) -> None:
        """Record under ``label`` the exact-evaluation plan of ``net`` (``{"path", "reason"}``)."""
        path, reason = plan(net)
        self.plans[label] = {"path": path, "reason": reason}

    def failures(self) -> list:
        return [c for c in self.checks if not c.holds]

    def require(self) -> "Certificate":
        """Return ``self`` if every check holds, else raise ``BoundViolation`` with the first witness."""
        bad = self.failures()
        if bad:
            c = bad[0]
            raise BoundViolation(f"{self.theorem}: {c.name} fails: {exact_str(c.lhs)} {c.relation} "
                                 f"{exact_str(c.rhs)} is false ({c.claim})", witness=c.witness)
        return self

    def to_dict(self) -> dict:
        if self._table is None:
            self._table = NetworkTable(self.embedded)
        refs, self._table.used = self._table, set(self.embedded)  # a loaded certificate's evidence names these
        out = {
            "format": FORMAT,
            "theorem": self.theorem,
            "statement": self.statement,
            "instance": _jsonable(self.instance),
            "verdict": self.verdict,
            "checks": [c.to_dict(refs) for c in self.checks],
            "sizes": _jsonable(self.sizes),
            "intrinsic": _jsonable(self.intrinsic),
            "not_checked": list(self.not_checked),
            "assumptions": list(self.assumptions),
        }
        if self.labels:
            out["labels"] = {label: refs.ref(net) for label, net in self.labels.items()}
        out["networks"] = refs.used_networks()
        out["digests"] = digests(out)
        out["informational"] = informational(self.seconds, self.plans)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "Certificate":
        """The certificate of :meth:`to_dict`'s output (quantities stay strings); validates first.

        Reads format 1 (``seconds``, ``plans`` at the top level) and format 2 (in ``informational``).
        """
        validate(data)
        checks = [Check(c["name"], c["claim"], c["lhs"], c["rhs"], c["holds"], c["relation"], c["witness"],
                        c.get("detail", {}), c.get("evidence", {})) for c in data["checks"]]
        info = data if data["format"] == FORMATS[0] else data["informational"]
        return cls(data["theorem"], data["statement"], data["instance"], checks, data["sizes"], data["intrinsic"],
                   data["not_checked"], dict(info.get("seconds", {})), list(data.get("assumptions", [])),
                   {k: dict(v) for k, v in info.get("plans", {}).items()}, dict(data.get("labels", {})),
                   dict(data.get("networks", {})))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def __repr__(self) -> str:
        failed = len(self.failures())
        return (f"<Certificate {self.theorem}: {self.verdict_text}; {len(self.checks)} checks, "
                f"{failed} failing>")

    def _repr_markdown_(self) -> str:
        """Notebooks show a certificate as its report (:func:`verinet.claims.report.render_markdown`)."""
        from .report import render_markdown

        return render_markdown(self)

    def write(self, path) -> None:
        with open(path, "w") as fh:
            fh.write(self.to_json() + "\n")


def validate(data) -> dict:
    """Check the structure of a certificate dict; return it.

    Raises
    ------
    FileFormatError
        Naming the missing or mistyped field (``checks[3].lhs``), an unknown format or
        relation, or a verdict that disagrees with the checks' ``holds``.
    """
    if not isinstance(data, dict):
        raise FileFormatError(f"a certificate is a JSON object, got {type(data).__name__}")
    _fields(data, {"format": str}, "certificate")
    if data["format"] not in FORMATS:
        raise FileFormatError(f"format={data['format']!r}; this reader knows {', '.join(map(repr, FORMATS))}")
    _fields(data, {**_FIELDS, **(_FIELDS_1 if data["format"] == FORMATS[0] else _FIELDS_2)}, "certificate")
    for i, check in enumerate(data["checks"]):
        where = f"checks[{i}]"
        if not isinstance(check, dict):
            raise FileFormatError(f"{where} is not an object")
        _fields(check, _CHECK_FIELDS, where)
        if check["relation"] not in RELATIONS:
            raise FileFormatError(f"{where}.relation={check['relation']!r}; known: {', '.join(RELATIONS)}")
    assumptions = data.get("assumptions", [])
    if not isinstance(assumptions, list) or not all(isinstance(a, str) for a in assumptions):
        raise FileFormatError(f"certificate.assumptions={assumptions!r} must be a list of strings")
    plans = (data if data["format"] == FORMATS[0] else data["informational"]).get("plans", {})
    if not isinstance(plans, dict):
        raise FileFormatError(f"certificate.plans={plans!r} must be an object")
    for label, entry in plans.items():
        if not isinstance(entry, dict):
            raise FileFormatError(f"certificate.plans[{label!r}]={entry!r} must be an object")
        _fields(entry, _PLAN_FIELDS, f"certificate.plans[{label!r}]")
    networks, labels = data.get("networks", {}), data.get("labels", {})
    if not isinstance(networks, dict) or not isinstance(labels, dict):
        raise FileFormatError("certificate.networks and certificate.labels must be objects")
    for label, sha in labels.items():
        if not isinstance(sha, str) or sha not in networks:
            raise FileFormatError(f"certificate.labels[{label!r}]={sha!r} names no network of certificate.networks")
    verdict = "pass" if data["checks"] and all(c["holds"] for c in data["checks"]) else "fail"
    if data["verdict"] != verdict:
        raise FileFormatError(f"verdict={data['verdict']!r} but the checks give {verdict!r}")
    return data


def _fields(obj: dict, spec: dict, where: str) -> None:
    for name, kind in spec.items():
        if name not in obj:
            raise FileFormatError(f"{where}: field {name!r} is missing")
        if not isinstance(obj[name], kind):
            raise FileFormatError(f"{where}.{name}={obj[name]!r} is a {type(obj[name]).__name__}, "
                                  f"expected {kind.__name__}")


def load(path) -> Certificate:
    """Read and validate a certificate JSON file.

    Raises
    ------
    FileFormatError
        For a file larger than :data:`verinet.io.MAX_FILE_BYTES` (read no further), one that is
        not UTF-8 JSON, a key repeated within one JSON object, or a malformed certificate; the
        message names the file.
    OSError
        If the file cannot be read.
    """
    raw = read_bounded(path)
    try:
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=unique_keys)
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"{path}: not UTF-8 text (byte offset {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"{path}: not JSON ({exc})") from None
    except FileFormatError as exc:  # a repeated key
        raise FileFormatError(f"{path}: {exc}") from None
    try:
        return Certificate.from_dict(data)
    except FileFormatError as exc:
        raise FileFormatError(f"{path}: {exc}") from None


def recheck(data: dict) -> list:
    """Decide every check's ``lhs relation rhs`` again from its strings; return the disagreements.

    The comparison is the trust kernel's (:func:`verinet.kernel.compare.decide`): numbers are
    read by the safe parser (nothing in a certificate is executed) and compared exactly; non-numeric
    sides of ``==`` compare as strings.  Returns ``[(name, recorded holds, recomputed holds)]``
    for each check whose recorded ``holds`` is not what the strings say (empty for a sound
    certificate).

    Raises
    ------
    FileFormatError
        For a malformed certificate, or a number beyond the parser's size limits (naming the field).
    """
    validate(data)
    return [(c["name"], c["holds"], ok) for i, c in enumerate(data["checks"])
            if (ok := decide(c["lhs"], c["relation"], c["rhs"], f"checks[{i}]")) != c["holds"]]
