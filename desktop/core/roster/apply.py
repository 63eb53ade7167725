"""Carry out an import plan: every change in one transaction, after a backup.

Either the whole roster lands or none of it does; a failure half-way (a full
disk, a value the storage layer refuses) leaves the staff list as it was.
"""

from __future__ import annotations

from sqlite_utils import Database

from db import schools
from db import staff as staff_db
from desktop.core.roster.people import SchoolRef
from desktop.core.roster.plan import RosterPlan

BACKUP_REASON = "before-roster-import"


def keep_backup(db: Database) -> None:
    """A copy of the data file before the import (none for an in-memory database)."""
    from db import backups

    backups.before_risky_change(db, BACKUP_REASON)


def apply_plan(db: Database, plan: RosterPlan, *, backup: bool = True) -> str:
    """Apply *plan*; returns its one-line summary (``added N, updated N, …``)."""
    if not plan.changes_anything:
        return plan.summary()
    if backup:
        keep_backup(db)
    with db.atomic():
        created = {
            ref: schools.add_school(db, name=ref.name, identifier=ref.identifier)
            for ref in plan.new_schools
        }

        def school_id(target):
            return created[target] if isinstance(target, SchoolRef) else target

        for school, name in plan.school_renames.items():
            schools.rename_school(db, school, name)
        for add in plan.adds:
            person = add.person
            staff_db.add(
                db, first_name=person.first_name, last_name=person.last_name,
                email=person.email, identifier=person.identifier, role=person.role,
                grades=person.grades, subjects=person.subjects, school_id=school_id(add.school),
            )
        for update in plan.updates:
            changes = {change.name: school_id(change.after) for change in update.changes
                       if change.name != "archived_at"}
            if changes:
                staff_db.update(db, update.staff.id, **changes)
            if update.staff.is_archived:
                staff_db.restore(db, update.staff.id)
        for archive in plan.archives:
            staff_db.archive(db, archive.staff.id)
    return plan.summary()
