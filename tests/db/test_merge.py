"""Merging two Cultivate files: the rule, its symmetry, deletions, conflicts, and refusals."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import timedelta

import pytest

from db import clock, merge, records
from db.backups import list_backups
from db.connection import open_database
from db.errors import StorageError
from tests.helpers.bad_files import KINDS, make_bad_file
from tests.helpers.school import fill_every_table


def later(milliseconds: int = 5) -> None:
    clock.advance(timedelta(milliseconds=milliseconds))


@pytest.fixture
def two_laptops(tmp_path):
    """The principal's file, and the coach's copy of it (a device of its own)."""
    principal = tmp_path / "principal.db"
    db = open_database(principal, actor="Principal")
    ids = fill_every_table(db)
    db.execute("DELETE FROM merge_conflicts")    # the helper's example conflict
    db.execute("UPDATE replica SET name = 'Principal'")
    db.conn.commit()
    db.close()
    coach = tmp_path / "coach.db"
    shutil.copy(principal, coach)
    db = open_database(coach, actor="Coach")
    db.execute("UPDATE replica SET name = 'Coach', device_id = 'coach-device'")
    db.conn.commit()
    db.close()
    return principal, coach, ids


def opened(path, actor="Someone"):
    return open_database(path, actor=actor)


def copies(path, tmp_path, *names):
    made = []
    for name in names:
        target = tmp_path / f"{name}.db"
        shutil.copy(path, target)
        made.append(target)
    return made


def test_a_coachs_new_walkthrough_and_edit_reach_the_principal(two_laptops):
    principal, coach, ids = two_laptops
    c = opened(coach, "Coach")
    later()
    visit = records.insert(c, "observations", {
        "staff_id": ids["staff"], "rubric_id": ids["rubrics"], "kind": "walkthrough",
        "observed_on": "2026-03-09", "glow": "Clear objective"})
    records.update(c, "goals", ids["goals"], {"title": "Questioning for all"})
    c.close()
    p = opened(principal, "Principal")
    done = merge.merge_file(p, coach)
    assert done.value.summary() == "added 1, updated 1, deleted 0, conflicts 0"
    assert records.get(p, "observations", visit)["glow"] == "Clear objective"
    assert records.get(p, "goals", ids["goals"])["title"] == "Questioning for all"
    # The backup came first.
    assert any(info.reason == "before-merge" for info in list_backups())


def test_merging_the_same_file_twice_changes_nothing(two_laptops):
    principal, coach, ids = two_laptops
    c = opened(coach)
    later()
    records.update(c, "staff", ids["staff"], {"subjects": "Physics"})
    c.execute("DELETE FROM goal_check_ins WHERE id = ?", [ids["goal_check_ins"]])
    c.close()
    p = opened(principal)
    first = merge.merge_file(p, coach).value
    assert first.summary() == "added 0, updated 1, deleted 1, conflicts 0"
    before = merge.contents(p)
    audit_rows = p["audit_log"].count
    again = merge.merge_file(p, coach)
    assert again.value.summary() == "added 0, updated 0, deleted 0, conflicts 0"
    assert merge.contents(p) == before
    assert p["audit_log"].count == audit_rows


def test_a_into_b_and_b_into_a_give_the_same_contents(two_laptops, tmp_path):
    principal, coach, ids = two_laptops
    p, c = opened(principal), opened(coach)
    later()
    records.update(p, "staff", ids["staff"], {"grades": "6"})               # both edit Zoë
    records.insert(p, "celebrations", {"kind": "shout_out", "title": "Book fair",
                                       "celebrated_on": "2026-03-01"})
    p.execute("DELETE FROM action_steps WHERE id = ?", [ids["action_steps"]])
    later()
    records.update(c, "staff", ids["staff"], {"subjects": "Physics"})
    records.update(c, "goals", ids["goals"], {"target": "7 per lesson"})
    records.insert(c, "goal_templates", {"title": "Exit tickets"})
    p.close()
    c.close()
    p_into_c, c_into_p = copies(coach, tmp_path, "c1")[0], copies(principal, tmp_path, "p1")[0]
    one, two = opened(p_into_c), opened(c_into_p)
    report_one = merge.merge_file(one, principal).value
    report_two = merge.merge_file(two, coach).value
    assert merge.contents(one) == merge.contents(two)
    # Zoë was edited on both sides: one conflict, wherever it was merged; the coach's
    # later edit won.
    assert report_one.conflicts + report_two.conflicts >= 1
    assert records.get(one, "staff", ids["staff"])["subjects"] == "Physics"
    assert records.get(one, "action_steps", ids["action_steps"]) is None


def test_a_newer_deletion_deletes_and_a_newer_edit_brings_the_record_back(two_laptops, tmp_path):
    principal, coach, ids = two_laptops
    # Deleted on the coach's laptop after the principal's last edit: it goes.
    c = opened(coach)
    later()
    c.execute("DELETE FROM goal_check_ins WHERE id = ?", [ids["goal_check_ins"]])
    c.close()
    p = opened(principal)
    merge.merge_file(p, coach)
    assert records.get(p, "goal_check_ins", ids["goal_check_ins"]) is None
    p.close()
    # Then the principal, not having seen it... edits a celebration the coach deletes
    # earlier than the principal's edit: the edit is newer, the record comes back.
    c = opened(coach)
    later()
    c.execute("DELETE FROM celebration_staff WHERE celebration_id = ?", [ids["celebrations"]])
    c.execute("DELETE FROM celebrations WHERE id = ?", [ids["celebrations"]])
    c.close()
    p = opened(principal)
    later()
    records.update(p, "celebrations", ids["celebrations"], {"title": "Twenty years!"})
    p.close()
    c = opened(coach)
    report = merge.merge_file(c, principal).value
    assert records.get(c, "celebrations", ids["celebrations"])["title"] == "Twenty years!"
    assert report.conflicts >= 1      # deleted here, edited there: the person may still delete it
    found = merge.open_conflicts(c)
    assert any(conflict.reason == "deleted here, edited there" for conflict in found)


def test_a_conflict_keeps_both_versions_and_the_loser_in_the_audit_log(two_laptops):
    principal, coach, ids = two_laptops
    c = opened(coach)
    later()
    records.update(c, "goals", ids["goals"], {"title": "Coach's title", "measure": "tally"})
    c.close()
    p = opened(principal)
    later()
    records.update(p, "goals", ids["goals"], {"title": "Principal's title"})
    report = merge.merge_file(p, coach).value
    assert report.conflicts == 1
    assert records.get(p, "goals", ids["goals"])["title"] == "Principal's title"   # newer wins
    [conflict] = merge.open_conflicts(p)
    assert conflict.kept == "ours" and conflict.other_name == "Coach"
    assert set(conflict.differing_fields()) == {"title", "measure"}
    logged = [json.loads(text) for (text,) in p.execute(
        "SELECT before_json FROM audit_log WHERE row_id = ? AND actor LIKE 'merge from%'",
        [ids["goals"]])]
    assert logged and logged[0]["title"] == "Coach's title"
    # Settled field by field: the coach's measure, the principal's title.
    merge.settle(p, conflict.id, {"title": "ours", "measure": "theirs"})
    goal = records.get(p, "goals", ids["goals"])
    assert (goal["title"], goal["measure"]) == ("Principal's title", "tally")
    assert merge.open_conflicts(p) == []
    # The settlement is an edit like any other: it reaches the coach, with no new conflict.
    p.close()
    c = opened(coach)
    back = merge.merge_file(c, principal).value
    assert back.conflicts == 0
    goal = records.get(c, "goals", ids["goals"])
    assert (goal["title"], goal["measure"]) == ("Principal's title", "tally")


def test_an_edit_seen_and_edited_again_is_no_conflict(two_laptops):
    principal, coach, ids = two_laptops
    c = opened(coach)
    later()
    records.update(c, "goals", ids["goals"], {"title": "One"})
    c.close()
    p = opened(principal)
    merge.merge_file(p, coach)
    later()
    records.update(p, "goals", ids["goals"], {"title": "Two"})
    p.close()
    c = opened(coach)
    assert merge.merge_file(c, principal).value.summary() == "added 0, updated 1, deleted 0, conflicts 0"
    assert records.get(c, "goals", ids["goals"])["title"] == "Two"


def test_a_deletion_never_takes_along_a_record_the_other_side_still_uses(two_laptops):
    principal, coach, ids = two_laptops
    c = opened(coach)
    later()
    c.execute("DELETE FROM goals WHERE id = ?", [ids["goals"]])   # and its steps and check-ins
    c.close()
    p = opened(principal)
    later()
    step = records.insert(p, "action_steps", {"goal_id": ids["goals"], "description": "Film a lesson"})
    report = merge.merge_file(p, coach).value
    assert records.get(p, "goals", ids["goals"]) is not None
    assert records.get(p, "action_steps", step) is not None
    assert any(c.reason == "deleted there, still in use here" for c in merge.open_conflicts(p))
    assert report.conflicts >= 1
    assert p.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_same_school_year_made_on_two_laptops_is_one_record(tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    a = open_database(one)
    later()
    b = open_database(two)
    years_a = {row["name"]: row["id"] for row in a["school_years"].rows}
    years_b = {row["name"]: row["id"] for row in b["school_years"].rows}
    assert years_a.keys() == years_b.keys() and years_a != years_b
    merge.merge_file(a, two)
    merge.merge_file(b, one)
    assert merge.contents(a) == merge.contents(b)
    assert a["school_years"].count == len(years_a)
    assert {row["id"] for row in a["school_years"].rows} == {
        min(years_a[name], years_b[name]) for name in years_a}
    assert a.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_merge_deleting_more_than_a_third_stops_and_changes_nothing(two_laptops):
    principal, coach, ids = two_laptops
    p = opened(principal)
    for number in range(60):
        records.insert(p, "goal_templates", {"title": f"Template {number}"})
    p.close()
    c = opened(coach)
    merge.merge_file(c, principal)
    later()
    c.execute("DELETE FROM goal_templates")       # the coach's laptop lost them all
    c.close()
    p = opened(principal)
    before = merge.contents(p)
    with pytest.raises(merge.MassDeletion, match="more than a third") as stopped:
        merge.merge_file(p, coach)
    assert stopped.value.plan.deleted == 61
    assert merge.contents(p) == before
    assert not any(info.reason == "before-merge" and info.path.name.startswith("principal")
                   for info in list_backups())
    done = merge.merge_file(p, coach, allow_mass_delete=True)
    assert done.value.deleted == 61 and p["goal_templates"].count == 0


def test_the_file_itself_is_refused(two_laptops):
    principal, _coach, _ids = two_laptops
    p = opened(principal)
    with pytest.raises(merge.MergeRefused, match="this file itself"):
        merge.merge_file(p, principal)


def _added(statement):
    def tamper(path):
        conn = sqlite3.connect(path)
        conn.execute(statement)
        conn.commit()
        conn.close()
    return tamper


@pytest.mark.parametrize("kind", [*KINDS, "trigger", "view"])
def test_a_hostile_file_is_refused_whole_and_the_target_is_unchanged(two_laptops, tmp_path, kind):
    principal, coach, _ids = two_laptops
    if kind == "trigger":
        bad = coach
        _added("CREATE TRIGGER leak AFTER UPDATE ON staff BEGIN "
               "UPDATE conversations SET is_private = 0; END")(bad)
    elif kind == "view":
        bad = coach
        _added("CREATE VIEW everyone AS SELECT * FROM staff")(bad)
    else:
        folder = tmp_path / "bad"
        folder.mkdir()
        bad = make_bad_file(kind, folder)
    p = opened(principal)
    before = merge.contents(p)
    audit_rows = p["audit_log"].count
    with pytest.raises(StorageError) as refused:
        merge.merge_file(p, bad)
    assert str(refused.value)         # said in plain words
    assert "Traceback" not in str(refused.value)
    assert merge.contents(p) == before and p["audit_log"].count == audit_rows
    assert not any(info.reason == "before-merge" for info in list_backups())


def test_an_older_format_file_merges_and_is_not_written(tmp_path):
    from db import migrations

    older = tmp_path / "older.db"
    # A file of the format before merging (10), as an earlier Cultivate made it.
    from db.connection import open_new_at_version

    db = open_new_at_version(older, 10)
    records.insert(db, "schools", {"name": "Old school"})
    db.conn.commit()
    db.close()
    before = older.read_bytes()
    target = open_database(tmp_path / "target.db")
    report = merge.merge_file(target, older).value
    assert report.added >= 1
    assert [row["name"] for row in target["schools"].rows] == ["Old school"]
    assert older.read_bytes() == before
    assert migrations.user_version(target) == migrations.LATEST_VERSION


def test_undo_of_a_merge_leaves_the_file_as_before_and_the_merge_can_be_made_again(two_laptops):
    from db import operations

    principal, coach, ids = two_laptops
    c = opened(coach)
    later()
    records.insert(c, "goal_templates", {"title": "Exit tickets"})
    records.update(c, "goals", ids["goals"], {"title": "Coach's title"})
    c.execute("DELETE FROM goal_check_ins WHERE id = ?", [ids["goal_check_ins"]])
    c.close()
    p = opened(principal)
    before = merge.contents(p)
    done = merge.merge_file(p, coach)
    assert done.value.summary() == "added 1, updated 1, deleted 1, conflicts 0"
    undone = operations.undo(p, done)
    assert merge.contents(p) == before          # rows, their stamps and the tombstones
    redone = operations.undo(p, undone)
    after_redo = merge.contents(p)
    operations.undo(p, redone)
    assert merge.contents(p) == before
    again = merge.merge_file(p, coach)
    assert again.value.summary() == "added 1, updated 1, deleted 1, conflicts 0"
    assert merge.contents(p) == after_redo


def test_two_schools_files_merge_into_one_district_file_sharing_rubric_and_catalog(tmp_path):
    """Each school made its own file; the district file holds both schools, one rubric,
    one starter catalog, and each school's people and walkthroughs."""
    from db import catalog, rubrics

    files = {}
    for name in ("North", "South"):
        path = tmp_path / f"{name.lower()}.db"
        db = open_database(path, actor=f"{name} principal")
        school = records.insert(db, "schools", {"name": f"{name} Elementary"})
        rubric = rubrics.load_default_rubric(db)
        catalog.install_starter_catalog(db)
        catalog.install_goal_templates(db)
        teacher = records.insert(db, "staff", {"first_name": f"{name}-teacher", "school_id": school})
        indicator = db.execute("SELECT id FROM rubric_indicators WHERE rubric_id = ? LIMIT 1",
                               [rubric]).fetchone()[0]
        visit = records.insert(db, "observations", {"staff_id": teacher, "rubric_id": rubric,
                                                    "kind": "walkthrough", "observed_on": "2026-03-02"})
        records.insert(db, "observation_scores", {"observation_id": visit, "indicator_id": indicator,
                                                  "score": 3})
        files[name] = (path, db["pd_offerings"].count, db["look_fors"].count,
                       db["goal_templates"].count)
        db.close()
        later()
    district = open_database(tmp_path / "district.db", actor="District PD lead")
    for name in ("North", "South"):
        merge.merge_file(district, files[name][0])
    assert {row["name"] for row in district["schools"].rows} == {"North Elementary", "South Elementary"}
    assert district["rubrics"].count == 1
    assert district["pd_offerings"].count == files["North"][1]
    assert district["look_fors"].count == files["North"][2]
    assert district["goal_templates"].count == files["North"][3]
    assert district["observation_scores"].count == 2
    assert district.execute("PRAGMA foreign_key_check").fetchall() == []
    # Both scores point at the one rubric's indicators.
    assert district.execute("SELECT count(DISTINCT i.rubric_id) FROM observation_scores s "
                            "JOIN rubric_indicators i ON i.id = s.indicator_id").fetchone()[0] == 1
    # And in the other order, the same district.
    other = open_database(tmp_path / "district2.db")
    for name in ("South", "North"):
        merge.merge_file(other, files[name][0])
    merge.merge_file(other, tmp_path / "district.db")
    merge.merge_file(district, tmp_path / "district2.db")
    assert merge.contents(other) == merge.contents(district)


