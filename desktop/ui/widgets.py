"""Small building blocks every tab uses: headings, figure cards, lists with an empty state."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.models.table import SORT_ROLE, DataclassTableModel, PagedTableModel

ACCENT = "#2f6b4f"


def long_date(day) -> str:
    """'1 December 2026': the form every tab and handout uses (no leading zero)."""
    return f"{day.day} {day:%B %Y}"


def heading(text: str, *, level: int = 1) -> QLabel:
    label = QLabel(text)
    label.setObjectName(f"heading{level}")
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * (1.45 if level == 1 else 1.12))
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def set_heading(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setAccessibleName(text)


def caption(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("caption")
    label.setStyleSheet("color: #555;")
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


class FigureCard(QFrame):
    """One big number with its caption, e.g. “12 / Goals active”."""

    def __init__(self, caption_text: str, parent=None):
        super().__init__(parent)
        self.setObjectName("figureCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#figureCard { background: #f6f8f6; border: 1px solid #d5ddd7; border-radius: 6px; }"
        )
        self.caption_text = caption_text
        self.value_label = QLabel("—")
        font = self.value_label.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.value_label.setFont(font)
        self.value_label.setStyleSheet(f"color: {ACCENT};")
        self.caption_label = QLabel(caption_text)
        self.caption_label.setStyleSheet("color: #444;")
        self.caption_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(caption_text)

    def set_value(self, value: str) -> None:
        self.value_label.setText(value)
        self.setAccessibleDescription(f"{self.caption_text}: {value}")

    def set_caption(self, text: str) -> None:
        """A caption that says its period ("Observations in 2025–26")."""
        self.caption_text = text
        self.caption_label.setText(text)
        self.setAccessibleName(text)
        self.setAccessibleDescription(f"{text}: {self.value_label.text()}")

    def value(self) -> str:
        return self.value_label.text()


def figure_row(cards: list[FigureCard]) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(10)
    for card in cards:
        row.addWidget(card)
    return row


class ListPanel(QWidget):
    """A titled, sortable table that says in words when it has nothing to show.

    A short list sorts in memory through a proxy. A :class:`PagedTableModel` (a long
    list, read a page at a time) is shown as it is and sorts itself in storage: no proxy
    over every row. ``proxy`` is then the model itself, so both read the same way.
    """

    def __init__(self, title: str, model: DataclassTableModel, *, empty_text: str,
                 sortable: bool = True, parent=None):
        super().__init__(parent)
        self.list_name = title          # the title it was made with (set_title changes the shown one)
        self.model = model
        self.paged = isinstance(model, PagedTableModel)
        self.total: int | None = None   # a paged list's whole length, once known
        if self.paged:
            self.proxy = model
        else:
            self.proxy = QSortFilterProxyModel(self)
            self.proxy.setSortRole(SORT_ROLE)
            self.proxy.setSourceModel(model)
        self.title = heading(title, level=2)
        self.count_label = caption()
        self.count_label.setWordWrap(False)
        # A long title is clipped rather than squeezing the count onto two lines.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setToolTip(title)
        self.empty_text = empty_text
        self.saying_instead: str | None = None   # what it says in place of rows still to come

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setAccessibleName(title)
        self.view.horizontalHeader().setAccessibleName(f"{title} columns")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)   # Tab moves on to the next control
        self.view.verticalHeader().hide()
        if self.paged:
            # The model's own order (e.g. newest first) shows as the header's indicator.
            header_name, descending = model.default_order
            column = next((n for n, c in enumerate(model.columns) if c.header == header_name), -1)
            self.view.horizontalHeader().setSortIndicator(
                column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
            self.view.setSortingEnabled(sortable)
        else:
            self.view.setSortingEnabled(sortable)
            # Enabling sorting sorts by the first column; keep the database's own order
            # (e.g. active goals first) until the user clicks a header.
            self.proxy.sort(-1)
            self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._size_columns()

        self.empty_label = QLabel(empty_text)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #666; padding: 24px;")
        self.empty_label.setAccessibleName(empty_text)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty_label)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(lambda *_: self._show_state())
        self._show_state()

    def _size_columns(self) -> None:
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        char = self.view.fontMetrics().horizontalAdvance("n")
        stretched = False
        for section, column in enumerate(self.model.columns):
            if column.width:
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(section, max(column.width, len(column.header) + 2) * char + 16)
            else:
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.Stretch)
                stretched = True
        if not stretched:
            header.setStretchLastSection(True)

    def set_title(self, text: str) -> None:
        set_heading(self.title, text)
        self.title.setToolTip(text)
        self.view.setAccessibleName(text)
        self.view.horizontalHeader().setAccessibleName(f"{text} columns")

    def set_empty_text(self, text: str) -> None:
        self.empty_text = text
        if self.saying_instead is None:
            self._say(text)

    def say_instead(self, text: str) -> None:
        """Say *text* in place of the rows until rows (or none) arrive: while a list is
        worked out, its empty words would say there is nothing before that is known."""
        self.saying_instead = text
        self.stack.setCurrentIndex(1)
        self.count_label.setText("")
        self._say(text)

    def _say(self, text: str) -> None:
        self.empty_label.setText(text)
        self.empty_label.setAccessibleName(text)

    def _show_state(self) -> None:
        self.saying_instead = None
        count = self.model.rowCount()
        self.stack.setCurrentIndex(0 if count else 1)
        if not count:
            self._say(self.empty_text)
        if self.paged:
            count = self.total if self.total is not None and count else 0
            self.count_label.setText(f"{count:,} shown" if count else "")
        else:
            self.count_label.setText(f"{count} shown" if count else "")

    def set_total(self, total: int | None) -> None:
        """A paged list's whole length (counted apart from the pages read)."""
        self.total = total
        self._show_state()

    def hide_column(self, header: str, hidden: bool = True) -> None:
        self.view.setColumnHidden(self.model.column_index(header), hidden)

    def sort_by(self, header: str, order=Qt.SortOrder.AscendingOrder) -> None:
        self.view.sortByColumn(self.model.column_index(header), order)

    def source_row(self, index) -> int:
        """The model's row behind a view's *index*."""
        return index.row() if self.paged else self.proxy.mapToSource(index).row()

    def selected_row(self):
        indexes = self.view.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.row_at(self.source_row(indexes[0]))

    def on_open(self, slot) -> None:
        """Enter, or a double click, opens the selected record (Qt's *activated*, which
        follows the platform's single- or double-click convention; connecting
        ``doubleClicked`` as well would open it twice)."""
        self.view.activated.connect(lambda *_: slot())

    def on_delete(self, slot, *, what: str) -> None:
        """The Delete key on the selected record (*what*: "goal") asks to delete it; Help ▸
        Keyboard shortcuts lists it as working in this list."""
        delete_key(self.view, slot, f"Delete the selected {what}", f"{self.list_name} list")

    def select_id(self, row_id: str | None) -> bool:
        """Select the row of record *row_id* (as a click would); False if it is not listed."""
        position = self.model.position_of(row_id)
        if position < 0:
            return False
        index = self.model.index(position, 0)
        if not self.paged:
            index = self.proxy.mapFromSource(index)
        self.view.setCurrentIndex(index)
        self.view.selectRow(index.row())
        return True


