"""The import plan and its application: matching, archiving, rejecting, neutralising, one transaction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from db import staff as staff_db
from desktop.core.roster import ImportOptions, apply_plan, plan_import, read_roster
from desktop.core.roster import apply as apply_module

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "roster"


def import_path(db, path, **options):
    plan = plan_import(db, read_roster(path), ImportOptions(**options))
    apply_plan(db, plan, backup=False)
    return plan


def plan_for(db, path, **options):
    return plan_import(db, read_roster(path), ImportOptions(**options))


def write_csv(folder: Path, text: str, name: str = "staff.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def by_name(db):
    return {m.full_name: m for m in staff_db.list_staff(db, include_archived=True)}


def school_names(db):
    return {row["id"]: row["name"] for row in db.query("SELECT id, name FROM schools")}


def snapshot(db):
    staff = [tuple(row.values()) for row in db.query("SELECT * FROM staff ORDER BY id")]
    schools = [tuple(row.values()) for row in db.query("SELECT * FROM schools ORDER BY id")]
    audit = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    return staff, schools, audit


# --- the OneRoster samples ---------------------------------------------------------


def test_oneroster_11_teachers_and_administrators_with_school_email_grades(memory_db):
    plan = import_path(memory_db, SAMPLES / "oneroster-1.1")
    assert plan.summary() == "added 5, updated 0, archived 0, rejected 0"
    assert plan.skipped["students and families"] == 4 and plan.skipped["other staff"] == 1
    people = by_name(memory_db)
    assert set(people) == {"Maria Garcia", "David Okafor", "Siobhan O'Brien-Walsh",
                           "Jun Nakamura", "Emma Johnson"}
    maria = people["Maria Garcia"]
    assert (maria.identifier, maria.email, maria.grades, maria.role) == (
        "t-1001", "mgarcia@riverbend.example.org", "K, 1", "teacher")
    schools = school_names(memory_db)
    # Her orgSourcedIds list the district first; the school is what she belongs to.
    assert schools[maria.school_id] == "Riverbend Elementary School"
    assert people["David Okafor"].email == "dokafor@riverbend.example.org"
    assert people["Jun Nakamura"].role == "principal"
    assert schools[people["Jun Nakamura"].school_id] == "Hillcrest Middle School, East Campus"
    identifiers = {row["identifier"] for row in memory_db.query("SELECT identifier FROM schools")}
    assert identifiers == {"org-school-10", "org-school-20"}


def test_other_staff_only_when_asked(memory_db):
    plan = import_path(memory_db, SAMPLES / "oneroster-1.1", include_other_staff=True)
    assert len(plan.adds) == 6
    assert by_name(memory_db)["Ravi Patel"].role == "specialist"


def test_oneroster_12_roles_csv_tobedeleted_and_disabled(memory_db):
    plan = import_path(memory_db, SAMPLES / "oneroster-1.2")
    assert plan.summary() == "added 3, updated 0, archived 0, rejected 0"
    people = by_name(memory_db)
    assert set(people) == {"Adaeze Okeke", "Bruno Silva", "Camille Dubois"}
    assert people["Camille Dubois"].role == "principal"  # primary role wins over secondary
    assert people["Adaeze Okeke"].grades == "9, 10"
    assert plan.skipped["to be deleted"] == 1 and plan.skipped["disabled"] == 1
    assert plan.skipped["students and families"] == 2 and plan.skipped["other staff"] == 1


def test_reimporting_the_same_export_changes_nothing(file_db):
    for sample in ("oneroster-1.1", "oneroster-1.2", "staff-windows-1252.csv"):
        import_path(file_db, SAMPLES / sample, include_other_staff=True)
    before = snapshot(file_db)
    for sample in ("oneroster-1.1", "oneroster-1.2", "staff-windows-1252.csv"):
        plan = plan_for(file_db, SAMPLES / sample, include_other_staff=True, archive_missing=True)
        assert plan.summary() == "added 0, updated 0, archived 0, rejected 0", sample
        assert not plan.changes_anything
        apply_plan(file_db, plan)
    assert snapshot(file_db) == before


# --- matching and updating ----------------------------------------------------------


def test_matched_by_identifier_then_email(memory_db, tmp_path):
    by_hand = staff_db.add(memory_db, first_name="Ann", last_name="Lee", email="ANN@school.org",
                           role="coach", grades="3")
    known = staff_db.add(memory_db, first_name="Bo", last_name="Kim", identifier="E2",
                         email="old@school.org")
    path = write_csv(tmp_path, "id,first name,last name,email,grades,role\n"
                     "E1,Ann,Lee-Park,ann@school.org,,teacher\n"
                     "E2,Bo,Kim,bo@school.org,4,teacher\n")
    plan = plan_for(memory_db, path)
    assert plan.summary() == "added 0, updated 2, archived 0, rejected 0"
    described = {u.staff.id: {c.name for c in u.changes} for u in plan.updates}
    assert described[by_hand] == {"identifier", "last_name"}
    assert described[known] == {"email", "grades"}
    apply_plan(memory_db, plan, backup=False)
    ann = staff_db.get(memory_db, by_hand)
    # A blank grades cell never erases; a role changed in Cultivate survives the import.
    assert (ann.identifier, ann.last_name, ann.grades, ann.role) == ("E1", "Lee-Park", "3", "coach")
    assert staff_db.get(memory_db, known).email == "bo@school.org"


def test_names_only_list_is_matched_by_name_on_reimport(memory_db, tmp_path):
    path = write_csv(tmp_path, "Name,Grade\n\"Lopez, Ana\",2\nTom Baker,5\n")
    assert import_path(memory_db, path).summary() == "added 2, updated 0, archived 0, rejected 0"
    assert by_name(memory_db)["Ana Lopez"].grades == "2"
    assert plan_for(memory_db, path).summary() == "added 0, updated 0, archived 0, rejected 0"


def test_archived_person_back_in_the_export_is_restored(memory_db):
    import_path(memory_db, SAMPLES / "oneroster-1.2")
    bruno = by_name(memory_db)["Bruno Silva"]
    staff_db.archive(memory_db, bruno.id)
    plan = import_path(memory_db, SAMPLES / "oneroster-1.2")
    assert plan.summary() == "added 0, updated 1, archived 0, rejected 0"
    assert plan.updates[0].changes[-1].describe() == "back from the archive"
    assert not staff_db.get(memory_db, bruno.id).is_archived


# --- archiving -----------------------------------------------------------------------


def test_archive_missing_only_when_asked_and_only_in_the_exports_schools(memory_db, tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(SAMPLES / "oneroster-1.2", folder)
    users = (folder / "users.csv").read_text().splitlines()
    # u-04 (Daniel Miller) was a teacher last year: import him as active first.
    users[4] = users[4].replace("tobedeleted", "active").replace(",false,", ",true,")
    (folder / "users.csv").write_text("\n".join(users) + "\n")
    import_path(memory_db, folder, include_other_staff=True)
    other_school = staff_db.add(memory_db, first_name="Far", last_name="Away", identifier="zz")
    memory_db.execute("INSERT INTO schools (id, name, created_at, updated_at) "
                      "VALUES ('s-other', 'Elsewhere', 'x', 'x')")
    staff_db.update(memory_db, other_school, school_id="s-other")

    plan = plan_for(memory_db, SAMPLES / "oneroster-1.2")
    assert plan.archives == []
    plan = plan_for(memory_db, SAMPLES / "oneroster-1.2", archive_missing=True)
    archived = {a.staff.full_name: a.reason for a in plan.archives}
    # Miller is now tobedeleted; Novak (counselor) is in the export but skipped by
    # role, and Far Away belongs to another school: both stay.
    assert archived == {"Daniel Miller": "marked to be deleted in the export"}
    apply_plan(memory_db, plan, backup=False)
    people = by_name(memory_db)
    assert people["Daniel Miller"].is_archived and not people["Filip Novak"].is_archived
    assert not people["Far Away"].is_archived


def test_person_dropped_from_the_export_is_archived(memory_db, tmp_path):
    path = write_csv(tmp_path, "email,first name\na@x.org,Ann\nb@x.org,Bo\n")
    import_path(memory_db, path)
    write_csv(tmp_path, "email,first name\na@x.org,Ann\n")
    plan = import_path(memory_db, path, archive_missing=True)
    assert plan.summary() == "added 0, updated 0, archived 1, rejected 0"
    assert by_name(memory_db)["Bo"].is_archived


# --- rejected rows and hostile input -----------------------------------------------------


def test_rejected_rows_say_file_line_and_reason(memory_db, tmp_path):
    long_name = "A" * 5000
    path = write_csv(tmp_path, "\n".join([
        "sourcedId,role,givenName,familyName,email",
        "t1,teacher,Ann,Lee,ann@x.org",
        "t2,teacher,,Nameless,nameless@x.org",
        "t3,teacher,Bad,Email,not an email",
        "t1,teacher,Ann,Again,ann2@x.org",
        f"t4,teacher,{long_name},Long,long@x.org",
        "t5,teacher,Bell\x07,Ring,bell@x.org",
        "t6,teacher,Cy,Dup,ANN@x.org",
        "t7,student,,,",
    ]) + "\n", name="users.csv")
    plan = plan_for(memory_db, path)
    assert plan.summary() == "added 1, updated 0, archived 0, rejected 6"
    reasons = {row.line: row.reason for row in plan.rejected}
    assert {row.file for row in plan.rejected} == {"users.csv"}
    assert reasons[3] == "no first name (givenName)"
    assert reasons[4] == "“not an email” is not an email address"
    assert reasons[5] == "same identifier “t1” as line 2"
    assert reasons[6] == "the first name is 5,000 characters long; the most Cultivate accepts is 100"
    assert reasons[7] == "the first name contains binary data (control characters)"
    assert reasons[8] == "same email “ann@x.org” as line 2"


@pytest.mark.parametrize("payload", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)",
                                     "=HYPERLINK(\"http://evil.example\",\"x\")"])
def test_formula_injection_is_stored_with_a_leading_apostrophe(memory_db, tmp_path, payload):
    path = tmp_path / "staff.csv"
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Staff ID", "First Name", "Last Name", "Email", "School"])
        writer.writerow(["E1", payload, payload, "e1@x.org", payload])
    import_path(memory_db, path)
    member = staff_db.list_staff(memory_db)[0]
    assert member.first_name == member.last_name == "'" + payload
    assert list(school_names(memory_db).values()) == ["'" + payload]
    assert plan_for(memory_db, path).summary() == "added 0, updated 0, archived 0, rejected 0"


def test_a_file_without_a_name_column_is_not_a_roster(memory_db, tmp_path):
    from desktop.core.roster import RosterReadError

    path = write_csv(tmp_path, "Course,Room\nMath,12\n")
    with pytest.raises(RosterReadError, match="no first-name column"):
        plan_for(memory_db, path)


# --- applying ---------------------------------------------------------------------------


def test_import_is_one_transaction(memory_db, monkeypatch):
    import_path(memory_db, SAMPLES / "oneroster-1.1")
    before = snapshot(memory_db)
    plan = plan_for(memory_db, SAMPLES / "oneroster-1.2", archive_missing=True)
    assert plan.adds and plan.new_schools

    def broken_add(db, **values):
        if values["first_name"] == "Camille":
            raise OSError(28, "No space left on device")
        return original_add(db, **values)

    original_add = staff_db.add
    monkeypatch.setattr(apply_module.staff_db, "add", broken_add)
    with pytest.raises(OSError):
        apply_plan(memory_db, plan, backup=False)
    assert snapshot(memory_db) == before


def test_a_backup_is_kept_before_the_import(file_db, data_dir):
    import_path(file_db, SAMPLES / "oneroster-1.1")  # backup=False: nothing yet
    assert not list((data_dir / "backups").glob("*before-roster-import*"))
    plan = plan_for(file_db, SAMPLES / "oneroster-1.2")
    apply_plan(file_db, plan)
    assert len(list((data_dir / "backups").glob("*before-roster-import*"))) == 1
    nothing = plan_for(file_db, SAMPLES / "oneroster-1.2")
    apply_plan(file_db, nothing)  # nothing to change: no backup either
    assert len(list((data_dir / "backups").glob("*before-roster-import*"))) == 1


# --- a district-sized export ----------------------------------------------------------


def _district_export(folder: Path, students: int, teachers: int) -> Path:
    folder.mkdir()
    (folder / "orgs.csv").write_text(
        "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
        "sch-1,,,Big High School,school,BHS,\n")
    lines = ["sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
             "givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password"]
    for n in range(students + teachers):
        role = "teacher" if n % (students // teachers + 1) == 0 else "student"
        lines.append(f"u{n},,,true,sch-1,{role},user{n},,Given{n},Family{n},,{n},"
                     f"user{n}@big.example.org,,,,\"09,10\",")
    (folder / "users.csv").write_text("\n".join(lines) + "\n")
    return folder


def test_fifty_thousand_rows_students_skipped(memory_db, tmp_path):
    folder = _district_export(tmp_path / "district", students=49_900, teachers=100)
    plan = plan_for(memory_db, folder)
    assert len(plan.adds) + plan.skipped["students and families"] == 50_000
    assert 100 <= len(plan.adds) <= 101 and not plan.rejected
    apply_plan(memory_db, plan, backup=False)
    assert plan_for(memory_db, folder).summary() == "added 0, updated 0, archived 0, rejected 0"


@pytest.mark.parametrize("cell, role", [
    ("teacher", "teacher"), ("5th Grade Teacher", "teacher"), ("Teacher, Science", "teacher"),
    ("administrator", "principal"), ("Vice Principal", "assistant_principal"),
    ("Principal", "principal"), ("Instructional Coach", "coach"), ("aide", "specialist"),
    ("Paraprofessional", "specialist"), ("Office staff", "other"), ("proctor", "other"),
    ("student", "not staff"), ("guardian,parent", "not staff"), ("", "teacher"),
    ("teacher,administrator", "principal"),
])
def test_role_words_and_job_titles(cell, role):
    from desktop.core.roster.people import role_for

    assert role_for(cell) == role


def test_xlsx_staff_list_with_a_formula_and_a_formula_like_text(memory_db, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Employee ID", "First Name", "Last Name", "Position", "Grade"])
    sheet.append([7001, "Ines", "Duarte", "Math Teacher", "07"])
    sheet.append([7002, "=cmd|' /C calc'!A0", "Evil", "Teacher", "8"])  # a real formula cell
    sheet.append([7003, "Tom", "Text", "Teacher", "6"])
    sheet.cell(row=4, column=3).value = "@SUM(1+1)"
    sheet.cell(row=4, column=3).data_type = "s"  # stored as text, not as a formula
    path = tmp_path / "staff.xlsx"
    workbook.save(path)
    plan = import_path(memory_db, path)
    # The formula is never evaluated or stored: with no computed value the row has no name.
    assert [(row.file, row.line, row.reason) for row in plan.rejected] == [
        ("staff.xlsx", 3, "no first name (givenName)")]
    people = by_name(memory_db)
    assert people["Ines Duarte"].identifier == "7001" and people["Ines Duarte"].grades == "7"
    assert people["Tom '@SUM(1+1)"].role == "teacher"


def test_update_details_name_schools_not_ids(memory_db):
    import_path(memory_db, SAMPLES / "oneroster-1.1")
    maria = by_name(memory_db)["Maria Garcia"]
    hillcrest = next(iter(memory_db.query("SELECT id FROM schools WHERE identifier = 'org-school-20'")))
    staff_db.update(memory_db, maria.id, school_id=hillcrest["id"], grades="")
    [update] = plan_for(memory_db, SAMPLES / "oneroster-1.1").updates
    assert [change.describe() for change in update.changes] == [
        "grades: (blank) → K, 1",
        "school: Hillcrest Middle School, East Campus → Riverbend Elementary School",
    ]
