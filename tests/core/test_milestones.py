from datetime import date

from desktop.core.milestones import (
    CompletedPd,
    IndicatorScore,
    LedSession,
    MasteredStep,
    MetGoal,
    MilestoneFacts,
    Person,
    suggestions,
)

AS_OF = date(2026, 5, 20)
ANN = Person("ann", "Ann Lee", hire_date=date(2021, 5, 1))
OLD = Person("old", "Archived Person", hire_date=date(2016, 5, 1), archived=True)


def facts(**kwargs):
    return MilestoneFacts(people=[ANN, OLD], **kwargs)


def keys(found):
    return [item.key for item in found]


def test_goal_met_fires_once_and_not_for_archived_staff():
    data = facts(met_goals=[MetGoal("g1", "ann", "More student talk", date(2026, 4, 1)),
                            MetGoal("g2", "old", "Whatever", date(2026, 4, 1))])
    found = suggestions(data, as_of=AS_OF, already_handled=set())
    assert "goal_met:g1" in keys(found)
    assert "goal_met:g2" not in keys(found)
    assert "goal_met:g1" not in keys(suggestions(data, as_of=AS_OF, already_handled={"goal_met:g1"}))


def test_step_mastered():
    data = facts(mastered_steps=[MasteredStep("s1", "ann", "Use think-pair-share", "Talk", date(2026, 3, 1))])
    [found] = [s for s in suggestions(data, as_of=AS_OF, already_handled=set()) if s.kind == "milestone"
               and s.key.startswith("step")]
    assert found.evidence == "Action step of the goal ‘Talk’ marked mastered."


def test_pd_hours_cross_each_threshold_once_per_year():
    pd = [CompletedPd("ann", f"Course {n}", 6, date(2025, 9 + n, 1)) for n in range(3)]  # 6, 12, 18
    pd += [CompletedPd("ann", "Summer course", 30, date(2026, 8, 20))]                    # next year
    found = keys(suggestions(facts(completed_pd=pd), as_of=AS_OF, already_handled=set()))
    assert [k for k in found if k.startswith("pd_hours")] == [
        "pd_hours:ann:2026-2027:25", "pd_hours:ann:2026-2027:10", "pd_hours:ann:2025-2026:10"]


def test_indicator_improved_needs_a_full_level_between_the_ends():
    def s(month, score):
        return IndicatorScore("ann", "2.1", "Questioning", date(2026, month, 1), score)
    rising = [s(1, 2), s(2, 2), s(3, 3), s(4, 3), s(5, 3)]
    assert any(k.startswith("indicator_up:ann:2.1") for k in keys(
        suggestions(facts(scores=rising), as_of=AS_OF, already_handled=set())))
    flat = [s(1, 2), s(2, 3), s(3, 3), s(4, 3)]
    assert not any(k.startswith("indicator_up") for k in keys(
        suggestions(facts(scores=flat), as_of=AS_OF, already_handled=set())))


def test_led_session_only_once_held():
    data = facts(led_sessions=[LedSession("ann", "o1", "Questioning lab", date(2026, 5, 1)),
                               LedSession("ann", "o2", "Future lab", date(2026, 6, 1))])
    found = keys(suggestions(data, as_of=AS_OF, already_handled=set()))
    assert "led:ann:o1" in found and "led:ann:o2" not in found


def test_service_anniversary_within_a_month_and_not_for_archived():
    found = keys(suggestions(facts(), as_of=AS_OF, already_handled=set()))
    assert found == ["anniversary:ann:5"]
    assert keys(suggestions(facts(), as_of=date(2026, 7, 1), already_handled=set())) == []


def test_a_suggested_story_never_carries_the_scores_its_evidence_shows():
    rising = [IndicatorScore("ann", "2.1", "Questioning", date(2026, month, 1), score)
              for month, score in ((1, 1), (2, 2), (3, 3), (4, 4))]
    [found] = [s for s in suggestions(facts(scores=rising), as_of=AS_OF, already_handled=set())
               if s.key.startswith("indicator_up")]
    assert "From 1.5" in found.evidence and "to 3.5" in found.evidence   # for the leader deciding
    assert found.suggested_story == "Grew on Questioning across this year's observations."
    assert not any(char.isdigit() for char in found.suggested_story)
