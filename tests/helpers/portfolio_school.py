"""A school for the portfolio tests: every section filled, private text easy to spot.

Teachers: three with names only a full Unicode font prints, one with no data at
all and one with 300 walkthroughs. Private texts carry marker words so a test can
prove they are (or are not) in the extracted PDF text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlite_utils import Database

from db import clock, records, rubrics, staff, wellbeing

YEAR_FIRST = date(2025, 8, 1)
PRIVATE_NOTE = "PRIVATEOBSERVATIONMARKER worried about the Tuesday class"
PRIVATE_CONVERSATION = "PRIVATECONVERSATIONMARKER talked about the family move"
SHARED_CONVERSATION = "Agreed to try cold-calling with wait time"
WELLBEING_NOTE = "WELLBEINGMARKER tired after report cards"
PRIVATE_CELEBRATION = "Covered lunch duty for a colleague"
UNICODE_NAMES = (("Zoë", "Ñúñez"), ("Nguyễn", "Thị Minh"), ("Øyvind", "Łukasz"))


@dataclass
class PortfolioSchool:
    full: list[str]          # the Unicode-named teachers, every section filled
    empty: str
    busy: str                # 300 walkthroughs
    coach: str


def build_portfolio_school(db: Database, *, seed: int = 7) -> PortfolioSchool:
    rng = random.Random(seed)
    rubric_id = rubrics.load_default_rubric(db)
    indicators = rubrics.indicators(db, rubric_id)
    with db.atomic():
        school = records.insert(db, "schools", {"name": "Maple Grove École"})
        records.insert(db, "preferences", {"key": "school.name", "value": "Maple Grove École"})
        coach = staff.add(db, first_name="Amara", last_name="Nwosu", role="coach", school_id=school)
        full = [
            staff.add(db, first_name=first, last_name=last, school_id=school, subjects="Maths, Science",
                      grades="7,8", years_experience=6, hire_date="2019-08-15",
                      career_goals="Lead the maths PLC", preferred_formats="peer_coaching,plc",
                      interests="Problem solving <b>not bold</b>", leadership_strengths="Mentoring")
            for first, last in UNICODE_NAMES
        ]
        empty = staff.add(db, first_name="Ana", last_name="Blank", school_id=school)
        busy = staff.add(db, first_name="Busy", last_name="Visited", school_id=school)
        offering = records.insert(db, "pd_offerings", {"title": "Questioning PLC", "format": "plc", "hours": 6})
        video = records.insert(db, "pd_offerings", {"title": "Wait time in 10 minutes",
                                                    "format": "micro_video", "hours": 0.5})
        for teacher in full:
            _fill_teacher(db, rng, teacher, coach, rubric_id, indicators, offering, video)
        _many_walkthroughs(db, rng, busy, coach, rubric_id, indicators, 300)
    return PortfolioSchool(full=full, empty=empty, busy=busy, coach=coach)


def _fill_teacher(db, rng, teacher, coach, rubric_id, indicators, offering, video) -> None:
    goal = records.insert(db, "goals", {
        "staff_id": teacher, "title": "Questions that make students think",
        "description": "Ask more open questions and wait before taking answers",
        "measure": "open questions per lesson", "baseline": "2", "target": "8",
        "indicator_code": "2.2", "start_on": "2025-09-10", "due_on": "2026-05-30", "status": "active",
        "cycle_stage": "improve",
    })
    for position, (text, status) in enumerate([("Watch the wait-time video", "done"),
                                               ("Plan three hinge questions a week", "mastered"),
                                               ("Visit a colleague's lesson", "open")]):
        records.insert(db, "action_steps", {"goal_id": goal, "description": text, "status": status,
                                            "due_on": f"2025-1{position}-15", "position": position})
    for month, progress in ((10, 20), (12, 45), (3, 70)):
        year = 2025 if month > 7 else 2026
        records.insert(db, "goal_check_ins", {"goal_id": goal, "checked_on": f"{year}-{month:02d}-05",
                                              "progress": progress, "evidence": f"Tally of {progress // 5} questions"})
    for index in range(10):
        observed = YEAR_FIRST + timedelta(days=40 + index * 25)
        kind = "formal" if index in (2, 7) else "walkthrough"
        observation = records.insert(db, "observations", {
            "staff_id": teacher, "observer_id": coach, "rubric_id": rubric_id, "kind": kind,
            "status": "complete", "observed_on": observed.isoformat(),
            "glow": f"Glow {index}: students explained their thinking to a partner",
            "grow": "More wait time", "private_note": PRIVATE_NOTE if index == 3 else "",
            "goal_id": goal,
        })
        for indicator in indicators[:6]:
            score = min(4, max(1, 2 + (index // 4) + rng.choice((-1, 0, 0, 1))))
            records.insert(db, "observation_scores", {"observation_id": observation,
                                                      "indicator_id": indicator.id, "score": score})
        records.insert(db, "observation_evidence", {
            "observation_id": observation, "indicator_id": indicators[5].id,
            "noted_at": f"{observed.isoformat()}T09:05:00Z", "text": f"Evidence {index}: asked 'why?' & waited",
        })
    assessment = records.insert(db, "self_assessments", {"staff_id": teacher, "rubric_id": rubric_id,
                                                         "taken_on": "2025-09-01"})
    for indicator in indicators[:8]:
        records.insert(db, "self_assessment_ratings", {"self_assessment_id": assessment,
                                                       "indicator_id": indicator.id, "rating": rng.randint(2, 4)})
    records.insert(db, "conversations", {"staff_id": teacher, "leader_id": coach, "kind": "goal_setting",
                                         "held_on": "2025-09-08", "notes": SHARED_CONVERSATION})
    records.insert(db, "conversations", {"staff_id": teacher, "leader_id": coach, "kind": "check_in",
                                         "held_on": "2025-11-20", "notes": PRIVATE_CONVERSATION,
                                         "is_private": 1})
    records.insert(db, "enrollments", {"offering_id": offering, "staff_id": teacher, "status": "completed",
                                       "completed_on": "2026-02-01", "hours_credited": 6, "rating": 5,
                                       "reflection_learned": "Hinge questions show who is lost",
                                       "reflection_use": "One hinge question before every practice task"})
    records.insert(db, "enrollments", {"offering_id": video, "staff_id": teacher, "status": "completed",
                                       "completed_on": "2025-10-01", "hours_credited": 0.5})
    celebration = records.insert(db, "celebrations", {"kind": "led_session", "title": "Led the PLC on questioning",
                                                      "story": "Shared her hinge questions",
                                                      "celebrated_on": "2026-03-10"})
    records.insert(db, "celebration_staff", {"celebration_id": celebration, "staff_id": teacher})
    quiet = records.insert(db, "celebrations", {"kind": "shout_out", "title": PRIVATE_CELEBRATION,
                                                "celebrated_on": "2026-03-12", "is_public": 0})
    records.insert(db, "celebration_staff", {"celebration_id": quiet, "staff_id": teacher})
    records.insert(db, "wellbeing_check_ins", {"staff_id": teacher, "checked_on": "2025-12-01", "energy": 2,
                                               "workload": 5, "stress": 4, "note": WELLBEING_NOTE})
    # An unshared answer the same year (typed in January): nothing links it to her.
    with clock.fixed(date(2026, 1, 20)):
        wellbeing.record_check_in(db, staff_id=teacher, checked_on="2026-01-19", energy=1,
                                  workload=1, stress=1)


def _many_walkthroughs(db, rng, teacher, coach, rubric_id, indicators, count) -> None:
    observations, scores = [], []
    for index in range(count):
        observation_id = records.new_id()
        observed = YEAR_FIRST + timedelta(days=30 + index * 300 // count)
        observations.append({"id": observation_id, "staff_id": teacher, "observer_id": coach,
                             "rubric_id": rubric_id, "kind": "walkthrough", "status": "complete",
                             "observed_on": observed.isoformat(), "glow": f"Busy glow number {index}",
                             "private_note": ""})
        for indicator in indicators[:3]:
            scores.append({"observation_id": observation_id, "indicator_id": indicator.id,
                           "score": rng.randint(1, 4)})
    records.insert_many(db, "observations", observations)
    records.insert_many(db, "observation_scores", scores)
