"""The Help menu as a person uses it: the guide, the shortcuts table, the data folder,
a problem report and About."""

from __future__ import annotations

import platform
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import APP_ID, __version__, paths
from desktop.ui import help as help_ui
from desktop.ui.help import ANYWHERE, SHORTCUTS_LINK, KeyboardShortcutsDialog

PAGES = sorted(path.name for path in help_ui.help_dir().glob("*.html"))


class _Page(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.h1 = ""
        self._in_h1 = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if "id" in attrs:
            self.ids.add(attrs["id"])
        self._in_h1 = tag == "h1"

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data


def _page(name: str) -> _Page:
    return _Page(help_ui.help_page(name).read_text(encoding="utf-8"))


# -- the guide's pages ------------------------------------------------------------------------------
def test_there_is_a_guide_page_for_each_tab_titled_like_the_tab(window):
    for tab in window.tabs:
        name = help_ui.page_for_tab(tab.slug)
        assert name != help_ui.INDEX, f"no page in resources/help for the {tab.title} tab"
        assert _page(name).h1.strip() == tab.title
        assert help_ui.document_title(help_ui.help_page(name)) == tab.title


@pytest.mark.parametrize("topic, words", [
    ("walkthrough.html", ["Ctrl+Shift+W", "Ctrl+Enter", "Esc", "Private note", "Ctrl+1"]),
    ("printing.html", ["Print growth portfolio", "black-and-white", "Private notes"]),
    ("privacy.html", ["Private note", "wellbeing", "at least five"]),
    ("backups.html", ["Back up now", "Restore from a backup", "Export everything",
                      "another computer"]),
])
def test_the_guide_covers_the_walkthrough_keys_printing_privacy_and_backups(topic, words):
    assert topic in _page(help_ui.INDEX).links
    text = help_ui.help_page(topic).read_text(encoding="utf-8")
    for word in words:
        assert word.lower() in text.lower(), f"{topic} does not mention {word}"


def test_every_page_is_in_the_contents_and_every_link_leads_somewhere():
    contents = set(_page(help_ui.INDEX).links)
    for name in PAGES:
        if name != help_ui.INDEX:
            assert name in contents, f"{name} is not linked from the contents"
        for link in _page(name).links:
            if link == SHORTCUTS_LINK:
                continue
            assert not re.match(r"^[a-z]+:", link), f"{name} links outside the guide: {link}"
            target, _, anchor = link.partition("#")
            target = target or name
            assert (help_ui.help_dir() / target).is_file(), f"{name}: {link} is missing"
            if anchor:
                assert anchor in _page(target).ids, f"{name}: no #{anchor} in {target}"


@pytest.mark.parametrize("name", PAGES)
def test_each_page_opens_in_the_guide_window(window, qtbot, name):
    guide = window.show_user_guide(name)
    qtbot.waitExposed(guide)
    assert guide.current_page() == name
    title = guide.browser.documentTitle()
    assert title and guide.windowTitle().startswith(title)
    assert len(guide.browser.toPlainText()) > 200
    guide.close()


def test_f1_opens_the_page_about_the_tab_on_screen(window, qtbot):
    window.tab_actions[1].trigger()                 # Ctrl+2: Observations
    assert window.guide_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    window.guide_action.trigger()
    guide = window.guide_window
    qtbot.waitExposed(guide)
    assert guide.current_page() == "observations.html"
    assert "Quick walkthrough" in guide.browser.toPlainText()
    window.tab_actions[4].trigger()
    window.guide_action.trigger()
    assert window.guide_window is guide             # one guide window, brought forward
    assert guide.current_page() == "celebrations.html"


def test_links_are_followed_from_the_keyboard_and_back_returns(window, qtbot):
    guide = window.show_user_guide(help_ui.INDEX)
    qtbot.waitExposed(guide)
    guide.browser.setFocus()
    qtbot.keyClick(guide.browser, Qt.Key.Key_Tab)      # the first link: Getting started
    qtbot.keyClick(guide.browser, Qt.Key.Key_Return)
    assert guide.current_page() == "getting-started.html"
    assert guide.back_action.isEnabled()
    guide.back_action.trigger()
    assert guide.current_page() == help_ui.INDEX


def test_a_link_to_an_anchor_on_another_page_opens_that_page(window, qtbot):
    guide = window.show_user_guide("overview.html")
    guide.browser.anchorClicked.emit(QUrl("observations.html#coverage"))
    assert guide.current_page() == "observations.html"
    assert guide.browser.source().fragment() == "coverage"


def test_a_web_link_is_not_followed(window, qtbot):
    guide = window.show_user_guide("overview.html")
    guide.browser.anchorClicked.emit(QUrl("https://example.org/cultivate"))   # no_network guards too
    assert guide.current_page() == "overview.html"
    assert "Not part of the guide" in guide.statusBar().currentMessage()


def test_the_contents_link_to_the_shortcuts_opens_the_table(window, qtbot):
    guide = window.show_user_guide(help_ui.INDEX)
    guide.browser.anchorClicked.emit(QUrl(SHORTCUTS_LINK))
    dialog = window.findChild(KeyboardShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()


def test_find_in_a_page(window, qtbot):
    guide = window.show_user_guide("backups.html")
    guide.activateWindow()
    qtbot.waitUntil(guide.isActiveWindow)
    qtbot.keyClick(guide.browser, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert guide.find_box.hasFocus()
    qtbot.keyClicks(guide.find_box, "salvage")
    qtbot.keyClick(guide.find_box, Qt.Key.Key_Return)
    assert guide.browser.textCursor().selectedText().lower() == "salvage"
    guide.find_box.clear()
    qtbot.keyClicks(guide.find_box, "no such words anywhere")
    qtbot.keyClick(guide.find_box, Qt.Key.Key_Return)
    assert "is not on this page" in guide.found_label.text()


def test_the_guide_text_can_be_made_larger(window, qtbot):
    guide = window.show_user_guide(help_ui.INDEX)
    guide.activateWindow()
    qtbot.waitUntil(guide.isActiveWindow)
    before = guide.browser.font().pointSizeF()
    qtbot.keyClick(guide.browser, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert guide.browser.font().pointSizeF() > before


def test_the_guide_controls_have_accessible_names(window, qtbot):
    guide = window.show_user_guide()
    qtbot.waitExposed(guide)
    from PySide6.QtWidgets import QAbstractButton, QLineEdit

    unnamed = [w for kind in (QAbstractButton, QLineEdit) for w in guide.findChildren(kind)
               if w.isVisibleTo(guide) and not w.accessibleName()
               and not w.objectName().startswith("qt_")]
    assert [(type(w).__name__, getattr(w, "text", lambda: "")()) for w in unnamed] == []
    assert guide.browser.accessibleName() == "User guide"


# -- keyboard shortcuts ---------------------------------------------------------------------------------
def _shortcuts_dialog(window, qtbot) -> KeyboardShortcutsDialog:
    window.shortcuts_action.trigger()
    dialog = window.findChild(KeyboardShortcutsDialog)
    qtbot.waitExposed(dialog)
    return dialog


def _row(dialog, keys: str):
    return next((s for s in dialog.visible_rows() if s.keys == keys), None)


def test_the_shortcuts_table_lists_the_windows_own_keys(window, qtbot):
    dialog = _shortcuts_dialog(window, qtbot)
    assert _row(dialog, "Ctrl+Shift+W") == help_ui.Shortcut(
        "Ctrl+Shift+W", "Observe ▸ Quick walkthrough", ANYWHERE)
    assert _row(dialog, "Ctrl+3").what == "View ▸ Goals & Conversations"
    assert _row(dialog, "F1").what == "Help ▸ User guide"
    places = {(s.keys, s.where): s.what for s in dialog.shortcuts}
    assert places[("Ctrl+Shift+C", "Observations")] == "Copy the selected visit's feedback note"
    assert places[("Ctrl+Shift+C", "Goals & Conversations")] == "New conversation"
    assert places[("Ctrl+Shift+R", "Celebrations")] == "Record celebration"
    assert dialog.table.rowCount() == len(dialog.shortcuts)
    dialog.close()


def test_every_shortcut_says_what_it_does_and_none_is_ambiguous(window):
    shortcuts = help_ui.window_shortcuts(window)
    assert all(s.what.strip() for s in shortcuts), [s for s in shortcuts if not s.what.strip()]
    everywhere = [s.keys for s in shortcuts if s.where == ANYWHERE]
    assert len(everywhere) == len(set(everywhere)), "two window shortcuts share keys"
    for s in shortcuts:
        if s.where != ANYWHERE:
            assert s.keys not in everywhere, f"{s.keys} in {s.where} also works everywhere"
    per_tab = [(s.keys, s.where) for s in shortcuts if s.where != ANYWHERE]
    assert len(per_tab) == len(set(per_tab))


def test_the_table_follows_the_actions_it_is_read_from(window, qtbot):
    action = QAction("&Undo", window)
    action.setShortcut(QKeySequence("Ctrl+Z"))
    window.menuBar().actions()[0].menu().addAction(action)     # File
    assert help_ui.Shortcut("Ctrl+Z", "File ▸ Undo", ANYWHERE) in help_ui.window_shortcuts(window)


def test_the_guides_own_keys_are_not_in_the_windows_table(window):
    window.show_user_guide()
    assert not any("Find next" in s.what for s in help_ui.window_shortcuts(window))


def test_typing_filters_the_shortcuts(window, qtbot):
    dialog = _shortcuts_dialog(window, qtbot)
    qtbot.keyClicks(dialog.filter_box, "celebr")
    shown = dialog.visible_rows()
    assert shown and all("celebr" in f"{s.what} {s.where}".lower() for s in shown)
    assert _row(dialog, "Ctrl+Q") is None
    dialog.filter_box.clear()
    assert len(dialog.visible_rows()) == len(dialog.shortcuts)
    dialog.close()


def test_walkthrough_keys_opens_that_page_of_the_guide(window, qtbot):
    dialog = _shortcuts_dialog(window, qtbot)
    from PySide6.QtWidgets import QPushButton

    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Walkthrough keys…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.guide_window.current_page() == "walkthrough.html"


# -- data folder, report a problem, About -------------------------------------------------------------------
def test_open_data_folder_shows_the_folder_in_the_file_manager(window, monkeypatch, data_dir):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window.data_folder_action.trigger()
    assert [Path(url.toLocalFile()) for url in opened] == [paths.data_dir()]


def test_without_a_file_manager_the_folder_is_named(window, monkeypatch, qtbot):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    assert window.open_data_folder() is False
    box = window.findChild(QMessageBox, "data-folder")
    assert str(paths.data_dir()) in box.text()
    box.close()


def test_report_a_problem_copies_version_platform_and_the_last_log_lines(window, qtbot):
    paths.log_file().write_text("".join(f"2026-01-01 INFO cultivate: line {n}\n"
                                        for n in range(100)), encoding="utf-8")
    QGuiApplication.clipboard().clear()
    window.report_action.trigger()
    copied = QGuiApplication.clipboard().text()
    assert f"Cultivate {__version__}" in copied
    assert platform.platform() in copied
    assert str(window.path) in copied
    assert "line 99" in copied and "line 60" in copied and "line 59" not in copied
    box = window.findChild(QMessageBox, "report-problem")
    assert box.detailedText() == copied       # the person sees exactly what they send
    assert "email" in box.informativeText()
    box.close()


def test_about_shows_the_icon_version_file_and_data_folder(window):
    box = window.show_about()
    assert f"Cultivate {__version__}" in box.text()
    assert str(window.path) in box.text()
    assert str(paths.data_dir()) in box.text()
    assert not box.iconPixmap().isNull()
    box.close()


def test_the_help_menu_has_the_five_entries(window):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    names = [a.text() for a in help_menu.actions() if not a.isSeparator()]
    assert names == ["&User guide", "&Keyboard shortcuts", "Open &data folder",
                     "&Report a problem…", "&About Cultivate"]


# -- the application's name, icon and id ------------------------------------------------------------------
def test_the_application_has_its_name_icon_and_id(qapp):
    from desktop.ui.app import make_application

    app = make_application()
    assert app.applicationName() == "Cultivate"
    assert app.desktopFileName() == APP_ID
    sizes = {size.width() for size in app.windowIcon().availableSizes()}
    assert {16, 32, 48, 256} <= sizes


def test_the_window_shows_the_icon(school_file, open_window):
    from desktop.ui.app import make_application

    make_application()                          # as the real start does, before the window
    window = open_window(school_file[0])
    assert not window.windowIcon().isNull()
    assert window.windowIcon().cacheKey() == QApplication.windowIcon().cacheKey()


def test_the_data_folder_does_not_depend_on_the_version(monkeypatch):
    import desktop

    paths.override_data_dir(None)
    monkeypatch.delenv("CULTIVATE_DATA_DIR")
    monkeypatch.setattr(paths.platformdirs, "user_data_dir",
                        lambda name, appauthor=None: f"/tmp/cultivate-test-home/{name}")
    monkeypatch.setattr(Path, "mkdir", lambda self, **kwargs: None)
    first = paths.data_dir()
    monkeypatch.setattr(desktop, "__version__", "9.9.9")
    assert paths.data_dir() == first == Path("/tmp/cultivate-test-home/Cultivate")


def test_the_shortcuts_dialog_works_from_the_keyboard_and_names_its_controls(window, qtbot):
    from PySide6.QtWidgets import QAbstractButton, QLineEdit

    dialog = _shortcuts_dialog(window, qtbot)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.focusWidget() is dialog.filter_box
    qtbot.keyClicks(dialog.focusWidget(), "ctrl+shift+w")
    assert [s.what for s in dialog.visible_rows()] == ["Observe ▸ Quick walkthrough"]
    unnamed = [w for kind in (QAbstractButton, QLineEdit) for w in dialog.findChildren(kind)
               if w.isVisibleTo(dialog) and not w.accessibleName()
               and not w.objectName().startswith("qt_")
               and not isinstance(w.parent(), QLineEdit)]   # Qt's own clear button
    assert unnamed == []
    assert dialog.table.accessibleName() == "Keyboard shortcuts"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
