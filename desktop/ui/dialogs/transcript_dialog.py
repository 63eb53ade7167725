"""A teacher's credit-hours transcript for a school year: shown, then saved as PDF or CSV."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from db import school_years
from desktop.core import wording
from desktop.core.transcript import Transcript, gather_transcript
from desktop.ui import messages

AskPath = Callable[[QWidget | None, str, str, str], Path | None]


def transcript_html(transcript: Transcript) -> str:
    if not transcript.lines:
        return (f"<p>{escape(transcript.teacher_name)} completed no professional learning in "
                f"{escape(transcript.year_name)}.</p>")
    rows = "".join(
        f"<tr><td>{escape(line.title)}</td><td>{escape(Transcript.format_label(line.format))}</td>"
        f"<td>{escape(wording.day(line.first_day))} – {escape(wording.day(line.last_day))}</td>"
        f"<td align='right'>{escape(wording.hours(line.hours))}</td></tr>"
        for line in transcript.lines)
    return (f"<table width='100%' cellspacing='0' cellpadding='3'>"
            f"<tr><th align='left'>Offering</th><th align='left'>Format</th><th align='left'>Dates</th>"
            f"<th align='right'>Hours</th></tr>{rows}"
            f"<tr><td colspan='3'><b>Total credit hours</b></td>"
            f"<td align='right'><b>{escape(wording.hours(transcript.total_hours))}</b></td></tr></table>")


class TranscriptDialog(QDialog):
    def __init__(self, db: Database, staff_id: str, parent: QWidget | None = None, *, today: date,
                 year_id: str | None = None,
                 page_size_name: str = "letter"):
        super().__init__(parent)
        self.db, self.staff_id, self.today = db, staff_id, today
        self.page_size_name = page_size_name
        self.setObjectName("transcript-dialog")
        self.resize(720, 480)
        self.year = QComboBox()
        self.year.setAccessibleName("School year")
        years = school_years.list_years(db)
        current = school_years.year_holding(db, today)
        for year in reversed(years):
            self.year.addItem(year.name, year.id)
        wanted = year_id or (current.id if current else None)
        if wanted is not None and self.year.findData(wanted) >= 0:
            self.year.setCurrentIndex(self.year.findData(wanted))
        self.view = QTextBrowser()
        self.view.setAccessibleName("Transcript")
        self.note = QLabel("Hours follow attendance: the session time present, rounded down to the "
                           "quarter hour. The PDF has lines for the teacher's and the approver's signatures.")
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.pdf_button = buttons.addButton("Save &PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.csv_button = buttons.addButton("Save &CSV…", QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button.setAccessibleName("Save PDF")
        self.csv_button.setAccessibleName("Save CSV")
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.csv_button.clicked.connect(lambda: self.save("csv"))
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        form = QFormLayout()
        label = QLabel("School &year")
        label.setBuddy(self.year)
        form.addRow(label, self.year)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.saved: Path | None = None
        self.refresh()

    def refresh(self) -> None:
        year = school_years.get(self.db, self.year.currentData()) if self.year.currentData() else None
        year = year or school_years.current(self.db, self.today)
        self.transcript = gather_transcript(self.db, self.staff_id, year, today=self.today)
        self.setWindowTitle(f"PD transcript — {self.transcript.teacher_name}")
        self.view.setHtml(transcript_html(self.transcript))

    def save(self, kind: str) -> Path | None:
        from desktop.reports.transcript import write_transcript_csv, write_transcript_pdf

        transcript = self.transcript
        suffix = f".{kind}"
        suggested = f"PD transcript - {transcript.teacher_name} - {transcript.year_name}{suffix}"
        file_filter = "PDF files (*.pdf)" if kind == "pdf" else "CSV files (*.csv)"
        path = messages.choose_save_path(self, "Save the PD transcript", suggested, file_filter,
                                         suffix=suffix)
        if path is None:
            return None
        try:
            if kind == "pdf":
                write_transcript_pdf(path, transcript, page_size_name=self.page_size_name)
            else:
                write_transcript_csv(path, transcript)
        except OSError as error:
            from desktop.errors import plain_message

            what, way_out = plain_message(error)
            messages.notify(self, "Could not save the transcript", what,
                            way_out or "Choose another folder, or check there is free space.")
            return None
        self.saved = path
        messages.show_status(self.parent(), f"Saved the transcript to {path}.")
        return path

    @classmethod
    def ask(cls, parent, db: Database, staff_id: str, **options) -> TranscriptDialog:
        dialog = cls(db, staff_id, parent, **options)
        dialog.exec()
        return dialog
