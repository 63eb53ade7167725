"""Standing in for the person at a modal editor: type into the real dialog, press Save.

``answer(monkeypatch, GoalDialog, fill)`` makes the next ``GoalDialog`` that the window
opens run ``fill(dialog)`` (typing, ticking, clicking as a person would) and then press
its Save button. A problem keeps a real editor open; if it is still open after that, the
person gives up and cancels. Returns the list of dialogs shown, to look at afterwards.
"""

from __future__ import annotations

from collections.abc import Callable


def answer(monkeypatch, dialog_class, fill: Callable | None = None, *, save: bool = True,
           then: Callable | None = None) -> list:
    """*then(dialog)*, if given, is the person reading the problem a refused Save left in
    the still open form and putting it right; Save is pressed once more after it."""
    shown: list = []

    def exec_(self) -> int:
        shown.append(self)
        self.show()
        if fill is not None:
            fill(self)
        if save and self.isVisible():
            self.save_button().click()
        if then is not None and save and self.isVisible():
            then(self)
            self.save_button().click()
        if self.isVisible():
            self.reject()
        return self.result()

    monkeypatch.setattr(dialog_class, "exec", exec_)
    return shown
