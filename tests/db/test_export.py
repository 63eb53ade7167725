import csv
import io
import json
import zipfile

import pytest

from db import export, school_years, staff
from db.connection import open_database, open_memory
from db.export import ImportRefusedError, export_zip, import_json
from tests.helpers.school import fill_every_table


@pytest.fixture
def school_db():
    db = open_memory()
    fill_every_table(db)
    yield db
    db.close()


def _table_rows(db, table):
    return sorted(tuple(row) for row in db.execute(f'SELECT * FROM "{table}"').fetchall())


def test_zip_has_a_csv_per_table_a_readme_and_the_json(school_db, tmp_path):
    out = export_zip(school_db, tmp_path / "everything.zip")
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        tables = export.exported_tables(school_db)
        assert names == {f"{table}.csv" for table in tables} | {"README.txt", "cultivate.json"}
        assert "audit_log" in tables
        staff_csv = archive.read("staff.csv").decode("utf-8")
        readme = archive.read("README.txt").decode("utf-8")
    assert staff_csv.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(staff_csv.lstrip("\ufeff"))))
    zoe = next(row for row in rows if row["first_name"] == "Zoë")
    assert zoe["last_name"] == "O'Brien, \"Jr\""
    assert zoe["career_goals"] == "Lead a PLC\nnext year"
    assert zoe["archived_at"] == ""
    assert len(rows) == staff.count(school_db, include_archived=True)
    assert "staff.csv  2 rows" in readme


def test_round_trip_loses_nothing(school_db, tmp_path):
    first = export_zip(school_db, tmp_path / "first.zip", include_private=True)
    fresh = open_database(tmp_path / "fresh.db")
    counts = import_json(fresh, first)
    assert counts["staff"] == 2
    for table in export.exported_tables(school_db):
        assert _table_rows(fresh, table) == _table_rows(school_db, table), table
    second = export_zip(fresh, tmp_path / "second.zip", include_private=True)
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name.endswith(".csv"):
                assert a.read(name) == b.read(name), name
        first_json, second_json = (json.loads(z.read("cultivate.json")) for z in (a, b))
    assert first_json["tables"] == second_json["tables"]
    # The import restores the history as it was, without adding its own entries.
    assert fresh["audit_log"].count == school_db["audit_log"].count
    # ... and the imported file keeps auditing new changes.
    staff.update(fresh, first_json["tables"]["staff"]["rows"][0][0], interests="Art")
    assert fresh["audit_log"].count == school_db["audit_log"].count + 1
    fresh.close()


def test_import_from_the_plain_json_file(school_db, tmp_path):
    path = export.export_json(school_db, tmp_path / "cultivate.json", include_private=True)
    fresh = open_memory()
    import_json(fresh, path)
    assert _table_rows(fresh, "observations") == _table_rows(school_db, "observations")


def test_import_refuses_a_database_that_is_not_empty(school_db, tmp_path):
    path = export_zip(school_db, tmp_path / "x.zip")
    other = open_memory()
    staff.add(other, first_name="Already", last_name="Here")
    with pytest.raises(ImportRefusedError, match="empty"):
        import_json(other, path)
    assert staff.count(other) == 1


def test_import_is_all_or_nothing(school_db, tmp_path):
    data = json.loads(export.export_json(school_db, tmp_path / "whole.json").read_text(encoding="utf-8"))
    # An observation pointing at nobody: the whole import must be refused.
    observations = data["tables"]["observations"]
    staff_index = observations["columns"].index("staff_id")
    observations["rows"][0][staff_index] = "no-such-person"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    fresh = open_memory()
    with pytest.raises(ImportRefusedError, match="do not fit together"):
        import_json(fresh, path)
    # The file keeps what it had: nothing but the school year a new file is given.
    assert all(fresh[table].count == 0 for table in export.exported_tables(fresh)
               if table not in school_years.TABLES)
    assert fresh["school_years"].count == 1


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json at all", "not a readable"),
        (json.dumps({"format": "something-else"}), "not a Cultivate export"),
        (json.dumps({"format": "cultivate-export", "format_version": 1, "data_version": 999, "tables": {}}), "newer"),
        (json.dumps({"format": "cultivate-export", "format_version": 1, "data_version": 1,
                     "tables": {"spaceships": {"columns": ["id"], "rows": []}}}), "does not know"),
    ],
)
def test_import_refuses_what_it_cannot_read(tmp_path, content, message):
    path = tmp_path / "in.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportRefusedError, match=message):
        import_json(open_memory(), path)


