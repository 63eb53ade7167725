"""Importing the storage layer: sqlite-utils without what Cultivate never asks of it."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: this test process has long since imported everything.
PROBE = """
import json, sys
import db
before = {name: type(sys.modules.get(name)).__name__
          for name in ("numpy", "dateutil.parser", "dateutil.tz")}
from sqlite_utils import recipes
parsed = recipes.parsedate("1 December 2026")
import dateutil.parser
print(json.dumps({"before": before, "parsed": parsed,
                  "after": type(sys.modules["dateutil.parser"]).__name__,
                  "parse": dateutil.parser.parse("2026-12-02").date().isoformat()}))
"""


def test_sqlite_utils_comes_without_numpy_and_with_the_date_parser_loaded_when_first_used():
    completed = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True,
                               text=True, check=True)
    result = json.loads(completed.stdout)
    assert result["before"]["numpy"] == "NoneType"          # not imported at all
    assert result["before"]["dateutil.parser"] == "_LazyModule"   # there, its code not yet run
    assert result["before"]["dateutil.tz"] == "NoneType"
    # sqlite-utils's own use of it, and anyone's later import, get the real module.
    assert result["parsed"] == "2026-12-01"
    assert result["after"] == "module"
    assert result["parse"] == "2026-12-02"
