"""Reports (issue 20, point 5): ``--report FILE.html|FILE.md`` writes a readable page of a
certificate — every check with its numbers and witness, sizes, what was not checked, the
verdict last — that renders hostile certificate text as text."""

import shutil
import subprocess

import pytest

from verinet.claims.certificate import Certificate, compare_le
from verinet.claims.report import render_html, render_markdown, write_report
from verinet.cli.main import main
from verinet.errors import InvalidArgument

A1 = ["verify", "syz22-a1", "--d", "1", "--n", "2", "--f", "x1/2", "--lipschitz", "1/2"]


def hostile_certificate() -> Certificate:
    evil = "<script>alert('x')</script> | `code`"
    return Certificate("demo " + evil, evil, {"n": evil, "big": 7 ** 200},
                       [compare_le("ok", "fine", 0, 1), compare_le("bad", evil, 2, 1, witness={"x": "1/3"})],
                       not_checked=[evil])


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_verify_writes_a_report(tmp_path, capsys, suffix):
    path = tmp_path / f"a1{suffix}"
    assert main([*A1, "--report", str(path)]) == 0
    text = path.read_text()
    assert "Shen-Yang-Zhang 2022, Theorem A.1" in text and "error_off_trifling" in text
    assert text.rstrip().endswith(("</html>", "checks hold)")) and "Verdict: pass" in text
    assert "mpq(" not in text  # exact numbers as p/q, never Python reprs


def test_html_escapes_everything_a_certificate_holds():
    page = render_html(hostile_certificate())
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count('<tr class="fail">') == 1
    assert 'id="verdict">Verdict: fail (1 of 2 checks hold)' in page


def test_markdown_keeps_tables_intact_and_shortens_long_numbers():
    text = render_markdown(hostile_certificate())
    check_rows = [line for line in text.splitlines() if line.startswith("| ok") or line.startswith("| bad")]
    assert len(check_rows) == 2 and all(row.count(" | ") == 6 for row in check_rows)  # '|' in text is escaped
    big = str(7 ** 200)
    assert big not in text and f"({len(big)} chars, ~" in text
    assert text.rstrip().endswith("**Verdict: fail** (1 of 2 checks hold)")


def test_report_suffix_and_sweep_are_checked(tmp_path, capsys):
    with pytest.raises(InvalidArgument, match="must end in .html or .md"):
        write_report(hostile_certificate(), tmp_path / "r.pdf")
    assert main(["verify", "syz22-a1", "--sweep", "n=1,2", "--report", str(tmp_path / "r.html")]) == 2
    assert "--report writes one certificate's page" in capsys.readouterr().err


def test_certificate_reprs_for_people_and_notebooks():
    cert = hostile_certificate()
    assert repr(cert).endswith("fail; 2 checks, 1 failing>")
    assert cert._repr_markdown_() == render_markdown(cert)


def test_report_renders_in_headless_chromium(tmp_path, capsys):
    """One real browser: the page renders, and the verdict box is the pass colour."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    png = pytest.importorskip("matplotlib.image")
    page, shot = tmp_path / "a1.html", tmp_path / "a1.png"
    assert main([*A1, "--report", str(page)]) == 0
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                    "--window-size=1200,2400", page.as_uri()], check=True, capture_output=True, timeout=120)
    image = png.imread(str(shot))
    assert image.shape[:2] == (2400, 1200)
    pass_green = (image[..., 0] < 0.92) & (image[..., 1] > 0.94) & (image[..., 2] < 0.92)  # #e3f6e5
    assert pass_green.sum() > 2000  # the verdict box is drawn
