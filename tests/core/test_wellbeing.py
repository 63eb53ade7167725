"""Wellbeing that cannot single anyone out: storage, the school view's rules, and a
hypothesis test that no sequence of check-ins lets the school view give away one
person's unshared answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from db import clock, operations, records, staff, wellbeing
from db.connection import open_memory
from db.operations import CannotUndo
from desktop.core.wellbeing import (
    MIN_GROUP,
    Response,
    WellbeingValidationError,
    check_scores,
    school_trend,
    school_wellbeing,
)

MARCH = date(2026, 3, 1)
AFTER_MARCH_CLOSES = date(2026, 4, 8)


def _response(who: str, month: date, energy: float, *, private: bool = True) -> Response:
    return Response(who, month, energy, 3, 3, private)


score = st.integers(min_value=1, max_value=5)


def _as_stored(items: list[Response]) -> list[Response]:
    """As db.wellbeing hands them over: a private answer is its own respondent, once a month;
    shared check-ins are their person's, any number of times."""
    seen, kept = set(), []
    for item in items:
        if item.private and (item.respondent, item.month) in seen:
            continue
        seen.add((item.respondent, item.month))
        kept.append(item)
    return kept


responses = st.lists(
    st.one_of(
        st.builds(Response, respondent=st.sampled_from([f"answer{n}" for n in range(12)]),
                  month=st.sampled_from([date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]),
                  energy=score, workload=score, stress=score, private=st.just(True)),
        st.builds(Response, respondent=st.sampled_from([f"staff{n}" for n in range(12)]),
                  month=st.sampled_from([date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]),
                  energy=score, workload=score, stress=score, private=st.just(False))),
    max_size=80).map(_as_stored)


@settings(max_examples=200, deadline=None)
@given(responses, st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 4, 1)))
def test_a_shown_month_is_closed_has_five_people_and_no_lone_private_answer(items, today):
    trend = school_trend(items, today=today)
    for point in trend.points:
        month = [r for r in items if r.month == point.month]
        people = {r.respondent for r in month}
        private = {r.respondent for r in month if r.private}
        assert wellbeing.is_closed(wellbeing.month_of(point.month), today)
        assert point.people == len(people) >= MIN_GROUP
        assert not private or len(private) >= MIN_GROUP
        for measure in ("energy", "workload", "stress"):
            assert 1 <= getattr(point, measure) <= 5
    shown = {point.month for point in trend.points}
    held = set(trend.withheld) | set(trend.still_open)
    # Every month with answers is shown, withheld or still open: exactly one of them.
    assert shown | held == {r.month for r in items} and not shown & held
    assert not set(trend.withheld) & set(trend.still_open)


def test_a_month_shows_only_after_it_has_closed():
    items = [_response(f"t{n}", MARCH, 3) for n in range(6)]
    assert wellbeing.closes_on("2026-03") == AFTER_MARCH_CLOSES
    still = school_trend(items, today=AFTER_MARCH_CLOSES - timedelta(days=1))
    assert still.points == [] and still.still_open == [MARCH]
    assert "March 2026 is still open: its figures appear on 8 April 2026" in still.withheld_text
    [point] = school_trend(items, today=AFTER_MARCH_CLOSES).points
    assert (point.people, point.energy) == (6, 3)


def test_one_private_answer_among_shared_ones_is_not_shown():
    # Leaders know the four shared answers: the average would give the fifth away.
    items = [_response(f"t{n}", MARCH, 4, private=False) for n in range(8)]
    items.append(_response("quiet", MARCH, 1))
    trend = school_trend(items, today=AFTER_MARCH_CLOSES)
    assert trend.points == [] and trend.withheld == [MARCH]
    assert "too few teachers answered" in trend.withheld_text
    everyone_shared = school_trend(items[:-1], today=AFTER_MARCH_CLOSES)
    assert [p.people for p in everyone_shared.points] == [8]


