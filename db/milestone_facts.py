"""The plain facts the "Noticed for you" detectors read, gathered from the database.

``desktop.core.milestones`` decides what counts as a milestone; this module only
reads rows into the dataclasses below (the storage layer's, so it never reaches up into
the domain), and says which suggestions were already handled.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from db import schools
from db._names import full_name
from db.celebrations import handled_suggestion_keys


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    hire_date: date | None = None
    archived: bool = False


@dataclass(frozen=True)
class MetGoal:
    goal_id: str
    staff_id: str
    title: str
    met_on: date | None


@dataclass(frozen=True)
class MasteredStep:
    step_id: str
    staff_id: str
    description: str
    goal_title: str
    done_on: date | None


@dataclass(frozen=True)
class CompletedPd:
    staff_id: str
    offering_title: str
    hours: float
    completed_on: date


@dataclass(frozen=True, slots=True)   # a district holds hundreds of thousands
class IndicatorScore:
    staff_id: str
    indicator_code: str
    indicator_name: str
    observed_on: date
    score: int


@dataclass(frozen=True)
class LedSession:
    staff_id: str
    offering_id: str
    offering_title: str
    held_on: date


@dataclass
class MilestoneFacts:
    people: list[Person]
    met_goals: list[MetGoal] = field(default_factory=list)
    mastered_steps: list[MasteredStep] = field(default_factory=list)
    completed_pd: list[CompletedPd] = field(default_factory=list)
    scores: list[IndicatorScore] = field(default_factory=list)
    led_sessions: list[LedSession] = field(default_factory=list)


def _score_ends(rows) -> Iterator[IndicatorScore]:
    """Of *rows* (staff id, code, name, day, score), in order of teacher and then date, each
    teacher's first two and latest two scores on each indicator, oldest first.

    A teacher's rows are kept only until the next teacher's begin, and the scores kept share
    one string per id, code and name and one date per day: a district's near-million scores
    (5,000 teachers, ten years) took 260 MB at their peak held as rows, every series at once."""
    shared: dict[str, str] = {}
    days: dict[str, date | None] = {}
    teacher: str | None = None
    ends: dict[str, tuple[list, list]] = {}   # the teacher's series, by indicator code

    def kept() -> Iterator[IndicatorScore]:
        for code, (first, last) in ends.items():
            for name, observed_on, score in first + last:
                if observed_on not in days:
                    days[observed_on] = _day(observed_on)
                day = days[observed_on]
                if day is not None:
                    yield IndicatorScore(teacher, code, name, day, score)

    for staff_id, code, name, observed_on, score in rows:
        if staff_id != teacher:
            yield from kept()
            teacher, ends = staff_id, {}
        first, last = ends.setdefault(shared.setdefault(code, code), ([], []))
        entry = (shared.setdefault(name, name), observed_on, score)
        if len(first) < 2:
            first.append(entry)
        else:
            last.append(entry)
            if len(last) > 2:
                del last[0]
    yield from kept()


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None   # a hand-typed date that is not one: no milestone rather than a crash


def gather_facts(db: Database, *, staff_id: str | None = None,
                 scores_until: date | None = None, school_id: str | None = None) -> MilestoneFacts:
    """Everything the detectors need, for one person or the whole school (archived staff
    included and marked, so the rule itself leaves them out).

    Of each teacher's scores on an indicator (complete visits, up to *scores_until*), only
    the first two and the last two are kept, oldest first (all of them when there are four
    or fewer): the ends are what growth is measured between, and a district's ten years
    hold near a million scores, which took 20 s to read into Python as rows. *school_id*:
    that school's people only (a district file)."""
    who, params = ("AND s.id = ?", [staff_id]) if staff_id else ("", [])
    term, values = schools.of_school("s.id", school_id)
    who, params = who + "".join(f" AND {t}" for t in term), params + values
    people = [
        Person(row["id"], row["name"], _day(row["hire_date"]), bool(row["archived_at"]))
        for row in db.query(
            f"SELECT s.id, {full_name('s')} AS name, s.hire_date, s.archived_at "
            f"FROM staff s WHERE 1 {who}", params)
    ]
    met_goals = [
        MetGoal(row["id"], row["staff_id"], row["title"], _day(row["met_on"]))
        for row in db.query(
            f"SELECT g.id, g.staff_id, g.title, g.met_on FROM goals g JOIN staff s ON s.id = g.staff_id "
            f"WHERE g.status = 'met' {who}", params)
    ]
    mastered_steps = [
        MasteredStep(row["id"], row["staff_id"], row["description"], row["goal_title"],
                     _day(row["done_on"]))
        for row in db.query(
            f"SELECT a.id, g.staff_id, a.description, g.title AS goal_title, a.done_on "
            f"FROM action_steps a JOIN goals g ON g.id = a.goal_id JOIN staff s ON s.id = g.staff_id "
            f"WHERE a.status = 'mastered' {who}", params)
    ]
    completed_pd = []
    for row in db.query(
            f"SELECT e.staff_id, p.title, e.hours_credited, e.completed_on "
            f"FROM enrollments e JOIN pd_offerings p ON p.id = e.offering_id "
            f"JOIN staff s ON s.id = e.staff_id "
            f"WHERE e.status = 'completed' AND e.completed_on IS NOT NULL {who}", params):
        day = _day(row["completed_on"])
        if day is not None:
            # Credited hours, the same figure the Overview tab adds up.
            completed_pd.append(CompletedPd(row["staff_id"], row["title"],
                                            float(row["hours_credited"] or 0), day))
    until, until_params = ("AND o.observed_on <= ?", [scores_until.isoformat() + "\uffff"]) \
        if scores_until else ("", [])
    scores = list(_score_ends(db.execute(
        f"""SELECT o.staff_id, i.code, i.name, o.observed_on, sc.score
            FROM observations o INDEXED BY observations_staff_visits
            JOIN observation_scores sc ON sc.observation_id = o.id
            JOIN rubric_indicators i ON i.id = sc.indicator_id JOIN staff s ON s.id = o.staff_id
            WHERE o.status = 'complete' AND sc.score IS NOT NULL {who} {until}
            ORDER BY o.staff_id, o.observed_on""", params + until_params)))
    led_sessions = []
    for row in db.query(
            f"SELECT p.facilitator_staff_id AS staff_id, p.id, p.title, min(ps.starts_at) AS first "
            f"FROM pd_sessions ps JOIN pd_offerings p ON p.id = ps.offering_id "
            f"JOIN staff s ON s.id = p.facilitator_staff_id "
            f"WHERE 1 {who} GROUP BY p.id", params):
        day = _day(row["first"])
        if day is not None:
            led_sessions.append(LedSession(row["staff_id"], row["id"], row["title"], day))
    return MilestoneFacts(people, met_goals, mastered_steps, completed_pd, scores, led_sessions)


