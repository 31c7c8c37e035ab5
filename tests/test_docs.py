"""The docs site builds strictly, and the tutorials do what they say: every ``$ verinet ...``
line of a ``console`` block and every ``python`` block of the getting-started page and the
construction tutorial runs (in a fresh directory, in order), exit code 0."""

import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from verinet.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
TUTORIALS = ["getting-started.md", "tutorial-construction.md"]
# Commands that need an optional extra, by their first word after "verinet".
NEEDS = {"export": ("torch", "onnx"), "drift": ("torch",), "plot": ("matplotlib",)}


def _blocks(page: str, language: str) -> list:
    return re.findall(rf"```{language}\n(.*?)```", (ROOT / "docs" / page).read_text(), re.S)


def _commands(page: str) -> list:
    lines = [line[2:] for block in _blocks(page, "console") for line in block.splitlines() if line.startswith("$ ")]
    return [shlex.split(line, comments=True) for line in lines]


def _exit_code(argv) -> int:
    """``verinet ARGV``'s exit code; ``--help`` ends through ``SystemExit`` as argparse does."""
    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code


def _installed(modules) -> bool:
    return all(importlib.util.find_spec(m) is not None for m in modules)


def test_the_docs_site_builds_strictly(tmp_path):
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                         cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 0, run.stderr[-3000:]
    api = (tmp_path / "site" / "api" / "index.html").read_text()
    assert "assert_realises" in api and "analyze_interval" in api


@pytest.mark.parametrize("page", TUTORIALS)
def test_tutorial_commands_and_code_run(page, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for argv in _commands(page):
        if argv[0] != "verinet":  # pip lines: installing is the reader's step, not the test's
            continue
        if not _installed(NEEDS.get(argv[1], ())):
            continue
        assert _exit_code(argv[1:]) == 0, (argv, capsys.readouterr().err)
    code = "\n".join(_blocks(page, "python"))
    if code:
        script = tmp_path / "tutorial.py"
        script.write_text(code)
        run = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr[-3000:]


def test_every_tutorial_has_something_to_run():
    assert all(_blocks(page, "python") for page in TUTORIALS)
    assert any(argv[0] == "verinet" for argv in _commands("getting-started.md"))


def test_the_readme_tour_runs(tmp_path):
    tour = re.search(r"## Python API in 20 lines\n\n```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert tour and len(tour.group(1).strip().splitlines()) <= 20
    script = tmp_path / "tour.py"
    script.write_text(tour.group(1))
    run = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    assert (tmp_path / "a1.json").is_file()
