"""Who is using Cultivate: the staff member at the keyboard, a leader or coach.

Remembered in the data file, one answer per computer login (``user.<login>``), so a file
that a principal and a coach both use knows each of them, and a file moved to another
laptop keeps the answer of whoever set it there. The answer is the observer a new
visit starts with, the actor the audit log and tombstones record, and "my visits".
"""

from __future__ import annotations

from sqlite_utils import Database

from db import preferences, staff
from db.connection import login_name
from db.errors import NeedsCorrection
from db.staff import StaffMember

KEY_PREFIX = "user."
# Who may use Cultivate: the leaders and coaches (teachers read its handouts).
USER_ROLES = ("principal", "assistant_principal", "coach", "specialist", "other")


class UserError(NeedsCorrection):
    """Who the user says they are cannot be saved; ``str()`` says why in plain words."""


def _key(login: str | None) -> str:
    return KEY_PREFIX + (login or login_name())


def current(db: Database, login: str | None = None) -> StaffMember | None:
    """The staff member this computer login said it is, if they are still on the staff."""
    staff_id = preferences.get(db, _key(login))
    member = staff.get(db, staff_id) if staff_id else None
    return member if member is not None and not member.is_archived else None


def candidates(db: Database) -> list[StaffMember]:
    """The people a user can say they are: current leaders and coaches, by name."""
    return [member for member in staff.list_staff(db) if member.role in USER_ROLES]


def set_current(db: Database, staff_id: str, login: str | None = None) -> StaffMember:
    member = staff.get(db, staff_id)
    if member is None or member.is_archived:
        raise UserError("That person is not on the staff list any more; pick another, or add yourself.")
    if member.role not in USER_ROLES:
        raise UserError(f"{member.full_name} is a teacher. Cultivate is used by leaders and "
                        "coaches: pick one, or add yourself.")
    preferences.set(db, _key(login), member.id)
    return member


def add_me(db: Database, *, first_name: str, last_name: str = "", role: str = "coach",
           email: str | None = None, login: str | None = None) -> StaffMember:
    """Add the user to the staff (a leader or coach) and remember them as the user."""
    if role not in USER_ROLES:
        raise UserError("Choose your role: principal, assistant principal, coach, specialist or other.")
    try:
        staff_id = staff.add(db, first_name=first_name, last_name=last_name, role=role,
                             email=email or None)
    except staff.StaffValidationError as problem:
        raise UserError(str(problem)) from None
    return set_current(db, staff_id, login)


def actor(member: StaffMember | None) -> str | None:
    """How the audit log names the user: their name, else (None) the computer login."""
    return member.full_name if member is not None else None
