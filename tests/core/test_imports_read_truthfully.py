"""Imports refuse what they cannot read truthfully, the same way in every import (db.text_files).

Roster CSV, rubric CSV/JSON and self-assessment CSV: a quote left open or a line
with the wrong number of fields is rejected with its line number and never merged
into another row; an encoding Cultivate cannot be sure of is refused with advice;
invisible bidi and NUL characters are removed; formula cells are neutralised; and
each import keeps a backup first.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from db import backups, rubric_io, rubrics, self_assessments, staff
from db.connection import open_database
from db.export import export_zip
from db.rubric_io import RubricFileError
from desktop.core import self_assessment_import as survey_import
from desktop.core.roster import ImportOptions, RosterReadError, apply_plan, plan_import, read_roster
from desktop.core.self_assessment_import import SurveyImportError
from tests.ui.school import TODAY, build_small_school

RLO, LRI, PDI = "\u202e", "\u2066", "\u2069"


def roster(db, tmp_path, text: str, *, encoding="utf-8"):
    path = tmp_path / "staff.csv"
    path.write_bytes(text.encode(encoding))
    plan = plan_import(db, read_roster(path), ImportOptions())
    apply_plan(db, plan, backup=False)
    return plan


def names(db):
    return sorted(member.full_name for member in staff.list_staff(db, include_archived=True))


# --- quoting and field counts ---------------------------------------------------------------------

def test_an_unterminated_quote_is_rejected_with_its_line_and_swallows_nothing(memory_db, tmp_path):
    plan = roster(memory_db, tmp_path, "First Name,Last Name,Email\n"
                                       '"Ana,Lopez,ana@school.org\n'
                                       "Ben,Ng,ben@school.org\n"
                                       "Cy,Oh,cy@school.org\n")
    assert plan.summary() == "added 2, updated 0, archived 0, rejected 1"
    assert [(row.line, "never closed" in row.reason) for row in plan.rejected] == [(2, True)]
    assert names(memory_db) == ["Ben Ng", "Cy Oh"]


def test_a_quote_closed_on_the_next_line_does_not_merge_two_people(memory_db, tmp_path):
    # The file: one person was saved with a newline in her first name, the next lost,
    # and the summary said "rejected 0".
    plan = roster(memory_db, tmp_path, "First Name,Last Name,Email\n"
                                       '"Ana,Lopez,ana@school.org\n'
                                       'Ben","Ng",ben@school.org\n'
                                       "Cy,Oh,cy@school.org\n")
    assert [row.line for row in plan.rejected] == [2, 3]
    assert "only closed on line 3" in plan.rejected[0].reason
    assert names(memory_db) == ["Cy Oh"]
    assert not any("\n" in name for name in names(memory_db))


def test_a_line_with_the_wrong_number_of_fields_is_rejected(memory_db, tmp_path):
    plan = roster(memory_db, tmp_path, "First Name,Last Name,Email\n"
                                       "Ana,Lopez,ana@school.org\n"
                                       "Ben,Ng,ben@school.org,extra,more\n"
                                       "Cy,cy@school.org\n"
                                       "Dee,Fox,dee@school.org,,\n")   # empty extra fields are fine
    reasons = {row.line: row.reason for row in plan.rejected}
    assert reasons == {3: "this line has 5 fields; the header has 3 fields",
                       4: "this line has 2 fields; the header has 3 fields"}
    assert names(memory_db) == ["Ana Lopez", "Dee Fox"]


def test_a_notes_column_may_still_hold_a_line_break(memory_db, tmp_path):
    plan = roster(memory_db, tmp_path, 'First Name,Last Name,Notes\nAna,Lopez,"two\nlines"\nBen,Ng,x\n')
    assert plan.rejected == [] and names(memory_db) == ["Ana Lopez", "Ben Ng"]


# --- encodings --------------------------------------------------------------------------------------

SHIFT_JIS = "名前,姓,メール\n太郎,山田,yamada@example.jp\n花子,鈴木,suzuki@example.jp\n"


def test_a_shift_jis_roster_is_refused_with_advice_not_saved_as_mojibake(memory_db, tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(SHIFT_JIS.encode("shift_jis"))
    with pytest.raises(RosterReadError, match="save it as “CSV UTF-8”"):
        read_roster(path)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_the_encodings_cultivate_can_be_sure_of_are_read(memory_db, tmp_path, encoding):
    roster(memory_db, tmp_path, "First Name,Last Name\nZoë,Brontë\nJoão,Ñúñez\n", encoding=encoding)
    assert names(memory_db) == ["João Ñúñez", "Zoë Brontë"]


def test_every_import_refuses_shift_jis(tmp_path, memory_db):
    survey = tmp_path / "responses.csv"
    survey.write_bytes("Email,A1,感想\nana@riverside.example,3,とても良い研修でした\n".encode("shift_jis"))
    with pytest.raises(SurveyImportError, match="UTF-8"):
        survey_import.read_survey_csv(survey)
    rubric = tmp_path / "rubric.json"
    rubric.write_bytes(json.dumps({"name": "評価基準"}, ensure_ascii=False).encode("shift_jis"))
    with pytest.raises(RubricFileError, match="UTF-8"):
        rubric_io.read_rubric_file(rubric)


# --- invisible characters and formulas --------------------------------------------------------------

def _rubric_data(name: str, indicator: str, look_for: str) -> dict:
    return {
        "format_version": 1, "name": name, "description": "", "source": "",
        "levels": [{"level": 1, "label": "Low"}, {"level": 2, "label": "High"}],
        "domains": [{"code": "A", "name": "Culture", "indicators": [
            {"code": "A.1", "name": indicator, "description": "", "descriptors": {"1": "a", "2": "b"}}]}],
        "look_fors": [{"text": look_for, "indicator": "A.1"}],
    }


def test_rubric_json_names_are_cleaned_and_neutralised(memory_db, tmp_path):
    path = tmp_path / "district.json"
    path.write_text(json.dumps(_rubric_data("=HYPERLINK(\"http://evil\")", "+Routines\u0000",
                                            f"@Students {RLO}enil{PDI}")), encoding="utf-8")
    rubric = rubrics.get_rubric(memory_db, rubric_io.import_rubric(memory_db, path, backup=False))
    assert rubric.name == "'=HYPERLINK(\"http://evil\")"
    assert rubric.indicators[0].name == "'+Routines"
    assert rubric.look_fors[0].text == "'@Students enil"


def test_rubric_csv_cells_are_cleaned_and_neutralised(memory_db, tmp_path):
    path = tmp_path / "district.csv"
    path.write_text(rubric_io.to_csv(_rubric_data(f"Ours{LRI}", "-Talk", "=1+1")), encoding="utf-8")
    rubric = rubrics.get_rubric(memory_db, rubric_io.import_rubric(memory_db, path, backup=False))
    assert (rubric.name, rubric.indicators[0].name, rubric.look_fors[0].text) == ("Ours", "'-Talk", "'=1+1")


def test_a_csv_with_nul_bytes_is_refused_as_binary_not_half_read(memory_db, tmp_path):
    path = tmp_path / "responses.csv"
    path.write_bytes(b"Email,Career goals\nben@riverside.example,Lead\x00science\n")
    with pytest.raises(SurveyImportError, match="binary data"):
        survey_import.read_survey_csv(path)


def test_roster_and_survey_text_lose_bidi_overrides(memory_db, tmp_path):
    ids = build_small_school(memory_db)
    roster(memory_db, tmp_path, f"First Name,Last Name\nAna{RLO}gnirts,Lopez{LRI}x{PDI}\n")
    assert "Anagnirts Lopezx" in names(memory_db)
    path = tmp_path / "responses.csv"
    path.write_text(f"Email,Career goals\nben@riverside.example,Lead {RLO}science{PDI}\n", encoding="utf-8")
    survey = survey_import.read_survey_csv(path)
    plan = survey_import.plan_import(memory_db, survey, {"email": 0, "career_goals": 1},
                                     rubric_id=None, import_day=TODAY)
    survey_import.apply_plan(memory_db, plan, backup=False)
    assert self_assessments.latest(memory_db, ids["ben"]).career_goals == "Lead science"


def test_every_exported_csv_is_neutralised_and_the_readme_says_how(memory_db, tmp_path):
    person = staff.add(memory_db, first_name="Eve", last_name="=cmd|' /C calc'!A0",
                       interests="@SUM(A1:A2)", years_experience=3)
    out = export_zip(memory_db, tmp_path / "everything.zip")
    with zipfile.ZipFile(out) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("staff.csv").decode("utf-8-sig"))))
        readme = archive.read("README.txt").decode("utf-8")
        data = json.loads(archive.read("cultivate.json"))
    eve = next(row for row in rows if row["id"] == person)
    assert eve["last_name"] == "'=cmd|' /C calc'!A0" and eve["interests"] == "'@SUM(A1:A2)"
    assert eve["years_experience"] == "3"
    assert "apostrophe" in readme and "=, +, -, @" in readme
    columns = data["tables"]["staff"]["columns"]
    row = next(row for row in data["tables"]["staff"]["rows"] if row[0] == person)
    assert row[columns.index("last_name")] == "=cmd|' /C calc'!A0"        # the JSON keeps the value
    rubric = rubrics.install_rubric(memory_db, _rubric_data("=Rubric", "+x", "-y"))
    text = rubric_io.export_rubric(memory_db, rubric, tmp_path / "r.csv").read_text("utf-8")
    assert "'=Rubric" in text and "'+x" in text and "'-y" in text


# --- a backup before every import ---------------------------------------------------------------------

@pytest.fixture
def school_on_disk(tmp_path):
    db = open_database(tmp_path / "school.db")
    ids = build_small_school(db)
    yield db, ids
    db.close()


def _import_backups(db):
    return [info for info in backups.list_backups(data_file=backups.database_file(db))
            if info.reason.startswith("before-")]


def test_a_rubric_import_keeps_a_backup_first(school_on_disk, tmp_path):
    db, _ids = school_on_disk
    path = tmp_path / "district.json"
    path.write_text(json.dumps(_rubric_data("District", "Talk", "Seen")), encoding="utf-8")
    rubric_io.import_rubric(db, path)
    assert [info.reason for info in _import_backups(db)] == ["before-import"]


def test_a_self_assessment_import_keeps_a_backup_first(school_on_disk, tmp_path):
    db, _ids = school_on_disk
    path = tmp_path / "responses.csv"
    path.write_text("Email,Career goals\nben@riverside.example,Lead science\n", encoding="utf-8")
    plan = survey_import.plan_import(db, survey_import.read_survey_csv(path),
                                     {"email": 0, "career_goals": 1}, rubric_id=None, import_day=TODAY)
    survey_import.apply_plan(db, plan)
    assert [info.reason for info in _import_backups(db)] == ["before-import"]
