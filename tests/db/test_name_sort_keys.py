"""Staff names carry a stored, indexed sort key: lists sort through the index, search
matches folded names first, and every way names arrive writes the key."""

from __future__ import annotations

import json
import sqlite3

from sqlite_utils import Database

from db import migrations, records, staff
from db._names import staff_sort_key
from db.connection import open_database, register_functions
from db.export import export_zip, import_json
from db.health import salvage

PEOPLE = [("Øyvind", "Łukasz"), ("Zoë", "Ñúñez"), ("Ann", "Lee"), ("Bo", "Nash"), ("Cy", "Zhou"),
          ("Al", "Smithson"), ("Di", "Smith"), ("ann", "lee")]
BY_NAME = ["Lee", "lee", "Łukasz", "Nash", "Ñúñez", "Smith", "Smithson", "Zhou"]


def _add_people(db) -> dict[str, str]:
    return {last: staff.add(db, first_name=first, last_name=last) for first, last in PEOPLE}


def test_the_list_is_in_reading_order_through_the_index(memory_db):
    _add_people(memory_db)
    assert [m.last_name for m in staff.list_staff(memory_db)] == BY_NAME
    plan = " ".join(row[3] for row in memory_db.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM staff WHERE archived_at IS NULL "
        "ORDER BY sort_key, last_name, first_name, id LIMIT 50"))
    assert "staff_sort" in plan            # read in order from the index: no sort of everyone
    assert "NAMES" not in " ".join(row[0] or "" for row in memory_db.execute(
        "SELECT sql FROM sqlite_master"))


def test_pages_of_the_list_join_up_and_a_person_is_found_in_them(memory_db):
    ids = _add_people(memory_db)
    pages = [staff.list_staff(memory_db, limit=3, offset=offset) for offset in (0, 3, 6)]
    assert [m.last_name for page in pages for m in page] == BY_NAME
    assert staff.position(memory_db, ids["Nash"]) == BY_NAME.index("Nash")
    assert staff.position(memory_db, ids["Zhou"], search="zh") == 0
    assert staff.position(memory_db, ids["Zhou"], search="nash") is None
    assert staff.count_matching(memory_db, search="smith") == 2


def test_search_folds_accents_and_lists_name_matches_before_email_and_subjects(memory_db):
    ids = _add_people(memory_db)
    staff.update(memory_db, ids["Zhou"], subjects="Nursing, Art", email="nun@school.org")
    found = [m.last_name for m in staff.list_staff(memory_db, search="nu")]
    assert found == ["Ñúñez", "Zhou"]        # the name first, then the subject and email
    assert [m.last_name for m in staff.list_staff(memory_db, search="lukasz oyv")] == ["Łukasz"]
    assert [m.last_name for m in staff.list_staff(memory_db, search="100%")] == []


def test_changing_a_name_rewrites_its_key(memory_db):
    ids = _add_people(memory_db)
    staff.update(memory_db, ids["Nash"], last_name="Aaronson")
    assert staff.get(memory_db, ids["Nash"]).sort_key == staff_sort_key("Bo", "Aaronson")
    staff.update(memory_db, ids["Nash"], first_name="Ézra")
    assert staff.get(memory_db, ids["Nash"]).sort_key == "aaronson\x1fezra"
    assert staff.list_staff(memory_db)[0].full_name == "Ézra Aaronson"


def test_an_older_file_gets_every_key_when_it_is_upgraded(tmp_path):
    path = tmp_path / "format3.db"
    db = Database(sqlite3.connect(path))
    register_functions(db)
    migrations.migrate(db, up_to=3)
    for first, last in PEOPLE:
        records.insert(db, "staff", {"first_name": first, "last_name": last})
    db.close()
    upgraded = open_database(path)
    assert [m.last_name for m in staff.list_staff(upgraded)] == BY_NAME
    assert all(m.sort_key == staff_sort_key(m.first_name, m.last_name)
               for m in staff.list_staff(upgraded))
    upgraded.close()


def test_imports_and_salvage_write_the_keys_the_rows_did_not_bring(tmp_path):
    source = open_database(tmp_path / "source.db")
    _add_people(source)
    export_zip(source, tmp_path / "export.zip")
    source.execute("UPDATE staff SET sort_key = ''")   # as a file written without keys
    source.close()

    import zipfile

    with zipfile.ZipFile(tmp_path / "export.zip") as archive:
        name = next(item for item in archive.namelist() if item.endswith(".json"))
        data = json.loads(archive.read(name))
    for row in data["tables"]["staff"]["rows"]:
        row[data["tables"]["staff"]["columns"].index("sort_key")] = ""
    (tmp_path / "export.json").write_text(json.dumps(data))
    target = open_database(tmp_path / "imported.db")
    import_json(target, tmp_path / "export.json")
    assert [m.last_name for m in staff.list_staff(target)] == BY_NAME
    target.close()

    report = salvage(tmp_path / "source.db", tmp_path / "salvaged.db")
    saved = open_database(report.destination)
    assert [m.last_name for m in staff.list_staff(saved)] == BY_NAME
    saved.close()


def test_a_persons_place_in_a_search_is_where_the_search_lists_them(memory_db):
    """Counted in SQL, not found by listing every match: the same place for people whose
    names match (listed first) and people found by their email or subjects only."""
    ids = _add_people(memory_db)
    staff.update(memory_db, ids["Nash"], email="bo@smithfield.org")     # "smith" by email only
    staff.update(memory_db, ids["Zhou"], subjects="Lee County history")  # "lee" by subject only
    staff.archive(memory_db, ids["Smithson"])
    for search in ("", "smith", "lee", "LEE", "n", "z", "ñú", "a", "nobody", "%", "_"):
        for archived in (False, True):
            listed = [m.id for m in staff.list_staff(memory_db, search=search, include_archived=archived)]
            for name, staff_id in ids.items():
                expected = listed.index(staff_id) if staff_id in listed else None
                assert staff.position(memory_db, staff_id, search=search,
                                      include_archived=archived) == expected, (search, archived, name)
