"""Find anything: one search across what leaders write, with SQLite FTS5, accents ignored.

What is searched (:data:`SOURCES`): observation notes (glow, grow, the agreed next step,
pre- and post-conference notes, tags, the class), evidence lines and per-indicator score
notes, goals, action steps, goal check-ins, conversations, PD reflections and
celebrations. Wellbeing check-ins are never indexed.

**Private text** — an observation's private note and the notes of a private
conversation — goes into its own column of the index (``private_body``), so a search
leaves it out unless the user asks for it (:func:`search` ``include_private``); a hit on
private text says so.

**Keeping the index up to date.** Each connection installs TEMP triggers (from
:func:`install`, called by :func:`db.audit.install`) on the searched tables. Under
``PRAGMA trusted_schema=OFF`` no trigger, not even a TEMP one, may write an FTS5 table
("unsafe use of virtual table"), so the triggers write ordinary tables only: they keep
``_search_rows`` (which record and field each index row is) and queue the index's
changes in ``_search_pending``, in the same transaction as the record's change.
:func:`flush` applies the queue to the FTS5 table at the top level, in order; it runs
before every search and when a file is opened, so a search always sees every committed
change, and a crash between a change and the flush loses nothing (the queue is in the
file). :func:`ensure_built` (re)builds the whole index when it was built by another
version of :data:`SOURCES` (a new file, an upgraded one).

Results come most recently saved first (an edited record moves to the top), at most
:data:`LIMIT` at a time: that keeps each keystroke's search fast on a district's file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from db import driver

# Bump when SOURCES change: every file's index is rebuilt the next time it is opened.
INDEX_VERSION = 1
LIMIT = 50
_TRIGGER_PREFIX = "cultivate_search_"   # db.audit.uninstall drops every cultivate_* trigger
_HIT_START, _HIT_END = "\x02", "\x03"
_SNIPPET_TOKENS = 16


@dataclass(frozen=True)
class Field:
    column: str
    label: str
    private: str = "0"            # SQL over {row}: is this text private?


@dataclass(frozen=True)
class Source:
    table: str
    kind: str                     # what the result list calls the record
    fields: tuple[Field, ...]
    watched: tuple[str, ...] = ()  # other columns whose change moves text between columns

    def columns(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([f.column for f in self.fields] + list(self.watched)))


_PRIVATE_CONVERSATION = "{row}.is_private = 1"
SOURCES: tuple[Source, ...] = (
    Source("observations", "Observation", (
        Field("glow", "Glow"), Field("grow", "Grow"), Field("next_step", "Next step"),
        Field("pre_conference_notes", "Pre-conference notes"),
        Field("post_conference_notes", "Post-conference notes"),
        Field("tags", "Tags"), Field("class_context", "Class"),
        Field("private_note", "Private note", private="1"))),
    Source("observation_evidence", "Evidence", (Field("text", "Evidence"),)),
    Source("observation_scores", "Score note", (Field("note", "Score note"),)),
    Source("goals", "Goal", (
        Field("title", "Goal"), Field("description", "Goal statement"),
        Field("measure", "Measure"), Field("baseline", "Baseline"), Field("target", "Target"),
        Field("relevance", "Why it matters"))),
    Source("action_steps", "Action step", (Field("description", "Action step"),)),
    Source("goal_check_ins", "Goal check-in", (
        Field("evidence", "Check-in evidence"), Field("notes", "Check-in notes"))),
    Source("conversations", "Conversation", (
        Field("notes", "Conversation notes", private=_PRIVATE_CONVERSATION),),
        watched=("is_private",)),
    Source("enrollments", "PD reflection", (
        Field("reflection_learned", "What they learned"),
        Field("reflection_use", "How they will use it"))),
    Source("celebrations", "Celebration", (Field("title", "Celebration"), Field("story", "Story"))),
)
SOURCE_BY_TABLE = {source.table: source for source in SOURCES}


def _has_index(db: Database) -> bool:
    return db.execute(
        "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = '_search_pending'"
    ).fetchone() is not None


# --- the triggers -------------------------------------------------------------------------------

def _queue_rows(source: Source, row: str) -> list[str]:
    """Statements (inside a trigger) that index *row*'s texts: rows, then queued inserts."""
    table = source.table
    values = " UNION ALL ".join(
        f"SELECT '{f.column}' AS field, {row}.\"{f.column}\" AS body" for f in source.fields)
    cases_body = " ".join(
        f"WHEN '{f.column}' THEN CASE WHEN {f.private.format(row=row)} THEN '' "
        f"ELSE {row}.\"{f.column}\" END" for f in source.fields)
    cases_private = " ".join(
        f"WHEN '{f.column}' THEN CASE WHEN {f.private.format(row=row)} THEN {row}.\"{f.column}\" "
        f"ELSE '' END" for f in source.fields)
    return [
        f"INSERT INTO _search_rows (record_table, record_id, field) "
        f"SELECT '{table}', {row}.id, field FROM ({values}) WHERE coalesce(body, '') != ''",
        f"INSERT INTO _search_pending (op, row_id, body, private_body) "
        f"SELECT 'insert', r.id, coalesce(CASE r.field {cases_body} END, ''), "
        f"coalesce(CASE r.field {cases_private} END, '') "
        f"FROM _search_rows r WHERE r.record_table = '{table}' AND r.record_id = {row}.id "
        f"ORDER BY r.id",
    ]


