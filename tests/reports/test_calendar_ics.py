from datetime import datetime

from icalendar import Calendar

from desktop.reports.calendar_ics import CalendarSession, build_calendar, write_calendar

SESSIONS = [
    CalendarSession("s2", "Feedback that lands — part 2", datetime(2026, 3, 10, 15, 30),
                    datetime(2026, 3, 10, 17, 0), "Library", "", "Bring a marked set of work"),
    CalendarSession("s1", "Questioning lab, Zoë Ñúñez leading", datetime(2026, 3, 3, 15, 30),
                    datetime(2026, 3, 3, 17, 0), "", "https://meet.example/lab"),
]


def test_ics_parses_with_icalendar_and_keeps_every_session(tmp_path):
    path = write_calendar(SESSIONS, tmp_path / "pd.ics")
    calendar = Calendar.from_ical(path.read_bytes())
    events = [component for component in calendar.walk("VEVENT")]
    assert [str(event["summary"]) for event in events] == [
        "Questioning lab, Zoë Ñúñez leading", "Feedback that lands — part 2"]
    assert events[0].decoded("dtstart") == datetime(2026, 3, 3, 15, 30)
    assert str(events[0]["uid"]) == "s1@cultivate.local"
    assert str(events[1]["location"]) == "Library"
    assert "https://meet.example/lab" in str(events[0]["description"])


def test_same_sessions_same_file():
    assert build_calendar(SESSIONS) == build_calendar(list(reversed(SESSIONS)))
