"""The growth-sweep figure, headless (Agg): panels, drawn data, claimed slopes, image facts."""

import json

import pytest

pytest.importorskip("matplotlib")

from matplotlib.image import imread  # noqa: E402

from verinet.analysis.pwl1d import piecewise_linear_form  # noqa: E402
from verinet.cli.main import main  # noqa: E402
from verinet.errors import InvalidArgument  # noqa: E402
from verinet.growth.lsyz import lsyz_network  # noqa: E402
from verinet.growth.store import write_record  # noqa: E402
from verinet.plot.sweep import save_figure, sweep_figure  # noqa: E402


def records(d=1):
    """Made-up rows of the lsyz variant (max|theta| = 72 N^2 L^3); the (1, 1) point has the most
    parameters, so the d = 1 panel rebuilds that (small) network."""
    out = []
    for n in (1, 2, 4):
        for l in (1, 2):
            row = {"max_abs_parameter": str(72 * n * n * l**3), "parameters": 10**5 if (n, l) == (1, 1) else 100 * n * l,
                   "error_bound": f"1/{n * l}", "blocks": {}}
            out.append({"variant": "lsyz", "params": {"d": d, "q": 1, "N": n, "L": l, "f": "x1/2"}, "status": "done",
                        "row": row})
    out.append({"variant": "lsyz", "params": {"d": d, "q": 1, "N": 8, "L": 8, "f": "x1/2"}, "status": "timeout",
                "error": "over the limit"})
    return out


def test_panels_and_drawn_data():
    fig, info = sweep_figure(records())
    assert info["panels"] == ["max_theta_vs_N", "max_theta_vs_L", "error_bound_vs_parameters",
                              "network_vs_target", "error_curve"]
    assert info["points"] == 6 and info["curve"]["N"] == 1 and info["curve"]["L"] == 1
    vs_n = fig.axes[0]
    assert vs_n.get_xscale() == vs_n.get_yscale() == "log"
    data, claimed = vs_n.lines[:2], vs_n.lines[2:]
    assert list(data[0].get_xdata()) == [1, 2, 4] and list(data[0].get_ydata()) == pytest.approx([72, 288, 1152])
    slopes = sorted(round(float(_slope(line)), 6) for line in claimed)  # the seed's N-exponents 3 and 2
    assert slopes == [2, 3]
    # the network is drawn at its exact breakpoints, not sampled
    (form,) = piecewise_linear_form(lsyz_network(1, 1, 1, 1, "x1/2"), 0, 1)
    network = fig.axes[3].lines[1]
    assert len(network.get_xdata()) == len(form.breakpoints) == info["curve"]["pieces"] + 1
    assert list(network.get_ydata()) == pytest.approx([float(v) for v in form.values])


def _slope(line):
    import math
    x, y = line.get_xdata(), line.get_ydata()
    return math.log(y[-1] / y[0]) / math.log(x[-1] / x[0])


def test_image_facts(tmp_path):
    info = save_figure(records(), tmp_path / "five.png")
    image = imread(tmp_path / "five.png")
    assert image.shape[:2] == (360, 2000) and len(info["panels"]) == 5
    ink = (image[:, :, :3] < 0.9).any(axis=2).mean()
    assert 0.02 < ink < 0.5
    red = ((image[:, :, 0] > 0.7) & (image[:, :, 1] < 0.3) & (image[:, :, 2] < 0.3)).sum()  # the network's curve
    assert red > 50
    save_figure(records(d=2), tmp_path / "three.png")  # no network panel for d = 2
    assert imread(tmp_path / "three.png").shape[:2] == (360, 1200)


def test_nothing_to_plot():
    with pytest.raises(InvalidArgument, match="no finished point"):
        sweep_figure(records()[-1:])


def test_cli_plot_sweep(tmp_path, capsys):
    for i, rec in enumerate(records(d=2)):
        write_record(tmp_path / "sweep", f"p{i}", rec)
    assert main(["--json", "plot", "sweep", str(tmp_path / "sweep"), "-o", str(tmp_path / "s.png")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["points"] == 6 and out["figure"].endswith("s.png") and (tmp_path / "s.png").stat().st_size > 10_000
    assert main(["plot", "sweep", str(tmp_path / "empty"), "-o", str(tmp_path / "e.png")]) == 2
    assert "no point records" in capsys.readouterr().err
