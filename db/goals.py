"""Growth goals, their action steps and check-ins: the lists the tab shows and the writes it makes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from db import _names, clock, records, schools
from db._names import full_name
from db.errors import NeedsCorrection
from db.validation import iso_day

STATUSES = ("draft", "active", "met", "partly_met", "not_met", "dropped")
STAGES = ("identify", "learn", "improve")
STEP_STATUSES = ("open", "done", "mastered")


def label(code: str | None) -> str:
    """'partly_met' -> 'Partly met'."""
    return (code or "").replace("_", " ").capitalize()


@dataclass(frozen=True)
class Goal:
    id: str
    staff_id: str
    teacher_name: str
    title: str
    indicator_code: str | None
    status: str
    cycle_stage: str
    start_on: str | None
    due_on: str | None
    met_on: str | None
    progress: int | None          # the latest check-in's percentage, if any
    steps_total: int
    steps_finished: int


@dataclass(frozen=True)
class ActionStep:
    id: str
    goal_id: str
    goal_title: str
    staff_id: str
    teacher_name: str
    description: str
    due_on: str | None
    status: str
    done_on: str | None
    goal_status: str = "active"

    def is_overdue(self, today: str) -> bool:
        """Open and past due on an agreed (active) goal: a draft's dates are not promises yet."""
        return (self.goal_status == "active" and self.status == "open"
                and self.due_on is not None and self.due_on < today)


def live_during(prefix: str, since: str | None, until: str | None) -> tuple[list[str], list]:
    """WHERE terms for goals live during a school year (*since*..*until*, ISO, None: open).

    A goal is live from its start (the day it was written, when it has no start date)
    until it is met, partly met, not met or dropped; an active or draft goal is still
    live, so it carries forward into the next school year with its steps.
    """
    return _names.live_during(
        begun=f"coalesce({prefix}start_on, substr({prefix}created_at, 1, 10))",
        ended=f"coalesce({prefix}met_on, substr({prefix}updated_at, 1, 10))",
        still_open=f"{prefix}status IN ('active', 'draft')", since=since, until=until)


# An action step is overdue when it is still open, its due day has passed, and its goal
# is agreed (active) and still someone's (its teacher is not archived).
_OVERDUE = "a.status = 'open' AND a.due_on IS NOT NULL AND a.due_on < ?"


# A leaver's unfinished goal is nobody's work in progress any more: the whole school's goal
# lists and counts leave out the active and draft goals of archived staff, and keep their
# finished ones (met, partly met, not met, dropped: those happened). The person's own page
# still shows everything of theirs.
def _still_the_schools(goal: str, teacher: str) -> str:
    return f"({teacher}archived_at IS NULL OR {goal}status NOT IN ('active', 'draft'))"
_PROGRESS = """(SELECT c.progress FROM goal_check_ins c
                 WHERE c.goal_id = g.id AND c.progress IS NOT NULL
                 ORDER BY c.checked_on DESC, c.created_at DESC LIMIT 1)"""
_STEPS_FINISHED = "(SELECT count(*) FROM action_steps a WHERE a.goal_id = g.id AND a.status != 'open')"
_NATURAL = ("CASE g.status WHEN 'active' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, "
            "coalesce(g.due_on, '9999'), t.sort_key, g.title COLLATE NOCASE, g.id")
# The orders the goals list can be read in ("": its own, active goals first, by due date;
# the others are its columns' sorts, then its own order among equals).
GOAL_ORDERS = {
    "": _NATURAL,
    "teacher": "t.sort_key {d}, " + _NATURAL,
    "title": "g.title COLLATE NOCASE {d}, " + _NATURAL,
    "indicator": "g.indicator_code {d}, " + _NATURAL,
    "status": "g.status {d}, " + _NATURAL,
    "stage": "g.cycle_stage {d}, " + _NATURAL,
    "due": "coalesce(g.due_on, '') {d}, " + _NATURAL,
    "progress": f"coalesce({_PROGRESS}, -1) {{d}}, " + _NATURAL,
    "steps": f"{_STEPS_FINISHED} {{d}}, " + _NATURAL,
}


