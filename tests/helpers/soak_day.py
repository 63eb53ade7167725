"""Child process for the soak test: a coach's whole day of edits in one real window.

Usage: python -m tests.helpers.soak_day DATA_FILE EDITS

Builds the small test school in DATA_FILE, opens the main window offscreen, makes EDITS
edits through the window's one write path and then a long walkthrough typed key by key,
and prints ``drift <n>``: how far None's reference count moved over the day. It runs in a
process of its own so that the fault it guards against (an interpreter abort after a few
hundred Qt calls) fails one test instead of killing the whole test run, and so that other
tests' windows being collected cannot move the count.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from db import clock, observations, staff
    from db.connection import open_database
    from desktop.ui.dialogs.walkthrough import WalkthroughDialog
    from desktop.ui.main_window import MainWindow
    from tests.ui.school import TODAY, build_small_school

    path, edits = Path(sys.argv[1]), int(sys.argv[2])
    clock.set_today(TODAY)
    app = QApplication.instance() or QApplication([])
    db = open_database(path)
    ids = build_small_school(db)
    db.close()
    window = MainWindow(open_database(path), path)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.tab_widget.setCurrentIndex(0)
    person = ids["ben"]
    gc.collect()
    before = sys.getrefcount(None)
    for number in range(edits):
        outcome = window.runner.perform(
            f"Edit {number}", lambda db, n=number: staff.update(db, person, career_goals=f"Edit {n}"),
            status=f"Saved edit {number}.")
        if not outcome.ok:
            print(f"edit {number} failed", flush=True)
            return 1
        if number % 50 == 0:
            app.processEvents()
    if staff.get(window.db, person).career_goals != f"Edit {edits - 1}":
        print("the last edit is not in the file", flush=True)
        return 1

    dialog = WalkthroughDialog.ask(window, window.db, runner=window.runner, today=window.today)
    QTest.keyClicks(dialog.name_box, "dev")
    QTest.keyClick(dialog.name_box, Qt.Key.Key_Return)
    app.processEvents()
    if dialog.observation_id is None:
        print("the walkthrough did not start", flush=True)
        return 1
    for _ in range(3):
        QTest.keyClick(dialog.score_list, "3")
    line = "Students explain their reasoning to a partner before sharing "
    for _ in range(20):
        QTest.keyClicks(dialog.evidence_box, line)
        QTest.keyClick(dialog.evidence_box, Qt.Key.Key_Return)
    QTest.keyClicks(dialog.glow_box, "Every pair explained their thinking " * 10)
    visit = dialog.observation_id
    dialog.finish()
    app.processEvents()
    saved = observations.get_observation(window.db, visit)
    print(f"walkthrough {saved.status} {len(saved.evidence)}", flush=True)
    gc.collect()
    print(f"drift {sys.getrefcount(None) - before}", flush=True)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
