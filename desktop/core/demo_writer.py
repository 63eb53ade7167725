"""Reproducible bulk writing for the demo school: ids from one seeded generator,
time stamps from the story's own dates, rows buffered and flushed parents first."""

from __future__ import annotations

import bisect
import random
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from db import records

# Parents before children, so foreign keys hold at every flush.
TABLE_ORDER = (
    "schools", "school_years", "school_terms", "staff", "preferences", "goal_templates", "pd_offerings",
    "pd_offering_indicators", "pd_sessions", "goals", "action_steps", "goal_check_ins",
    "observations", "observation_scores", "observation_look_fors", "observation_evidence",
    "self_assessments", "self_assessment_ratings", "conversations", "conversation_goals",
    "enrollments", "celebrations", "celebration_staff", "wellbeing_responses",
    "wellbeing_check_ins", "wellbeing_private_answers",
)
FLUSH_AT = 20_000  # buffered rows; keeps memory flat for a 5000-teacher district


def stamp(moment: date | datetime) -> str:
    """The created_at/updated_at text for a moment in the story (school time taken as UTC)."""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, 16, 0)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


class SchoolCalendar:
    """The teaching days of one school year, with the winter and spring breaks left out."""

    def __init__(self, first_day: date, last_day: date):
        self.first_day = first_day
        self.last_day = last_day
        winter = (date(first_day.year, 12, 20), date(first_day.year + 1, 1, 4))
        spring = (date(last_day.year, 4, 4), date(last_day.year, 4, 12))
        days = []
        day = first_day
        while day <= last_day:
            on_break = winter[0] <= day <= winter[1] or spring[0] <= day <= spring[1]
            if day.weekday() < 5 and not on_break:
                days.append(day)
            day += timedelta(days=1)
        self.days = days

    def pick(self, rng: random.Random, earliest: date, latest: date) -> date:
        """A random teaching day in [earliest, latest], clamped to the year."""
        low = bisect.bisect_left(self.days, max(earliest, self.first_day))
        high = bisect.bisect_right(self.days, min(latest, self.last_day)) - 1
        if high < low:  # no teaching day in range (e.g. inside a break): nearest one after
            return self.days[min(low, len(self.days) - 1)]
        return self.days[rng.randint(low, high)]

    def spread(self, rng: random.Random, count: int, earliest: date, latest: date) -> list[date]:
        """*count* days spread across the range (one per equal slice), in order."""
        span = (latest - earliest).days
        result = []
        for index in range(count):
            start = earliest + timedelta(days=span * index // count)
            end = earliest + timedelta(days=span * (index + 1) // count - 1)
            result.append(self.pick(rng, start, max(start, end)))
        return result

    def clamp(self, day: date) -> date:
        return min(max(day, self.first_day), self.last_day)


# What has not happened yet on the demo's "today": the day each record happened on, and
# the records that go with it (a visit's scores go with the visit).
HAPPENED_ON = {
    "observations": "observed_on", "self_assessments": "taken_on", "conversations": "held_on",
    "goal_check_ins": "checked_on", "wellbeing_check_ins": "checked_on",
    "celebrations": "celebrated_on", "goals": "start_on",
}
BELONGS_TO = {
    "observation_scores": ("observation_id",), "observation_look_fors": ("observation_id",),
    "observation_evidence": ("observation_id",), "self_assessment_ratings": ("self_assessment_id",),
    "conversation_goals": ("conversation_id", "goal_id"), "celebration_staff": ("celebration_id",),
    "action_steps": ("goal_id",), "goal_check_ins": ("goal_id",),
}


class Seeder:
    """Buffers rows per table and writes them in :data:`TABLE_ORDER` with ``insert_many``.

    With *today*, the year's story stops there: what would happen later is left out (a
    visit next month) or left unfinished (a goal not met yet, PD not completed yet, a
    step still open), so the school looks as it would on that day.
    """

    def __init__(self, db: Database, rng: random.Random, today: date | None = None):
        self.db = db
        self.rng = rng
        self.today = today.isoformat() if today else None
        self._today_stamp = stamp(today) if today else None
        self._left_out: set[str] = set()
        self.buffers: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_ORDER}
        self.counts: dict[str, int] = {name: 0 for name in TABLE_ORDER}
        self._buffered = 0

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def add(self, table: str, row: dict[str, Any], when: date | datetime,
            updated: str | None = None) -> str:
        """Buffer *row*, giving it an id and time stamps from *when*; returns the id."""
        row.setdefault("id", self.new_id())
        row.setdefault("created_at", stamp(when))   # given: a private answer's month
        row["updated_at"] = updated or row["created_at"]
        if self.today is not None and not self._as_of_today(table, row):
            self._left_out.add(row["id"])
            return row["id"]
        self.buffers[table].append(row)
        self._buffered += 1
        if self._buffered >= FLUSH_AT:
            self.flush()
        return row["id"]

    def _as_of_today(self, table: str, row: dict[str, Any]) -> bool:
        """False when *row* has not happened by today; else bring it to its state today."""
        today = self.today
        if any(row.get(column) in self._left_out for column in BELONGS_TO.get(table, ())):
            return False
        day = row.get(HAPPENED_ON.get(table, ""))
        if day and day[:10] > today:
            return False
        if table == "goals" and row["status"] in ("met", "partly_met", "not_met") and \
                (row.get("met_on") or row.get("due_on") or "")[:10] > today:
            row.update(status="active", met_on=None)         # not decided yet
        elif table == "action_steps" and (row.get("done_on") or "")[:10] > today:
            row.update(status="open", done_on=None)
        elif table == "enrollments":
            if (row.get("completed_on") or "")[:10] > today:
                row.update(status="enrolled", completed_on=None, hours_credited=0,
                           reflection_learned="", reflection_use="", rating=None)
            if (row.get("enrolled_on") or "")[:10] > today:
                row.update(status="interested", enrolled_on=None)   # chosen, not booked yet
        elif table == "staff" and (row.get("archived_at") or "")[:10] > today:
            row["archived_at"] = None                         # has not left yet
        if table == "observations" and row.get("goal_id") in self._left_out:
            row["goal_id"] = None
        if table == "conversations" and row.get("observation_id") in self._left_out:
            row["observation_id"] = None
        for column in ("created_at", "updated_at"):
            if row[column][:10] > today:
                row[column] = self._today_stamp
        return True

    def flush(self) -> None:
        for table in TABLE_ORDER:
            rows = self.buffers[table]
            if rows:
                # Rows of one table share keys except where optional columns were left
                # out, so write them grouped by their key set.
                by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = {}
                for row in rows:
                    by_keys.setdefault(tuple(row), []).append(row)
                for group in by_keys.values():
                    records.insert_many(self.db, table, group)
                self.counts[table] += len(rows)
                self.buffers[table] = []
        self._buffered = 0
