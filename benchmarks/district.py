"""The benchmark's district: 5,000 teachers and ten school years, built once and cached.

The demo school (``desktop.core.demo``) tells one school year in full. A district that
has used Cultivate for ten years holds fewer records per teacher in its early years
(fewer coaches, fewer visits written down), so the nine earlier years are made from the
current one: a share of the teachers already hired that year has their whole year
copied, a year earlier per step back, with every date moved by those years and every id
made new (the first eight hex digits of an id say which year back it is; the rest are
the original's, so the copy is the same each time). The PD catalog grows the same way:
each earlier year has its own offerings (copies, with their sessions) and the
enrolments in them.

The shares are chosen so the district has about 200,000 observations, 20,000 goals,
1,000 offerings and 50,000 enrolments (``TARGETS``); :func:`describe` prints what it
holds. The file is cached outside the repository (``~/.cache/cultivate-bench``, or
``$CULTIVATE_BENCH_CACHE``), named by the builder's version and by the data format the
migrations make, so a change to either builds a new one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # at run time db imports sqlite-utils (without numpy, as Cultivate starts)
    from sqlite_utils import Database

BUILDER_VERSION = 2
YEARS = 10
AS_OF = date(2026, 6, 30)          # the summer after the tenth year: every year is whole
TARGETS = {"observations": 200_000, "goals": 20_000, "pd_offerings": 1_000, "enrollments": 50_000}

# What a teacher-year is: the teacher's own records, parents before children. Each entry
# is (table, the column tying it to the teacher or to its parent, parent table or None).
TEACHER_YEAR = (
    ("goals", "staff_id", None),
    ("action_steps", "goal_id", "goals"),
    ("goal_check_ins", "goal_id", "goals"),
    ("observations", "staff_id", None),
    ("observation_scores", "observation_id", "observations"),
    ("observation_look_fors", "observation_id", "observations"),
    ("observation_evidence", "observation_id", "observations"),
    ("self_assessments", "staff_id", None),
    ("self_assessment_ratings", "self_assessment_id", "self_assessments"),
    ("conversations", "staff_id", None),
    ("conversation_goals", "conversation_id", "conversations"),
    ("wellbeing_check_ins", "staff_id", None),
)
CATALOG = (
    ("pd_offerings", None),
    ("pd_offering_indicators", "offering_id"),
    ("pd_sessions", "offering_id"),
)
# Columns that point at a record copied along with the row (their ids change too).
COPIED_REFERENCES = {
    "goals": (), "action_steps": ("goal_id",), "goal_check_ins": ("goal_id",),
    "observations": ("goal_id",), "observation_scores": ("observation_id",),
    "observation_look_fors": ("observation_id",), "observation_evidence": ("observation_id",),
    "self_assessments": (), "self_assessment_ratings": ("self_assessment_id",),
    "conversations": ("observation_id",), "conversation_goals": ("conversation_id", "goal_id"),
    "wellbeing_check_ins": (), "pd_offerings": (), "pd_offering_indicators": ("offering_id",),
    "pd_sessions": ("offering_id",), "enrollments": ("offering_id",),
    "celebrations": (), "celebration_staff": ("celebration_id",),
}
DATE_COLUMNS = ("_on", "_at", "first_day", "last_day")
GOAL_TABLES = ("goals", "action_steps", "goal_check_ins")
# A copy's id begins with 000000 and the year(s) back; an original's (a random uuid4)
# practically never does, so copies are never copied again.
ORIGINAL = "substr({}, 1, 6) != '000000'"


def cache_folder() -> Path:
    return Path(os.environ.get("CULTIVATE_BENCH_CACHE") or Path.home() / ".cache" / "cultivate-bench")


def _format_tag(steps=None) -> str:
    """Which data format: the last migration's number and a digest of every step's name
    and SQL (a step edited before it is merged makes a new file, not a stale one)."""
    from db import migrations

    steps = migrations.MIGRATIONS if steps is None else steps
    folder = Path(migrations.__file__).parent
    parts = []
    for step in steps:
        script = folder / f"{step.name}.sql"
        parts.append(step.name + (":" + script.read_text(encoding="utf-8") if script.exists() else ""))
    return f"f{steps[-1].version}-{hashlib.sha1('|'.join(parts).encode()).hexdigest()[:8]}"


def district_path(teachers: int, seed: int, steps=None) -> Path:
    return cache_folder() / (f"district-{teachers}t-{YEARS}y-{seed}-b{BUILDER_VERSION}-"
                             f"{_format_tag(steps)}.db")


def district_file(teachers: int = 5000, seed: int = 2026, *, say=print) -> Path:
    """The cached district file: built first if it is not there yet, or upgraded from a
    copy made by the same builder under fewer of the same migrations."""
    from db import migrations
    from db.connection import open_database

    path = district_path(teachers, seed)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".building")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    began = time.perf_counter()
    for count in range(len(migrations.MIGRATIONS) - 1, 0, -1):
        older = district_path(teachers, seed, migrations.MIGRATIONS[:count])
        if older.exists():
            say(f"upgrading a copy of {older.name} to data format {migrations.LATEST_VERSION} …")
            shutil.copyfile(older, partial)
            db = open_database(partial)
            with db.ensure_autocommit_on():
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.close()
            break
    else:
        say(f"building the district ({teachers} teachers, {YEARS} years) once, into {path} …")
        build(partial, teachers=teachers, seed=seed, say=say)
    partial.rename(path)
    say(f"  ready in {time.perf_counter() - began:.0f} s: {describe(path)}")
    return path


def build(path: Path, *, teachers: int, seed: int, say=print) -> None:
    from db import audit
    from db.connection import open_database, set_audit_enabled
    from desktop.core.demo import build_demo_school

    db = open_database(path)
    try:
        began = time.perf_counter()
        build_demo_school(db, teachers=teachers, seed=seed, today=AS_OF)
        say(f"  the current year: {time.perf_counter() - began:.0f} s")
        set_audit_enabled(db, False)
        try:
            with db.atomic():
                with audit.suspended(db):
                    _earlier_years(db, say)
        finally:
            set_audit_enabled(db, True)
        db.execute("ANALYZE")
        with db.ensure_autocommit_on():
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


# -- the earlier years --------------------------------------------------------------------

def _prefix(k: int) -> str:
    return f"{k:08x}"


def _new_id(column: str, prefix: str) -> str:
    return f"CASE WHEN {column} IS NULL THEN NULL ELSE '{prefix}' || substr({column}, 9) END"


def _earlier(column: str, k: int) -> str:
    """*column* (an ISO date or time stamp) *k* years earlier, 29 February as the 28th."""
    year = f"printf('%04d', CAST(substr({column}, 1, 4) AS INTEGER) - {k})"
    rest = f"CASE WHEN substr({column}, 5, 6) = '-02-29' THEN '-02-28' || substr({column}, 11) " \
           f"ELSE substr({column}, 5) END"
    return f"CASE WHEN {column} IS NULL OR {column} = '' THEN {column} ELSE {year} || {rest} END"


def _is_date(column: str) -> bool:
    return column.endswith(DATE_COLUMNS) or column in ("created_at", "updated_at")


def _copy_sql(db: Database, table: str, k: int, source_filter: str, *, prefix: str | None = None,
              source: str = "", overrides: dict[str, str] | None = None, verb: str = "INSERT") -> str:
    """INSERT … SELECT copying the rows of *table* that pass *source_filter* (aliased
    ``src``) *k* years back; *overrides* gives some columns' expressions instead."""
    prefix = prefix or _prefix(k)
    overrides = overrides or {}
    columns = [column.name for column in db[table].columns]
    expressions = []
    for column in columns:
        if column in overrides:
            expressions.append(overrides[column])
        elif column == "id" or column in COPIED_REFERENCES[table]:
            expressions.append(_new_id(f"src.{column}", prefix))
        elif _is_date(column):
            expressions.append(_earlier(f"src.{column}", k))
        else:
            expressions.append(f"src.{column}")
    names = ", ".join(f'"{column}"' for column in columns)
    return (f'{verb} INTO "{table}" ({names}) SELECT {", ".join(expressions)} '
            f'FROM {source or f"{table!r} AS src".replace(chr(39), chr(34))} WHERE {source_filter}')


