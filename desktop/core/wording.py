"""The words, dates and numbers every printed handout uses, in one place.

A teacher may hold a portfolio, a goal sheet, a PD menu, a feedback note and a
certificate side by side: each says a date, an hour count and a goal's status the
same way. Plain words a teacher would use, never the app's codes ("partly_met",
"Learn stage", "Mastered").
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

GOAL_STATUS = {
    "draft": "Draft",
    "active": "In progress",
    "met": "Achieved",
    "partly_met": "Partly achieved",
    "not_met": "Not achieved yet",
    "dropped": "Set aside",
}
STEP_STATUS = {"open": "To do", "done": "Done", "mastered": "Done and now a habit"}
STAGE = {
    "identify": "Choosing the focus",
    "learn": "Learning the strategy",
    "improve": "Using it in class",
}
ENROLLMENT_STATUS = {"enrolled": "Enrolled", "waitlisted": "On the waitlist", "completed": "Completed",
                     "dropped": "Withdrawn", "interested": "Interested"}
VISIT_KIND = {"walkthrough": "walkthrough", "formal": "formal observation", "informal": "informal visit"}


def goal_status(code: str | None) -> str:
    return GOAL_STATUS.get(code or "", _plain(code))


def step_status(code: str | None) -> str:
    return STEP_STATUS.get(code or "", _plain(code))


def stage(code: str | None) -> str:
    return STAGE.get(code or "", _plain(code))


def visit_kind(code: str | None, count: int = 1) -> str:
    """'formal', 2 -> 'formal observations'; 'walkthrough' -> 'walkthrough'."""
    noun = VISIT_KIND.get(code or "", _plain(code).lower() or "visit")
    return noun if count == 1 else noun + "s"


def _plain(code: str | None) -> str:
    return (code or "").replace("_", " ").capitalize()


def _as_date(value: str | date | datetime | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def day(value: str | date | datetime | None) -> str:
    """The one date style of every handout: '5 Mar 2026' (no leading zero); '' for nothing."""
    found = _as_date(value)
    return f"{found.day} {found:%b %Y}" if found else ""


def weekday(value: str | date | datetime | None) -> str:
    """'Thu 5 Mar 2026': the same style with the day of the week, for sessions and visits."""
    found = _as_date(value)
    return f"{found:%a} {day(found)}" if found else ""


def span(first: str | date | None, last: str | date | None) -> str:
    """'on 5 Mar 2026' or 'between 5 Sep 2025 and 19 May 2026'."""
    if not first and not last:
        return ""
    if not first or not last or day(first) == day(last):
        return f"on {day(first or last)}"
    return f"between {day(first)} and {day(last)}"


def hours(value: float | None) -> str:
    """The one rounding of hours: to the quarter hour's two decimals at most, no trailing zeros
    ('26.25', '13.2', '10'), so a row and its total agree wherever they print."""
    amount = Decimal(str(value or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{amount:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def hours_text(value: float | None) -> str:
    """'1 hour', '26.25 hours'."""
    number = hours(value)
    return f"{number} hour" + ("" if number == "1" else "s")


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 visit', '3 visits'; *many* for irregular nouns."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


def and_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [item for item in items if item]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def some_names(names, most: int = 12) -> str:
    """'Ana Lopez, Ben Okafor and 3 more': the people behind a figure, never a wall of names."""
    names = [name for name in names if name]
    if len(names) <= most:
        return and_list(names) or "nobody"
    return f"{', '.join(names[:most])} and {len(names) - most} more"


def without_names(title: str, names: tuple[str, ...] | list[str]) -> str:
    """A title that starts with a name printed just beside it, without the name:
    'Ana Lopez met a growth goal: …' -> 'Met a growth goal: …'."""
    for name in names:
        if name and title.startswith(name):
            rest = title[len(name):].lstrip(" :,—–-")
            return rest[:1].upper() + rest[1:] if rest else title
    return title
