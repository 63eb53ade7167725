"""What a growth profile is built from: observation scores and self-ratings, by indicator code.

Codes, not indicator ids, join the pieces: a rubric edited after use gets a new
version with new ids, but an indicator keeps its code across versions.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

from sqlite_utils import Database

from db import schools
from db._names import dated


@dataclass(frozen=True)
class ScoreRow:
    observation_id: str
    indicator_code: str
    observed_on: date
    kind: str
    score: int


def _dated(since: str | None, until: str | None) -> tuple[str, list]:
    where, params = dated("o.observed_on", since, until)
    return "".join(f" AND {term}" for term in where), params


def observation_scores(db: Database, staff_id: str, *, since: str | None = None,
                       until: str | None = None) -> list[ScoreRow]:
    """Scores from complete observations (drafts are not evidence yet), oldest first;
    *since*/*until* (ISO, inclusive) keep one school year's."""
    dated, params = _dated(since, until)
    rows = db.execute(
        "SELECT o.id, i.code, o.observed_on, o.kind, s.score "
        "FROM observation_scores s "
        "JOIN observations o ON o.id = s.observation_id "
        "JOIN rubric_indicators i ON i.id = s.indicator_id "
        "WHERE o.staff_id = ? AND o.status = 'complete' AND s.score IS NOT NULL" + dated +
        " ORDER BY o.observed_on, o.id",
        [staff_id, *params],
    ).fetchall()
    return [ScoreRow(row[0], row[1], date.fromisoformat(row[2]), row[3], row[4]) for row in rows]


def look_for_marks(db: Database, staff_id: str, *, since: str | None = None,
                   until: str | None = None) -> list[ScoreRow]:
    """Look-for marks from complete observations, under the indicator each look-for
    belongs to (look-fors of no indicator have no code to go under), oldest first."""
    dated, params = _dated(since, until)
    rows = db.execute(
        "SELECT o.id, i.code, o.observed_on, o.kind, m.score "
        "FROM observation_look_fors m "
        "JOIN observations o ON o.id = m.observation_id "
        "JOIN look_fors f ON f.id = m.look_for_id "
        "JOIN rubric_indicators i ON i.id = f.indicator_id "
        "WHERE o.staff_id = ? AND o.status = 'complete' AND m.score IS NOT NULL" + dated +
        " ORDER BY o.observed_on, o.id",
        [staff_id, *params],
    ).fetchall()
    return [ScoreRow(row[0], row[1], date.fromisoformat(row[2]), row[3], row[4]) for row in rows]


def evidence_lines(db: Database, observation_ids: list[str]) -> dict[tuple[str, str | None], list[str]]:
    """(observation id, indicator code or None) -> evidence texts, in the order noted."""
    if not observation_ids:
        return {}
    found: dict[tuple[str, str | None], list[str]] = {}
    for start in range(0, len(observation_ids), 500):
        chunk = observation_ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = db.execute(
            f"SELECT e.observation_id, i.code, e.text FROM observation_evidence e "
            f"LEFT JOIN rubric_indicators i ON i.id = e.indicator_id "
            f"WHERE e.observation_id IN ({marks}) ORDER BY e.observation_id, e.position, e.noted_at",
            chunk,
        ).fetchall()
        for observation_id, code, text in rows:
            found.setdefault((observation_id, code), []).append(text)
    return found


def latest_self_ratings(db: Database, staff_id: str, *, as_of: date | None = None) -> dict[str, int]:
    """The most recent self-assessment's ratings by indicator code (empty if none)."""
    params: list = [staff_id]
    where = "staff_id = ?"
    if as_of is not None:
        where += " AND taken_on <= ?"
        params.append(as_of.isoformat())
    latest = db.execute(
        f"SELECT id FROM self_assessments WHERE {where} ORDER BY taken_on DESC, created_at DESC LIMIT 1",
        params,
    ).fetchone()
    if not latest:
        return {}
    rows = db.execute(
        "SELECT i.code, r.rating FROM self_assessment_ratings r "
        "JOIN rubric_indicators i ON i.id = r.indicator_id WHERE r.self_assessment_id = ?",
        [latest[0]],
    ).fetchall()
    return {code: rating for code, rating in rows}


def goal_outcomes(db: Database, staff_id: str) -> list[tuple[str, str, str | None]]:
    """(indicator code, status, met on) of the teacher's goals that name an indicator: the
    growth profile counts an achieved goal's indicator as growth, not as a gap."""
    return [tuple(row) for row in db.execute(
        "SELECT indicator_code, status, met_on FROM goals "
        "WHERE staff_id = ? AND indicator_code IS NOT NULL AND indicator_code != '' "
        "ORDER BY coalesce(met_on, due_on, ''), id",
        [staff_id],
    ).fetchall()]


# --- everyone at once: the school's profiles in three queries, not three per teacher -------

def current_teachers(db: Database, *, school_id: str | None = None) -> list[tuple[str, str]]:
    """(id, name) of every current teacher (role teacher, not archived), by last name: the
    staff the Overview's figures are about, as Coverage counts them; *school_id*: that
    school's."""
    term, values = schools.of_school("id", school_id)
    where = " AND ".join(["role = 'teacher'", "archived_at IS NULL", *term])
    return [tuple(row) for row in db.execute(
        f"SELECT id, trim(first_name || ' ' || last_name) FROM staff WHERE {where} "
        "ORDER BY sort_key, last_name, first_name", values)]


def scores_of_each_teacher(db: Database, *, until: str | None = None, school_id: str | None = None
                           ) -> Iterator[tuple[str, list[tuple[str, str, date, str, int]]]]:
    """:func:`observation_scores` of every teacher (up to *until*; of *school_id*'s teachers,
    when given), one teacher at a time in staff id order, as plain (observation id, indicator
    code, observed on, kind, score) tuples. Read in the observations_staff_visits index's
    order, so neither SQLite nor Python holds the district's two million scores at once (they
    took 460 MB, and the sort of all of them by date more)."""
    dated, params = _dated(None, until)
    term, values = schools.of_school("o.staff_id", school_id)
    dated += "".join(f" AND {t}" for t in term)
    params = [*params, *values]
    rows = db.execute(
        "SELECT o.staff_id, o.id, i.code, o.observed_on, o.kind, s.score "
        "FROM observations o "
        "JOIN observation_scores s ON s.observation_id = o.id "
        "JOIN rubric_indicators i ON i.id = s.indicator_id "
        "WHERE o.status = 'complete' AND s.score IS NOT NULL" + dated +
        " ORDER BY o.staff_id, o.observed_on, o.id", params)
    for staff_id, group in itertools.groupby(rows, key=itemgetter(0)):
        yield staff_id, [(observation_id, code, date.fromisoformat(observed_on), kind, score)
                         for _, observation_id, code, observed_on, kind, score in group]


def self_ratings_by_teacher(db: Database, *, as_of: date | None = None) -> dict[str, dict[str, int]]:
    """:func:`latest_self_ratings` for every teacher at once, by staff id."""
    bound = " AND taken_on <= ?" if as_of is not None else ""
    params = [as_of.isoformat()] if as_of is not None else []
    rows = db.execute(
        f"""WITH latest AS (
                SELECT id, staff_id, row_number() OVER (
                    PARTITION BY staff_id ORDER BY taken_on DESC, created_at DESC) AS newest
                FROM self_assessments WHERE 1 = 1{bound})
            SELECT l.staff_id, i.code, r.rating FROM latest l
            JOIN self_assessment_ratings r ON r.self_assessment_id = l.id
            JOIN rubric_indicators i ON i.id = r.indicator_id
            WHERE l.newest = 1""", params)
    found: dict[str, dict[str, int]] = {}
    for staff_id, code, rating in rows:
        found.setdefault(staff_id, {})[code] = rating
    return found


def goal_outcomes_by_teacher(db: Database) -> dict[str, list[tuple[str, str, str | None]]]:
    """:func:`goal_outcomes` for every teacher at once, by staff id."""
    found: dict[str, list[tuple[str, str, str | None]]] = {}
    for staff_id, code, status, met_on in db.execute(
            "SELECT staff_id, indicator_code, status, met_on FROM goals "
            "WHERE indicator_code IS NOT NULL AND indicator_code != '' "
            "ORDER BY coalesce(met_on, due_on, ''), id"):
        found.setdefault(staff_id, []).append((code, status, met_on))
    return found
