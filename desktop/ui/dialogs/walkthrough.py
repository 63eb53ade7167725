"""Quick walkthrough: a classroom visit captured from the keyboard in under a minute.

Type part of the teacher's name and press Enter; the clock starts and a draft exists.
In the list, 1–4 score the current look-for or indicator and move on, N marks it not
seen, Delete clears it. Evidence lines are time-stamped as they are begun. Every
keystroke is saved at once, so killing the app loses nothing: the draft reopens on
the next start. Ctrl+Return finishes it. (Key sequence: README, "Quick walkthrough".)

A finished walkthrough opens in the same window to be corrected: every score, tag and
note as before, an evidence line by double-clicking it (Delete removes it), and the
teacher, date, observer and kind with Details….

Undo: every save is an operation of the window's runner. What Edit ▸ Undo takes back is
what a coach thinks of as one edit: each score, each evidence line, and each field's
typing (all the keystrokes typed into Glow, say, until another field is edited) — not
single keystrokes, and not the whole visit. Ctrl+Z inside a text box stays that box's
own undo.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from db import clock, observations, preferences, rubrics, staff, users
from db.connection import name_sort_key
from db.operations import Changes
from desktop.ui.dialogs.dates import DateField
from desktop.ui.dialogs.form import FormDialog
from desktop.ui.runner import Result, Runner

QUICK_TAGS = ("Whole class", "Small groups", "Independent work", "Discussion", "Technology",
              "Assessment", "Routines", "Differentiation")
OBSERVER_KEY = "walkthrough.observer_id"   # per-file: who usually walks through
RESUME, START_ANOTHER = "Resume the draft", "Start another visit"
FIELD_NAMES = {"glow": "Glow", "grow": "Grow", "private_note": "Private note", "tags": "Tags",
               "class_context": "Class", "pre_conference_notes": "Pre-conference notes",
               "post_conference_notes": "Post-conference notes", "next_step": "Next step",
               "observer_id": "Observer", "observed_on": "Date", "goal_id": "Linked goal",
               "staff_id": "Teacher", "kind": "Kind"}
EVIDENCE_ID_ROLE = Qt.ItemDataRole.UserRole


def usual_observer(db: Database) -> str | None:
    """Who a new visit is observed by: the user (who is using Cultivate), else whoever
    observed last in this file, else nobody recorded."""
    me = users.current(db)
    return me.id if me else preferences.get(db, OBSERVER_KEY)


def touches_visit(changes: Changes, observation_id: str | None) -> bool:
    """Whether *changes* altered the visit *observation_id* or any of its scores and notes."""
    if observation_id is None:
        return False
    if observation_id in changes.ids("observations"):
        return True
    return any(observation_id in changes.values(table, "observation_id") for table in (
        "observation_scores", "observation_look_fors", "observation_evidence"))


class _NameBox(QLineEdit):
    """Up and Down move through the matches without leaving the box; Enter picks."""

    step = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.step.emit(1)
            return
        if event.key() == Qt.Key.Key_Up:
            self.step.emit(-1)
            return
        super().keyPressEvent(event)


class ScoreList(QListWidget):
    """The look-fors and indicators; number keys score the current one and move on."""

    scored = Signal(int, object)   # row, level or None (not seen)
    cleared = Signal(int)

    def __init__(self, max_level: int, parent=None):
        super().__init__(parent)
        self.max_level = max_level

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text().lower()
        row = self.currentRow()
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                          | Qt.KeyboardModifier.AltModifier))
        if plain and row >= 0 and text.isdigit() and 1 <= int(text) <= self.max_level:
            self.scored.emit(row, int(text))
            self._next(row)
            return
        if plain and row >= 0 and text == "n":
            self.scored.emit(row, None)
            self._next(row)
            return
        if row >= 0 and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.cleared.emit(row)
            return
        if plain and text and text.isprintable() and not text.isspace():
            return   # no jump-to-letter search: a stray key must not move the cursor
        super().keyPressEvent(event)

    def _next(self, row: int) -> None:
        if row + 1 < self.count():
            self.setCurrentRow(row + 1)


class WalkthroughDialog(QDialog):
    finished_walkthrough = Signal(str)   # the observation id, once complete

    def __init__(self, db: Database, *, runner: Runner | None = None,
                 observation_id: str | None = None, staff_id: str | None = None,
                 today: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        # The window's write path; on its own (a test, the crash test's child) one of its own.
        self.runner = runner if runner is not None else Runner(db, None, self)
        self.runner.changed.connect(self._changed_elsewhere)
        self.today = today or clock.today()
        self.teacher_name = ""
        self._evidence_serial = 0
        self.observation_id: str | None = None
        self.started_at: datetime | None = None
        self.rubric: rubrics.Rubric | None = None
        self.items: list[tuple[str, str]] = []     # ("look_for" | "indicator", id)
        self.marks: dict[tuple[str, str], int | None] = {}
        self.current_evidence: str | None = None
        self._loading = False
        self.setWindowTitle("Quick walkthrough")
        self.setAccessibleName("Quick walkthrough")
        self.setMinimumSize(760, 600)
        self.resize(820, 780)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_picker())
        self.pages.addWidget(self._build_visit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self._tick)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.finish)
        QShortcut(QKeySequence("Ctrl+Enter"), self, activated=self.finish)
        for number, tag in enumerate(QUICK_TAGS, start=1):
            QShortcut(QKeySequence(f"Ctrl+{number}"), self,
                      activated=lambda t=tag: self.toggle_tag(t))

        if observation_id:
            self.resume(observation_id)
        else:
            self._fill_teachers(staff_id)

    # -- page 1: whose classroom --------------------------------------------------------
    def _build_picker(self) -> QWidget:
        page = QWidget()
        self.name_box = _NameBox()
        self.name_box.setPlaceholderText("Type part of the teacher's name, then Enter")
        self.name_box.setAccessibleName("Teacher")
        self.name_box.textChanged.connect(self._filter_teachers)
        self.name_box.returnPressed.connect(self.pick_teacher)
        self.name_box.step.connect(self._step_match)
        self.matches = QListView()
        self.matches.setAccessibleName("Matching teachers")
        self.matches.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.match_model = QStringListModel(self)
        self.matches.setModel(self.match_model)
        self.matches.doubleClicked.connect(lambda *_: self.pick_teacher())
        self.observer = QComboBox()
        self.observer.setAccessibleName("Observer")
        self.picker_problem = QLabel()
        self.picker_problem.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.picker_problem.setAccessibleName("Problem")
        self.picker_problem.setWordWrap(True)
        self.picker_problem.hide()
        form = QFormLayout()
        teacher_label = QLabel("&Teacher")
        teacher_label.setBuddy(self.name_box)
        form.addRow(teacher_label, self.name_box)
        observer_label = QLabel("O&bserver")
        observer_label.setBuddy(self.observer)
        form.addRow(observer_label, self.observer)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.picker_problem)
        layout.addWidget(self.matches, 1)
        hint = QLabel("Enter starts the walkthrough with the highlighted teacher; ↑ ↓ move.")
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        return page

    def _fill_teachers(self, staff_id: str | None) -> None:
        self.people = [m for m in staff.list_staff(self.db) if m.role == "teacher"]
        leaders = [m for m in staff.list_staff(self.db) if m.role != "teacher"]
        self.observer.clear()
        self.observer.addItem("Not recorded", None)
        for member in leaders:
            self.observer.addItem(member.full_name, member.id)
        self.observer.setCurrentIndex(max(self.observer.findData(usual_observer(self.db)), 0))
        chosen = next((m for m in self.people if m.id == staff_id), None)
        self.name_box.setText(chosen.full_name if chosen else "")
        self._filter_teachers()
        self.name_box.setFocus()
        self.name_box.selectAll()

    def _filter_teachers(self, *args) -> None:
        # As the staff list matches: without accents or case ("nunez" finds Zoë Ñúñez).
        words = name_sort_key(self.name_box.text()).split()
        self.shown = [m for m in getattr(self, "people", [])
                      if all(word in name_sort_key(m.full_name) for word in words)]
        self.match_model.setStringList([m.full_name for m in self.shown])
        if self.shown:
            self.matches.setCurrentIndex(self.match_model.index(0))

    def _step_match(self, step: int) -> None:
        if not self.shown:
            return
        row = min(max(self.matches.currentIndex().row() + step, 0), len(self.shown) - 1)
        self.matches.setCurrentIndex(self.match_model.index(row))

    def pick_teacher(self) -> None:
        row = self.matches.currentIndex().row()
        if not self.shown or row < 0:
            self._picker_problem("No teacher matches that name. Check the spelling, or add "
                                 "the teacher from Staff ▸ Add teacher.")
            return
        teacher = self.shown[row]
        waiting = observations.drafts(self.db, kind="walkthrough", staff_id=teacher.id)
        if waiting:
            found = observations.get_observation(self.db, waiting[0])
            from desktop.ui import messages

            answer = messages.choose(
                self, "Unfinished walkthrough",
                f"{teacher.full_name} has an unfinished walkthrough from {found.observed_on}. "
                "Resume it, or start another visit?",
                [RESUME, START_ANOTHER])
            if answer is None:
                return
            if answer == RESUME:
                self.resume(waiting[0])
                return
        rubric_id = rubrics.default_rubric_id(self.db)
        if rubric_id is None:
            self._picker_problem("There is no rubric to score with yet. Import one from "
                                 "the Observations tab (Import rubric…).")
            return
        observer_id = self.observer.currentData()
        started = clock.now_utc()

        def start(db):
            if observer_id and preferences.get(db, OBSERVER_KEY) != observer_id:
                preferences.set(db, OBSERVER_KEY, observer_id)
            return observations.start_observation(
                db, staff_id=teacher.id, rubric_id=rubric_id, kind="walkthrough",
                observed_on=self.today.isoformat(), observer_id=observer_id,
                started_at=clock.utc_stamp(started))

        result = self.runner.perform(f"Start a walkthrough of {teacher.full_name}", start,
                                     initiator=self)
        if result.ok:
            self.resume(result.value)
        elif result.correction is not None:
            self._picker_problem(str(result.correction))

    def _picker_problem(self, text: str) -> None:
        self.picker_problem.setText(text)
        self.picker_problem.setAccessibleDescription(text)
        self.picker_problem.show()

    # -- page 2: the visit ------------------------------------------------------------------
    def _build_visit(self) -> QWidget:
        page = QWidget()
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.timer_label = QLabel("00:00")
        self.timer_label.setAccessibleName("Time in the classroom")
        self.timer_label.setFont(font)
        self.save_state = QLabel("Saved")
        self.save_state.setAccessibleName("Save state")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.save_state)
        top.addSpacing(12)
        top.addWidget(self.timer_label)

        self.score_list = ScoreList(4)
        self.score_list.setAccessibleName("Look-fors and indicators")
        self.score_list.scored.connect(self._score)
        self.score_list.cleared.connect(lambda row: self._score(row, None, clear=True))
        score_hint = QLabel("1–4 score and move on · N not seen · Delete clears · ↑ ↓ move · "
                            "Tab to evidence")
        score_hint.setStyleSheet("color: #555;")

        self.evidence_box = QLineEdit()
        self.evidence_box.setAccessibleName("Evidence")
        self.evidence_box.setPlaceholderText("What you see and hear; Enter starts a new line")
        self.evidence_box.textEdited.connect(self._evidence_typed)
        self.evidence_box.returnPressed.connect(self._evidence_done)
        self.evidence_list = _EvidenceLines()
        self.evidence_list.setAccessibleName("Evidence lines")
        self.evidence_list.setToolTip("Double-click (or Enter) a line to correct it; Delete removes it")
        self.evidence_list.setMaximumHeight(90)
        # Out of the Tab order, so Tab goes straight on from Evidence to Tags during a visit;
        # Alt+N (its label) or a click reaches it to correct a line.
        self.evidence_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.evidence_list.itemActivated.connect(self._edit_evidence_line)
        self.evidence_list.delete_pressed.connect(self._delete_evidence_line)

        self.tags_box = QLineEdit()
        self.tags_box.setAccessibleName("Tags")
        self.tags_box.setPlaceholderText("comma separated; Ctrl+1…8 toggle the quick tags")
        self.tags_box.textEdited.connect(lambda text: self._save_field("tags", text))
        self.tag_buttons: dict[str, QPushButton] = {}
        tag_row = QGridLayout()
        tag_row.setSpacing(4)
        for number, tag in enumerate(QUICK_TAGS, start=1):
            button = QPushButton(f"{number} {tag}")
            button.setCheckable(True)
            button.setToolTip(f"Ctrl+{number}")
            button.setAccessibleName(tag)
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            button.setAutoDefault(False)
            button.clicked.connect(lambda checked=False, t=tag: self.toggle_tag(t))
            tag_row.addWidget(button, (number - 1) // 4, (number - 1) % 4)
            self.tag_buttons[tag] = button

        self.glow_box = QLineEdit()
        self.glow_box.setAccessibleName("Glow")
        self.glow_box.setPlaceholderText("A strength to name")
        self.grow_box = QLineEdit()
        self.grow_box.setAccessibleName("Grow")
        self.grow_box.setPlaceholderText("One next step")
        self.private_box = QLineEdit()
        self.private_box.setAccessibleName("Private note")
        self.private_box.setPlaceholderText("Only for you; never printed or copied")
        for box, column in ((self.glow_box, "glow"), (self.grow_box, "grow"),
                            (self.private_box, "private_note")):
            box.textEdited.connect(lambda text, c=column: self._save_field(c, text))
            box.returnPressed.connect(self.focusNextChild)

        form = QFormLayout()
        for text, widget in (("&Evidence", self.evidence_box), ("Ta&gs", self.tags_box),
                             ("G&low", self.glow_box), ("G&row", self.grow_box),
                             ("&Private note", self.private_box)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
            if widget is self.evidence_box:
                lines_label = QLabel("Li&nes")
                lines_label.setBuddy(self.evidence_list)
                form.addRow(lines_label, self.evidence_list)
            if widget is self.tags_box:
                form.addRow("", _wrap(tag_row))

        self.finish_button = QPushButton("&Finish (Ctrl+Enter)")
        self.finish_button.setAccessibleName("Finish")
        self.finish_button.clicked.connect(self.finish)
        self.copy_button = QPushButton("&Copy feedback")
        self.copy_button.setAccessibleName("Copy feedback")
        self.copy_button.clicked.connect(self.copy_feedback)
        self.discard_button = QPushButton("&Discard draft…")
        self.discard_button.setAccessibleName("Discard draft")
        self.discard_button.clicked.connect(self.discard)
        self.details_button = QPushButton("De&tails…")
        self.details_button.setAccessibleName("Details")
        self.details_button.setToolTip("Correct the teacher, date, observer or kind of visit")
        self.details_button.clicked.connect(self.edit_details)
        self.close_button = QPushButton("Close (keeps the draft)")
        self.close_button.setAccessibleName("Close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.details_button)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.finish_button)
        for button in (self.discard_button, self.details_button, self.copy_button,
                       self.close_button):
            button.setAutoDefault(False)
        self.finish_button.setAutoDefault(False)

        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.score_list, 1)
        layout.addWidget(score_hint)
        layout.addLayout(form)
        layout.addLayout(buttons)
        return page

    def resume(self, observation_id: str) -> None:
        """Show a saved draft (or a fresh one) exactly as it was left."""
        found = observations.get_observation(self.db, observation_id)
        if found is None:
            self._fill_teachers(None)
            return
        self._loading = True
        self.observation_id = observation_id
        self.rubric = rubrics.get_rubric(self.db, found.rubric_id)
        started = found.started_at
        if found.is_draft:
            # The clock goes on from where the visit stopped, not from when it began.
            result = self.runner.perform(
                f"Resume the walkthrough of {found.teacher_name}",
                lambda db: observations.resume_clock(db, observation_id), initiator=self,
                undoable=False)
            if result.ok:
                started = result.value
        self.started_at = _parse(started) or clock.now_utc()
        levels = [level.level for level in self.rubric.levels] if self.rubric else []
        self.score_list.max_level = min(max(levels), 9) if levels else 4
        self.items, self.marks = [], {}
        self.score_list.clear()
        for look_for in self.rubric.look_fors if self.rubric else ():
            self.items.append(("look_for", look_for.id))
            self.score_list.addItem(QListWidgetItem())
            if look_for.id in found.look_for_scores:
                self.marks[("look_for", look_for.id)] = found.look_for_scores[look_for.id]
        for indicator in self.rubric.indicators if self.rubric else ():
            self.items.append(("indicator", indicator.id))
            self.score_list.addItem(QListWidgetItem())
            if indicator.id in found.scores:
                self.marks[("indicator", indicator.id)] = found.scores[indicator.id]
        for row in range(len(self.items)):
            self._show_item(row)
        self.evidence_list.clear()
        for line in found.evidence:
            if line.text.strip():
                item = QListWidgetItem(f"{line.stamp}  {line.text}")
                item.setData(EVIDENCE_ID_ROLE, line.id)
                self.evidence_list.addItem(item)
        self.current_evidence = None
        self.evidence_box.clear()
        self.teacher_name = found.teacher_name
        self.tags_box.setText(found.tags)
        self.glow_box.setText(found.glow)
        self.grow_box.setText(found.grow)
        self.private_box.setText(found.private_note)
        self._sync_tag_buttons()
        when = "" if found.observed_on == self.today.isoformat() else f" ({found.observed_on})"
        self.heading.setText(f"Walkthrough — {found.teacher_name}{when}")
        self.setWindowTitle(f"Quick walkthrough — {found.teacher_name}")
        self.finish_button.setEnabled(found.is_draft)
        self.discard_button.setText("&Discard draft…" if found.is_draft else "&Delete…")
        self.discard_button.setAccessibleName("Discard draft" if found.is_draft else "Delete")
        self.close_button.setText("Close (keeps the draft)" if found.is_draft else "Close")
        self._loading = False
        self.pages.setCurrentIndex(1)
        if found.is_draft:
            self._tick()
        else:   # a finished visit shows how long it lasted, not the time since it began
            self.timer_label.setText(_clock(found.duration_seconds) if found.duration_seconds else "")
        if found.is_draft:
            self.clock.start()
        self.score_list.setCurrentRow(self._first_unscored())
        self.score_list.setFocus()

    def _first_unscored(self) -> int:
        for row, key in enumerate(self.items):
            if key not in self.marks:
                return row
        return 0 if self.items else -1

    def _item_name(self, row: int) -> str:
        kind, item_id = self.items[row]
        if kind == "look_for":
            look_for = next(lf for lf in self.rubric.look_fors if lf.id == item_id)
            return f"Look-for · {look_for.text}"
        indicator = next(i for i in self.rubric.indicators if i.id == item_id)
        return f"{indicator.code} {indicator.name}"

    def _label(self, row: int) -> str:
        kind, item_id = self.items[row]
        name = self._item_name(row)
        key = (kind, item_id)
        if key not in self.marks:
            mark = "[  ]"
        elif self.marks[key] is None:
            mark = "[N] not seen ·"
        else:
            mark = f"[{self.marks[key]}] {self.rubric.level_label(self.marks[key])} ·"
        return f"{mark} {name}"

    def _show_item(self, row: int) -> None:
        item = self.score_list.item(row)
        text = self._label(row)
        item.setText(text)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
        font = item.font()
        font.setBold(self.items[row] in self.marks)
        item.setFont(font)

    # -- saving, one keystroke at a time ----------------------------------------------------
    def _save(self, label: str, write, *, merge: Any = None) -> bool:
        if self.observation_id is None:
            return False
        result = self.runner.perform(f"{label} for {self.teacher_name}", write, initiator=self,
                                     merge=merge, report_corrections=False)
        self._show_saved(result)
        return result.ok

    def _show_saved(self, result: Result) -> None:
        text = "Saved" if result.ok else (
            f"NOT SAVED: {result.correction}" if result.correction is not None else "NOT SAVED")
        self.save_state.setText(text)
        self.save_state.setAccessibleDescription(text)
        self.save_state.setStyleSheet("" if result.ok else "color: #b3261e; font-weight: bold;")

    def _score(self, row: int, level: int | None, *, clear: bool = False) -> None:
        kind, item_id = self.items[row]
        visit = self.observation_id
        name = self._item_name(row)
        if clear:
            if kind == "indicator":
                ok = self._save(f"Clear {name}",
                                lambda db: observations.clear_score(db, visit, item_id))
            else:
                ok = self._save(f"Clear {name}",
                                lambda db: observations.clear_look_for(db, visit, item_id))
            if ok:
                self.marks.pop((kind, item_id), None)
        else:
            words = "not seen" if level is None else str(level)
            if kind == "indicator":
                ok = self._save(f"Score {name} {words}",
                                lambda db: observations.set_score(db, visit, item_id, level))
            else:
                ok = self._save(f"Mark {name} {words}",
                                lambda db: observations.set_look_for(db, visit, item_id, level))
            if ok:
                self.marks[(kind, item_id)] = level
        self._show_item(row)

    def _save_field(self, column: str, text: str) -> None:
        if not self._loading:
            visit = self.observation_id
            self._save(f"Type in {FIELD_NAMES.get(column, column)}",
                       lambda db: observations.update_observation(db, visit, **{column: text}),
                       merge=(visit, column))
            if column == "tags":
                self._sync_tag_buttons()

    def _evidence_typed(self, text: str) -> None:
        visit = self.observation_id
        merge = (visit, "evidence", self._evidence_serial)
        if self.current_evidence is None:
            if not text.strip():
                return
            result = self.runner.perform(
                f"Evidence line for {self.teacher_name}",
                lambda db: observations.add_evidence(db, visit, text), initiator=self, merge=merge,
                report_corrections=False)
            if result.ok:
                self.current_evidence = result.value
            self._show_saved(result)
            return
        evidence_id = self.current_evidence
        self._save("Evidence line", lambda db: observations.update_evidence(db, evidence_id, text),
                   merge=merge)

    def _evidence_done(self) -> None:
        text = self.evidence_box.text().strip()
        self._evidence_serial += 1
        if self.current_evidence is None or not text:
            return
        found = observations.get_observation(self.db, self.observation_id)
        line = next((line for line in found.evidence if line.id == self.current_evidence), None)
        shown = f"{line.stamp}  {text}" if line else text
        existing = self._evidence_item(self.current_evidence)
        if existing is not None:
            existing.setText(shown)
        else:
            item = QListWidgetItem(shown)
            item.setData(EVIDENCE_ID_ROLE, self.current_evidence)
            self.evidence_list.addItem(item)
            self.evidence_list.scrollToBottom()
        self.current_evidence = None
        self.evidence_box.clear()

    def _evidence_item(self, evidence_id: str) -> QListWidgetItem | None:
        for row in range(self.evidence_list.count()):
            item = self.evidence_list.item(row)
            if item.data(EVIDENCE_ID_ROLE) == evidence_id:
                return item
        return None

    def _edit_evidence_line(self, item: QListWidgetItem) -> None:
        """Correct a line already written: it comes back into the Evidence box."""
        evidence_id = item.data(EVIDENCE_ID_ROLE)
        found = observations.get_observation(self.db, self.observation_id)
        line = next((line for line in found.evidence if line.id == evidence_id), None) if found else None
        if line is None:
            return
        self._evidence_done()
        self.current_evidence = evidence_id
        self.evidence_box.setText(line.text)
        self.evidence_box.setFocus()

    def _delete_evidence_line(self, item: QListWidgetItem) -> None:
        evidence_id = item.data(EVIDENCE_ID_ROLE)
        if self._save("Delete an evidence line",
                      lambda db: observations.delete_evidence(db, evidence_id)):
            self.evidence_list.takeItem(self.evidence_list.row(item))
            if self.current_evidence == evidence_id:
                self.current_evidence = None
                self.evidence_box.clear()

    def toggle_tag(self, tag: str) -> None:
        if self.observation_id is None:
            return
        tags = observations.split_tags(self.tags_box.text())
        lowered = [t.lower() for t in tags]
        if tag.lower() in lowered:
            tags.pop(lowered.index(tag.lower()))
        else:
            tags.append(tag)
        text = observations.join_tags(tags)
        self.tags_box.setText(text)
        self._save_field("tags", text)

    def _sync_tag_buttons(self) -> None:
        chosen = {t.lower() for t in observations.split_tags(self.tags_box.text())}
        for tag, button in self.tag_buttons.items():
            button.setChecked(tag.lower() in chosen)

    def _tick(self) -> None:
        if self.started_at is None:
            return
        seconds = max(int((clock.now_utc() - self.started_at).total_seconds()), 0)
        self.timer_label.setText(_clock(seconds))

    # -- the end ------------------------------------------------------------------------------
    def finish(self) -> None:
        if self.observation_id is None or not self.finish_button.isEnabled():
            return
        visit = self.observation_id
        result = self.runner.perform(f"Finish the walkthrough of {self.teacher_name}",
                                     lambda db: observations.complete(db, visit), initiator=self,
                                     status="Walkthrough saved.", report_corrections=False)
        self._show_saved(result)
        if result.ok:
            self.clock.stop()
            self.finished_walkthrough.emit(visit)
            self.accept()

    def discard(self) -> None:
        """A draft is thrown away; a finished visit is deleted (both after one question)."""
        if self.observation_id is None:
            return
        found = observations.get_observation(self.db, self.observation_id)
        if found is None:
            return
        what = (f"this walkthrough draft of {found.teacher_name}" if found.is_draft else
                f"this walkthrough of {found.teacher_name} ({found.observed_on})")
        result = self.runner.delete(
            self, "observations", found.id, what=what, initiator=self,
            label=f"{'Discard the draft' if found.is_draft else 'Delete the walkthrough'} of "
                  f"{found.teacher_name}")
        if result is not None and result.ok:
            self.observation_id = None
            self.clock.stop()
            self.reject()

    def edit_details(self) -> None:
        """Teacher, date, observer and kind: the facts a visit entered in haste may get wrong."""
        if self.observation_id is None:
            return
        found = observations.get_observation(self.db, self.observation_id)
        if found is None:
            return
        visit = found.id
        save = self.runner.form_save(
            f"Correct the details of the walkthrough of {found.teacher_name}",
            lambda db, typed: observations.update_observation(db, visit, **typed),
            initiator=self)
        if ObservationDetailsDialog.ask(self, self.db, found, save=save) is not None:
            self.resume(visit)

    def _changed_elsewhere(self, changes: Changes, initiator) -> None:
        """Edit ▸ Undo (or another window of this file's editors) changed this visit."""
        if initiator is self or self.observation_id is None:
            return
        if self.observation_id in changes.deleted("observations"):
            self.observation_id = None
            self.clock.stop()
            self.reject()
            return
        if touches_visit(changes, self.observation_id):
            self.resume(self.observation_id)

    def copy_feedback(self) -> None:
        from PySide6.QtWidgets import QApplication

        from desktop.reports.feedback_note import build_note, note_text

        if self.observation_id is not None:
            QApplication.clipboard().setText(note_text(build_note(self.db, self.observation_id)))
            self.save_state.setText("Feedback copied")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter belongs to the field it was typed in (a new evidence line, the next box);
        # it must never press a button by default.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Focus set before the window exists is lost on some platforms; set it again.
        (self.score_list if self.pages.currentIndex() == 1 else self.name_box).setFocus()

    def done(self, result: int) -> None:
        # Closing keeps the draft: every keystroke was already saved and shown in the lists.
        self.clock.stop()
        # Closing keeps the draft: every keystroke was already saved and shown in the lists.
        # Its clock stops, so the time until it is picked up again does not count.
        if self.observation_id is not None and result != QDialog.DialogCode.Accepted \
                and self.finish_button.isEnabled():
            visit = self.observation_id
            self.runner.perform(f"Pause the walkthrough of {self.teacher_name}",
                                lambda db: observations.pause_clock(db, visit), initiator=self,
                                undoable=False)
        self.runner.end_merge()
        try:
            self.runner.changed.disconnect(self._changed_elsewhere)
        except (RuntimeError, TypeError):
            pass
        super().done(result)

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, *, runner: Runner | None = None,
            observation_id: str | None = None, staff_id: str | None = None,
            today: date | None = None) -> WalkthroughDialog:
        """Open non-modally (the window stays usable) and return the dialog."""
        dialog = cls(db, runner=runner, observation_id=observation_id, staff_id=staff_id,
                     today=today, parent=parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog


class _EvidenceLines(QListWidget):
    """The evidence lines written so far; Delete removes the current one."""

    delete_pressed = Signal(object)   # the item

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        if item is not None and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit(item)
            return
        super().keyPressEvent(event)


class ObservationDetailsDialog(FormDialog):
    """The facts of a visit: whose class, when, who observed, what kind of visit."""

    def __init__(self, parent: QWidget | None, db: Database, found: observations.Observation):
        super().__init__(parent)
        self.setWindowTitle(f"Details — {found.teacher_name}")
        self.setMinimumWidth(420)
        form = QFormLayout()
        self.teacher = QComboBox()
        for member in staff.list_staff(db, role="teacher"):
            self.teacher.addItem(member.full_name, member.id)
        if self.teacher.findData(found.staff_id) < 0:   # archived, or not a teacher
            self.teacher.addItem(found.teacher_name, found.staff_id)
        self.teacher.setCurrentIndex(self.teacher.findData(found.staff_id))
        self.observed_on = DateField(found.observed_on, accessible_name="Date",
                                            allow_empty=False)
        self.observer = QComboBox()
        self.observer.addItem("Not recorded", None)
        for member in staff.list_staff(db):
            if member.role != "teacher":
                self.observer.addItem(member.full_name, member.id)
        if found.observer_id and self.observer.findData(found.observer_id) < 0:
            self.observer.addItem(found.observer_name, found.observer_id)
        self.observer.setCurrentIndex(max(self.observer.findData(found.observer_id), 0))
        self.kind = QComboBox()
        for code in observations.KINDS:
            self.kind.addItem(code.capitalize(), code)
        self.kind.setCurrentIndex(max(self.kind.findData(found.kind), 0))
        for text, widget, key in (("&Teacher", self.teacher, "staff_id"),
                                  ("&Date", self.observed_on, "observed_on"),
                                  ("O&bserver", self.observer, "observer_id"),
                                  ("&Kind", self.kind, "kind")):
            self.add_field(form, text, widget, key)
        self.lay_out(form)
        self.teacher.setFocus()

    def values(self) -> dict[str, Any]:
        return {"staff_id": self.teacher.currentData(), "observed_on": self.observed_on.iso(),
                "observer_id": self.observer.currentData(), "kind": self.kind.currentData()}

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, found: observations.Observation, *,
            save) -> Result | None:
        return cls(parent, db, found).ask_to_save(save)


def _wrap(layout) -> QWidget:
    holder = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    holder.setLayout(layout)
    return holder


def _parse(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _clock(seconds: int) -> str:
    """12:05 for a visit; 1:02:05 past the hour (a draft picked up again later in the day)."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"
