"""One rotating log file in the data folder; bugs land there with their traceback."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

from desktop import paths


def configure() -> None:
    logger = logging.getLogger("cultivate")
    if any(isinstance(h, RotatingFileHandler) for h in logger.handlers):
        return
    handler = RotatingFileHandler(
        paths.log_file(), maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
