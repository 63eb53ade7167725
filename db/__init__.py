"""Cultivate's storage: one SQLite file through sqlite-utils. Knows nothing of Qt."""

import sys


def _sqlite_utils_without_numpy() -> None:
    """Import sqlite-utils without letting it import numpy (and pandas) for the sake of
    column types Cultivate never stores: numpy alone is a third of a second of every
    start and every command. Anything that needs numpy later (the charts) imports it as
    usual: nothing stays hidden once sqlite-utils is in."""
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None   # "import numpy" raises ImportError, as if not installed
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]


_sqlite_utils_without_numpy()