def _forget_rows(source: Source, row: str) -> list[str]:
    """Statements (inside a trigger) that take *row*'s texts out of the index. A text still
    waiting in the queue leaves it at once: deleted means deleted, even before a flush."""
    table = source.table
    mine = f"SELECT r.id FROM _search_rows r WHERE r.record_table = '{table}' AND r.record_id = {row}.id"
    return [
        f"DELETE FROM _search_pending WHERE op = 'insert' AND row_id IN ({mine})",
        f"INSERT INTO _search_pending (op, row_id) SELECT 'delete', r.id FROM _search_rows r "
        f"WHERE r.record_table = '{table}' AND r.record_id = {row}.id ORDER BY r.id",
        f"DELETE FROM _search_rows WHERE record_table = '{table}' AND record_id = {row}.id",
    ]


def install(db: Database) -> None:
    """This connection's triggers that queue index changes (see the module's docstring)."""
    if not _has_index(db):
        return
    present = set(db.table_names())
    for source in SOURCES:
        if source.table not in present:
            continue
        columns = {column.name for column in db[source.table].columns}
        if not set(source.columns()) <= columns:
            continue   # a file mid-upgrade; install runs again after the last step
        watched = ", ".join(f'"{name}"' for name in source.columns())
        bodies = {
            "insert": (f"AFTER INSERT ON main.\"{source.table}\"", _queue_rows(source, "NEW")),
            "update": (f"AFTER UPDATE OF {watched} ON main.\"{source.table}\"",
                       _forget_rows(source, "OLD") + _queue_rows(source, "NEW")),
            "delete": (f"AFTER DELETE ON main.\"{source.table}\"", _forget_rows(source, "OLD")),
        }
        for action, (event, statements) in bodies.items():
            body = ";\n".join(statements)
            db.execute(f'CREATE TEMP TRIGGER "{_TRIGGER_PREFIX}{source.table}_{action}" '
                       f"{event} BEGIN {body}; END")


# --- keeping the FTS5 table in step ------------------------------------------------------------

def pending_count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM _search_pending").fetchone()[0]


def flush(db: Database) -> int:
    """Apply the queued changes to the FTS5 table, in the order they were made; returns how many."""
    if not _has_index(db) or db.execute("SELECT 1 FROM _search_pending LIMIT 1").fetchone() is None:
        return 0
    applied = 0
    with db.atomic():
        rows = db.execute(
            "SELECT seq, op, row_id, body, private_body FROM _search_pending ORDER BY seq").fetchall()
        # Runs of the same operation go in one executemany; the order between runs is kept,
        # so a row id SQLite reuses after a delete is indexed with its new text.
        run_op, run = None, []
        for _seq, op, row_id, body, private_body in rows:
            if op != run_op and run:
                _apply(db, run_op, run)
                run = []
            run_op = op
            run.append((row_id, body, private_body))
            applied += 1
        if run:
            _apply(db, run_op, run)
        last = rows[-1][0]
        db.execute("DELETE FROM _search_pending WHERE seq <= ?", [last])
    return applied


