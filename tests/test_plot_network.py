"""``verinet plot FILE --interval a,b [--target EXPR]``: the exact 1-D form against the target,
the error curve and the worst point (issue 20, point 3); tested headless (Agg) on pixel facts."""

import pytest

pytest.importorskip("matplotlib")

import matplotlib.image as mpimg  # noqa: E402
import numpy as np  # noqa: E402

from verinet import io  # noqa: E402
from verinet.cli.main import main  # noqa: E402
from verinet.constructions.sawtooth import yarotsky_square  # noqa: E402
from verinet.plot.network import plot_network  # noqa: E402


def _pixels(path, rgb) -> int:
    """How many pixels are within 0.03 of the colour ``rgb`` (floats in [0, 1])."""
    image = mpimg.imread(str(path))[..., :3]
    return int((np.abs(image - np.array(rgb)).max(axis=2) < 0.03).sum())


ORANGE, RED = (1.0, 0.498, 0.055), (0.839, 0.153, 0.157)  # tab:orange (the worst point), tab:red (the network)


def test_the_error_panel_marks_the_exact_worst_point(tmp_path):
    path = tmp_path / "f4.png"
    info = plot_network(yarotsky_square(4).network, 0, 1, path, target="x**2")
    assert info["sup_error"] == "1/1024" and info["witness"] == "1/32" and info["pieces"] == 16
    assert mpimg.imread(str(path)).shape[:2] == (600, 800)
    assert _pixels(path, ORANGE) > 30 and _pixels(path, RED) > 100


def test_without_a_target_only_the_network_is_drawn(tmp_path):
    path = tmp_path / "f4.png"
    plot_network(yarotsky_square(4).network, 0, 1, path)
    assert mpimg.imread(str(path)).shape[:2] == (400, 800)
    assert _pixels(path, ORANGE) == 0 and _pixels(path, RED) > 100


def test_cli_plot_file_and_its_errors(tmp_path, capsys):
    net = tmp_path / "f3.json"
    io.save(yarotsky_square(3).network, net)
    assert main(["plot", str(net), "--interval", "0,1", "--target", "x**2", "-o", str(tmp_path / "p.png")]) == 0
    assert "witness: 1/16" in capsys.readouterr().out
    assert main(["plot", str(net), "-o", str(tmp_path / "p.png")]) == 2
    assert "plot FILE needs --interval a,b" in capsys.readouterr().err
    assert main(["plot", "sweep", "--interval", "0,1", "-o", str(tmp_path / "p.png")]) == 2
    assert "apply to a network file" in capsys.readouterr().err
