"""A canary in every private field: absent by default from every export, PDF, log and screen.

The private fields: an observation's private note, a private conversation's notes, a
shared wellbeing check-in's note (wellbeing is left out of exports and handouts unless
asked for), plus an unshared check-in, whose scores nobody can tie to the teacher and
whose note is never kept. Each output Cultivate makes is then read back as a person
would get it: the export zip, every PDF handout, the log file, the feedback note copied
for an email, and the text of every tab of the window as ``cultivate screenshot``
renders it.
"""

from __future__ import annotations

import logging
import zipfile
from datetime import date

import pytest
from pypdf import PdfReader

from db import celebrations, clock, conversations, records, rubrics, school_years, staff, wellbeing
from db.connection import open_database
from db.export import export_zip
from desktop import logging_setup, paths

CANARY = "CANARY-9f21"            # private notes and private conversations: on no screen either
SHARED = "SHAREDCANARY-41ad"      # a shared check-in's note: on the teacher's wellbeing page only
TODAY = date(2026, 3, 10)


@pytest.fixture
def school(tmp_path):
    path = tmp_path / "school.db"
    db = open_database(path)
    rubric = rubrics.load_default_rubric(db)
    indicator = rubrics.indicators(db, rubric)[0]
    teacher = staff.add(db, first_name="Ana", last_name="Lopez", subjects="Maths")
    coach = staff.add(db, first_name="Maya", last_name="Reed", role="coach")
    visit = records.insert(db, "observations", {
        "staff_id": teacher, "observer_id": coach, "rubric_id": rubric, "kind": "walkthrough",
        "status": "complete", "observed_on": "2026-03-02", "glow": "Clear modelling",
        "grow": "More wait time", "private_note": f"{CANARY} worried about her health"})
    records.insert(db, "observation_scores", {"observation_id": visit, "indicator_id": indicator.id,
                                              "score": 3})
    conversations.add_conversation(db, teacher, leader_id=coach, kind="check_in",
                                   held_on="2026-03-03", notes=f"{CANARY} talked about leave",
                                   is_private=True)
    conversations.add_conversation(db, teacher, leader_id=coach, kind="goal_setting",
                                   held_on="2026-03-04", notes="Agreed to try cold calling")
    goal = records.insert(db, "goals", {"staff_id": teacher, "title": "Questioning", "status": "active"})
    del goal
    wellbeing.record_check_in(db, staff_id=teacher, checked_on="2026-03-05", energy=2, workload=5,
                              stress=5, note=f"{SHARED} exhausted", shared_with_leaders=True)
    wellbeing.record_check_in(db, staff_id=coach, checked_on="2026-03-05", energy=1, workload=5,
                              stress=5)
    celebrations.record_celebration(db, staff_ids=[teacher], kind="shout_out",
                                    title="Ran the science fair", celebrated_on="2026-03-06",
                                    is_public=True)
    db.close()
    return path, {"teacher": teacher, "visit": visit}


