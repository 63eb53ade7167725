"""Child process for the disk-full test: save under a file-size limit, report what happened.

Usage: python -m tests.helpers.save_with_limit DATA_FILE LIMIT_BYTES ACTION
Prints one JSON line: {"saved": bool, "error": class name, "message": ..., "way_out": ...}.
"""

from __future__ import annotations

import json
import resource
import signal
import sys

from db import records, staff
from db.connection import open_database, saving
from db.errors import StorageError


def main() -> int:
    path, limit, action = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    db = open_database(path)
    person = staff.list_staff(db)[0]
    # Past the limit the kernel would kill us with SIGXFSZ; ignored, write() fails instead,
    # exactly as it does on a full disk.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    text_on_screen = "A long reflection. " * 40000
    outcome: dict = {"saved": False}
    try:
        with saving(db):
            if action == "update":
                staff.update(db, person.id, career_goals=text_on_screen)
            else:
                with db.atomic():
                    for number in range(3000):
                        records.insert(db, "goals", {
                            "staff_id": person.id, "title": f"Goal {number}", "description": text_on_screen[:2000],
                        })
        outcome["saved"] = True
    except StorageError as error:
        outcome.update(error=type(error).__name__, message=str(error), way_out=error.way_out)
    outcome["text_kept"] = len(text_on_screen)
    print(json.dumps(outcome), flush=True)
    try:
        db.close()
    except Exception:  # noqa: BLE001 - the closing checkpoint may fail too; the parent checks the file
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
