"""Plan a PD day: the offerings that serve the most teachers within seats, sessions, rooms
and fit; then save the plan, change it by hand, print it, and enroll everyone in one step.

The planner (desktop.core.common_thread) says whether its choice is the best possible or
a good approximation, and names everyone it leaves unserved with the reason. Every write
(save, each change by hand, enrolling) is one operation through the window's runner, so
Edit › Undo takes it back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from db import attendance, catalog, pd_plans
from desktop.core import wording
from desktop.core.pd_menu import CommonThread
from desktop.ui import messages
from desktop.ui.dialogs.dates import DateField
from desktop.ui.widgets import problem_label

Perform = Callable[..., Any]
Planner = Callable[[list[str] | None, int, date | None], CommonThread]
NEW_PLAN = "New plan"
STAFF_ROLE = Qt.ItemDataRole.UserRole
OFFERING_ROLE = Qt.ItemDataRole.UserRole + 1


def _names(names: list[str]) -> str:
    return escape(", ".join(names)) if names else "nobody new"


def plan_html(plan: CommonThread) -> str:
    """The planner's answer in words (the draft, before it is saved)."""
    if not plan.group_size:
        return "<p>No teachers in this group.</p>"
    parts = [f"<h3>{len(plan.picks)} of {plan.k} offerings serve {len(plan.served)} of "
             f"{plan.group_size} teachers</h3>"]
    if plan.picks:
        parts.append(f"<p><b>{escape(plan.method_words())}</b></p>")
    else:
        parts.append("<p>No open offering addresses this group's top needs with a seat they "
                     "could take" + (" on that day" if plan.day else "") + ".</p>")
    for number, pick in enumerate(plan.picks, start=1):
        seats = "no seat limit" if pick.seats_left is None else wording.plural(pick.seats_left, "seat") + " free"
        when = "; ".join(f"{wording.weekday(s.starts_at)} {s.starts_at[11:16]}–{s.ends_at[11:16]}"
                         + (f", {s.location}" if s.location else "") for s in pick.sessions[:3])
        parts.append(f"<p><b>{number}. {escape(pick.title)}</b> <i>({escape(', '.join(pick.addresses))})</i>"
                     f"<br>{escape(seats)}" + (f" · {escape(when)}" if when else " · self-paced")
                     + f"<br>Serves {len(pick.serves)}: {_names(pick.serves)}")
        if pick.also_serves:
            parts.append(f"<br>Also going, for a second need: {_names(pick.also_serves)}")
        parts.append("</p>")
    unserved = [u for u in plan.unserved if u.kind != "no_needs"]
    if unserved:
        parts.append(f"<h3>Not served ({len(unserved)})</h3><ul>")
        parts += [f"<li>{escape(u.name)}: {escape(u.reason)} <i>(needs {escape(', '.join(u.needs))})</i></li>"
                  for u in unserved]
        parts.append("</ul>")
    elif plan.picks:
        parts.append("<p>Everyone with a known need is served.</p>")
    if plan.without_needs:
        parts.append(f"<p><i>No growth areas on record for:</i> {_names(plan.without_needs)}</p>")
    if plan.cohorts:
        parts.append("<h3>Cohorts by shared need (possible PLCs)</h3><ul>")
        for cohort in plan.cohorts:
            title = cohort.indicator_name or "No need shared with anyone else"
            parts.append(f"<li><b>{escape(title)}</b> ({len(cohort.members)}): {_names(cohort.members)}</li>")
        parts.append("</ul>")
    parts.append(f"<p style='color:#444'>Top needs are each teacher's three lowest growth areas. "
                 f"{escape(plan.seat_rule)}</p>")
    return "".join(parts)