def test_private_text_goes_into_no_conflict_and_no_audit_row_the_merge_writes(two_laptops):
    principal, coach, ids = two_laptops
    c = opened(coach)
    later()
    records.update(c, "observations", ids["observations"], {"glow": "Coach's glow",
                                                           "private_note": "Coach's private aside"})
    c.close()
    p = opened(principal)
    later()
    records.update(p, "observations", ids["observations"], {"glow": "Principal's glow",
                                                           "private_note": "Principal's secret"})
    assert merge.merge_file(p, coach).value.conflicts == 1
    [conflict] = merge.open_conflicts(p)
    assert conflict.differing_fields() == ["glow"]           # the private note is not offered
    stored = " ".join(str(row) for row in p.execute("SELECT * FROM merge_conflicts"))
    merged_audit = " ".join(str(row) for row in p.execute(
        "SELECT * FROM audit_log WHERE actor LIKE 'merge from%'"))
    assert "Coach's private aside" not in stored + merged_audit
    assert "Principal's secret" not in stored + merged_audit
    assert records.get(p, "observations", ids["observations"])["private_note"] == "Principal's secret"


def test_passphrase_protected_files_merge_both_ways(two_laptops):
    from db import driver, protection
    from db.errors import PassphraseNeededError

    principal, coach, ids = two_laptops
    c = opened(coach)
    later()
    records.update(c, "goals", ids["goals"], {"title": "From the protected copy"})
    c.close()
    protection.protect(coach, "coach laptop passphrase")
    protection.protect(principal, "principal passphrase words")
    driver.forget_keys()
    protection.unlock(principal, "principal passphrase words")
    p = opened(principal)
    with pytest.raises(PassphraseNeededError):
        merge.merge_file(p, coach)                  # asked first; nothing changed
    protection.unlock(coach, "coach laptop passphrase")
    assert merge.merge_file(p, coach).value.summary() == "added 0, updated 1, deleted 0, conflicts 0"
    assert records.get(p, "goals", ids["goals"])["title"] == "From the protected copy"
    p.close()
    c = opened(coach)
    assert merge.merge_file(c, principal).value.summary() == "added 0, updated 0, deleted 0, conflicts 0"


