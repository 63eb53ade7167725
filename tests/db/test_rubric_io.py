"""Rubric files: JSON and CSV round trips, line-numbered errors, nothing half-imported,
and versioning that keeps old observations exactly as they were scored."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import observations as obs
from db import rubric_io, rubrics, staff
from db.rubric_io import RubricFileError
from db.text_files import imported


@pytest.fixture
def default(memory_db):
    return rubrics.load_default_rubric(memory_db)


def _rubric_count(db):
    return db.execute("SELECT count(*) FROM rubrics").fetchone()[0]


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_export_then_import_gives_the_same_rubric(memory_db, default, tmp_path, suffix):
    path = rubric_io.export_rubric(memory_db, default, tmp_path / f"rubric{suffix}")
    data = rubric_io.read_rubric_file(path)
    original = rubric_io.rubric_to_data(rubrics.get_rubric(memory_db, default))
    for key in ("name", "description", "source", "levels", "domains", "look_fors", "family_id"):
        assert data[key] == original[key], key
    # Into a fresh file: installed as a new rubric with the same content.
    from db.connection import open_memory

    other = open_memory()
    new_id = rubric_io.import_rubric(other, path, make_default=True)
    assert rubric_io.rubric_to_data(rubrics.get_rubric(other, new_id)) == original
    assert rubrics.default_rubric_id(other) == new_id
    other.close()


def test_a_district_csv_written_by_hand_imports(memory_db, tmp_path):
    path = tmp_path / "district.csv"
    path.write_text(
        "record,code,name,description,domain,indicator,level 1,level 2,level 3\n"
        "rubric,,District Framework,Our own,Licensed 2026,,,,\n"
        "level,1,Not yet,,,,,,\n"
        "level,2,Meets,,,,,,\n"
        "level,3,Exceeds,,,,,,\n"
        "domain,A,Culture,,,,,,\n"
        'indicator,A.1,Routines,"Students know\nwhat to do",A,,Rarely,Mostly,Always\n'
        "domain,B,Instruction,,,,,,\n"
        "indicator,B.1,Modelling,,B,,Absent,Partial,Clear\n"
        "look_for,,Students start within two minutes,,,A.1,,,\n", encoding="utf-8")
    rubric_id = rubric_io.import_rubric(memory_db, path)
    rubric = rubrics.get_rubric(memory_db, rubric_id)
    assert rubric.name == "District Framework" and rubric.source == "Licensed 2026"
    assert [level.label for level in rubric.levels] == ["Not yet", "Meets", "Exceeds"]
    assert [i.code for i in rubric.indicators] == ["A.1", "B.1"]
    assert rubric.indicators[0].description == "Students know\nwhat to do"
    assert rubric.look_fors[0].indicator_code == "A.1"


BAD_CSV = [
    # (row to add after a good file's line 6, line reported, words in the reason)
    ("indicator,A.2,Talk,,Z,,a,b,c", 7, "domain “Z”"),
    ("indicator,A.2,,,A,,a,b,c", 7, "name must be non-empty"),
    ("indicator,A.2,Talk,,A,,a,,c", 7, "level 2 descriptor"),
    ("indicator,A.1,Again,,A,,a,b,c", 8, "A.1 is used twice"),  # the second one is the repeat
    ("look_for,,Seen,,,Q.9,,,", 7, "lacks"),
    ("level,x,Odd,,,,,,", 7, "whole number"),
    ("lesson,1,What,,,,,,", 7, "not a record type"),
    ("indicator,A.2,Talk,,A,,a,b,c,d,e", 7, "this line has 11 fields; the header has 9 fields"),
    ('indicator,A.2,"Talk,,A,,a,b,c', 7, "never closed"),
    ('indicator,A.2,Ta"lk,,A,,a,b,c', 7, "in the middle of a field"),
]
GOOD_CSV = (
    "record,code,name,description,domain,indicator,level 1,level 2,level 3\n"
    "rubric,,Small,,,,,,\n"
    "level,1,Low,,,,,,\n"
    "level,2,Mid,,,,,,\n"
    "level,3,High,,,,,,\n"
    "domain,A,Culture,,,,,,\n"
    "indicator,A.1,Routines,,A,,a,b,c\n"
)


@pytest.mark.parametrize("row, line, words", BAD_CSV)
def test_a_bad_csv_row_is_named_by_line_and_nothing_is_imported(memory_db, default, tmp_path,
                                                                row, line, words):
    lines = GOOD_CSV.splitlines()
    lines.insert(6, row)
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = _rubric_count(memory_db)
    with pytest.raises(RubricFileError) as caught:
        rubric_io.import_rubric(memory_db, path)
    assert caught.value.line == line, str(caught.value)
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"bad.csv, line {line}: ")
    assert _rubric_count(memory_db) == before
    assert memory_db.execute("SELECT count(*) FROM rubric_indicators").fetchone()[0] == 17


def test_bad_json_is_named_by_line(memory_db, default, tmp_path):
    good = rubric_io.to_json(rubric_io.rubric_to_data(rubrics.get_rubric(memory_db, default)))
    cases = {
        "truncated.json": (good[:400], "not valid JSON"),
        "duplicate.json": (good.replace('"code": "2.3"', '"code": "2.1"'), "2.1 is used twice"),
        "nolabel.json": (good.replace('"label": "Developing"', '"label": ""'), "Level 2's label"),
    }
    for name, (text, words) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(RubricFileError) as caught:
            rubric_io.read_rubric_file(path)
        assert words in str(caught.value)
        shown = text.splitlines()[caught.value.line - 1:caught.value.line + 2]
        if name == "duplicate.json":
            assert any('"2.1"' in line for line in shown), shown
        if name == "nolabel.json":
            assert any('"label": ""' in line for line in shown), shown


def test_files_that_are_not_rubrics_get_plain_reasons(tmp_path):
    cases = {
        "shift-jis.csv": ("record,名前\n山田,太郎\n".encode("shift_jis"), "save it as “CSV UTF-8”"),
        "empty.csv": (b"", "empty"),
        "header.csv": (b"kind,code\nrubric,x\n", "header"),
        "rubric.txt": (b"{}", ".json or .csv"),
        "list.json": (b"[1, 2]", "JSON object"),
    }
    for name, (raw, words) in cases.items():
        path = tmp_path / name
        path.write_bytes(raw)
        with pytest.raises(RubricFileError, match=words.replace(".", r"\.")):
            rubric_io.read_rubric_file(path)


def _used_observation(db, rubric_id, score):
    teacher = staff.add(db, first_name="Ana", last_name="Lopez")
    rubric = rubrics.get_rubric(db, rubric_id)
    visit = obs.start_observation(db, staff_id=teacher, rubric_id=rubric_id, observed_on="2026-01-10")
    obs.set_score(db, visit, rubric.indicators[0].id, score)
    obs.complete(db, visit)
    return visit


def test_editing_a_used_rubric_makes_a_new_version_and_history_stays(memory_db, default):
    visit = _used_observation(memory_db, default, 3)
    old = rubrics.get_rubric(memory_db, default)
    edited = rubric_io.rubric_to_data(old)
    edited["domains"][0]["indicators"][0]["name"] = "Learning intentions, renamed"
    edited["levels"][2]["label"] = "Secure"
    new_id = rubrics.save_edited_rubric(memory_db, default, edited)

    assert new_id != default
    new = rubrics.get_rubric(memory_db, new_id)
    assert (new.family_id, new.version) == (old.family_id, old.version + 1)
    assert rubrics.default_rubric_id(memory_db) == new_id
    assert new.indicators[0].name == "Learning intentions, renamed"
    # The old version is retired but intact, and the old observation still points at it.
    kept = rubrics.get_rubric(memory_db, default)
    assert kept.retired_at and kept.indicators[0].name == old.indicators[0].name
    assert kept.level_label(3) == "Proficient"
    assert rubric_io.rubric_to_data(kept) == rubric_io.rubric_to_data(old)
    found = obs.get_observation(memory_db, visit)
    assert found.rubric_id == default and found.scores == {old.indicators[0].id: 3}


def test_editing_an_unused_rubric_changes_it_in_place(memory_db, default):
    old = rubrics.get_rubric(memory_db, default)
    edited = rubric_io.rubric_to_data(old)
    edited["name"] = "Renamed"
    new_id = rubrics.save_edited_rubric(memory_db, default, edited)
    assert _rubric_count(memory_db) == 1
    assert rubrics.get_rubric(memory_db, new_id).version == old.version
    assert rubrics.default_rubric(memory_db).name == "Renamed"


def test_importing_an_edited_export_of_a_used_rubric_adds_a_version(memory_db, default, tmp_path):
    _used_observation(memory_db, default, 2)
    path = rubric_io.export_rubric(memory_db, default, tmp_path / "ours.json")
    data = json.loads(path.read_text("utf-8"))
    data["look_fors"].append({"text": "Students use the word wall", "indicator": "1.1"})
    path.write_text(json.dumps(data), encoding="utf-8")
    new_id = rubric_io.import_rubric(memory_db, path)
    assert rubrics.get_rubric(memory_db, new_id).version == 2
    assert len(rubrics.get_rubric(memory_db, new_id).look_fors) == 16
    assert len(rubrics.get_rubric(memory_db, default).look_fors) == 15
    assert [r.id for r in rubrics.list_rubrics(memory_db)] == [new_id]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
                               min_size=1, max_size=30).filter(lambda t: t.strip() == t and imported(t)),
                      min_size=3, max_size=3))
def test_any_text_survives_a_csv_round_trip(tmp_path_factory, names):
    # What comes back is exactly what any import stores (db.text_files.imported: invisible
    # characters removed, formulas neutralised), and nothing else is changed.
    names = [imported(name) for name in names]
    data = {
        "format_version": 1, "name": names[0], "description": "", "source": "",
        "levels": [{"level": 1, "label": "One"}, {"level": 2, "label": "Two"}],
        "domains": [{"code": "A", "name": names[1], "indicators": [
            {"code": "A.1", "name": names[2], "description": "",
             "descriptors": {"1": names[1], "2": names[2]}}]}],
        "look_fors": [{"text": names[0], "indicator": "A.1"}],
    }
    path = tmp_path_factory.mktemp("csv") / "r.csv"
    path.write_text(rubric_io.to_csv(data), encoding="utf-8")
    back = rubric_io.read_csv(path)
    assert back["name"] == names[0]
    assert back["domains"] == data["domains"]
    assert back["look_fors"] == data["look_fors"]
