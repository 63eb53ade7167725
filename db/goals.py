"""Growth goals and their action steps, as the Goals & Conversations tab lists them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from db._names import full_name

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

    def is_overdue(self, today: str) -> bool:
        return self.status == "open" and self.due_on is not None and self.due_on < today


def list_goals(
    db: Database, *, staff_id: str | None = None, statuses: tuple[str, ...] | None = None
) -> list[Goal]:
    """Active goals first, then by due date."""
    where, params = [], []
    if staff_id:
        where.append("g.staff_id = ?")
        params.append(staff_id)
    if statuses:
        where.append(f"g.status IN ({', '.join('?' for _ in statuses)})")
        params.extend(statuses)
    sql = f"""
        SELECT g.id, g.staff_id, {full_name('t')} AS teacher_name, g.title, g.indicator_code,
               g.status, g.cycle_stage, g.start_on, g.due_on, g.met_on,
               (SELECT c.progress FROM goal_check_ins c
                 WHERE c.goal_id = g.id AND c.progress IS NOT NULL
                 ORDER BY c.checked_on DESC, c.created_at DESC LIMIT 1) AS progress,
               (SELECT count(*) FROM action_steps a WHERE a.goal_id = g.id) AS steps_total,
               (SELECT count(*) FROM action_steps a
                 WHERE a.goal_id = g.id AND a.status != 'open') AS steps_finished
        FROM goals g JOIN staff t ON t.id = g.staff_id
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY CASE g.status WHEN 'active' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END,
                 coalesce(g.due_on, '9999'), t.last_name COLLATE NOCASE, g.title
    """
    return [Goal(**row) for row in db.query(sql, params)]


def count_goals(db: Database, *, status: str, staff_id: str | None = None) -> int:
    sql = "SELECT count(*) FROM goals WHERE status = ?"
    params = [status]
    if staff_id:
        sql += " AND staff_id = ?"
        params.append(staff_id)
    return db.execute(sql, params).fetchone()[0]


def _steps(db: Database, where: list[str], params: list, order: str) -> list[ActionStep]:
    sql = f"""
        SELECT a.id, a.goal_id, g.title AS goal_title, g.staff_id,
               {full_name('t')} AS teacher_name, a.description, a.due_on, a.status, a.done_on
        FROM action_steps a
        JOIN goals g ON g.id = a.goal_id
        JOIN staff t ON t.id = g.staff_id
        {"WHERE " + " AND ".join(where) if where else ""}
        ORDER BY {order}
    """
    return [ActionStep(**row) for row in db.query(sql, params)]


def list_action_steps(
    db: Database, *, staff_id: str | None = None, goal_id: str | None = None
) -> list[ActionStep]:
    """Steps of live goals (active or draft), open ones first, by due date."""
    where, params = ["g.status IN ('active', 'draft')"], []
    if staff_id:
        where.append("g.staff_id = ?")
        params.append(staff_id)
    if goal_id:
        where = ["a.goal_id = ?"]
        params = [goal_id]
    order = ("CASE a.status WHEN 'open' THEN 0 ELSE 1 END, coalesce(a.due_on, '9999'),"
             " a.position")
    return _steps(db, where, params, order)


def list_overdue_action_steps(
    db: Database, *, today: str, staff_id: str | None = None
) -> list[ActionStep]:
    """Open steps of active goals whose due date has passed, the longest overdue first."""
    where = ["a.status = 'open'", "a.due_on IS NOT NULL", "a.due_on < ?",
             "g.status = 'active'", "t.archived_at IS NULL"]
    params: list = [today]
    if staff_id:
        where.append("g.staff_id = ?")
        params.append(staff_id)
    return _steps(db, where, params, "a.due_on, t.last_name COLLATE NOCASE")
