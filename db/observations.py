"""Classroom observations and walkthroughs: the list the tab shows, and every write to one.

Each write function is one user action (a keystroke in a draft, a score, an evidence
line, Finish) and runs in its own transaction, so a crash between two keystrokes
keeps everything typed before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlite_utils import Database

from db import clock, records, schools
from db._names import full_name
from db.errors import NeedsCorrection

KINDS = ("walkthrough", "formal", "informal")
KIND_WORDS = {"walkthrough": "walkthrough", "formal": "formal observation",
              "informal": "informal visit"}   # as a sentence names one
# Columns a draft's text fields may be changed through update_observation().
EDITABLE = frozenset({
    "observed_on", "class_context", "tags", "glow", "grow", "private_note",
    "pre_conference_notes", "post_conference_notes", "next_step", "goal_id", "observer_id",
    "observer_name", "kind", "staff_id",
})


class ObservationError(NeedsCorrection):
    """A change to an observation that cannot be saved; ``str()`` says why in plain words."""


@dataclass(frozen=True)
class ObservationSummary:
    id: str
    staff_id: str
    teacher_name: str
    observed_on: str
    kind: str
    observer_name: str
    status: str
    glow: str
    grow: str
    average_score: float | None   # mean of every level marked (indicators and look-fors)
    scored_count: int             # how many indicators and look-fors were marked at a level
    tags: str = ""
    observer_id: str | None = None

    @property
    def kind_label(self) -> str:
        return self.kind.capitalize()

    @property
    def kind_words(self) -> str:
        return KIND_WORDS.get(self.kind, self.kind)

    @property
    def is_visit(self) -> bool:
        """Counted as a visit (see :func:`count_visits`): drafts are not, yet."""
        return self.status == "complete"


# The one definition of a visit, behind the Overview, the Observations list and Coverage:
# a complete observation of any kind, dated on or before the day the figures are for.
# Drafts never count. Staff who have since been archived keep their visits: they happened.
VISIT = "status = 'complete'"

# Every level a visit marked: its indicator scores and its look-for marks ("not seen" is
# no level). A walkthrough scored on look-fors alone still has an average.
_MARKS = """(SELECT s.score AS level FROM observation_scores s
              WHERE s.observation_id = o.id AND s.score IS NOT NULL
             UNION ALL
             SELECT l.score FROM observation_look_fors l
              WHERE l.observation_id = o.id AND l.score IS NOT NULL)"""


def _who_and_when(prefix: str, staff_id: str | None, since: str | None,
                  until: str | None) -> tuple[list[str], list]:
    """WHERE terms (and their parameters) for one teacher and an inclusive date range."""
    where, params = [], []
    for value, term in ((staff_id, "staff_id = ?"), (since, "observed_on >= ?"),
                        (until, "observed_on <= ?")):
        if value:
            where.append(prefix + term)
            params.append(value)
    return where, params


_OBSERVER = f"coalesce(nullif({full_name('v')}, ''), o.observer_name, '')"
_AVERAGE = f"(SELECT avg(level) FROM {_MARKS})"
# The orders a list can be read in (its columns' sorts), each ending in the newest first
# among equals. "date" reads straight from the observations_newest index.
ORDERS = {
    "date": "o.observed_on {d}, o.started_at {d}, o.created_at {d}",
    "teacher": "t.sort_key {d}, o.observed_on DESC, o.started_at DESC, o.created_at DESC",
    "kind": "o.kind {d}, o.observed_on DESC, o.started_at DESC, o.created_at DESC",
    "observer": f"{_OBSERVER} COLLATE NOCASE {{d}}, o.observed_on DESC, o.started_at DESC, o.created_at DESC",
    "status": "o.status {d}, o.observed_on DESC, o.started_at DESC, o.created_at DESC",
    "tags": "o.tags COLLATE NOCASE {d}, o.observed_on DESC, o.started_at DESC, o.created_at DESC",
    "glow": "o.glow COLLATE NOCASE {d}, o.observed_on DESC, o.started_at DESC, o.created_at DESC",
    "average": f"{_AVERAGE} {{d}}, o.observed_on DESC, o.started_at DESC, o.created_at DESC",
}


def _filters(
    *, staff_id: str | None = None, staff_ids: list[str] | tuple[str, ...] | None = None,
    since: str | None = None, until: str | None = None, observer: str | None = None,
    observer_id: str | None = None, kind: str | None = None, indicator_code: str | None = None,
    tag: str | None = None,
    ids: Iterable[str] | None = None, school_id: str | None = None,
) -> tuple[list[str], list]:
    """WHERE terms over ``observations o`` (with the observer as ``staff v``) for the
    list's filters: the list, its summary and the Overview's figures share them.
    *school_id* keeps the visits to that school's teachers (a district file)."""
    where, params = _who_and_when("o.", staff_id, since, until)
    term, values = schools.of_school("o.staff_id", school_id)
    where += term
    params += values
    for column, chosen in (("o.staff_id", staff_ids), ("o.id", ids)):
        # staff_ids: the teachers behind a figure (a heat-map cell, a need); ids: the rows a
        # write touched (a list refreshing them)
        if chosen is not None:
            term, values = records.among(column, chosen)
            where.append(term)
            params.extend(values)
    if observer:
        where.append(f"{_OBSERVER} = ?")
        params.append(observer)
    if observer_id:   # "my visits": the user's own
        where.append("o.observer_id = ?")
        params.append(observer_id)
    if kind:
        where.append("o.kind = ?")
        params.append(kind)
    if indicator_code:
        where.append("EXISTS (SELECT 1 FROM observation_scores s JOIN rubric_indicators i "
                     "ON i.id = s.indicator_id WHERE s.observation_id = o.id "
                     "AND s.score IS NOT NULL AND i.code = ?)")
        params.append(indicator_code)
    if tag:
        # Tags are stored "a, b, c"; compare whole tags, ignoring case and spaces.
        where.append("(',' || lower(replace(o.tags, ', ', ',')) || ',') LIKE ?")
        params.append(f"%,{tag.strip().lower()},%")
    return where, params


