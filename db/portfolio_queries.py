"""What one teacher's printed growth portfolio reads, for one school year.

Plain rows only; choosing, summarising and privacy rules live in
``desktop/core/portfolio_data.py``. Every query takes the year as ISO dates
(``first``, ``last``, both inclusive) so a portfolio never mixes years.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from db import preferences
from db._names import full_name


@dataclass(frozen=True)
class GoalRow:
    id: str
    title: str
    description: str
    measure: str
    baseline: str
    target: str
    indicator_code: str | None
    indicator_name: str | None
    start_on: str | None
    due_on: str | None
    status: str
    cycle_stage: str
    met_on: str | None


@dataclass(frozen=True)
class ActionStepRow:
    goal_id: str
    description: str
    due_on: str | None
    status: str
    done_on: str | None


@dataclass(frozen=True)
class CheckInRow:
    goal_id: str
    checked_on: str
    progress: int | None
    evidence: str
    notes: str


@dataclass(frozen=True)
class ObservationRow:
    id: str
    observed_on: str
    kind: str
    observer_name: str
    class_context: str
    glow: str
    grow: str
    next_step: str
    private_note: str


@dataclass(frozen=True)
class IndicatorScoreRow:
    observation_id: str
    observed_on: str
    indicator_code: str
    indicator_name: str
    score: int


@dataclass(frozen=True)
class EvidenceRow:
    observation_id: str
    observed_on: str
    indicator_code: str | None
    text: str


@dataclass(frozen=True)
class EnrollmentRow:
    title: str
    format: str
    completed_on: str | None
    hours_credited: float
    reflection_learned: str
    reflection_use: str
    rating: int | None


@dataclass(frozen=True)
class CelebrationRow:
    kind: str
    title: str
    story: str
    celebrated_on: str
    is_public: bool


@dataclass(frozen=True)
class ConversationRow:
    kind: str
    held_on: str
    leader_name: str
    notes: str
    is_private: bool


@dataclass(frozen=True)
class WellbeingRow:
    checked_on: str
    energy: int
    workload: int
    stress: int
    note: str


def school_name(db: Database, school_id: str | None) -> str:
    """The teacher's own school, else the file's ``school.name`` preference, else ''."""
    if school_id:
        row = db.execute("SELECT name FROM schools WHERE id = ?", [school_id]).fetchone()
        if row and row[0]:
            return row[0]
    return preferences.get(db, "school.name", "") or ""


def goals(db: Database, staff_id: str, first: str, last: str) -> list[GoalRow]:
    """Goals alive during the year: started (or written) before it ended, not finished before it began."""
    rows = db.execute(
        """
        SELECT g.id, g.title, g.description, g.measure, g.baseline, g.target, g.indicator_code,
               (SELECT i.name FROM rubric_indicators i WHERE i.code = g.indicator_code
                 ORDER BY i.created_at DESC LIMIT 1),
               g.start_on, g.due_on, g.status, g.cycle_stage, g.met_on
        FROM goals g
        WHERE g.staff_id = ? AND g.status != 'draft'
          AND coalesce(g.start_on, substr(g.created_at, 1, 10)) <= ?
          AND coalesce(g.met_on, g.due_on, ?) >= ?
        ORDER BY coalesce(g.start_on, substr(g.created_at, 1, 10)), g.title
        """,
        [staff_id, last, last, first],
    ).fetchall()
    return [GoalRow(*row) for row in rows]


def action_steps(db: Database, goal_ids: list[str]) -> list[ActionStepRow]:
    return [ActionStepRow(*row) for row in _in_chunks(
        db,
        "SELECT goal_id, description, due_on, status, done_on FROM action_steps "
        "WHERE goal_id IN ({marks}) ORDER BY position, coalesce(due_on, '9999'), description",
        goal_ids,
    )]


def check_ins(db: Database, goal_ids: list[str], last: str) -> list[CheckInRow]:
    return [CheckInRow(*row) for row in _in_chunks(
        db,
        "SELECT goal_id, checked_on, progress, evidence, notes FROM goal_check_ins "
        "WHERE goal_id IN ({marks}) AND checked_on <= ? ORDER BY checked_on",
        goal_ids, [last],
    )]


def observations(db: Database, staff_id: str, first: str, last: str, *,
                 include_private: bool) -> list[ObservationRow]:
    """Complete observations in the year, oldest first (drafts are not evidence yet).
    Private notes are not even read unless asked for (they come back as '')."""
    private_note = "o.private_note" if include_private else "''"
    rows = db.execute(
        f"""
        SELECT o.id, o.observed_on, o.kind,
               coalesce(nullif(o.observer_name, ''), {full_name('s')}, ''),
               o.class_context, o.glow, o.grow, o.next_step, {private_note}
        FROM observations o LEFT JOIN staff s ON s.id = o.observer_id
        WHERE o.staff_id = ? AND o.status = 'complete' AND o.observed_on BETWEEN ? AND ?
        ORDER BY o.observed_on, o.id
        """,
        [staff_id, first, last],
    ).fetchall()
    return [ObservationRow(*row) for row in rows]


def indicator_scores(db: Database, staff_id: str, first: str, last: str) -> list[IndicatorScoreRow]:
    rows = db.execute(
        """
        SELECT o.id, o.observed_on, i.code, i.name, s.score
        FROM observation_scores s
        JOIN observations o ON o.id = s.observation_id
        JOIN rubric_indicators i ON i.id = s.indicator_id
        WHERE o.staff_id = ? AND o.status = 'complete' AND s.score IS NOT NULL
          AND o.observed_on BETWEEN ? AND ?
        ORDER BY o.observed_on, o.id
        """,
        [staff_id, first, last],
    ).fetchall()
    return [IndicatorScoreRow(*row) for row in rows]


def evidence(db: Database, observation_ids: list[str]) -> list[EvidenceRow]:
    return [EvidenceRow(*row) for row in _in_chunks(
        db,
        "SELECT e.observation_id, o.observed_on, i.code, e.text FROM observation_evidence e "
        "JOIN observations o ON o.id = e.observation_id "
        "LEFT JOIN rubric_indicators i ON i.id = e.indicator_id "
        "WHERE e.observation_id IN ({marks}) AND trim(e.text) != '' "
        "ORDER BY o.observed_on, e.observation_id, e.position, e.noted_at",
        observation_ids,
    )]


def completed_pd(db: Database, staff_id: str, first: str, last: str) -> list[EnrollmentRow]:
    rows = db.execute(
        """
        SELECT p.title, p.format, e.completed_on, e.hours_credited, e.reflection_learned,
               e.reflection_use, e.rating
        FROM enrollments e JOIN pd_offerings p ON p.id = e.offering_id
        WHERE e.staff_id = ? AND e.status = 'completed'
          AND coalesce(e.completed_on, substr(e.updated_at, 1, 10)) BETWEEN ? AND ?
        ORDER BY coalesce(e.completed_on, substr(e.updated_at, 1, 10)), p.title
        """,
        [staff_id, first, last],
    ).fetchall()
    return [EnrollmentRow(*row) for row in rows]


def celebrations(db: Database, staff_id: str, first: str, last: str) -> list[CelebrationRow]:
    rows = db.execute(
        """
        SELECT c.kind, c.title, c.story, c.celebrated_on, c.is_public
        FROM celebrations c JOIN celebration_staff cs ON cs.celebration_id = c.id
        WHERE cs.staff_id = ? AND c.celebrated_on BETWEEN ? AND ?
        ORDER BY c.celebrated_on, c.title
        """,
        [staff_id, first, last],
    ).fetchall()
    return [CelebrationRow(kind, title, story, on, bool(public)) for kind, title, story, on, public in rows]


def conversations(db: Database, staff_id: str, first: str, last: str, *,
                  include_private: bool) -> list[ConversationRow]:
    """Private conversations are not even read unless asked for: they cannot leak into print."""
    private_clause = "" if include_private else " AND c.is_private = 0"
    rows = db.execute(
        f"""
        SELECT c.kind, c.held_on, coalesce({full_name('s')}, ''),
               c.notes, c.is_private
        FROM conversations c LEFT JOIN staff s ON s.id = c.leader_id
        WHERE c.staff_id = ? AND c.held_on BETWEEN ? AND ?{private_clause}
        ORDER BY c.held_on, c.id
        """,
        [staff_id, first, last],
    ).fetchall()
    return [ConversationRow(kind, on, leader, notes, bool(private))
            for kind, on, leader, notes, private in rows]


def wellbeing(db: Database, staff_id: str, first: str, last: str) -> list[WellbeingRow]:
    """The check-ins the teacher shared: the only wellbeing linked to a person (db.wellbeing)."""
    rows = db.execute(
        "SELECT checked_on, energy, workload, stress, note FROM wellbeing_check_ins "
        "WHERE staff_id = ? AND checked_on BETWEEN ? AND ? ORDER BY checked_on",
        [staff_id, first, last],
    ).fetchall()
    return [WellbeingRow(*row) for row in rows]


def _in_chunks(db: Database, sql: str, ids: list[str], extra: list | None = None) -> list[tuple]:
    """Run *sql* (with ``{marks}`` for the id list) in chunks under SQLite's variable limit."""
    found: list[tuple] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        found.extend(db.execute(sql.format(marks=marks), [*chunk, *(extra or [])]).fetchall())
    return found