# CROSS JOIN keeps goals the outer loop: a page in the list's own order is then read in the
# goals_natural index's order and the scan stops at the page's end. With a plain JOIN the
# archived-staff term made SQLite scan staff first and sort every goal of the district (121
# ms a page on its 20,000 goals; 1.5 ms this way). Sorted by teacher, staff first is right:
# staff_sort gives the order (15 ms a page; 148 ms with goals first).
_GOALS_FROM = "FROM goals g CROSS JOIN staff t ON t.id = g.staff_id"
_GOALS_BY_TEACHER_FROM = "FROM goals g JOIN staff t ON t.id = g.staff_id"


def _listed(*, staff_id: str | None, statuses: tuple[str, ...] | None, since: str | None,
            until: str | None, overdue_on: str | None, ids: Iterable[str] | None,
            school_id: str | None = None) -> tuple[list[str], list]:
    """WHERE terms (over goals g joined to their teacher t) for the goals :func:`list_goals`
    lists and :func:`count_listed` counts; *school_id*: that school's teachers' goals."""
    where, params = live_during("g.", since, until)
    term, values = schools.of_school("g.staff_id", school_id)
    where += term
    params += values
    if ids is not None:
        term, values = records.among("g.id", ids)
        where.append(term)
        params.extend(values)
    if staff_id:
        where.append("g.staff_id = ?")
        params.append(staff_id)
    else:
        where.append(_still_the_schools("g.", "t."))
    if statuses:
        where.append(f"g.status IN ({', '.join('?' for _ in statuses)})")
        params.extend(statuses)
    if overdue_on:
        where.append(f"g.status = 'active' AND t.archived_at IS NULL AND EXISTS "
                     f"(SELECT 1 FROM action_steps a WHERE a.goal_id = g.id AND {_OVERDUE})")
        params.append(overdue_on)
    return where, params


def list_goals(
    db: Database, *, staff_id: str | None = None, statuses: tuple[str, ...] | None = None,
    since: str | None = None, until: str | None = None, overdue_on: str | None = None,
    ids: Iterable[str] | None = None, limit: int | None = None, offset: int = 0, order: str = "",
    descending: bool = False, school_id: str | None = None,
) -> list[Goal]:
    """Active goals first, then by due date (or in another of :data:`GOAL_ORDERS`);
    *since*/*until*: those live in that school year; *overdue_on* (ISO): only goals with an
    action step overdue on that day; *ids* keeps only those goals; *limit* and *offset* read
    one page (its goals chosen first, then their progress)."""
    where, params = _listed(staff_id=staff_id, statuses=statuses, since=since, until=until,
                            overdue_on=overdue_on, ids=ids, school_id=school_id)
    columns = f"""g.id, g.staff_id, {full_name('t')} AS teacher_name, g.title, g.indicator_code,
               g.status, g.cycle_stage, g.start_on, g.due_on, g.met_on, {_PROGRESS} AS progress,
               (SELECT count(*) FROM action_steps a WHERE a.goal_id = g.id) AS steps_total,
               {_STEPS_FINISHED} AS steps_finished"""
    source = _GOALS_BY_TEACHER_FROM if order == "teacher" else _GOALS_FROM
    ordering = GOAL_ORDERS[order].format(d="DESC" if descending else "ASC")
    if limit:
        return [Goal(**row) for row in records.read_page(
            db, alias="g", source=source, where=where, params=params, order=ordering,
            columns=columns, limit=limit, offset=offset)]
    sql = f"""SELECT {columns} {source} {"WHERE " + " AND ".join(where) if where else ""}
              ORDER BY {ordering}"""
    return [Goal(**row) for row in db.query(sql, params)]