_FROM = "FROM observations o JOIN staff t ON t.id = o.staff_id LEFT JOIN staff v ON v.id = o.observer_id"


def list_observations(
    db: Database,
    *,
    staff_id: str | None = None,
    staff_ids: list[str] | tuple[str, ...] | None = None,
    since: str | None = None,
    until: str | None = None,
    observer: str | None = None,
    observer_id: str | None = None,
    kind: str | None = None,
    indicator_code: str | None = None,
    tag: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    order: str = "date",
    descending: bool = True,
    ids: Iterable[str] | None = None,
    school_id: str | None = None,
) -> list[ObservationSummary]:
    """Newest first (or in another of :data:`ORDERS`); *since* and *until* are ISO dates
    (inclusive); *observer* is the observer's display name; *indicator_code* keeps visits
    that scored that indicator (in any rubric version); *tag* matches one of the comma
    separated tags; *staff_ids* keeps the visits to those teachers. *limit* and *offset*
    read one page: the page is chosen first from the indexes, and only its visits' names and
    levels are read. *ids* keeps only those visits (a list refreshing the rows a write
    touched). Drafts are listed too (see :func:`visit_figures` for what counts)."""
    where, params = _filters(staff_id=staff_id, staff_ids=staff_ids, since=since, until=until,
                             observer=observer, observer_id=observer_id, kind=kind,
                             indicator_code=indicator_code, tag=tag, ids=ids,
                             school_id=school_id)
    ordering = ORDERS[order].format(d="DESC" if descending else "ASC")
    condition = ("WHERE " + " AND ".join(where)) if where else ""
    columns = f"""o.id, o.staff_id, {full_name('t')} AS teacher_name, o.observed_on, o.kind,
               {_OBSERVER} AS observer_name, o.status, o.glow, o.grow, o.tags, o.observer_id,
               {_AVERAGE} AS average_score, (SELECT count(*) FROM {_MARKS}) AS scored_count"""
    if not limit:
        sql = f"SELECT {columns} {_FROM} {condition} ORDER BY {ordering}"
        return [ObservationSummary(**row) for row in db.query(sql, params)]
    return [ObservationSummary(**row) for row in records.read_page(
        db, alias="o", source=_FROM, where=where, params=params, order=ordering, columns=columns,
        limit=limit, offset=offset)]


def count_observations(db: Database, **filters) -> int:
    """How many observations :func:`list_observations` lists for the same filters."""
    where, params = _filters(**filters)
    condition = ("WHERE " + " AND ".join(where)) if where else ""
    join = _FROM if any("v." in term for term in where) else "FROM observations o"
    return db.execute(f"SELECT count(*) {join} {condition}", params).fetchone()[0]


