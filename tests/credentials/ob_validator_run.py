"""Run 1EdTech's Open Badges 2.0 validator offline; print its report as JSON.

Runs inside the validator's own virtual environment (see conftest.py), not the
app's: ``python ob_validator_run.py URL`` or ``python ob_validator_run.py --png FILE``.
The JSON-LD context is served from the copy the package ships.
"""

import json
import sys

from openbadges import verify
from openbadges.verifier import utils as obu
from openbadges.verifier.openbadges_context import (
    OPENBADGES_CONTEXT_V2_DICT,
    OPENBADGES_CONTEXT_V2_URI,
)

_original = obu.CachableDocumentLoader.__call__


def _offline(self, url):
    if url in (OPENBADGES_CONTEXT_V2_URI, "http://w3id.org/openbadges/v2"):
        return {"contextUrl": None, "documentUrl": url,
                "document": json.dumps(OPENBADGES_CONTEXT_V2_DICT)}
    return _original(self, url)


obu.CachableDocumentLoader.__call__ = _offline

if __name__ == "__main__":
    if sys.argv[1] == "--png":
        with open(sys.argv[2], "rb") as image:
            result = verify(image)
    else:
        result = verify(sys.argv[1])
    print(json.dumps({"report": result["report"], "graph": result.get("graph", [])}))