def test_two_schools_same_titled_offerings_stay_apart_and_the_shared_catalog_is_one(tmp_path):
    """Each school runs its own "Math Talks" (its own coach facilitates it): the district
    file holds both, each with its own school's enrolments; the starter catalog both
    installed, and an offering of the same external facilitator, are one."""
    from db import catalog

    files = {}
    for name in ("North", "South"):
        path = tmp_path / f"{name.lower()}.db"
        db = open_database(path, actor=f"{name} principal")
        school = records.insert(db, "schools", {"name": f"{name} Elementary"})
        catalog.install_starter_catalog(db)
        coach = records.insert(db, "staff", {"first_name": f"{name}-coach", "role": "coach",
                                             "school_id": school})
        teacher = records.insert(db, "staff", {"first_name": f"{name}-teacher", "school_id": school})
        talks = records.insert(db, "pd_offerings", {
            "title": "Math Talks", "format": "plc", "description": f"{name}'s own",
            "facilitator_staff_id": coach})
        records.insert(db, "enrollments", {"offering_id": talks, "staff_id": teacher,
                                           "enrolled_on": "2026-03-02"})
        records.insert(db, "pd_offerings", {"title": "Reading Workshop", "format": "workshop",
                                            "facilitator_name": "County reading lead"})
        files[name] = (path, db["pd_offerings"].count)
        db.close()
        later()
    district = open_database(tmp_path / "district.db", actor="District PD lead")
    for name in ("North", "South"):
        merge.merge_file(district, files[name][0])
    talks = district.execute(
        "SELECT o.description, s.first_name FROM pd_offerings o JOIN enrollments e ON e.offering_id = o.id "
        "JOIN staff s ON s.id = e.staff_id WHERE o.title = 'Math Talks' ORDER BY 1").fetchall()
    assert talks == [("North's own", "North-teacher"), ("South's own", "South-teacher")]
    assert district.execute("SELECT count(*) FROM pd_offerings WHERE title = 'Reading Workshop'"
                            ).fetchone()[0] == 1
    assert district["pd_offerings"].count == files["North"][1] + 1   # one more Math Talks
    assert district.execute("PRAGMA foreign_key_check").fetchall() == []
    # Merged the other way round, and with each other, the same district.
    other = open_database(tmp_path / "district2.db")
    for name in ("South", "North"):
        merge.merge_file(other, files[name][0])
    merge.merge_file(other, tmp_path / "district.db")
    merge.merge_file(district, tmp_path / "district2.db")
    assert merge.contents(other) == merge.contents(district)


