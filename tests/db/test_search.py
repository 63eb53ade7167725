"""Find anything: accent-insensitive FTS5 search, privacy, and an index that keeps up."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from db import migrations, operations, records, search
from db.connection import open_database, register_functions


def _school(db):
    ids = {}
    ids["elodie"] = records.insert(db, "staff", {"first_name": "Élodie", "last_name": "Brûlé"})
    ids["ben"] = records.insert(db, "staff", {"first_name": "Ben", "last_name": "Ode"})
    family = records.new_id()
    ids["rubric"] = records.insert(db, "rubrics", {"family_id": family, "name": "R"})
    ids["visit"] = records.insert(db, "observations", {
        "staff_id": ids["elodie"], "rubric_id": ids["rubric"], "kind": "walkthrough",
        "observed_on": "2026-02-03", "glow": "Every pair used think-pair-share before answering",
        "grow": "Wait longer after questions", "private_note": "Seemed exhausted; ask about the café job"})
    ids["evidence"] = records.insert(db, "observation_evidence", {
        "observation_id": ids["visit"], "noted_at": "2026-02-03T09:00:00Z",
        "text": "Élèves explain their reasoning à voix haute"})
    ids["goal"] = records.insert(db, "goals", {"staff_id": ids["ben"], "title": "Questioning that stretches"})
    ids["step"] = records.insert(db, "action_steps", {"goal_id": ids["goal"],
                                                      "description": "Film a lesson and count wait time"})
    ids["talk"] = records.insert(db, "conversations", {
        "staff_id": ids["ben"], "kind": "check_in", "held_on": "2026-02-05",
        "notes": "Talked about the divorce and workload", "is_private": 1})
    ids["open_talk"] = records.insert(db, "conversations", {
        "staff_id": ids["ben"], "kind": "goal_setting", "held_on": "2026-02-06",
        "notes": "Agreed to try hinge questions"})
    ids["party"] = records.insert(db, "celebrations", {
        "kind": "shout_out", "title": "Science fair heroes", "celebrated_on": "2026-03-01",
        "story": "Ran the whole fair"})
    for who in ("elodie", "ben"):
        records.insert(db, "celebration_staff", {"celebration_id": ids["party"], "staff_id": ids[who]})
    records.insert(db, "wellbeing_check_ins", {
        "staff_id": ids["ben"], "checked_on": "2026-02-07", "energy": 2, "workload": 5, "stress": 5,
        "note": "burnout thoughts"})
    return ids


@pytest.fixture
def school(file_db):
    return file_db, _school(file_db)


def found(db, text, **options):
    return {(hit.record_table, hit.field) for hit in search.search(db, text, **options).hits}


def test_words_are_found_whatever_their_accents(school):
    db, ids = school
    assert found(db, "elodie") == set()          # names are not text anyone wrote
    assert found(db, "eleves") == {("observation_evidence", "text")}
    assert found(db, "ÉLÈVES a voix") == {("observation_evidence", "text")}
    hit = search.search(db, "eleves").hits[0]
    assert hit.names == "Élodie Brûlé" and hit.staff_ids == (ids["elodie"],)
    assert (hit.open_table, hit.open_id) == ("observations", ids["visit"])   # evidence opens its visit
    assert hit.day == "2026-02-03" and hit.kind == "Evidence" and hit.title == "Walkthrough"
    assert any(matched and text.lower() == "élèves" for text, matched in hit.snippet)


def test_a_hyphenated_word_is_a_phrase_and_a_word_finds_words_it_begins(school):
    db, _ids = school
    assert found(db, "think-pair-share") == {("observations", "glow")}
    assert found(db, "who did think-pair") == set()   # every word must be there
    assert found(db, "pair think") == {("observations", "glow")}
    assert found(db, "pair-think") == set()           # a phrase keeps its order
    assert found(db, "quest") == {("goals", "title"), ("observations", "grow"), ("conversations", "notes")}
    assert found(db, '"wait time"') == {("action_steps", "description")}


def test_private_text_is_searched_only_when_asked_and_says_so(school):
    db, ids = school
    assert found(db, "cafe") == set()
    assert found(db, "divorce") == set()
    assert found(db, "cafe", include_private=True) == {("observations", "private_note")}
    hits = search.search(db, "divorce", include_private=True).hits
    assert [(h.record_id, h.private, h.field_label) for h in hits] == [
        (ids["talk"], True, "Conversation notes")]
    # Making a conversation private takes its notes out of an ordinary search at once.
    assert found(db, "hinge") == {("conversations", "notes")}
    records.update(db, "conversations", ids["open_talk"], {"is_private": 1})
    assert found(db, "hinge") == set()
    assert found(db, "hinge", include_private=True) == {("conversations", "notes")}


def test_wellbeing_notes_are_never_indexed(school):
    db, _ids = school
    assert found(db, "burnout", include_private=True) == set()
    assert db.execute("SELECT count(*) FROM _search_rows WHERE record_table LIKE 'wellbeing%'"
                      ).fetchone()[0] == 0


def test_a_celebration_names_everyone_in_it(school):
    db, ids = school
    (hit,) = search.search(db, "fair heroes").hits
    assert set(hit.staff_ids) == {ids["elodie"], ids["ben"]}
    assert "Élodie Brûlé" in hit.names and "Ben Ode" in hit.names


def test_edits_deletions_and_undo_keep_the_index_true(school):
    db, ids = school
    done = operations.perform(db, "Edit glow", lambda d: records.update(
        d, "observations", ids["visit"], {"glow": "Used mini whiteboards brilliantly"}))
    assert found(db, "think-pair-share") == set()
    assert found(db, "whiteboards") == {("observations", "glow")}
    operations.undo(db, done)
    assert found(db, "whiteboards") == set()
    assert found(db, "think-pair-share") == {("observations", "glow")}
    deleted = operations.perform(db, "Delete step", lambda d: d.execute(
        "DELETE FROM action_steps WHERE id = ?", [ids["step"]]))
    assert found(db, "film") == set()
    operations.undo(db, deleted)
    assert found(db, "film") == {("action_steps", "description")}


def test_the_latest_saved_comes_first_and_the_list_is_capped(file_db):
    db = file_db
    staff_id = records.insert(db, "staff", {"first_name": "A", "last_name": "B"})
    goal_ids = [records.insert(db, "goals", {"staff_id": staff_id, "title": f"Routine {n}"})
                for n in range(7)]
    results = search.search(db, "routine", limit=5)
    assert [hit.record_id for hit in results.hits] == goal_ids[::-1][:5] and results.more
    records.update(db, "goals", goal_ids[0], {"title": "Routine zero, revised"})
    assert search.search(db, "routine", limit=5).hits[0].record_id == goal_ids[0]
    assert not search.search(db, "revised").more


def test_rebuilding_gives_the_same_answers(school):
    db, _ids = school
    queries = ["quest", "eleves", "fair", "think-pair-share", "wait", "cafe"]
    before = {q: found(db, q, include_private=True) for q in queries}
    assert search.rebuild(db) == db.execute("SELECT count(*) FROM _search_rows").fetchone()[0]
    assert {q: found(db, q, include_private=True) for q in queries} == before
    db.execute("INSERT INTO _search (_search) VALUES ('integrity-check')")


@pytest.mark.parametrize("typed", ['"', 'NEAR(a b', "a* OR b", "^x", "-", "title:x", "((", "*",
                                   "AND", "'; DROP TABLE staff; --", "\x00", "  ", "é"])
def test_whatever_is_typed_is_words_never_syntax(school, typed):
    db, _ids = school
    search.search(db, typed, include_private=True)   # never raises
    assert db["staff"].count == 2


def test_a_change_queued_but_not_yet_indexed_survives_closing_the_file(tmp_path):
    path = tmp_path / "c.db"
    db = open_database(path)
    staff_id = records.insert(db, "staff", {"first_name": "A"})
    records.insert(db, "goals", {"staff_id": staff_id, "title": "Restorative circles"})
    assert search.pending_count(db) == 1     # queued with the record, in its transaction
    db.close()
    again = open_database(path)
    assert search.pending_count(again) == 0  # applied when the file opened
    assert found(again, "restorative") == {("goals", "title")}
    again.close()


def test_a_file_from_before_search_gets_its_index_on_upgrade(tmp_path):
    path = tmp_path / "old.db"
    db = Database(sqlite3.connect(path))
    register_functions(db)
    migrations.migrate(db, up_to=7)
    _school(db)
    db.conn.commit()
    db.close()
    upgraded = open_database(path)
    assert found(upgraded, "think-pair-share") == {("observations", "glow")}
    assert found(upgraded, "quest") == {("goals", "title"), ("observations", "grow"),
                                         ("conversations", "notes")}
    upgraded.close()


def test_a_new_version_of_the_sources_rebuilds_on_opening(tmp_path, monkeypatch):
    path = tmp_path / "c.db"
    db = open_database(path)
    staff_id = records.insert(db, "staff", {"first_name": "A"})
    records.insert(db, "goals", {"staff_id": staff_id, "title": "Exit tickets"})
    db.close()
    monkeypatch.setattr(search, "INDEX_VERSION", search.INDEX_VERSION + 1)
    again = open_database(path)
    assert again.execute("SELECT version FROM _search_state").fetchone()[0] == search.INDEX_VERSION
    assert found(again, "exit") == {("goals", "title")}
    again.close()


def test_a_private_note_already_indexed_leaves_the_file_when_deleted(tmp_path):
    """Deleted means deleted (issue 14) for the index too: the operation that deletes a
    private note takes its text out of the index at once, not at the next search."""
    from db import operations, records, staff
    from db.connection import open_database

    path = tmp_path / "private.db"
    db = open_database(path)
    teacher = staff.add(db, first_name="Ann")
    rubric = records.insert(db, "rubrics", {"family_id": records.new_id(), "name": "R"})
    visit = records.insert(db, "observations", {
        "staff_id": teacher, "rubric_id": rubric, "kind": "walkthrough", "observed_on": "2026-03-03",
        "private_note": "CANARY-7f1c-gone worried about her"})
    assert search.search(db, "canary", include_private=True).hits       # indexed (flushed)
    operations.perform(db, "Delete the visit",
                       lambda db: db.execute("DELETE FROM observations WHERE id = ?", [visit]))
    db.close()
    assert b"CANARY-7f1c-gone" not in path.read_bytes()
