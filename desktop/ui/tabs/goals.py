"""Goals & Conversations: conversations, SMART goals with steps and check-ins, the growth profile.

Every write goes through the main window's actions (one transaction, plain-words
errors, a broadcast of what changed); dialogs are asked through their ``ask()``
classmethods so tests can stand in for the person at the keyboard.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QSplitter, QTabWidget, QToolBar, QToolButton,
    QVBoxLayout, QWidget,
)

from db import conversations, goals, rubrics, self_assessments
from db.conversations import ConversationValidationError
from db.goals import GoalValidationError
from db.self_assessments import SelfAssessmentError
from desktop.core.conversation_prompts import goal_setting_prompts, suggested_focus
from desktop.core.profiles import growth_profile_for
from desktop.ui.delegates import ProgressDelegate
from desktop.ui.dialogs.check_in_dialog import CheckInDialog
from desktop.ui.dialogs.conversation_dialog import ConversationDialog
from desktop.ui.dialogs.goal_dialog import GoalDialog, IndicatorChoice, StepDialog
from desktop.ui.dialogs.self_assessment_dialog import SelfAssessmentDialog
from desktop.ui.models.conversations import ConversationsModel
from desktop.ui.models.goals import ActionStepsModel, GoalsModel
from desktop.ui.tabs.base import Tab
from desktop.ui.tabs.growth_profile_panel import GrowthProfilePanel
from desktop.ui.widgets import ListPanel, caption, labelled, name_overflow_button

GOAL_TABLES = {"goals", "conversation_goals"}
OVERDUE = "overdue"   # the status filter's "With an overdue step"


def _command_bar(name: str, commands: list[tuple[str, Callable[[], Any], str]]) -> tuple[QToolBar, list[QToolButton]]:
    """A row of text buttons that never forces the window wider: what does not fit
    moves into the bar's » menu (a wrapping row would force it taller instead)."""
    bar = QToolBar(name)
    bar.setAccessibleName(name)
    name_overflow_button(bar)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    bar.setStyleSheet("QToolButton { border: 1px solid #b9c2bb; border-radius: 4px;"
                      " padding: 3px 8px; margin-right: 4px; background: #fbfcfb; }"
                      " QToolButton:disabled { color: #8a8a8a; border-color: #dde2de; }"
                      " QToolButton:focus { border: 2px solid #2f6b4f; }")
    buttons = []
    for text, slot, tip in commands:
        action = QAction(text, bar)
        action.setToolTip(tip or text.rstrip("…"))
        action.triggered.connect(lambda checked=False, run=slot: run())
        bar.addAction(action)
        button = bar.widgetForAction(action)
        button.setAccessibleName(text.rstrip("…"))
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)   # reachable with Tab, like buttons
        buttons.append(button)
    return bar, buttons


