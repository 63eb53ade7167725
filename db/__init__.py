"""Cultivate's storage: one SQLite file through sqlite-utils. Knows nothing of Qt."""

import importlib.util
import sys

# What sqlite-utils imports for work Cultivate never asks of it, used only inside the
# functions that need it, so loaded on first use: dateutil's parser (and its time zones),
# for sqlite-utils's date-guessing recipes, was 11 ms of every start and command. (click,
# for its command line, cannot wait: a hook's annotation names click.Group at import.)
_LOADED_WHEN_FIRST_USED = ("dateutil.parser",)


def _load_when_first_used(name: str) -> None:
    """Put *name* in ``sys.modules`` as a module that runs its code on first attribute use
    (the standard library's ``importlib.util.LazyLoader``)."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return   # not installed: sqlite-utils's own import says so, as before
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


def _sqlite_utils_without_numpy() -> None:
    """Import sqlite-utils without letting it import numpy (and pandas) for the sake of
    column types Cultivate never stores: numpy alone is a third of a second of every
    start and every command. Anything that needs numpy later (the charts) imports it as
    usual: nothing stays hidden once sqlite-utils is in."""
    if "sqlite_utils" in sys.modules:
        return
    for name in _LOADED_WHEN_FIRST_USED:
        _load_when_first_used(name)
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
