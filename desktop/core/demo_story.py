"""The shared state of one demo school being built, and each teacher's growth story.

A teacher's story is a hidden "true" level per rubric indicator that moves over
the year; every score, rating and goal outcome in the demo is drawn from it, so
the numbers agree with each other (most teachers improve on their goal indicator).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from db.catalog import Offering
from db.rubrics import Indicator, LookFor
from desktop.core.demo_writer import SchoolCalendar, Seeder


@dataclass
class Leader:
    id: str
    full_name: str
    role: str


@dataclass
class GoalRef:
    id: str
    code: str
    title: str
    status: str
    start_on: date
    met_on: date | None


@dataclass
class TeacherStory:
    index: int
    id: str
    first_name: str
    last_name: str
    subjects: str
    grades: str
    years_experience: int
    preferred_formats: tuple[str, ...]
    leadership_strengths: str
    career_goals: str
    interests: str
    levels: dict[str, float]          # autumn level per indicator code, 1.0–4.0
    focus: str                        # the indicator of the main goal
    growth: float                     # gain on the focus indicator by the year's end
    last_day: date                    # the year's end, or the day they left
    goals: list[GoalRef] = field(default_factory=list)
    pd_hours: float = 0.0

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_improver(self) -> bool:
        return self.growth >= 0.6

    def strongest(self) -> str:
        return max(self.levels, key=lambda code: (self.levels[code], code))


@dataclass
class DemoContext:
    seeder: Seeder
    rng: random.Random
    calendar: SchoolCalendar
    rubric_id: str
    indicators: Sequence[Indicator]
    look_fors: Sequence[LookFor]
    leaders: list[Leader]
    school_name: str
    offerings: list[Offering] = field(default_factory=list)
    sessions: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # offering -> (start, end)
    taken_places: dict[str, int] = field(default_factory=dict)
    _coverage: dict[str, list[str]] = field(default_factory=dict)

    @property
    def first_day(self) -> date:
        return self.calendar.first_day

    @property
    def last_day(self) -> date:
        return self.calendar.last_day

    def indicator(self, code: str) -> Indicator:
        return self._by_code[code]

    def __post_init__(self) -> None:
        self._by_code = {indicator.code: indicator for indicator in self.indicators}
        self.codes = [indicator.code for indicator in self.indicators]

    def covered(self, key: str, options: Sequence[str]) -> str | None:
        """The next option not yet used for *key*, so even a tiny demo school shows every
        kind of record once; None once all have been used (then chance decides)."""
        pending = self._coverage.setdefault(key, list(options))
        return pending.pop(0) if pending else None

    def level_at(self, teacher: TeacherStory, code: str, day: date) -> float:
        span = max(1, (self.last_day - self.first_day).days)
        progress = (day - self.first_day).days / span
        if code == teacher.focus:
            gain = teacher.growth
        elif any(goal.code == code for goal in teacher.goals):
            gain = teacher.growth * 0.5
        else:
            gain = 0.25  # everyone settles in a little over a year
        return teacher.levels[code] + gain * progress

    def score(self, teacher: TeacherStory, code: str, day: date, spread: float = 0.5) -> int:
        value = self.level_at(teacher, code, day) + self.rng.gauss(0, spread)
        return max(1, min(4, round(value)))

    def pick_leader(self) -> Leader:
        # Coaches visit more often than the principal.
        weights = [1 if leader.role == "principal" else 2 for leader in self.leaders]
        return self.rng.choices(self.leaders, weights=weights)[0]
