"""Celebrations: milestones and shout-outs, newest first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from db._names import full_name

KIND_LABELS = {
    "milestone": "Milestone", "innovative_practice": "Innovative practice",
    "goal_achieved": "Goal achieved", "pd_completed": "PD completed",
    "led_session": "Led a session", "shout_out": "Shout-out",
}


@dataclass(frozen=True)
class Celebration:
    id: str
    kind: str
    title: str
    story: str
    celebrated_on: str
    is_public: bool
    staff_names: tuple[str, ...]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def list_celebrations(
    db: Database, *, staff_id: str | None = None, limit: int | None = None
) -> list[Celebration]:
    where, params = "", []
    if staff_id:
        where = ("WHERE c.id IN (SELECT celebration_id FROM celebration_staff "
                 "WHERE staff_id = ?)")
        params.append(staff_id)
    sql = f"""
        SELECT c.id, c.kind, c.title, c.story, c.celebrated_on, c.is_public,
               (SELECT group_concat(name, char(31)) FROM
                  (SELECT {full_name('s')} AS name FROM celebration_staff cs
                     JOIN staff s ON s.id = cs.staff_id
                    WHERE cs.celebration_id = c.id
                    ORDER BY s.last_name COLLATE NOCASE, s.first_name COLLATE NOCASE)) AS names
        FROM celebrations c
        {where}
        ORDER BY c.celebrated_on DESC, c.created_at DESC
    """
    if limit:
        sql += f" LIMIT {int(limit)}"
    result = []
    for row in db.query(sql, params):
        names = row.pop("names")
        result.append(Celebration(
            **{**row, "is_public": bool(row["is_public"])},
            staff_names=tuple(names.split("\x1f")) if names else (),
        ))
    return result


def count_celebrations(db: Database, *, staff_id: str | None = None) -> int:
    if staff_id:
        return db.execute(
            "SELECT count(*) FROM celebration_staff WHERE staff_id = ?", [staff_id]
        ).fetchone()[0]
    return db.execute("SELECT count(*) FROM celebrations").fetchone()[0]
