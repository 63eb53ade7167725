"""File ▸ Print growth portfolio…: the choices, and the background export with Cancel."""

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QPushButton, QWidget

from db.connection import open_database
from desktop.settings import Settings
from desktop.ui.dialogs import portfolio_export
from desktop.ui.dialogs.portfolio_export import (
    COMBINED,
    FOLDER,
    ONE,
    PRIVATE_TEXT,
    PortfolioExport,
    PortfolioExportDialog,
    start_export,
    worker_database,
)
from tests.helpers.portfolio_school import build_portfolio_school

TODAY = date(2026, 6, 20)


@pytest.fixture
def school(tmp_path):
    path = tmp_path / "school.db"
    db = open_database(path)
    people = build_portfolio_school(db)
    yield db, path, people
    db.close()


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_defaults_are_the_selected_teacher_shared_notes_only_and_the_paper_setting(school, qtbot):
    db, _, people = school
    settings = Settings.load()
    settings.set("pdf.page_size", "a4")
    dialog = PortfolioExportDialog(db, people.full[0], today=TODAY, settings=settings)
    qtbot.addWidget(dialog)
    assert dialog.one_button.isChecked() and "Zoë Ñúñez" in dialog.one_button.text()
    assert dialog.mode == ONE and not dialog.how.isEnabled()
    assert not dialog.private_box.isChecked() and dialog.private_box.accessibleName() == PRIVATE_TEXT
    assert dialog.page_box.currentData() == "a4"
    assert dialog.year_box.currentText() == "2025–2026 (current)" and dialog.year_box.count() == 1
    options = dialog.options(TODAY)
    assert options.include_private is False and options.page_size_name == "a4"
    dialog.all_button.setChecked(True)
    assert dialog.how.isEnabled() and dialog.mode == FOLDER and len(dialog.staff_ids()) == 5
    dialog.combined_button.setChecked(True)
    assert dialog.mode == COMBINED and dialog.suggested_name() == "Growth portfolios - 2025-2026.pdf"


def test_without_a_selection_it_offers_everyone(school, qtbot):
    db, _, _ = school
    dialog = PortfolioExportDialog(db, None, today=TODAY)
    qtbot.addWidget(dialog)
    assert not dialog.one_button.isEnabled() and dialog.all_button.isChecked()
    assert dialog.all_button.text() == "&Every teacher (5)"


def test_ask_returns_the_request_with_the_chosen_file(school, qtbot, monkeypatch, tmp_path):
    db, _, people = school
    chosen = tmp_path / "zoe.pdf"
    suggestions = []
    monkeypatch.setattr(portfolio_export, "choose_pdf_file",
                        lambda parent, suggested: suggestions.append(suggested) or chosen)

    def press_print(dialog):
        dialog.private_box.setChecked(True)
        dialog.page_box.setCurrentIndex(1)
        dialog.export_button.click()
        return 1

    monkeypatch.setattr(PortfolioExportDialog, "exec", press_print)
    request = PortfolioExportDialog.ask(None, db, people.full[0], today=TODAY)
    assert request.mode == ONE and request.staff_ids == [people.full[0]] and request.target == chosen
    assert request.options.include_private and request.options.page_size_name == "a4"
    assert suggestions == ["Growth portfolio - Zoë Ñúñez - 2025-2026.pdf"]
    assert Settings.load().get("pdf.page_size") == "a4"               # remembered for next time


def test_cancelled_dialog_or_file_chooser_asks_for_nothing(school, qtbot, monkeypatch):
    db, _, people = school
    monkeypatch.setattr(PortfolioExportDialog, "exec", lambda dialog: 0)
    assert PortfolioExportDialog.ask(None, db, people.full[0], today=TODAY) is None
    monkeypatch.setattr(PortfolioExportDialog, "exec", lambda dialog: 1)
    monkeypatch.setattr(portfolio_export, "choose_folder", lambda parent: None)
    assert PortfolioExportDialog.ask(None, db, None, today=TODAY) is None


