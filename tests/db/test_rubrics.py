import copy
import json

import pytest

from db import rubrics
from db.rubrics import RubricFormatError
from desktop import paths


@pytest.fixture
def shipped():
    return json.loads(paths.resource("rubrics", "cultivate-default.json").read_text("utf-8"))


def test_shipped_rubric_has_the_promised_shape(shipped):
    rubrics.validate_rubric(shipped)
    codes = [i["code"] for d in shipped["domains"] for i in d["indicators"]]
    assert 4 <= len(shipped["domains"]) <= 5
    assert 12 <= len(codes) <= 20
    assert 10 <= len(shipped["look_fors"]) <= 16
    assert [level["label"] for level in shipped["levels"]] == [
        "Beginning", "Developing", "Proficient", "Exemplary"]
    for domain in shipped["domains"]:
        for indicator in domain["indicators"]:
            assert indicator["code"].startswith(domain["code"] + ".")
            assert len(set(indicator["descriptors"].values())) == 4


def test_load_default_rubric_installs_once(memory_db):
    first = rubrics.load_default_rubric(memory_db)
    assert rubrics.load_default_rubric(memory_db) == first
    assert memory_db.execute("SELECT count(*) FROM rubrics").fetchone()[0] == 1
    rubric = rubrics.default_rubric(memory_db)
    assert rubric.id == first and rubric.is_default
    assert rubric.level_label(3) == "Proficient"
    assert [d.code for d in rubric.domains] == ["1", "2", "3", "4"]
    assert rubric.domains[1].indicators[1].name == "Questioning for thinking"


def test_indicators_come_in_reading_order_with_descriptors(memory_db):
    rubric_id = rubrics.load_default_rubric(memory_db)
    found = rubrics.indicators(memory_db, rubric_id)
    assert [i.code for i in found][:6] == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2"]
    assert len(found) == 17
    assert all(sorted(i.descriptors) == [1, 2, 3, 4] for i in found)
    assert found[0].descriptor(4).startswith("Students restate the goal")


def test_look_fors_keep_their_indicator_codes(memory_db, shipped):
    rubric_id = rubrics.load_default_rubric(memory_db)
    found = rubrics.look_fors(memory_db, rubric_id)
    assert [lf.text for lf in found] == [lf["text"] for lf in shipped["look_fors"]]
    assert [lf.indicator_code for lf in found] == [lf.get("indicator") for lf in shipped["look_fors"]]


def test_a_new_default_replaces_the_old_one(memory_db, shipped):
    old = rubrics.load_default_rubric(memory_db)
    other = copy.deepcopy(shipped)
    other["name"] = "District rubric"
    new = rubrics.install_rubric(memory_db, other, is_default=True)
    assert rubrics.default_rubric(memory_db).id == new
    assert rubrics.get_rubric(memory_db, old).is_default is False
    assert rubrics.get_rubric(memory_db, "no-such-id") is None


def test_explicit_ids_and_stamp_make_installs_reproducible(memory_db, shipped):
    counter = iter(range(10_000))
    rubric_id = rubrics.install_rubric(memory_db, shipped, make_id=lambda: f"id-{next(counter):05d}",
                                       stamp="2025-08-18T07:00:00.000Z")
    assert rubric_id == "id-00000"
    stamps = memory_db.execute(
        "SELECT DISTINCT created_at FROM rubric_indicators WHERE rubric_id = ?", [rubric_id]).fetchall()
    assert stamps == [("2025-08-18T07:00:00.000Z",)]


def _broken(shipped, change):
    data = copy.deepcopy(shipped)
    change(data)
    return data


@pytest.mark.parametrize("change, message", [
    (lambda d: d.pop("name"), "name must be non-empty"),
    (lambda d: d.update(format_version=7), "format version 7"),
    (lambda d: d.update(levels=[{"level": 1, "label": "Only"}]), "at least two"),
    (lambda d: d["levels"].append({"level": 2, "label": "Again"}), "Level 2 appears more than once"),
    (lambda d: d["levels"][0].update(level=12), "from 1 to 9"),
    (lambda d: d.update(domains=[]), "domains must be a non-empty list"),
    (lambda d: d["domains"][1]["indicators"][0].update(code="1.1"), "1.1 is used twice"),
    (lambda d: d["domains"][0]["indicators"][2]["descriptors"].pop("3"), "1.3's level 3 descriptor"),
    (lambda d: d["domains"][0]["indicators"][0]["descriptors"].update({"5": "x"}), "levels the rubric does not define"),
    (lambda d: d["domains"][2]["indicators"][0].pop("descriptors"), "3.1 needs descriptors"),
    (lambda d: d["look_fors"].append({"text": "Ghost", "indicator": "9.9"}), "indicator 9.9"),
    (lambda d: d["domains"][0].update(name="  "), "Domain 1's name"),
])
def test_broken_rubrics_are_refused_with_a_reason(memory_db, shipped, change, message):
    with pytest.raises(RubricFormatError, match=message):
        rubrics.install_rubric(memory_db, _broken(shipped, change))
    assert memory_db.execute("SELECT count(*) FROM rubrics").fetchone()[0] == 0


def test_not_an_object_is_refused(memory_db):
    with pytest.raises(RubricFormatError, match="JSON object"):
        rubrics.install_rubric(memory_db, ["not", "a", "rubric"])
