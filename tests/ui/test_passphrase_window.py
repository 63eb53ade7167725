"""The passphrase lock in the window, driven from the keyboard: File ▸ Passphrase ▸ Protect,
asked on open (a wrong passphrase said plainly), the idle lock hiding every tab until the
passphrase is typed again, change and remove."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from db import backups as backups_module
from db import driver, protection, staff
from db.errors import PassphraseNeededError
from desktop.settings import get_settings
from desktop.ui import app as app_module
from desktop.ui import passphrase as ui
from tests.ui.school import build_small_school  # noqa: F401 - the school the window shows

PASSPHRASE = "maple grove after dark"
CANARY = "Ana"          # a teacher's name in the small school


def _menu_action(window, name):
    return next(a for a in window.passphrase_actions.values() if a.objectName() == name)


def _answer(qtbot, monkeypatch, dialog_class, answers):
    """The next *dialog_class* questions typed from the keyboard, one dict of answers per
    press of OK: a problem keeps the dialog open and the next answer is typed into it,
    fields cleared first; with no answers left the person cancels. Returns the problem
    the dialog showed before each answer ('' at first)."""
    asked = []
    pending = iter(answers)

    def exec_(dialog):
        dialog.show()
        for typed in pending:
            asked.append(dialog.error_label.text() if dialog.error_label.isVisible() else "")
            for field in dialog.fields.values():
                field.clear()
            for key, text in typed.items():
                qtbot.keyClicks(dialog.fields[key], text)
            assert all(field.echoMode() == field.EchoMode.Password for field in dialog.fields.values())
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
            if not dialog.isVisible():
                break
        else:
            asked.append(dialog.error_label.text() if dialog.error_label.isVisible() else "")
        if dialog.isVisible():
            dialog.reject()
        return dialog.result()

    monkeypatch.setattr(dialog_class, "exec", exec_)
    return asked


def _type_new_passphrase(qtbot, monkeypatch, answers):
    """NewPassphraseDialog typed from the keyboard, one dict of answers per OK."""
    return _answer(qtbot, monkeypatch, ui.NewPassphraseDialog, answers)


def _type_passphrase(qtbot, monkeypatch, typed):
    """PassphraseDialog typed from the keyboard, one passphrase per OK, then Cancel."""
    return _answer(qtbot, monkeypatch, ui.PassphraseDialog, [{"passphrase": text} for text in typed])


def _protect(window, qtbot, monkeypatch):
    _type_new_passphrase(qtbot, monkeypatch, [{"passphrase": PASSPHRASE, "again": PASSPHRASE}])
    _menu_action(window, "Protect with passphrase").trigger()


def test_protect_from_the_file_menu_encrypts_the_file_and_its_backups(window, qtbot, monkeypatch, data_dir):
    path = Path(window.path)
    backups_module.daily_backup(path)   # the day's backup, as the window takes it on start
    assert _menu_action(window, "Protect with passphrase").isEnabled()
    assert not _menu_action(window, "Lock now").isEnabled()
    asked = _type_new_passphrase(qtbot, monkeypatch, [
        {"passphrase": PASSPHRASE, "again": PASSPHRASE + "x"},        # typed differently
        {"passphrase": "short", "again": "short"},
        {"passphrase": PASSPHRASE, "again": PASSPHRASE}])
    _menu_action(window, "Protect with passphrase").trigger()
    assert asked[1] == "The two passphrases are not the same." and "at least 8" in asked[2]
    assert protection.is_protected(path)
    assert "protected with a passphrase" in window.statusBar().currentMessage()
    # The window shows the same school again, from the encrypted file.
    assert staff.count(window.db) == 5
    assert _menu_action(window, "Lock now").isEnabled()
    assert not _menu_action(window, "Protect with passphrase").isEnabled()
    backups = list((data_dir / "backups").glob("*.db"))
    assert backups and all(protection.is_protected(item) for item in backups)
    for item in [path, *backups, *path.parent.iterdir(), *data_dir.rglob("*")]:
        if item.is_file():
            assert b"Lopez" not in item.read_bytes(), item


def test_a_protected_file_asks_on_open_and_tells_a_wrong_passphrase(window, qtbot, monkeypatch):
    path = Path(window.path)
    _protect(window, qtbot, monkeypatch)
    window.close()
    driver.forget_keys()                                            # a new start of Cultivate
    asked = _type_passphrase(qtbot, monkeypatch, ["not it at all", PASSPHRASE])
    db, opened = app_module.open_with_recovery(path)
    assert opened == path and staff.count(db) == 5
    assert asked[0] == "" and "That passphrase does not open" in asked[1]
    assert "Caps Lock" in asked[1]
    db.close()
    from desktop.ui.dialogs.backup_dialogs import release_window_lock

    release_window_lock(path)


def test_cancelling_the_question_opens_nothing(window, qtbot, monkeypatch, tmp_path):
    path = Path(window.path)
    _protect(window, qtbot, monkeypatch)
    driver.forget_keys()
    _type_passphrase(qtbot, monkeypatch, [])                         # Cancel at once
    with pytest.raises(PassphraseNeededError):
        ui.unlock_interactively(window, path)


def test_the_idle_lock_hides_every_tab_until_the_passphrase_is_typed(window, qtbot, monkeypatch):
    _protect(window, qtbot, monkeypatch)
    get_settings().set(ui.LOCK_SETTING, 10)
    lock = window.idle_lock
    lock.follow_settings()
    assert lock.timer.isActive() and lock.timer.interval() == 10 * 60_000   # the default
    other = QWidget()                       # another Cultivate window (a visit being typed)
    other.setWindowTitle("Quick walkthrough — Ana Lopez")
    qtbot.addWidget(other)
    other.show()
    lock.timer.start(150)                   # ten minutes, shortened
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)

    assert not window.tab_widget.isVisible() and not window.sidebar.isVisible()
    assert not window.menuBar().isEnabled()
    assert other.windowTitle() == "Cultivate — locked" == window.windowTitle()
    covers = [child for child in other.children() if isinstance(child, ui._Cover)]
    assert covers and covers[0].isVisible() and covers[0].geometry() == other.rect()
    assert not driver.has_keys()           # the key is forgotten too
    dialog = lock.dialog
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.ApplicationModal
    window.grab().save(str(Path(window.path).with_name("locked.png")))

    qtbot.keyClicks(dialog.field, "wrong passphrase")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert lock.locked and "does not open" in dialog.error_label.text()
    assert dialog.field.text() == ""
    qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)                  # Esc does not unlock
    assert lock.locked and dialog.isVisible()
    qtbot.keyClicks(dialog.field, PASSPHRASE)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert not lock.locked
    assert window.tab_widget.isVisible() and window.menuBar().isEnabled()
    assert other.windowTitle() == "Quick walkthrough — Ana Lopez"
    qtbot.waitUntil(lambda: not any(isinstance(c, ui._Cover) for c in other.children()))
    assert lock.timer.isActive()                                       # armed again
    assert staff.count(window.db) == 5                                 # the file stayed open


def test_typing_keeps_the_lock_away(window, qtbot, monkeypatch):
    _protect(window, qtbot, monkeypatch)
    lock = window.idle_lock
    # Each key press starts the idle time again: counted on the timer itself, not raced
    # against the clock (a 400 ms timer and 150 ms pauses locked now and then on a loaded CI
    # machine, while a daily backup ran beside the test).
    restarts = []

    class CountedTimer(QTimer):
        def start(self, *interval):
            restarts.append(interval)
            super().start(*interval)

    counted = CountedTimer(lock)
    counted.setSingleShot(True)
    counted.timeout.connect(lock.lock)
    lock.timer.stop()
    monkeypatch.setattr(lock, "timer", counted)
    counted.start(60_000)
    for number in range(1, 5):
        qtbot.wait(50)
        qtbot.keyClick(window.sidebar.search, Qt.Key.Key_A)          # the principal is working
        assert not lock.locked and len(restarts) > number
    counted.start(200)
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)               # then walks away
    lock.unlock()


def test_lock_now_and_no_lock_when_set_to_never(window, qtbot, monkeypatch):
    _protect(window, qtbot, monkeypatch)
    monkeypatch.setattr(ui, "choose_lock_minutes", lambda parent, current: 0)
    _menu_action(window, "Lock after").trigger()
    assert get_settings().get(ui.LOCK_SETTING) == 0 and not window.idle_lock.timer.isActive()
    assert "will not lock by itself" in window.statusBar().currentMessage()
    _menu_action(window, "Lock now").trigger()
    assert window.idle_lock.locked
    window.idle_lock.try_unlock(PASSPHRASE)
    assert not window.idle_lock.locked


def test_change_then_remove_the_passphrase(window, qtbot, monkeypatch):
    path = Path(window.path)
    _protect(window, qtbot, monkeypatch)
    asked = _type_new_passphrase(qtbot, monkeypatch, [
        {"current": "a guess here", "passphrase": "the new phrase", "again": "the new phrase"},
        {"current": PASSPHRASE, "passphrase": "the new phrase", "again": "the new phrase"}])
    _menu_action(window, "Change passphrase").trigger()
    assert "current passphrase is not right" in asked[1]
    driver.forget_keys()
    protection.unlock(path, "the new phrase")
    _type_passphrase(qtbot, monkeypatch, ["the new phrase"])
    _menu_action(window, "Remove passphrase").trigger()
    assert not protection.is_protected(path)
    assert path.read_bytes().startswith(b"SQLite format 3")
    assert staff.count(window.db) == 5
    assert not window.idle_lock.timer.isActive()
    assert _menu_action(window, "Protect with passphrase").isEnabled()


def test_the_passphrase_menu_is_named_for_screen_readers(window):
    for action in window.passphrase_actions.values():
        assert action.objectName() and action.toolTip() == action.objectName()
    dialog = ui.NewPassphraseDialog(window, Path(window.path), change=True)
    names = {field.accessibleName() for field in dialog.fields.values()}
    assert names == {"Current passphrase", "New passphrase", "The same again"}
    QApplication.processEvents()
    dialog.deleteLater()
