"""Plan a PD day: for the whole school or chosen teachers, the K offerings that serve the most
teachers' top needs, who each serves, who is left out, and cohorts by shared need.

Read-only: it plans, it does not enroll anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.core.pd_menu import CommonThread

Planner = Callable[[list[str] | None, int], CommonThread]


def _names(names: list[str]) -> str:
    return escape(", ".join(names)) if names else "nobody new"


def plan_html(plan: CommonThread, k: int) -> str:
    if not plan.group_size:
        return "<p>No teachers in this group.</p>"
    parts = [f"<h3>{len(plan.picks)} of {k} picks serve {len(plan.served)} of "
             f"{plan.group_size} teachers</h3>"]
    if not plan.picks:
        parts.append("<p>No offering in the catalog addresses this group's top needs yet.</p>")
    for number, pick in enumerate(plan.picks, start=1):
        parts.append(f"<p><b>{number}. {escape(pick.title)}</b> "
                     f"<i>({escape(', '.join(pick.addresses))})</i><br>"
                     f"Serves {len(pick.serves)}: {_names(pick.serves)}")
        if pick.also_serves:
            parts.append(f"<br>Also useful to {_names(pick.also_serves)}")
        parts.append("</p>")
    if plan.left_out:
        parts.append(f"<h3>Left out ({len(plan.left_out)})</h3><ul>")
        parts += [f"<li>{escape(name)} — needs {escape(', '.join(needs))}</li>"
                  for name, needs in plan.left_out]
        parts.append("</ul>")
    else:
        parts.append("<p>Nobody with a known need is left out.</p>")
    if plan.without_needs:
        parts.append(f"<p><i>No growth areas on record for:</i> {_names(plan.without_needs)}</p>")
    if plan.cohorts:
        parts.append("<h3>Cohorts by shared need (possible PLCs)</h3><ul>")
        for cohort in plan.cohorts:
            title = cohort.indicator_name or "No need shared with anyone else"
            parts.append(f"<li><b>{escape(title)}</b> ({len(cohort.members)}): "
                         f"{_names(cohort.members)}</li>")
        parts.append("</ul>")
    note = ("the best possible choice" if plan.method == "exact"
            else "chosen best-first (a large catalog)")
    parts.append(f"<p style='color:#555'>Top needs are each teacher's three lowest growth areas; "
                 f"the picks are {note}.</p>")
    return "".join(parts)


class CommonThreadDialog(QDialog):
    def __init__(self, parent: QWidget | None, teachers: list[tuple[str, str]], planner: Planner):
        super().__init__(parent)
        self.setWindowTitle("Plan a PD day — the common thread")
        self.resize(760, 620)
        self.planner = planner
        self.whole_school = QRadioButton("&Whole school")
        self.whole_school.setAccessibleName("Whole school")
        self.selected = QRadioButton("&Selected teachers")
        self.selected.setAccessibleName("Selected teachers")
        group = QButtonGroup(self)
        group.addButton(self.whole_school)
        group.addButton(self.selected)
        self.whole_school.setChecked(True)
        self.teachers = QListWidget()
        self.teachers.setAccessibleName("Teachers in the group")
        for staff_id, name in teachers:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, staff_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.teachers.addItem(item)
        self.teachers.setEnabled(False)
        self.selected.toggled.connect(self.teachers.setEnabled)
        self.k = QSpinBox()
        self.k.setRange(1, 8)
        self.k.setValue(3)
        self.k.setAccessibleName("Offerings on the day")
        k_label = QLabel("&Offerings on the day")
        k_label.setBuddy(self.k)
        self.plan_button = QPushButton("&Plan")
        self.plan_button.setAccessibleName("Plan")
        self.plan_button.setDefault(True)
        self.plan_button.clicked.connect(self.plan)
        self.result = QTextBrowser()
        self.result.setAccessibleName("PD day plan")
        self.result.setOpenLinks(False)
        self.result.setHtml("<p>Choose the group and how many offerings, then press Plan.</p>")

        left = QVBoxLayout()
        left.addWidget(self.whole_school)
        left.addWidget(self.selected)
        left.addWidget(self.teachers, 1)
        row = QHBoxLayout()
        row.addWidget(k_label)
        row.addWidget(self.k)
        left.addLayout(row)
        left.addWidget(self.plan_button)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.result, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.last_plan: CommonThread | None = None

    def chosen_ids(self) -> list[str] | None:
        if self.whole_school.isChecked():
            return None
        return [self.teachers.item(row).data(Qt.ItemDataRole.UserRole)
                for row in range(self.teachers.count())
                if self.teachers.item(row).checkState() == Qt.CheckState.Checked]

    def plan(self) -> None:
        chosen = self.chosen_ids()
        if chosen == []:
            self.result.setHtml("<p><b>Tick at least one teacher</b>, or plan for the whole "
                                "school.</p>")
            return
        self.last_plan = self.planner(chosen, self.k.value())
        self.result.setHtml(plan_html(self.last_plan, self.k.value()))

    @classmethod
    def ask(cls, parent: QWidget | None, teachers: list[tuple[str, str]], planner: Planner) -> None:
        cls(parent, teachers, planner).exec()