class PdDayDialog(QDialog):
    def __init__(self, db: Database, perform: Perform, planner: Planner, parent: QWidget | None = None,
                 *, teachers: list[tuple[str, str]], today: date, selected_ids: list[str] | None = None,
                 page_size_name: str = "letter"):
        super().__init__(parent)
        self.db, self.perform, self.planner, self.today = db, perform, planner, today
        self.page_size_name = page_size_name
        self.setWindowTitle("Plan a PD day")
        self.setObjectName("pd-day-dialog")
        self.resize(1040, 700)
        self.draft: CommonThread | None = None
        self.plan_id: str | None = None

        self.plans = QComboBox()
        self.plans.setAccessibleName("Plan")
        plans_label = QLabel("P&lan")
        plans_label.setBuddy(self.plans)
        self.whole_school = QRadioButton("&Whole school")
        self.selected = QRadioButton("&Selected teachers")
        group = QButtonGroup(self)
        for button in (self.whole_school, self.selected):
            button.setAccessibleName(button.text().replace("&", ""))
            group.addButton(button)
        self.teachers = QListWidget()
        self.teachers.setAccessibleName("Teachers in the group")
        chosen = set(selected_ids or [])
        for staff_id, name in teachers:
            item = QListWidgetItem(name)
            item.setData(STAFF_ROLE, staff_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if staff_id in chosen else Qt.CheckState.Unchecked)
            self.teachers.addItem(item)
        (self.selected if len(chosen) > 1 else self.whole_school).setChecked(True)
        self.teachers.setEnabled(self.selected.isChecked())
        self.selected.toggled.connect(self.teachers.setEnabled)
        self.k = QSpinBox()
        self.k.setRange(1, 8)
        self.k.setValue(3)
        self.k.setAccessibleName("Offerings on the day")
        k_label = QLabel("&Offerings on the day")
        k_label.setBuddy(self.k)
        self.only_day = QCheckBox("Only sessions on &this day:")
        self.only_day.setAccessibleName("Only sessions on this day")
        self.day = DateField(today, accessible_name="PD day")
        self.day.setEnabled(False)
        self.only_day.toggled.connect(self.day.setEnabled)
        self.plan_button = QPushButton("&Plan")
        self.plan_button.setAccessibleName("Plan")
        self.plan_button.setDefault(True)
        self.plan_button.clicked.connect(self.plan)

        self.result = QTextBrowser()
        self.result.setAccessibleName("PD day plan")
        self.result.setOpenLinks(False)
        self.result.setHtml("<p>Choose the group and how many offerings, then press Plan.</p>")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Saved plan")
        self.tree.setHeaderLabels(["Offering and who goes", "Why"])
        self.tree.setColumnWidth(0, 380)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Plan summary")
        self.problem = problem_label()

        self.move_button = QPushButton("&Move to…")
        self.remove_button = QPushButton("Take &off the plan")
        self.place_button = QPushButton("&Give a place…")
        self.drop_button = QPushButton("&Remove offering")
        self.add_button = QPushButton("Add o&ffering…")
        for button, slot in ((self.move_button, self.move_person), (self.remove_button, self.remove_person),
                             (self.place_button, self.give_place), (self.drop_button, self.remove_offering),
                             (self.add_button, self.add_offering)):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            button.clicked.connect(lambda _checked=False, run=slot: run())
        edit_row = QHBoxLayout()
        for button in (self.move_button, self.remove_button, self.place_button, self.drop_button,
                       self.add_button):
            edit_row.addWidget(button)
        edit_row.addStretch(1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.addButton("Sa&ve plan…", QDialogButtonBox.ButtonRole.ActionRole)
        self.enroll_button = self.buttons.addButton("&Enroll everyone…", QDialogButtonBox.ButtonRole.ActionRole)
        self.schedules_button = self.buttons.addButton("Print s&chedules…", QDialogButtonBox.ButtonRole.ActionRole)
        self.rooms_button = self.buttons.addButton("Print room s&heets…", QDialogButtonBox.ButtonRole.ActionRole)
        self.delete_button = self.buttons.addButton("&Delete plan…", QDialogButtonBox.ButtonRole.ActionRole)
        for button, slot in ((self.save_button, lambda: self.save_plan()),
                             (self.enroll_button, self.enroll_everyone),
                             (self.schedules_button, lambda: self.print_plan("schedules")),
                             (self.rooms_button, lambda: self.print_plan("rooms")),
                             (self.delete_button, self.delete_plan)):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            button.clicked.connect(lambda _checked=False, run=slot: run())
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")

        left = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(plans_label)
        top.addWidget(self.plans, 1)
        left.addLayout(top)
        left.addWidget(self.whole_school)
        left.addWidget(self.selected)
        left.addWidget(self.teachers, 1)
        row = QHBoxLayout()
        row.addWidget(k_label)
        row.addWidget(self.k)
        left.addLayout(row)
        day_row = QHBoxLayout()
        day_row.addWidget(self.only_day)
        day_row.addWidget(self.day, 1)
        left.addLayout(day_row)
        left.addWidget(self.plan_button)
        left_widget = QWidget()
        left_widget.setLayout(left)
        right = QVBoxLayout()
        right.addWidget(self.summary)
        right.addWidget(self.result, 1)
        right.addWidget(self.tree, 1)
        right.addLayout(edit_row)
        right.addWidget(self.problem)
        right_widget = QWidget()
        right_widget.setLayout(right)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left_widget)
        split.addWidget(right_widget)
        split.setSizes([320, 720])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)
        self._fill_plans()
        self.plans.currentIndexChanged.connect(self._plan_chosen)
        self._show_mode()

    # -- which plan ------------------------------------------------------------------------------
    def _fill_plans(self, select: str | None = None) -> None:
        self.plans.blockSignals(True)
        self.plans.clear()
        self.plans.addItem(NEW_PLAN, None)
        for summary in pd_plans.list_plans(self.db):
            day = f" · {wording.day(summary.planned_for)}" if summary.planned_for else ""
            enrolled = " · enrolled" if summary.enrolled_on else ""
            self.plans.addItem(f"{summary.title}{day}{enrolled}", summary.id)
        self.plans.setCurrentIndex(max(self.plans.findData(select), 0) if select else 0)
        self.plans.blockSignals(False)

    def _plan_chosen(self) -> None:
        self.plan_id = self.plans.currentData()
        self._show_mode()

    def open_plan(self, plan_id: str) -> None:
        self._fill_plans(plan_id)
        self.plan_id = plan_id
        self._show_mode()

    def _show_mode(self) -> None:
        saved = self.plan_id is not None
        for widget in (self.whole_school, self.selected, self.k, self.only_day, self.plan_button):
            widget.setEnabled(not saved)
        self.teachers.setEnabled(not saved and self.selected.isChecked())
        self.day.setEnabled(not saved and self.only_day.isChecked())
        self.result.setVisible(not saved)
        self.tree.setVisible(saved)
        for button in (self.move_button, self.remove_button, self.place_button, self.drop_button,
                       self.add_button):
            button.setVisible(saved)
        self.save_button.setEnabled(not saved and self.draft is not None and bool(self.draft.picks))
        for button in (self.enroll_button, self.schedules_button, self.rooms_button):
            button.setEnabled(saved or (self.draft is not None and bool(self.draft.picks)))
        self.delete_button.setEnabled(saved)
        if saved:
            self._show_saved()
        else:
            self.summary.setText("" if self.draft is None else
                                 f"Not saved yet. {len(self.draft.served)} of {self.draft.group_size} served.")
        self._update_buttons()

    # -- planning ----------------------------------------------------------------------------------
    def chosen_ids(self) -> list[str] | None:
        if self.whole_school.isChecked():
            return None
        return [self.teachers.item(row).data(STAFF_ROLE) for row in range(self.teachers.count())
                if self.teachers.item(row).checkState() == Qt.CheckState.Checked]

    def plan(self) -> None:
        chosen = self.chosen_ids()
        if chosen == []:
            self.result.setHtml("<p><b>Tick at least one teacher</b>, or plan for the whole school.</p>")
            return
        if self.only_day.isChecked() and not self.day.is_valid():
            self.show_problem(self.day.problem() or "Give the PD day's date.")
            return
        day = self.day.value() if self.only_day.isChecked() else None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.draft = self.planner(chosen, self.k.value(), day)
        finally:
            QApplication.restoreOverrideCursor()
        self.result.setHtml(plan_html(self.draft))
        self.show_problem("")
        self._show_mode()

    # -- the saved plan ------------------------------------------------------------------------------
    def saved_plan(self) -> pd_plans.SavedPlan | None:
        return pd_plans.get_plan(self.db, self.plan_id) if self.plan_id else None

    def _show_saved(self) -> None:
        plan = self.saved_plan()
        self.tree.clear()
        if plan is None:
            self.plan_id = None
            return
        self.summary.setText(
            f"{plan.title}: {len(plan.served)} of {len(plan.members)} teachers have a place "
            f"({plan.method_words})." + (f" Enrolled on {wording.day(plan.enrolled_on)}."
                                         if plan.enrolled_on else ""))
        for pick in plan.picks:
            top = QTreeWidgetItem([f"{pick.title} ({len(pick.places)})", ""])
            top.setData(0, OFFERING_ROLE, pick.offering_id)
            for place in pick.places:
                child = QTreeWidgetItem([place.name, place.reason])
                child.setData(0, STAFF_ROLE, place.staff_id)
                child.setData(0, OFFERING_ROLE, pick.offering_id)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        if plan.unserved:
            top = QTreeWidgetItem([f"Not served ({len(plan.unserved)})", ""])
            for member in plan.unserved:
                child = QTreeWidgetItem([member.name, member.unserved_reason])
                child.setData(0, STAFF_ROLE, member.staff_id)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)

    def _current(self) -> tuple[str | None, str | None]:
        item = self.tree.currentItem()
        if item is None:
            return None, None
        return item.data(0, STAFF_ROLE), item.data(0, OFFERING_ROLE)

    def _update_buttons(self) -> None:
        staff_id, offering_id = self._current()
        self.move_button.setEnabled(bool(staff_id and offering_id))
        self.remove_button.setEnabled(bool(staff_id and offering_id))
        self.place_button.setEnabled(bool(staff_id))
        self.drop_button.setEnabled(bool(offering_id and not staff_id))

    def _change(self, label: str, write) -> bool:
        result = self.perform(label, write, initiator=self, report_corrections=False)
        self.show_problem("" if result.ok else (result.message or "Not changed."))
        self._show_saved()
        return result.ok

    def _choose_pick(self, title: str, exclude: str | None = None) -> str | None:
        plan = self.saved_plan()
        choices = [(p.offering_id, p.title) for p in plan.picks if p.offering_id != exclude] if plan else []
        if not choices:
            self.show_problem("There is no other offering on this plan; add one first.")
            return None
        text, ok = QInputDialog.getItem(self, title, "Offering:", [t for _, t in choices], 0, False)
        return next((o for o, t in choices if t == text), None) if ok else None

    def move_person(self) -> None:
        staff_id, offering_id = self._current()
        if not staff_id or not offering_id:
            return
        target = self._choose_pick("Move to another offering", exclude=offering_id)
        if target:
            name = self.tree.currentItem().text(0)
            self._change(f"Move {name} on the plan",
                         lambda db: pd_plans.move_place(db, self.plan_id, staff_id, offering_id, target))

    def remove_person(self) -> None:
        staff_id, offering_id = self._current()
        if staff_id and offering_id:
            name = self.tree.currentItem().text(0)
            self._change(f"Take {name} off the plan",
                         lambda db: pd_plans.set_place(db, self.plan_id, staff_id, offering_id, False))

    def give_place(self) -> None:
        staff_id, _offering = self._current()
        if not staff_id:
            return
        target = self._choose_pick("Give a place")
        if target:
            name = self.tree.currentItem().text(0)
            self._change(f"Give {name} a place",
                         lambda db: pd_plans.set_place(db, self.plan_id, staff_id, target, True,
                                                       reason="given by hand"))

    def remove_offering(self) -> None:
        _staff, offering_id = self._current()
        if offering_id and messages.confirm(self, "Remove offering",
                                            "Take this offering off the day? Its people keep their other "
                                            "places, or become unserved.", yes="Remove"):
            self._change("Remove an offering from the plan",
                         lambda db: pd_plans.remove_pick(db, self.plan_id, offering_id))

    def add_offering(self) -> None:
        plan = self.saved_plan()
        if plan is None:
            return
        on_plan = {p.offering_id for p in plan.picks}
        choices = [(o.id, o.title) for o in catalog.list_offerings(self.db) if o.id not in on_plan]
        if not choices:
            return
        text, ok = QInputDialog.getItem(self, "Add an offering", "Offering:", [t for _, t in choices], 0, False)
        chosen = next((o for o, t in choices if t == text), None) if ok else None
        if chosen:
            self._change(f"Add {text} to the plan", lambda db: pd_plans.add_pick(db, self.plan_id, chosen))

    # -- saving, enrolling, printing, deleting -----------------------------------------------------
    def _suggested_title(self) -> str:
        day = self.draft.day if self.draft and self.draft.day else None
        return f"PD day, {wording.day(day)}" if day else f"PD day plan, {wording.day(self.today)}"

    def save_plan(self, title: str | None = None) -> str | None:
        if self.draft is None or not self.draft.picks:
            return None
        if title is None:
            title, ok = QInputDialog.getText(self, "Save the plan", "Title:", text=self._suggested_title())
            if not ok:
                return None
        group = "Whole school" if self.whole_school.isChecked() else \
            wording.plural(len(self.chosen_ids() or []), "selected teacher")
        draft = self.draft.draft(title, group_description=group)
        result = self.perform(f"Save PD day plan {title.strip()}",
                              lambda db: pd_plans.save_plan(db, draft), initiator=self,
                              report_corrections=False, status=f"Saved the plan “{title.strip()}”.")
        if not result.ok:
            self.show_problem(result.message or "Not saved.")
            return None
        self.draft = None
        self.open_plan(result.value)
        return result.value

    def _ensure_saved(self) -> str | None:
        return self.plan_id or self.save_plan()

    def enroll_everyone(self) -> None:
        plan_id = self._ensure_saved()
        plan = pd_plans.get_plan(self.db, plan_id) if plan_id else None
        if plan is None:
            return
        late = [p.title for p in plan.picks if attendance.sessions_ahead(self.db, p.offering_id) == 0]
        places = sum(len(p.places) for p in plan.picks)
        text = (f"Enroll {wording.plural(places, 'place')} on “{plan.title}”: each offering's people in the "
                "plan's order; where seats have run out since it was planned, the rest join the waitlist.")
        if late:
            text += (f"\n\nEvery session of {wording.and_list(['“' + t + '”' for t in late])} has already "
                     "started or been held.")
        if plan.enrolled_on:
            text += f"\n\nThis plan was already turned into enrollments on {wording.day(plan.enrolled_on)}."
        if not messages.confirm(self, "Enroll everyone", text, yes="Enroll"):
            return
        result = self.perform(f"Enroll PD day plan {plan.title}",
                              lambda db: pd_plans.enroll_plan(db, plan.id, on=self.today.isoformat()),
                              initiator=self, report_corrections=False,
                              status=lambda groups: " ".join(g.summary() for g in groups))
        self.show_problem("" if result.ok else (result.message or "Not enrolled."))
        if result.ok:
            self._fill_plans(plan.id)
            self._show_saved()

    def print_plan(self, which: str) -> Path | None:
        from desktop.core.pd_day import gather_printout
        from desktop.reports.pd_day_pdf import write_room_sheets, write_schedules

        plan_id = self._ensure_saved()
        if plan_id is None:
            return None
        printout = gather_printout(self.db, plan_id, today=self.today)
        what = "Schedules" if which == "schedules" else "Room sheets"
        path = messages.choose_save_path(self, f"Save the {what.lower()}",
                                         f"{what} - {printout.plan.title}.pdf", "PDF files (*.pdf)",
                                         suffix=".pdf")
        if path is None:
            return None
        try:
            (write_schedules if which == "schedules" else write_room_sheets)(
                path, printout, page_size_name=self.page_size_name)
        except OSError as error:
            from desktop.errors import plain_message

            what_happened, way_out = plain_message(error)
            messages.notify(self, "Could not save the PDF", what_happened,
                            way_out or "Choose another folder, or check there is free space.")
            return None
        self.show_problem("")
        self.summary.setText(f"Saved {what.lower()} to {path}.")
        return path

    def delete_plan(self) -> None:
        plan = self.saved_plan()
        if plan is None or not messages.confirm(
                self, "Delete plan", f"Delete the plan “{plan.title}”? Enrollments made from it stay.",
                yes="Delete"):
            return
        result = self.perform(f"Delete PD day plan {plan.title}", lambda db: pd_plans.delete_plan(db, plan.id),
                              initiator=self, report_corrections=False, destructive=True)
        if result.ok:
            self.plan_id = None
            self._fill_plans()
            self._show_mode()

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    @classmethod
    def ask(cls, parent, db: Database, perform: Perform, planner: Planner, **options) -> None:
        cls(db, perform, planner, parent, **options).exec()
