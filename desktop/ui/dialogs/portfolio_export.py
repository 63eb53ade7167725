"""File ▸ Print growth portfolio…: one teacher, a selection or the whole staff, to PDF in the background.

The dialog only gathers choices (``ask()`` returns an :class:`ExportRequest`, or
None). :func:`start_export` then runs :mod:`desktop.core.batch_export` on a
worker thread with its own read-only connection, behind a progress dialog whose
Cancel stops between teachers; the window stays responsive throughout.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from db import clock, school_years, staff
from desktop.core import batch_export
from desktop.core.batch_export import BatchResult, PortfolioOptions
from desktop.core.portfolio_data import SchoolYear, portfolio_year
from desktop.reports.pdf_base import MIN_PDF_PASSWORD
from desktop.settings import Settings, get_settings
from desktop.ui import messages

PRIVATE_TEXT = "Include private notes, private conversations and shared wellbeing check-ins"
PASSWORD_TEXT = "Protect the PDF with a pass&word (to send it by email)"
ONE, FOLDER, COMBINED = "one", "folder", "combined"
FONT_WARNING_NAME = "Names that will not print fully"


@dataclass(frozen=True)
class ExportRequest:
    staff_ids: list[str]
    mode: str                 # ONE (a single teacher), FOLDER or COMBINED
    target: Path              # a .pdf file, or the folder for FOLDER
    options: PortfolioOptions


def choose_pdf_file(parent: QWidget | None, suggested: str) -> Path | None:
    return messages.choose_save_path(parent, "Save growth portfolio", suggested, "PDF files (*.pdf)",
                                     suffix=".pdf")


def choose_folder(parent: QWidget | None) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, "Choose a folder for the portfolios")
    return Path(name) if name else None


class PortfolioExportDialog(QDialog):
    def __init__(self, db: Database, staff_id: str | None, *, selected_ids: list[str] | None = None,
                 today: date | None = None, settings: Settings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Print growth portfolio")
        self.setMinimumWidth(560)
        self.db = db
        self.settings = settings or get_settings()
        self.member = staff.get(db, staff_id) if staff_id else None
        self.everyone = batch_export.staff_for_export(db)
        # Several people picked in the staff list (Ctrl/Shift+click): they are the default choice.
        self.selection = [item for item in dict.fromkeys(selected_ids or []) if staff.get(db, item)]
        layout = QVBoxLayout(self)

        who = QGroupBox("Who")
        who_layout = QVBoxLayout(who)
        self.one_button = QRadioButton(f"&Only {self.member.full_name}" if self.member else "&Only one teacher "
                                       "(pick one in the staff list first)")
        self.selection_button = QRadioButton(f"The &selected teachers ({len(self.selection)})")
        self.selection_button.setVisible(len(self.selection) > 1)
        self.all_button = QRadioButton(f"&Every teacher ({len(self.everyone)})")
        self.one_button.setEnabled(self.member is not None)
        if len(self.selection) > 1:
            self.selection_button.setChecked(True)
        else:
            (self.one_button if self.member else self.all_button).setChecked(True)
        self.all_button.setEnabled(bool(self.everyone))
        self.folder_button = QRadioButton("One PDF per teacher, in a &folder")
        self.combined_button = QRadioButton("All in one &combined PDF")
        self.folder_button.setChecked(True)
        for button in (self.one_button, self.selection_button, self.all_button):
            button.setAccessibleName(button.text().replace("&", ""))
            who_layout.addWidget(button)
        self.how = QWidget()
        how_layout = QVBoxLayout(self.how)
        how_layout.setContentsMargins(24, 0, 0, 0)
        for button in (self.folder_button, self.combined_button):
            button.setAccessibleName(button.text().replace("&", ""))
            how_layout.addWidget(button)
        who_layout.addWidget(self.how)
        self._who = QButtonGroup(self)
        self._who.addButton(self.one_button)
        self._who.addButton(self.selection_button)
        self._who.addButton(self.all_button)
        self._how = QButtonGroup(self)
        self._how.addButton(self.folder_button)
        self._how.addButton(self.combined_button)
        self.one_button.toggled.connect(self._who_changed)
        self.selection_button.toggled.connect(self._who_changed)
        self.all_button.toggled.connect(self._who_changed)
        layout.addWidget(who)

        # Before printing: whose name has characters no font here prints (they would be boxes).
        self.font_warning = QLabel()
        self.font_warning.setWordWrap(True)
        self.font_warning.setAccessibleName(FONT_WARNING_NAME)
        layout.addWidget(self.font_warning)

        form = QFormLayout()
        self.year_box = QComboBox()
        self.year_box.setAccessibleName("School year")
        # Every school year the file has, the current one first chosen: any year prints.
        current = school_years.current(db, today or clock.today())
        for record in school_years.list_years(db):
            text = record.long_label + (" (current)" if record.id == current.id else "")
            self.year_box.addItem(text, record.id)
        self.year_box.setCurrentIndex(max(self.year_box.findData(current.id), 0))
        year_label = QLabel("School &year")
        year_label.setBuddy(self.year_box)
        form.addRow(year_label, self.year_box)
        self.page_box = QComboBox()
        self.page_box.setAccessibleName("Paper size")
        self.page_box.addItem("Letter", "letter")
        self.page_box.addItem("A4", "a4")
        self.page_box.setCurrentIndex(1 if str(self.settings.get("pdf.page_size")).lower() == "a4" else 0)
        page_label = QLabel("&Paper size")
        page_label.setBuddy(self.page_box)
        form.addRow(page_label, self.page_box)
        layout.addLayout(form)

        self.private_box = QCheckBox(PRIVATE_TEXT)
        self.private_box.setAccessibleName(PRIVATE_TEXT)
        self.private_warning = QLabel("Left out unless ticked. Ticked copies are marked CONFIDENTIAL on every page.")
        self.private_warning.setWordWrap(True)
        layout.addWidget(self.private_box)
        layout.addWidget(self.private_warning)

        # A password on the PDFs, for a portfolio sent by email (AES-256; see pdf_base.protect_pdf).
        self.password_box = QCheckBox(PASSWORD_TEXT)
        self.password_box.setAccessibleName(PASSWORD_TEXT.replace("&", ""))
        self.password_fields = QWidget()
        password_form = QFormLayout(self.password_fields)
        password_form.setContentsMargins(24, 0, 0, 0)
        self.password = QLineEdit()
        self.password_again = QLineEdit()
        for field, text in ((self.password, "Pass&word"), (self.password_again, "The same a&gain")):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(text.replace("&", ""))
            caption = QLabel(text)
            caption.setBuddy(field)
            password_form.addRow(caption, field)
        self.password_problem = QLabel()
        self.password_problem.setStyleSheet("color: #b3261e;")
        self.password_problem.setAccessibleName("Password problem")
        self.password_problem.setWordWrap(True)
        password_form.addRow("", self.password_problem)
        self.password_fields.setVisible(False)
        self.password_box.toggled.connect(self._password_changed)
        self.password.textChanged.connect(self._password_changed)
        self.password_again.textChanged.connect(self._password_changed)
        layout.addWidget(self.password_box)
        layout.addWidget(self.password_fields)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("&Print to PDF…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.export_button.setEnabled(self.member is not None or bool(self.everyone))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._who_changed()
        self._password_changed()

    def _password_problem(self) -> str:
        if not self.password_box.isChecked():
            return ""
        if len(self.password.text()) < MIN_PDF_PASSWORD:
            return f"At least {MIN_PDF_PASSWORD} characters; tell it to the teacher another way than the email."
        if self.password.text() != self.password_again.text():
            return "The two passwords are not the same."
        return ""

    def _password_changed(self, *_args) -> None:
        self.password_fields.setVisible(self.password_box.isChecked())
        problem = self._password_problem()
        self.password_problem.setText(problem)
        self.password_problem.setVisible(bool(problem))
        can_print = self.member is not None or bool(self.everyone)
        self.export_button.setEnabled(can_print and not problem)

    def _who_changed(self, *_args) -> None:
        self.how.setEnabled(not self.one_button.isChecked())
        found = batch_export.unprintable_names(self.db, self.staff_ids()) if self.staff_ids() else []
        self.font_warning.setVisible(bool(found))
        shown = found[:5]
        more = f"\n…and {len(found) - 5} more." if len(found) > 5 else ""
        self.font_warning.setText(
            ("Warning: no font Cultivate ships has some characters of these names; they will print as "
             "empty boxes.\n" + "\n".join(item.message for item in shown) + more) if found else "")
        self.font_warning.setAccessibleDescription(self.font_warning.text())
        self.unprintable = found

    # --- reading the choices --------------------------------------------------------------

    @property
    def mode(self) -> str:
        if self.one_button.isChecked():
            return ONE
        return COMBINED if self.combined_button.isChecked() else FOLDER

    @property
    def year(self) -> SchoolYear:
        return portfolio_year(school_years.get(self.db, self.year_box.currentData()))

    def options(self, today: date) -> PortfolioOptions:
        password = self.password.text() if self.password_box.isChecked() else ""
        return PortfolioOptions(year=self.year, generated_on=today, include_private=self.private_box.isChecked(),
                                page_size_name=self.page_box.currentData(), password=password)

    def staff_ids(self) -> list[str]:
        if self.mode == ONE:
            return [self.member.id] if self.member else []
        return list(self.selection) if self.selection_button.isChecked() else list(self.everyone)

    def suggested_name(self) -> str:
        if self.mode == ONE:
            return batch_export.portfolio_file_name(self.member.full_name, self.year.label)
        chosen = " - selected" if self.selection_button.isChecked() else ""
        return f"Growth portfolios{chosen} - {self.year.label.replace('–', '-')}.pdf"

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, staff_id: str | None, *,
            selected_ids: list[str] | None = None, today: date | None = None,
            settings: Settings | None = None) -> ExportRequest | None:
        """The export the user asked for (target chosen too), or None if they cancelled."""
        dialog = cls(db, staff_id, selected_ids=selected_ids, today=today, settings=settings, parent=parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        dialog.settings.set("pdf.page_size", dialog.page_box.currentData())
        mode = dialog.mode
        target = choose_folder(parent) if mode == FOLDER else choose_pdf_file(parent, dialog.suggested_name())
        if target is None:
            return None
        # *today* picks the default year (a finished year's file keeps its own); the print date is real.
        return ExportRequest(dialog.staff_ids(), mode, target, dialog.options(clock.today()))


# --- running it in the background ---------------------------------------------------------

def worker_database(db: Database, path: Path | None) -> Callable[[], Database]:
    """How the worker thread gets its own connection: the file read-only, or a copy of an
    in-memory database (SQLite connections must not be shared across threads)."""
    from db.connection import database_over, open_read_only

    if path is not None:
        return lambda: open_read_only(path, check=False)
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    db.conn.backup(copy)
    return lambda: database_over(copy)


class PortfolioExportJob(QThread):
    """Writes the PDFs off the GUI thread; ``requestInterruption()`` is Cancel."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)          # BatchResult
    failed = Signal(str, str)           # what happened, what to do

    def __init__(self, connect: Callable[[], Database], request: ExportRequest):
        super().__init__()
        self.connect_db = connect
        self.request = request
        self.result: BatchResult | None = None

    def run(self) -> None:
        from desktop.errors import is_bug, log, plain_message

        request = self.request
        try:
            db = self.connect_db()
            try:
                report = self.progressed.emit
                stop = self.isInterruptionRequested
                if request.mode == ONE:
                    report(0, 1, "")
                    path = batch_export.write_one(db, request.staff_ids[0], request.target, request.options)
                    self.result = BatchResult(total=1, written=[path], done=1)
                elif request.mode == COMBINED:
                    self.result = batch_export.export_combined(db, request.staff_ids, request.target,
                                                               request.options, progress=report, cancelled=stop)
                else:
                    self.result = batch_export.export_to_folder(db, request.staff_ids, request.target,
                                                                request.options, progress=report, cancelled=stop)
            finally:
                db.close()
        except Exception as error:  # noqa: BLE001 - reported to the person, and logged if a bug
            if is_bug(error):
                log.error("Portfolio export failed", exc_info=error)
            self.failed.emit(*plain_message(error))
            return
        self.succeeded.emit(self.result)


