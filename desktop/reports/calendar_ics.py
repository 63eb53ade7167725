"""PD sessions as an .ics file that calendar applications import.

Times are written as floating local times (no time zone), as a school timetable
is: 15:30 in the staff room means 15:30 wherever the laptop thinks it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

PRODUCT_ID = "-//Cultivate//PD sessions//EN"


@dataclass(frozen=True)
class CalendarSession:
    id: str
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str = ""
    link: str = ""
    description: str = ""
    updated_at: datetime | None = None


def build_calendar(sessions: list[CalendarSession], name: str = "Cultivate PD") -> bytes:
    from icalendar import Calendar, Event  # lazily: only needed when exporting

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for session in sorted(sessions, key=lambda item: (item.starts_at, item.id)):
        event = Event()
        event.add("uid", f"{session.id}@cultivate.local")
        # DTSTAMP from the record, not the clock, so the same data gives the same file.
        stamp = session.updated_at or session.starts_at
        event.add("dtstamp", stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC))
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", session.title)
        if session.location:
            event.add("location", session.location)
        details = "\n".join(part for part in (session.description, session.link) if part)
        if details:
            event.add("description", details)
        if session.link:
            event.add("url", session.link)
        calendar.add_component(event)
    return calendar.to_ical()


def write_calendar(sessions: list[CalendarSession], path: Path, name: str = "Cultivate PD") -> Path:
    from desktop.atomic_files import write_bytes

    write_bytes(Path(path), build_calendar(sessions, name))
    return Path(path)
