"""The rooms PD is held in and how many each seats: the planner keeps to them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from db import rooms
from desktop.ui import messages
from desktop.ui.widgets import problem_label

Perform = Callable[..., Any]
NO_LIMIT = "no limit"


class RoomsDialog(QDialog):
    def __init__(self, db: Database, perform: Perform, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.perform = db, perform
        self.setWindowTitle("Rooms for PD")
        self.setObjectName("rooms-dialog")
        self.resize(520, 420)
        intro = QLabel("A session whose location is a room's name holds no more people than the room "
                       "seats, and two sessions in one room at the same time clash.")
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Room", "Seats"])
        self.table.setAccessibleName("Rooms")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._selected)
        self.name = QLineEdit()
        self.name.setAccessibleName("Room name")
        self.name.setPlaceholderText("e.g. Library")
        self.seats = QSpinBox()
        self.seats.setRange(0, rooms.MAX_SEATS)
        self.seats.setSpecialValueText(NO_LIMIT)
        self.seats.setAccessibleName("Seats")
        name_label, seats_label = QLabel("&Name"), QLabel("S&eats")
        name_label.setBuddy(self.name)
        seats_label.setBuddy(self.seats)
        self.add_button = QPushButton("&Add")
        self.save_button = QPushButton("&Save changes")
        self.delete_button = QPushButton("&Delete…")
        for button, name in ((self.add_button, "Add"), (self.save_button, "Save changes"),
                             (self.delete_button, "Delete")):
            button.setAccessibleName(name)
        self.add_button.clicked.connect(self.add)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.problem = problem_label()
        edit_row = QHBoxLayout()
        for widget in (name_label, self.name, seats_label, self.seats):
            edit_row.addWidget(widget)
        button_row = QHBoxLayout()
        for widget in (self.add_button, self.save_button, self.delete_button):
            button_row.addWidget(widget)
        button_row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(edit_row)
        layout.addLayout(button_row)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        self.rooms = rooms.list_rooms(self.db)
        self.table.setRowCount(len(self.rooms))
        for row, room in enumerate(self.rooms):
            for column, text in enumerate((room.name, NO_LIMIT if room.seats is None else str(room.seats))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, room.id)
                self.table.setItem(row, column, item)
            if room.id == select:
                self.table.selectRow(row)
        self._selected()

    def current(self) -> rooms.Room | None:
        row = self.table.currentRow()
        return self.rooms[row] if 0 <= row < len(self.rooms) and self.table.selectedItems() else None

    def _selected(self) -> None:
        room = self.current()
        self.save_button.setEnabled(room is not None)
        self.delete_button.setEnabled(room is not None)
        if room is not None:
            self.name.setText(room.name)
            self.seats.setValue(room.seats or 0)

    def _seats(self) -> int | None:
        return self.seats.value() or None

    def _done(self, result, select: str | None = None) -> None:
        self.problem.setText("" if result.ok else (result.message or "Not saved."))
        self.problem.setVisible(not result.ok)
        if result.ok:
            self.reload(select if select is not None else (result.value if isinstance(result.value, str) else None))

    def add(self) -> None:
        name, seats = self.name.text(), self._seats()
        self._done(self.perform(f"Add room {name.strip()}", lambda db: rooms.add_room(db, name, seats),
                                initiator=self, report_corrections=False))

    def save(self) -> None:
        room = self.current()
        if room is None:
            return
        name, seats = self.name.text(), self._seats()
        self._done(self.perform(f"Change room {room.name}",
                                lambda db: rooms.update_room(db, room.id, name, seats),
                                initiator=self, report_corrections=False), select=room.id)

    def delete(self) -> None:
        room = self.current()
        if room is None or not messages.confirm(
                self, "Delete room", f"Delete the room “{room.name}”? Sessions keep their location; "
                "only its seat limit goes.", yes="Delete"):
            return
        self._done(self.perform(f"Delete room {room.name}", lambda db: rooms.delete_room(db, room.id),
                                initiator=self, report_corrections=False, destructive=True))

    @classmethod
    def ask(cls, parent, db: Database, perform: Perform) -> None:
        cls(db, perform, parent).exec()
