"""The editors' common ground: Save writes at once, and a problem keeps the dialog open.

Every editor (staff, goal, step, check-in, conversation, celebration, wellbeing, PD
completion, offering, self-assessment) is a :class:`FormDialog`. Its ``ask()`` takes
the *save* to run (``Runner.form_save``): pressing Save runs it; when what was typed
cannot be saved (a :class:`~db.errors.NeedsCorrection`), the reason is shown in the
dialog, beside the field it names when it names one, and the dialog stays open with
everything still typed. There is no "ask, save, fail, ask again" loop anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.runner import Result
from desktop.ui.widgets import problem_label, save_cancel_buttons


class FormDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, error: str = ""):
        super().__init__(parent)
        self.error_label = problem_label(error)
        # Fields a NeedsCorrection may name (its ``field``), to put the cursor there.
        self.field_widgets: dict[str, QWidget] = {}
        self.save: Callable[[Any], Result] | None = None
        self.saved: Result | None = None

    # -- for subclasses ------------------------------------------------------------------
    def add_field(self, form: QFormLayout, text: str, widget: QWidget, key: str | None = None) -> QWidget:
        """A labelled row ("&Date": Alt+D reaches it), named for screen readers as it reads;
        *key* is the field a NeedsCorrection may name."""
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(text.replace("&", ""))
        form.addRow(label, widget)
        if key is not None:
            self.field_widgets[key] = widget
        return widget

    def lay_out(self, form: QFormLayout) -> None:
        """The problem line, the fields, then Save and Cancel."""
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addWidget(save_cancel_buttons(self))

    def typed(self) -> Any:
        """What the form holds, as its save takes it."""
        return self.values()

    def values(self) -> Any:
        raise NotImplementedError

    # -- problems -----------------------------------------------------------------------
    def show_error(self, text: str, field: str | None = None) -> None:
        self.error_label.setText(text)
        self.error_label.setAccessibleDescription(text)
        self.error_label.setVisible(bool(text))
        widget = self.field_widgets.get(field or "")
        if widget is not None and text:
            widget.setFocus()

    def save_button(self) -> QPushButton | None:
        for box in self.findChildren(QDialogButtonBox):
            button = box.button(QDialogButtonBox.StandardButton.Save)
            if button is not None:
                return button
        return None

    # -- Save -----------------------------------------------------------------------------
    def accept(self) -> None:
        if self.save is None:
            super().accept()
            return
        result = self.save(self.typed())
        if result.ok:
            self.saved = result
            super().accept()
        elif result.correction is not None:
            self.show_error(str(result.correction), getattr(result.correction, "field", None))
        else:
            # The disk or a bug: already reported; the text stays here to try again.
            self.show_error(f"Not saved: {result.message}")

    def ask_to_save(self, save: Callable[[Any], Result]) -> Result | None:
        """Show the form until it is saved (the write's Result) or cancelled (None)."""
        self.save = save
        if self.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.saved
