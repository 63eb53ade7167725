"""Observation writes: drafts per keystroke, scores, look-fors, evidence, complete, delete."""

import pytest

from db import observations as obs
from db import records, rubrics, staff
from db.observations import ObservationError


@pytest.fixture
def visit(memory_db):
    rubric_id = rubrics.load_default_rubric(memory_db)
    teacher = staff.add(memory_db, first_name="Zoë", last_name="Ñúñez")
    coach = staff.add(memory_db, first_name="Maya", last_name="Reed", role="coach")
    draft = obs.start_observation(memory_db, staff_id=teacher, rubric_id=rubric_id,
                                  observed_on="2026-03-10", started_at="2026-03-10T09:00:00.000Z",
                                  observer_id=coach)
    return memory_db, draft, rubrics.get_rubric(memory_db, rubric_id), teacher


def test_a_new_walkthrough_is_a_draft_saved_at_once(visit):
    db, draft, rubric, teacher = visit
    found = obs.get_observation(db, draft)
    assert found.is_draft and found.kind == "walkthrough"
    assert found.teacher_name == "Zoë Ñúñez" and found.observer_name == "Maya Reed"
    assert obs.drafts(db) == [draft]
    assert obs.drafts(db, kind="formal") == []


def test_every_keystroke_of_a_glow_is_kept(visit):
    db, draft, _, _ = visit
    typed = "Pairs explained their thinking"
    for end in range(1, len(typed) + 1):
        obs.update_observation(db, draft, glow=typed[:end])
        assert obs.get_observation(db, draft).glow == typed[:end]
    obs.update_observation(db, draft, grow="Wait longer", private_note="Seemed tired")
    found = obs.get_observation(db, draft)
    assert (found.glow, found.grow, found.private_note) == (typed, "Wait longer", "Seemed tired")


def test_scores_and_look_fors_change_in_place(visit):
    db, draft, rubric, _ = visit
    first, second = rubric.indicators[:2]
    obs.set_score(db, draft, first.id, 2)
    obs.set_score(db, draft, first.id, 3)
    obs.set_score(db, draft, second.id, None)
    obs.set_look_for(db, draft, rubric.look_fors[0].id, 4)
    obs.set_look_for(db, draft, rubric.look_fors[0].id, None)
    found = obs.get_observation(db, draft)
    assert found.scores == {first.id: 3, second.id: None}
    assert found.look_for_scores == {rubric.look_fors[0].id: None}
    assert db.execute("SELECT count(*) FROM observation_scores").fetchone()[0] == 2
    obs.clear_score(db, draft, second.id)
    assert obs.get_observation(db, draft).scores == {first.id: 3}


@pytest.mark.parametrize("bad", [0, 10, -1, True, "3", 2.5])
def test_a_score_outside_the_levels_is_refused_and_nothing_changes(visit, bad):
    db, draft, rubric, _ = visit
    with pytest.raises(ObservationError):
        obs.set_score(db, draft, rubric.indicators[0].id, bad)
    assert obs.get_observation(db, draft).scores == {}


def test_an_indicator_of_another_rubric_is_refused(visit):
    db, draft, rubric, _ = visit
    other = dict(rubrics.read_default_rubric_file(), name="Other")
    other_id = rubrics.install_rubric(db, other)
    foreign = rubrics.get_rubric(db, other_id).indicators[0]
    with pytest.raises(ObservationError, match="another rubric"):
        obs.set_score(db, draft, foreign.id, 3)
    with pytest.raises(ObservationError, match="another rubric"):
        obs.set_look_for(db, draft, rubrics.get_rubric(db, other_id).look_fors[0].id, 3)


def test_evidence_lines_get_time_stamps_and_offsets(visit):
    db, draft, _, _ = visit
    first = obs.add_evidence(db, draft, "T: what do you notice?", noted_at="2026-03-10T09:00:42.000Z")
    second = obs.add_evidence(db, draft, "", noted_at="2026-03-10T09:02:05.500Z")
    for end in range(1, 6):
        obs.update_evidence(db, second, "Pairs"[:end])
    lines = obs.get_observation(db, draft).evidence
    assert [(line.text, line.stamp, line.position) for line in lines] == [
        ("T: what do you notice?", "00:42", 0), ("Pairs", "02:05", 1)]
    assert lines[0].noted_at == "2026-03-10T09:00:42.000Z"
    obs.delete_evidence(db, first)
    assert [line.text for line in obs.get_observation(db, draft).evidence] == ["Pairs"]


