"""The demo school: a whole, believable school year of growth data, for trying Cultivate,
screenshots, and performance tests.

Same seed, same file contents: every random choice comes from one
``random.Random(seed)``, ids are drawn from it, and time stamps come from the
story's own dates, never the clock. Auditing is switched off while seeding (the
demo is not anyone's edit), and everything is written in one transaction.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlite_utils import Database

from db import audit, catalog, clock, merge, records, rubrics, school_years, staff
from db._names import staff_sort_key
from db.connection import set_audit_enabled
from db.errors import NeedsCorrection
from desktop.core import demo_learning, demo_people, demo_year
from desktop.core.demo_story import DemoContext, Leader, TeacherStory
from desktop.core.demo_writer import SchoolCalendar, Seeder, stamp

SCHOOL_NAMES = ("Riverbend Community School", "Maple Hollow School", "Harbourview K-12 Academy",
                "Cedar Ridge Community School", "Lakeside Learning Campus")
MAX_TEACHERS = 20_000

Progress = Callable[[int, int], None]


class DemoSchoolError(NeedsCorrection):
    """The demo school cannot be built here; ``str()`` says why in plain words."""


@dataclass(frozen=True)
class DemoSummary:
    school_name: str
    school_year: str
    first_day: date
    last_day: date
    teachers: int
    leaders: int
    seed: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    today: date | None = None

    def count(self, table: str) -> int:
        return self.rows.get(table, 0)

    def describe(self) -> str:
        as_of = f" as of {self.today.isoformat()}" if self.today else ""
        return (f"{self.school_name} {self.school_year}{as_of}: {self.teachers} teachers, "
                f"{self.leaders} leaders, {self.count('observations')} observations, "
                f"{self.count('goals')} goals, {self.count('enrollments')} enrollments, "
                f"{sum(self.rows.values())} rows in {self.seconds:.1f} s (seed {self.seed})")


def school_year_end(first_day: date) -> date:
    """The last teaching day: the Friday on or before 15 June of the following year."""
    last = date(first_day.year + 1, 6, 15)
    return last - timedelta(days=(last.weekday() - 4) % 7)


def first_teaching_day(year: int) -> date:
    """The year's first day: the third Monday of August (18 August 2025, 17 August 2026)."""
    first = date(year, 8, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7 + 14)


def school_year_start_for(today: date) -> date:
    """The first day of the school year *today* belongs to: the latest first day on or
    before it (in the summer and early August, the year just ended, with all of it)."""
    start = first_teaching_day(today.year)
    return start if start <= today else first_teaching_day(today.year - 1)


