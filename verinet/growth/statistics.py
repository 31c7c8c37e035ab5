"""The exact parameter statistics recorded at every point of a growth sweep.

``||theta||_inf`` is the largest absolute value of a weight or bias of the standard layered
form (the papers' measure; :func:`verinet.interpret.metrics.size_metrics`), with its bit sizes,
the layer and the construction block that hold it, and the maximum weight and bias apart
(:func:`verinet.interpret.statistics.parameter_statistics`).  Every variant's point function
calls :func:`point_statistics` and nothing else.
"""

from ..interpret.metrics import size_metrics
from ..interpret.statistics import parameter_statistics

__all__ = ["point_statistics"]


def point_statistics(net, blocks=None) -> dict:
    """Sizes and exact magnitudes of ``net`` and the largest parameter of each of ``blocks``.

    Parameters
    ----------
    net : Network
        The network the theorem is about.
    blocks : dict, optional
        ``{name: Network}``, the parts the construction assembled ``net`` from; each block's
        maximum is that of its own layered form (before the affine merges of the assembly,
        which multiply weights at the junctions, spec 3.2 item 3).

    Returns
    -------
    dict
        ``width``, ``depth``, ``parameters``, ``max_abs_parameter`` (exact), ``max_abs_weight``
        and ``max_abs_bias`` apart, its ``max_numerator_bits`` and ``max_denominator_bits``,
        ``max_layer`` (the affine layer holding it, 0-based), ``max_block`` (the construction's
        block holding it, :func:`verinet.interpret.statistics.parameter_statistics`) and
        ``blocks`` (``{name: max_abs_parameter}``).

    Examples
    --------
    >>> from verinet.calculus import relu_identity, scale
    >>> s = point_statistics(scale(relu_identity(1), 3), {"identity": relu_identity(1)})
    >>> s["depth"], s["width"], str(s["max_abs_parameter"]), s["max_layer"], str(s["blocks"]["identity"])
    (1, 2, '3', 1, '1')
    """
    m = size_metrics(net)
    top = max(m["layers"], key=lambda row: row["max_abs_parameter"])
    stats = parameter_statistics(net)
    return {"width": m["width"], "depth": m["depth"], "parameters": m["parameters"],
            "max_abs_parameter": m["max_abs_parameter"], "max_abs_weight": stats.max_abs_weight,
            "max_abs_bias": stats.max_abs_bias, "max_numerator_bits": m["max_numerator_bits"],
            "max_denominator_bits": m["max_denominator_bits"], "max_layer": top["layer"],
            "max_block": stats.location.block,
            "blocks": {name: size_metrics(block)["max_abs_parameter"] for name, block in (blocks or {}).items()}}