def _apply(db: Database, op: str, run: list[tuple[int, str, str]]) -> None:
    if op == "delete":
        db.conn.executemany("DELETE FROM _search WHERE rowid = ?", [(row_id,) for row_id, _, _ in run])
    else:
        db.conn.executemany("INSERT INTO _search (rowid, body, private_body) VALUES (?, ?, ?)", run)


def rebuild(db: Database) -> int:
    """Index every record again, from nothing; returns how many texts are indexed.

    Rows go in in the order the records were last saved, so "most recently saved first"
    holds for a rebuilt index as it does for one kept up to date edit by edit.
    """
    if not _has_index(db):
        return 0
    present = set(db.table_names())
    with db.atomic():
        db.execute("DELETE FROM _search_pending")
        if db.execute("SELECT 1 FROM _search_rows LIMIT 1").fetchone():
            db.execute("DELETE FROM _search_rows")
            db.execute("DELETE FROM _search")
        db.execute("CREATE TEMP TABLE IF NOT EXISTS search_staging (record_table TEXT, record_id TEXT, "
                   "field TEXT, body TEXT, private_body TEXT, saved TEXT)")
        db.execute("DELETE FROM temp.search_staging")
        for source in SOURCES:
            if source.table not in present:
                continue
            for field in source.fields:
                private = field.private.format(row="t")
                db.execute(
                    f"INSERT INTO temp.search_staging SELECT '{source.table}', t.id, '{field.column}', "
                    f"CASE WHEN {private} THEN '' ELSE t.\"{field.column}\" END, "
                    f"CASE WHEN {private} THEN t.\"{field.column}\" ELSE '' END, t.updated_at "
                    f"FROM \"{source.table}\" t WHERE coalesce(t.\"{field.column}\", '') != ''")
        # Numbered in the order last saved: the numbers become the index's row ids.
        db.execute("CREATE TEMP TABLE IF NOT EXISTS search_ordered (n INTEGER PRIMARY KEY, "
                   "record_table TEXT, record_id TEXT, field TEXT, body TEXT, private_body TEXT)")
        db.execute("DELETE FROM temp.search_ordered")
        db.execute("INSERT INTO temp.search_ordered (record_table, record_id, field, body, private_body) "
                   "SELECT record_table, record_id, field, body, private_body FROM temp.search_staging "
                   "ORDER BY saved, record_table, record_id, field")
        db.execute("INSERT INTO _search_rows (id, record_table, record_id, field) "
                   "SELECT n, record_table, record_id, field FROM temp.search_ordered ORDER BY n")
        db.execute("INSERT INTO _search (rowid, body, private_body) "
                   "SELECT n, body, private_body FROM temp.search_ordered ORDER BY n")
        count = db.execute("SELECT count(*) FROM temp.search_staging").fetchone()[0]
        db.execute("DROP TABLE temp.search_staging")
        db.execute("DROP TABLE temp.search_ordered")
        db.execute("UPDATE _search_state SET version = ?", [INDEX_VERSION])
    return count


def ensure_built(db: Database) -> bool:
    """Build the index if this version of :data:`SOURCES` did not; then apply the queue.
    Returns True when it was (re)built."""
    if not _has_index(db):
        return False
    row = db.execute("SELECT version FROM _search_state").fetchone()
    if row is None or row[0] != INDEX_VERSION:
        rebuild(db)
        return True
    flush(db)
    return False