def count_listed(db: Database, *, staff_id: str | None = None,
                 statuses: tuple[str, ...] | None = None, since: str | None = None,
                 until: str | None = None, overdue_on: str | None = None,
                 school_id: str | None = None) -> int:
    """How many goals :func:`list_goals` lists for the same filters."""
    where, params = _listed(staff_id=staff_id, statuses=statuses, since=since, until=until,
                            overdue_on=overdue_on, ids=None, school_id=school_id)
    return records.count_where(db, _GOALS_FROM.removeprefix("FROM "), where, params)


def goals_by_status(db: Database, *, staff_id: str | None = None, since: str | None = None,
                    until: str | None = None, school_id: str | None = None) -> dict[str, int]:
    """How many goals of each status were live in *since*..*until* (a school year): the one
    count behind the Overview's goal figures, the Goals list filtered by status (the same
    goals, see :func:`list_goals`) and the portfolio's goals. Every status is a key;
    *school_id*: that school's teachers' goals."""
    where, params = live_during("g.", since, until)
    term, values = schools.of_school("g.staff_id", school_id)
    where += term
    params += values
    if staff_id:
        where.append("g.staff_id = ?")
        params.append(staff_id)
    else:
        where.append(_still_the_schools("g.", "t."))
    counts = dict.fromkeys(STATUSES, 0)
    for status, count in db.execute(
            f"SELECT g.status, count(*) FROM goals g JOIN staff t ON t.id = g.staff_id "
            f"WHERE {' AND '.join(where)} GROUP BY g.status", params):
        counts[status] = count
    return counts


_STEPS_COLUMNS = f"""a.id, a.goal_id, g.title AS goal_title, g.staff_id,
               {full_name('t')} AS teacher_name, a.description, a.due_on, a.status, a.done_on,
               g.status AS goal_status"""
_STEPS_FROM = "FROM action_steps a JOIN goals g ON g.id = a.goal_id JOIN staff t ON t.id = g.staff_id"


# The overdue steps, all of them or counted, are found from the goals (each active one's
# steps by action_steps_goal), not from every open step of ten years by due date and then
# its goal (the district's count 268 -> 57 ms). The longest overdue alone is the first in
# the action_steps_open_due index: read that way (0.1 ms).
_OVERDUE_FROM = ("FROM goals g CROSS JOIN action_steps a ON a.goal_id = g.id "
                 "CROSS JOIN staff t ON t.id = g.staff_id")


def _steps(db: Database, where: list[str], params: list, order: str,
           source: str = _STEPS_FROM) -> list[ActionStep]:
    sql = f"""SELECT {_STEPS_COLUMNS} {source}
              {"WHERE " + " AND ".join(where) if where else ""}
              ORDER BY {order}"""
    return [ActionStep(**row) for row in db.query(sql, params)]


def list_action_steps(
    db: Database, *, staff_id: str | None = None, goal_id: str | None = None,
    ids: Iterable[str] | None = None,
) -> list[ActionStep]:
    """Steps of live goals (active or draft), open ones first, by due date; *ids* keeps
    only those steps."""
    where, params = ["g.status IN ('active', 'draft')"], []
    if staff_id:
        where.append("g.staff_id = ?")
        params.append(staff_id)
    if goal_id:
        where = ["a.goal_id = ?"]
        params = [goal_id]
    if ids is not None:
        term, values = records.among("a.id", ids)
        where.append(term)
        params.extend(values)
    order = ("CASE a.status WHEN 'open' THEN 0 ELSE 1 END, coalesce(a.due_on, '9999'),"
             " a.position")
    return _steps(db, where, params, order)


# The orders the overdue list can be read in: its own (the longest overdue first), or by
# teacher, then the longest overdue first.
OVERDUE_ORDERS = {"": "a.due_on, t.sort_key, a.id", "due": "a.due_on {d}, t.sort_key, a.id",
                  "teacher": "t.sort_key {d}, a.due_on, a.id"}


