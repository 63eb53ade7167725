"""One rotating log file in the data folder; bugs land there with their traceback.

The log files are the user's only (0600), like everything else Cultivate writes.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler

from desktop import paths
from desktop.atomic_files import OWNER_FILE, owner_only


class OwnerOnlyLog(RotatingFileHandler):
    """A rotating log whose files are created readable by their owner only, whatever the umask."""

    def _open(self):  # noqa: D401 - logging's name
        handle = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, OWNER_FILE)
        owner_only(self.baseFilename)
        return os.fdopen(handle, self.mode, encoding=self.encoding, errors=self.errors)


def configure() -> None:
    """Log to the current data folder's file (again, if the data folder has moved)."""
    logger = logging.getLogger("cultivate")
    target = str(paths.log_file())
    for handler in list(logger.handlers):
        if isinstance(handler, RotatingFileHandler):
            if handler.baseFilename == target:
                return
            logger.removeHandler(handler)
            handler.close()
    for old in paths.log_dir().glob("cultivate.log*"):   # from before: tightened
        owner_only(old)
    handler = OwnerOnlyLog(target, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