def build_demo_school(
    db: Database,
    *,
    teachers: int = 40,
    seed: int = 2026,
    today: date | None = None,
    school_year_start: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty Cultivate file with one school's year as it stands *today*; returns
    what was made.

    The year is the one *today* (default: the clock's) belongs to: visits, conversations
    and PD up to today, goals and PD still under way, sessions still to come. Same seed
    and same *today*, same file. A *school_year_start* without *today* builds that
    whole year, finished.
    """
    if not 1 <= teachers <= MAX_TEACHERS:
        raise DemoSchoolError(f"A demo school needs between 1 and {MAX_TEACHERS} teachers.")
    if staff.count(db, include_archived=True):
        raise DemoSchoolError("This file already has staff; build the demo school in a new, empty file.")
    if school_year_start is None:
        today = today or clock.today()
        school_year_start = school_year_start_for(today)
    elif today is None:
        today = school_year_end(school_year_start)
    began = time.perf_counter()
    rng = random.Random(seed)
    set_audit_enabled(db, False)
    try:
        with db.atomic():
            with audit.suspended(db):
                summary = _build(db, rng, teachers, seed, school_year_start, today, progress)
    finally:
        set_audit_enabled(db, True)
    return replace(summary, seconds=time.perf_counter() - began)


def _school_year(seeder: Seeder, calendar: SchoolCalendar, when: datetime) -> None:
    """The demo's school year record: its own calendar, terms split at New Year."""
    first, last = calendar.first_day, calendar.last_day
    year_id = seeder.add("school_years", {
        "name": school_years.year_name(first, last), "first_day": first.isoformat(),
        "last_day": last.isoformat(), "started_on": None}, when)
    new_year = date(first.year + 1, 1, 1)
    for position, (name, term_first, term_last) in enumerate(
            (("Term 1", first, new_year - timedelta(days=1)), ("Term 2", new_year, last))):
        seeder.add("school_terms", {
            "school_year_id": year_id, "name": name, "first_day": term_first.isoformat(),
            "last_day": term_last.isoformat(), "position": position}, when)


def _build(db: Database, rng: random.Random, teacher_count: int, seed: int, first_day: date,
           today: date, progress: Progress | None) -> DemoSummary:
    calendar = SchoolCalendar(first_day, school_year_end(first_day))
    seeder = Seeder(db, rng, today=today)
    # The year a new file is given (the one today is in) makes way for the demo's own.
    school_years.forget_years(db)
    total_steps = teacher_count + 2
    setup = datetime(first_day.year, first_day.month, first_day.day, 7, 30)
    setup_stamp = stamp(setup)
    # The same seed makes the same file, down to its device id (its own generator, so
    # the school itself is the one every seed always made).
    merge.set_device_id(db, str(uuid.UUID(int=random.Random(f"device-{seed}").getrandbits(128),
                                          version=4)), stamp=setup_stamp)

    rubric_id = rubrics.load_default_rubric(db, make_id=seeder.new_id, stamp=setup_stamp)
    catalog.install_goal_templates(db, make_id=seeder.new_id, stamp=setup_stamp)
    catalog.install_starter_catalog(db, make_id=seeder.new_id, stamp=setup_stamp)
    templates = {}
    for template in catalog.read_goal_templates():
        templates.setdefault(template["indicator"], template)

    school_name = rng.choice(SCHOOL_NAMES)
    school_year = f"{first_day.year}-{calendar.last_day.year}"
    school_id = seeder.add("schools", {"name": school_name, "identifier": f"SCH-{rng.randint(100, 999)}"},
                           setup)
    for key, value in (("school.name", school_name), ("school.year", school_year)):
        seeder.add("preferences", {"key": key, "value": value}, setup)
    _school_year(seeder, calendar, setup)

    leader_count = 2 if teacher_count <= 20 else 3  # a principal and one or two coaches
    persons = demo_people.people(rng, teacher_count + leader_count)
    domain = demo_people.ascii_slug(school_name.split()[0]) + ".example.org"
    emails = demo_people.emails(persons, domain)
    leaders = []
    for number, (person, email) in enumerate(zip(persons[teacher_count:], emails[teacher_count:], strict=True)):
        role = "principal" if number == 0 else "coach"
        leader_id = seeder.add("staff", {
            "school_id": school_id, "first_name": person.first_name, "last_name": person.last_name,
            "sort_key": staff_sort_key(person.first_name, person.last_name),
            "email": email, "identifier": f"L{1000 + number}", "role": role,
            "subjects": "", "grades": "K, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12",
            "hire_date": (first_day - timedelta(days=365 * rng.randint(1, 12))).isoformat(),
            "years_experience": rng.randint(10, 28), "career_goals": "", "preferred_formats": "",
            "interests": "", "leadership_strengths": "coaching peers", "archived_at": None,
        }, setup)
        leaders.append(Leader(leader_id, person.full_name, role))

    ctx = DemoContext(seeder=seeder, rng=rng, calendar=calendar, rubric_id=rubric_id,
                      indicators=rubrics.indicators(db, rubric_id),
                      look_fors=rubrics.look_fors(db, rubric_id), leaders=leaders,
                      school_name=school_name)
    stories = _teachers(ctx, school_id, persons[:teacher_count], emails[:teacher_count])
    _report(progress, 1, total_steps)

    seeder.flush()  # teacher-led offerings point at staff rows
    teacher_led = demo_learning.teacher_led_offerings(ctx, stories)
    catalog.install_offerings(db, teacher_led, make_id=seeder.new_id, stamp=setup_stamp)
    ctx.offerings = catalog.list_offerings(db)
    for offering in ctx.offerings:
        demo_learning.schedule_sessions(ctx, offering)
    demo_learning.rooms(ctx)
    _report(progress, 2, total_steps)

    for number, teacher in enumerate(stories, start=1):
        demo_year.build_teacher_year(ctx, teacher, templates)
        completed = demo_learning.enrollments(ctx, teacher)
        demo_learning.teacher_celebrations(ctx, teacher, completed)
        if number % 25 == 0 or number == len(stories):
            _report(progress, 2 + number, total_steps)
    demo_learning.school_celebrations(
        ctx, stories, [offering for offering in ctx.offerings if offering.facilitator_staff_id])
    seeder.flush()

    rows = records.counts(db)
    return DemoSummary(school_name=school_name, school_year=school_year, first_day=first_day,
                       last_day=calendar.last_day, teachers=teacher_count, leaders=len(leaders),
                       seed=seed, rows=rows, today=today)


def _teachers(ctx: DemoContext, school_id: str, persons: list, emails: list[str]) -> list[TeacherStory]:
    rng, first_day = ctx.rng, ctx.first_day
    # One teacher left during the year (archived); never one of the Unicode names.
    leaver = len(persons) - 1 if len(persons) > len(demo_people.UNICODE_TEACHERS) else None
    stories = []
    for index, (person, email) in enumerate(zip(persons, emails, strict=True)):
        profile = demo_people.teacher_profile(rng, first_day)
        last_day = ctx.last_day
        archived_at = None
        if index == leaver:
            last_day = ctx.calendar.pick(rng, date(ctx.last_day.year, 1, 26),
                                         date(ctx.last_day.year, 3, 13))
            archived_at = stamp(datetime.combine(last_day, datetime.min.time()) + timedelta(hours=17))
        staff_id = ctx.seeder.add("staff", {
            "school_id": school_id, "first_name": person.first_name, "last_name": person.last_name,
            "sort_key": staff_sort_key(person.first_name, person.last_name),
            "email": email, "identifier": f"T{10000 + index}", "role": "teacher", **profile,
            "archived_at": archived_at,
        }, first_day, updated=archived_at)
        years = profile["years_experience"]
        mean = 2.0 + min(years, 15) * 0.06 + rng.gauss(0, 0.3)
        levels = {code: max(1.0, min(3.8, mean + rng.gauss(0, 0.45))) for code in ctx.codes}
        # The main goal grows from one of the teacher's weaker classroom indicators.
        classroom = sorted((code for code in ctx.codes if not code.startswith("4")),
                           key=lambda code: (levels[code], code)) or list(ctx.codes)
        focus = rng.choice(classroom[:3])
        levels[focus] = min(levels[focus], 2.3)
        growth = rng.uniform(1.0, 1.8) if rng.random() < 0.8 else rng.uniform(-0.2, 0.3)
        stories.append(TeacherStory(
            index=index, id=staff_id, first_name=person.first_name, last_name=person.last_name,
            subjects=profile["subjects"], grades=profile["grades"], years_experience=years,
            preferred_formats=tuple(profile["preferred_formats"].split(",")),
            leadership_strengths=profile["leadership_strengths"],
            career_goals=profile["career_goals"], interests=profile["interests"],
            levels=levels, focus=focus, growth=growth, last_day=last_day,
        ))
    return stories


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)
