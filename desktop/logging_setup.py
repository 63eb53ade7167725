"""One rotating log file in the data folder; bugs land there with their traceback."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

from desktop import paths


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
    handler = RotatingFileHandler(target, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