def handled_keys(db: Database, facts: MilestoneFacts) -> set[str]:
    """Suggestion keys never to offer again: celebrated or dismissed from the panel, or a
    met goal someone celebrated by hand."""
    return handled_suggestion_keys(db) | _goals_celebrated_by_hand(db, facts)


def _goals_celebrated_by_hand(db: Database, facts: MilestoneFacts) -> set[str]:
    """Met goals someone already celebrated without going through the panel: a "Goal
    achieved" celebration of that teacher, on or after the day it was met, naming the goal."""
    if not facts.met_goals:
        return set()
    # One read of the "Goal achieved" celebrations, not one query per met goal.
    by_teacher: dict[str, list[tuple[str, str, str]]] = {}
    for staff_id, on, title, story in db.execute(
            "SELECT cs.staff_id, c.celebrated_on, c.title, c.story FROM celebrations c "
            "JOIN celebration_staff cs ON cs.celebration_id = c.id WHERE c.kind = 'goal_achieved'"):
        by_teacher.setdefault(staff_id, []).append(
            (on or "", (title or "").lower(), (story or "").lower()))
    handled = set()
    for goal in facts.met_goals:
        since = goal.met_on.isoformat() if goal.met_on else ""
        needle = goal.title.strip().lower()
        if needle and any(on >= since and (needle in title or needle in story)
                          for on, title, story in by_teacher.get(goal.staff_id, ())):
            handled.add(f"goal_met:{goal.goal_id}")
    return handled