# --- searching ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hit:
    """One text that matched: which record, which field, and the words around the match."""

    record_table: str
    record_id: str
    field: str
    field_label: str
    kind: str
    private: bool
    snippet: tuple[tuple[str, bool], ...]     # (text, is it the match?) pieces
    staff_ids: tuple[str, ...]                # whose record it is (a celebration: several)
    names: str                                # "Ana Lopez" or "Ana Lopez, Ben Ode"
    day: str | None                           # the record's own date, ISO
    title: str                                # what the record is, in a few words
    open_table: str                           # the record to open: evidence opens its visit
    open_id: str

    @property
    def snippet_text(self) -> str:
        return "".join(text for text, _ in self.snippet)


@dataclass(frozen=True)
class Results:
    query: str
    hits: list[Hit]
    more: bool                                # there are more than the hits shown
    private_included: bool


_WORD = re.compile(r"\w+", re.UNICODE)


def match_expression(text: str) -> str | None:
    """The FTS5 query for what the user typed, or None when there is nothing to look for.

    Every word must be there; a word of two letters or more also finds words it begins
    ("walk" finds "walkthrough"); a hyphenated word or "quoted words" are a phrase
    ("think-pair-share"). Nothing the user types is FTS5 syntax: each word is quoted.
    """
    terms = []
    for quoted, plain in re.findall(r'"([^"]*)"?|(\S+)', text or ""):
        words = _WORD.findall(quoted or plain)
        words = [word for word in words if word]
        if not words:
            continue
        phrase = " ".join(words)
        prefix = "*" if len(words[-1]) >= 2 and not quoted else ""
        terms.append(f'"{phrase}"{prefix}')
    return " AND ".join(terms) if terms else None


def search(db: Database, text: str, *, include_private: bool = False, limit: int = LIMIT) -> Results:
    """Records whose text has every word of *text*, most recently saved first."""
    expression = match_expression(text)
    if expression is None or not _has_index(db):
        return Results(text, [], False, include_private)
    try:
        flush(db)
    except driver.OperationalError:
        pass   # a read-only connection: the queue waits for the next writer
    column = "" if include_private else "{body} : "
    rows = db.execute(
        "SELECT s.rowid, r.record_table, r.record_id, r.field, "
        f"snippet(_search, -1, '{_HIT_START}', '{_HIT_END}', '…', {_SNIPPET_TOKENS}), "
        "s.private_body != '' "
        "FROM _search s JOIN _search_rows r ON r.id = s.rowid "
        "WHERE _search MATCH ? ORDER BY s.rowid DESC LIMIT ?",
        [f"{column}({expression})", limit + 1]).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    context = _contexts(db, [(table, record_id) for _, table, record_id, *_ in rows])
    hits = []
    for _rowid, table, record_id, field, snippet, private in rows:
        source = SOURCE_BY_TABLE.get(table)
        if source is None:
            continue
        label = next((f.label for f in source.fields if f.column == field), field)
        found = context.get((table, record_id))
        if found is None:
            continue   # the record went between the flush and now
        hits.append(Hit(table, record_id, field, label, source.kind, bool(private),
                        _pieces(snippet), *found))
    return Results(text, hits, more, include_private)


def _pieces(snippet: str) -> tuple[tuple[str, bool], ...]:
    pieces, matched = [], False
    for part in re.split(f"([{_HIT_START}{_HIT_END}])", snippet or ""):
        if part == _HIT_START:
            matched = True
        elif part == _HIT_END:
            matched = False
        elif part:
            pieces.append((part.replace("\n", " "), matched))
    return tuple(pieces)