@dataclass(frozen=True)
class VisitFigures:
    """What a set of visits adds up to, as every screen shows it."""
    visits: int
    walkthroughs: int
    average_level: float | None   # every level marked in them, each once (None: none marked)
    levels_marked: int


def visit_figures(db: Database, *, until: str, **filters) -> VisitFigures:
    """The visits (:data:`VISIT`) the list's *filters* keep, dated up to *until* (the day the
    figures are for: a visit dated ahead is not one yet), and the average level of them.

    The one definition of a teacher's (or the school's) average level, behind the Overview,
    the Observations list's summary and anything else that shows one: the mean of every
    level marked in those visits, indicator scores and look-for marks alike, each counted
    once (a visit marking ten look-fors weighs more than one marking two; "not seen" is no
    level). Drafts never count; visits to staff since archived do (they happened)."""
    where, params = _filters(until=until, **filters)
    where.append("o." + VISIT)
    chosen = f"""SELECT o.id, o.kind FROM observations o LEFT JOIN staff v ON v.id = o.observer_id
                 WHERE {' AND '.join(where)}"""
    visits, walkthroughs, average, marked = db.execute(
        f"""WITH chosen AS ({chosen})
            SELECT (SELECT count(*) FROM chosen),
                   (SELECT count(*) FROM chosen WHERE kind = 'walkthrough'),
                   avg(level), count(level)
            FROM (SELECT s.score AS level FROM observation_scores s JOIN chosen c
                    ON c.id = s.observation_id WHERE s.score IS NOT NULL
                  UNION ALL
                  SELECT l.score FROM observation_look_fors l JOIN chosen c
                    ON c.id = l.observation_id WHERE l.score IS NOT NULL)""",
        params).fetchone()
    return VisitFigures(visits, walkthroughs, average, marked)


@dataclass(frozen=True)
class ListTotals:
    """What a filtered list of observations adds up to (the line under the list)."""
    shown: int             # every observation listed, drafts included
    drafts: int            # unfinished: listed, not counted yet
    ahead: int             # complete but dated after the day the figures are for
    figures: VisitFigures  # the visits among them, counted as every screen counts them


def list_totals(db: Database, *, as_of: str, **filters) -> ListTotals:
    """The totals of :func:`list_observations` for the same *filters*, the visits among them
    counted up to *as_of* by :func:`visit_figures` (a worker thread asks: seconds on a
    district's year)."""
    where, params = _filters(**filters)
    condition = ("WHERE " + " AND ".join(where)) if where else ""
    join = _FROM if any("v." in term for term in where) else "FROM observations o"
    shown, drafts, ahead = db.execute(
        f"""SELECT count(*), total(o.status = 'draft'),
                   total(o.{VISIT} AND substr(o.observed_on, 1, 10) > ?)
            {join} {condition}""", [as_of, *params]).fetchone()
    until = min(filter(None, (filters.pop("until", None), as_of)))
    return ListTotals(int(shown), int(drafts), int(ahead), visit_figures(db, until=until, **filters))


def count_visits(
    db: Database, *, staff_id: str | None = None, since: str | None = None,
    until: str | None = None, school_id: str | None = None,
) -> int:
    """Visits (see :data:`VISIT`) dated *since*..*until* (ISO, inclusive; None: open): the
    one count of visits behind the Overview, Coverage, the Observations list and the
    portfolio. Callers pass the day the figures are for as *until*; *school_id* counts that
    school's teachers' visits only."""
    where, params = _who_and_when("", staff_id, since, until)
    term, values = schools.of_school("staff_id", school_id)
    where += term
    params += values
    where.append(VISIT)
    return db.execute(f"SELECT count(*) FROM observations WHERE {' AND '.join(where)}",
                      params).fetchone()[0]


def last_visit_on(db: Database, staff_id: str, *, until: str | None = None) -> str | None:
    """The day of the teacher's latest visit on or before *until*."""
    where, params = _who_and_when("", staff_id, None, until)
    where.append(VISIT)
    return db.execute(f"SELECT max(observed_on) FROM observations WHERE {' AND '.join(where)}",
                      params).fetchone()[0]


@dataclass(frozen=True)
class TeacherVisits:
    staff_id: str
    name: str
    last_visit_on: str | None
    in_period: int           # visits in the shorter period (this term)
    in_year: int


