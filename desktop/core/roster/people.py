"""What one roster row says about one person: columns found by name, roles mapped, cells made safe.

Cells are made safe by :mod:`db.text_files`, as in every import: NUL and bidi
override characters removed, and a cell that starts with ``=``, ``+``, ``-``,
``@`` (or a tab or carriage return) stored with a leading apostrophe.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from db.text_files import BadRecord, clean, imported, neutralise
from desktop.core.roster.readers import RosterExport

# The longest value Cultivate accepts per field; longer is refused with the reason.
MAX_LENGTH = {
    "identifier": 255, "first_name": 100, "last_name": 100, "email": 254,
    "grades": 200, "subjects": 500, "school": 2000, "role": 200, "full_name": 200,
}
_OTHER_MAX_LENGTH = 200  # status, enabled: a few letters in any honest export

COLUMNS: dict[str, tuple[str, ...]] = {
    # sourcedId first: it is OneRoster's stable key; "identifier" there is a display number.
    "identifier": ("sourcedid", "identifier", "staffid", "employeeid", "employeenumber",
                   "staffnumber", "teacherid", "userid", "id"),
    "first_name": ("givenname", "firstname", "first", "forename"),
    "last_name": ("familyname", "lastname", "surname", "last"),
    "full_name": ("name", "fullname", "staffname", "teachername"),
    "email": ("email", "emailaddress", "mail", "workemail", "schoolemail"),
    "role": ("role", "roles", "position", "jobtitle", "stafftype", "staffrole"),
    "grades": ("grades", "grade", "gradelevels", "gradelevel"),
    "subjects": ("subjects", "subject", "department"),
    "school": ("primaryorgsourcedid", "orgsourcedids", "primaryorg", "school", "schoolname",
               "building", "campus", "site"),
    "status": ("status",),
    "enabled": ("enableduser", "enabled", "active"),
}

NOT_STAFF = "not staff"
OTHER_STAFF = "other staff"
# Role words (normalised: lower case, letters only) -> Cultivate role, or NOT_STAFF.
_ROLE_WORDS = {
    "student": NOT_STAFF, "learner": NOT_STAFF, "pupil": NOT_STAFF, "guardian": NOT_STAFF,
    "parent": NOT_STAFF, "relative": NOT_STAFF,
    "teacher": "teacher", "classroomteacher": "teacher", "educator": "teacher",
    "administrator": "principal", "siteadministrator": "principal", "principal": "principal",
    "headteacher": "principal", "head": "principal",
    "assistantprincipal": "assistant_principal", "viceprincipal": "assistant_principal",
    "deputyprincipal": "assistant_principal", "deputyhead": "assistant_principal",
    "coach": "coach", "instructionalcoach": "coach",
    "aide": "specialist", "paraprofessional": "specialist", "counselor": "specialist",
    "counsellor": "specialist", "specialist": "specialist", "librarian": "specialist",
    "interventionist": "specialist",
}
# Imported by default; everything else is "other staff", imported only when asked.
TEACHING_AND_LEADING = ("teacher", "principal", "assistant_principal", "coach")
_ROLE_RANK = ("principal", "assistant_principal", "coach", "teacher", "specialist", "other")
_FALSE_WORDS = {"false", "no", "n", "0", "inactive", "disabled"}


@dataclass(frozen=True)
class SchoolRef:
    identifier: str | None  # the OneRoster org sourcedId, when the export has one
    name: str


@dataclass(frozen=True)
class RosterPerson:
    file: str
    line: int
    identifier: str | None
    first_name: str
    last_name: str
    email: str | None
    role: str
    grades: str
    subjects: str
    school: SchoolRef | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class RejectedRow:
    file: str
    line: int
    reason: str


@dataclass(frozen=True)
class SkippedPerson:
    """Staff left out on purpose: kept so that --archive-missing does not archive them."""

    why: str  # OTHER_STAFF, or "to be deleted" / "disabled"
    identifier: str | None
    email: str | None
    present: bool  # False when the export says the person is gone (tobedeleted, disabled)


def _has_control_characters(value: str) -> bool:
    return any(ord(ch) < 32 and ch not in "\t\r\n" or ord(ch) == 127 for ch in value)


def role_for(raw: str) -> str:
    """The Cultivate role for a role cell (which may list several: 'teacher,aide')."""
    found = []
    for word in raw.replace(";", ",").replace("|", ",").split(","):
        key = "".join(ch for ch in word.lower() if ch.isalpha())
        if key:
            found.append(_ROLE_WORDS.get(key) or _role_from_job_title(key))
    staff_roles = [role for role in found if role != NOT_STAFF]
    if not found:
        return "teacher"  # a staff list without a role: teachers is what schools send
    if not staff_roles:
        return NOT_STAFF
    return min(staff_roles, key=_ROLE_RANK.index)


# Plain staff lists carry job titles ("5th Grade Teacher", "Vice Principal"): the
# first of these fragments found decides, so "Assistant Principal" is not a principal.
_JOB_TITLE_FRAGMENTS = (
    ("assistantprincipal", "assistant_principal"), ("viceprincipal", "assistant_principal"),
    ("deputy", "assistant_principal"), ("principal", "principal"), ("headteacher", "principal"),
    ("coach", "coach"), ("teacher", "teacher"), ("student", NOT_STAFF),
    ("aide", "specialist"), ("para", "specialist"), ("counsel", "specialist"),
    ("librar", "specialist"), ("specialist", "specialist"), ("therapist", "specialist"),
)


def _role_from_job_title(key: str) -> str:
    for fragment, role in _JOB_TITLE_FRAGMENTS:
        if fragment in key:
            return role
    return "other"


def grades_for(raw: str) -> str:
    """OneRoster/CEDS grade codes to Cultivate's words: 'KG,01,02' -> 'K, 1, 2'."""
    grades = []
    for code in raw.replace(";", ",").split(","):
        code = code.strip()
        if not code:
            continue
        if code.upper() == "KG":
            code = "K"
        elif code.isdigit():
            code = str(int(code))
        if code not in grades:
            grades.append(code)
    return ", ".join(grades)


