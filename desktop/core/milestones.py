"""“Noticed for you”: milestones found in the data, suggested for celebration.

Each detector turns plain facts into suggestions with a stable ``key``; a key that
was already celebrated or dismissed is never suggested again, and archived staff
are never suggested.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from db import milestone_facts
from db.milestone_facts import (  # noqa: F401 - the facts' types, read by db, used here
    CompletedPd,
    IndicatorScore,
    LedSession,
    MasteredStep,
    MetGoal,
    MilestoneFacts,
    Person,
)
from desktop.core.wording import day as day_words
from desktop.core.wording import hours as hours_words

# Older milestones than this are history, not news: the panel is about what just happened.
NOTICE_WINDOW_DAYS = 120
PD_HOUR_THRESHOLDS = (10, 25, 50)
ANNIVERSARY_YEARS = (1, 5, 10, 15, 20, 25, 30, 35, 40)
ANNIVERSARY_WINDOW_DAYS = 30
INDICATOR_RISE = 1.0


@dataclass(frozen=True)
class Suggestion:
    key: str
    staff_id: str
    kind: str          # a celebrations.kind value
    title: str
    evidence: str      # for the leader deciding: may hold observation scores
    noticed_on: date
    story: str = ""    # what a celebration may say: never a score (evidence when none is set)

    @property
    def suggested_story(self) -> str:
        """The story a celebration starts with: never the scores behind an evidence line."""
        return self.story or self.evidence


def _goal_met(facts: MilestoneFacts, names, as_of):
    for goal in facts.met_goals:
        yield Suggestion(f"goal_met:{goal.goal_id}", goal.staff_id, "goal_achieved",
                         f"{names[goal.staff_id]} met the goal ‘{goal.title}’",
                         f"Goal marked met{f' on {day_words(goal.met_on)}' if goal.met_on else ''}.",
                         goal.met_on or as_of)


def _step_mastered(facts: MilestoneFacts, names, as_of):
    for step in facts.mastered_steps:
        yield Suggestion(f"step_mastered:{step.step_id}", step.staff_id, "milestone",
                         f"{names[step.staff_id]} mastered “{step.description}”",
                         f"Action step of the goal ‘{step.goal_title}’ marked mastered.",
                         step.done_on or as_of)


def school_year_of(day: date, start_month: int = 8) -> str:
    first = day.year if day.month >= start_month else day.year - 1
    return f"{first}-{first + 1}"


def _pd_hours(facts: MilestoneFacts, names, as_of):
    by_person_year: dict[tuple[str, str], list[CompletedPd]] = {}
    for item in sorted(facts.completed_pd, key=lambda pd: pd.completed_on):
        by_person_year.setdefault((item.staff_id, school_year_of(item.completed_on)), []).append(item)
    for (staff_id, year), items in by_person_year.items():
        total = 0.0
        for item in items:
            before, total = total, total + item.hours
            for threshold in PD_HOUR_THRESHOLDS:
                if before < threshold <= total:
                    yield Suggestion(
                        f"pd_hours:{staff_id}:{year}:{threshold}", staff_id, "pd_completed",
                        f"{names[staff_id]} passed {threshold} hours of PD in {year}",
                        f"{hours_words(total)} hours after completing ‘{item.offering_title}’ "
                        f"on {day_words(item.completed_on)}.",
                        item.completed_on)


def _indicator_improved(facts: MilestoneFacts, names, as_of):
    series: dict[tuple[str, str], list[IndicatorScore]] = {}
    for score in sorted(facts.scores, key=lambda s: s.observed_on):
        if score.observed_on <= as_of:
            series.setdefault((score.staff_id, score.indicator_code), []).append(score)
    for (staff_id, code), items in series.items():
        if len(items) < 4:
            continue  # two at each end, so one lucky visit is not a milestone
        first = (items[0].score + items[1].score) / 2
        last = (items[-1].score + items[-2].score) / 2
        if last - first >= INDICATOR_RISE:
            year = school_year_of(items[-1].observed_on)
            yield Suggestion(
                f"indicator_up:{staff_id}:{code}:{year}", staff_id, "milestone",
                f"{names[staff_id]} grew on {items[0].indicator_name}",
                f"From {first:g} (first two observations, {items[0].observed_on:%d %b}) to "
                f"{last:g} (last two, {day_words(items[-1].observed_on)}).",
                items[-1].observed_on,
                story=f"Grew on {items[0].indicator_name} across this year's observations.")


def _led_session(facts: MilestoneFacts, names, as_of):
    for led in facts.led_sessions:
        if led.held_on <= as_of:
            yield Suggestion(f"led:{led.staff_id}:{led.offering_id}", led.staff_id, "led_session",
                             f"{names[led.staff_id]} led ‘{led.offering_title}’",
                             f"Facilitated a session on {day_words(led.held_on)}.", led.held_on)


def _anniversary(facts: MilestoneFacts, names, as_of):
    for person in facts.people:
        if person.hire_date is None:
            continue
        for years in ANNIVERSARY_YEARS:
            try:
                day = person.hire_date.replace(year=person.hire_date.year + years)
            except ValueError:  # hired on 29 February
                day = date(person.hire_date.year + years, 3, 1)
            if 0 <= (as_of - day).days <= ANNIVERSARY_WINDOW_DAYS:
                yield Suggestion(f"anniversary:{person.id}:{years}", person.id, "milestone",
                                 f"{person.name}: {years} year{'s' if years > 1 else ''} at the school",
                                 f"Hired on {day_words(person.hire_date)}.", day)


DETECTORS = (_goal_met, _step_mastered, _pd_hours, _indicator_improved, _led_session, _anniversary)


def suggestions(facts: MilestoneFacts, *, as_of: date, already_handled: set[str]) -> list[Suggestion]:
    """Milestones worth celebrating, newest first; *already_handled*: celebrated or dismissed keys."""
    active = {person.id: person.name for person in facts.people if not person.archived}
    found: dict[str, Suggestion] = {}
    for detector in DETECTORS:
        for item in detector(facts, _KnownNames(active), as_of):
            if item.staff_id in active and item.key not in already_handled:
                found.setdefault(item.key, item)
    return sorted(found.values(), key=lambda s: (s.noticed_on, s.key), reverse=True)


def noticed_for_you(db: Database, *, as_of: date, staff_id: str | None = None,
                    window_days: int = NOTICE_WINDOW_DAYS,
                    school_id: str | None = None) -> list[Suggestion]:
    """Milestones worth celebrating, newest first: recent, not in the future, never one
    that was already celebrated or dismissed, never for archived staff; *school_id*: that
    school's people only."""
    facts = milestone_facts.gather_facts(db, staff_id=staff_id, scores_until=as_of,
                                         school_id=school_id)
    found = suggestions(facts, as_of=as_of, already_handled=milestone_facts.handled_keys(db, facts))
    return [item for item in found
            if 0 <= (as_of - item.noticed_on).days <= window_days
            and (staff_id is None or item.staff_id == staff_id)]


class _KnownNames(dict):
    """Names of active staff; archived people resolve to a blank and are filtered out after."""

    def __missing__(self, key):
        return ""