def _overdue(today: str, staff_id: str | None,
             school_id: str | None = None) -> tuple[list[str], list]:
    """WHERE terms for open steps of active goals due before *today* (current staff; of
    *school_id*'s teachers, when given)."""
    where = [_OVERDUE, "g.status = 'active'", "t.archived_at IS NULL"]
    params: list = [today]
    term, values = schools.of_school("g.staff_id", school_id)
    where += term
    params += values
    if staff_id:
        where.append("g.staff_id = ?")
        params.append(staff_id)
    return where, params


def list_overdue_action_steps(
    db: Database, *, today: str, staff_id: str | None = None, limit: int | None = None,
    offset: int = 0, order: str = "", descending: bool = False, school_id: str | None = None,
) -> list[ActionStep]:
    """Open steps of active goals whose due date has passed, the longest overdue first
    (or in another of :data:`OVERDUE_ORDERS`); *limit* and *offset* read one page."""
    where, params = _overdue(today, staff_id, school_id)
    ordering = OVERDUE_ORDERS[order].format(d="DESC" if descending else "ASC")
    if not limit:
        return _steps(db, where, params, ordering, _OVERDUE_FROM)
    return [ActionStep(**row) for row in records.read_page(
        db, alias="a", source=_OVERDUE_FROM, where=where, params=params, order=ordering,
        columns=_STEPS_COLUMNS, limit=limit, offset=offset)]


def overdue_summary(db: Database, *, today: str, staff_id: str | None = None,
                    school_id: str | None = None) -> tuple[int, ActionStep | None]:
    """How many steps :func:`list_overdue_action_steps` lists, and the longest overdue."""
    where, params = _overdue(today, staff_id, school_id)
    count = records.count_where(db, _OVERDUE_FROM.removeprefix("FROM "), where, params)
    first = _steps(db, where, params, "a.due_on, t.sort_key LIMIT 1") if count else []
    return count, (first[0] if first else None)


# --- writing ------------------------------------------------------------------------------
# The Goals & Conversations tab writes through these, inside the window's one transaction
# per action (desktop/ui/actions.py); each checks its input and says what is wrong in words.


GOAL_FIELDS = ("title", "description", "measure", "baseline", "target", "relevance",
               "indicator_code", "start_on", "due_on", "status", "cycle_stage", "met_on")
FINISHED_STATUSES = ("met", "partly_met", "not_met")
MAX_TITLE = 200
MAX_TEXT = 5000


class GoalValidationError(NeedsCorrection):
    """A goal, step or check-in value that cannot be saved; the message names the field."""


@dataclass(frozen=True)
class GoalDetail:
    """Everything about one goal that the editor and the goal sheet show."""

    id: str
    staff_id: str
    title: str
    description: str
    measure: str
    baseline: str
    target: str
    relevance: str
    indicator_code: str | None
    start_on: str | None
    due_on: str | None
    status: str
    cycle_stage: str
    met_on: str | None


@dataclass(frozen=True)
class CheckIn:
    id: str
    goal_id: str
    checked_on: str
    progress: int | None
    evidence: str
    notes: str


@dataclass(frozen=True)
class GoalTemplate:
    id: str
    title: str
    description: str
    measure: str
    indicator_code: str | None


def _day(value, field: str, *, required: bool = False) -> str | None:
    return iso_day(value, field, required=required, error=GoalValidationError)