def teacher_visits(db: Database, *, until: str, period_since: str | None,
                   year_since: str | None, school_id: str | None = None) -> list[TeacherVisits]:
    """Each current teacher (archived staff are not visited any more) with their visits up to
    *until*: the latest one, and how many since *period_since* and *year_since*; *school_id*:
    that school's teachers only."""
    visit = "o.staff_id = s.id AND o." + VISIT + " AND o.observed_on <= :until"
    school = "" if school_id is None else " AND s.school_id = :school_id"
    return [TeacherVisits(*row) for row in db.execute(
        f"""SELECT s.id, {full_name('s')},
                   (SELECT max(o.observed_on) FROM observations o WHERE {visit}),
                   (SELECT count(*) FROM observations o WHERE {visit}
                     AND o.observed_on >= :period_since),
                   (SELECT count(*) FROM observations o WHERE {visit}
                     AND o.observed_on >= :year_since)
            FROM staff s WHERE s.role = 'teacher' AND s.archived_at IS NULL{school}""",
        {"until": until, "period_since": period_since or "", "year_since": year_since or "",
         "school_id": school_id})]


def observers(db: Database) -> list[str]:
    """Everyone who has observed, by display name, for the list's filter: the staff found
    by id (through the observations_observer index; a staff member's name is never
    empty), and the names typed for visitors who are not on the staff list."""
    rows = db.execute(
        f"""SELECT name FROM (
                SELECT {full_name('v')} AS name
                FROM (SELECT DISTINCT observer_id FROM observations WHERE observer_id IS NOT NULL) d
                JOIN staff v ON v.id = d.observer_id
                UNION
                SELECT observer_name FROM observations WHERE observer_id IS NULL)
            WHERE name != '' ORDER BY name COLLATE NOCASE"""
    ).fetchall()
    return [row[0] for row in rows]


def tags_in_use(db: Database) -> list[str]:
    found: dict[str, str] = {}
    for (text,) in db.execute("SELECT DISTINCT tags FROM observations WHERE tags != ''"):
        for tag in split_tags(text):
            found.setdefault(tag.lower(), tag)
    return sorted(found.values(), key=str.lower)


def split_tags(text: str) -> list[str]:
    seen: list[str] = []
    for part in (text or "").split(","):
        tag = " ".join(part.split())
        if tag and tag.lower() not in {t.lower() for t in seen}:
            seen.append(tag)
    return seen


def join_tags(tags: list[str]) -> str:
    return ", ".join(split_tags(",".join(tags)))


# --- one observation, whole ---------------------------------------------------------------

@dataclass(frozen=True)
class EvidenceLine:
    id: str
    indicator_id: str | None
    noted_at: str
    offset_seconds: int | None
    text: str
    position: int

    @property
    def stamp(self) -> str:
        """mm:ss into the visit when known, else the wall-clock time."""
        if self.offset_seconds is not None:
            minutes, seconds = divmod(max(self.offset_seconds, 0), 60)
            return f"{minutes:02d}:{seconds:02d}"
        return self.noted_at[11:16]


@dataclass(frozen=True)
class Observation:
    id: str
    staff_id: str
    teacher_name: str
    observer_id: str | None
    observer_name: str
    rubric_id: str
    kind: str
    status: str
    observed_on: str
    started_at: str | None
    finished_at: str | None
    duration_seconds: int | None
    class_context: str
    tags: str
    glow: str
    grow: str
    private_note: str
    pre_conference_notes: str
    post_conference_notes: str
    next_step: str
    goal_id: str | None
    scores: dict[str, int | None]        # indicator id -> level, None: not seen
    score_notes: dict[str, str]          # indicator id -> note
    look_for_scores: dict[str, int | None]
    evidence: tuple[EvidenceLine, ...]

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def tag_list(self) -> list[str]:
        return split_tags(self.tags)