def _pdf_text(path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def test_no_canary_in_any_export_pdf_or_log_by_default(school, tmp_path, data_dir):
    from desktop.core import batch_export, pd_menu
    from desktop.core.batch_export import PortfolioOptions
    from desktop.core.portfolio_data import portfolio_year
    from desktop.reports import feedback_note
    from desktop.reports.celebration_wall import write_celebration_wall
    from desktop.reports.certificate import write_certificate
    from desktop.reports.goal_sheet import gather_goal_sheet, write_goal_sheet
    from desktop.reports.pd_menu_pdf import write_personal_menu
    from desktop.reports.survey import write_survey

    logging_setup.configure()
    path, ids = school
    db = open_database(path)
    try:
        out = tmp_path / "out"
        export = export_zip(db, out / "everything.zip")
        year = portfolio_year(school_years.current(db, clock.today()))
        pdfs = [
            batch_export.write_one(db, ids["teacher"], out / "portfolio.pdf",
                                   PortfolioOptions(year=year, generated_on=TODAY)),
            feedback_note.write_pdf(feedback_note.build_note(db, ids["visit"]), out / "feedback.pdf"),
            write_goal_sheet(out / "goals.pdf", gather_goal_sheet(db, ids["teacher"], today=TODAY)),
            write_personal_menu(out / "menu.pdf", pd_menu.personal_menu_for(db, ids["teacher"], as_of=TODAY)),
            write_survey(out / "survey.pdf", rubrics.default_rubric(db), today=TODAY,
                         teacher_name="Ana Lopez"),
        ]
        [celebration] = celebrations.list_celebrations(db)
        pdfs.append(write_certificate(out / "certificate.pdf", celebration, generated_on=TODAY))
        pdfs.append(write_celebration_wall(out / "wall.pdf", [celebration], period="March 2026",
                                           generated_on=TODAY))
        note_text = feedback_note.note_text(feedback_note.build_note(db, ids["visit"]))
    finally:
        db.close()
    logging.getLogger("cultivate").warning("a line of the log, after all that")

    with zipfile.ZipFile(export) as archive:
        zipped = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    def leaked(text: str) -> bool:
        return CANARY in text or SHARED in text

    leaks = [name for name, text in zipped.items() if leaked(text)]
    leaks += [pdf.name for pdf in pdfs if leaked(_pdf_text(pdf))]
    leaks += [log.name for log in paths.log_dir().glob("*.log*") if leaked(log.read_text("utf-8"))]
    if leaked(note_text):
        leaks.append("the feedback note copied for an email")
    assert leaks == []
    assert "Clear modelling" in _pdf_text(pdfs[1]) and "Ana" in _pdf_text(pdfs[0])   # the rest is there


def _count(method) -> int:
    """rowCount()/columnCount() of any model (Python models take the parent, Qt's may not)."""
    from PySide6.QtCore import QModelIndex

    for call in (lambda: method(QModelIndex()), method):
        try:
            return call()
        except TypeError:
            continue
    return 1     # a list model: one column (Qt keeps its columnCount private)


def _visible_text(widget) -> str:
    """Every piece of text the window shows: labels, buttons, fields, lists' cells and tooltips."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
        QWidget,
    )

    parts = [widget.windowTitle()]
    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisible():
            continue
        parts.append(child.toolTip())
        if isinstance(child, (QLabel, QAbstractButton, QLineEdit)):
            parts.append(child.text())
        elif isinstance(child, (QPlainTextEdit, QTextEdit)):
            parts.append(child.toPlainText())
        elif isinstance(child, QComboBox):
            parts.extend(child.itemText(i) for i in range(child.count()))
        elif isinstance(child, QAbstractItemView) and child.model() is not None:
            model = child.model()
            for row in range(_count(model.rowCount)):
                for column in range(_count(model.columnCount)):
                    index = model.index(row, column)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.data(index, role)
                        if value is not None:
                            parts.append(str(value))
    return "\n".join(part for part in parts if part)


def test_no_canary_on_any_tab_as_the_screenshots_show_them(school, qtbot):
    from PySide6.QtWidgets import QApplication, QTabWidget

    from desktop.ui.main_window import MainWindow

    path, ids = school
    window = MainWindow(open_database(path), path, remember_state=False)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    seen = []
    try:
        for selected in (ids["teacher"], None):          # the teacher with private records, the school
            window.sidebar.select(selected)
            for index, tab in enumerate(window.tabs):
                window.tab_widget.setCurrentIndex(index)
                tab.refresh()
                # Each page of the tab's own sections too (Goals / Conversations, Wall / Wellbeing…).
                inner = [widget for widget in tab.findChildren(QTabWidget)] or [None]
                for pages in inner:
                    for page in range(pages.count() if pages is not None else 1):
                        if pages is not None:
                            pages.setCurrentIndex(page)
                        QApplication.processEvents()
                        text = _visible_text(window)
                        seen.append(text)
                        assert CANARY not in text, (tab.title, page, selected)
                        on_her_wellbeing_page = (selected == ids["teacher"] and tab.slug == "celebrations"
                                                 and page == 1)
                        assert (SHARED in text) == on_her_wellbeing_page, (tab.title, page, selected)
        everything = "\n".join(seen)
        # The tabs did show the teacher's records, the private ones as private.
        assert "Ana" in everything and "Agreed to try cold calling" in everything
        assert "Private — notes hidden" in everything and "Answered privately" not in everything
    finally:
        window.close()