_running: set[PortfolioExport] = set()   # exports alive until their thread ends
_quit_hooked = False


def _stop_running_exports() -> None:
    # Quitting while a thread still runs would abort the process; stop between teachers instead.
    for export in list(_running):
        export.thread.requestInterruption()
        export.thread.wait()


class PortfolioExport(QObject):
    """The GUI-thread side of one export: the progress dialog, Cancel, the closing summary.

    The worker's signals arrive here queued, so every widget is touched on the GUI
    thread only. The export has no Qt parent, so closing the window never destroys
    a running thread; it is kept alive in ``_running`` until the thread has ended.
    """

    progressed = Signal(int, int, str)   # re-emitted on the GUI thread
    ended = Signal(str)                  # the one-line summary, once the thread has finished

    def __init__(self, parent: QWidget | None, connect: Callable[[], Database], request: ExportRequest):
        super().__init__()
        self.request = request
        self.result: BatchResult | None = None
        self.summary = ""
        self.progress = QProgressDialog("Preparing the growth portfolios…", "Cancel", 0,
                                        len(request.staff_ids), parent)
        self.progress.setWindowTitle("Printing growth portfolios")
        self.progress.setAccessibleName("Printing growth portfolios")
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.thread = PortfolioExportJob(connect, request)
        self.thread.progressed.connect(self._progressed)
        self.thread.succeeded.connect(self._succeeded)
        self.thread.failed.connect(self._failed)
        self.thread.finished.connect(self._finished)
        self.progress.canceled.connect(self.cancel)

    def start(self) -> None:
        global _quit_hooked
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None and not _quit_hooked:
            app.aboutToQuit.connect(_stop_running_exports)
            _quit_hooked = True
        _running.add(self)
        self.progress.setValue(0)
        self.thread.start()

    @Slot()
    def cancel(self) -> None:
        self.progress.setLabelText("Stopping after the portfolio being written…")
        self.thread.requestInterruption()

    @Slot(int, int, str)
    def _progressed(self, done: int, total: int, name: str) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        if name and not self.thread.isInterruptionRequested():
            self.progress.setLabelText(f"Writing {done + 1} of {total}: {name}")
        self.progressed.emit(done, total, name)

    @Slot(object)
    def _succeeded(self, result: BatchResult) -> None:
        self.result = result
        self.summary = summary_of(self.request, result)

    @Slot(str, str)
    def _failed(self, what: str, way_out: str) -> None:
        self.summary = f"The portfolios were not printed. {what} {way_out}".strip()

    @Slot()
    def _finished(self) -> None:
        self.thread.wait()  # "finished" comes just before the thread really ends
        self.progress.close()
        _running.discard(self)
        self.ended.emit(self.summary)


