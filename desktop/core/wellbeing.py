"""Wellbeing pulse: what a leader may see of teachers' check-ins.

A check-in the teacher shared is on their own page. Everything else reaches a leader
only as the school's monthly averages, and a month is shown only when no figure can be
traced back to one teacher:

* it has **closed** (:func:`db.wellbeing.closes_on`, a week after it ends), so its
  private answers are final: adding, changing or taking one back afterwards is refused,
  and a figure never moves because of one person's answer;
* at least ``MIN_GROUP`` different people responded;
* the private answers in it are none, or at least ``MIN_GROUP``: shared check-ins are
  known to leaders, so with one private answer among shared ones the average would
  give that answer away.

Within a shown month the figures depend only on the set of answers, never on who gave
which: any two private answers of the month could be swapped and the view would read
exactly the same (the hypothesis test in ``tests/core/test_wellbeing.py`` checks this
over random sequences of check-ins, corrections, deletions, late entries and Undo).
The rule lives here, not in a widget, so every screen and print that asks for school
figures gets the same protection.

A "response" is one person in one month: a teacher with three shared check-ins in
March counts once (their check-ins averaged), and a teacher has at most one private
answer a month.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import fmean

from sqlite_utils import Database

from db import wellbeing as stored
from db.wellbeing import (  # noqa: F401 - the scale and the check are the storage layer's
    MEASURE_LABELS,
    MEASURES,
    SCALE,
    Response,
    WellbeingValidationError,
    check_scores,
)

MIN_GROUP = 5
# What 1 and 5 mean, shown beside each slider: high energy is good, high stress is not.
SCALE_WORDS = {
    "energy": ("running on empty", "full of energy"),
    "workload": ("light", "overwhelming"),
    "stress": ("calm", "very stressed"),
}


@dataclass(frozen=True)
class TrendPoint:
    month: date           # first day of the month
    people: int           # how many teachers the averages are over (always ≥ MIN_GROUP)
    energy: float
    workload: float
    stress: float

    @property
    def label(self) -> str:
        return f"{self.month:%b %Y}"


@dataclass(frozen=True)
class SchoolTrend:
    points: list[TrendPoint]        # closed months that may be shown, oldest first
    withheld: list[date]            # closed months with answers, but too few to stay anonymous
    still_open: list[date]          # months with answers that have not closed yet

    @property
    def withheld_text(self) -> str:
        parts = []
        if self.withheld:
            months = ", ".join(f"{month:%b %Y}" for month in self.withheld)
            parts.append(f"Not shown: {months} — too few teachers answered for the figures "
                         f"to stay anonymous (at least {MIN_GROUP} are needed, and at least "
                         f"{MIN_GROUP} of the answers kept private, or none).")
        for month in self.still_open:
            closes = stored.closes_on(stored.month_of(month))
            parts.append(f"{month:%B %Y} is still open: its figures appear on "
                         f"{stored.day_words(closes)}, when late answers can no longer change them.")
        return " ".join(parts)


def _per_person(items: list[Response]) -> dict[str, tuple[float, float, float, bool]]:
    people: dict[str, list[Response]] = {}
    for response in items:
        people.setdefault(response.respondent, []).append(response)
    return {
        person: (fmean(r.energy for r in rs), fmean(r.workload for r in rs),
                 fmean(r.stress for r in rs), rs[0].private)
        for person, rs in people.items()
    }


def school_trend(responses: Iterable[Response], *, today: date,
                 min_group: int = MIN_GROUP) -> SchoolTrend:
    """Month-by-month averages that cannot single anyone out (see the module notes)."""
    if min_group < MIN_GROUP:
        raise ValueError(f"A group must have at least {MIN_GROUP} people.")
    by_month: dict[date, list[Response]] = {}
    for response in responses:
        by_month.setdefault(response.month.replace(day=1), []).append(response)
    points, withheld, still_open = [], [], []
    for month, items in sorted(by_month.items()):
        if not stored.is_closed(stored.month_of(month), today):
            still_open.append(month)
            continue
        people = _per_person(items)
        private = sum(1 for *_scores, is_private in people.values() if is_private)
        if len(people) < min_group or 0 < private < min_group:
            withheld.append(month)
            continue
        values = list(people.values())
        points.append(TrendPoint(
            month=month, people=len(values),
            energy=round(fmean(v[0] for v in values), 2),
            workload=round(fmean(v[1] for v in values), 2),
            stress=round(fmean(v[2] for v in values), 2)))
    return SchoolTrend(points, withheld, still_open)


def school_wellbeing(db: Database, *, since: str, until: str) -> SchoolTrend:
    """The school view between two ISO dates, as of today (the one clock, db.clock)."""
    return school_trend(stored.school_responses(db, since=since, until=until),
                        today=stored.today())