def test_each_person_counts_once_in_the_average():
    # One teacher's four shared check-ins cannot outweigh four others.
    items = [Response("loud", MARCH, 1, 5, 5, False) for _ in range(4)]
    items += [Response(f"t{n}", MARCH, 5, 1, 1, False) for n in range(4)]
    [point] = school_trend(items, today=AFTER_MARCH_CLOSES).points
    assert (point.people, point.energy, point.workload, point.stress) == (5, 4.2, 1.8, 1.8)
    assert point.label == "Mar 2026"


def test_the_rule_cannot_be_lowered():
    with pytest.raises(ValueError):
        school_trend([], today=MARCH, min_group=4)
    assert school_trend([], today=MARCH, min_group=6).points == []


@pytest.mark.parametrize("values", [
    {"energy": 0, "workload": 3, "stress": 3}, {"energy": 3, "workload": 6, "stress": 3},
    {"energy": 3, "workload": 3, "stress": None}, {"energy": True, "workload": 3, "stress": 3},
    {"energy": 2.5, "workload": 3, "stress": 3},
])
def test_scores_outside_one_to_five_are_refused(values):
    with pytest.raises(WellbeingValidationError):
        check_scores(**values)


# -- through the database ----------------------------------------------------------------------
@pytest.fixture
def school():
    db = open_memory()
    clock.set_today(date(2026, 3, 20))
    people = [staff.add(db, first_name=f"T{n}", last_name="Teacher") for n in range(7)]
    yield db, people
    db.close()


def _check_in(db, person, day="2026-03-05", energy=3, **more):
    return wellbeing.record_check_in(db, staff_id=person, checked_on=day, energy=energy,
                                     workload=3, stress=3, **more)


def test_an_unshared_check_in_keeps_nothing_that_points_to_the_teacher(school):
    db, people = school
    _check_in(db, people[0], energy=2, needs_follow_up=True)
    # Nothing of it on the teacher's page but the month; no staff link beside the scores.
    assert wellbeing.list_check_ins(db, staff_id=people[0]) == []
    [month] = wellbeing.list_responses(db, staff_id=people[0])
    assert (month.month, month.answered_privately, month.follow_up_wanted) == ("2026-03", True, True)
    [answer] = db.execute("SELECT * FROM wellbeing_private_answers").fetchall()
    columns = [c.name for c in db["wellbeing_private_answers"].columns]
    assert columns == ["id", "month", "energy", "workload", "stress", "created_at", "updated_at"]
    assert answer[1:] == ("2026-03", 2.0, 3.0, 3.0, "2026-03", "2026-03")
    assert db["wellbeing_private_answers"].foreign_keys == []
    assert "WITHOUT ROWID" in db["wellbeing_private_answers"].schema
    # The audit log has the month's response (no scores), nothing of the answer.
    logged = [row[0] for row in db.execute("SELECT table_name FROM audit_log")]
    assert "wellbeing_private_answers" not in logged and "wellbeing_responses" in logged
    assert db.execute("SELECT count(*) FROM tombstones").fetchone()[0] == 0
    assert [(f.name, f.month) for f in wellbeing.follow_ups(db)] == [("T0 Teacher", "2026-03")]
    staff.archive(db, people[0])
    assert wellbeing.follow_ups(db) == []


def test_a_shared_check_in_is_on_the_teachers_page(school):
    db, people = school
    first = _check_in(db, people[0], energy=2, note="  Report cards  ", shared_with_leaders=True)
    [saved] = wellbeing.list_check_ins(db, staff_id=people[0])
    assert (saved.id, saved.note, saved.energy) == (first, "Report cards", 2)
    [month] = wellbeing.list_responses(db, staff_id=people[0])
    assert not month.answered_privately


def test_one_private_answer_a_month_and_no_note_without_sharing(school):
    db, people = school
    _check_in(db, people[0])
    with pytest.raises(WellbeingValidationError, match="already answered privately for March 2026"):
        _check_in(db, people[0], day="2026-03-19")
    with pytest.raises(WellbeingValidationError, match="note is kept only with a check-in shared"):
        _check_in(db, people[1], note="tired")
    # Shared check-ins in the same month are fine.
    _check_in(db, people[0], day="2026-03-19", shared_with_leaders=True, note="better")
    assert db.execute("SELECT count(*) FROM wellbeing_private_answers").fetchone()[0] == 1


