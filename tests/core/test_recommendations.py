from datetime import datetime

from desktop.core.recommendations import (
    ActiveGoal,
    Need,
    OfferingFacts,
    SessionTime,
    TeacherContext,
    personal_menu,
)


def at(day, hour, hours=2):
    return SessionTime(datetime(2026, 3, day, hour), datetime(2026, 3, day, hour + hours))


PODCAST = OfferingFacts("p", "Talk Moves podcast", "podcast", ("2.1",))
WORKSHOP = OfferingFacts("w", "Feedback that lands", "workshop", ("3.2",), (at(3, 15),))
CLASHING = OfferingFacts("c", "Questioning lab", "workshop", ("2.1",), (at(10, 15),))
DONE = OfferingFacts("d", "Already done", "podcast", ("2.1",))
RETIRED = OfferingFacts("r", "Old course", "online_course", ("2.1",), retired=True)
FULL = OfferingFacts("f", "Popular PLC", "plc", ("3.2",), seats_left=0)
UNRELATED = OfferingFacts("u", "Yoga after school", "wellbeing", ("9.9",))

CONTEXT = TeacherContext(
    gaps=[Need("2.1", "Questioning", 1.8), Need("3.2", "Feedback", 2.4)],
    goals=[ActiveGoal("More student talk", "2.1")],
    preferred_formats=("podcast",),
    enrolled_sessions=(at(10, 16),),
    completed_offering_ids=frozenset({"d"}),
)


def test_ranking_and_reasons_in_words():
    menu = personal_menu([UNRELATED, FULL, WORKSHOP, CLASHING, DONE, RETIRED, PODCAST], CONTEXT)
    # p: 3 + 1 (level 1.8) + 3 goal + 1.5 format = 8.5; w: 3 + 0.6 = 3.6; f: 3.6 - 0.5 full = 3.1;
    # c: 4 + 3 goal - 5 (every session clashes) = 2; u: 0.
    assert [(rec.offering.id, rec.score) for rec in menu] == [
        ("p", 8.5), ("w", 3.6), ("f", 3.1), ("c", 2.0), ("u", 0.0)]
    assert menu[0].explanation == (
        "addresses Questioning, your lowest indicator; linked to your goal ‘More student talk’; "
        "a podcast, one of your preferred formats")
    assert menu[1].explanation == "addresses Feedback, one of your growth areas"
    assert "waitlist" in menu[2].explanation
    assert "every session clashes" in menu[3].explanation
    assert menu[-1].explanation == "a general offering from the catalog"


def test_lower_levels_weigh_more():
    context = TeacherContext(gaps=[Need("2.1", "Questioning", 1.0), Need("3.2", "Feedback", 2.9)])
    menu = personal_menu([WORKSHOP, OfferingFacts("q", "Q", "workshop", ("2.1",))], context)
    assert menu[0].offering.id == "q"
    assert menu[0].score > menu[1].score