def _text(value, field: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if required and not text:
        raise GoalValidationError(f"{field} cannot be empty.")
    if len(text) > limit:
        raise GoalValidationError(f"{field} is longer than {limit} characters.")
    return text


def _clean_goal(values: dict) -> dict:
    unknown = set(values) - set(GOAL_FIELDS)
    if unknown:
        raise GoalValidationError(f"Goals have no field {', '.join(sorted(unknown))}.")
    clean: dict = {}
    for key, value in values.items():
        if key == "title":
            clean[key] = _text(value, "The goal's title", required=True, limit=MAX_TITLE)
        elif key in ("description", "measure", "baseline", "target", "relevance"):
            clean[key] = _text(value, key.capitalize())
        elif key == "indicator_code":
            clean[key] = (value or "").strip() or None
        elif key in ("start_on", "due_on", "met_on"):
            clean[key] = _day(value, {"start_on": "The start date", "due_on": "The due date",
                                      "met_on": "The date met"}[key])
        elif key == "status":
            if value not in STATUSES:
                raise GoalValidationError(f"A goal's status is one of {', '.join(STATUSES)}.")
            clean[key] = value
        elif key == "cycle_stage":
            if value not in STAGES:
                raise GoalValidationError("The coaching-cycle stage is identify, learn or improve.")
            clean[key] = value
    start, due = clean.get("start_on"), clean.get("due_on")
    if start and due and due < start:
        raise GoalValidationError("The due date comes before the start date.")
    return clean


def add_goal(db: Database, staff_id: str, **values) -> str:
    clean = _clean_goal(values)
    if "title" not in clean:
        raise GoalValidationError("The goal's title cannot be empty.")
    if clean.get("status") in FINISHED_STATUSES and not clean.get("met_on"):
        clean["met_on"] = clock.today().isoformat()
    return records.insert(db, "goals", {"staff_id": staff_id, **clean})


def update_goal(db: Database, goal_id: str, **changes) -> None:
    clean = _clean_goal(changes)
    current = get_goal(db, goal_id)
    if current is None:
        raise GoalValidationError("That goal no longer exists.")
    start = clean.get("start_on", current.start_on)
    due = clean.get("due_on", current.due_on)
    if start and due and due < start:
        raise GoalValidationError("The due date comes before the start date.")
    # A goal finished on a day keeps that day; reopening it clears it.
    status = clean.get("status", current.status)
    if status in FINISHED_STATUSES and not (clean.get("met_on") or current.met_on):
        clean["met_on"] = clock.today().isoformat()
    elif status not in FINISHED_STATUSES and "met_on" not in clean and current.met_on:
        clean["met_on"] = None
    records.update(db, "goals", goal_id, clean)


def get_goal(db: Database, goal_id: str) -> GoalDetail | None:
    row = records.get(db, "goals", goal_id)
    if row is None:
        return None
    return GoalDetail(**{key: row[key] for key in ("id", "staff_id", *GOAL_FIELDS)})


def goal_details(db: Database, staff_id: str, *, statuses: tuple[str, ...] | None = None
                 ) -> list[GoalDetail]:
    """One teacher's goals in full, live ones first (the goal sheet's order)."""
    sql = f"SELECT id, staff_id, {', '.join(GOAL_FIELDS)} FROM goals WHERE staff_id = ?"
    params: list = [staff_id]
    if statuses:
        sql += f" AND status IN ({', '.join('?' for _ in statuses)})"
        params.extend(statuses)
    sql += (" ORDER BY CASE status WHEN 'active' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END,"
            " coalesce(due_on, '9999'), title")
    return [GoalDetail(**row) for row in db.query(sql, params)]


def add_action_step(db: Database, goal_id: str, description: str, *, due_on=None) -> str:
    text = _text(description, "The action step", required=True, limit=1000)
    position = db.execute("SELECT coalesce(max(position), 0) + 1 FROM action_steps WHERE goal_id = ?",
                          [goal_id]).fetchone()[0]
    return records.insert(db, "action_steps", {
        "goal_id": goal_id, "description": text, "due_on": _day(due_on, "The step's due date"),
        "position": position})


def update_action_step(db: Database, step_id: str, *, description: str | None = None,
                       due_on=...) -> None:
    changes: dict = {}
    if description is not None:
        changes["description"] = _text(description, "The action step", required=True, limit=1000)
    if due_on is not ...:
        changes["due_on"] = _day(due_on, "The step's due date")
    records.update(db, "action_steps", step_id, changes)


def set_step_status(db: Database, step_id: str, status: str, *, on=None) -> None:
    """Open, done or mastered; finishing a step records the day (today unless given)."""
    if status not in STEP_STATUSES:
        raise GoalValidationError(f"A step's status is one of {', '.join(STEP_STATUSES)}.")
    done_on = None if status == "open" else (_day(on, "The day done") or clock.today().isoformat())
    records.update(db, "action_steps", step_id, {"status": status, "done_on": done_on})


def correct_action_step(db: Database, step_id: str, *, description: str, due_on=None,
                        status: str | None = None, on=None) -> None:
    """Correct a step as typed in its editor: the text, the due date and (if given) the status."""
    with db.atomic():
        update_action_step(db, step_id, description=description, due_on=due_on)
        current = db.execute("SELECT status FROM action_steps WHERE id = ?", [step_id]).fetchone()
        if status is not None and current and current[0] != status:
            set_step_status(db, step_id, status, on=on)


def delete_action_step(db: Database, step_id: str) -> None:
    db.execute("DELETE FROM action_steps WHERE id = ?", [step_id])


def _check_in_values(db: Database, goal_id: str, checked_on, progress, evidence, notes) -> dict:
    if progress is not None and not (0 <= int(progress) <= 100):
        raise GoalValidationError("Progress is a percentage from 0 to 100.")
    day = _day(checked_on, "The check-in date", required=True)
    goal = get_goal(db, goal_id)
    if goal is None:
        raise GoalValidationError("That goal no longer exists.")
    if goal.start_on and day < goal.start_on:
        raise GoalValidationError(f"A check-in cannot be dated {day}, before the goal started on "
                                  f"{goal.start_on}.", field="checked_on")
    return {"checked_on": day,
            "progress": None if progress is None else int(progress),
            "evidence": _text(evidence, "Evidence"), "notes": _text(notes, "Notes")}


def add_check_in(db: Database, goal_id: str, *, checked_on, progress: int | None = None,
                 evidence: str = "", notes: str = "") -> str:
    return records.insert(db, "goal_check_ins", {
        "goal_id": goal_id, **_check_in_values(db, goal_id, checked_on, progress, evidence, notes)})


def update_check_in(db: Database, check_in_id: str, *, checked_on, progress: int | None = None,
                    evidence: str = "", notes: str = "") -> None:
    """Correct a check-in: its date (not before the goal started), progress, evidence and notes."""
    current = get_check_in(db, check_in_id)
    if current is None:
        raise GoalValidationError("That check-in no longer exists.")
    records.update(db, "goal_check_ins", check_in_id,
                   _check_in_values(db, current.goal_id, checked_on, progress, evidence, notes))


def get_check_in(db: Database, check_in_id: str) -> CheckIn | None:
    rows = list(db.query("SELECT id, goal_id, checked_on, progress, evidence, notes "
                         "FROM goal_check_ins WHERE id = ?", [check_in_id]))
    return CheckIn(**rows[0]) if rows else None


def list_check_ins(db: Database, goal_id: str, *, ids: Iterable[str] | None = None) -> list[CheckIn]:
    """Newest first; *ids* keeps only those check-ins."""
    where, params = "goal_id = ?", [goal_id]
    if ids is not None:
        term, values = records.among("id", ids)
        where, params = f"{where} AND {term}", params + values
    rows = db.query("SELECT id, goal_id, checked_on, progress, evidence, notes FROM goal_check_ins "
                    f"WHERE {where} ORDER BY checked_on DESC, created_at DESC", params)
    return [CheckIn(**row) for row in rows]


def list_goal_templates(db: Database) -> list[GoalTemplate]:
    rows = db.query("SELECT id, title, description, measure, indicator_code FROM goal_templates "
                    "ORDER BY title COLLATE NOCASE")
    return [GoalTemplate(**row) for row in rows]
