"""Evaluation forms from a forms tool's CSV, hostile files included: nothing is guessed,
nothing is merged, nothing runs as a formula, and importing twice adds nothing."""

from __future__ import annotations

from datetime import date

import pytest

from db import backups, catalog, evaluations, staff
from desktop.core import evaluation_import as forms
from desktop.core.evaluation_import import SurveyImportError

TODAY = date(2026, 2, 20)
HEADER = ("Timestamp,Email Address,The session was a good use of my time,"
          "I learned something I can use with my students,"
          "I have the time and support to put it into practice,Any other comments?\n")
RLO = "\u202e"


@pytest.fixture
def school(memory_db):
    db = memory_db
    ids = {
        "ana": staff.add(db, first_name="Ana", last_name="Lopez", email="ana@school.org"),
        "ben": staff.add(db, first_name="Ben", last_name="Ng", email="Ben@School.org"),
    }
    ids["offering"] = catalog.add_offering(db, {"title": "Questioning", "format": "workshop", "hours": 2})
    return db, ids


def load(db, ids, tmp_path, text, *, encoding="utf-8", name="responses.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    survey = forms.read_forms_csv(path)
    mapping = forms.suggest_mapping(survey.headers)
    return forms.plan_import(db, survey, mapping, offering_id=ids["offering"], import_day=TODAY)


def test_the_form_s_columns_are_recognised(school, tmp_path):
    db, ids = school
    plan = load(db, ids, tmp_path, HEADER + "2026/02/14 10:01:00,ana@school.org,5,4,2,Great\n")
    survey = forms.read_forms_csv(tmp_path / "responses.csv")
    assert forms.suggest_mapping(survey.headers) == {
        "email": 1, "submitted": 0, "reaction": 2, "learning": 3, "support": 4, "comment": 5}
    (row,) = plan.ready
    assert (row.teacher_name, row.submitted_on, row.ratings, row.comment) == (
        "Ana Lopez", "2026-02-14", {"reaction": 5, "learning": 4, "support": 2}, "Great")


def test_rows_go_in_matched_checked_once_each_and_a_second_import_adds_nothing(school, tmp_path):
    db, ids = school
    text = (HEADER
            + "2026/02/14 10:01:00,ana@school.org,5,4,2,Useful\n"
            + "2026/02/14 10:05:00,BEN@school.org,3 - Agree,3,1,\n"
            + "2026/02/14 10:06:00,,4,4,4,anonymous and kind\n"
            + "2026/02/14 10:07:00,zed@school.org,5,5,5,who?\n"
            + "2026/02/14 10:08:00,ana@school.org,4,4,3,Changed my mind\n"
            + "2026/02/14 10:09:00,ben@school.org,7,3,3,\n"
            + "2026/02/30 10:09:00,ben@school.org,,,,\n")
    plan = load(db, ids, tmp_path, text)
    assert plan.summary() == ("3 ready to import (1 anonymous), 1 not matched to a teacher, "
                              "2 with unusable answers, 1 skipped.")
    assert [(p.line, p.reason) for p in plan.malformed] == [
        (7, "the rating 7 is outside 1 to 5"), (8, "“2026/02/30 10:09:00” is not a date")]
    assert [p.line for p in plan.unmatched] == [5]
    assert [p.line for p in plan.skipped] == [2]           # Ana's later response is used
    assert forms.apply_plan(db, plan, backup=False) == 3
    summary = evaluations.summary(db, ids["offering"])
    assert summary.responses == 3 and summary.levels[0].mean == round((4 + 3 + 4) / 3, 2)
    again = load(db, ids, tmp_path, text)
    assert again.ready == [] and len(again.skipped) == 4
    assert evaluations.summary(db, ids["offering"]).responses == 3


def test_formulas_and_invisible_characters_never_arrive(school, tmp_path):
    db, ids = school
    plan = load(db, ids, tmp_path, HEADER + '2026/02/14,ana@school.org,5,5,5,"=HYPERLINK(""http://evil"")"\n'
                + f"2026/02/14,,4,4,4,{RLO}gnidaer evol I\n")
    forms.apply_plan(db, plan, backup=False)
    comments = {e.comment for e in evaluations.list_for(db, ids["offering"])}
    assert comments == {"'=HYPERLINK(\"http://evil\")", "gnidaer evol I"}


def test_a_quote_left_open_is_reported_and_swallows_no_other_response(school, tmp_path):
    db, ids = school
    plan = load(db, ids, tmp_path, HEADER + '2026/02/14,ana@school.org,5,5,5,"never closed\n'
                + "2026/02/14,ben@school.org,4,4,4,fine\n")
    assert [p.line for p in plan.malformed] == [2]
    assert [(r.teacher_name, r.comment) for r in plan.ready] == [("Ben Ng", "fine")]


@pytest.mark.parametrize("data, message", [
    ("Zeit,E-Mail\n".encode("shift_jis") + "２０２６,太郎\n".encode("shift_jis"), "Shift-JIS"),
    (b"PK\x03\x04rest-of-a-zip", "spreadsheet or zip"),
    (b"Timestamp,Email\x00Address\n", "binary data"),
    (b"", "empty"),
])
def test_files_that_cannot_be_read_truthfully_are_refused(school, tmp_path, data, message):
    db, ids = school
    with pytest.raises(SurveyImportError, match=message):
        load(db, ids, tmp_path, data)
    assert evaluations.list_for(db, ids["offering"]) == []


def test_a_windows_1252_file_reads_its_accents(school, tmp_path):
    db, ids = school
    plan = load(db, ids, tmp_path, HEADER + "2026/02/14,ana@school.org,5,5,5,Très utile – merci\n",
                encoding="cp1252")
    assert plan.ready[0].comment == "Très utile – merci"


def test_a_mapping_with_nothing_to_import_is_refused(school, tmp_path):
    db, ids = school
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "2026/02/14,ana@school.org,5,5,5,x\n", encoding="utf-8")
    survey = forms.read_forms_csv(path)
    with pytest.raises(SurveyImportError, match="at least one rating"):
        forms.plan_import(db, survey, {"email": 1, "submitted": 0}, offering_id=ids["offering"],
                          import_day=TODAY)


def test_importing_keeps_a_backup_first(tmp_path):
    from db.connection import open_database

    db = open_database(tmp_path / "c.db")
    ids = {"ana": staff.add(db, first_name="Ana", last_name="Lopez", email="ana@school.org"),
           "offering": catalog.add_offering(db, {"title": "Q", "format": "workshop", "hours": 1})}
    plan = load(db, ids, tmp_path, HEADER + "2026/02/14,ana@school.org,5,5,5,x\n")
    before = len(backups.list_backups(data_file=tmp_path / "c.db"))
    assert forms.apply_plan(db, plan) == 1
    assert len(backups.list_backups(data_file=tmp_path / "c.db")) == before + 1
    db.close()