class GoalsTab(Tab):
    title = "Goals & Conversations"
    slug = "goals"
    tables = frozenset({"staff", "goals", "action_steps", "goal_check_ins", "conversations",
                        "conversation_goals", "self_assessments", "self_assessment_ratings",
                        "observations", "observation_scores", "rubrics", "rubric_indicators"})

    def __init__(self, db, parent=None):
        super().__init__(db, parent)
        self.goals = ListPanel("Goals", GoalsModel(), empty_text="No goals yet.")
        self.goals.view.setItemDelegateForColumn(
            self.goals.model.column_index("Progress"), ProgressDelegate(self.goals.view))
        self.steps = ListPanel("Action steps", ActionStepsModel(today=self.today_iso),
                               empty_text="Pick a goal above to see its action steps.")
        self.steps.hide_column("Teacher")
        self.steps.hide_column("Goal")
        self.conversations = ListPanel("Conversations", ConversationsModel(),
                                       empty_text="No conversations recorded yet.")
        self.conversations.sort_by("Date", Qt.SortOrder.DescendingOrder)
        self.overdue_note = caption()
        self.overdue_note.setStyleSheet("color: #8a1c14; font-weight: bold;")
        self.overdue_note.setAccessibleName("Overdue action steps")
        self.profile = GrowthProfilePanel()

        # -- commands: buttons for the mouse, shortcuts for the keyboard ----------------------
        self.commands, (
            self.new_conversation_button, self.new_goal_button, self.edit_goal_button,
            self.check_in_button, self.self_assessment_button, self.import_button,
            self.goal_sheet_button, self.survey_button,
        ) = _command_bar("Goal commands", [
            ("New conversation…", self.new_conversation, "Record a conversation (Ctrl+Shift+C)"),
            ("New goal…", self.new_goal, "Write a SMART goal (Ctrl+Shift+G)"),
            ("Edit goal…", self.edit_goal, "Edit the selected goal (Enter in the list)"),
            ("Check-in…", self.check_in, "Record progress on the selected goal"),
            ("Self-assessment…", self.enter_self_assessment, "Type in the teacher's self-assessment"),
            ("Import responses…", self.import_responses,
             "Import self-assessments from a Google Forms or Microsoft Forms CSV"),
            ("Print goal sheet…", self.print_goal_sheet, "Save the teacher's goal sheet as PDF to print"),
            ("Print blank survey…", self.print_blank_survey, "Save a blank self-assessment survey as PDF"),
        ])
        self.step_commands, (
            self.add_step_button, self.done_button, self.mastered_button, self.reopen_button,
        ) = _command_bar("Action step commands", [
            ("Add step…", self.add_step, "Add an action step to the goal"),
            ("Mark done", lambda: self.set_step("done"), "Tick the selected step as done (Ctrl+D)"),
            ("Mastered", lambda: self.set_step("mastered"),
             "The practice is now part of their teaching"),
            ("Reopen", lambda: self.set_step("open"), "Mark the selected step as not done"),
        ])
        steps_box = QWidget()
        steps_layout = QVBoxLayout(steps_box)
        steps_layout.setContentsMargins(0, 0, 0, 0)
        steps_layout.addWidget(self.steps, 1)
        steps_layout.addWidget(self.step_commands)

        # Steps, conversations and the profile share the lower half as pages, so each
        # list keeps a readable width on a laptop screen.
        self.details = QTabWidget()
        self.details.setAccessibleName("Goal details")
        self.details.addTab(steps_box, "Action ste&ps")
        self.details.addTab(self.conversations, "Co&nversations")
        self.details.addTab(self.profile, "Growth p&rofile")
        main = QSplitter(Qt.Orientation.Vertical)
        main.addWidget(self.goals)
        main.addWidget(self.details)
        main.setSizes([300, 520])
        main.setChildrenCollapsible(False)
        self.layout_.addWidget(self.commands)
        # Beside the overdue warning, so every command keeps its room in the bar above.
        notes = QHBoxLayout()
        notes.addWidget(self.overdue_note, 1)
        notes.addWidget(self._build_status_filter())
        notes.addWidget(self.add_year_picker())
        self.layout_.addLayout(notes)
        self.layout_.addWidget(main, 1)

        self.goals.view.selectionModel().selectionChanged.connect(self._goal_picked)
        self.goals.view.doubleClicked.connect(lambda *a: self.edit_goal())
        self.goals.view.activated.connect(lambda *a: self.edit_goal())
        self.steps.view.selectionModel().selectionChanged.connect(self._update_commands)
        self.conversations.view.doubleClicked.connect(lambda *a: self.edit_conversation())
        self.conversations.view.activated.connect(lambda *a: self.edit_conversation())
        self._shortcut("Ctrl+Shift+C", self.new_conversation, "New conversation")
        self._shortcut("Ctrl+Shift+G", self.new_goal, "New goal")
        self._shortcut("Ctrl+D", lambda: self.set_step("done"), "Mark the action step done")

    def _build_status_filter(self) -> QWidget:
        """Which goals the list shows: every status, one status, or those with an overdue step
        (what the Overview's goal figures open)."""
        self.status_filter = QComboBox()
        self.status_filter.addItem("Every status", None)
        for status in goals.STATUSES:
            self.status_filter.addItem(goals.label(status), status)
        self.status_filter.addItem("With an overdue step", OVERDUE)
        self.status_filter.currentIndexChanged.connect(lambda *_: self.refresh(force=True))
        return labelled("Sho&w", self.status_filter)

    def show_goals(self, *, status: str | None = None, overdue: bool = False,
                   goal_id: str | None = None) -> None:
        """The goals a figure stands for (one status, or those with an overdue step), with
        *goal_id* picked and its action steps on show."""
        wanted = OVERDUE if overdue else status
        self.status_filter.blockSignals(True)
        self.status_filter.setCurrentIndex(max(self.status_filter.findData(wanted), 0))
        self.status_filter.blockSignals(False)
        self.refresh(force=True)
        if goal_id:
            self._select_goal(goal_id)
        self.details.setCurrentIndex(0)
        self.goals.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _shortcut(self, keys: str, slot: Callable[[], Any], text: str) -> None:
        action = QAction(text, self)   # the text names it in Help ▸ Keyboard shortcuts
        action.setShortcut(QKeySequence(keys))
        # The whole window, while this tab is the one on show (a hidden tab's shortcuts
        # sleep): so they work right after Ctrl+3, wherever the focus was.
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    # -- loading ---------------------------------------------------------------------------------
    def load(self) -> None:
        self.steps.model.today = self.today_iso
        name = self.context_name
        whose = f" of {name}" if self.member else ""
        chosen = self.selected_goal()
        self.goals.set_title(f"Goals — {name}")
        self.goals.set_empty_text(
            f"No goals{whose} yet. Goals agreed in a goal-setting conversation appear here."
            + (" Use New goal… or New conversation… to start." if self.member else ""))
        self.goals.hide_column("Teacher", self.member is not None)
        self.conversations.set_empty_text(f"No conversations{whose} recorded yet.")
        self.conversations.hide_column("Teacher", self.member is not None)
        # The year shown: its conversations, and the goals live in it (active ones carry on).
        view = self.year_view
        shown = self.status_filter.currentData()
        if shown is not None:
            self.goals.set_title(f"Goals — {name} · {self.status_filter.currentText().lower()}")
            self.goals.set_empty_text(f"No goals{whose} {self.status_filter.currentText().lower()} "
                                      "this school year. Show: Every status lists them all.")
        self.goals.model.set_rows(goals.list_goals(
            self.db, staff_id=self.staff_id, since=view.since, until=view.year.until,
            statuses=(shown,) if shown not in (None, OVERDUE) else None,
            overdue_on=view.until if shown == OVERDUE else None))
        self.conversations.model.set_rows(conversations.list_conversations(
            self.db, staff_id=self.staff_id, since=view.since, until=view.year.until))
        self._select_goal(chosen.id if chosen else None)
        self._show_overdue()
        if self.member is not None:
            self.profile.show_profile(
                growth_profile_for(self.db, self.member.id, as_of=self.today), self.member.full_name)
        else:
            self.profile.show_profile(None, "")
        self._update_commands()

    def _show_overdue(self) -> None:
        overdue = goals.list_overdue_action_steps(self.db, today=self.today_iso,
                                                  staff_id=self.staff_id)
        if not overdue:
            self.overdue_note.setVisible(False)
            return
        first = overdue[0]
        count = len(overdue)
        text = (f"⚠ {count} action step{'s are' if count > 1 else ' is'} overdue — the longest: "
                f"“{first.description}” ({first.teacher_name}, due {first.due_on}).")
        self.overdue_note.setText(text)
        self.overdue_note.setAccessibleDescription(text)
        self.overdue_note.setVisible(True)

    def _select_goal(self, goal_id: str | None) -> None:
        rows = self.goals.model.rows()
        index = next((n for n, goal in enumerate(rows) if goal.id == goal_id), 0 if rows else None)
        if index is not None:
            proxy_row = self.goals.proxy.mapFromSource(self.goals.model.index(index, 0)).row()
            self.goals.view.selectRow(proxy_row)
        self._show_steps()

    def _goal_picked(self, *args) -> None:
        self._show_steps()
        self._update_commands()

    def _show_steps(self) -> None:
        goal = self.selected_goal()
        if goal is None:
            self.steps.set_title("Action steps")
            self.steps.set_empty_text("Pick a goal above to see its action steps.")
            self.steps.model.set_rows([])
            return
        self.steps.set_title(f"Action steps — {goal.title}")
        self.steps.set_empty_text("This goal has no action steps yet. Add step… writes one.")
        self.steps.model.set_rows(goals.list_action_steps(self.db, goal_id=goal.id))

    def _update_commands(self, *args) -> None:
        teacher = self.member is not None
        goal = self.selected_goal() is not None
        step = self.selected_step()
        # Through the actions, so a command moved into the » menu is disabled there too.
        for button in (self.new_conversation_button, self.new_goal_button,
                       self.self_assessment_button, self.goal_sheet_button):
            button.defaultAction().setEnabled(teacher)
        for button in (self.edit_goal_button, self.check_in_button, self.add_step_button):
            button.defaultAction().setEnabled(goal)
        self.done_button.defaultAction().setEnabled(step is not None and step.status != "done")
        self.mastered_button.defaultAction().setEnabled(
            step is not None and step.status != "mastered")
        self.reopen_button.defaultAction().setEnabled(step is not None and step.status != "open")

    # -- what is selected ------------------------------------------------------------------------------
    def selected_goal(self):
        return self.goals.selected_row()

    def selected_step(self):
        return self.steps.selected_row()

    def selected_conversation(self):
        return self.conversations.selected_row()

    # -- the write path -----------------------------------------------------------------------------------
    def _run(self, write, *, changes, done: str = "", passes_through=()):
        operations = getattr(self.window(), "operations", None)
        if operations is None:
            raise RuntimeError("The Goals tab writes through the main window's actions.")
        return operations.run(write, changes=changes, done=done, passes_through=passes_through)

    def _status(self, text: str) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 8000)

    def _indicator_choices(self) -> list[IndicatorChoice]:
        rubric_id = rubrics.default_rubric_id(self.db)
        if rubric_id is None:
            return []
        return [IndicatorChoice(item.code, item.name) for item in rubrics.indicators(self.db, rubric_id)]

    def _templates(self) -> list[goals.GoalTemplate]:
        """The file's own goal templates; until it has some, the ones Cultivate ships."""
        saved = goals.list_goal_templates(self.db)
        if saved:
            return saved
        from db import catalog

        return [goals.GoalTemplate(f"shipped-{number}", item["title"].strip(),
                                   item.get("description", "").strip(),
                                   item.get("measure", "").strip(), item.get("indicator"))
                for number, item in enumerate(catalog.read_goal_templates())]

    def _career_goals(self, staff_id: str) -> str:
        latest = self_assessments.latest(self.db, staff_id, as_of=self.today)
        if latest and latest.career_goals:
            return latest.career_goals
        return self.member.career_goals if self.member and self.member.id == staff_id else ""

    # -- conversations ------------------------------------------------------------------------------------
    def new_conversation(self) -> None:
        if self.member is None:
            self._status("Pick a teacher in the staff list first.")
            return
        member = self.member
        profile = growth_profile_for(self.db, member.id, as_of=self.today)
        prompts = goal_setting_prompts(profile, self._career_goals(member.id))
        values, error = None, ""
        while True:
            values = ConversationDialog.ask(
                self, teacher_name=member.full_name, today=self.today,
                goals=goals.list_goals(self.db, staff_id=member.id), prompts=prompts,
                values=values, error=error)
            if values is None:
                return
            typed = {key: value for key, value in values.items() if key != "write_goal"}
            try:
                outcome = self._run(
                    lambda db: conversations.add_conversation(db, member.id, **typed),
                    changes={"conversations", "conversation_goals"},
                    done=f"Saved the conversation with {member.full_name}.",
                    passes_through=(ConversationValidationError,))
            except ConversationValidationError as problem:
                error = str(problem)
                continue
            break
        if outcome.ok and values.get("write_goal"):
            self.new_goal(conversation_id=outcome.value,
                          suggested_indicator=suggested_focus(profile))

    def edit_conversation(self) -> None:
        listed = self.selected_conversation()
        if listed is None:
            return
        detail = conversations.get_conversation(self.db, listed.id)
        if detail is None:
            return
        values, error = None, ""
        while True:
            values = ConversationDialog.ask(
                self, teacher_name=listed.teacher_name, today=self.today,
                goals=goals.list_goals(self.db, staff_id=detail.staff_id), prompts=[],
                conversation=detail, values=values, error=error)
            if values is None:
                return
            typed = {key: value for key, value in values.items() if key != "write_goal"}
            try:
                self._run(lambda db: conversations.update_conversation(db, detail.id, **typed),
                          changes={"conversations", "conversation_goals"},
                          done="Saved the conversation.",
                          passes_through=(ConversationValidationError,))
            except ConversationValidationError as problem:
                error = str(problem)
                continue
            return

    # -- goals ---------------------------------------------------------------------------------------------
    def new_goal(self, *, conversation_id: str | None = None,
                 suggested_indicator: str | None = None) -> None:
        if self.member is None:
            self._status("Pick a teacher in the staff list first.")
            return
        member = self.member
        if suggested_indicator is None:
            suggested_indicator = suggested_focus(growth_profile_for(self.db, member.id,
                                                                     as_of=self.today))
        values: dict[str, Any] | None = {"indicator_code": suggested_indicator,
                                         "start_on": self.today_iso}
        error = ""
        while True:
            values = GoalDialog.ask(self, teacher_name=member.full_name,
                                    indicators=self._indicator_choices(),
                                    templates=self._templates(),
                                    values=values, error=error)
            if values is None:
                return
            typed = values

            def write(db):
                goal_id = goals.add_goal(db, member.id, **typed)
                if conversation_id:
                    conversations.link_goals(db, conversation_id, [goal_id])
                return goal_id
            try:
                outcome = self._run(write, changes=GOAL_TABLES, done=f"Saved the goal “{typed['title']}”.",
                                    passes_through=(GoalValidationError,))
            except GoalValidationError as problem:
                error = str(problem)
                continue
            if outcome.ok:
                self._select_goal(outcome.value)
            return

    def edit_goal(self) -> None:
        listed = self.selected_goal()
        if listed is None:
            return
        detail = goals.get_goal(self.db, listed.id)
        values, error = None, ""
        while True:
            values = GoalDialog.ask(self, teacher_name=listed.teacher_name,
                                    indicators=self._indicator_choices(), goal=detail,
                                    values=values, error=error)
            if values is None:
                return
            typed = values
            try:
                self._run(lambda db: goals.update_goal(db, detail.id, **typed), changes=GOAL_TABLES,
                          done=f"Saved the goal “{typed['title']}”.",
                          passes_through=(GoalValidationError,))
            except GoalValidationError as problem:
                error = str(problem)
                continue
            return

    def check_in(self) -> None:
        goal = self.selected_goal()
        if goal is None:
            return
        error = ""
        while True:
            values = CheckInDialog.ask(self, goal_title=goal.title, today=self.today,
                                       last_progress=goal.progress, error=error)
            if values is None:
                return
            typed = values
            try:
                self._run(lambda db: goals.add_check_in(db, goal.id, **typed),
                          changes={"goal_check_ins"}, done="Saved the check-in.",
                          passes_through=(GoalValidationError,))
            except GoalValidationError as problem:
                error = str(problem)
                continue
            return

    # -- action steps -------------------------------------------------------------------------------------
    def add_step(self) -> None:
        goal = self.selected_goal()
        if goal is None:
            return
        description, due_on, error = "", None, ""
        while True:
            values = StepDialog.ask(self, goal_title=goal.title, description=description,
                                    due_on=due_on, error=error)
            if values is None:
                return
            description, due_on = values["description"], values["due_on"]
            try:
                self._run(lambda db: goals.add_action_step(db, goal.id, description, due_on=due_on),
                          changes={"action_steps"}, done="Added the action step.",
                          passes_through=(GoalValidationError,))
            except GoalValidationError as problem:
                error = str(problem)
                continue
            return

    def set_step(self, status: str) -> None:
        step = self.selected_step()
        if step is None or step.status == status:
            return
        row = self.steps.view.currentIndex().row()
        words = {"done": "Done", "mastered": "Mastered", "open": "Reopened"}[status]
        outcome = self._run(lambda db: goals.set_step_status(db, step.id, status, on=self.today),
                            changes={"action_steps"}, done=f"{words}: {step.description}")
        if outcome.ok and row >= 0:
            # The list may reorder (done steps sort by due date): stay on the step just
            # marked, with the keyboard, so a coach can tick steps one after another.
            self._select_step(step.id)
            self.steps.view.setFocus()

    def _select_step(self, step_id: str) -> None:
        rows = self.steps.model.rows()
        index = next((n for n, step in enumerate(rows) if step.id == step_id), None)
        if index is not None:
            self.steps.view.selectRow(self.steps.proxy.mapFromSource(self.steps.model.index(index, 0)).row())

    # -- self-assessment ----------------------------------------------------------------------------------
    def enter_self_assessment(self) -> None:
        if self.member is None:
            self._status("Pick a teacher in the staff list first.")
            return
        member = self.member
        rubric = rubrics.default_rubric(self.db)
        if rubric is None:
            self._status("There is no rubric yet, so there is nothing to rate.")
            return
        error = ""
        while True:
            answers = SelfAssessmentDialog.ask(self, teacher_name=member.full_name, rubric=rubric,
                                               today=self.today, error=error)
            if answers is None:
                return
            typed = answers
            try:
                self._run(lambda db: self_assessments.save(db, member.id, rubric.id, typed),
                          changes={"self_assessments", "self_assessment_ratings"},
                          done=f"Saved {member.full_name}'s self-assessment.",
                          passes_through=(SelfAssessmentError,))
            except SelfAssessmentError as problem:
                error = str(problem)
                continue
            return

    def import_responses(self) -> None:
        # Imported when asked: start-up does not pay for the CSV readers.
        from desktop.ui.dialogs.self_assessment_import import SelfAssessmentImportDialog

        SelfAssessmentImportDialog.ask(self, self.db, today=self.today, run_write=self._run)

    # -- printing ---------------------------------------------------------------------------------------------
    @staticmethod
    def ask_pdf_path(parent: QWidget, title: str, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, title, suggested, "PDF files (*.pdf)")
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")

    def print_goal_sheet(self) -> None:
        if self.member is None:
            self._status("Pick a teacher in the staff list first.")
            return
        from desktop.reports.goal_sheet import gather_goal_sheet, write_goal_sheet

        slug = "-".join(self.member.full_name.split())
        path = self.ask_pdf_path(self, "Save the goal sheet", f"goal-sheet-{slug}.pdf")
        if path is None:
            return
        sheet = gather_goal_sheet(self.db, self.member.id, today=self.today)
        self._write_pdf(lambda: write_goal_sheet(path, sheet), path)

    def print_blank_survey(self) -> None:
        from db.portfolio_queries import school_name
        from desktop.reports.survey import write_survey

        rubric = rubrics.default_rubric(self.db)
        if rubric is None:
            self._status("There is no rubric yet, so there is no survey to print.")
            return
        path = self.ask_pdf_path(self, "Save the blank survey", "self-assessment-survey.pdf")
        if path is None:
            return
        school = school_name(self.db, self.member.school_id if self.member else None)
        name = self.member.full_name if self.member else ""
        self._write_pdf(lambda: write_survey(path, rubric, school=school, today=self.today,
                                             teacher_name=name), path)

    def _write_pdf(self, write: Callable[[], Path], path: Path) -> None:
        from desktop.errors import plain_message
        from desktop.ui import messages

        try:
            write()
        except OSError as error:
            what, way_out = plain_message(error)
            messages.notify(self, "The PDF was not saved", what, way_out)
            return
        self._status(f"Saved {path}")
