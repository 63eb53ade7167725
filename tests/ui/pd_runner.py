"""A stand-in for the window's runner in the PD dialog tests: each write an operation, kept for Undo."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from db import operations
from db.errors import NeedsCorrection


@dataclass(frozen=True)
class Result:
    ok: bool
    value: Any = None
    message: str = ""
    correction: NeedsCorrection | None = None


class Perform:
    def __init__(self, db):
        self.db = db
        self.done: list[operations.Done] = []
        self.labels: list[str] = []
        self.statuses: list[str] = []

    def __call__(self, label, write, *, status="", **options) -> Result:
        try:
            done = operations.perform(self.db, label, write)
        except NeedsCorrection as problem:
            return Result(False, message=str(problem), correction=problem)
        self.done.append(done)
        self.labels.append(label)
        self.statuses.append(status(done.value) if callable(status) else status)
        return Result(True, done.value)

    def undo_last(self) -> None:
        operations.undo(self.db, self.done.pop())