def test_undo_of_a_merge_puts_back_where_versions_came_from_and_the_exchanges(two_laptops):
    """merge_origins (which device wrote each merged version: a tie's breaker) and
    merge_exchanges are as before the merge after Undo, and as after it after Redo."""
    from db import operations

    principal, coach, ids = two_laptops
    c = opened(coach)
    later()
    records.update(c, "goals", ids["goals"], {"title": "First exchange"})
    c.close()
    p = opened(principal)
    merge.merge_file(p, coach)           # the origins already hold the goal's first version
    c = opened(coach)
    later()
    records.update(c, "goals", ids["goals"], {"title": "Second exchange"})
    records.insert(c, "goal_templates", {"title": "Exit tickets"})
    c.execute("DELETE FROM goal_check_ins WHERE id = ?", [ids["goal_check_ins"]])
    c.close()

    def bookkeeping():
        return {table: sorted(tuple(row) for row in p.execute(f"SELECT * FROM {table}"))
                for table in ("merge_origins", "merge_exchanges", "merge_conflicts", "tombstones")}

    before = bookkeeping()
    done = merge.merge_file(p, coach)
    assert done.value.summary() == "added 1, updated 1, deleted 1, conflicts 0"
    after = bookkeeping()
    assert after["merge_origins"] != before["merge_origins"]
    undone = operations.undo(p, done)
    assert bookkeeping() == before
    redone = operations.undo(p, undone)
    assert bookkeeping() == after
    operations.undo(p, redone)
    assert bookkeeping() == before


