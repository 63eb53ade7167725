"""The import plan: who would be added, updated, archived or rejected — before anything changes.

People are matched to existing staff by identifier (the SIS sourcedId), then by
email; a row with neither falls back to a unique full name, so a plain list of
names can still be re-imported without doubling everyone.

What an import may change on an existing person: names, email, identifier,
grades, subjects and school. A blank cell never erases what Cultivate already has
(many exports simply leave columns empty). The role is set when a person is added
and then left alone: Cultivate's roles (coach, assistant principal) are finer than
a SIS's "teacher", and a principal's correction must survive the next import.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from db import schools
from db import staff as staff_db
from db.staff import StaffMember
from desktop.core.roster.people import (
    OTHER_STAFF,
    RejectedRow,
    RosterPerson,
    RowReader,
    SchoolRef,
    SkippedPerson,
)
from desktop.core.roster.readers import RosterExport, RosterReadError

# Fields an import keeps in step with the school information system.
SYNCED_FIELDS = ("first_name", "last_name", "email", "identifier", "grades", "subjects")


@dataclass(frozen=True)
class ImportOptions:
    archive_missing: bool = False
    include_other_staff: bool = False


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: Any
    after: Any  # for school_id: an existing school's id, or a SchoolRef to be created
    shown: tuple[str, str] | None = None  # what to show instead of ids (school names)

    def describe(self) -> str:
        if self.name == "archived_at":
            return "back from the archive"
        before, after = self.shown or (self.before, self.after)
        label = "school" if self.name == "school_id" else self.name.replace("_", " ")
        return f"{label}: {before or '(blank)'} → {after}"


@dataclass(frozen=True)
class PlannedAdd:
    person: RosterPerson
    school: str | SchoolRef | None  # an existing school's id, or one to be created


@dataclass(frozen=True)
class PlannedUpdate:
    staff: StaffMember
    person: RosterPerson
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class PlannedArchive:
    staff: StaffMember
    reason: str


@dataclass
class RosterPlan:
    source: str
    options: ImportOptions
    adds: list[PlannedAdd] = field(default_factory=list)
    updates: list[PlannedUpdate] = field(default_factory=list)
    archives: list[PlannedArchive] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    new_schools: list[SchoolRef] = field(default_factory=list)
    school_renames: dict[str, str] = field(default_factory=dict)  # school id -> new name
    skipped: Counter = field(default_factory=Counter)  # why -> how many rows

    @property
    def changes_anything(self) -> bool:
        return bool(self.adds or self.updates or self.archives or self.new_schools
                    or self.school_renames)

    def summary(self) -> str:
        return (f"added {len(self.adds)}, updated {len(self.updates)}, "
                f"archived {len(self.archives)}, rejected {len(self.rejected)}")


class _Schools:
    """Existing schools, matched by OneRoster org sourcedId, then by name."""

    def __init__(self, db: Database, plan: RosterPlan):
        self.plan = plan
        self.by_identifier: dict[str, dict] = {}
        self.by_name: dict[str, dict] = {}
        self.names: dict[str, str] = {}
        for school in schools.list_schools(db):
            row = {"id": school.id, "name": school.name, "identifier": school.identifier}
            if school.identifier:
                self.by_identifier.setdefault(school.identifier, row)
            self.by_name.setdefault(school.name.casefold(), row)
            self.names[school.id] = school.name
        self.seen_ids: set[str] = set()

    def resolve(self, ref: SchoolRef) -> str | SchoolRef:
        row = self.by_identifier.get(ref.identifier) if ref.identifier else None
        if row is not None:
            if row["name"] != ref.name:
                self.plan.school_renames[row["id"]] = ref.name
        else:
            row = self.by_name.get(ref.name.casefold())
            if row is not None and ref.identifier and row["identifier"]:
                row = None  # same name, but the SIS says it is a different school
        if row is None:
            if ref not in self.plan.new_schools:
                self.plan.new_schools.append(ref)
            return ref
        self.seen_ids.add(row["id"])
        return row["id"]


class _Matcher:
    def __init__(self, everyone: list[StaffMember]):
        self.by_identifier = {s.identifier: s for s in everyone if s.identifier}
        self.by_email = {s.email.lower(): s for s in everyone if s.email}
        self.by_name: dict[str, list[StaffMember]] = {}
        for member in everyone:
            self.by_name.setdefault(member.full_name.casefold(), []).append(member)

    def find(self, person: RosterPerson) -> StaffMember | None:
        if person.identifier and person.identifier in self.by_identifier:
            return self.by_identifier[person.identifier]
        if person.email and person.email in self.by_email:
            return self.by_email[person.email]
        if not person.identifier and not person.email:
            same_name = self.by_name.get(person.full_name.casefold(), [])
            if len(same_name) == 1:
                return same_name[0]
        return None


def plan_import(
    db: Database, export: RosterExport, options: ImportOptions = ImportOptions()
) -> RosterPlan:
    """Read every row of *export* and work out what importing it would change."""
    rows = RowReader(export, include_other_staff=options.include_other_staff)
    problem = rows.check_header()
    if problem:
        raise RosterReadError(problem)
    plan = RosterPlan(source=export.description, options=options)
    everyone = staff_db.list_staff(db, include_archived=True)
    matcher = _Matcher(everyone)
    schools = _Schools(db, plan)
    claimed: dict[str, int] = {}  # staff id -> the line that matched them
    lines_by_identifier: dict[str, int] = {}
    lines_by_email: dict[str, int] = {}
    still_there: set[str] = set()  # identifiers and emails of staff skipped but present
    gone: set[str] = set()  # ... and of those the export marks tobedeleted or disabled

    for item in rows:
        if isinstance(item, RejectedRow):
            plan.rejected.append(item)
            continue
        if isinstance(item, SkippedPerson):
            plan.skipped[item.why] += 1
            keys = [key for key in (item.identifier, item.email) if key]
            (still_there if item.present else gone).update(keys)
            continue
        person = item
        duplicate = _duplicate_of(person, lines_by_identifier, lines_by_email)
        if duplicate:
            plan.rejected.append(RejectedRow(person.file, person.line, duplicate))
            continue
        if person.identifier:
            lines_by_identifier[person.identifier] = person.line
        if person.email:
            lines_by_email[person.email] = person.line
        member = matcher.find(person)
        if member is not None and member.id in claimed:
            plan.rejected.append(RejectedRow(
                person.file, person.line,
                f"matches the same staff member ({member.full_name}) as line {claimed[member.id]}"))
            continue
        school = schools.resolve(person.school) if person.school else None
        if member is None:
            plan.adds.append(PlannedAdd(person, school))
            continue
        claimed[member.id] = person.line
        changes = _changes(member, person, school, schools.names)
        if changes:
            plan.updates.append(PlannedUpdate(member, person, changes))

    plan.skipped["students and families"] = rows.not_staff
    if options.archive_missing:
        _plan_archives(plan, everyone, claimed, still_there, gone, schools, export)
    return plan


def _duplicate_of(person, lines_by_identifier, lines_by_email) -> str | None:
    if person.identifier and person.identifier in lines_by_identifier:
        return f"same identifier “{person.identifier}” as line {lines_by_identifier[person.identifier]}"
    if person.email and person.email in lines_by_email:
        return f"same email “{person.email}” as line {lines_by_email[person.email]}"
    return None


def _changes(member: StaffMember, person: RosterPerson, school, school_names) -> tuple[FieldChange, ...]:
    changes = []
    for name in SYNCED_FIELDS:
        after = getattr(person, name)
        before = getattr(member, name)
        if after and after != before:
            changes.append(FieldChange(name, before, after))
    if school is not None and school != member.school_id:
        shown = (school_names.get(member.school_id, ""),
                 school.name if isinstance(school, SchoolRef) else school_names.get(school, ""))
        changes.append(FieldChange("school_id", member.school_id, school, shown))
    if member.is_archived:
        changes.append(FieldChange("archived_at", member.archived_at, None))
    return tuple(changes)


def _plan_archives(plan, everyone, claimed, still_there, gone, schools: _Schools, export) -> None:
    # Only people of the schools this export covers: a one-school export must not
    # archive the rest of the district.
    covered = set(schools.seen_ids)
    for org in export.orgs.values():
        row = schools.by_identifier.get(org.sourced_id)
        if row is not None:
            covered.add(row["id"])
    names_schools = bool(covered or plan.new_schools) or any(
        org.type == "school" for org in export.orgs.values())
    for member in everyone:
        if member.is_archived or member.id in claimed:
            continue
        if member.identifier in still_there or (member.email and member.email in still_there):
            continue  # in the export, left out only because of their role
        if member.school_id and names_schools and member.school_id not in covered:
            continue
        marked = member.identifier in gone or (member.email and member.email in gone)
        reason = "marked to be deleted in the export" if marked else "no longer in the export"
        plan.archives.append(PlannedArchive(member, reason))


__all__ = [
    "FieldChange", "ImportOptions", "OTHER_STAFF", "PlannedAdd", "PlannedArchive",
    "PlannedUpdate", "RosterPlan", "plan_import",
]