def run_to_end(qtbot, parent, db, path, request, on_progress=None):
    """Start the export and wait until its thread has ended; returns (export, summary)."""
    export = PortfolioExport(parent, worker_database(db, path), request)
    if on_progress:
        export.progressed.connect(on_progress)
    with qtbot.waitSignal(export.ended, timeout=120_000) as ended:
        export.start()
    assert not export.thread.isRunning() or export.thread.wait(10_000)
    return export, ended.args[0]


def request_for(db, staff_ids, mode, target, *, private=False):
    from desktop.core.batch_export import PortfolioOptions
    from desktop.core.portfolio_data import parse_school_year

    options = PortfolioOptions(parse_school_year(db, "2025-2026"), TODAY, include_private=private)
    return portfolio_export.ExportRequest(list(staff_ids), mode, target, options)


def test_whole_staff_prints_in_the_background_with_progress(school, parent, qtbot, tmp_path):
    db, path, people = school
    seen = []
    request = request_for(db, people.full, FOLDER, tmp_path / "out")
    export, summary = run_to_end(qtbot, parent, db, path, request, lambda done, total, name: seen.append(done))
    assert seen == [0, 1, 2, 3]
    assert export.result.done == 3 and len(list((tmp_path / "out").iterdir())) == 3
    assert summary == f"Printed 3 growth portfolios into {tmp_path / 'out'}."
    assert not export.progress.isVisible() and export not in portfolio_export._running


def test_cancel_stops_between_teachers_and_leaves_only_whole_files(school, parent, qtbot, tmp_path):
    db, path, people = school
    folder = tmp_path / "out"
    request = request_for(db, [*people.full, people.empty, people.busy], FOLDER, folder)
    cancel_buttons = []

    def cancel_after_two(done, total, name):
        if done == 2:
            cancel_buttons[0].click()          # as the principal would, on the GUI thread

    export = PortfolioExport(parent, worker_database(db, path), request)
    cancel_buttons.append(export.progress.findChild(QPushButton))
    assert cancel_buttons[0].text() == "Cancel"
    export.progressed.connect(cancel_after_two)
    with qtbot.waitSignal(export.ended, timeout=120_000) as ended:
        export.start()
    result = export.result
    # The worker may have begun the third teacher before the click arrived; it finishes that one.
    assert result.cancelled and 2 <= result.done <= 3
    files = sorted(folder.iterdir())
    assert len(files) == result.done and all(path.suffix == ".pdf" for path in files)
    assert all(len(PdfReader(path).pages) >= 2 for path in files)
    assert ended.args[0].startswith(f"Printing cancelled after {result.done} of 5")


def test_an_unsaved_sample_in_memory_prints_too(parent, qtbot, tmp_path):
    from db.connection import open_memory

    db = open_memory()
    people = build_portfolio_school(db)
    target = tmp_path / "minh.pdf"
    export, summary = run_to_end(qtbot, parent, db, None,
                                 request_for(db, [people.full[1]], ONE, target, private=True))
    assert export.result.written == [target] and summary == f"Printed the growth portfolio to {target}."
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Nguyễn Thị Minh" in text and "CONFIDENTIAL" in text
    db.close()


def test_a_failure_is_reported_in_plain_words(school, parent, qtbot, tmp_path):
    db, path, people = school
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    export, summary = run_to_end(qtbot, parent, db, path, request_for(db, people.full, FOLDER, blocker))
    assert export.result is None and summary.startswith("The portfolios were not printed.")


def test_start_export_reports_the_summary(school, parent, qtbot, tmp_path):
    db, path, people = school
    summaries = []
    target = tmp_path / "zoe.pdf"
    export = start_export(parent, db, path, request_for(db, [people.full[0]], ONE, target),
                          on_done=summaries.append)
    qtbot.waitUntil(lambda: summaries != [], timeout=120_000)
    assert summaries == [f"Printed the growth portfolio to {target}."] and target.exists()
    assert export.thread.wait(10_000)