def latest_next_step(db: Database, staff_id: str, indicator_code: str, first: str, last: str, *,
                     unlike: list[str] = ()) -> tuple[str, str] | None:
    """(date, text) of the latest next step (else "grow") from a complete visit in the year
    that scored *indicator_code*, other than the texts in *unlike*: what a focus area
    without a goal is tied to."""
    marks = ", ".join("?" for _ in unlike)
    not_these = f" AND step NOT IN ({marks})" if unlike else ""
    row = db.execute(
        f"""
        SELECT observed_on, step FROM (
            SELECT o.observed_on, o.id, coalesce(nullif(trim(o.next_step), ''), trim(o.grow)) AS step
            FROM observations o
            WHERE o.staff_id = ? AND o.status = 'complete' AND o.observed_on BETWEEN ? AND ?
              AND EXISTS (SELECT 1 FROM observation_scores s JOIN rubric_indicators i ON i.id = s.indicator_id
                          WHERE s.observation_id = o.id AND i.code = ? AND s.score IS NOT NULL))
        WHERE step != ''{not_these}
        ORDER BY observed_on DESC, id DESC LIMIT 1
        """,
        [staff_id, first, last, indicator_code, *unlike],
    ).fetchone()
    return (row[0], row[1]) if row else None


def school_common_needs(db: Database, first: str, last: str, *, most: int = 3) -> list[tuple[str, str, int]]:
    """(indicator code, name, teachers) for the indicators most teachers were seen below 2.75 on,
    on average, between *first* and *last*: what a PD menu with little personal evidence rests on."""
    rows = db.execute(
        """
        SELECT code, (SELECT i2.name FROM rubric_indicators i2 WHERE i2.code = per_teacher.code
                      ORDER BY i2.created_at DESC LIMIT 1), count(*) AS teachers
        FROM (SELECT o.staff_id, i.code AS code, avg(s.score) AS mean
              FROM observation_scores s
              JOIN observations o ON o.id = s.observation_id
              JOIN rubric_indicators i ON i.id = s.indicator_id
              WHERE o.status = 'complete' AND s.score IS NOT NULL AND o.observed_on BETWEEN ? AND ?
              GROUP BY o.staff_id, i.code) AS per_teacher
        WHERE mean < 2.75
        GROUP BY code ORDER BY teachers DESC, code LIMIT ?
        """,
        [first, last, most],
    ).fetchall()
    return [(code, name or code, count) for code, name, count in rows]