def test_a_deletion_that_loses_to_a_newer_edit_it_never_saw_is_a_conflict(two_laptops):
    """The coach deletes a celebration; the principal, not having seen that, edits it
    later. Merged into the principal's file, the newer edit stands, and the coach's
    deletion (with every version the coach had seen) is kept aside as a conflict, as it
    is the other way round: the hypothesis test found the deletion lost silently."""
    principal, coach, ids = two_laptops
    c = opened(coach)
    later()
    c.execute("DELETE FROM celebration_staff WHERE celebration_id = ?", [ids["celebrations"]])
    c.execute("DELETE FROM celebrations WHERE id = ?", [ids["celebrations"]])
    c.close()
    p = opened(principal)
    later()
    records.update(p, "celebrations", ids["celebrations"], {"title": "Twenty years!"})
    report = merge.merge_file(p, coach).value
    assert records.get(p, "celebrations", ids["celebrations"])["title"] == "Twenty years!"
    found = [conflict for conflict in merge.open_conflicts(p) if conflict.table == "celebrations"]
    assert [(c.reason, c.kept, c.theirs) for c in found] == [("deleted there, edited here", "ours", None)]
    assert report.conflicts >= 1
    # Seen now: merging the coach's file again finds nothing new.
    assert merge.merge_file(p, coach).value.conflicts == 0


@pytest.mark.parametrize("protected", ["the other file", "this file"])
def test_a_protected_file_and_a_plain_one_merge_either_way(two_laptops, protected):
    """SQLite compares the tables over the attached file when the drivers allow it; a
    protected file merged into a plain one is compared row by row instead: the same."""
    from db import driver, protection

    principal, coach, ids = two_laptops
    c = opened(coach)
    later()
    records.update(c, "goals", ids["goals"], {"title": "Across the lock"})
    visit = records.insert(c, "observations", {
        "staff_id": ids["staff"], "rubric_id": ids["rubrics"], "kind": "walkthrough",
        "observed_on": "2026-03-09"})
    c.close()
    protection.protect(coach if protected == "the other file" else principal, "a long passphrase")
    p = opened(principal)
    assert merge.merge_file(p, coach).value.summary() == "added 1, updated 1, deleted 0, conflicts 0"
    assert records.get(p, "goals", ids["goals"])["title"] == "Across the lock"
    assert records.get(p, "observations", visit) is not None
    assert merge.merge_file(p, coach).value.summary() == "added 0, updated 0, deleted 0, conflicts 0"
    assert [row[1] for row in p.execute("PRAGMA database_list")] == ["main", "temp"]  # detached
    driver.forget_keys()
