"""JSON objects read strictly: a key written twice is an error, not "the last one wins".

Python's ``json`` keeps the last value of a repeated key, so a file could show a reader one
weight and a reviewer another.  The network reader (:mod:`verinet.io`), the certificate
reader (:mod:`verinet.claims.certificate`) and the ONNX sidecar reader
(:mod:`verinet.bridge.onnx_import`) pass :func:`unique_keys` as ``object_pairs_hook``.
"""

from .errors import FileFormatError

__all__ = ["unique_keys"]


def unique_keys(pairs) -> dict:
    """The dict of ``pairs`` (a JSON object's ``(key, value)`` list), refusing a repeated key.

    Raises
    ------
    FileFormatError
        Naming the repeated key (and the object's ``"name"``, if it has one).

    Examples
    --------
    >>> import json
    >>> json.loads('{"a": 1, "b": 2}', object_pairs_hook=unique_keys)
    {'a': 1, 'b': 2}
    >>> json.loads('{"name": "L1", "bias": ["1"], "bias": ["2"]}', object_pairs_hook=unique_keys)
    Traceback (most recent call last):
    ...
    verinet.errors.FileFormatError: key 'bias' is given twice in one JSON object (the object named 'L1')
    """
    out = {}
    for key, value in pairs:
        if key in out:
            name = out.get("name")
            named = f" (the object named {name!r})" if isinstance(name, str) else ""
            raise FileFormatError(f"key {key!r} is given twice in one JSON object{named}")
        out[key] = value
    return out
