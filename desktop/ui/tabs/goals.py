"""Goals & Conversations: conversations, SMART goals with steps and check-ins, self-assessments,
the growth profile.

Every write goes through the window's runner (one transaction, plain-words errors, a
broadcast of what changed, Undo); editors are asked through their ``ask()`` classmethods
with the save to run. Every record here opens with Enter or a double click and is
deleted with the Delete key, after one plain question.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db import conversations, goals, rubrics, self_assessments
from db.operations import Changes
from desktop.core.conversation_prompts import goal_setting_prompts, suggested_focus
from desktop.core.profiles import growth_profile_for
from desktop.ui import messages
from desktop.ui.delegates import ProgressDelegate
from desktop.ui.dialogs.check_in_dialog import CheckInDialog
from desktop.ui.dialogs.conversation_dialog import ConversationDialog
from desktop.ui.dialogs.goal_dialog import GoalDialog, IndicatorChoice, StepDialog
from desktop.ui.dialogs.self_assessment_dialog import SelfAssessmentDialog
from desktop.ui.models.conversations import ConversationsModel
from desktop.ui.models.goals import ActionStepsModel, GoalCheckInsModel, GoalsModel, SelfAssessmentsModel
from desktop.ui.tabs import GOALS
from desktop.ui.tabs.base import Tab
from desktop.ui.tabs.growth_profile_panel import GrowthProfilePanel
from desktop.ui.widgets import ListPanel, caption, labelled, name_overflow_button

OVERDUE = "overdue"   # the status filter's "With an overdue step"
# What the growth profile is made of: a change to any of these redraws it.
PROFILE_TABLES = frozenset({"observations", "observation_scores", "self_assessments",
                            "self_assessment_ratings", "rubrics", "rubric_indicators"})


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
                      " QToolButton:focus { border: 2px solid #2f6b4f; }"
                      # The » button keeps Qt's own look: boxed like the others it lost its arrow.
                      " QToolButton#qt_toolbar_ext_button { border: none; padding: 0px; margin: 0px;"
                      " background: transparent; }")
    buttons = []
    for text, slot, tip in commands:
        action = QAction(text, bar)
        # The button's own words, "…" included (it opens a form): Qt's default for a tool
        # button is the action's text without it.
        action.setIconText(text)
        action.setToolTip(tip or text.rstrip("…"))
        action.triggered.connect(lambda checked=False, run=slot: run())
        bar.addAction(action)
        button = bar.widgetForAction(action)
        button.setAccessibleName(text.rstrip("…"))
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)   # reachable with Tab, like buttons
        buttons.append(button)
    return bar, buttons


class GoalsTab(Tab):
    title, slug = GOALS.title, GOALS.slug
    tables = frozenset({"staff", "goals", "action_steps", "goal_check_ins", "conversations",
                        "conversation_goals", "self_assessments", "self_assessment_ratings",
                        "observations", "observation_scores", "rubrics", "rubric_indicators"})

    def __init__(self, db, parent=None, *, runner=None):
        super().__init__(db, parent, runner=runner)
        self._where: dict = {}   # the lists' filters, as last read
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
        self.check_ins = ListPanel("Check-ins", GoalCheckInsModel(),
                                   empty_text="Pick a goal above to see its check-ins.")
        self.assessments = ListPanel("Self-assessments", SelfAssessmentsModel(),
                                     empty_text="No self-assessments yet.")
        self.overdue_note = caption()
        self.overdue_note.setStyleSheet("color: #8a1c14; font-weight: bold;")
        self.overdue_note.setVisible(False)   # until the steps are counted
        self.overdue_note.setAccessibleName("Overdue action steps")
        self.profile = GrowthProfilePanel()

        # -- commands: buttons for the mouse, shortcuts for the keyboard ----------------------
        self.commands, (
            self.new_conversation_button, self.new_goal_button, self.edit_goal_button,
            self.delete_goal_button, self.check_in_button, self.self_assessment_button,
            self.import_button, self.goal_sheet_button,
        ) = _command_bar("Goal commands", [
            ("New conversation…", self.new_conversation, "Record a conversation (Ctrl+Shift+C)"),
            ("New goal…", self.new_goal, "Write a SMART goal (Ctrl+Shift+G)"),
            ("Edit goal…", self.edit_goal, "Edit the selected goal (Enter in the list)"),
            ("Delete goal…", self.delete_goal,
             "Delete the selected goal with its steps and check-ins (Delete in the list)"),
            ("Check-in…", self.check_in, "Record progress on the selected goal"),
            ("Self-assessment…", self.enter_self_assessment, "Type in the teacher's self-assessment"),
            ("Import responses…", self.import_responses,
             "Import self-assessments from a Google Forms or Microsoft Forms CSV"),
            ("Print goal sheet…", self.print_goal_sheet, "Save the teacher's goal sheet as PDF to print"),
        ])
        self.step_commands, (
            self.add_step_button, self.edit_step_button, self.done_button, self.mastered_button,
            self.reopen_button, self.delete_step_button,
        ) = _command_bar("Action step commands", [
            ("Add step…", self.add_step, "Add an action step to the goal"),
            ("Edit step…", self.edit_step, "Correct the selected step (Enter in the list)"),
            ("Mark done", lambda: self.set_step("done"), "Tick the selected step as done (Ctrl+D)"),
            ("Mastered", lambda: self.set_step("mastered"),
             "The practice is now part of their teaching"),
            ("Reopen", lambda: self.set_step("open"), "Mark the selected step as not done"),
            ("Delete step…", self.delete_step, "Delete the selected step (Delete in the list)"),
        ])
        self.check_in_commands, (self.edit_check_in_button, self.delete_check_in_button) = \
            _command_bar("Check-in commands", [
                ("Edit check-in…", self.edit_check_in, "Correct the selected check-in (Enter)"),
                ("Delete check-in…", self.delete_check_in, "Delete the selected check-in (Delete)"),
            ])
        self.conversation_commands, (self.edit_conversation_button,
                                     self.delete_conversation_button) = \
            _command_bar("Conversation commands", [
                ("Edit conversation…", self.edit_conversation,
                 "Correct the selected conversation (Enter)"),
                ("Delete conversation…", self.delete_conversation,
                 "Delete the selected conversation (Delete)"),
            ])
        # The blank survey sits with the self-assessments it brings back (Import responses…),
        # so the goal commands above keep their place in the bar at 1400 px.
        self.assessment_commands, (self.edit_assessment_button,
                                   self.delete_assessment_button, self.survey_button) = \
            _command_bar("Self-assessment commands", [
                ("Edit self-assessment…", self.edit_self_assessment,
                 "Correct the selected self-assessment (Enter)"),
                ("Delete self-assessment…", self.delete_self_assessment,
                 "Delete the selected self-assessment (Delete)"),
                ("Print blank survey…", self.print_blank_survey,
                 "Save a blank self-assessment survey as PDF, for teachers to fill in"),
            ])
        steps_box = QWidget()
        steps_layout = QVBoxLayout(steps_box)
        steps_layout.setContentsMargins(0, 0, 0, 0)
        steps_layout.addWidget(self.steps, 1)
        steps_layout.addWidget(self.step_commands)
        check_ins_box = _page(self.check_ins, self.check_in_commands)
        conversations_box = _page(self.conversations, self.conversation_commands)
        assessments_box = _page(self.assessments, self.assessment_commands)

        # Steps, conversations and the profile share the lower half as pages, so each
        # list keeps a readable width on a laptop screen.
        self.details = QTabWidget()
        self.details.setAccessibleName("Goal details")
        self.details.addTab(steps_box, "Action ste&ps")
        self.details.addTab(check_ins_box, "Chec&k-ins")
        self.details.addTab(conversations_box, "Co&nversations")
        self.details.addTab(assessments_box, "Self-a&ssessments")
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
        for panel, open_it, delete_it, what in (
                (self.goals, self.edit_goal, self.delete_goal, "goal"),
                (self.steps, self.edit_step, self.delete_step, "action step"),
                (self.check_ins, self.edit_check_in, self.delete_check_in, "check-in"),
                (self.conversations, self.edit_conversation, self.delete_conversation, "conversation"),
                (self.assessments, self.edit_self_assessment, self.delete_self_assessment,
                 "self-assessment")):
            panel.on_open(open_it)
            panel.on_delete(delete_it, what=what)
        for panel in (self.steps, self.check_ins, self.conversations, self.assessments):
            panel.view.selectionModel().selectionChanged.connect(self._update_commands)
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
        db, where = self.db, {"staff_id": self.staff_id, "since": view.since, "until": view.year.until,
                              "school_id": self.school_id}
        kept = {**where, "statuses": (shown,) if shown not in (None, OVERDUE) else None,
                "overdue_on": view.until if shown == OVERDUE else None}
        # A page of each list now, more as it is scrolled, in the order of its header; the
        # lists' lengths are counted on a worker.
        self.goals.model.fetch = lambda ids: goals.list_goals(db, **kept, ids=ids)
        self.goals.set_total(None)
        self.goals.model.set_source(lambda offset, limit, order, descending: goals.list_goals(
            db, **kept, limit=limit, offset=offset, order=order, descending=descending))
        self.conversations.model.fetch = lambda ids: conversations.list_conversations(db, **where, ids=ids)
        self.conversations.set_total(None)
        self.conversations.model.set_source(
            lambda offset, limit, order, descending: conversations.list_conversations(
                db, **where, limit=limit, offset=offset, order=order, descending=descending))
        self._where, self._kept = where, kept
        self._count_lists()
        self._load_assessments()
        self._select_goal(chosen.id if chosen else None)
        self._show_overdue()
        self._show_profile()
        self._update_commands()

    def _count_lists(self) -> None:
        where, kept = self._where, self._kept
        self.read_in_background(
            "goals counted", lambda reader: (goals.count_listed(reader, **kept),
                                             conversations.count_listed(reader, **where)),
            self._show_counts)

    def _show_counts(self, counts: tuple[int, int]) -> None:
        self.goals.set_total(counts[0])
        self.conversations.set_total(counts[1])

    def _show_profile(self) -> None:
        if self.member is not None:
            self.profile.show_profile(
                growth_profile_for(self.db, self.member.id, as_of=self.today), self.member.full_name)
        else:
            self.profile.show_profile(None, "")

    def _load_assessments(self) -> None:
        member = self.member
        if member is None:
            self.assessments.model.fetch = None
            self.assessments.set_empty_text("Pick a teacher to see their self-assessments.")
            self.assessments.model.set_rows([])
            return
        self.assessments.set_title(f"Self-assessments — {member.full_name}")
        self.assessments.set_empty_text(
            f"{member.full_name} has no self-assessment yet. Self-assessment… types one in.")
        self.assessments.model.fetch = lambda ids: self_assessments.list_for(
            self.db, member.id, ids=ids)
        self.assessments.model.set_rows(self_assessments.list_for(self.db, member.id))

    def update_rows(self, changes: Changes) -> None:
        """Refresh just the goals, steps, check-ins, conversations and self-assessments a
        write touched; the overdue line and the profile are figures, read again."""
        if "staff" in changes.tables:
            self.load()   # names show in every row
            return
        goal_ids = (set(changes.ids("goals")) | changes.values("action_steps", "goal_id")
                    | changes.values("goal_check_ins", "goal_id")
                    | changes.values("conversation_goals", "goal_id"))
        self.goals.model.refresh_rows(goal_ids)
        selected = self.selected_goal()
        if selected is None or selected.id in changes.deleted("goals"):
            self._show_steps()
        else:
            self.steps.model.refresh_rows(changes.ids("action_steps"))
            self.check_ins.model.refresh_rows(changes.ids("goal_check_ins"))
        self.conversations.model.refresh_rows(
            set(changes.ids("conversations")) | changes.values("conversation_goals", "conversation_id"))
        self.assessments.model.refresh_rows(
            set(changes.ids("self_assessments"))
            | changes.values("self_assessment_ratings", "self_assessment_id"))
        if changes.tables & {"goals", "action_steps"}:
            self._show_overdue()
        if changes.tables & {"goals", "conversations"}:
            self._count_lists()
        if changes.tables & PROFILE_TABLES:
            self._show_profile()
        self._update_commands()

    def _show_overdue(self) -> None:
        # The whole school's open steps are counted on a worker, then said.
        today, staff_id, school_id = self.today_iso, self.staff_id, self.school_id
        self.read_in_background(
            "overdue", lambda reader: goals.overdue_summary(reader, today=today, staff_id=staff_id,
                                                            school_id=school_id),
            self._say_overdue)

    def _say_overdue(self, found) -> None:
        count, first = found
        if not count:
            self.overdue_note.setVisible(False)
            return
        text = (f"⚠ {count} action step{'s are' if count > 1 else ' is'} overdue — the longest: "
                f"“{first.description}” ({first.teacher_name}, due {first.due_on}).")
        self.overdue_note.setText(text)
        self.overdue_note.setAccessibleDescription(text)
        self.overdue_note.setVisible(True)

    def _select_goal(self, goal_id: str | None) -> None:
        if not self.goals.select_id(goal_id) and self.goals.model.rowCount():
            self.goals.view.selectRow(0)
        self._show_steps()

    def _goal_picked(self, *args) -> None:
        self._show_steps()
        self._update_commands()

    def _show_steps(self) -> None:
        goal = self.selected_goal()
        if goal is None:
            self.steps.set_title("Action steps")
            self.steps.set_empty_text("Pick a goal above to see its action steps.")
            self.steps.model.fetch = None
            self.steps.model.set_rows([])
            self.check_ins.set_title("Check-ins")
            self.check_ins.set_empty_text("Pick a goal above to see its check-ins.")
            self.check_ins.model.fetch = None
            self.check_ins.model.set_rows([])
            return
        self.steps.set_title(f"Action steps — {goal.title}")
        self.steps.set_empty_text("This goal has no action steps yet. Add step… writes one.")
        self.steps.model.fetch = lambda ids: goals.list_action_steps(self.db, goal_id=goal.id, ids=ids)
        self.steps.model.set_rows(goals.list_action_steps(self.db, goal_id=goal.id))
        self.check_ins.set_title(f"Check-ins — {goal.title}")
        self.check_ins.set_empty_text("No check-ins on this goal yet. Check-in… records one.")
        self.check_ins.model.fetch = lambda ids: goals.list_check_ins(self.db, goal.id, ids=ids)
        self.check_ins.model.set_rows(goals.list_check_ins(self.db, goal.id))

    def _update_commands(self, *args) -> None:
        teacher = self.member is not None
        goal = self.selected_goal() is not None
        step = self.selected_step()
        # Through the actions, so a command moved into the » menu is disabled there too.
        for button in (self.new_conversation_button, self.new_goal_button,
                       self.self_assessment_button, self.goal_sheet_button):
            button.defaultAction().setEnabled(teacher)
        for button in (self.edit_goal_button, self.delete_goal_button, self.check_in_button,
                       self.add_step_button):
            button.defaultAction().setEnabled(goal)
        for button, panel in ((self.edit_step_button, self.steps),
                              (self.delete_step_button, self.steps),
                              (self.edit_check_in_button, self.check_ins),
                              (self.delete_check_in_button, self.check_ins),
                              (self.edit_conversation_button, self.conversations),
                              (self.delete_conversation_button, self.conversations),
                              (self.edit_assessment_button, self.assessments),
                              (self.delete_assessment_button, self.assessments)):
            button.defaultAction().setEnabled(panel.selected_row() is not None)
        self.done_button.defaultAction().setEnabled(step is not None and step.status != "done")
        self.mastered_button.defaultAction().setEnabled(
            step is not None and step.status != "mastered")
        self.reopen_button.defaultAction().setEnabled(step is not None and step.status != "open")

    def show_record(self, table: str, record_id: str) -> bool:
        """Find anything opened a goal (or one of its steps or check-ins) or a conversation:
        it is selected, on its page, with the focus on it."""
        self.refresh()
        if table == "goals":
            if not self.goals.select_id(record_id):
                return False
            self._show_steps()
            self.goals.view.setFocus()
            return True
        if table == "conversations":
            if not self.conversations.select_id(record_id):
                return False
            self.details.setCurrentIndex(next(
                (n for n in range(self.details.count())
                 if self.details.tabText(n).replace("&", "") == "Conversations"), 0))
            self.conversations.view.setFocus()
            return True
        return False

    # -- what is selected ------------------------------------------------------------------------------
    def selected_goal(self):
        return self.goals.selected_row()

    def selected_step(self):
        return self.steps.selected_row()

    def selected_conversation(self):
        return self.conversations.selected_row()

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
            self.status("Pick a teacher in the staff list first.")
            return
        member = self.member
        profile = growth_profile_for(self.db, member.id, as_of=self.today)
        prompts = goal_setting_prompts(profile, self._career_goals(member.id))
        wants_goal: list[bool] = []

        def write(db, values):
            wants_goal[:] = [bool(values.get("write_goal"))]
            typed = {key: value for key, value in values.items() if key != "write_goal"}
            return conversations.add_conversation(db, member.id, **typed)

        result = ConversationDialog.ask(
            self, teacher_name=member.full_name, today=self.today,
            goals=goals.list_goals(self.db, staff_id=member.id), prompts=prompts,
            save=self.runner.form_save(f"Record a conversation with {member.full_name}", write,
                                       status=f"Saved the conversation with {member.full_name}.",
                                       initiator=self))
        if result is not None and wants_goal and wants_goal[0]:
            self.new_goal(conversation_id=result.value, suggested_indicator=suggested_focus(profile))

    def edit_conversation(self) -> None:
        listed = self.selected_conversation()
        if listed is None:
            return
        detail = conversations.get_conversation(self.db, listed.id)
        if detail is None:
            return

        def write(db, values):
            typed = {key: value for key, value in values.items() if key != "write_goal"}
            conversations.update_conversation(db, detail.id, **typed)

        ConversationDialog.ask(
            self, teacher_name=listed.teacher_name, today=self.today,
            goals=goals.list_goals(self.db, staff_id=detail.staff_id), prompts=[],
            conversation=detail,
            save=self.runner.form_save(f"Edit the conversation with {listed.teacher_name}", write,
                                       status="Saved the conversation.", initiator=self))

    def delete_conversation(self) -> None:
        listed = self.selected_conversation()
        if listed is None:
            return
        self.runner.delete(self, "conversations", listed.id, initiator=self,
                           what=f"this conversation with {listed.teacher_name} ({listed.held_on})",
                           label=f"Delete the conversation with {listed.teacher_name}")

    # -- goals ---------------------------------------------------------------------------------------------
    def new_goal(self, *, conversation_id: str | None = None,
                 suggested_indicator: str | None = None) -> None:
        if self.member is None:
            self.status("Pick a teacher in the staff list first.")
            return
        member = self.member
        if suggested_indicator is None:
            suggested_indicator = suggested_focus(growth_profile_for(self.db, member.id,
                                                                     as_of=self.today))

        def write(db, typed):
            goal_id = goals.add_goal(db, member.id, **typed)
            if conversation_id:
                conversations.link_goals(db, conversation_id, [goal_id])
            return goal_id

        result = GoalDialog.ask(
            self, teacher_name=member.full_name, indicators=self._indicator_choices(),
            templates=self._templates(),
            values={"indicator_code": suggested_indicator, "start_on": self.today_iso},
            save=self.runner.form_save(lambda typed: f"Add the goal “{typed['title']}”", write,
                                       status="Saved the goal.", initiator=self))
        if result is not None:
            self._select_goal(result.value)

    def edit_goal(self) -> None:
        listed = self.selected_goal()
        if listed is None:
            return
        detail = goals.get_goal(self.db, listed.id)
        GoalDialog.ask(
            self, teacher_name=listed.teacher_name, indicators=self._indicator_choices(),
            goal=detail,
            save=self.runner.form_save(lambda typed: f"Edit the goal “{typed['title']}”",
                                       lambda db, typed: goals.update_goal(db, detail.id, **typed),
                                       status=lambda _: f"Saved the goal “{self._goal_title(detail.id)}”.",
                                       initiator=self))

    def _goal_title(self, goal_id: str) -> str:
        found = goals.get_goal(self.db, goal_id)
        return found.title if found else ""

    def delete_goal(self) -> None:
        listed = self.selected_goal()
        if listed is None:
            return
        self.runner.delete(self, "goals", listed.id, initiator=self,
                           what=f"the goal “{listed.title}” of {listed.teacher_name}",
                           label=f"Delete the goal “{listed.title}”")

    def check_in(self) -> None:
        goal = self.selected_goal()
        if goal is None:
            return
        CheckInDialog.ask(
            self, goal_title=goal.title, today=self.today, last_progress=goal.progress,
            save=self.runner.form_save(f"Check in on “{goal.title}”",
                                       lambda db, typed: goals.add_check_in(db, goal.id, **typed),
                                       status="Saved the check-in.", initiator=self))

    def selected_check_in(self):
        return self.check_ins.selected_row()

    def edit_check_in(self) -> None:
        goal, chosen = self.selected_goal(), self.selected_check_in()
        if goal is None or chosen is None:
            return
        CheckInDialog.ask(
            self, goal_title=goal.title, today=self.today, check_in=chosen,
            save=self.runner.form_save(f"Edit a check-in on “{goal.title}”",
                                       lambda db, typed: goals.update_check_in(db, chosen.id, **typed),
                                       status="Saved the check-in.", initiator=self))

    def delete_check_in(self) -> None:
        goal, chosen = self.selected_goal(), self.selected_check_in()
        if goal is None or chosen is None:
            return
        self.runner.delete(self, "goal_check_ins", chosen.id, initiator=self,
                           what=f"the check-in of {chosen.checked_on} on “{goal.title}”",
                           label=f"Delete a check-in on “{goal.title}”")

    # -- action steps -------------------------------------------------------------------------------------
    def add_step(self) -> None:
        goal = self.selected_goal()
        if goal is None:
            return
        StepDialog.ask(
            self, goal_title=goal.title,
            save=self.runner.form_save(
                lambda typed: f"Add the step “{typed['description']}”",
                lambda db, typed: goals.add_action_step(db, goal.id, typed["description"],
                                                        due_on=typed["due_on"]),
                status="Added the action step.", initiator=self))

    def edit_step(self) -> None:
        step = self.selected_step()
        if step is None:
            return
        StepDialog.ask(
            self, goal_title=step.goal_title, description=step.description, due_on=step.due_on,
            status=step.status,
            save=self.runner.form_save(
                f"Edit the step “{step.description}”",
                lambda db, typed: goals.correct_action_step(db, step.id, on=self.today, **typed),
                status="Saved the action step.", initiator=self))

    def delete_step(self) -> None:
        step = self.selected_step()
        if step is None:
            return
        self.runner.delete(self, "action_steps", step.id, initiator=self,
                           what=f"the action step “{step.description}”",
                           label=f"Delete the step “{step.description}”")

    def set_step(self, status: str) -> None:
        step = self.selected_step()
        if step is None or step.status == status:
            return
        row = self.steps.view.currentIndex().row()
        words = {"done": "Done", "mastered": "Mastered", "open": "Reopened"}[status]
        verb = {"done": "Mark done", "mastered": "Mark mastered", "open": "Reopen"}[status]
        result = self.runner.perform(f"{verb} “{step.description}”",
                                     lambda db: goals.set_step_status(db, step.id, status, on=self.today),
                                     status=f"{words}: {step.description}", initiator=self)
        if result.ok and row >= 0:
            # The list may reorder (done steps sort by due date): stay on the step just
            # marked, with the keyboard, so a coach can tick steps one after another.
            self._select_step(step.id)
            self.steps.view.setFocus()

    def _select_step(self, step_id: str) -> None:
        self.steps.select_id(step_id)

    # -- self-assessment ----------------------------------------------------------------------------------
    def enter_self_assessment(self) -> None:
        if self.member is None:
            self.status("Pick a teacher in the staff list first.")
            return
        member = self.member
        rubric = rubrics.default_rubric(self.db)
        if rubric is None:
            self.status("There is no rubric yet, so there is nothing to rate.")
            return
        SelfAssessmentDialog.ask(
            self, teacher_name=member.full_name, rubric=rubric, today=self.today,
            save=self.runner.form_save(
                f"Type in {member.full_name}'s self-assessment",
                lambda db, typed: self_assessments.save(db, member.id, rubric.id, typed),
                status=f"Saved {member.full_name}'s self-assessment.", initiator=self))

    def selected_assessment(self):
        return self.assessments.selected_row()

    def edit_self_assessment(self) -> None:
        chosen, member = self.selected_assessment(), self.member
        if chosen is None or member is None:
            return
        rubric = (rubrics.get_rubric(self.db, chosen.rubric_id) if chosen.rubric_id else None) \
            or rubrics.default_rubric(self.db)
        if rubric is None:
            self.status("There is no rubric, so the ratings cannot be shown.")
            return
        SelfAssessmentDialog.ask(
            self, teacher_name=member.full_name, rubric=rubric, today=self.today, previous=chosen,
            save=self.runner.form_save(
                f"Edit {member.full_name}'s self-assessment of {chosen.taken_on}",
                lambda db, typed: self_assessments.save(db, member.id, rubric.id, typed,
                                                        source=chosen.source,
                                                        assessment_id=chosen.id),
                status=f"Saved {member.full_name}'s self-assessment.", initiator=self))

    def delete_self_assessment(self) -> None:
        chosen, member = self.selected_assessment(), self.member
        if chosen is None or member is None:
            return
        self.runner.delete(self, "self_assessments", chosen.id, initiator=self,
                           what=f"{member.full_name}'s self-assessment of {chosen.taken_on}",
                           label=f"Delete {member.full_name}'s self-assessment")

    def import_responses(self) -> None:
        # Imported when asked: start-up does not pay for the CSV readers.
        from desktop.ui.dialogs.self_assessment_import import SelfAssessmentImportDialog

        SelfAssessmentImportDialog.ask(self, self.db, today=self.today, runner=self.runner)

    # -- printing ---------------------------------------------------------------------------------------------
    @staticmethod
    def ask_pdf_path(parent: QWidget, title: str, suggested: str) -> Path | None:
        return messages.choose_save_path(parent, title, suggested, "PDF files (*.pdf)",
                                         suffix=".pdf")

    def print_goal_sheet(self) -> None:
        if self.member is None:
            self.status("Pick a teacher in the staff list first.")
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
            self.status("There is no rubric yet, so there is no survey to print.")
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

        try:
            write()
        except OSError as error:
            what, way_out = plain_message(error)
            messages.notify(self, "The PDF was not saved", what, way_out)
            return
        self.status(f"Saved {path}")


def _page(panel: ListPanel, commands: QToolBar) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(panel, 1)
    layout.addWidget(commands)
    return box
