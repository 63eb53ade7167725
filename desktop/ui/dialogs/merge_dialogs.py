"""File ▸ Merge from another file…, File ▸ Merge conflicts…, File ▸ Export for a colleague….

A merge is previewed first (what it adds, updates and deletes, table by table, and the
conflicts), asks again when it would delete more than a third of the records, keeps a
backup, and runs as one operation through the window's runner, so Edit ▸ Undo takes it
back. Conflicts (a record edited on both sides since the last exchange) are settled in
:class:`ConflictDialog`, side by side and field by field, from the keyboard.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import backups, merge, protection
from db.deletion import NOUNS
from db.errors import NeedsCorrection, StorageError
from desktop.ui import messages
from desktop.ui.widgets import problem_label

log = logging.getLogger("cultivate")


def table_words(table: str, count: int = 2) -> str:
    """A table as a person says it: "walkthroughs and observations", "people"."""
    one, many = NOUNS.get(table, (table.replace("_", " ").rstrip("s"), table.replace("_", " ")))
    return one if count == 1 else many


def field_words(column: str) -> str:
    words = column.replace("_id", "").replace("_", " ")
    return words[:1].upper() + words[1:]


def value_words(value) -> str:
    if value is None or value == "":
        return "(empty)"
    text = str(value)
    return text if len(text) <= 400 else text[:400] + "…"


def record_words(table: str, row: dict | None) -> str:
    """How the record is named in a list: “Ana Lopez”, “Questioning”, “2026-03-09 walkthrough”."""
    row = row or {}
    for keys in (("first_name", "last_name"), ("title",), ("name",), ("observed_on", "kind"),
                 ("held_on", "kind"), ("checked_on",), ("description",), ("text",)):
        words = " ".join(str(row[key]) for key in keys if row.get(key))
        if words:
            return words if len(words) <= 60 else words[:60] + "…"
    return "a record"


def choose_merge_file(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Merge from another Cultivate file", "",
                                          messages.FILE_FILTER)
    return Path(name) if name else None


# -- the preview ------------------------------------------------------------------------------
class MergePreviewDialog(QDialog):
    """What the merge will do, before it does it; Merge or Cancel."""

    def __init__(self, found: merge.MergePlan, file_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Merge from another file")
        self.setAccessibleName("Merge from another file")
        self.setMinimumWidth(560)
        who = f"“{found.other_name}” ({file_name})" if found.other_name else f"“{file_name}”"
        heading = QLabel(
            f"Merging {who} into this file will: add {found.added}, update {found.updated}, "
            f"delete {found.deleted} records; {len(found.conflicts)} "
            f"{'conflict' if len(found.conflicts) == 1 else 'conflicts'}.")
        heading.setWordWrap(True)
        heading.setAccessibleName("What the merge will do")
        self.heading = heading
        rule = QLabel(
            "For each record the newer version wins. A record edited in both files since "
            "they were last merged is a conflict: the newer version is kept for now, both "
            "are kept, and you choose field by field afterwards. A backup of this file is "
            "kept first, and Edit ▸ Undo takes the whole merge back.")
        rule.setWordWrap(True)
        rule.setAccessibleName("How the merge decides")

        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName("Changes by kind of record")
        self.table.setHorizontalHeaderLabels(["Records", "Added", "Updated", "Deleted"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for table, (added, updated, deleted) in sorted(found.by_table().items(),
                                                        key=lambda item: table_words(item[0])):
            row = self.table.rowCount()
            self.table.insertRow(row)
            name = table_words(table)
            self.table.setItem(row, 0, QTableWidgetItem(name[:1].upper() + name[1:]))
            for column, count in enumerate((added, updated, deleted), start=1):
                item = QTableWidgetItem(str(count))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if not self.table.rowCount():
            self.table.hide()

        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName("Warning")
        self.warning.setStyleSheet("color: #8a1c1c; font-weight: bold;")
        buttons = QDialogButtonBox()
        self.merge_button = QPushButton("&Merge")
        self.merge_button.setAccessibleName("Merge")
        if found.mass_delete:
            # Said in words and on the button, not by colour alone.
            self.warning.setText(
                f"Warning: this deletes {found.deleted} of the {found.target_records} records in "
                "this file, more than a third. Merge only if the other file is right to delete them.")
            self.merge_button.setText(f"&Merge and delete {found.deleted} records")
            self.merge_button.setAccessibleName(f"Merge and delete {found.deleted} records")
        else:
            self.warning.hide()
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        (cancel if found.mass_delete else self.merge_button).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for widget in (heading, rule, self.table, self.warning, buttons):
            layout.addWidget(widget)

    @classmethod
    def ask(cls, found: merge.MergePlan, file_name: str, parent: QWidget | None = None) -> bool:
        return cls(found, file_name, parent).exec() == QDialog.DialogCode.Accepted


# -- settling conflicts -----------------------------------------------------------------------
class ConflictDialog(QDialog):
    """The open conflicts, one at a time: this file's version and the other's, field by field.

    Each differing field is a pair of radio buttons (Tab moves between fields, the arrow
    keys between the two versions); Settle writes the chosen values as one operation
    through the runner, and moves to the next conflict.
    """

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.window_ = window
        self.setWindowTitle("Merge conflicts")
        self.setAccessibleName("Merge conflicts")
        self.resize(820, 520)
        self.list = QListWidget()
        self.list.setAccessibleName("Conflicts to settle")
        self.list.setFixedWidth(260)
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._show)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.setAccessibleName("About this conflict")
        self.fields = QWidget()
        self.grid = QGridLayout(self.fields)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields)
        scroll.setAccessibleName("Fields that differ")
        self.all_ours = QPushButton("Keep all from &this file")
        self.all_theirs = QPushButton("Keep all from the &other file")
        self.all_ours.clicked.connect(lambda: self._choose_all("ours"))
        self.all_theirs.clicked.connect(lambda: self._choose_all("theirs"))
        for button in (self.all_ours, self.all_theirs):
            button.setAccessibleName(button.text().replace("&", ""))
        self.settle_button = QPushButton("&Settle")
        self.settle_button.setAccessibleName("Settle")
        self.settle_button.setDefault(True)
        self.settle_button.clicked.connect(self.settle_current)
        close = QPushButton("Later")
        close.setAccessibleName("Later")
        close.clicked.connect(self.reject)
        self.empty = QLabel("No conflicts to settle.")
        self.empty.setAccessibleName("No conflicts to settle")

        right = QVBoxLayout()
        right.addWidget(self.explain)
        right.addWidget(scroll, 1)
        choose_all = QHBoxLayout()
        choose_all.addWidget(self.all_ours)
        choose_all.addWidget(self.all_theirs)
        choose_all.addStretch(1)
        right.addLayout(choose_all)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addLayout(right, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.empty)
        bottom.addStretch(1)
        bottom.addWidget(close)
        bottom.addWidget(self.settle_button)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        self.groups: dict[str, QButtonGroup] = {}
        self.choices: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        self.reload()

    # -- what is shown
    def reload(self) -> None:
        self.conflicts = merge.open_conflicts(self.window_.db) if self.window_.db is not None else []
        self.list.blockSignals(True)
        self.list.clear()
        for conflict in self.conflicts:
            row = conflict.ours or conflict.theirs
            noun = table_words(conflict.table, 1)
            item = QListWidgetItem(f"{noun[:1].upper() + noun[1:]} “{record_words(conflict.table, row)}”"
                                   f"\n{conflict.reason}")
            item.setToolTip(f"From {conflict.other_name or 'another file'}, merged {conflict.found_at[:10]}")
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.list.setCurrentRow(-1)
        has_any = bool(self.conflicts)
        for widget in (self.settle_button, self.all_ours, self.all_theirs):
            widget.setEnabled(has_any)
        self.empty.setVisible(not has_any)
        if has_any:
            self.list.setCurrentRow(0)      # shows it
        else:
            self._clear_fields()
            self.explain.setText("Every conflict is settled.")

    def _clear_fields(self) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.groups.clear()
        self.choices.clear()

    @property
    def current(self) -> merge.OpenConflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _add_choice(self, row: int, key: str, label: str, ours_text: str, theirs_text: str,
                    kept: str) -> None:
        name = QLabel(label)
        name.setWordWrap(True)
        # The column says whose value it is; the accessible name says it too, for a reader.
        ours = QRadioButton(ours_text)
        theirs = QRadioButton(theirs_text)
        for button, side in ((ours, "this file"), (theirs, "the other file")):
            button.setAccessibleName(f"{label}: keep {side}'s")
            button.setAccessibleDescription(f"{side[:1].upper() + side[1:]}: {button.text()}")
            button.setToolTip(button.accessibleDescription())
        group = QButtonGroup(self)
        group.addButton(ours)
        group.addButton(theirs)
        (ours if kept == "ours" else theirs).setChecked(True)
        name.setBuddy(ours)
        self.grid.addWidget(name, row, 0)
        self.grid.addWidget(ours, row, 1)
        self.grid.addWidget(theirs, row, 2)
        self.groups[key] = group
        self.choices[key] = (ours, theirs)

    def _show(self, index: int) -> None:
        self._clear_fields()
        conflict = self.current
        if conflict is None:
            return
        other = conflict.other_name or "the other file"
        kept = "this file's" if conflict.kept == "ours" else f"{other}'s"
        self.explain.setText(
            f"{conflict.reason[:1].upper() + conflict.reason[1:]} ({other}, merged "
            f"{conflict.found_at[:10]}). For now the file has {kept} version, the newer one. "
            "Choose, for each field, which to keep; Settle saves it.")
        header_this, header_other = QLabel("<b>This file</b>"), QLabel(f"<b>{other}</b>")
        self.grid.addWidget(QLabel("<b>Field</b>"), 0, 0)
        self.grid.addWidget(header_this, 0, 1)
        self.grid.addWidget(header_other, 0, 2)
        if conflict.ours is None or conflict.theirs is None:
            deleted_here = conflict.ours is None
            surviving = conflict.theirs if deleted_here else conflict.ours
            summary = record_words(conflict.table, surviving)
            self._add_choice(1, "__deleted__", "The record",
                             "deleted" if deleted_here else f"keep “{summary}”",
                             f"keep “{summary}”" if deleted_here else "deleted",
                             conflict.kept)
            return
        for row, column in enumerate(conflict.differing_fields(), start=1):
            self._add_choice(row, column, field_words(column), value_words(conflict.ours.get(column)),
                             value_words(conflict.theirs.get(column)), conflict.kept)
        first = next(iter(self.choices.values()), None)
        if first:
            first[0 if first[0].isChecked() else 1].setFocus()

    def _choose_all(self, side: str) -> None:
        for ours, theirs in self.choices.values():
            (ours if side == "ours" else theirs).setChecked(True)

    def chosen(self) -> dict[str, str]:
        return {key: "ours" if ours.isChecked() else "theirs"
                for key, (ours, theirs) in self.choices.items()}

    # -- settling
    def settle_current(self) -> bool:
        conflict = self.current
        if conflict is None:
            return False
        chosen = self.chosen()
        if "__deleted__" in chosen:
            side = chosen["__deleted__"]
            keep_deleted = (conflict.ours is None) == (side == "ours")

            def write(db, conflict_id=conflict.id, keep_deleted=keep_deleted):
                merge.settle(db, conflict_id, keep_deleted=keep_deleted)
        else:
            def write(db, conflict_id=conflict.id, chosen=chosen):
                merge.settle(db, conflict_id, chosen)
        name = record_words(conflict.table, conflict.ours or conflict.theirs)
        result = self.window_.runner.perform(f"Settle the conflict on “{name}”", write,
                                             initiator=self, status=f"Settled: “{name}”.")
        if not result.ok:
            return False
        self.reload()
        if not self.conflicts:
            self.accept()
        return True

    @classmethod
    def ask(cls, window) -> ConflictDialog:
        dialog = cls(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


# -- export for a colleague -------------------------------------------------------------------
class ColleagueExportDialog(QDialog):
    """Whom the copy is for, whose records go in, and, in words, what stays out."""

    def __init__(self, db, parent: QWidget | None = None):
        from db import slices, staff, users

        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Export for a colleague")
        self.setAccessibleName("Export for a colleague")
        self.setMinimumWidth(520)
        self.colleague = QComboBox()
        self.colleague.setAccessibleName("For")
        for member in users.candidates(db):
            self.colleague.addItem(f"{member.full_name} ({member.role.replace('_', ' ')})", member.id)
        for_label = QLabel("&For:")
        for_label.setBuddy(self.colleague)
        self.people = QListWidget()
        self.people.setAccessibleName("Whose records go in")
        for member in staff.list_staff(db):
            if member.role in users.USER_ROLES:
                continue
            item = QListWidgetItem(member.full_name)
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.people.addItem(item)
        people_label = QLabel("&Whose records go in (the teachers they work with):")
        people_label.setBuddy(self.people)
        all_button, none_button = QPushButton("Select &all"), QPushButton("Select &none")
        for button in (all_button, none_button):
            button.setAccessibleName(button.text().replace("&", ""))
        all_button.clicked.connect(lambda: self._check_all(True))
        none_button.clicked.connect(lambda: self._check_all(False))
        left_out = QLabel(
            "Left out: " + ", ".join(slices.LEFT_OUT_WORDS) + ". The school's rubrics, PD "
            "catalog, goal templates and school years go in, so their walkthroughs score the "
            "same. The copy merges back like any Cultivate file (File ▸ Merge from another file).")
        left_out.setWordWrap(True)
        left_out.setAccessibleName("What is left out")
        self.left_out = left_out
        protection_box = self._protection_choices(protection.is_protected_database(db))
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton("&Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setAccessibleName("Export")
        self.export_button.setDefault(True)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.colleague.currentIndexChanged.connect(self._default_people)
        self._observed = slices.observed_by
        self._default_people()

        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(for_label)
        row.addWidget(self.colleague, 1)
        layout.addLayout(row)
        layout.addWidget(people_label)
        layout.addWidget(self.people, 1)
        choose = QHBoxLayout()
        choose.addWidget(all_button)
        choose.addWidget(none_button)
        choose.addStretch(1)
        layout.addLayout(choose)
        layout.addWidget(left_out)
        layout.addWidget(protection_box)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._protection_changed()

    # -- the copy's passphrase
    def _protection_choices(self, protected: bool) -> QGroupBox:
        """How the copy is protected: this file's passphrase (the default for a protected
        file), a new one typed twice, or, said in so many words, none."""
        from desktop.ui.passphrase import password_field

        self.source_protected = protected
        box = QGroupBox("Passphrase for the copy")
        box.setAccessibleName("Passphrase for the copy")
        self.same_passphrase = QRadioButton("Protect it with this file's &passphrase")
        self.new_passphrase = QRadioButton("P&rotect it with a new passphrase (tell it to them in "
                                           "person, not in an email)")
        self.no_passphrase = QRadioButton(
            "N&o passphrase: anyone who gets hold of the copy can read everything in it"
            if protected else "N&o passphrase, as this file has none: anyone with the copy can read it")
        self.passphrase = password_field("New passphrase")
        self.passphrase_again = password_field("The same again")
        form = QFormLayout()
        for label, field in (("New pa&ssphrase:", self.passphrase),
                             ("The same a&gain:", self.passphrase_again)):
            caption = QLabel(label)
            caption.setBuddy(field)
            form.addRow(caption, field)
        layout = QVBoxLayout(box)
        for button in (self.same_passphrase, self.new_passphrase):
            button.setAccessibleName(button.text().replace("&", ""))
            layout.addWidget(button)
        layout.addLayout(form)
        self.no_passphrase.setAccessibleName(self.no_passphrase.text().replace("&", ""))
        layout.addWidget(self.no_passphrase)
        self.same_passphrase.setVisible(protected)
        (self.same_passphrase if protected else self.no_passphrase).setChecked(True)
        for button in (self.same_passphrase, self.new_passphrase, self.no_passphrase):
            button.toggled.connect(self._protection_changed)
        self.problem = problem_label()
        return box

    def _protection_changed(self) -> None:
        typing = self.new_passphrase.isChecked()
        self.passphrase.setEnabled(typing)
        self.passphrase_again.setEnabled(typing)
        # Writing a protected file's records out in the clear is said on the button too.
        plain = self.source_protected and self.no_passphrase.isChecked()
        self.export_button.setText("&Export without a passphrase…" if plain else "&Export…")
        self.export_button.setAccessibleName(self.export_button.text().replace("&", "").rstrip("…"))

    def protection_choice(self) -> dict:
        """How :func:`db.slices.export_for_colleague` protects the copy, as chosen."""
        if self.same_passphrase.isChecked():
            return {"same_passphrase": True}
        if self.new_passphrase.isChecked():
            return {"passphrase": self.passphrase.text()}
        return {"unprotected": True}

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name
        self._choice = self.protection_choice() if result == QDialog.DialogCode.Accepted else {}
        for field in (self.passphrase, self.passphrase_again):   # the secret leaves with the answer
            field.clear()
        super().done(result)

    def _items(self):
        return [self.people.item(index) for index in range(self.people.count())]

    def _check_all(self, on: bool) -> None:
        for item in self._items():
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _default_people(self) -> None:
        colleague = self.colleague.currentData()
        observed = self._observed(self.db, colleague) if colleague else set()
        for item in self._items():
            checked = item.data(Qt.ItemDataRole.UserRole) in observed
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen(self) -> list[str]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self._items()
                if item.checkState() == Qt.CheckState.Checked]

    def _show_problem(self, text: str, focus: QWidget) -> None:
        self.problem.setText(text)
        self.problem.setAccessibleDescription(text)
        self.problem.setVisible(bool(text))
        focus.setFocus()

    def _accept(self) -> None:
        if not self.chosen():
            self._show_problem("Choose at least one teacher whose records go in.", self.people)
            return
        if self.new_passphrase.isChecked():
            try:
                protection.check_new_passphrase(self.passphrase.text(), self.passphrase_again.text())
            except protection.PassphraseProblem as problem:
                self._show_problem(str(problem), self.passphrase)
                self.passphrase.selectAll()
                return
        self.accept()

    @classmethod
    def ask(cls, db, parent: QWidget | None = None
            ) -> tuple[str | None, str, list[str], dict] | None:
        """(colleague id, colleague's name, people, how the copy is protected) or None
        for Cancel."""
        dialog = cls(db, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        name = dialog.colleague.currentText().split(" (")[0]
        return dialog.colleague.currentData(), name, dialog.chosen(), dialog._choice


def export_for_colleague(window) -> Path | None:
    from db import slices

    if window.db is None:
        return None
    asked = ColleagueExportDialog.ask(window.db, window)
    if asked is None:
        return None
    colleague, name, people, protect = asked
    safe = "".join(ch for ch in name if ch.isalnum() or ch in " -_").strip() or "colleague"
    target = messages.choose_save_path(window, "Export for a colleague", f"Cultivate for {safe}.db",
                                       messages.FILE_FILTER, suffix=".db")
    if target is None:
        return None
    if window.path is not None and target.exists() and target.resolve() == Path(window.path).resolve():
        messages.notify(window, "Nothing was exported", "That is this file itself; choose another name.")
        return None
    try:
        report = slices.export_for_colleague(window.db, target, [*people, *([colleague] if colleague else [])],
                                             name=name, **protect)
    except (StorageError, NeedsCorrection, OSError) as error:
        _refused(window, "Nothing was exported", error)
        return None
    if not report.protected:
        how = "It is NOT protected with a passphrase: anyone who has the file can read it."
    elif protect.get("same_passphrase"):
        how = "It is protected with this file's passphrase."
    else:
        how = f"It is protected with the passphrase you chose: give it to {name} in person."
    messages.show_status(window, f"Exported {report.records} records for {name} to {target}. {how}",
                         seconds=15)
    return target


# -- the actions ------------------------------------------------------------------------------
class _Progress:
    def __init__(self, window, title: str):
        self.dialog = QProgressDialog(f"{title}…", "", 0, 0, window)
        self.dialog.setCancelButton(None)
        self.dialog.setWindowTitle(title)
        self.dialog.setAccessibleName(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)

    def __call__(self, done: int, total: int, what: str) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
        if what:
            self.dialog.setLabelText(f"Reading {table_words(what)}…")
        QApplication.processEvents()

    def close(self) -> None:
        self.dialog.close()


def _refused(window, title: str, error: Exception) -> None:
    what = str(error)
    way_out = error.way_out if isinstance(error, StorageError) else ""
    log.info("%s: %s", title, what)
    messages.show_status(window, f"{title}: {what}", seconds=10)
    messages.notify(window, title, what, way_out)


def merge_from_file(window, path: Path | None = None) -> merge.MergeReport | None:
    """Ask for the other file, preview, (ask again for a mass deletion), merge as one operation."""
    if window.db is None:
        return None
    path = path or choose_merge_file(window)
    if path is None:
        return None
    from desktop.ui.passphrase import unlock_if_needed

    try:
        unlock_if_needed(window, path)       # a protected file: its passphrase first
    except (StorageError, OSError) as error:
        _refused(window, "Nothing was merged", error)
        return None
    progress = _Progress(window, "Reading the other file")
    try:
        with merge.opened_other(path, target=window.db) as other:
            found = merge.plan(window.db, other, progress=progress)
    except (StorageError, NeedsCorrection) as error:
        _refused(window, "Nothing was merged", error)
        return None
    except OSError as error:
        _refused(window, "Nothing was merged", StorageError(f"“{path}” could not be read: {error}."))
        return None
    finally:
        progress.close()
    if not found.changes_anything:
        messages.show_status(window, f"“{path.name}” has nothing this file does not have already.",
                             seconds=10)
        messages.notify(window, "Nothing to merge",
                        f"Every record in “{path.name}” is already in this file, as it is there.")
        return merge.MergeReport(found.other_name, 0, 0, 0, 0)
    if not MergePreviewDialog.ask(found, path.name, window):
        return None
    try:
        backups.before_risky_change(window.db, "before-merge")
    except (StorageError, OSError) as error:
        _refused(window, "Nothing was merged (the backup could not be made)", error)
        return None
    applying = _Progress(window, "Merging")
    try:
        result = window.runner.perform(
            f"Merge from {path.name}", lambda db: merge.apply(db, found, progress=applying),
            destructive=found.deleted > 0,
            status=lambda report: f"Merged “{path.name}”: {report.summary()}.")
    finally:
        applying.close()
    if not result.ok:
        return None
    report = result.value
    if report.conflicts:
        window.conflict_dialog = ConflictDialog.ask(window)
    return report


def settle_conflicts(window) -> ConflictDialog | None:
    if window.db is None:
        return None
    window.conflict_dialog = ConflictDialog.ask(window)
    return window.conflict_dialog
