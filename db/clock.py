"""The one clock: what day it is for the person at the laptop, and the time now.

Everything that dates a new record, fills in a default date, or counts days since or
until something asks here, never ``date.today()`` or ``datetime.now()`` itself, and no
date is ever taken from the data ("the last recorded day" is not today).

Tests and the reproducible commands (``demo --today``, ``screenshot --today``) set the
day with :func:`set_today` or :func:`fixed`. Setting the day moves the clock by whole
days and lets it keep running, so the time of day, durations and the order of time
stamps stay real.

It lives in ``db`` because storage needs it too (a goal met today, a step done today);
``db`` never imports ``desktop``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

_shift = timedelta(0)


def today() -> date:
    """The local calendar day."""
    return (datetime.now() + _shift).date()


def now_local() -> datetime:
    """The local wall-clock time, naive (as the user reads it)."""
    return datetime.now() + _shift


def now_utc() -> datetime:
    """The time now, in UTC (aware)."""
    return datetime.now(UTC) + _shift


def utc_stamp(moment: datetime | None = None) -> str:
    """ISO-8601 UTC with milliseconds, e.g. 2026-11-24T11:12:37.123Z (sorts as text)."""
    moment = moment or now_utc()
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def set_today(day: date | None) -> None:
    """Make *day* today (the clock keeps running from there); None: the real day again."""
    global _shift
    if day is None:
        _shift = timedelta(0)
        return
    if isinstance(day, datetime):
        day = day.date()
    _shift = timedelta(days=(day - datetime.now().date()).days)


def advance(step: timedelta) -> None:
    """Move the clock on by *step* (tests: "two hours later, the coach opens the draft")."""
    global _shift
    _shift += step


def is_set() -> bool:
    return _shift != timedelta(0)


@contextmanager
def fixed(day: date) -> Iterator[None]:
    """``with clock.fixed(date(2026, 12, 1)):`` — today is that day inside the block."""
    global _shift
    before = _shift
    set_today(day)
    try:
        yield
    finally:
        _shift = before
