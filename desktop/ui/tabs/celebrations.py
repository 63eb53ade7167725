"""Celebrations: a wall of cards with filters, "Noticed for you", certificates, and wellbeing.

Every write goes through the window's runner; after one, the wall refreshes just the
cards it touched, and "Noticed for you" is worked out again. A card opens for editing
with Enter or a double click; Delete asks to delete it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from db import celebrations, staff
from db.celebrations import KIND_LABELS
from db.operations import Changes
from desktop.core import wording
from desktop.core.milestones import noticed_for_you
from desktop.ui import messages
from desktop.ui.background import SLOW
from desktop.ui.delegates import CelebrationCardDelegate
from desktop.ui.dialogs.celebration_dialog import CelebrationDialog
from desktop.ui.models.celebrations import CelebrationsModel
from desktop.ui.models.table import ROW_ROLE
from desktop.ui.models.wellbeing import SuggestionsModel
from desktop.ui.sidebar import SEARCH_PAUSE_MS
from desktop.ui.tabs import CELEBRATIONS
from desktop.ui.tabs.base import Tab
from desktop.ui.tabs.wellbeing_page import WellbeingPage
from desktop.ui.widgets import (
    ListPanel,
    caption,
    command_button,
    delete_key,
    heading,
    name_overflow_button,
    set_heading,
)

WALL_NAME = "Celebration wall"
EVERY_KIND = "Every kind"
SHOWN_CHOICES = (("Public and private", None), ("Public only", True), ("Private only", False))

def choose_pdf(parent: QWidget | None, caption_text: str, suggested: str) -> Path | None:
    """Where to save a PDF (the window's one save prompt)."""
    return messages.choose_save_path(parent, caption_text, suggested, "PDF files (*.pdf)",
                                     suffix=".pdf")


def choose_wall_period(parent: QWidget | None, choices: list[str]) -> int | None:
    """Which period the wall sheet covers (an index into *choices*); module-level so tests can patch it."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getItem(parent, "Celebration wall sheet", "Celebrations from:", choices, 1, False)
    return choices.index(text) if ok and text in choices else None


def _safe_file_name(text: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in text)
    return "-".join(keep.split())[:60] or "celebration"


class NoticedPanel(QWidget):
    """Milestones found in the data: the evidence for the one picked, accept or dismiss."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.list = ListPanel(
            "Noticed for you", SuggestionsModel(), sortable=False,
            empty_text="Nothing new to celebrate right now. Goals met, steps mastered, PD hours, "
                       "growth on an indicator, sessions led and anniversaries show up here.")
        self.evidence = QLabel()
        self.evidence.setWordWrap(True)
        self.evidence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.evidence.setStyleSheet("background: #f6f8f6; border: 1px solid #d5ddd7; "
                                    "border-radius: 4px; padding: 8px;")
        self.evidence.setMinimumHeight(64)
        self.evidence.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.accept_button = QPushButton("&Accept…")
        self.accept_button.setAccessibleName("Accept")
        self.accept_button.setToolTip("Turn this milestone into a celebration")
        self.dismiss_button = QPushButton("Dis&miss")
        self.dismiss_button.setAccessibleName("Dismiss")
        self.dismiss_button.setToolTip("Hide it for good; it will not be suggested again")
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.evidence)
        layout.addLayout(buttons)
        self.list.hide_column("Noticed")   # the date is in the evidence; titles get the room
        # A milestone's title is a sentence: rows two lines high, wrapped, the rest elided
        # (the evidence below says it all). Not each row measured to fit its contents: the
        # whole school's thousands of milestones took seconds to measure at every reset.
        self.list.view.setWordWrap(True)
        rows = self.list.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(2 * self.list.view.fontMetrics().lineSpacing() + 10)
        self.list.view.selectionModel().selectionChanged.connect(self._picked)
        self.list.model.modelReset.connect(self._picked)
        self._picked()

    def selected(self):
        return self.list.selected_row()

    def _picked(self, *args) -> None:
        suggestion = self.selected()
        text = (f"Evidence ({wording.day(suggestion.noticed_on)}): {suggestion.evidence}"
                if suggestion else (
            "Pick a milestone to see the evidence behind it." if self.list.model.rowCount() else ""))
        self.evidence.setText(text)
        self.evidence.setAccessibleName(text or "Evidence")
        self.evidence.setVisible(bool(text))
        self.accept_button.setEnabled(suggestion is not None)
        self.dismiss_button.setEnabled(suggestion is not None)