def test_complete_sets_duration_and_drops_blank_lines(visit):
    db, draft, _, _ = visit
    obs.add_evidence(db, draft, "Kept", noted_at="2026-03-10T09:00:10.000Z")
    obs.add_evidence(db, draft, "   ", noted_at="2026-03-10T09:00:20.000Z")
    obs.complete(db, draft, finished_at="2026-03-10T09:00:55.000Z")
    found = obs.get_observation(db, draft)
    assert found.status == "complete" and found.duration_seconds == 55
    assert found.finished_at == "2026-03-10T09:00:55.000Z"
    assert [line.text for line in found.evidence] == ["Kept"]
    assert obs.drafts(db) == []


def test_only_drafts_can_be_deleted(visit):
    db, draft, rubric, _ = visit
    obs.set_score(db, draft, rubric.indicators[0].id, 3)
    obs.add_evidence(db, draft, "line")
    obs.delete_draft(db, draft)
    assert obs.get_observation(db, draft) is None
    assert db.execute("SELECT count(*) FROM observation_scores").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM observation_evidence").fetchone()[0] == 0


def test_a_complete_observation_is_not_deleted(visit):
    db, draft, _, _ = visit
    obs.complete(db, draft)
    with pytest.raises(ObservationError, match="Only a draft"):
        obs.delete_draft(db, draft)
    assert obs.get_observation(db, draft) is not None


def test_bad_changes_are_refused_in_plain_words(visit):
    db, draft, _, _ = visit
    with pytest.raises(ObservationError, match="YYYY-MM-DD"):
        obs.update_observation(db, draft, observed_on="10/03/2026")
    with pytest.raises(ObservationError, match="cannot be changed"):
        obs.update_observation(db, draft, status="complete")
    with pytest.raises(ObservationError, match="no longer exists"):
        obs.update_observation(db, "missing", glow="x")
    with pytest.raises(ObservationError, match="teacher"):
        obs.start_observation(db, staff_id="nobody", rubric_id=rubrics.default_rubric_id(db))


def test_a_failed_action_leaves_no_half_write(visit):
    db, draft, rubric, _ = visit
    with pytest.raises(ObservationError):
        with db.atomic():
            obs.add_evidence(db, draft, "first half")
            obs.set_score(db, draft, "not-an-indicator", 3)
    assert obs.get_observation(db, draft).evidence == ()


def test_tags_are_tidied_and_filterable(visit):
    db, draft, rubric, teacher = visit
    obs.update_observation(db, draft, tags=" small groups,Discussion ,, discussion")
    assert obs.get_observation(db, draft).tags == "small groups, Discussion"
    obs.set_score(db, draft, rubric.indicators[0].id, 3)
    other = obs.start_observation(db, staff_id=teacher, rubric_id=rubric.id, kind="formal",
                                  observed_on="2026-01-05", observer_name="Visiting principal")
    assert [r.id for r in obs.list_observations(db, tag="discussion")] == [draft]
    assert [r.id for r in obs.list_observations(db, tag="group")] == []
    assert [r.id for r in obs.list_observations(db, kind="formal")] == [other]
    assert [r.id for r in obs.list_observations(db, observer="Maya Reed")] == [draft]
    assert [r.id for r in obs.list_observations(db, observer="Visiting principal")] == [other]
    code = rubric.indicators[0].code
    assert [r.id for r in obs.list_observations(db, indicator_code=code)] == [draft]
    assert [r.id for r in obs.list_observations(db, since="2026-02-01")] == [draft]
    assert [r.id for r in obs.list_observations(db, until="2026-02-01")] == [other]
    assert obs.observers(db) == ["Maya Reed", "Visiting principal"]
    assert obs.tags_in_use(db) == ["Discussion", "small groups"]


def test_every_write_is_audited(visit):
    db, draft, _, _ = visit
    obs.update_observation(db, draft, glow="G")
    actions = db.execute("SELECT action FROM audit_log WHERE table_name = 'observations' "
                         "AND row_id = ? ORDER BY changed_at", [draft]).fetchall()
    assert [a for (a,) in actions][:2] == ["insert", "update"]
    assert records.get(db, "observations", draft)["glow"] == "G"
