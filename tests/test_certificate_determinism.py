"""Determinism (issue 18, point 4): two runs give byte-identical certificates apart from ``informational``.

Every default certificate (each theorem of ``verinet verify --all`` and each lemma of ``verinet
prove``) is written twice, by two processes with different hash seeds; the bytes before the
last top-level field ``informational`` must agree, and ``informational`` is the only field
holding timings, plans, machine and versions.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _write(folder, seed):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": str(seed)}
    subprocess.run([sys.executable, str(ROOT / "tests" / "default_certificates.py"), str(folder)], env=env,
                   check=True, cwd=ROOT)
    return {p.name: p.read_text() for p in sorted(Path(folder).glob("*.json"))}


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    return tuple(_write(tmp_path_factory.mktemp(f"run{seed}"), seed) for seed in (1, 2))


def _before_informational(text: str) -> str:
    head, sep, _ = text.partition('\n  "informational": ')
    assert sep, "informational is the last top-level field"
    return head


def test_every_default_certificate_is_byte_identical_apart_from_informational(two_runs):
    first, second = two_runs
    assert set(first) == set(second) and len(first) >= 16
    for name in first:
        assert _before_informational(first[name]) == _before_informational(second[name]), name


def test_timings_plans_machine_and_versions_live_only_in_informational(two_runs):
    for name, text in two_runs[0].items():
        data = json.loads(text)
        assert list(data)[-1] == "informational", name
        assert {"seconds", "machine", "versions"} <= set(data["informational"]), name
        assert not {"seconds", "plans"} & set(data), name
