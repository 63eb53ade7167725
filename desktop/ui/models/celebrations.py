"""The Celebrations tab's wall: one card per celebration, newest first."""

from __future__ import annotations

from db.celebrations import Celebration
from desktop.ui.models.table import Column, DataclassTableModel, date_text


def visibility(c: Celebration) -> str:
    return "Public" if c.is_public else "Private"


class CelebrationsModel(DataclassTableModel[Celebration]):
    order_key = staticmethod(lambda c: c.celebrated_on)   # newest first, as the wall is read
    descending = True
    columns = (
        Column("Celebration", lambda c: c.title, tooltip=lambda c: c.story or c.title),
        Column("Date", lambda c: date_text(c.celebrated_on), sort_key=lambda c: c.celebrated_on),
        Column("Kind", lambda c: c.kind_label),
        Column("Who", lambda c: ", ".join(c.staff_names)),
        Column("Shown", visibility),
    )
