import sqlite3

import pytest

from db import records, staff
from db.staff import StaffValidationError


def test_add_search_and_archive(memory_db):
    zoe = staff.add(memory_db, first_name="Zoë", last_name="Ñúñez", email="Zoe@School.org",
                    subjects="Mathematics")
    staff.add(memory_db, first_name="Minh", last_name="Nguyễn Thị")
    assert [m.full_name for m in staff.list_staff(memory_db, search="zo")] == ["Zoë Ñúñez"]
    assert [m.full_name for m in staff.list_staff(memory_db, search="math")] == ["Zoë Ñúñez"]
    assert staff.get(memory_db, zoe).email == "zoe@school.org"
    staff.archive(memory_db, zoe)
    assert [m.first_name for m in staff.list_staff(memory_db)] == ["Minh"]
    assert len(staff.list_staff(memory_db, include_archived=True)) == 2


def test_search_treats_wildcards_literally(memory_db):
    staff.add(memory_db, first_name="Ann", last_name="Lee")
    assert staff.list_staff(memory_db, search="%") == []
    assert staff.list_staff(memory_db, search="_") == []


@pytest.mark.parametrize("values, message", [
    ({"first_name": ""}, "first name"),
    ({"first_name": "A", "email": "not-an-email"}, "not an email"),
    ({"first_name": "A", "role": "janitor"}, "Role"),
    ({"first_name": "A", "years_experience": -1}, "Years"),
])
def test_bad_values_are_refused_with_a_reason(memory_db, values, message):
    with pytest.raises(StaffValidationError, match=message):
        staff.add(memory_db, **values)


def test_referenced_staff_cannot_be_deleted(memory_db):
    teacher = staff.add(memory_db, first_name="Ann")
    records.insert(memory_db, "wellbeing_check_ins", {
        "staff_id": teacher, "checked_on": "2026-10-01", "energy": 3, "workload": 3, "stress": 3})
    assert staff.delete_if_unreferenced(memory_db, teacher) is False
    with pytest.raises(sqlite3.IntegrityError):
        memory_db.execute("DELETE FROM staff WHERE id = ?", [teacher])
    assert staff.get(memory_db, teacher) is not None


def test_every_change_is_audited_and_the_log_is_append_only(memory_db):
    teacher = staff.add(memory_db, first_name="Ann")
    staff.update(memory_db, teacher, last_name="Lee")
    actions = [row["action"] for row in memory_db.query(
        "SELECT action FROM audit_log WHERE row_id = ? ORDER BY changed_at, rowid", [teacher])]
    assert actions == ["insert", "update"]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        memory_db.execute("UPDATE audit_log SET actor = 'someone else'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        memory_db.execute("DELETE FROM audit_log")


def test_names_sort_as_read_not_by_code_point(memory_db):
    for first, last in [("Øyvind", "Łukasz"), ("Zoë", "Ñúñez"), ("Ann", "Lee"), ("Bo", "Nash"), ("Cy", "Zhou")]:
        staff.add(memory_db, first_name=first, last_name=last)
    assert [m.last_name for m in staff.list_staff(memory_db)] == ["Lee", "Łukasz", "Nash", "Ñúñez", "Zhou"]
