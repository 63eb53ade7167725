"""Typed storage failures, each with a message a principal can act on."""

from __future__ import annotations


class NeedsCorrection(ValueError):
    """Something the user must change before it can be saved (a missing title, an
    impossible date, a full course). ``str()`` says what, in plain words; *field*
    names the form field it belongs beside, when there is one. The window shows it in
    the dialog, which stays open with the text kept; it is never a bug report."""

    def __init__(self, message: str = "", *, field: str | None = None):
        super().__init__(message)
        self.field = field


class StorageError(Exception):
    """A problem with the data file itself, not a bug. ``str()`` is plain words."""

    way_out = "Open another file, or restore a backup."


class NewerFileError(StorageError):
    def __init__(self, path, file_version: int, app_version: int):
        super().__init__(
            f"“{path}” was saved by a newer version of Cultivate (data format "
            f"{file_version}; this copy understands up to {app_version}). "
            "Cultivate has not changed it."
        )
        self.file_version = file_version
        self.app_version = app_version

    way_out = "Install the newer Cultivate to open it, or open another file."


class NotCultivateFileError(StorageError):
    def __init__(self, path, reason: str = "it is not a Cultivate database"):
        super().__init__(f"“{path}” cannot be opened: {reason}. Cultivate has not changed it.")

    way_out = "Choose the Cultivate data file (usually cultivate.db), or start a new one."


class DamagedFileError(StorageError):
    def __init__(self, path, detail: str):
        super().__init__(
            f"“{path}” is damaged and cannot be opened safely ({detail}). "
            "Cultivate has not changed it."
        )
        self.detail = detail

    way_out = "Restore the latest good backup, or salvage what is readable into a new file."


class ReadOnlyFileError(StorageError):
    """Cultivate cannot save to the file: *where* says what is read-only (file, folder or drive)."""

    _PLACES = {
        "file": "is read-only",
        "folder": "is in a read-only folder",
        "drive": "is on a read-only drive",
    }

    def __init__(self, path, where: str = "file"):
        super().__init__(
            f"“{path}” {self._PLACES.get(where, self._PLACES['file'])}, so Cultivate could not save "
            "changes to it. Cultivate has not changed it."
        )
        self.where = where
        if where == "drive":
            self.way_out = ("Copy the file to a drive you can write to (a USB stick or SD card may "
                            "have a lock switch), then open the copy.")

    way_out = "Copy the file to a folder you can write to, or change its permissions."


class FileInUseError(StorageError):
    def __init__(self, path, holder: str = ""):
        who = f" by {holder}" if holder else ""
        super().__init__(f"“{path}” is already open in another Cultivate window{who}.")

    way_out = "Switch to the other Cultivate window, or close it and try again."


class FileBusyError(StorageError):
    """SQLite's BUSY or LOCKED: another program held the file longer than Cultivate waits."""

    def __init__(self, path):
        super().__init__(
            f"“{path}” is busy: another program (a backup or sync tool, or a second copy of "
            "Cultivate) is using it, so the change was not saved."
        )

    way_out = "Wait a moment and try again. Your text is still on screen."


class DiskFullError(StorageError):
    def __init__(self, path):
        super().__init__(f"The disk holding “{path}” is full, so the change was not saved.")

    way_out = "Free some disk space, then try again. Your text is still on screen."


class SaveFailedError(StorageError):
    def __init__(self, path, detail: str = ""):
        extra = f" ({detail})" if detail else ""
        super().__init__(
            f"The disk holding “{path}” reported an error{extra}, so the change was not saved. "
            "What was saved before is unchanged."
        )

    way_out = "Check the disk or USB stick, then try again. Your text is still on screen."


class UnexpectedSchemaError(StorageError):
    """The file's tables, triggers, indexes or views are not the ones Cultivate's migrations make.

    A trigger or view in a file runs with its data, so such a file is never opened:
    it may have been changed to do something on the next edit (make private notes
    public, say). *problems* names each difference in plain words.
    """

    def __init__(self, path, problems: list[str]):
        self.problems = list(problems) or ["a schema Cultivate did not make"]
        shown = "; ".join(self.problems[:4]) + ("; …" if len(self.problems) > 4 else "")
        super().__init__(
            f"“{path}” cannot be opened safely: its design is not the one Cultivate makes "
            f"({shown}). A file like this may have been changed to run code of its own. "
            "Cultivate has not changed it."
        )

    way_out = ("Restore a backup Cultivate made, or salvage its records into a new file "
               "(its data is copied, the extra code is not).")


class PassphraseNeededError(StorageError):
    """The file is protected with a passphrase this Cultivate has not been given yet."""

    def __init__(self, path):
        super().__init__(f"“{path}” is protected with a passphrase.")
        self.path = path

    way_out = "Type its passphrase to open it."


class WrongPassphraseError(StorageError):
    def __init__(self, path):
        super().__init__(f"That passphrase does not open “{path}”. Cultivate has not changed it.")
        self.path = path

    way_out = ("Check Caps Lock and the keyboard layout, and try again. Without its passphrase "
               "nobody can open the file, Cultivate included.")
