"""Per-user settings, each declared once with its type and default, and one object for the whole program.

Stored as JSON in the data folder (not QSettings) so the domain and CLI can read
them without Qt, and tests can point them at a temporary folder via paths.

Like Picard's ``config.get_config()``, :func:`get_settings` gives every part of
the window the same object, so a change made anywhere (the coverage threshold in
Observations › Coverage) is seen everywhere at once. Saving writes only the keys
that changed, on top of what the file holds now, and an object notices when the
file was changed by another Cultivate: nobody writes a stale copy back.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop import paths

log = logging.getLogger("cultivate")


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    description: str


SETTINGS = {
    setting.key: setting
    for setting in [
        Setting("window.geometry", str, "", "main window size and position (Qt, base64)"),
        Setting("window.last_tab", int, 0, "index of the tab shown at last exit"),
        Setting("files.recent", list, [], "recently opened data files, newest first"),
        Setting("files.last", str, "", "the data file opened last"),
        Setting("sample.offered", bool, False, "the sample school was offered on first start"),
        Setting("coverage.threshold_days", int, 14, "days without a visit before a teacher is flagged"),
        Setting("pdf.page_size", str, "letter", "letter or A4 for printed handouts"),
        Setting("backups.keep", int, 10, "how many automatic backups to keep"),
        Setting("privacy.lock_after_minutes", int, 10,
                "idle minutes before a passphrase-protected file's window locks (0: never)"),
    ]
}
MAX_RECENT_FILES = 8


class Settings:
    """Settings values; backed by a file when loaded (:meth:`load`), in memory only when made from a dict."""

    def __init__(self, values: dict[str, Any] | None = None, *, path: os.PathLike | str | None = None):
        self._values: dict[str, Any] = dict(values or {})
        self._path = Path(path) if path is not None else None
        self._seen: tuple[int, int, int] | None = None

    @classmethod
    def load(cls, path: os.PathLike | str | None = None) -> Settings:
        """The settings file's values, kept in step with it (default: the user's own file)."""
        settings = cls(path=path if path is not None else paths.settings_file())
        settings._reload()
        return settings

    @property
    def path(self) -> Path | None:
        return self._path

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            status = os.stat(self._path)
        except (OSError, TypeError):
            return None
        return status.st_mtime_ns, status.st_size, status.st_ino

    def _read_file(self) -> dict[str, Any]:
        try:
            values = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError, AttributeError):
            return {}
        return values if isinstance(values, dict) else {}

    def _reload(self) -> None:
        self._seen = self._stamp()
        self._values = self._read_file()

    def _follow_file(self) -> None:
        # Another Cultivate (a second window, a command) may have saved a change since.
        if self._path is not None and self._stamp() != self._seen:
            self._reload()

    def get(self, key: str) -> Any:
        setting = SETTINGS[key]
        self._follow_file()
        value = self._values.get(key, setting.default)
        if not isinstance(value, setting.type):
            return setting.default
        return value

    def set(self, key: str, value: Any) -> None:
        setting = SETTINGS[key]
        if not isinstance(value, setting.type):
            raise TypeError(f"{key} must be {setting.type.__name__}")
        self._write({key: value})

    def remember_file(self, path: os.PathLike | str) -> None:
        text = str(path)
        recent = [item for item in self.get("files.recent") if item != text]
        self._write({"files.recent": [text, *recent][:MAX_RECENT_FILES], "files.last": text})

    def _write(self, changes: dict[str, Any]) -> None:
        """Save *changes* on top of what the file holds now: only these keys are written."""
        if self._path is None:
            self._values.update(changes)
            return
        values = self._read_file()
        values.update(changes)
        self._values = values
        try:
            from desktop.atomic_files import write_text

            # Written to a temporary file and moved into place: a crash never leaves half a file.
            write_text(self._path, json.dumps(values, indent=2, sort_keys=True))
        except OSError as error:   # a read-only data folder: the change still holds for this run
            log.warning("could not save the settings to %s: %s", self._path, error)
        self._seen = self._stamp()


_shared: Settings | None = None


def get_settings() -> Settings:
    """The one settings object of this program (for the current data folder)."""
    global _shared
    path = paths.settings_file()
    if _shared is None or _shared.path != path:
        _shared = Settings.load(path)
    return _shared