def start_export(parent: QWidget, db: Database, path: Path | None, request: ExportRequest, *,
                 on_done: Callable[[str], None] | None = None) -> PortfolioExport:
    """Run *request* in the background behind a progress dialog; *on_done* gets a one-line summary."""
    export = PortfolioExport(parent, worker_database(db, path), request)
    if on_done:
        export.ended.connect(on_done)
    export.start()
    return export


def summary_of(request: ExportRequest, result: BatchResult) -> str:
    if result.cancelled:
        kept = (f"{len(result.written)} finished PDF{'s' if len(result.written) != 1 else ''} kept in "
                f"{request.target}" if result.written else "nothing was written")
        return f"Printing cancelled after {result.done} of {result.total}; {kept}."
    if request.mode == FOLDER:
        return f"Printed {len(result.written)} growth portfolios into {request.target}."
    if request.mode == COMBINED:
        return f"Printed {result.done} growth portfolios into {request.target}."
    return f"Printed the growth portfolio to {request.target}."


def print_growth_portfolio(window) -> PortfolioExport | None:
    """The File ▸ Print growth portfolio… action: the sidebar's teacher, its selection, or everyone."""
    selected = window.sidebar.selected_ids() if hasattr(window.sidebar, "selected_ids") else []
    request = PortfolioExportDialog.ask(window, window.db, window.sidebar.staff_id, selected_ids=selected,
                                        today=getattr(window, "today", None),
                                        settings=getattr(window, "settings", None))
    if request is None:
        return None

    def done(summary: str) -> None:
        messages.show_status(window, summary, seconds=15)

    return start_export(window, window.db, window.path, request, on_done=done)
