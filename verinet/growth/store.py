"""A sweep directory: one JSON file per point, written atomically, read back to resume.

``DIR/points/<variant>-<axes>-<hash>.json`` holds ``{"variant", "params", "status", "row" or
"error", "seconds"}``; ``status`` is ``done``, ``failed`` or ``timeout``.  A file is written to
a temporary name in the same folder and renamed, so a killed sweep leaves whole files only.
"""

import hashlib
import json
import os
import tempfile
from pathlib import Path

from ..errors import FileFormatError
from ..json_objects import unique_keys

__all__ = ["point_key", "write_record", "read_records", "POINTS"]

POINTS = "points"


def point_key(variant: str, params: dict, axes=()) -> str:
    """The file stem of a point: readable axes plus a hash of the variant and every parameter.

    Examples
    --------
    >>> point_key("lsyz", {"d": 1, "q": 1, "N": 2, "L": 3, "f": "x1"}, ("N", "L"))
    'lsyz-N2-L3-e4d45878bb9f'
    """
    canonical = json.dumps({"variant": variant, "params": params}, sort_keys=True)
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:12]
    return "-".join([variant, *(f"{a}{params[a]}" for a in axes), digest])


def write_record(out_dir, key: str, record: dict) -> Path:
    """Write ``record`` as ``out_dir/points/key.json`` atomically (temporary file, then rename)."""
    folder = Path(out_dir) / POINTS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.json"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{key}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(json.dumps(record, indent=1, default=str) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_records(out_dir) -> dict:
    """``{key: record}`` of every point file in ``out_dir`` (empty when there is none).

    Raises
    ------
    FileFormatError
        For a point file that is not a JSON object with ``variant``, ``params`` and ``status``.
    """
    folder = Path(out_dir) / POINTS
    records = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            record = json.loads(path.read_text(), object_pairs_hook=unique_keys)
        except ValueError as exc:
            raise FileFormatError(f"{path}: not a point record ({exc})") from None
        if not isinstance(record, dict) or not {"variant", "params", "status"} <= set(record):
            raise FileFormatError(f"{path}: a point record needs 'variant', 'params' and 'status'")
        records[path.stem] = record
    return records