def test_bad_check_ins_are_refused_and_nothing_is_saved(school):
    db, people = school
    for values in ({"checked_on": "yesterday"}, {"energy": 9}, {"note": "x" * 2001}):
        with pytest.raises(WellbeingValidationError):
            wellbeing.record_check_in(db, **{
                "staff_id": people[0], "checked_on": "2026-03-02", "energy": 3, "workload": 3,
                "stress": 3, "shared_with_leaders": True, **values})
    assert wellbeing.list_responses(db, staff_id=people[0]) == []


def test_the_issue_adding_one_check_in_no_longer_gives_it_away(school):
    """Issue 14: adding one check-in moved the school's figure (3.2 → 3.0 on main, which
    gave the sixth teacher's unshared 2 away). Now March shows nothing until it has
    closed, and once closed it no longer moves."""
    db, people = school
    for person, energy in zip(people[:5], (3, 4, 3, 3, 3), strict=True):
        _check_in(db, person, energy=energy)
    view = lambda: school_wellbeing(db, since="2026-03-01", until="2026-03-31")  # noqa: E731
    assert view().points == []                                   # March is still open
    _check_in(db, people[5], day="2026-03-20", energy=2)
    assert view().points == [] and view().still_open == [MARCH]
    clock.set_today(AFTER_MARCH_CLOSES)
    [point] = view().points
    assert (point.people, point.energy) == (6, 3.0)
    with pytest.raises(WellbeingValidationError, match="March 2026 is closed"):
        _check_in(db, people[6], day="2026-03-31", energy=5)     # a late paper form
    assert view().points == [point]


def test_undo_cannot_take_a_private_answer_out_of_a_closed_month(school):
    db, people = school
    done = operations.perform(db, "Check in", lambda d: _check_in(d, people[0]))
    clock.set_today(AFTER_MARCH_CLOSES)
    with pytest.raises(CannotUndo, match="March 2026 is closed"):
        operations.undo(db, done)
    assert db.execute("SELECT count(*) FROM wellbeing_private_answers").fetchone()[0] == 1
    # Before the month closes, Undo takes it back (from the in-memory capture).
    clock.set_today(date(2026, 3, 20))
    operations.undo(db, done)
    assert db.execute("SELECT count(*) FROM wellbeing_private_answers").fetchone()[0] == 0
    assert wellbeing.list_responses(db, staff_id=people[0]) == []


def test_redo_puts_a_private_answer_back_dated_by_its_month_only(school):
    """Undo stamps a row it puts back with the moment; a private answer's time stamps are
    its month, or the moment it was typed (again) would be kept beside it."""
    db, people = school
    done = operations.perform(db, "Check in", lambda d: _check_in(d, people[0]))
    redo = operations.undo(db, done)
    operations.undo(db, redo)
    assert db.execute("SELECT month, created_at, updated_at FROM wellbeing_private_answers"
                      ).fetchall() == [("2026-03", "2026-03", "2026-03")]


def test_stopping_sharing_takes_a_check_in_off_the_page(school):
    db, people = school
    shared = _check_in(db, people[0], energy=4, shared_with_leaders=True)
    assert wellbeing.update_check_in(db, shared, checked_on="2026-03-05", energy=4, workload=3,
                                     stress=3, shared_with_leaders=False) is None
    assert wellbeing.list_check_ins(db, staff_id=people[0]) == []
    [month] = wellbeing.list_responses(db, staff_id=people[0])
    assert month.answered_privately       # its scores are now the month's private answer
    assert db.execute("SELECT energy FROM wellbeing_private_answers").fetchall() == [(4.0,)]


