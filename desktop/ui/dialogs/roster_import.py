"""Staff ▸ Import roster…: pick an export, see exactly what would change, then import.

Nothing is written until Import is pressed; then a backup is kept and the whole
plan is applied in one transaction through the window's actions, which tell the
tabs that staff changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from db import driver
from db.errors import StorageError
from desktop.core.roster import ImportOptions, RosterPlan, RosterReadError, plan_import, read_roster
from desktop.core.roster.apply import apply_plan, keep_backup
from desktop.ui.models.table import RIGHT, Column, DataclassTableModel
from desktop.ui.runner import Runner

FILE_FILTER = ("Roster exports (*.zip *.csv *.xlsx);;OneRoster zip (*.zip);;"
               "CSV files (*.csv);;Excel workbooks (*.xlsx);;All files (*)")


@dataclass(frozen=True)
class PreviewRow:
    change: str  # Add, Update, Archive, Rejected
    name: str
    details: str
    file: str
    line: int | None


def preview_rows(plan: RosterPlan) -> list[PreviewRow]:
    rows = []
    for add in plan.adds:
        person = add.person
        school = f", {add.school.name}" if hasattr(add.school, "name") else ""
        details = f"{person.role.replace('_', ' ')}{school}"
        if person.email:
            details += f", {person.email}"
        rows.append(PreviewRow("Add", person.full_name, details, person.file, person.line))
    for update in plan.updates:
        rows.append(PreviewRow("Update", update.staff.full_name,
                               "; ".join(change.describe() for change in update.changes),
                               update.person.file, update.person.line))
    for archive in plan.archives:
        rows.append(PreviewRow("Archive", archive.staff.full_name, archive.reason, "", None))
    for rejected in plan.rejected:
        rows.append(PreviewRow("Rejected", "", rejected.reason, rejected.file, rejected.line))
    return rows


class RosterPreviewModel(DataclassTableModel[PreviewRow]):
    columns = (
        Column("Change", lambda row: row.change, width=9),
        Column("Name", lambda row: row.name, width=22),
        Column("Details", lambda row: row.details, tooltip=lambda row: row.details),
        Column("File", lambda row: row.file, width=14),
        Column("Line", lambda row: "" if row.line is None else str(row.line),
               sort_key=lambda row: row.line or 0, align=RIGHT, width=6),
    )


def choose_export_file(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Choose a roster export", "", FILE_FILTER)
    return Path(name) if name else None


def choose_export_folder(parent: QWidget | None) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, "Choose a OneRoster export folder")
    return Path(name) if name else None


class RosterImportDialog(QDialog):
    """The import is one operation of the window's runner: one step for Edit ▸ Undo."""

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 runner: Runner | None = None):
        super().__init__(parent)
        self.db = db
        self.runner = runner if runner is not None else Runner(db, None, self)
        self.plan: RosterPlan | None = None
        self.path: Path | None = None
        self.setWindowTitle("Import staff roster")
        self.setMinimumSize(760, 480)

        intro = QLabel("Choose the staff export from your school information system: a "
                       "OneRoster folder or zip, or a CSV or Excel staff list. You will see "
                       "every change before anything is imported.")
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("No export chosen yet")
        self.path_edit.setAccessibleName("Roster export")
        self.file_button = QPushButton("Choose &file…")
        self.file_button.setAccessibleName("Choose file")
        self.file_button.clicked.connect(self.pick_file)
        self.folder_button = QPushButton("Choose f&older…")
        self.folder_button.setAccessibleName("Choose folder")
        self.folder_button.clicked.connect(self.pick_folder)
        chooser = QHBoxLayout()
        chooser.addWidget(self.path_edit, 1)
        chooser.addWidget(self.file_button)
        chooser.addWidget(self.folder_button)

        self.other_staff = QCheckBox("Also import &other staff (aides, counselors, office staff)")
        self.other_staff.setAccessibleName("Also import other staff")
        self.archive_missing = QCheckBox("&Archive staff who are no longer in the export")
        self.archive_missing.setAccessibleName("Archive staff no longer in the export")
        for box in (self.other_staff, self.archive_missing):
            box.toggled.connect(self.refresh_plan)

        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Import summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = RosterPreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Changes the import would make")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setAccessibleName("Import")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.import_now)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(chooser)
        layout.addWidget(self.other_staff)
        layout.addWidget(self.archive_missing)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.file_button.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, *, runner: Runner | None = None) -> bool:
        """Show the dialog; True when an import was applied."""
        return cls(db, parent, runner=runner).exec() == QDialog.DialogCode.Accepted

    # -- choosing and previewing ---------------------------------------------------------
    def pick_file(self) -> None:
        path = choose_export_file(self)
        if path is not None:
            self.set_path(path)

    def pick_folder(self) -> None:
        path = choose_export_folder(self)
        if path is not None:
            self.set_path(path)

    def set_path(self, path: Path) -> None:
        self.path = Path(path)
        self.path_edit.setText(str(self.path))
        self.refresh_plan()

    def options(self) -> ImportOptions:
        return ImportOptions(archive_missing=self.archive_missing.isChecked(),
                             include_other_staff=self.other_staff.isChecked())

    def refresh_plan(self) -> None:
        if self.path is None:
            return
        try:
            # Read again each time: rows are read once, and the file may have been re-exported.
            self.plan = plan_import(self.db, read_roster(self.path), self.options())
        except (RosterReadError, OSError) as error:
            self.plan = None
            self.model.set_rows([])
            self._show_summary(str(error) if isinstance(error, RosterReadError)
                               else f"“{self.path}” could not be read ({error.strerror}).",
                               problem=True)
            self.import_button.setEnabled(False)
            return
        self.model.set_rows(preview_rows(self.plan))
        self.table.resizeColumnsToContents()
        skipped = ", ".join(f"{count:,} {why}" for why, count in self.plan.skipped.items() if count)
        text = self.plan.summary().capitalize() + (f" (skipped {skipped})" if skipped else "") + "."
        if not self.plan.changes_anything:
            text += " Cultivate already matches this export: there is nothing to import."
        self._show_summary(text)
        self.import_button.setEnabled(self.plan.changes_anything)

    def _show_summary(self, text: str, *, problem: bool = False) -> None:
        self.summary.setText(text)
        self.summary.setAccessibleDescription(text)
        self.summary.setStyleSheet("color: #b3261e; font-weight: bold;" if problem else "")

    # -- importing ------------------------------------------------------------------------
    def import_now(self) -> None:
        plan = self.plan
        if plan is None or not plan.changes_anything:
            return
        try:
            keep_backup(self.db)
        except (StorageError, OSError, *driver.Error) as error:
            self._show_summary(f"Cultivate could not keep a backup first, so nothing was "
                               f"imported: {error}", problem=True)
            return
        result = self.runner.perform("Import the staff roster",
                                     lambda db: apply_plan(db, plan, backup=False),
                                     status=f"Roster imported: {plan.summary()}.",
                                     report_corrections=False)
        if not result.ok:
            reason = f": {result.correction}" if result.correction is not None else "."
            self._show_summary(f"The import was not saved; nothing changed{reason}", problem=True)
            return
        self.accept()
