"""Operations say what they changed, from the write itself, and can be taken back."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from db import goals, operations, pd, records, staff
from db.connection import open_memory
from db.errors import NeedsCorrection
from db.operations import CannotUndo
from tests.helpers.school import fill_every_table

NOT_CONTENT = {"audit_log", "tombstones"}


def contents(db) -> dict[str, set[tuple]]:
    """Every record, without the time stamps an undo refreshes."""
    result = {}
    for table in db.table_names():
        if table in NOT_CONTENT:
            continue
        columns = [c.name for c in db[table].columns if c.name != "updated_at"]
        names = ", ".join(f'"{name}"' for name in columns)
        result[table] = set(db.execute(f'SELECT {names} FROM "{table}"').fetchall())
    return result


@pytest.fixture
def school():
    db = open_memory(actor="ms.principal")
    ids = fill_every_table(db)
    yield db, ids
    db.close()


def test_an_operation_reports_every_row_it_touched_without_being_told(school):
    db, ids = school
    done = operations.perform(db, "Add a step", lambda db: goals.add_action_step(
        db, ids["goals"], "Film a lesson", due_on="2026-03-01"))
    assert done.changes.tables == {"action_steps"}
    assert done.changes.inserted("action_steps") == {done.value}
    change = done.changes.of("action_steps")[0]
    assert change.before is None and change.after["description"] == "Film a lesson"
    assert done.changes.values("action_steps", "goal_id") == {ids["goals"]}


def test_a_cascade_is_reported_too(school):
    db, ids = school
    done = operations.perform(db, "Delete visit", lambda db: db.execute(
        "DELETE FROM observations WHERE id = ?", [ids["observations"]]))
    assert {"observations", "observation_scores", "observation_evidence",
            "observation_look_fors"} <= done.changes.tables
    assert done.changes.deleted("observations") == {ids["observations"]}


def test_undo_takes_an_update_back_and_redo_puts_it_again(school):
    db, ids = school
    start = contents(db)
    done = operations.perform(db, "Edit", lambda db: staff.update(db, ids["staff"], interests="Chess"))
    assert staff.get(db, ids["staff"]).interests == "Chess"
    undone = operations.undo(db, done)
    assert undone.label == "Undo Edit"
    assert contents(db) == start
    operations.undo(db, undone, label="Redo Edit")
    assert staff.get(db, ids["staff"]).interests == "Chess"


def test_undoing_a_deletion_brings_back_its_children_and_removes_the_tombstone(school):
    db, ids = school
    start = contents(db)
    done = operations.perform(db, "Delete visit", lambda db: db.execute(
        "DELETE FROM observations WHERE id = ?", [ids["observations"]]))
    tombstones = {row[0] for row in db.execute("SELECT row_id FROM tombstones")}
    assert ids["observations"] in tombstones and ids["observation_scores"] in tombstones
    operations.undo(db, done)
    assert contents(db) == start
    assert db.execute("SELECT count(*) FROM tombstones").fetchone()[0] == 0


def test_a_deletion_leaves_a_tombstone_with_who_and_when(school):
    db, ids = school
    operations.perform(db, "Delete", lambda db: db.execute(
        "DELETE FROM goal_check_ins WHERE id = ?", [ids["goal_check_ins"]]))
    row = db.execute("SELECT table_name, deleted_by, deleted_at FROM tombstones WHERE row_id = ?",
                     [ids["goal_check_ins"]]).fetchone()
    assert row[0] == "goal_check_ins" and row[1] == "ms.principal" and row[2].endswith("Z")


def test_withdrawing_promotes_the_waitlist_and_undo_restores_both(school):
    db, ids = school
    offering = records.insert(db, "pd_offerings", {"title": "Coaching lab", "format": "workshop",
                                                   "capacity": 1})
    other = staff.add(db, first_name="Farah", last_name="Ahmed")
    assert pd.enroll(db, offering, ids["staff"]) == "enrolled"
    assert pd.enroll(db, offering, other) == "waitlisted"
    first = pd.find_enrollment(db, offering, ids["staff"]).id
    start = contents(db)
    done = operations.perform(db, "Withdraw", lambda db: pd.withdraw(db, first))
    statuses = {row[0]: row[1] for row in db.execute(
        "SELECT staff_id, status FROM enrollments WHERE offering_id = ?", [offering])}
    assert statuses == {ids["staff"]: "withdrawn", other: "enrolled"}
    operations.undo(db, done)
    assert contents(db) == start


def test_a_failed_write_changes_nothing_and_reports_nothing(school):
    db, ids = school
    start = contents(db)

    def half_then_fail(db):
        staff.update(db, ids["staff"], interests="half")
        raise sqlite3.IntegrityError("boom")

    with pytest.raises(sqlite3.IntegrityError):
        operations.perform(db, "Broken", half_then_fail)
    assert contents(db) == start
    later = operations.perform(db, "Next", lambda db: staff.update(db, ids["staff"], interests="x"))
    assert [c.table for c in later.changes.rows] == ["staff"]


def test_undo_refuses_when_the_record_changed_since(school):
    db, ids = school
    done = operations.perform(db, "Edit", lambda db: staff.update(db, ids["staff"], interests="A"))
    staff.update(db, ids["staff"], interests="B")
    with pytest.raises(CannotUndo):
        operations.undo(db, done)
    assert staff.get(db, ids["staff"]).interests == "B"


def test_writes_outside_an_operation_are_not_captured(school):
    db, ids = school
    staff.update(db, ids["staff"], interests="quiet")
    assert db.execute("SELECT count(*) FROM temp.cultivate_changes").fetchone()[0] == 0


def test_an_operation_inside_another_is_reported_by_the_outer_one(school):
    db, ids = school

    def outer(db):
        operations.perform(db, "Inner", lambda db: staff.update(db, ids["staff"], interests="in"))
        staff.update(db, ids["staff"], subjects="Art")

    done = operations.perform(db, "Outer", outer)
    assert [c.table for c in done.changes.rows] == ["staff", "staff"]


def test_the_audit_log_still_records_every_write(school):
    db, ids = school
    before = db["audit_log"].count
    operations.perform(db, "Edit", lambda db: staff.update(db, ids["staff"], interests="Chess"))
    assert db["audit_log"].count == before + 1


# -- a random day of edits, then Undo all the way back ----------------------------------

def _step_strategies(ids):
    text = st.text(alphabet="abcdefg ", min_size=1, max_size=8)
    return st.one_of(
        st.tuples(st.just("edit_staff"), text),
        st.tuples(st.just("add_staff"), text),
        st.tuples(st.just("add_step"), text),
        st.tuples(st.just("delete_goal"), st.none()),
        st.tuples(st.just("delete_visit"), st.none()),
        st.tuples(st.just("check_in"), st.integers(0, 100)),
    )


def _apply(db, ids, step):
    kind, value = step
    if kind == "edit_staff":
        return lambda db: staff.update(db, ids["staff"], interests=value)
    if kind == "add_staff":
        return lambda db: staff.add(db, first_name=value.strip() or "X", last_name="New")
    if kind == "add_step":
        goal = db.execute("SELECT id FROM goals LIMIT 1").fetchone()
        return (lambda db: goals.add_action_step(db, goal[0], value.strip() or "Step")) if goal else None
    if kind == "delete_goal":
        return lambda db: db.execute("DELETE FROM goals WHERE id IN (SELECT id FROM goals LIMIT 1)")
    if kind == "delete_visit":
        return lambda db: db.execute(
            "DELETE FROM observations WHERE id IN (SELECT id FROM observations LIMIT 1)")
    goal = db.execute("SELECT id FROM goals LIMIT 1").fetchone()
    return (lambda db: records.insert(db, "goal_check_ins", {
        "goal_id": goal[0], "checked_on": "2026-03-03", "progress": value})) if goal else None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_sequence_of_operations_undone_gives_back_the_starting_contents(data):
    db = open_memory(actor="hypothesis")
    try:
        ids = fill_every_table(db)
        start = contents(db)
        history = []
        for step in data.draw(st.lists(_step_strategies(ids), max_size=12)):
            write = _apply(db, ids, step)
            if write is not None:
                history.append(operations.perform(db, step[0], write))
        after = contents(db)
        redo = []
        for done in reversed(history):
            redo.append(operations.undo(db, done))
        assert contents(db) == start
        for undone in reversed(redo):
            operations.undo(db, undone)
        assert contents(db) == after
    finally:
        db.close()


# -- every kind of write the window makes, in any order, then Undo and Redo all the way ------

def _first(db, sql):
    row = db.execute(sql).fetchone()
    return row[0] if row else None


def _window_writes(db, ids):
    """The writes the window's editors make, each as (name, write) with its inputs drawn."""
    from db import celebrations, conversations, deletion, observations, self_assessments, wellbeing
    from db.self_assessments import SelfAssessmentAnswers

    text = st.text(alphabet="abc xyz", min_size=1, max_size=6).map(str.strip).filter(bool)
    day = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 6, 30)).map(date.isoformat)
    level = st.integers(1, 4)
    offering = ids["pd_offerings"]
    teacher = ids["staff"]

    def visit(db):
        return _first(db, "SELECT id FROM observations ORDER BY created_at DESC")

    def goal(db):
        return _first(db, "SELECT id FROM goals ORDER BY created_at DESC")

    def enrollment(db):
        return _first(db, "SELECT id FROM enrollments ORDER BY created_at DESC")

    return st.one_of(
        st.builds(lambda t: ("start visit", lambda db: observations.start_observation(
            db, staff_id=teacher, rubric_id=ids["rubrics"], observed_on="2026-03-02")), text),
        st.builds(lambda n: ("score", lambda db: observations.set_score(
            db, visit(db), ids["rubric_indicators"], n)), level),
        st.builds(lambda t: ("glow", lambda db: observations.update_observation(
            db, visit(db), glow=t, tags=t)), text),
        st.builds(lambda t: ("evidence", lambda db: observations.add_evidence(db, visit(db), t)), text),
        st.just(("finish", lambda db: observations.complete(db, visit(db)))),
        st.builds(lambda d: ("move visit", lambda db: observations.update_observation(
            db, visit(db), observed_on=d, kind="informal")), day),
        st.builds(lambda t: ("goal", lambda db: goals.add_goal(db, teacher, title=t)), text),
        st.builds(lambda t, d: ("correct goal", lambda db: goals.update_goal(db, goal(db), title=t,
                                                                             due_on=d)), text, day),
        st.builds(lambda t: ("step", lambda db: goals.add_action_step(db, goal(db), t)), text),
        st.builds(lambda p, d: ("check-in", lambda db: goals.add_check_in(
            db, goal(db), checked_on=d, progress=p)), st.integers(0, 100), day),
        st.builds(lambda t, d: ("talk", lambda db: conversations.add_conversation(
            db, teacher, kind="check_in", held_on=d, notes=t, goal_ids=(goal(db),) if goal(db) else ())),
            text, day),
        st.just(("enroll", lambda db: pd.enroll(db, offering, teacher, on="2026-03-01"))),
        st.just(("withdraw", lambda db: pd.withdraw(db, enrollment(db), on="2026-03-02"))),
        st.builds(lambda h, r: ("complete", lambda db: pd.complete(
            db, enrollment(db), completed_on="2026-03-09", hours=h, rating=r)),
            st.sampled_from([0.5, 1.0, 2.5]), st.integers(1, 5)),
        st.builds(lambda s: ("correct enrollment", lambda db: pd.correct_enrollment(
            db, enrollment(db), status=s, enrolled_on="2026-03-01",
            completed_on="2026-03-05" if s == "completed" else None, hours=1.0)),
            st.sampled_from(pd.STATUSES)),
        st.builds(lambda t, d: ("celebrate", lambda db: celebrations.record_celebration(
            db, staff_ids=[teacher], kind="shout_out", title=t, celebrated_on=d)), text, day),
        st.builds(lambda t: ("correct celebration", lambda db: celebrations.update_celebration(
            db, ids["celebrations"], staff_ids=[teacher], kind="milestone", title=t,
            celebrated_on="2026-03-01")), text),
        # Shared (with a note) or not: an unshared one is the month's private answer, in a
        # table without a staff link or rowid (refused in months closed by TODAY).
        st.builds(lambda e, d, shared: ("wellbeing", lambda db: wellbeing.record_check_in(
            db, staff_id=teacher, checked_on=d, energy=e, workload=3, stress=2,
            shared_with_leaders=shared, note="fine" if shared else "")), level, day, st.booleans()),
        st.builds(lambda n: ("self-assessment", lambda db: self_assessments.save(
            db, teacher, ids["rubrics"], SelfAssessmentAnswers(
                taken_on="2026-02-01", ratings={ids["rubric_indicators"]: n}))), level),
        st.just(("archive", lambda db: staff.archive(db, teacher))),
        st.just(("restore", lambda db: staff.restore(db, teacher))),
        st.sampled_from(["observations", "goals", "conversations", "enrollments", "celebrations",
                         "wellbeing_check_ins", "self_assessments", "action_steps"]).map(
            lambda table: (f"delete from {table}", lambda db: deletion.delete(
                db, table, _first(db, f'SELECT id FROM "{table}" ORDER BY created_at DESC') or "none"))),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_kind_of_window_write_undone_and_redone_in_any_order(data):
    db = open_memory(actor="hypothesis")
    try:
        ids = fill_every_table(db)
        start = contents(db)
        history = []
        for name, write in data.draw(st.lists(_window_writes(db, ids), min_size=1, max_size=15)):
            try:
                done = operations.perform(db, name, write)
            except (NeedsCorrection, KeyError, sqlite3.IntegrityError):
                continue   # refused in this state (nothing to score, a closed enrollment): no change
            history.append(done)
            event(f"wrote: {name}")
        after = contents(db)
        redo = [operations.undo(db, done) for done in reversed(history)]
        assert contents(db) == start
        # A tombstone marks only what is gone (undoing an addition is itself a deletion).
        assert [row for row in db.execute("SELECT table_name, row_id FROM tombstones")
                if records.get(db, row[0], row[1]) is not None] == []
        for undone in reversed(redo):
            operations.undo(db, undone)
        assert contents(db) == after
    finally:
        db.close()
