"""The Celebrations tab's wall: one card per celebration, newest first."""

from __future__ import annotations

from db.celebrations import Celebration
from desktop.ui.models.table import Column, PagedTableModel, date_text


def visibility(c: Celebration) -> str:
    return "Public" if c.is_public else "Private"


class CelebrationsModel(PagedTableModel[Celebration]):
    """The wall, read a page at a time, newest first (as list_celebrations reads it)."""

    natural_key = staticmethod(lambda c: c.celebrated_on)
    default_order = ("", True)   # newest first
    columns = (
        Column("Celebration", lambda c: c.title, tooltip=lambda c: c.story or c.title),
        Column("Date", lambda c: date_text(c.celebrated_on), sort_key=lambda c: c.celebrated_on),
        Column("Kind", lambda c: c.kind_label),
        Column("Who", lambda c: ", ".join(c.staff_names)),
        Column("Shown", visibility),
    )