def get_observation(db: Database, observation_id: str) -> Observation | None:
    rows = list(db.query(
        f"""SELECT o.*, {full_name('t')} AS teacher_name,
                   coalesce(nullif({full_name('v')}, ''), o.observer_name, '') AS shown_observer
            FROM observations o JOIN staff t ON t.id = o.staff_id
            LEFT JOIN staff v ON v.id = o.observer_id WHERE o.id = ?""",
        [observation_id]))
    if not rows:
        return None
    row = rows[0]
    scores, notes = {}, {}
    for indicator_id, score, note in db.execute(
            "SELECT indicator_id, score, note FROM observation_scores WHERE observation_id = ?",
            [observation_id]):
        scores[indicator_id] = score
        if note:
            notes[indicator_id] = note
    look_for_scores = dict(db.execute(
        "SELECT look_for_id, score FROM observation_look_fors WHERE observation_id = ?",
        [observation_id]).fetchall())
    evidence = tuple(EvidenceLine(*line) for line in db.execute(
        "SELECT id, indicator_id, noted_at, offset_seconds, text, position "
        "FROM observation_evidence WHERE observation_id = ? ORDER BY position, noted_at",
        [observation_id]))
    return Observation(
        id=row["id"], staff_id=row["staff_id"], teacher_name=row["teacher_name"],
        observer_id=row["observer_id"], observer_name=row["shown_observer"],
        rubric_id=row["rubric_id"], kind=row["kind"], status=row["status"],
        observed_on=row["observed_on"], started_at=row["started_at"],
        finished_at=row["finished_at"], duration_seconds=row["duration_seconds"],
        class_context=row["class_context"], tags=row["tags"], glow=row["glow"],
        grow=row["grow"], private_note=row["private_note"],
        pre_conference_notes=row["pre_conference_notes"],
        post_conference_notes=row["post_conference_notes"], next_step=row["next_step"],
        goal_id=row["goal_id"], scores=scores, score_notes=notes,
        look_for_scores=look_for_scores, evidence=evidence,
    )


def drafts(db: Database, *, kind: str | None = None, staff_id: str | None = None) -> list[str]:
    """Ids of unfinished observations, the most recently touched first."""
    sql = "SELECT id FROM observations WHERE status = 'draft'"
    params = []
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    if staff_id:
        sql += " AND staff_id = ?"
        params.append(staff_id)
    sql += " ORDER BY updated_at DESC"
    return [row[0] for row in db.execute(sql, params)]


# --- writing: each function is one user action, one transaction -------------------------------

def _check_score(score: int | None, where: str) -> None:
    if score is None:
        return
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 9:
        raise ObservationError(f"{where} must be a level from 1 to 9, or not seen.")


def _draft_row(db: Database, observation_id: str) -> dict:
    row = records.get(db, "observations", observation_id)
    if row is None:
        raise ObservationError("That observation no longer exists; it may have been deleted.")
    return row


def start_observation(
    db: Database,
    *,
    staff_id: str,
    rubric_id: str,
    kind: str = "walkthrough",
    observed_on: str | None = None,
    started_at: str | None = None,
    observer_id: str | None = None,
    observer_name: str = "",
) -> str:
    """A new draft, saved at once; returns its id."""
    if kind not in KINDS:
        raise ObservationError(f"An observation is a walkthrough, formal or informal, not {kind!r}.")
    if records.get(db, "staff", staff_id) is None:
        raise ObservationError("Pick a teacher from the staff list.")
    if records.get(db, "rubrics", rubric_id) is None:
        raise ObservationError("The rubric to score with is missing; import or pick another.")
    started_at = started_at or records.utc_now()
    with db.atomic():
        return records.insert(db, "observations", {
            "staff_id": staff_id, "rubric_id": rubric_id, "kind": kind, "status": "draft",
            "observed_on": observed_on or clock.today().isoformat(), "started_at": started_at,
            "observer_id": observer_id, "observer_name": observer_name,
        })