def test_stopping_sharing_a_check_in_with_a_note_asks_for_the_note_to_go_first(school):
    """The editor opens a shared check-in with its note; unticking Shared must not drop
    the note silently (it cannot be kept: no note is kept with a private answer)."""
    db, people = school
    shared = _check_in(db, people[0], energy=4, shared_with_leaders=True, note="Tired")
    with pytest.raises(WellbeingValidationError, match="note is kept only") as refused:
        wellbeing.update_check_in(db, shared, checked_on="2026-03-05", energy=4, workload=3,
                                  stress=3, note="Tired", shared_with_leaders=False)
    assert refused.value.field == "note"
    assert [c.note for c in wellbeing.list_check_ins(db, staff_id=people[0])] == ["Tired"]
    assert db.execute("SELECT count(*) FROM wellbeing_private_answers").fetchone()[0] == 0


def test_wellbeing_offerings_come_from_the_pd_menu(memory_db):
    records.insert(memory_db, "pd_offerings", {"title": "Mindful mornings", "format": "wellbeing"})
    records.insert(memory_db, "pd_offerings", {"title": "Retired yoga", "format": "wellbeing",
                                               "retired_at": "2025-01-01"})
    records.insert(memory_db, "pd_offerings", {"title": "Questioning", "format": "workshop"})
    assert [o.title for o in wellbeing.wellbeing_offerings(memory_db)] == ["Mindful mornings"]


# -- the hypothesis test -----------------------------------------------------------------------
# A leader types any sequence of check-ins (shared or not, for this month or a past one),
# corrects and deletes shared ones, stops sharing them, takes steps back with Undo, and
# looks at the school view after every step while the days go by. Two worlds are run:
# the one generated, and the same one with two teachers' private answers of one month
# swapped. If the views could give one person's answer away (a figure that moved when it
# came in, a month shown with it as the only unknown), some view would differ between
# the two worlds. They never may.
PEOPLE = 9
START = date(2026, 1, 26)        # December has closed already (late entries), January has not
MONTHS = ("2025-12", "2026-01", "2026-02")
SINCE, UNTIL = "2025-12-01", "2026-02-28"
scores = st.tuples(score, score, score)


@dataclass(frozen=True)
class Add:
    person: int
    month: str
    day: int
    scores: tuple[int, int, int]
    shared: bool
    follow_up: bool


@dataclass(frozen=True)
class Edit:
    pick: int
    scores: tuple[int, int, int]
    keep_sharing: bool


@dataclass(frozen=True)
class Delete:
    pick: int


@dataclass(frozen=True)
class Undo:
    pass


@dataclass(frozen=True)
class Wait:
    days: int


steps = st.one_of(
    st.builds(Add, st.integers(0, PEOPLE - 1), st.sampled_from(MONTHS), st.integers(1, 28),
              scores, st.booleans(), st.booleans()),
    st.builds(Edit, st.integers(0, 50), scores, st.booleans()),
    st.builds(Delete, st.integers(0, 50)),
    st.just(Undo()),
    st.builds(Wait, st.integers(1, 20)),
)


_SCHOOL: list = []


def _school() -> tuple[Database, list[str]]:
    """One in-memory school of PEOPLE teachers for every run; each run is rolled back."""
    if not _SCHOOL:
        db = open_memory()
        _SCHOOL.extend([db, [staff.add(db, first_name=f"P{n}") for n in range(PEOPLE)]])
    return _SCHOOL[0], _SCHOOL[1]