def _bucket(column: str, position: int = 25) -> str:
    """0..255 from two random hex digits of a uuid: a fixed, even split of the rows."""
    digit = "instr('0123456789abcdef', substr({c}, {p}, 1)) - 1"
    return f"(({digit.format(c=column, p=position)}) * 16 + ({digit.format(c=column, p=position + 1)}))"


def _years_back(day: date, k: int) -> date:
    try:
        return day.replace(year=day.year - k)
    except ValueError:   # 29 February
        return day.replace(year=day.year - k, day=28)


def _earlier_years(db: Database, say) -> None:
    from db import school_years

    current = school_years.list_years(db)[-1]
    base = {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in TARGETS}
    hired = {k: _years_back(current.first_day, k).isoformat() for k in range(1, YEARS)}
    # Shares of the teachers hired by then (their visits), of those (their goals) and of
    # the catalog, chosen from what the current year holds so the totals meet TARGETS.
    eligible = {table: sum(db.execute(
        f'SELECT count(*) FROM "{table}" t JOIN staff s ON s.id = t.staff_id '
        "WHERE s.role = 'teacher' AND s.hire_date <= ?", [hired[k]]).fetchone()[0] for k in hired)
        for table in ("observations", "goals")}
    share = min(1.0, (TARGETS["observations"] - base["observations"]) / max(eligible["observations"], 1))
    goal_share = min(1.0, (TARGETS["goals"] - base["goals"]) / max(eligible["goals"] * share, 1))
    offering_share = min(1.0, (TARGETS["pd_offerings"] - base["pd_offerings"]) / (
        max(base["pd_offerings"], 1) * (YEARS - 1)))
    say(f"  earlier years: the visits of {share:.0%} of the teachers hired by then, the goals of "
        f"{goal_share:.0%} of those, {offering_share:.0%} of the catalog each year")
    db.execute("CREATE TEMP TABLE bench_teacher_year (staff_id TEXT PRIMARY KEY)")
    db.execute("CREATE TEMP TABLE bench_goal_year (staff_id TEXT PRIMARY KEY)")
    db.execute("CREATE TEMP TABLE bench_offering_year (offering_id TEXT PRIMARY KEY, partner_id TEXT)")
    db.execute("CREATE TEMP TABLE bench_celebration_year (celebration_id TEXT PRIMARY KEY)")
    limit, goal_limit = round(share * 256), round(goal_share * 256)
    offering_limit = round(offering_share * 256)
    originals = [row[0] for row in db.execute("SELECT id FROM pd_offerings ORDER BY id")]
    teachers = "(SELECT staff_id FROM bench_teacher_year)"
    goal_teachers = "(SELECT staff_id FROM bench_goal_year)"
    copied_goals = f"(SELECT id FROM goals WHERE staff_id IN {goal_teachers} AND {ORIGINAL.format('id')})"
    for k in range(1, YEARS):
        began = time.perf_counter()
        prefix = _prefix(k)
        for name in ("bench_teacher_year", "bench_goal_year", "bench_offering_year",
                     "bench_celebration_year"):
            db.execute(f"DELETE FROM temp.{name}")
        db.execute(
            f"INSERT INTO bench_teacher_year SELECT id FROM staff WHERE role = 'teacher' "
            f"AND hire_date <= ? AND ({_bucket('id')} + {k * 53}) % 256 < {limit}", [hired[k]])
        db.execute(f"INSERT INTO bench_goal_year SELECT staff_id FROM bench_teacher_year "
                   f"WHERE ({_bucket('staff_id', 27)} + {k * 31}) % 256 < {goal_limit}")
        goal_id = f"CASE WHEN src.goal_id IN {copied_goals} THEN {_new_id('src.goal_id', prefix)} END"
        for table, column, parent in TEACHER_YEAR:
            overrides = {}
            people = goal_teachers if table in GOAL_TABLES else teachers
            if parent is None:
                where = f"src.{column} IN {people} AND {ORIGINAL.format('src.id')}"
            else:
                where = (f'src.{column} IN (SELECT id FROM "{parent}" WHERE staff_id IN {people} '
                         f"AND {ORIGINAL.format('id')})")
            if table == "observations":
                overrides["goal_id"] = goal_id
            if table == "conversation_goals":
                where += f" AND src.goal_id IN {copied_goals}"
            db.execute(_copy_sql(db, table, k, where, overrides=overrides))
        # The year's own PD catalog, and who took part in it: the people of the offering
        # copied and of a second one (the catalog was smaller, its sessions fuller).
        chosen = [row[0] for row in db.execute(
            f"SELECT id FROM pd_offerings WHERE {ORIGINAL.format('id')} "
            f"AND ({_bucket('id')} + {k * 97}) % 256 < {offering_limit} ORDER BY id")]
        db.conn.executemany("INSERT INTO bench_offering_year VALUES (?, ?)", [
            (offering, originals[(originals.index(offering) + 1 + k) % len(originals)])
            for offering in chosen])
        offerings = "(SELECT offering_id FROM bench_offering_year)"
        for table, column in CATALOG:
            key = "src.id" if column is None else f"src.{column}"
            db.execute(_copy_sql(db, table, k, f"{key} IN {offerings}"))
        staff_then = "(SELECT id FROM staff WHERE hire_date <= ?)"
        db.execute(_copy_sql(db, "enrollments", k,
                             f"src.offering_id IN {offerings} AND src.staff_id IN {staff_then}"),
                   [hired[k]])
        db.execute(_copy_sql(
            db, "enrollments", k, f"src.staff_id IN {staff_then}", prefix=_prefix(0x80 + k),
            source='"enrollments" AS src JOIN bench_offering_year AS pair ON pair.partner_id = src.offering_id',
            overrides={"offering_id": _new_id("pair.offering_id", prefix)}, verb="INSERT OR IGNORE"),
            [hired[k]])
        # Celebrations of the copied teachers (only their part in a shared one).
        db.execute("INSERT OR IGNORE INTO bench_celebration_year SELECT celebration_id "
                   f"FROM celebration_staff WHERE staff_id IN {teachers} "
                   f"AND {ORIGINAL.format('celebration_id')}")
        celebrations = "(SELECT celebration_id FROM bench_celebration_year)"
        db.execute(_copy_sql(db, "celebrations", k, f"src.id IN {celebrations}"))
        db.execute(_copy_sql(db, "celebration_staff", k,
                             f"src.celebration_id IN {celebrations} AND src.staff_id IN {teachers}"))
        say(f"  {k} year{'s' if k > 1 else ''} back: {time.perf_counter() - began:.0f} s")
    plans = []
    for k in range(YEARS - 1, -1, -1):
        first = _years_back(current.first_day, k)
        last = _years_back(current.last_day, k)
        terms = tuple(school_years.Term(term.name, _years_back(term.first_day, k),
                                        _years_back(term.last_day, k))
                      for term in current.terms)
        plans.append(school_years.YearPlan(school_years.year_name(first, last), first, last, terms))
    school_years.replace_years(db, plans)
    for name in ("bench_teacher_year", "bench_goal_year", "bench_offering_year",
                 "bench_celebration_year"):
        db.execute(f"DROP TABLE temp.{name}")


def describe(path: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        counts = {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                  for table in ("staff", "observations", "goals", "pd_offerings", "enrollments",
                                "conversations", "celebrations", "school_years")}
    finally:
        conn.close()
    size = path.stat().st_size / 1e6
    return ", ".join(f"{count:,} {table.replace('_', ' ')}" for table, count in counts.items()) + \
        f"; {size:,.0f} MB"
