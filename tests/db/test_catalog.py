import json

import pytest

from db import catalog, rubrics
from db.catalog import CatalogFormatError
from desktop import paths


def test_starter_catalog_is_varied_and_tied_to_the_default_rubric():
    offerings = catalog.read_starter_catalog()
    shipped = json.loads(paths.resource("rubrics", "cultivate-default.json").read_text("utf-8"))
    codes = {i["code"] for d in shipped["domains"] for i in d["indicators"]}
    assert 25 <= len(offerings) <= 35
    assert {o["format"] for o in offerings} == set(catalog.FORMATS)
    for offering in offerings:
        assert set(offering["indicators"]) <= codes, offering["title"]
    assert any(o["capacity"] is None for o in offerings)
    assert any(o["facilitator"] is None for o in offerings)


def test_install_starter_catalog_is_idempotent(memory_db):
    first = catalog.install_starter_catalog(memory_db)
    assert first == len(catalog.read_starter_catalog())
    assert catalog.install_starter_catalog(memory_db) == 0
    offerings = catalog.list_offerings(memory_db)
    assert len(offerings) == first
    questions = next(o for o in offerings if o.title == "Questions that Make Students Think")
    assert questions.indicator_codes == ("2.2", "2.3")
    assert questions.format == "workshop" and questions.has_follow_up and questions.hours == 3.0
    assert next(o for o in offerings if o.format == "podcast").is_unlimited


def test_retired_offerings_are_hidden_and_not_revived(memory_db):
    catalog.install_starter_catalog(memory_db)
    offering = catalog.list_offerings(memory_db)[0]
    memory_db.execute("UPDATE pd_offerings SET retired_at = '2026-01-01' WHERE id = ?", [offering.id])
    assert offering.id not in [o.id for o in catalog.list_offerings(memory_db)]
    assert offering.id in [o.id for o in catalog.list_offerings(memory_db, include_retired=True)]
    assert catalog.install_starter_catalog(memory_db) == 0
    assert catalog.get_offering(memory_db, offering.id).is_retired


def test_offering_codes_match_rubric_indicators_in_the_database(memory_db):
    rubric_id = rubrics.load_default_rubric(memory_db)
    catalog.install_starter_catalog(memory_db)
    unknown = memory_db.execute(
        "SELECT DISTINCT indicator_code FROM pd_offering_indicators WHERE indicator_code NOT IN "
        "(SELECT code FROM rubric_indicators WHERE rubric_id = ?)", [rubric_id]).fetchall()
    assert unknown == []


@pytest.mark.parametrize("entry, message", [
    ({"title": "", "format": "workshop"}, "title"),
    ({"title": "Dance", "format": "rave"}, "format 'rave'"),
    ({"title": "Long", "format": "workshop", "hours": -1}, "hours"),
    ({"title": "Full", "format": "workshop", "capacity": -3}, "capacity"),
])
def test_bad_offerings_are_refused(memory_db, entry, message):
    with pytest.raises(CatalogFormatError, match=message):
        catalog.install_offerings(memory_db, [entry])
    assert catalog.list_offerings(memory_db) == []


def test_goal_templates_install_once_and_name_real_indicators(memory_db):
    rubrics.load_default_rubric(memory_db)
    templates = catalog.read_goal_templates()
    assert 8 <= len(templates) <= 12
    assert catalog.install_goal_templates(memory_db) == len(templates)
    assert catalog.install_goal_templates(memory_db) == 0
    orphans = memory_db.execute(
        "SELECT title FROM goal_templates WHERE indicator_code NOT IN "
        "(SELECT code FROM rubric_indicators)").fetchall()
    assert orphans == []