def test_file_menu_action_opens_the_dialog_for_the_sidebar_teacher(window, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(PortfolioExportDialog, "ask",
                        classmethod(lambda cls, parent, db, staff_id, **kwargs: asked.append(staff_id)))
    action = window.print_portfolio_action
    assert action.shortcut().toString() == "Ctrl+P"
    assert action in window.file_menu.actions()
    action.trigger()
    assert asked == [window.sidebar.staff_id]


def test_a_multi_selection_in_the_staff_list_prints_just_those(window, qtbot, monkeypatch, tmp_path):
    """Ctrl+click two people in the staff list, Ctrl+P: the dialog offers exactly them."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    sidebar = window.sidebar
    rect = sidebar.list.visualRect(sidebar.model.index(1))
    qtbot.mouseClick(sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    rect = sidebar.list.visualRect(sidebar.model.index(3))
    qtbot.mouseClick(sidebar.list.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, pos=rect.center())
    chosen = sidebar.selected_ids()
    assert len(chosen) == 2
    seen = {}

    def press_print(dialog):
        seen["text"] = dialog.selection_button.text()
        seen["accessible"] = dialog.selection_button.accessibleName()
        assert not dialog.selection_button.isHidden() and dialog.selection_button.isChecked()
        dialog.combined_button.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PortfolioExportDialog, "exec", press_print)
    monkeypatch.setattr(portfolio_export, "choose_pdf_file", lambda parent, suggested: tmp_path / "two.pdf")
    export = window.print_portfolio_action.trigger() or None
    assert seen["text"] == "The &selected teachers (2)" and seen["accessible"] == "The selected teachers (2)"
    qtbot.waitUntil(lambda: (tmp_path / "two.pdf").exists(), timeout=120_000)
    qtbot.waitUntil(lambda: not portfolio_export._running, timeout=120_000)
    titles = [item.title for item in PdfReader(tmp_path / "two.pdf").outline if not isinstance(item, list)]
    assert len(titles) == 1 + 2 and titles[0] == "Staff index"
    assert export is None


def test_the_dialog_names_whoever_has_a_character_no_font_prints(school, qtbot):
    from db import staff

    db, _, people = school
    odd = staff.add(db, first_name="Ankh", last_name="\U00013000", role="teacher")
    dialog = PortfolioExportDialog(db, people.full[0], selected_ids=[people.full[0], odd], today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.selection_button.isChecked()
    assert dialog.font_warning.isVisible() and "Ankh" in dialog.font_warning.text()
    assert "U+13000" in dialog.font_warning.text() and dialog.font_warning.text().startswith("Warning:")
    assert "Zoë" not in dialog.font_warning.text()        # her name prints
    dialog.one_button.setChecked(True)
    assert not dialog.font_warning.isVisible()


def test_a_password_for_the_pdf_is_typed_twice_and_locks_the_file(school, parent, qtbot, tmp_path):
    from PySide6.QtCore import Qt

    db, path, people = school
    dialog = PortfolioExportDialog(db, people.full[0], today=TODAY, settings=Settings.load())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.password_box.isChecked() and not dialog.password_fields.isVisible()
    dialog.password_box.setFocus()
    qtbot.keyClick(dialog.password_box, Qt.Key.Key_Space)
    assert dialog.password_fields.isVisible() and not dialog.export_button.isEnabled()
    qtbot.keyClicks(dialog.password, "for Zoe only")
    qtbot.keyClicks(dialog.password_again, "for Zoe onyl")
    assert "not the same" in dialog.password_problem.text() and not dialog.export_button.isEnabled()
    dialog.password_again.clear()
    qtbot.keyClicks(dialog.password_again, "for Zoe only")
    assert dialog.export_button.isEnabled() and not dialog.password_problem.isVisible()
    options = dialog.options(TODAY)
    assert options.password == "for Zoe only"
    request = portfolio_export.ExportRequest([people.full[0]], ONE, tmp_path / "zoe.pdf", options)
    run_to_end(qtbot, parent, db, path, request)
    reader = PdfReader(tmp_path / "zoe.pdf")
    assert reader.is_encrypted and reader.decrypt("for Zoe only")
