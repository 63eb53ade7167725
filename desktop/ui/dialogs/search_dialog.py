"""Find anything (Ctrl+K): words from observation notes, evidence, goals, steps, check-ins,
conversations, PD reflections and celebrations; Enter opens the record.

Results answer as the user types (db.search, accents ignored, most recently saved
first). Private notes and private conversations are searched only while "Include
private notes" is ticked; it starts unticked every time, and a private hit says so in
words, not only in colour.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeySequence, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from db import search
from desktop.core import wording

HTML_ROLE = Qt.ItemDataRole.UserRole + 1
HIT_ROLE = Qt.ItemDataRole.UserRole + 2
PRIVATE_TEXT = "Include &private notes"
TYPING_PAUSE_MS = 60


def hit_text(hit: search.Hit) -> str:
    """The result as words: who, what, when, where it was found, and the words around it."""
    when = wording.day(hit.day) if hit.day else ""
    head = " · ".join(part for part in (hit.names or "—", hit.title, when) if part)
    private = " (private)" if hit.private else ""
    return f"{head}\n{hit.field_label}{private}: {hit.snippet_text}"


def hit_html(hit: search.Hit) -> str:
    when = wording.day(hit.day) if hit.day else ""
    head = " · ".join(escape(part) for part in (hit.names or "—", hit.title, when) if part)
    snippet = "".join(f"<b><u>{escape(text)}</u></b>" if matched else escape(text)
                      for text, matched in hit.snippet)
    private = " <i>(private)</i>" if hit.private else ""
    return (f"<div><b>{head}</b></div>"
            f"<div>{escape(hit.field_label)}{private}: {snippet}</div>")


class _RichTextDelegate(QStyledItemDelegate):
    """Two lines of rich text per result; the matched words bold and underlined."""

    def _document(self, option: QStyleOptionViewItem, index) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(index.data(HTML_ROLE) or escape(index.data() or ""))
        document.setTextWidth(max(option.rect.width() - 12, 200))
        return document

    def paint(self, painter, option, index) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        document = self._document(options, index)
        options.text = ""
        style = options.widget.style() if options.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        painter.save()
        painter.translate(options.rect.left() + 6, options.rect.top() + 4)
        context = QAbstractTextDocumentLayout.PaintContext()
        if options.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text,
                                     options.palette.color(QPalette.ColorRole.HighlightedText))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        if options.rect.width() <= 0 and options.widget is not None:
            options.rect.setWidth(options.widget.viewport().width())
        document = self._document(options, index)
        return QSize(int(document.idealWidth()) + 12, int(document.size().height()) + 8)


class SearchDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 open_record: Callable[[search.Hit], bool] | None = None):
        super().__init__(parent)
        self.db = db
        self.open_record = open_record
        self.setWindowTitle("Find anything")
        self.setObjectName("search-dialog")
        self.resize(760, 560)
        self.query = QLineEdit()
        self.query.setAccessibleName("Search notes")
        self.query.setPlaceholderText("Words from notes, evidence, goals, conversations, reflections…")
        self.query.setClearButtonEnabled(True)
        label = QLabel("&Find")
        label.setBuddy(self.query)
        self.private = QCheckBox(PRIVATE_TEXT)
        self.private.setAccessibleName(PRIVATE_TEXT.replace("&", ""))
        self.private.setToolTip("Private observation notes and private conversations; "
                                "only for you, never printed.")
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.results.setItemDelegate(_RichTextDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.itemActivated.connect(self._activated)
        self.summary = QLabel("Type two letters or more.")
        self.summary.setAccessibleName("Search summary")
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton("&Open", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setAccessibleName("Open")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self._activated(self.results.currentItem()))
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")

        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.query, 1)
        top.addWidget(self.private)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _text: self._timer.start())
        self.private.toggled.connect(lambda _on: self.run_search())
        self.results.currentItemChanged.connect(
            lambda current, _previous: self.open_button.setEnabled(current is not None))
        self.last: search.Results | None = None

    def keyPressEvent(self, event) -> None:
        # Down from the box goes to the results; Enter in the box opens the first result.
        if self.query.hasFocus() and event.key() == Qt.Key.Key_Down and self.results.count():
            self.results.setFocus()
            self.results.setCurrentRow(0)
            return
        if self.query.hasFocus() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._timer.stop()
            self.run_search()
            if self.results.count():
                self._activated(self.results.item(0))
            return
        super().keyPressEvent(event)

    def run_search(self) -> None:
        text = self.query.text()
        self.last = results = search.search(self.db, text, include_private=self.private.isChecked())
        self.results.clear()
        for hit in results.hits:
            item = QListWidgetItem(hit_text(hit))
            item.setData(HTML_ROLE, hit_html(hit))
            item.setData(HIT_ROLE, hit)
            item.setToolTip(hit_text(hit))
            self.results.addItem(item)
        self.summary.setText(self._summary(text, results))

    def _summary(self, text: str, results: search.Results) -> str:
        if search.match_expression(text) is None:
            return "Type two letters or more."
        if not results.hits:
            words = f"Nothing found for “{text.strip()}”."
            if not results.private_included:
                words += " Private notes are searched only when “Include private notes” is ticked."
            return words
        count = f"{len(results.hits)}+" if results.more else str(len(results.hits))
        more = " Type more words to narrow them." if results.more else ""
        return f"{count} found, most recently saved first.{more} Enter opens one."

    def _activated(self, item: QListWidgetItem | None) -> None:
        if item is None or self.open_record is None:
            return
        if self.open_record(item.data(HIT_ROLE)):
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, db: Database, open_record) -> SearchDialog:
        dialog = cls(db, parent, open_record=open_record)
        dialog.open()
        return dialog


SHORTCUT = QKeySequence("Ctrl+K")