# Per table: the record's owner(s), date, a short title, and the record a click opens.
_NAME = "trim(t.first_name || ' ' || t.last_name)"
_CONTEXT_SQL = {
    "observations": f"""
        SELECT o.id, o.staff_id, {_NAME}, o.observed_on,
               CASE o.kind WHEN 'walkthrough' THEN 'Walkthrough' WHEN 'formal' THEN 'Formal observation'
                           ELSE 'Informal observation' END, 'observations', o.id
        FROM observations o JOIN staff t ON t.id = o.staff_id WHERE o.id IN ({{marks}})""",
    "observation_evidence": f"""
        SELECT e.id, o.staff_id, {_NAME}, o.observed_on,
               CASE o.kind WHEN 'walkthrough' THEN 'Walkthrough' WHEN 'formal' THEN 'Formal observation'
                           ELSE 'Informal observation' END, 'observations', o.id
        FROM observation_evidence e JOIN observations o ON o.id = e.observation_id
        JOIN staff t ON t.id = o.staff_id WHERE e.id IN ({{marks}})""",
    "observation_scores": f"""
        SELECT s.id, o.staff_id, {_NAME}, o.observed_on, coalesce(i.name, 'Score'),
               'observations', o.id
        FROM observation_scores s JOIN observations o ON o.id = s.observation_id
        JOIN staff t ON t.id = o.staff_id LEFT JOIN rubric_indicators i ON i.id = s.indicator_id
        WHERE s.id IN ({{marks}})""",
    "goals": f"""
        SELECT g.id, g.staff_id, {_NAME}, coalesce(g.start_on, substr(g.created_at, 1, 10)),
               g.title, 'goals', g.id
        FROM goals g JOIN staff t ON t.id = g.staff_id WHERE g.id IN ({{marks}})""",
    "action_steps": f"""
        SELECT a.id, g.staff_id, {_NAME}, coalesce(a.done_on, a.due_on), g.title, 'goals', g.id
        FROM action_steps a JOIN goals g ON g.id = a.goal_id JOIN staff t ON t.id = g.staff_id
        WHERE a.id IN ({{marks}})""",
    "goal_check_ins": f"""
        SELECT c.id, g.staff_id, {_NAME}, c.checked_on, g.title, 'goals', g.id
        FROM goal_check_ins c JOIN goals g ON g.id = c.goal_id JOIN staff t ON t.id = g.staff_id
        WHERE c.id IN ({{marks}})""",
    "conversations": f"""
        SELECT c.id, c.staff_id, {_NAME}, c.held_on,
               CASE c.kind WHEN 'goal_setting' THEN 'Goal-setting conversation'
                           WHEN 'check_in' THEN 'Check-in conversation'
                           WHEN 'post_observation' THEN 'Post-observation conversation'
                           ELSE 'Reflection conversation' END, 'conversations', c.id
        FROM conversations c JOIN staff t ON t.id = c.staff_id WHERE c.id IN ({{marks}})""",
    "enrollments": f"""
        SELECT e.id, e.staff_id, {_NAME}, coalesce(e.completed_on, e.enrolled_on), p.title,
               'enrollments', e.id
        FROM enrollments e JOIN staff t ON t.id = e.staff_id JOIN pd_offerings p ON p.id = e.offering_id
        WHERE e.id IN ({{marks}})""",
    "celebrations": f"""
        SELECT c.id, group_concat(t.id, char(31)), group_concat({_NAME}, ', '), c.celebrated_on,
               c.title, 'celebrations', c.id
        FROM celebrations c LEFT JOIN celebration_staff cs ON cs.celebration_id = c.id
        LEFT JOIN staff t ON t.id = cs.staff_id WHERE c.id IN ({{marks}}) GROUP BY c.id""",
}


def _contexts(db: Database, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple]:
    by_table: dict[str, list[str]] = {}
    for table, record_id in wanted:
        by_table.setdefault(table, []).append(record_id)
    found: dict[tuple[str, str], tuple] = {}
    for table, ids in by_table.items():
        sql = _CONTEXT_SQL.get(table)
        if sql is None:
            continue
        ids = list(dict.fromkeys(ids))
        marks = ", ".join("?" for _ in ids)
        for record_id, staff_ids, names, day, title, open_table, open_id in db.execute(
                sql.format(marks=marks), ids).fetchall():
            if table == "celebrations":
                staff = tuple(sorted(set(staff_ids.split("\x1f")))) if staff_ids else ()
            else:
                staff = (staff_ids,)
            found[(table, record_id)] = (staff, names or "", day, title or "", open_table, open_id)
    return found
