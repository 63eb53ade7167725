"""Every location Cultivate reads or writes, in one place.

Tests call :func:`override_data_dir` so nothing touches the real user folder.

The data folder and Cultivate's folders in it (backups, logs) are the user's only
(0700 on Linux and macOS), made so and tightened each time they are asked for.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import platformdirs

from desktop.atomic_files import owner_folder, owner_only

APP_DIR_NAME = "Cultivate"
DATA_FILE_NAME = "cultivate.db"
_ENV_OVERRIDE = "CULTIVATE_DATA_DIR"

_data_dir_override: Path | None = None


def override_data_dir(path: Path | None) -> None:
    """Point every per-user location at *path* (None restores the default)."""
    global _data_dir_override
    _data_dir_override = Path(path) if path is not None else None


def data_dir() -> Path:
    if _data_dir_override is not None:
        folder = _data_dir_override
    elif os.environ.get(_ENV_OVERRIDE):
        folder = Path(os.environ[_ENV_OVERRIDE])
    else:
        folder = Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    return _own_folder(folder)


def _own_folder(folder: Path) -> Path:
    owner_folder(folder)
    owner_only(folder)   # one made by an earlier version, or by hand, is tightened
    return folder


def default_database() -> Path:
    return data_dir() / DATA_FILE_NAME


def settings_file() -> Path:
    return data_dir() / "settings.json"


def log_dir() -> Path:
    return _own_folder(data_dir() / "logs")


def log_file() -> Path:
    return log_dir() / "cultivate.log"


def cache_dir() -> Path:
    """Things Cultivate can rebuild (matplotlib's font list): the user's cache folder."""
    if _data_dir_override is not None or os.environ.get(_ENV_OVERRIDE):
        return data_dir() / "cache"
    return Path(platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False))


def backups_dir() -> Path:
    return _own_folder(data_dir() / "backups")


def resources_dir() -> Path:
    """The shipped data files: rubrics, catalog, fonts, icons.

    In a source checkout (or editable install) that is ``resources/`` beside the
    packages; the PyInstaller bundle keeps it as ``resources/`` beside its Python
    modules; an installed wheel carries it as the ``cultivate_resources`` package.
    """
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    source_tree = Path(__file__).resolve().parent.parent / "resources"
    if source_tree.is_dir():
        return source_tree
    # A data-only (namespace) package: its folder, not importlib.resources' MultiplexedPath,
    # whose str() is not a path.
    spec = importlib.util.find_spec("cultivate_resources")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("Cultivate's resources folder is missing from this installation")
    return Path(next(iter(spec.submodule_search_locations)))


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def fonts_dir() -> Path:
    return resource("fonts")