def update_observation(db: Database, observation_id: str, **changes) -> None:
    """Change text fields (glow, grow, notes, tags…); called on every keystroke."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ObservationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    if "observed_on" in changes:
        try:
            date.fromisoformat(str(changes["observed_on"]))
        except ValueError:
            raise ObservationError("The date must be written as YYYY-MM-DD.",
                                   field="observed_on") from None
    if "kind" in changes and changes["kind"] not in KINDS:
        raise ObservationError("An observation is a walkthrough, formal or informal.")
    if "tags" in changes:
        changes["tags"] = join_tags([changes["tags"] or ""])
    with db.atomic():
        row = _draft_row(db, observation_id)
        if "staff_id" in changes and changes["staff_id"] != row["staff_id"]:
            if records.get(db, "staff", changes["staff_id"] or "") is None:
                raise ObservationError("Pick a teacher from the staff list.", field="staff_id")
            goal = changes.get("goal_id", row["goal_id"])
            owner = db.execute("SELECT staff_id FROM goals WHERE id = ?", [goal]).fetchone() if goal else None
            if owner and owner[0] != changes["staff_id"]:
                changes["goal_id"] = None   # another teacher's goal is not this visit's
        records.update(db, "observations", observation_id, changes)


def set_score(db: Database, observation_id: str, indicator_id: str, score: int | None,
              *, note: str | None = None) -> None:
    """Score one indicator (None: not seen); *note* is the evidence for it, if given."""
    _check_score(score, "A score")
    with db.atomic():
        row = _draft_row(db, observation_id)
        owner = db.execute("SELECT rubric_id FROM rubric_indicators WHERE id = ?",
                           [indicator_id]).fetchone()
        if owner is None or owner[0] != row["rubric_id"]:
            raise ObservationError("That indicator belongs to another rubric than this observation's.")
        existing = db.execute(
            "SELECT id FROM observation_scores WHERE observation_id = ? AND indicator_id = ?",
            [observation_id, indicator_id]).fetchone()
        if existing:
            changes: dict = {"score": score}
            if note is not None:
                changes["note"] = note
            records.update(db, "observation_scores", existing[0], changes)
        else:
            records.insert(db, "observation_scores", {
                "observation_id": observation_id, "indicator_id": indicator_id,
                "score": score, "note": note or ""})
        _touch(db, observation_id)


def set_score_note(db: Database, observation_id: str, indicator_id: str, note: str) -> None:
    """The evidence typed beside one indicator, keeping its score."""
    with db.atomic():
        existing = db.execute(
            "SELECT score FROM observation_scores WHERE observation_id = ? AND indicator_id = ?",
            [observation_id, indicator_id]).fetchone()
        set_score(db, observation_id, indicator_id, existing[0] if existing else None, note=note)


def clear_score(db: Database, observation_id: str, indicator_id: str) -> None:
    with db.atomic():
        db.execute("DELETE FROM observation_scores WHERE observation_id = ? AND indicator_id = ?",
                   [observation_id, indicator_id])
        _touch(db, observation_id)


def clear_look_for(db: Database, observation_id: str, look_for_id: str) -> None:
    """Take a look-for mark back (it was pressed by mistake)."""
    with db.atomic():
        db.execute("DELETE FROM observation_look_fors WHERE observation_id = ? AND look_for_id = ?",
                   [observation_id, look_for_id])
        _touch(db, observation_id)


def set_look_for(db: Database, observation_id: str, look_for_id: str, score: int | None) -> None:
    """Mark one walkthrough look-for at a level (None: not seen)."""
    _check_score(score, "A look-for mark")
    with db.atomic():
        row = _draft_row(db, observation_id)
        owner = db.execute("SELECT rubric_id FROM look_fors WHERE id = ?", [look_for_id]).fetchone()
        if owner is None or owner[0] != row["rubric_id"]:
            raise ObservationError("That look-for belongs to another rubric than this observation's.")
        existing = db.execute(
            "SELECT id FROM observation_look_fors WHERE observation_id = ? AND look_for_id = ?",
            [observation_id, look_for_id]).fetchone()
        if existing:
            records.update(db, "observation_look_fors", existing[0], {"score": score})
        else:
            records.insert(db, "observation_look_fors", {
                "observation_id": observation_id, "look_for_id": look_for_id, "score": score})
        _touch(db, observation_id)


def _seconds_between(start: str | None, end: str) -> int | None:
    if not start:
        return None
    try:
        first = datetime.fromisoformat(start.replace("Z", "+00:00"))
        last = datetime.fromisoformat(end.replace("Z", "+00:00"))
    except ValueError:
        return None
    return max(int((last - first).total_seconds()), 0)


def add_evidence(db: Database, observation_id: str, text: str, *,
                 indicator_id: str | None = None, noted_at: str | None = None) -> str:
    """A new evidence line, time-stamped now (or *noted_at*) and by seconds into the visit."""
    noted_at = noted_at or records.utc_now()
    with db.atomic():
        row = _draft_row(db, observation_id)
        position = db.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM observation_evidence "
            "WHERE observation_id = ?", [observation_id]).fetchone()[0]
        evidence_id = records.insert(db, "observation_evidence", {
            "observation_id": observation_id, "indicator_id": indicator_id,
            "noted_at": noted_at, "offset_seconds": _seconds_between(row["started_at"], noted_at),
            "text": text, "position": position})
        _touch(db, observation_id)
    return evidence_id


def update_evidence(db: Database, evidence_id: str, text: str) -> None:
    with db.atomic():
        row = records.get(db, "observation_evidence", evidence_id)
        if row is None:
            raise ObservationError("That evidence line no longer exists.")
        records.update(db, "observation_evidence", evidence_id, {"text": text})
        _touch(db, row["observation_id"])


def delete_evidence(db: Database, evidence_id: str) -> None:
    with db.atomic():
        row = records.get(db, "observation_evidence", evidence_id)
        if row is not None:
            db.execute("DELETE FROM observation_evidence WHERE id = ?", [evidence_id])
            _touch(db, row["observation_id"])


def set_indicator_evidence(db: Database, observation_id: str, indicator_id: str, text: str) -> None:
    """The one evidence paragraph a formal observation keeps per indicator (blank removes it)."""
    with db.atomic():
        existing = db.execute(
            "SELECT id FROM observation_evidence WHERE observation_id = ? AND indicator_id = ? "
            "ORDER BY position LIMIT 1", [observation_id, indicator_id]).fetchone()
        if existing and not text.strip():
            delete_evidence(db, existing[0])
        elif existing:
            update_evidence(db, existing[0], text)
        elif text.strip():
            add_evidence(db, observation_id, text, indicator_id=indicator_id)


def complete(db: Database, observation_id: str, *, finished_at: str | None = None) -> None:
    """Finish: the draft becomes a complete observation; blank evidence lines are dropped."""
    finished_at = finished_at or records.utc_now()
    with db.atomic():
        row = _draft_row(db, observation_id)
        db.execute("DELETE FROM observation_evidence WHERE observation_id = ? AND trim(text) = ''",
                   [observation_id])
        changes = {"status": "complete"}
        if row["status"] == "draft":
            changes.update(finished_at=finished_at,
                           duration_seconds=_seconds_between(row["started_at"], finished_at))
        records.update(db, "observations", observation_id, changes)


def pause_clock(db: Database, observation_id: str, *, at: str | None = None) -> None:
    """The visit stops for now (its window closed): keep how long it has lasted so far, so
    the time until it is picked up again does not count."""
    at = at or records.utc_now()
    with db.atomic():
        row = _draft_row(db, observation_id)
        if row["status"] == "draft":
            db.execute("UPDATE observations SET duration_seconds = ? WHERE id = ?",
                       [_seconds_between(row["started_at"], at), observation_id])


def resume_clock(db: Database, observation_id: str, *, at: str | None = None) -> str | None:
    """The visit goes on: its clock starts again from how long it had lasted (when it was
    paused, else at its last keystroke, after a crash). Returns the new start time, so
    the clock, evidence stamps and the duration all count the visit, not the wait."""
    at = at or records.utc_now()
    with db.atomic():
        row = _draft_row(db, observation_id)
        if row["status"] != "draft" or not row["started_at"]:
            return row["started_at"]
        lasted = row["duration_seconds"]
        if lasted is None:
            lasted = _seconds_between(row["started_at"], row["updated_at"]) or 0
        now = datetime.fromisoformat(at.replace("Z", "+00:00"))
        started = clock.utc_stamp(now - timedelta(seconds=lasted))
        db.execute("UPDATE observations SET started_at = ?, duration_seconds = NULL WHERE id = ?",
                   [started, observation_id])
    return started


def reopen(db: Database, observation_id: str) -> None:
    with db.atomic():
        _draft_row(db, observation_id)
        records.update(db, "observations", observation_id, {"status": "draft"})


def delete_draft(db: Database, observation_id: str) -> None:
    """Throw away an unfinished observation; complete ones are kept."""
    with db.atomic():
        row = records.get(db, "observations", observation_id)
        if row is None:
            return
        if row["status"] != "draft":
            raise ObservationError("Only a draft can be deleted; this observation is complete.")
        db.execute("UPDATE conversations SET observation_id = NULL WHERE observation_id = ?",
                   [observation_id])
        db.execute("DELETE FROM observations WHERE id = ?", [observation_id])


def _touch(db: Database, observation_id: str) -> None:
    # The draft's updated_at says which draft was worked on last (the one to reopen).
    db.execute("UPDATE observations SET updated_at = ? WHERE id = ?",
               [records.utc_now(), observation_id])