def _run(sequence: list) -> tuple[list, list[bool]]:
    """Every view the leader saw, and which steps wrote something (then all rolled back)."""
    db, people = _school()
    db.execute("BEGIN")
    today = START
    clock.set_today(today)
    done_stack: list = []
    views, wrote = [], []
    try:
        for step in sequence:
            write = None
            if isinstance(step, Wait):
                today += timedelta(days=step.days)
                clock.set_today(today)
            elif isinstance(step, Add):
                energy, workload, stress = step.scores
                write = lambda d, s=step, e=energy, w=workload, x=stress: wellbeing.record_check_in(  # noqa: E731
                    d, staff_id=people[s.person], checked_on=f"{s.month}-{s.day:02d}", energy=e,
                    workload=w, stress=x, shared_with_leaders=s.shared, needs_follow_up=s.follow_up)
            elif isinstance(step, (Edit, Delete)):
                shared = [row[0] for row in db.execute(
                    "SELECT id FROM wellbeing_check_ins ORDER BY checked_on, id")]
                if shared:
                    target = shared[step.pick % len(shared)]
                    if isinstance(step, Delete):
                        write = lambda d, t=target: wellbeing.delete_check_in(d, t)  # noqa: E731
                    else:
                        current = records.get(db, "wellbeing_check_ins", target)
                        e, w, x = step.scores
                        write = lambda d, t=target, c=current, e=e, w=w, x=x, k=step.keep_sharing: (  # noqa: E731
                            wellbeing.update_check_in(d, t, checked_on=c["checked_on"], energy=e,
                                                      workload=w, stress=x, shared_with_leaders=k))
            ok = False
            if isinstance(step, Undo):
                if done_stack:
                    try:
                        operations.undo(db, done_stack[-1])
                        done_stack.pop()
                        ok = True
                    except CannotUndo:
                        pass
            elif write is not None:
                try:
                    done_stack.append(operations.perform(db, "step", write))
                    ok = True
                except WellbeingValidationError:
                    pass
            wrote.append(ok)
            trend = school_wellbeing(db, since=SINCE, until=UNTIL)
            views.append((trend.points, trend.withheld, trend.still_open))
            for point in trend.points:
                month = point.month.isoformat()[:7]
                private = db.execute("SELECT count(*) FROM wellbeing_private_answers WHERE month = ?",
                                     [month]).fetchone()[0]
                assert private == 0 or private >= MIN_GROUP
                if private:
                    event("a month with private answers was shown")
    finally:
        db.execute("ROLLBACK")
    return views, wrote


def _undone(sequence: list, wrote: list[bool]) -> set[int]:
    """The steps Undo took back (undo pops the last step still standing)."""
    standing: list[int] = []
    undone = set()
    for index, (step, ok) in enumerate(zip(sequence, wrote, strict=True)):
        if isinstance(step, Undo):
            if ok:
                undone.add(standing.pop())
        elif ok and not isinstance(step, Wait):
            standing.append(index)
    return undone


# Five to nine different teachers answer January privately, interleaved in any order with
# any other steps; the days go on past January's closing at the end, so that the months
# worth looking at do close and show.
january = st.lists(st.integers(0, PEOPLE - 1), min_size=MIN_GROUP, max_size=PEOPLE, unique=True).flatmap(
    lambda people: st.tuples(*(st.builds(Add, st.just(p), st.just("2026-01"), st.integers(1, 28),
                                         scores, st.just(False), st.booleans()) for p in people)))
sequences = st.tuples(january, st.lists(steps, min_size=5, max_size=30)).flatmap(
    lambda parts: st.permutations(list(parts[0]) + parts[1])).map(lambda s: [*s, Wait(15)])


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sequences, st.data())
def test_no_sequence_of_check_ins_lets_the_school_view_reveal_one_answer(sequence, data):
    views, wrote = _run(sequence)
    undone = _undone(sequence, wrote)
    private_adds = [i for i, (step, ok) in enumerate(zip(sequence, wrote, strict=True))
                    if ok and i not in undone and isinstance(step, Add) and not step.shared]
    pairs = [(i, j) for i in private_adds for j in private_adds
             if i < j and sequence[i].month == sequence[j].month
             and sequence[i].scores != sequence[j].scores]
    if not pairs:
        return
    event("two private answers of one month swapped")
    first, second = data.draw(st.sampled_from(pairs))
    swapped = list(sequence)
    swapped[first] = Add(**{**vars(sequence[first]), "scores": sequence[second].scores})
    swapped[second] = Add(**{**vars(sequence[second]), "scores": sequence[first].scores})
    other_views, other_wrote = _run(swapped)
    assert other_wrote == wrote
    assert other_views == views
