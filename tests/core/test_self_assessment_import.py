"""Self-assessment CSV import: good, partly bad and hostile files; nothing written until applied."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db import rubrics, self_assessments
from desktop.core import self_assessment_import as survey_import
from desktop.core.self_assessment_import import SurveyImportError
from tests.ui.school import TODAY, build_small_school

GOOGLE_HEADER = ("Timestamp,Email Address,Rate yourself [Questioning],"
                 "Rate yourself [Checking for understanding],What are your career goals?,"
                 "How do you prefer to learn? (formats),Interests,Where would you like support?,"
                 "Would you lead a session?,Would you mentor a colleague?\n")


@pytest.fixture
def school(memory_db):
    ids = build_small_school(memory_db)
    rubric_id = rubrics.default_rubric_id(memory_db)
    return memory_db, ids, rubric_id, rubrics.indicators(memory_db, rubric_id)


def write(tmp_path, text: str, *, encoding="utf-8", name="responses.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def plan_for(db, path, rubric_id, indicators, **kwargs):
    survey = survey_import.read_survey_csv(path)
    mapping = survey_import.suggest_mapping(survey.headers, indicators)
    return survey, mapping, survey_import.plan_import(
        db, survey, mapping, rubric_id=rubric_id, import_day=TODAY, **kwargs)


def count(db) -> int:
    return db.execute("SELECT count(*) FROM self_assessments").fetchone()[0]


def test_google_forms_export_is_mapped_matched_and_imported(school, tmp_path):
    db, ids, rubric_id, indicators = school
    path = write(tmp_path, GOOGLE_HEADER
                 + "2026/03/01 9:15:02 AM GMT,Ana@Riverside.example,3 - Proficient,2,"
                 "Lead the maths PLC,\"peer coaching, podcasts\",Games,Questioning,Yes,No\n"
                 "2026/03/02 10:00:00 AM GMT,ben@riverside.example,2,1,,,,Behaviour,No,Yes\n")
    survey, mapping, plan = plan_for(db, path, rubric_id, indicators)
    by_name = {survey.headers[index]: key for key, index in mapping.items() if index is not None}
    assert by_name["Email Address"] == "email"
    assert by_name["Timestamp"] == "taken_on"
    assert by_name["Rate yourself [Questioning]"] == f"indicator:{indicators[0].id}"
    assert by_name["Would you mentor a colleague?"] == "would_mentor"
    assert by_name["How do you prefer to learn? (formats)"] == "preferred_formats"
    assert [row.teacher_name for row in plan.ready] == ["Ana Lopez", "Ben Okafor"]
    assert count(db) == 0, "planning writes nothing"

    assert survey_import.apply_plan(db, plan) == 2
    ana = self_assessments.latest(db, ids["ana"])
    assert ana.taken_on == "2026-03-01" and ana.source == "imported"
    assert ana.ratings == {indicators[0].id: 3, indicators[1].id: 2}
    assert ana.preferred_formats == "peer coaching, podcasts"
    assert ana.would_lead and not ana.would_mentor
    ben = self_assessments.latest(db, ids["ben"])
    assert ben.would_mentor and ben.support_wanted == "Behaviour"


def test_microsoft_forms_export_with_codes_and_us_dates(school, tmp_path):
    db, ids, rubric_id, indicators = school
    path = write(tmp_path, "\ufeffID,Start time,Completion time,Email,Name,A1,A2,Career goals\n"
                 "1,3/4/26 9:01:00,3/4/26 9:05:00,cara@riverside.example,Cara,4,3,Coach others\n")
    _survey, mapping, plan = plan_for(db, path, rubric_id, indicators)
    assert mapping["taken_on"] == 2          # completion, not start
    assert [row.answers.taken_on for row in plan.ready] == ["2026-03-04"]
    assert plan.ready[0].answers.ratings == {indicators[0].id: 4, indicators[1].id: 3}


def test_partly_bad_file_lists_each_problem_by_line_and_imports_the_rest(school, tmp_path):
    db, ids, rubric_id, indicators = school
    path = write(tmp_path, GOOGLE_HEADER
                 + "2026/03/01,ana@riverside.example,3,2,,,,,Yes,No\n"           # line 2: fine
                 + "2026/03/01,stranger@elsewhere.example,3,2,,,,,Yes,No\n"      # 3: unmatched
                 + "2026/03/01,ben@riverside.example,7,2,,,,,Yes,No\n"           # 4: rating 7
                 + "2026/03/01,not an email,3,2,,,,,Yes,No\n"                    # 5: bad email
                 + "next week,cara@riverside.example,3,2,,,,,Yes,No\n"           # 6: bad date
                 + "2026/03/01,dev@riverside.example,3,2,,,,,perhaps,No\n"       # 7: bad yes/no
                 + ",,,,,,,,,\n"                                                 # 8: blank, ignored
                 + "2026/03/01,,3,2,,,,,Yes,No\n")                               # 9: no email
    _survey, _mapping, plan = plan_for(db, path, rubric_id, indicators)
    assert [row.line for row in plan.ready] == [2]
    assert [(p.line, p.reason) for p in plan.unmatched] == [(3, "no staff member has this email")]
    reasons = {p.line: p.reason for p in plan.malformed}
    assert set(reasons) == {4, 5, 6, 7, 9}
    assert "rating 7 is outside 1 to 4" in reasons[4]
    assert "not an email address" in reasons[5]
    assert "not a date" in reasons[6]
    assert "yes or no" in reasons[7]
    assert reasons[9] == "no email address"
    assert "1 ready to import, 1 not matched to a teacher, 5 with unusable answers" in plan.summary()
    survey_import.apply_plan(db, plan)
    assert count(db) == 1


def test_later_response_wins_and_reimport_changes_nothing(school, tmp_path):
    db, ids, rubric_id, indicators = school
    path = write(tmp_path, GOOGLE_HEADER
                 + "2026/03/01,ana@riverside.example,2,2,,,,,No,No\n"
                 + "2026/03/03,ana@riverside.example,3,3,,,,,No,No\n")
    _s, _m, plan = plan_for(db, path, rubric_id, indicators)
    assert [row.line for row in plan.ready] == [3]
    assert "later response" in plan.skipped[0].reason and plan.skipped[0].line == 2
    survey_import.apply_plan(db, plan)
    _s, _m, again = plan_for(db, path, rubric_id, indicators)
    assert again.ready == [] and "imported before" in again.skipped[-1].reason
    assert count(db) == 1


def test_formula_injection_is_neutralised(school, tmp_path):
    db, ids, rubric_id, indicators = school
    path = write(tmp_path, GOOGLE_HEADER
                 + '2026/03/01,ana@riverside.example,3,2,"=HYPERLINK(""http://evil"",""x"")",'
                 + '+cmd|calc,-2+3,@SUM(A1),Yes,No\n'
                 + "2026/03/01,ben@riverside.example,=1+2,2,,,,,Yes,No\n")
    _s, _m, plan = plan_for(db, path, rubric_id, indicators)
    assert [p.line for p in plan.malformed] == [3]   # a formula is not a rating
    survey_import.apply_plan(db, plan)
    ana = self_assessments.latest(db, ids["ana"])
    assert ana.career_goals == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert ana.preferred_formats == "'+cmd|calc"
    assert ana.interests == "'-2+3"
    assert ana.support_wanted == "'@SUM(A1)"


def test_windows_1252_file_reads(school, tmp_path):
    db, ids, rubric_id, indicators = school
    path = write(tmp_path, "Email,A1,Interests\nana@riverside.example,3,Caf\u00e9 chats \u2013 na\u00efve\n",
                 encoding="cp1252")
    _s, _m, plan = plan_for(db, path, rubric_id, indicators)
    assert plan.ready[0].answers.interests == "Caf\u00e9 chats \u2013 na\u00efve"


def test_utf16_with_bom_and_semicolons_reads(school, tmp_path):
    db, ids, rubric_id, indicators = school
    path = write(tmp_path, "\ufeffE-mail;A1;A2\nana@riverside.example;3;4\n", encoding="utf-16-le")
    path.write_bytes(b"\xff\xfe" + path.read_bytes()[2:])
    _s, _m, plan = plan_for(db, path, rubric_id, indicators)
    assert plan.ready[0].answers.ratings == {indicators[0].id: 3, indicators[1].id: 4}


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"PK\x03\x04rest-of-a-zip", "not CSV"),
    (b"Email,A1\n\x00\x01\x02binary", "binary"),
    (b"\xff\xfe\x00\xd8", "not readable"),
])
def test_hostile_files_are_refused_in_plain_words(school, tmp_path, content, words):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(SurveyImportError, match=words):
        survey_import.read_survey_csv(path)


def test_unclosed_quote_is_one_unusable_row_not_a_crash(school, tmp_path):
    db, ids, rubric_id, indicators = school
    path = write(tmp_path, 'Email,A1\nben@riverside.example,2\n"ana@riverside.example,3\ncara@x,4\n'
                           'dev@riverside.example,3\n')
    _s, _m, plan = plan_for(db, path, rubric_id, indicators)
    assert [row.line for row in plan.ready] == [2, 5]       # the lines after it are read on their own
    reasons = {p.line: p.reason for p in plan.malformed}
    assert set(reasons) == {3, 4}
    assert "never closed" in reasons[3]
    assert "not an email address" in reasons[4]              # line 4 for its own reason, not merged


def test_missing_email_column_is_refused_before_any_row(school, tmp_path):
    db, ids, rubric_id, indicators = school
    path = write(tmp_path, "Name,A1\nAna Lopez,3\n")
    survey = survey_import.read_survey_csv(path)
    mapping = survey_import.suggest_mapping(survey.headers, indicators)
    assert mapping["email"] is None
    with pytest.raises(SurveyImportError, match="email address"):
        survey_import.plan_import(db, survey, mapping, rubric_id=rubric_id, import_day=TODAY)


def test_no_question_columns_is_refused(school, tmp_path):
    db, ids, rubric_id, indicators = school
    survey = survey_import.read_survey_csv(write(tmp_path, "Email,Shoe size\nana@riverside.example,9\n"))
    mapping = survey_import.suggest_mapping(survey.headers, indicators)
    with pytest.raises(SurveyImportError, match="No question"):
        survey_import.plan_import(db, survey, mapping, rubric_id=rubric_id, import_day=TODAY)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(SurveyImportError, match="not found"):
        survey_import.read_survey_csv(tmp_path / "nope.csv")
    with pytest.raises(SurveyImportError, match="folder"):
        survey_import.read_survey_csv(tmp_path)


def test_import_is_one_transaction(school, tmp_path, monkeypatch):
    db, ids, rubric_id, indicators = school
    path = write(tmp_path, GOOGLE_HEADER
                 + "2026/03/01,ana@riverside.example,3,2,,,,,Yes,No\n"
                 + "2026/03/01,ben@riverside.example,3,2,,,,,Yes,No\n")
    _s, _m, plan = plan_for(db, path, rubric_id, indicators)
    real_save = self_assessments.save
    calls = []

    def failing_save(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk went away")
        return real_save(*args, **kwargs)

    monkeypatch.setattr(self_assessments, "save", failing_save)
    with pytest.raises(RuntimeError):
        survey_import.apply_plan(db, plan)
    assert count(db) == 0
    assert db.execute("SELECT count(*) FROM self_assessment_ratings").fetchone()[0] == 0


def test_future_dates_and_empty_responses_are_malformed(school, tmp_path):
    db, ids, rubric_id, indicators = school
    path = write(tmp_path, GOOGLE_HEADER
                 + "2030/01/01,ana@riverside.example,3,2,,,,,Yes,No\n"
                 + "2026/03/01,ben@riverside.example,,,,,,,No,No\n")
    _s, _m, plan = plan_for(db, path, rubric_id, indicators)
    reasons = [p.reason for p in plan.malformed]
    assert "in the future" in reasons[0] and "no ratings and no answers" in reasons[1]


@pytest.mark.parametrize("raw, expected", [
    ("2026-03-04", date(2026, 3, 4)), ("2026/03/04 10:00:00 AM GMT+1", date(2026, 3, 4)),
    ("3/4/2026 9:00", date(2026, 3, 4)), ("25/12/2025", date(2025, 12, 25)),
    ("2026-03-04T10:11:12Z", date(2026, 3, 4)),
])
def test_form_time_stamps(raw, expected):
    assert survey_import.parse_day(raw) == expected


def test_day_first_reads_european_dates():
    assert survey_import.parse_day("3/4/2026", day_first=True) == date(2026, 4, 3)


@given(st.text(max_size=30))
def test_any_rating_cell_is_a_rating_or_a_plain_refusal(raw):
    try:
        value = survey_import.parse_rating(raw)
    except ValueError as problem:
        assert "rating" in str(problem)
    else:
        assert value is None or 1 <= value <= 4