def labelled(text: str, widget: QWidget) -> QWidget:
    """*widget* with its label before it ("&Kind" — Alt+K reaches it), named as it reads."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(4)
    label = QLabel(text)
    label.setBuddy(widget)
    # Drawn with its shortcut letter underlined, the text is drawn in pieces without the
    # kerning its measured width allowed for: "&To" and "T&ag" lost their last letter.
    # Room for the letters set side by side.
    metrics = label.fontMetrics()
    label.setMinimumWidth(sum(metrics.horizontalAdvance(letter) for letter in text.replace("&", "")))
    row.addWidget(label)
    row.addWidget(widget)
    widget.setAccessibleName(text.replace("&", ""))
    return holder


def problem_label(error: str = "") -> QLabel:
    """The red line at the top of a form saying why it was not saved (hidden when empty)."""
    label = QLabel(error)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b3261e; font-weight: bold;")
    label.setAccessibleName("Problem")
    label.setAccessibleDescription(error)
    label.setVisible(bool(error))
    return label


def delete_key(widget: QWidget, slot, what: str, place: str):
    """The Delete key while *widget* (a list) has the focus: *what* it does and the *place*
    it works in, as Help ▸ Keyboard shortcuts says them."""
    from PySide6.QtGui import QKeySequence, QShortcut

    from desktop.ui.help import PLACE_PROPERTY

    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), widget, activated=slot,
                         context=Qt.ShortcutContext.WidgetShortcut, whatsThis=what)
    shortcut.setProperty(PLACE_PROPERTY, place)
    return shortcut


def save_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """The editors' Save / Cancel row, named for screen readers and wired to the dialog."""
    from desktop.ui.dialogs.dates import date_fields_ok

    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Save).setAccessibleName("Save")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
    # Save does nothing while a date field holds text that is not a day: the field says why.
    buttons.accepted.connect(lambda: dialog.accept() if date_fields_ok(dialog) else None)
    buttons.rejected.connect(dialog.reject)
    return buttons


def hours_box(value: float = 0.0, *, maximum: float = 1000) -> QDoubleSpinBox:
    """PD hours as they are kept: to the hundredth, stepping by quarter hours, so 0.25 h stays
    0.25 h (a one-decimal box rounded it to 0.3 and saved that)."""
    box = QDoubleSpinBox()
    box.setRange(0, maximum)
    box.setDecimals(2)
    box.setSingleStep(0.25)
    box.setValue(float(value or 0))
    return box


def readable_formats(text: str | None) -> str:
    """'micro_video,webinar' -> 'Micro-video, Webinar': PD format codes in people's words.
    Anything that is not a code (the school's own wording) is kept as typed."""
    from db.pd import FORMAT_LABELS

    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    return ", ".join(FORMAT_LABELS.get(part, part) for part in parts)


def name_overflow_button(bar: QToolBar) -> None:
    """The » button a tool bar shows when its commands do not fit: named for screen readers
    ("More goal commands"), as every other control is."""
    name = bar.accessibleName() or bar.windowTitle()
    for button in bar.findChildren(QToolButton, "qt_toolbar_ext_button"):
        button.setAccessibleName(f"More {name[:1].lower()}{name[1:]}")
        button.setToolTip(f"More {name[:1].lower()}{name[1:]}")


def command_button(text: str, slot) -> QPushButton:
    """A tab's push button, named for screen readers as it reads (without '&' and '…')."""
    button = QPushButton(text)
    plain = text.replace("&", "").rstrip("…")
    button.setAccessibleName(plain)
    button.setToolTip(plain)
    button.clicked.connect(lambda checked=False: slot())
    return button


def add_menu_actions(window: QWidget, menu, entries) -> list:
    """After a separator, one action per (text, name, slot) in *entries*; the name is its
    object name and tooltip (what tests and screen readers find it by)."""
    from PySide6.QtGui import QAction

    menu.addSeparator()
    actions = []
    for text, name, slot in entries:
        action = QAction(text, window)
        action.setObjectName(name)
        action.setToolTip(name)
        action.triggered.connect(lambda checked=False, slot=slot: slot())
        menu.addAction(action)
        actions.append(action)
    return actions
