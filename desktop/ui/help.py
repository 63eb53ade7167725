"""The Help menu: the offline user guide, the keyboard shortcuts, the data folder, a
problem report, About.

The guide is HTML in resources/help/, one page per tab or topic, shown in a QTextBrowser
(no web engine, no network). The shortcuts table is read from the window's own QActions
and QShortcuts, so it cannot drift from what the keys really do.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import PySide6
from PySide6.QtCore import QObject, Qt, QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, __version__, paths
from desktop.problem_report import problem_report
from desktop.ui.branding import application_icon

log = logging.getLogger("cultivate")
INDEX = "index.html"
SHORTCUTS_LINK = "cultivate:shortcuts"
ANYWHERE = "Anywhere"


def help_dir() -> Path:
    return paths.resource("help")


def help_page(name: str) -> Path:
    return help_dir() / name


def page_for_tab(slug: str) -> str:
    """The guide's page about a tab (resources/help/<slug>.html), else the contents."""
    return f"{slug}.html" if help_page(f"{slug}.html").is_file() else INDEX


# -- the user guide ------------------------------------------------------------------------------
class UserGuideWindow(QMainWindow):
    """The guide in its own window, beside the main one: Back, Forward, Contents, Find, zoom."""

    def __init__(self, parent: QWidget | None = None, *, show_shortcuts=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("user-guide")
        self.show_shortcuts = show_shortcuts
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("User guide")
        self.browser.setOpenLinks(False)   # every link goes through _follow: no web links
        self.browser.anchorClicked.connect(self._follow)
        self.browser.document().setDefaultStyleSheet(_read(help_page("guide.css")))
        self.browser.document().setDocumentMargin(18)
        self.browser.sourceChanged.connect(self._page_changed)
        self.setCentralWidget(self.browser)

        bar = QToolBar("Guide")
        bar.setObjectName("guide-toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.back_action = self._action(bar, "&Back", self.browser.backward,
                                        QKeySequence.StandardKey.Back)
        self.forward_action = self._action(bar, "&Forward", self.browser.forward,
                                           QKeySequence.StandardKey.Forward)
        self.contents_action = self._action(bar, "&Contents", lambda: self.open_page(INDEX),
                                            "Alt+Home")
        self.browser.backwardAvailable.connect(self.back_action.setEnabled)
        self.browser.forwardAvailable.connect(self.forward_action.setEnabled)
        self.back_action.setEnabled(False)
        self.forward_action.setEnabled(False)
        bar.addSeparator()
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("Find in this page (Ctrl+F)")
        self.find_box.setAccessibleName("Find in this page")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMaximumWidth(260)
        self.find_box.returnPressed.connect(self.find_next)
        bar.addWidget(self.find_box)
        self._action(bar, "Find &next", self.find_next, QKeySequence.StandardKey.FindNext)
        self.find_action = self._action(None, "Find", self._focus_find, QKeySequence.StandardKey.Find)
        self.found_label = QLabel()
        self.found_label.setAccessibleName("Find result")
        bar.addWidget(self.found_label)
        bar.addSeparator()
        self._action(bar, "Larger text", lambda: self.browser.zoomIn(1), QKeySequence.StandardKey.ZoomIn)
        self._action(bar, "Smaller text", lambda: self.browser.zoomOut(1), QKeySequence.StandardKey.ZoomOut)
        self._action(None, "Close", self.close, QKeySequence.StandardKey.Close)
        self.resize(820, 720)
        self.open_page(INDEX)

    def _action(self, bar: QToolBar | None, text: str, slot, keys) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        plain = text.replace("&", "")
        action.setObjectName(plain)
        shown = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{plain} ({shown})" if shown else plain)
        action.triggered.connect(slot)
        self.addAction(action)
        if bar is not None:
            bar.addAction(action)
            button = bar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(plain)
        return action

    # -- pages ---------------------------------------------------------------------------------
    def open_page(self, name: str) -> None:
        page, _, anchor = name.partition("#")
        url = QUrl.fromLocalFile(str(help_page(page)))
        if anchor:
            url.setFragment(anchor)
        self.browser.setSource(url)

    def current_page(self) -> str:
        return Path(self.browser.source().toLocalFile()).name

    def _follow(self, url: QUrl) -> None:
        if url.toString() == SHORTCUTS_LINK:
            if self.show_shortcuts is not None:
                self.show_shortcuts()
            return
        if url.isRelative():
            url = self.browser.source().resolved(url)
        if url.isLocalFile() and Path(url.toLocalFile()).is_file():
            self.browser.setSource(url)
            return
        # The guide has no web links; anything else is not followed, and says so.
        self.statusBar().showMessage(f"Not part of the guide: {url.toString()}", 6000)

    def _page_changed(self, url: QUrl) -> None:
        title = self.browser.documentTitle() or "User guide"
        self.setWindowTitle(f"{title} — {APP_NAME} user guide")
        self.found_label.clear()

    # -- find -------------------------------------------------------------------------------------
    def _focus_find(self) -> None:
        self.find_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_box.selectAll()

    def find_next(self) -> bool:
        text = self.find_box.text().strip()
        if not text:
            return False
        found = self.browser.find(text)
        if not found:   # wrap round to the top of the page
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            found = self.browser.find(text)
        self.found_label.setText("" if found else f"  “{text}” is not on this page")
        return found


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.warning("the user guide's %s is missing", path)
        return ""


# -- keyboard shortcuts ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Shortcut:
    keys: str    # as the keyboard says it here: "Ctrl+Shift+W" (⌘⇧W on a Mac)
    what: str    # "Observe ▸ Quick walkthrough"
    where: str   # "Anywhere", or the tab it works in


def _plain(text: str) -> str:
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return re.sub(r"^\d+\s+", "", text).rstrip("…").strip()   # "&1 Overview" → "Overview"


def _menu_path(action: QAction) -> str:
    menus = [obj for obj in action.associatedObjects() if isinstance(obj, QMenu)]
    names: list[str] = []
    menu = menus[0] if menus else None
    while menu is not None:
        names.append(_plain(menu.title()))
        # Untitled menus are Qt's own (the menu bar's overflow "»"), not a level of ours.
        parents = [obj for obj in menu.menuAction().associatedObjects()
                   if isinstance(obj, QMenu) and obj.title()]
        menu = parents[0] if parents else None
    return " ▸ ".join(reversed(names))


# A shortcut that works in one list only (Delete) names that list in this property.
PLACE_PROPERTY = "shortcut_place"


def _where(item: QObject, tabs) -> str:
    """Anywhere, the tab it works in, or (a key of one list) "tab ▸ list"."""
    tab_title = None
    owner = item.parent()
    while owner is not None and tab_title is None:
        tab_title = next((tab.title for tab in tabs if owner is tab), None)
        owner = owner.parent()
    place = item.property(PLACE_PROPERTY) if isinstance(item, QShortcut) else None
    if place:
        return f"{tab_title} ▸ {place}" if tab_title else place
    return tab_title or ANYWHERE


def _owning_window(item: QObject) -> QWidget | None:
    owner = item.parent()
    while owner is not None and not isinstance(owner, QWidget):
        owner = owner.parent()
    return owner.window() if owner is not None else None


def _keys(sequences) -> str:
    return ", ".join(seq.toString(QKeySequence.SequenceFormat.NativeText)
                     for seq in sequences if not seq.isEmpty())


def window_shortcuts(window) -> list[Shortcut]:
    """Every shortcut the main window answers, with what it does and where it works."""
    tabs = list(getattr(window, "tabs", []))
    found: list[tuple[int, int, Shortcut]] = []
    for order, action in enumerate(window.findChildren(QAction)):
        keys = _keys(action.shortcuts())
        if not keys or _owning_window(action) is not window:   # not the guide's own keys
            continue
        name = _plain(action.text()) or _plain(action.toolTip()) or action.whatsThis()
        path = _menu_path(action)
        what = f"{path} ▸ {name}" if path else name
        found.append((order, 0, Shortcut(keys, what, _where(action, tabs))))
    for order, shortcut in enumerate(window.findChildren(QShortcut)):
        keys = _keys(shortcut.keys())
        if keys and _owning_window(shortcut) is window:
            found.append((order, 1, Shortcut(keys, shortcut.whatsThis(), _where(shortcut, tabs))))
    places = [ANYWHERE, *(tab.title for tab in tabs)]
    def place(where: str) -> int:
        tab = where.split(" ▸ ")[0]
        return places.index(tab) if tab in places else len(places)

    found.sort(key=lambda row: (place(row[2].where), row[1], row[0]))
    unique = list(dict.fromkeys(row[2] for row in found))
    return unique


class KeyboardShortcutsDialog(QDialog):
    """The table of every shortcut, with a filter; the walkthrough's own keys are one link away."""

    def __init__(self, shortcuts: list[Shortcut], parent: QWidget | None = None, *,
                 open_walkthrough_keys=None):
        super().__init__(parent)
        self.setObjectName("keyboard-shortcuts")
        self.setWindowTitle("Keyboard shortcuts — Cultivate")
        self.shortcuts = shortcuts
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Type to filter: a key or what it does")
        self.filter_box.setAccessibleName("Filter shortcuts")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._filter)
        self.table = QTableWidget(len(shortcuts), 3)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "What it does", "Where"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        for row, shortcut in enumerate(shortcuts):
            for column, text in enumerate((shortcut.keys, shortcut.what, shortcut.where)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        note = QLabel("The quick walkthrough and the formal observation have keys of their own "
                      "while they are open.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        if open_walkthrough_keys is not None:
            walkthrough = QPushButton("&Walkthrough keys…")
            walkthrough.setAccessibleName("Walkthrough keys")
            walkthrough.clicked.connect(open_walkthrough_keys)
            buttons.addButton(walkthrough, QDialogButtonBox.ButtonRole.ActionRole)
        for button in buttons.buttons():
            if not button.accessibleName():
                button.setAccessibleName(button.text().replace("&", ""))
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(680, 560)
        self.filter_box.setFocus()   # typing filters at once

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for row, shortcut in enumerate(self.shortcuts):
            haystack = f"{shortcut.keys} {shortcut.what} {shortcut.where}".casefold()
            self.table.setRowHidden(row, not all(word in haystack for word in words))

    def visible_rows(self) -> list[Shortcut]:
        return [shortcut for row, shortcut in enumerate(self.shortcuts)
                if not self.table.isRowHidden(row)]


# -- the data folder, a problem report, About ---------------------------------------------------------
def open_data_folder(parent: QWidget) -> bool:
    folder = paths.data_dir()
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return True
    box = QMessageBox(QMessageBox.Icon.Information, "Your data folder",
                      "Cultivate could not open a file manager. Your data folder is:"
                      f"<br><br><code>{html.escape(str(folder))}</code>",
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("data-folder")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return False


def qt_versions() -> str:
    return f"{qVersion()} (PySide6 {PySide6.__version__})"


def report_a_problem(parent: QWidget, data_file: Path | None) -> QMessageBox:
    """Copy the report to the clipboard and show what was copied."""
    text = problem_report(qt_version=qt_versions(), data_file=data_file)
    QGuiApplication.clipboard().setText(text)
    box = QMessageBox(QMessageBox.Icon.Information, "Report a problem",
                      "The details for a problem report are on the clipboard: Cultivate's "
                      "version, your system and the last lines of its log.",
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("report-problem")
    box.setInformativeText("Paste them into an email to whoever supports Cultivate at your "
                           "school or district, and say what you were doing. Read them first: "
                           "Show Details… shows exactly what was copied.")
    box.setDetailedText(text)
    box.open()
    return box


def about_text(data_file: Path | None) -> str:
    where = html.escape(str(data_file)) if data_file else "not saved to disk"
    return (f"<b>{APP_NAME} {__version__}</b><br>"
            "Personalized professional growth for teachers, offline.<br><br>"
            f"Data file:<br><code>{where}</code><br><br>"
            f"Data folder (backups, log, settings):<br>"
            f"<code>{html.escape(str(paths.data_dir()))}</code><br><br>"
            f"<small>Qt {html.escape(qt_versions())} · Cultivate makes no network connection. "
            "Fonts: DejaVu (free licence, in the fonts folder).</small>")


def show_about(parent: QWidget, data_file: Path | None) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.NoIcon, f"About {APP_NAME}", about_text(data_file),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("about")
    icon = application_icon()
    if not icon.isNull():
        box.setIconPixmap(icon.pixmap(96, 96))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box


def document_title(page: Path) -> str:
    """A page's <title>, as the guide window shows it (for tests and the contents)."""
    document = QTextDocument()
    document.setHtml(_read(page))
    return document.metaInformation(QTextDocument.MetaInformation.DocumentTitle)

