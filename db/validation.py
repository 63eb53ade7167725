"""Checks shared by the storage modules: values refused here name the field and the fix."""

from __future__ import annotations

import re
from datetime import date

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_day(value, field: str, *, required: bool = False,
            error: type[ValueError] = ValueError) -> str | None:
    """An ISO date from a date, an ISO string or blank; anything else raises *error*."""
    if value in (None, ""):
        if required:
            raise error(f"{field} is needed.")
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if not ISO_DAY.match(text):
            raise ValueError
        date.fromisoformat(text)
    except ValueError:
        raise error(f"{field} must be a date like 2026-05-31, not “{text}”.") from None
    return text