class CelebrationsTab(Tab):
    title, slug = CELEBRATIONS.title, CELEBRATIONS.slug
    # "Noticed for you" reads goals, steps, PD, scores and sessions: any of them can add one.
    tables = frozenset({
        "staff", "celebrations", "celebration_staff", "dismissed_suggestions",
        "wellbeing_check_ins", "wellbeing_responses", "goals", "action_steps", "enrollments", "observations",
        "observation_scores", "pd_offerings", "pd_sessions",
    })

    def __init__(self, db, parent=None, *, runner=None):
        super().__init__(db, parent, runner=runner)
        self._chosen: dict = {}   # the wall's filters, as last read
        self.heading = heading("Celebrations")
        self.subtitle = caption()

        # -- filters and commands ------------------------------------------------------
        self.record_button = command_button("&Record celebration…", self.record_celebration)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(EVERY_KIND, None)
        for code, label in KIND_LABELS.items():
            self.kind_filter.addItem(label, code)
        self.kind_filter.setAccessibleName("Kind")
        self.shown_filter = QComboBox()
        for label, value in SHOWN_CHOICES:
            self.shown_filter.addItem(label, value)
        self.shown_filter.setAccessibleName("Shown")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles, stories, names")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search celebrations")
        self.certificate_button = command_button("Print &certificate…", self.print_certificate)
        self.wall_sheet_button = command_button("Print &wall sheet…", self.print_wall_sheet)
        self.edit_button = command_button("Ed&it…", self.edit_celebration)
        self.delete_button = command_button("&Delete…", self.delete_celebration)
        for widget in (self.kind_filter, self.shown_filter):
            widget.currentIndexChanged.connect(self._filters_changed)
        # The search waits for a pause in the typing (as the staff search does); cleared, at once.
        self._search_pause = QTimer(self)
        self._search_pause.setSingleShot(True)
        self._search_pause.setInterval(SEARCH_PAUSE_MS)
        self._search_pause.timeout.connect(self._filters_changed)
        self.search.textChanged.connect(
            lambda text: self._search_pause.start() if text else self._filters_changed())
        # A tool bar, not a row of buttons: on a narrow window the rest folds into its » menu.
        tools = QToolBar("Celebration tools")
        tools.setAccessibleName("Celebration tools")
        name_overflow_button(tools)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tools.addWidget(self.record_button)
        for text, widget in (("&Kind", self.kind_filter), ("Show&n", self.shown_filter)):
            label = QLabel(f" {text} ")
            label.setBuddy(widget)
            tools.addWidget(label)
            tools.addWidget(widget)
        tools.addWidget(self.search)
        tools.addSeparator()
        tools.addWidget(self.certificate_button)
        tools.addWidget(self.wall_sheet_button)
        tools.addWidget(self.edit_button)
        tools.addWidget(self.delete_button)
        self.search.setMinimumWidth(160)

        # -- the wall ----------------------------------------------------------------------
        self.model = CelebrationsModel(self)
        self.wall = QListView()
        self.wall.setModel(self.model)
        self.wall.setViewMode(QListView.ViewMode.IconMode)
        self.wall.setFlow(QListView.Flow.LeftToRight)
        self.wall.setWrapping(True)
        self.wall.setResizeMode(QListView.ResizeMode.Adjust)
        self.wall.setMovement(QListView.Movement.Static)
        self.wall.setUniformItemSizes(True)
        self.wall.setGridSize(CelebrationCardDelegate.CARD + QSize(4, 4))
        self.wall.setSpacing(0)
        self.wall.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cards = CelebrationCardDelegate(self.wall)
        self.wall.setItemDelegate(self.cards)
        self.wall.viewport().installEventFilter(self)
        self.wall.setAccessibleName(WALL_NAME)
        self.wall.setStyleSheet("QListView { background: #ffffff; }")
        self.wall.selectionModel().selectionChanged.connect(self._update_buttons)
        # Enter or a double click opens the card to correct it; Delete asks to delete it.
        self.wall.activated.connect(lambda *_: self.edit_celebration())
        delete_key(self.wall, self.delete_celebration, "Delete the selected celebration", WALL_NAME)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setStyleSheet("color: #666; padding: 24px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.wall)
        self.stack.addWidget(self.empty)

        self.noticed = NoticedPanel()
        self.noticed.accept_button.clicked.connect(self.accept_suggestion)
        self.noticed.dismiss_button.clicked.connect(self.dismiss_suggestion)
        wall_split = QSplitter(Qt.Orientation.Horizontal)
        wall_split.addWidget(self.stack)
        wall_split.addWidget(self.noticed)
        wall_split.setSizes([700, 400])
        wall_split.setStretchFactor(0, 1)
        wall_split.setChildrenCollapsible(False)
        wall_page = QWidget()
        wall_layout = QVBoxLayout(wall_page)
        wall_layout.setContentsMargins(0, 6, 0, 0)
        wall_layout.addWidget(self.subtitle)
        wall_layout.addWidget(tools)
        wall_layout.addWidget(wall_split, 1)

        self.wellbeing = WellbeingPage(self, self.runner)
        self.sections = QTabWidget()
        self.sections.setAccessibleName("Celebrations and wellbeing")
        self.sections.addTab(wall_page, "Wall")
        self.sections.addTab(self.wellbeing, "Wellbeing")
        # The wellbeing page (the school's trends and chart: seconds on a district) is read
        # when it is shown, not with the wall.
        self._wellbeing_stale = True
        self.sections.currentChanged.connect(lambda *_: self._load_wellbeing())

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.add_year_picker())
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.sections, 1)
        self._add_shortcuts()

    def _add_shortcuts(self) -> None:
        for text, keys, slot in (
                ("Record celebration", "Ctrl+Shift+R", self.record_celebration),
                ("Wellbeing check-in", "Ctrl+Shift+K", self._check_in_shortcut),
                ("Search celebrations", "Ctrl+Shift+F", self._focus_search)):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            # Window-wide while this tab is on show: they work right after Ctrl+5.
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    def _check_in_shortcut(self) -> None:
        self.sections.setCurrentWidget(self.wellbeing)
        self.wellbeing.check_in()

    def _focus_search(self) -> None:
        self.sections.setCurrentIndex(0)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def show_section(self, *, celebration_id: str | None = None, noticed: bool = False,
                     wellbeing: bool = False) -> None:
        """Opened from a figure elsewhere: the wall (with *celebration_id* picked), the
        milestones noticed for you, or the wellbeing page."""
        if wellbeing:
            self.sections.setCurrentWidget(self.wellbeing)
            return
        self.sections.setCurrentIndex(0)
        if noticed:
            self.noticed.list.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if celebration_id and self._filtering():
            for widget in (self.kind_filter, self.shown_filter):
                widget.setCurrentIndex(0)
            self.search.clear()
        for row, item in enumerate(self.model.rows()):
            if item.id == celebration_id:
                index = self.model.index(row, 0)
                self.wall.setCurrentIndex(index)
                self.wall.scrollTo(index)
                break
        self.wall.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- layout of the wall ------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.wall.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_cards(self.wall.viewport().width())
        return super().eventFilter(watched, event)

    def _fit_cards(self, width: int) -> None:
        """As many columns as fit at the smallest card width, then share out the rest."""
        smallest = CelebrationCardDelegate.CARD.width()
        usable = width - 24   # room for the scroll bar, so it appearing does not re-flow the wall
        columns = max(1, usable // (smallest + 4))
        card = QSize(min(usable // columns - 4, 2 * smallest), CelebrationCardDelegate.CARD.height())
        if card != self.cards.card_size:
            self.cards.card_size = card
            self.wall.setGridSize(card + QSize(4, 4))

    # -- loading -------------------------------------------------------------------------------
    def load(self) -> None:
        set_heading(self.heading, f"Celebrations — {self.context_name}")
        self._load_wall()
        self._load_noticed()
        self._wellbeing_stale = True
        self._load_wellbeing()
        self.record_button.setEnabled(not (self.member and self.member.is_archived))

    def _load_wellbeing(self) -> None:
        if self._wellbeing_stale and self.sections.currentWidget() is self.wellbeing:
            self._wellbeing_stale = False
            self.wellbeing.load(self.member)

    def _filtering(self) -> bool:
        return bool(self.kind_filter.currentData() is not None
                    or self.shown_filter.currentData() is not None or self.search.text().strip())

    def _wall_filter(self, view) -> dict:
        """What the wall shows: the filters as set, in the school year shown."""
        return {"staff_id": self.staff_id, "kind": self.kind_filter.currentData(),
                "public": self.shown_filter.currentData(), "text": self.search.text(),
                "since": view.since, "until": view.year.until, "school_id": self.school_id}

    def _load_wall(self) -> None:
        self._search_pause.stop()
        view = self.year_view
        chosen = self._wall_filter(view)
        db = self.db
        # A page of cards now, more as the wall is scrolled; counted on a worker.
        self.model.fetch = lambda ids: celebrations.list_celebrations(db, ids=ids, **chosen)
        self.model.set_source(lambda offset, limit, order, descending: celebrations.list_celebrations(
            db, limit=limit, offset=offset, **chosen))
        self._chosen = chosen
        self._show_wall_state()

    def _count_wall(self) -> None:
        chosen, view = self._chosen, self.year_view
        self.read_in_background("wall counted", lambda reader: celebrations.count_listed(reader, **chosen),
                                lambda counts: self._say_counts(counts, view))

    def _say_counts(self, counts: tuple[int, int], view) -> None:
        total, public = counts
        shown = " shown" if self._filtering() else ", newest first"
        ended = f" · {view.year.ended_text()}" if view.is_current and view.has_ended else ""
        self.subtitle.setText(
            f"{total:,} celebrations in {view.year.name}{shown} · {public:,} public, "
            f"{total - public:,} private{ended}" if total else "")
        self.subtitle.setAccessibleName(self.subtitle.text())

    def _show_wall_state(self) -> None:
        rows = self.model.rowCount()
        self._count_wall()
        if self._filtering():
            text = "No celebrations match these filters. Choose “Every kind”, “Public and private” " \
                   "or clear the search to see them all."
        else:
            who = f"{self.context_name} has not" if self.member else "Nobody has"
            text = (f"{who} been celebrated yet. Goals met, PD completed and shout-outs "
                    "show up here as cards. Use Record celebration… or accept something "
                    "Noticed for you.")
        self.empty.setText(text)
        self.empty.setAccessibleName(text)
        self.stack.setCurrentIndex(0 if rows else 1)
        self._update_buttons()

    def _load_noticed(self) -> None:
        # Worked out from every goal, step, course and score: on a worker, shown when ready.
        whose = f" — {self.member.first_name}" if self.member else ""
        self.noticed.list.set_title(f"Noticed for you{whose}")
        today, staff_id, school_id = self.today, self.staff_id, self.school_id
        self.read_in_background(
            "noticed", lambda reader: noticed_for_you(reader, as_of=today, staff_id=staff_id,
                                                      school_id=school_id),
            self._show_noticed, lane=SLOW if staff_id is None else None)

    def _show_noticed(self, found) -> None:
        self.noticed.list.model.set_rows(found)
        if found:
            self.noticed.list.view.selectRow(0)

    def _filters_changed(self, *args) -> None:
        self._load_wall()

    def update_rows(self, changes: Changes) -> None:
        """The cards a write touched are read again; Noticed for you is worked out again;
        the wellbeing page refreshes its own rows."""
        if "staff" in changes.tables:
            self.load()
            return
        self.model.refresh_rows(set(changes.ids("celebrations"))
                                | changes.values("celebration_staff", "celebration_id"))
        self._show_wall_state()
        self._load_noticed()
        if self._wellbeing_stale:
            self._load_wellbeing()   # read afresh when shown
        else:
            self.wellbeing.apply_changes(changes)

    def _update_buttons(self, *args) -> None:
        picked = self.selected_celebration() is not None
        self.certificate_button.setEnabled(picked)
        self.edit_button.setEnabled(picked)
        self.delete_button.setEnabled(picked)

    def show_record(self, table: str, record_id: str) -> bool:
        """Find anything opened a celebration: its card is picked on the wall."""
        if table != "celebrations":
            return False
        self.refresh()
        row = self.model.position_of(record_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.wall.setCurrentIndex(index)
        self.wall.scrollTo(index)
        self.wall.setFocus()
        return True

    def selected_celebration(self):
        indexes = self.wall.selectionModel().selectedIndexes()
        return indexes[0].data(ROW_ROLE) if indexes else None

    # -- the window's write path ------------------------------------------------------------------
    def _run(self, label, write, **kwargs):
        return self.runner.perform(label, write, initiator=self, **kwargs)

    def _people(self) -> list[tuple[str, str]]:
        return [(member.id, member.full_name) for member in staff.list_staff(self.db)]

    def _ask_celebration(self, label, write, values, *, people, fixed_people=False, heading="",
                         evidence="") -> bool:
        """The celebration form; it stays open with the text kept until saved or cancelled."""
        result = CelebrationDialog.ask(
            self, people, today=self.today, values=values, fixed_people=fixed_people,
            heading=heading or "Record a celebration", evidence=evidence,
            save=self.runner.form_save(label, write, initiator=self,
                                       status=lambda _: "Saved the celebration."))
        return result is not None

    # -- commands ------------------------------------------------------------------------------------
    def record_celebration(self) -> None:
        preset = {"staff_ids": [self.staff_id] if self.staff_id else [],
                  "celebrated_on": self.today_iso}
        self._ask_celebration(lambda typed: f"Record “{typed['title']}”",
                              lambda db, typed: celebrations.record_celebration(db, **typed),
                              preset, people=self._people())

    def edit_celebration(self) -> None:
        chosen = self.selected_celebration()
        if chosen is None:
            return
        values = {"staff_ids": list(celebrations.staff_ids_of(self.db, chosen.id)),
                  "kind": chosen.kind, "title": chosen.title, "story": chosen.story,
                  "celebrated_on": chosen.celebrated_on, "is_public": chosen.is_public}
        self._ask_celebration(
            f"Edit “{chosen.title}”",
            lambda db, typed: celebrations.update_celebration(db, chosen.id, **typed),
            values, people=self._people(), heading="Edit celebration")

    def accept_suggestion(self) -> None:
        suggestion = self.noticed.selected()
        if suggestion is None:
            return
        name = staff.get(self.db, suggestion.staff_id)
        # Private until the leader chooses otherwise; the story never carries scores (the
        # evidence shown beside it for the leader may).
        preset = {"staff_ids": [suggestion.staff_id], "kind": suggestion.kind,
                  "title": suggestion.title, "story": suggestion.suggested_story,
                  "celebrated_on": suggestion.noticed_on.isoformat(), "is_public": False}

        def write(db, values):
            return celebrations.accept_suggestion(
                db, suggestion, title=values["title"], story=values["story"],
                celebrated_on=values["celebrated_on"], is_public=values["is_public"],
                kind=values["kind"])

        self._ask_celebration(lambda typed: f"Celebrate “{typed['title']}”", write, preset,
                              people=[(suggestion.staff_id, name.full_name)],
                              fixed_people=True, heading="Celebrate this milestone",
                              evidence=suggestion.evidence)

    def dismiss_suggestion(self) -> None:
        suggestion = self.noticed.selected()
        if suggestion is None:
            return
        self._run(f"Dismiss “{suggestion.title}”",
                  lambda db: celebrations.dismiss_suggestion(db, suggestion.key),
                  status=f"Dismissed “{suggestion.title}”; it will not be suggested again.",
                  destructive=True)

    def delete_celebration(self) -> None:
        chosen = self.selected_celebration()
        if chosen is None:
            return
        self.runner.delete(self, "celebrations", chosen.id, initiator=self,
                           what=f"the celebration “{chosen.title}”",
                           label=f"Delete “{chosen.title}”")

    def _page_size(self) -> str:
        settings = getattr(self.window(), "settings", None)
        return settings.get("pdf.page_size") if settings is not None else "letter"

    def print_certificate(self) -> None:
        chosen = self.selected_celebration()
        if chosen is None:
            self.status("Pick a celebration on the wall first.")
            return
        from desktop.reports.certificate import write_certificate

        target = choose_pdf(self, "Save certificate",
                            f"certificate-{_safe_file_name(chosen.title)}.pdf")
        if target is None:
            return
        try:
            write_certificate(target, chosen, school=celebrations.printed_school_name(self.db),
                              signer=celebrations.certificate_signer(self.db),
                              page_size_name=self._page_size(), generated_on=self.today)
        except OSError as error:
            messages.notify(self, "Certificate not saved", f"Could not write {target}: "
                            f"{error.strerror or error}.", "Choose another folder and try again.")
            return
        self.status(f"Certificate saved to {target}.")

    def print_wall_sheet(self) -> None:
        from desktop.reports.celebration_wall import periods, write_celebration_wall

        view = self.year_view   # the school year shown on the tab
        year = view.year
        term = view.term or year.last_term_by(view.as_of)
        term_bounds = ((term.first_day, term.last_day, f"{term.name}, {year.name}") if term
                       else (year.first_day, year.last_day, year.name))
        choices = periods(view.as_of, term=term_bounds,
                          year=(year.first_day, year.last_day, f"School year {year.name}"))
        picked = choose_wall_period(self, [f"This month ({choices[0].label})", f"This term ({choices[1].label})",
                                           f"This school year ({year.name})"])
        if picked is None:
            return
        period = choices[picked]
        target = choose_pdf(self, "Save celebration wall sheet", "celebrating-our-teachers.pdf")
        if target is None:
            return
        items = [c for c in celebrations.list_celebrations(self.db, public=True,
                                                           school_id=self.school_id)
                 if period.holds(c)]
        # A district file's wall sheet is the school shown (its name on the sheet), or all.
        school = self.scope_name if self.school_id else celebrations.printed_school_name(self.db)
        try:
            write_celebration_wall(target, items, school=school,
                                   period=period.label, generated_on=self.today,
                                   page_size_name=self._page_size())
        except OSError as error:
            messages.notify(self, "Wall sheet not saved", f"Could not write {target}: "
                            f"{error.strerror or error}.", "Choose another folder and try again.")
            return
        self.status(f"Wall sheet saved to {target}: public celebrations only.")
