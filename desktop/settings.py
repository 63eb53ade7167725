"""Per-user settings, each declared once with its type and default.

Stored as JSON in the data folder (not QSettings) so the domain and CLI can read
them without Qt, and tests can point them at a temporary folder via paths.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from typing import Any

from desktop import paths


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
    ]
}
MAX_RECENT_FILES = 8


class Settings:
    def __init__(self, values: dict[str, Any] | None = None):
        self._values = values or {}

    @classmethod
    def load(cls) -> Settings:
        try:
            values = json.loads(paths.settings_file().read_text(encoding="utf-8"))
            if not isinstance(values, dict):
                values = {}
        except (OSError, ValueError):
            values = {}
        return cls(values)

    def get(self, key: str) -> Any:
        setting = SETTINGS[key]
        value = self._values.get(key, setting.default)
        if not isinstance(value, setting.type):
            return setting.default
        return value

    def set(self, key: str, value: Any) -> None:
        setting = SETTINGS[key]
        if not isinstance(value, setting.type):
            raise TypeError(f"{key} must be {setting.type.__name__}")
        self._values[key] = value
        self.save()

    def remember_file(self, path: os.PathLike | str) -> None:
        text = str(path)
        recent = [item for item in self.get("files.recent") if item != text]
        self._values["files.recent"] = [text, *recent][:MAX_RECENT_FILES]
        self._values["files.last"] = text
        self.save()

    def save(self) -> None:
        # Written to a temporary file and moved into place: a crash never leaves half a file.
        target = paths.settings_file()
        handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".settings-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(self._values, stream, indent=2, sort_keys=True)
            os.replace(temp_name, target)
        except OSError:
            try:
                os.unlink(temp_name)
            except OSError:
                pass