def test_a_failed_export_leaves_the_previous_file(school_db, tmp_path, monkeypatch):
    target = tmp_path / "everything.zip"
    target.write_bytes(b"the previous export")

    def explode(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "_readme", explode)
    with pytest.raises(OSError):
        export_zip(school_db, target)
    assert target.read_bytes() == b"the previous export"
    assert [path.name for path in tmp_path.iterdir()] == ["everything.zip"]


# -- private data stays out unless asked for --------------------------------------------------------
CANARY = "CANARY-export-3b1f"


@pytest.fixture
def private_school(school_db):
    """The full school, with a canary in every private field (and a private conversation
    deleted since, which the audit log remembers)."""
    from db import conversations, records, wellbeing

    db = school_db
    teacher = db.execute("SELECT id FROM staff WHERE first_name = 'Zoë'").fetchone()[0]
    coach = db.execute("SELECT id FROM staff WHERE first_name = 'Amara'").fetchone()[0]
    records.update(db, "observations", db.execute("SELECT id FROM observations").fetchone()[0],
                   {"private_note": f"{CANARY} private note"})
    talk = conversations.add_conversation(db, teacher, leader_id=coach, kind="check_in",
                                          held_on="2026-03-04", notes=f"{CANARY} private talk",
                                          is_private=True)
    goal = db.execute("SELECT id FROM goals").fetchone()[0]
    conversations.link_goals(db, talk, [goal])
    gone = conversations.add_conversation(db, teacher, leader_id=coach, kind="check_in",
                                          held_on="2026-03-05", notes=f"{CANARY} deleted talk",
                                          is_private=True)
    db.execute("DELETE FROM conversations WHERE id = ?", [gone])
    wellbeing.record_check_in(db, staff_id=teacher, checked_on="2026-03-06", energy=2, workload=5,
                              stress=5, note=f"{CANARY} shared note", shared_with_leaders=True)
    wellbeing.record_check_in(db, staff_id=coach, checked_on="2026-03-06", energy=1, workload=5,
                              stress=5, needs_follow_up=True)
    return db, {"talk": talk, "gone": gone}


def _everything(archive) -> str:
    return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def test_by_default_private_data_is_left_out_and_the_readme_says_which(private_school, tmp_path):
    db, ids = private_school
    out = export_zip(db, tmp_path / "everything.zip")
    with zipfile.ZipFile(out) as archive:
        text = _everything(archive)
        readme = archive.read("README.txt").decode("utf-8")
        data = json.loads(archive.read("cultivate.json"))
    assert CANARY not in text
    assert ids["talk"] not in text and ids["gone"] not in text
    for table in export.WELLBEING_TABLES:
        assert data["tables"][table]["rows"] == [], table
        assert f"{table}.csv  0 rows" in readme
    for table in ("audit_log", "tombstones"):                   # nor in the history
        columns = data["tables"][table]["columns"]
        named = {row[columns.index("table_name")] for row in data["tables"][table]["rows"]}
        assert not named & set(export.WELLBEING_TABLES), table
    assert db.execute("SELECT count(*) FROM audit_log WHERE table_name LIKE 'wellbeing%'").fetchone()[0]
    assert data["private_data"] == "left out"
    assert "Private data was left out" in readme
    for words in export.LEFT_OUT_WORDS:
        assert words in readme
    # Such an export still imports back, without what it left out.
    fresh = open_memory()
    counts = import_json(fresh, out)
    assert counts["conversations"] == 1 and fresh["wellbeing_responses"].count == 0
    assert fresh.execute("SELECT count(*) FROM observations WHERE private_note != ''").fetchone()[0] == 0


def test_include_private_data_puts_it_all_in_and_says_so(private_school, tmp_path):
    db, ids = private_school
    out = export_zip(db, tmp_path / "everything.zip", include_private=True)
    with zipfile.ZipFile(out) as archive:
        text = _everything(archive)
        readme = archive.read("README.txt").decode("utf-8")
    assert f"{CANARY} private note" in text and f"{CANARY} private talk" in text
    assert f"{CANARY} shared note" in text and ids["talk"] in text
    assert f"{CANARY} deleted talk" not in text          # deleted means deleted, even here
    assert "PRIVATE DATA IS INCLUDED" in readme
