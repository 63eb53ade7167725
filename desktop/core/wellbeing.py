"""Wellbeing pulse: what a leader may see of teachers' check-ins.

A check-in belongs to the teacher's own record. The school view only ever shows
averages over a group of at least ``MIN_GROUP`` people, so no figure can be traced
back to one teacher. The rule lives here, not in a widget, so every screen, print
and export that asks for school figures gets the same protection.

A "response" is one person in one month: a teacher who checks in three times in
March counts once (their check-ins averaged), otherwise three check-ins by one
anxious teacher would make a "group" of one.
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
    points: list[TrendPoint]        # months with enough people, oldest first
    withheld: list[date]            # months with some check-ins but too few people to show

    @property
    def withheld_text(self) -> str:
        if not self.withheld:
            return ""
        months = ", ".join(f"{month:%b %Y}" for month in self.withheld)
        return (f"Not shown: {months} — fewer than {MIN_GROUP} teachers checked in, "
                "so the figures could point to one person.")


def _month(day: date) -> date:
    return day.replace(day=1)


def _per_person(responses: Iterable[Response]) -> dict[date, dict[str, tuple[float, float, float]]]:
    """Month → person → their averaged (energy, workload, stress)."""
    grouped: dict[date, dict[str, list[Response]]] = {}
    for response in responses:
        grouped.setdefault(_month(response.checked_on), {}).setdefault(
            response.respondent, []).append(response)
    return {
        month: {
            person: (fmean(r.energy for r in items), fmean(r.workload for r in items),
                     fmean(r.stress for r in items))
            for person, items in people.items()
        }
        for month, people in grouped.items()
    }


def group_average(responses: Iterable[Response], *, min_group: int = MIN_GROUP) -> TrendPoint | None:
    """Averages over one group of responses (all in one month or not), or None when fewer
    than *min_group* people are in it. *min_group* can be raised, never lowered."""
    if min_group < MIN_GROUP:
        raise ValueError(f"A group must have at least {MIN_GROUP} people.")
    items = list(responses)
    people: dict[str, list[Response]] = {}
    for response in items:
        people.setdefault(response.respondent, []).append(response)
    if len(people) < min_group:
        return None
    each = [(fmean(r.energy for r in rs), fmean(r.workload for r in rs), fmean(r.stress for r in rs))
            for rs in people.values()]
    return TrendPoint(
        month=_month(min(r.checked_on for r in items)), people=len(people),
        energy=round(fmean(e for e, _, _ in each), 2),
        workload=round(fmean(w for _, w, _ in each), 2),
        stress=round(fmean(s for _, _, s in each), 2))


def school_trend(responses: Iterable[Response], *, min_group: int = MIN_GROUP) -> SchoolTrend:
    """Month-by-month averages, each over at least *min_group* different teachers."""
    if min_group < MIN_GROUP:
        raise ValueError(f"A group must have at least {MIN_GROUP} people.")
    points, withheld = [], []
    for month, people in sorted(_per_person(responses).items()):
        if len(people) < min_group:
            withheld.append(month)
            continue
        values = list(people.values())
        points.append(TrendPoint(
            month=month, people=len(values),
            energy=round(fmean(e for e, _, _ in values), 2),
            workload=round(fmean(w for _, w, _ in values), 2),
            stress=round(fmean(s for _, _, s in values), 2)))
    return SchoolTrend(points, withheld)


def school_wellbeing(db: Database, *, since: str, until: str) -> SchoolTrend:
    """The school view: monthly averages over groups of at least five teachers only."""
    return school_trend(stored.school_responses(db, since=since, until=until))
