"""Render the main window offscreen, one PNG per tab, for documentation and visual checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from db import clock, overview
from db.connection import open_database
from desktop.atomic_files import owner_folder, owner_only
from desktop.ui.main_window import MainWindow

# Which tabs show one teacher: the goal and PD pages say more about a person.
TEACHER_TABS = {"goals", "pd-menu"}


def capture_tabs(data: Path, out_dir: Path, *, size: tuple[int, int] = (1400, 900),
                 today: date | None = None) -> list[Path]:
    from desktop.ui.app import make_application

    app = make_application()
    if today is not None:
        clock.set_today(today)   # the figures, 'days since' and defaults of that day
    db = open_database(data, create=False)   # a StorageError reaches the command line as is
    window = MainWindow(db, Path(data), remember_state=False)
    teacher = overview.most_active_teacher(db)
    owner_folder(out_dir)
    written: list[Path] = []
    try:
        window.resize(*size)
        window.show()
        for index, tab in enumerate(window.tabs):
            window.sidebar.select(teacher if teacher and tab.slug in TEACHER_TABS else None)
            window.tab_widget.setCurrentIndex(index)
            tab.refresh()
            app.processEvents()
            target = out_dir / f"{tab.slug}.png"
            if not window.grab().save(str(target), "PNG"):
                raise OSError(f"Could not write {target}")
            owner_only(target)          # a picture of people's records is theirs to share
            written.append(target)
    finally:
        window.close()
    return written
