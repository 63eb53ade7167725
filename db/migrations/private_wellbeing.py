"""Data format 4: unshared wellbeing answers leave the teacher's record (frozen with its step).

Before, every check-in sat in ``wellbeing_check_ins`` with its staff link, and a
leader's switch showed the unshared ones. This step moves each person's unshared
scores of a month (averaged, when they checked in more than once) into
``wellbeing_private_answers``, which has no staff link, marks the month as answered in
``wellbeing_responses``, and deletes the unshared rows. Their history goes too: the
audit log's entries and tombstones of every check-in that is no longer there (the
log's append-only guards are dropped and recreated, exactly as migration 0001 made
them, inside this step's one transaction). The step runs before a connection installs
its audit triggers, so nothing it writes is logged.

A shipped migration never changes: this module is that step's code, kept as it was.
"""

from __future__ import annotations

import uuid
from statistics import fmean

from sqlite_utils import Database

from db.migrations import format1_audit

_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def _drop_audit_guards(db: Database) -> None:
    for action in ("update", "delete"):
        db.execute(f"DROP TRIGGER IF EXISTS audit_log_refuses_{action}")


def move_unshared_answers(db: Database) -> None:
    rows = db.execute(
        "SELECT staff_id, substr(checked_on, 1, 7), energy, workload, stress, "
        "shared_with_leaders, needs_follow_up FROM wellbeing_check_ins").fetchall()
    months: dict[tuple[str, str], dict] = {}
    for staff_id, month, energy, workload, stress, shared, follow_up in rows:
        entry = months.setdefault((staff_id, month), {"private": [], "follow_up": False})
        if not shared:
            entry["private"].append((energy, workload, stress))
        entry["follow_up"] = entry["follow_up"] or bool(follow_up)
    now = db.execute(f"SELECT {_NOW}").fetchone()[0]
    for (staff_id, month), entry in sorted(months.items()):
        answers = entry["private"]
        db.execute(
            "INSERT INTO wellbeing_responses (id, staff_id, month, answered_privately, "
            "follow_up_wanted, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [str(uuid.uuid4()), staff_id, month, 1 if answers else 0,
             1 if entry["follow_up"] else 0, now, now])
        if answers:
            db.execute(
                "INSERT INTO wellbeing_private_answers (id, month, energy, workload, stress, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [str(uuid.uuid4()), month, round(fmean(a[0] for a in answers), 2),
                 round(fmean(a[1] for a in answers), 2), round(fmean(a[2] for a in answers), 2),
                 month, month])
    db.execute("DELETE FROM wellbeing_check_ins WHERE shared_with_leaders = 0")
    _drop_audit_guards(db)
    # Every entry about a check-in that is not (or no longer) a shared one: the unshared
    # rows just moved, and those deleted earlier, whose last state the log still held.
    db.execute("DELETE FROM audit_log WHERE table_name = 'wellbeing_check_ins' "
               "AND row_id NOT IN (SELECT id FROM wellbeing_check_ins)")
    format1_audit.protect_audit_log(db)
    db.execute("DELETE FROM tombstones WHERE table_name = 'wellbeing_check_ins' "
               "AND row_id NOT IN (SELECT id FROM wellbeing_check_ins)")
    # The follow-up wish lives on the month now, and every row left is shared.
    db.execute("ALTER TABLE wellbeing_check_ins DROP COLUMN needs_follow_up")
    db.execute("ALTER TABLE wellbeing_check_ins DROP COLUMN shared_with_leaders")