class RowReader:
    """Turns each row of one export into a RosterPerson, a RejectedRow or a SkippedPerson."""

    def __init__(self, export: RosterExport, *, include_other_staff: bool):
        self.export = export
        self.include_other_staff = include_other_staff
        table = export.users
        self.table = table
        self.index = {key: table.find(aliases) for key, aliases in COLUMNS.items()}
        self.not_staff = 0  # students and families, counted without being looked at further
        self._roles: dict[str, str] = {}  # raw cell -> role, so 50,000 "student" cells cost one lookup each

    def check_header(self) -> str | None:
        """Why this file cannot be a staff roster, or None."""
        has_name = self.index["first_name"] is not None or self.index["full_name"] is not None
        if not has_name:
            return (f"“{self.table.name}” has no first-name column (givenName, first name or "
                    "name), so it is not a staff roster.")
        return None

    def __iter__(self) -> Iterator[RosterPerson | RejectedRow | SkippedPerson]:
        role_index = self.index["role"]
        oneroster_roles = self.export.roles
        identifier_index = self.index["identifier"]
        for item in self.table.rows:
            if isinstance(item, BadRecord):
                yield RejectedRow(self.table.name, item.line, item.reason)
                continue
            line, cells = item
            if oneroster_roles:
                raw_role = self._roster_role(self._cell(cells, identifier_index))
            else:
                raw_role = self._cell(cells, role_index)
            role = self._roles.get(raw_role)
            if role is None:
                role = self._roles.setdefault(raw_role, role_for(raw_role))
            if role == NOT_STAFF:
                self.not_staff += 1
                continue
            yield self._person(line, cells, role, raw_role)

    @staticmethod
    def _cell(cells: list[str], index: int | None) -> str:
        return cells[index] if index is not None and index < len(cells) else ""

    def _roster_role(self, user_sourced_id: str) -> str:
        roles = self.export.roles.get(user_sourced_id.strip(), [])
        primary = [r.role for r in roles if r.role_type == "primary"]
        return ",".join(primary or [r.role for r in roles])

    def _school(self, raw: str) -> SchoolRef | None:
        raw = raw.strip()
        if not raw:
            return None
        if self.export.is_oneroster:
            orgs = [self.export.orgs[key.strip()] for key in raw.split(",")
                    if key.strip() in self.export.orgs]
            schools = [org for org in orgs if org.type == "school"] or orgs
            if schools:
                org = schools[0]
                return SchoolRef(imported(org.sourced_id), imported(org.name))
            return None
        return SchoolRef(None, imported(raw))

    def _person(self, line: int, cells: list[str], role: str, raw_role: str):
        file = self.table.name
        values = {key: clean(self._cell(cells, index)) for key, index in self.index.items()}
        if self.export.roles and not raw_role:
            return RejectedRow(file, line, "this user has no role in roles.csv")
        for key, value in values.items():
            limit = MAX_LENGTH.get(key, _OTHER_MAX_LENGTH)
            if len(value) > limit:
                return RejectedRow(
                    file, line, f"the {key.replace('_', ' ')} is {len(value):,} characters long; "
                    f"the most Cultivate accepts is {limit}")
            if "\n" in value or "\r" in value.strip():
                return RejectedRow(
                    file, line, f"the {key.replace('_', ' ')} runs over more than one line "
                    "(a staff list never has line breaks in a cell)")
            if _has_control_characters(value):
                return RejectedRow(
                    file, line, f"the {key.replace('_', ' ')} contains binary data "
                    "(control characters)")
        values = {key: neutralise(value) for key, value in values.items()}
        identifier = values["identifier"] or None
        email = values["email"].lower() or None
        if values["status"].lower() == "tobedeleted":
            return SkippedPerson("to be deleted", identifier, email, present=False)
        if values["enabled"].lower() in _FALSE_WORDS:
            return SkippedPerson("disabled", identifier, email, present=False)
        if role not in TEACHING_AND_LEADING and not self.include_other_staff:
            return SkippedPerson(OTHER_STAFF, identifier, email, present=True)
        first, last = values["first_name"], values["last_name"]
        if not first and values["full_name"]:
            first, last = _split_name(values["full_name"])
        if not first:
            return RejectedRow(file, line, "no first name (givenName)")
        if email is not None and ("@" not in email or any(ch.isspace() for ch in email)):
            return RejectedRow(file, line, f"“{email}” is not an email address")
        return RosterPerson(
            file=file, line=line, identifier=identifier, first_name=first, last_name=last,
            email=email, role=role, grades=grades_for(values["grades"]),
            subjects=values["subjects"], school=self._school(self._cell(cells, self.index["school"])),
        )


def _split_name(full: str) -> tuple[str, str]:
    """'Lopez, Ana' or 'Ana Lopez' -> ('Ana', 'Lopez')."""
    if "," in full:
        last, first = (part.strip() for part in full.split(",", 1))
        return first, last
    parts = full.split()
    return (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else (full, "")
