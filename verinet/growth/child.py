"""``python -m verinet.growth.child VARIANT PARAMS_JSON VERIFY``: one point in its own process.

Prints the point's record as JSON on stdout.  The sweep runs a point here when it has a time
limit (``--seconds``), so that a point over the limit is killed without stopping its worker.
"""

import json
import sys

from .points import compute_record

if __name__ == "__main__":
    name, params, verify = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3] == "1"
    print(json.dumps(compute_record(name, params, verify), default=str))
