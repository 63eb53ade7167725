"""School years as records: name, first and last day, terms; which one is current; a new one.

Years follow one another. Each is *in force* from its first day until the day before the
next one begins (the latest has no end, the earliest also holds anything older), so
every dated record belongs to exactly one year, and nothing recorded after a year's last
day is ever hidden: until the next year is started it stays with the year that ended.

The current year is the one in force today. When today is past its last day the year
*has ended*: Cultivate goes on working and dating records today, and offers to start
the next one (:func:`proposed_next`, :func:`start_year`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlite_utils import Database

from db import records
from db._names import dated
from db.errors import NeedsCorrection

LONGEST_YEAR_DAYS = 400
TABLES = frozenset({"school_years", "school_terms"})   # what a new school year changes
NAME_PATTERN = re.compile(r"\s*(\d{4})\s*[-–/]\s*(\d{2}|\d{4})\s*")


class SchoolYearError(NeedsCorrection):
    """A school year that cannot be saved or found; ``str()`` says why in plain words."""


@dataclass(frozen=True)
class Term:
    name: str
    first_day: date
    last_day: date
    id: str = ""

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class SchoolYear:
    id: str
    name: str
    first_day: date
    last_day: date
    terms: tuple[Term, ...] = ()
    started_on: date | None = None
    # The days the year is in force: from its first day (None: the earliest year, which
    # also holds anything older) to the day before the next year begins (None: the latest).
    in_force_from: date | None = None
    in_force_until: date | None = None

    @property
    def label(self) -> str:
        return self.name

    @property
    def long_label(self) -> str:
        """'2025–2026', the form printed on a portfolio."""
        return f"{self.first_day.year}–{self.last_day.year}"

    def has_ended(self, today: date) -> bool:
        return today > self.last_day

    def has_begun(self, today: date) -> bool:
        return today >= self.first_day

    def holds(self, day: date) -> bool:
        """True when a record dated *day* belongs to this year."""
        return ((self.in_force_from is None or self.in_force_from <= day)
                and (self.in_force_until is None or day <= self.in_force_until))

    @property
    def since(self) -> str | None:
        """ISO bound for SQL: the first day the year holds (None: no lower bound)."""
        return self.in_force_from.isoformat() if self.in_force_from else None

    @property
    def until(self) -> str | None:
        """ISO bound for SQL: the last day the year holds (None: no upper bound)."""
        return self.in_force_until.isoformat() if self.in_force_until else None

    def term_on(self, day: date) -> Term | None:
        return next((term for term in self.terms if term.contains(day)), None)

    def last_term_by(self, day: date) -> Term | None:
        """The term *day* is in, else the latest one already over (a holiday, the summer)."""
        current = self.term_on(day)
        if current is not None:
            return current
        over = [term for term in self.terms if term.last_day < day]
        return over[-1] if over else None

    def ended_text(self) -> str:
        return f"{self.name} ended on {_long(self.last_day)}"


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _year_rows(db: Database) -> list[dict]:
    if not _has_year_records(db):
        return [{"id": f"planned-{name}", "name": name, "first_day": first.isoformat(),
                 "last_day": last.isoformat(), "started_on": None}
                for name, first, last, _ in _planned(db)]
    return list(db.query("SELECT * FROM school_years ORDER BY first_day"))


def _has_year_records(db: Database) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'school_years'"
                      ).fetchone() is not None


def _planned(db: Database):
    # A file opened read-only and never upgraded (cultivate portfolio on an older file):
    # its years as the upgrade would make them, kept in memory.
    from db.migrations import format3_years

    return format3_years.planned_years(db)


def _terms_by_year(db: Database) -> dict[str, list[Term]]:
    found: dict[str, list[Term]] = {}
    if not _has_year_records(db):
        for name, _, _, terms in _planned(db):
            found[f"planned-{name}"] = [Term(*term) for term in terms]
        return found
    for row in db.query("SELECT * FROM school_terms ORDER BY school_year_id, position, first_day"):
        found.setdefault(row["school_year_id"], []).append(Term(
            row["name"], date.fromisoformat(row["first_day"]), date.fromisoformat(row["last_day"]),
            row["id"]))
    return found


def _changes_seen(db: Database) -> tuple[int, int, int]:
    """What has changed the file since: this connection's writes, another's, the schema."""
    data, schema = db.execute("SELECT (SELECT data_version FROM pragma_data_version), "
                              "(SELECT schema_version FROM pragma_schema_version)").fetchone()
    return db.conn.total_changes, data, schema


def list_years(db: Database) -> list[SchoolYear]:
    """Every school year, the newest first, each with the days it is in force.

    Kept on the connection until anything is written (every tab asks several times a
    switch; two pragmas are cheaper than reading the years and terms again). Inside a
    transaction it is read afresh and not kept: the transaction may yet be rolled back."""
    if db.conn.in_transaction:
        return _read_years(db)
    changes = _changes_seen(db)
    kept = getattr(db, "_cultivate_years", None)
    if kept is None or kept[0] != changes:
        kept = db._cultivate_years = (changes, _read_years(db))
    return list(kept[1])


def _read_years(db: Database) -> list[SchoolYear]:
    rows = _year_rows(db)
    terms = _terms_by_year(db)
    years = []
    for index, row in enumerate(rows):
        following = rows[index + 1] if index + 1 < len(rows) else None
        first = date.fromisoformat(row["first_day"])
        years.append(SchoolYear(
            id=row["id"], name=row["name"], first_day=first,
            last_day=date.fromisoformat(row["last_day"]),
            terms=tuple(terms.get(row["id"], ())),
            started_on=date.fromisoformat(row["started_on"]) if row["started_on"] else None,
            in_force_from=first if index else None,
            in_force_until=(date.fromisoformat(following["first_day"]) - timedelta(days=1))
            if following else None,
        ))
    return years[::-1]


def get(db: Database, year_id: str) -> SchoolYear | None:
    return next((year for year in list_years(db) if year.id == year_id), None)


def year_holding(db: Database, day: date) -> SchoolYear | None:
    return next((year for year in list_years(db) if year.holds(day)), None)


def current(db: Database, today: date) -> SchoolYear:
    """The school year in force *today* (the file always has one: the migration makes it)."""
    found = year_holding(db, today)
    if found is None:
        raise SchoolYearError("This file has no school year yet.")
    return found


def named(db: Database, text: str) -> SchoolYear:
    """'2025-2026', '2025–26', '2025/26' or the year's own name -> that year's record."""
    text = (text or "").strip()
    years = list_years(db)
    for year in years:
        if year.name.casefold() == text.casefold():
            return year
    match = NAME_PATTERN.fullmatch(text)
    if not match:
        raise SchoolYearError(f"“{text}” is not a school year; write it like 2025-2026.")
    first_year = int(match.group(1))
    second = match.group(2)
    second_year = int(second) if len(second) == 4 else (first_year // 100) * 100 + int(second)
    if second_year != first_year + 1:
        raise SchoolYearError(f"“{text}” is not a school year: the second year must follow the first.")
    for year in years:
        if year.first_day.year == first_year and year.last_day.year == second_year:
            return year
    known = ", ".join(year.name for year in years[::-1]) or "none"
    raise SchoolYearError(f"This file has no {first_year}–{str(second_year)[2:]} school year "
                          f"(it has {known}).")


# --- a new year ------------------------------------------------------------------------------

@dataclass(frozen=True)
class YearPlan:
    """A school year as the user is about to start it (nothing saved yet)."""
    name: str
    first_day: date
    last_day: date
    terms: tuple[Term, ...] = field(default_factory=tuple)


def _shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:   # 29 February
        return day.replace(year=day.year + years, day=28)


def year_name(first_day: date, last_day: date) -> str:
    if first_day.year == last_day.year:
        return str(first_day.year)
    return f"{first_day.year}–{str(last_day.year)[2:]}"


def proposed_next(db: Database) -> YearPlan:
    """The year after the latest one: the same calendar a year on, the same terms."""
    latest = list_years(db)[0]
    first = _shift(latest.first_day, 1)
    last = _shift(latest.last_day, 1)
    terms = tuple(Term(term.name, _shift(term.first_day, 1), _shift(term.last_day, 1))
                  for term in latest.terms)
    return YearPlan(year_name(first, last), first, last, terms)


def next_year_offer(db: Database, today: date) -> YearPlan | None:
    """The year to offer to start: only when the current year has ended and is the latest."""
    years = list_years(db)
    if not years:
        return None
    year = current(db, today)
    if year.id != years[0].id or not year.has_ended(today):
        return None
    return proposed_next(db)


def _check_plan(db: Database, plan: YearPlan) -> None:
    name = (plan.name or "").strip()
    if not name:
        raise SchoolYearError("Give the school year a name, like 2026–27.", field="name")
    if len(name) > 40:
        raise SchoolYearError("A school year's name is 40 characters at most.", field="name")
    if plan.last_day < plan.first_day:
        raise SchoolYearError("The last day comes before the first day.", field="last_day")
    if (plan.last_day - plan.first_day).days > LONGEST_YEAR_DAYS:
        raise SchoolYearError(f"A school year is at most {LONGEST_YEAR_DAYS} days long; "
                              "check the last day.", field="last_day")
    years = list_years(db)
    if any(year.name.casefold() == name.casefold() for year in years):
        raise SchoolYearError(f"There is already a school year called {name}.", field="name")
    if years and plan.first_day <= years[0].last_day:
        raise SchoolYearError(
            f"The new year must begin after {years[0].name} ends ({_long(years[0].last_day)}).",
            field="first_day")
    if not plan.terms:
        raise SchoolYearError("A school year needs at least one term.", field="terms")
    previous: Term | None = None
    for number, term in enumerate(plan.terms, start=1):
        if not term.name.strip():
            raise SchoolYearError(f"Term {number} needs a name.", field="terms")
        if term.last_day < term.first_day:
            raise SchoolYearError(f"{term.name} ends before it begins.", field="terms")
        if term.first_day < plan.first_day or term.last_day > plan.last_day:
            raise SchoolYearError(f"{term.name} must fall between the year's first and last day.",
                                  field="terms")
        if previous is not None and term.first_day <= previous.last_day:
            raise SchoolYearError(f"{term.name} begins before {previous.name} ends.", field="terms")
        previous = term


def start_year(db: Database, plan: YearPlan, *, today: date) -> str:
    """Save *plan* as the newest school year; returns its id. Nothing else changes: staff,
    rubric, catalog, live goals and unfinished PD simply carry on into it."""
    _check_plan(db, plan)
    with db.atomic():
        year_id = records.insert(db, "school_years", {
            "name": plan.name.strip(), "first_day": plan.first_day.isoformat(),
            "last_day": plan.last_day.isoformat(), "started_on": today.isoformat()})
        for position, term in enumerate(plan.terms):
            records.insert(db, "school_terms", {
                "school_year_id": year_id, "name": term.name.strip(),
                "first_day": term.first_day.isoformat(), "last_day": term.last_day.isoformat(),
                "position": position})
    return year_id


# --- years for a file that is filled in bulk -----------------------------------------------------

def forget_years(db: Database) -> None:
    """Remove every school year, leaving no tombstones: for the years a new file was given
    before records arrived in bulk (they were never anyone's to merge)."""
    gone = [row[0] for row in db.execute("SELECT id FROM school_years UNION ALL SELECT id FROM school_terms")]
    db.execute("DELETE FROM school_terms")
    db.execute("DELETE FROM school_years")
    if gone and "tombstones" in db.table_names():
        marks = ", ".join("?" for _ in gone)
        db.execute(f"DELETE FROM tombstones WHERE table_name IN ('school_years', 'school_terms') "
                   f"AND row_id IN ({marks})", gone)


def replace_years(db: Database, plans: list[YearPlan]) -> None:
    """The demo school: these years, and no others."""
    forget_years(db)
    for plan in sorted(plans, key=lambda plan: plan.first_day):
        year_id = records.insert(db, "school_years", {
            "name": plan.name, "first_day": plan.first_day.isoformat(),
            "last_day": plan.last_day.isoformat(), "started_on": None})
        for position, term in enumerate(plan.terms):
            records.insert(db, "school_terms", {
                "school_year_id": year_id, "name": term.name,
                "first_day": term.first_day.isoformat(), "last_day": term.last_day.isoformat(),
                "position": position})


def only_made_up_years(db: Database) -> bool:
    """True when the file's years are just the one a new file is given (none started by hand)."""
    return not db.execute("SELECT 1 FROM school_years WHERE started_on IS NOT NULL LIMIT 1").fetchone()


def years_from_the_data(db: Database) -> None:
    """Forget the years made up for an empty file and make them from its data, as an upgrade
    does (after an import or a salvage has brought records in)."""
    from db.migrations import format3_years

    forget_years(db)
    format3_years.create_years(db)


# --- one year, seen on one day: what "this year" and "this term" mean in the figures -------------

@dataclass(frozen=True)
class YearView:
    year: SchoolYear
    today: date
    is_current: bool

    @property
    def has_ended(self) -> bool:
        return self.year.has_ended(self.today)

    @property
    def as_of(self) -> date:
        """The day the figures are for: today in the current year (ended or not); for an
        earlier year, the last day it was in force."""
        if self.is_current or self.year.in_force_until is None:
            return self.today
        return min(self.today, self.year.in_force_until)

    @property
    def since(self) -> str | None:
        return self.year.since

    @property
    def until(self) -> str:
        """Things that happened count up to *as_of*: a visit booked for next week is not one yet."""
        return self.as_of.isoformat()

    @property
    def term(self) -> Term | None:
        """'This term': only while the current year runs (a holiday: the term just over)."""
        if not self.is_current or self.has_ended:
            return None
        return self.year.last_term_by(self.today)

    @property
    def period(self) -> tuple[str | None, str]:
        """(since, until) of the shorter figures: this term, else the whole year."""
        term = self.term
        if term is None:
            return self.since, self.until
        return term.first_day.isoformat(), min(term.last_day, self.as_of).isoformat()

    @property
    def period_words(self) -> str:
        """'this term' or 'in 2025–26': how a figure's caption names its period."""
        return "this term" if self.term is not None else f"in {self.year.name}"

    @property
    def period_label(self) -> str:
        """'Term 2, 2025–26', or the year's name when no term applies."""
        term = self.term
        return f"{term.name}, {self.year.name}" if term else self.year.name

    @property
    def year_words(self) -> str:
        return "this school year" if self.is_current and not self.has_ended else f"in {self.year.name}"

    def describe(self) -> str:
        """One line for a tab's subtitle: which year, and plainly whether it has ended."""
        if self.is_current and self.has_ended:
            return f"{self.year.ended_text()}"
        if not self.is_current:
            if not self.year.has_begun(self.today):
                return f"{self.year.name} begins on {_long(self.year.first_day)}"
            return f"{self.year.name}, an earlier school year"
        return self.period_label


def view(db: Database, today: date, year_id: str | None = None) -> YearView:
    """The year *year_id* (default: the current one) as seen *today*."""
    present = current(db, today)
    year = get(db, year_id) if year_id else None
    year = year or present
    return YearView(year, today, year.id == present.id)


# --- what starting a new year carries forward, and what closes ----------------------------------

@dataclass(frozen=True)
class Rollover:
    """What the "Start the next school year" dialog shows before anything is saved."""
    closing: SchoolYear
    teachers: int
    leaders: int
    rubric: str
    offerings: int
    live_goals: int              # active and draft goals: they carry on, with their steps
    open_steps: int
    unfinished_pd: dict[str, int]   # enrolled / waitlisted / interested -> how many
    drafts: int                  # unfinished observations: they stay drafts
    visits: int                  # what closes: kept, and viewable through the year picker
    conversations: int
    check_ins: int
    pd_completed: int
    pd_hours: float
    celebrations: int
    finished_goals: int
    wellbeing_check_ins: int

    def carries_forward(self) -> list[str]:
        pd_words = ", ".join(f"{count} {status}" for status, count in self.unfinished_pd.items()
                             if count)
        unfinished = sum(self.unfinished_pd.values())
        return [
            f"Staff: {_n(self.teachers, 'teacher')} and {_n(self.leaders, 'leader or coach', 'leaders and coaches')}",
            f"Rubric: {self.rubric}" if self.rubric else "Rubric: none yet",
            f"PD catalog: {_n(self.offerings, 'offering')} on the menu",
            f"Goals still active or in draft: {self.live_goals}, with their "
            f"{_n(self.open_steps, 'open action step')}",
            f"Unfinished PD enrollments: {unfinished}" + (f" ({pd_words})" if pd_words else ""),
            f"Unfinished observation drafts: {self.drafts}",
        ]

    def closes(self) -> list[str]:
        name = self.closing.name
        return [
            f"{_n(self.visits, 'visit')}, {_n(self.conversations, 'conversation')} and "
            f"{_n(self.check_ins, 'goal check-in')}",
            f"{_n(self.pd_completed, 'PD completion')} ({self.pd_hours:g} hours)",
            f"{_n(self.finished_goals, 'goal')} finished (met, partly met, not met or dropped)",
            f"{_n(self.celebrations, 'celebration')} and "
            f"{_n(self.wellbeing_check_ins, 'wellbeing check-in')}",
            f"All of it stays in {name}: pick {name} in any tab's School year list to see it, "
            "and portfolios print it.",
        ]

def _n(count: int, one: str, many: str | None = None) -> str:
    """'1 visit', '3 visits': a count in words that read right."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def rollover(db: Database, today: date) -> Rollover:
    from db import observations, pd  # the one count of visits and of PD hours; they use years

    year = current(db, today)

    def one(sql: str, params=()) -> float:
        return db.execute(sql, list(params)).fetchone()[0] or 0

    def in_year(table: str, column: str, extra: str = "") -> float:
        """How many rows of *table* have *column* in the closing year."""
        where, params = dated(column, year.since, year.until)
        if extra:
            where.append(extra)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        return one(f'SELECT count(*) FROM "{table}"{clause}', params)

    rubric = db.execute("SELECT name, version FROM rubrics WHERE is_default = 1 AND retired_at IS NULL "
                        "ORDER BY version DESC LIMIT 1").fetchone()
    unfinished = {status: int(one("SELECT count(*) FROM enrollments WHERE status = ?", [status]))
                  for status in ("enrolled", "waitlisted", "interested")}
    return Rollover(
        closing=year,
        teachers=int(one("SELECT count(*) FROM staff WHERE archived_at IS NULL AND role = 'teacher'")),
        leaders=int(one("SELECT count(*) FROM staff WHERE archived_at IS NULL AND role != 'teacher'")),
        rubric=f"{rubric[0]} (version {rubric[1]})" if rubric else "",
        offerings=int(one("SELECT count(*) FROM pd_offerings WHERE retired_at IS NULL")),
        live_goals=int(one("SELECT count(*) FROM goals WHERE status IN ('active', 'draft')")),
        open_steps=int(one("SELECT count(*) FROM action_steps a JOIN goals g ON g.id = a.goal_id "
                           "WHERE g.status IN ('active', 'draft') AND a.status = 'open'")),
        unfinished_pd=unfinished,
        drafts=int(one("SELECT count(*) FROM observations WHERE status = 'draft'")),
        visits=observations.count_visits(db, since=year.since, until=year.until),
        conversations=int(in_year("conversations", "held_on")),
        check_ins=int(in_year("goal_check_ins", "checked_on")),
        pd_completed=int(in_year("enrollments", "completed_on", "status = 'completed'")),
        pd_hours=pd.hours_credited(db, since=year.since, until=year.until),
        celebrations=int(in_year("celebrations", "celebrated_on")),
        finished_goals=int(in_year("goals", "coalesce(met_on, substr(updated_at, 1, 10))",
                                   "status NOT IN ('active', 'draft')")),
        wellbeing_check_ins=int(in_year("wellbeing_check_ins", "checked_on")),
    )
