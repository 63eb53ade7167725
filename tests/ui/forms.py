"""Standing in for the person at a modal editor: type into the real dialog, press Save.

``answer(monkeypatch, GoalDialog, fill)`` makes the next ``GoalDialog`` that the window
opens run ``fill(dialog)`` (typing, ticking, clicking as a person would) and then press
its Save button. A problem keeps a real editor open; if it is still open after that, the
person gives up and cancels. Returns the list of dialogs shown, to look at afterwards.
"""

from __future__ import annotations

from collections.abc import Callable


def answer(monkeypatch, dialog_class, fill: Callable | None = None, *, save: bool = True) -> list:
    shown: list = []

    def exec_(self) -> int:
        shown.append(self)
        self.show()
        if fill is not None:
            fill(self)
        if save and self.isVisible():
            self.save_button().click()
        if self.isVisible():
            self.reject()
        return self.result()

    monkeypatch.setattr(dialog_class, "exec", exec_)
    return shown
