"""Child process for the walkthrough kill -9 test: a coach typing into a real walkthrough.

Usage: python -m tests.helpers.walkthrough_writer DATA_FILE ROUND

Opens the file as the app does, opens the Quick walkthrough dialog offscreen (resuming
the draft if there is one, as the next start does; otherwise typing a teacher's name and
Enter) and then types forever through the dialog itself, printing one line after each
keystroke has been handled (what the coach would see on screen):

    ready <observation id>
    glow <length>                    the glow is GLOW_TEXT[:length]
    mark <row> <level>               the look-for/indicator in that row scored
    evidence <line id> <text>        an evidence line as typed so far

The parent kills this process with SIGKILL at random moments and then checks the file.
"""

from __future__ import annotations

import os
import random
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

GLOW_TEXT = "Students explained their reasoning to a partner before sharing. " * 40
EVIDENCE_WORDS = "T asks why pairs talk hands up exit ticket wait time model".split()


def main() -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from db import observations
    from db.connection import open_database
    from desktop.ui.dialogs.walkthrough import WalkthroughDialog

    path, round_number = sys.argv[1], int(sys.argv[2])
    rng = random.Random(round_number)
    app = QApplication.instance() or QApplication([])
    db = open_database(path, actor="walkthrough-crash-test")
    drafts = observations.drafts(db, kind="walkthrough")
    dialog = WalkthroughDialog(db, observation_id=drafts[0] if drafts else None)
    dialog.show()
    if not drafts:
        QTest.keyClicks(dialog.name_box, "lop")
        QTest.keyClick(dialog.name_box, Qt.Key.Key_Return)
    print(f"ready {dialog.observation_id}", flush=True)
    for _ in range(1_000_000):
        choice = rng.random()
        if choice < 0.45:
            glow = dialog.glow_box
            glow.end(False)
            QTest.keyClick(glow, GLOW_TEXT[len(glow.text())])
            print(f"glow {len(glow.text())}", flush=True)
        elif choice < 0.6:
            row = dialog._first_unscored()
            if row < 0 or dialog.items[row] in dialog.marks:
                continue    # everything is scored; rows are scored once so the check is exact
            dialog.score_list.setCurrentRow(row)
            level = rng.choice("1234n")
            QTest.keyClick(dialog.score_list, level)
            print(f"mark {row} {'None' if level == 'n' else level}", flush=True)
        else:
            box = dialog.evidence_box
            if len(box.text()) > 30 and rng.random() < 0.3:
                QTest.keyClick(box, Qt.Key.Key_Return)
                continue
            addition = rng.choice(EVIDENCE_WORDS)[0] if rng.random() < 0.8 else " "
            QTest.keyClick(box, addition if box.text() else "T")
            print(f"evidence {dialog.current_evidence} {box.text()}", flush=True)
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
