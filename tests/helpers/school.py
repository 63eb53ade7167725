"""A small but complete school: at least one row in every table, with awkward values.

Used by the export, backup and audit tests; written through ``db.records`` so
ids and time stamps come from the application's own write path.
"""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from db import records, staff


def fill_every_table(db: Database) -> dict[str, str]:
    """Insert related rows into every table; returns the ids by table."""
    ids: dict[str, str] = {}

    def add(table: str, **values) -> str:
        ids[table] = records.insert(db, table, values)
        return ids[table]

    with db.atomic():
        school = add("schools", name="École Saint-Michel — Ōtautahi", identifier="sch-1")
        teacher = staff.add(
            db, first_name="Zoë", last_name="O'Brien, \"Jr\"", email="zoe@example.org",
            subjects="Maths, Science", grades="7,8", years_experience=4, school_id=school,
            career_goals="Lead a PLC\nnext year", hire_date="2019-08-15",
        )
        coach = staff.add(db, first_name="Amara", last_name="Nwosu", role="coach")
        ids["staff"] = teacher
        rubric = add("rubrics", family_id=records.new_id(), name="Growth rubric", source="ours")
        add("rubric_levels", rubric_id=rubric, level=1, label="Beginning")
        domain = add("rubric_domains", rubric_id=rubric, code="D1", name="Planning")
        indicator = add("rubric_indicators", rubric_id=rubric, domain_id=domain, code="1a", name="Clear goals")
        add("rubric_descriptors", indicator_id=indicator, level=1, descriptor="Goals are unclear.")
        look_for = add("look_fors", rubric_id=rubric, indicator_id=indicator, text="Objective posted")
        goal = add("goals", staff_id=teacher, title="Questioning", indicator_code="1a", due_on="2026-06-01")
        add("goal_templates", title="Wait time", measure="seconds")
        add("action_steps", goal_id=goal, description="Watch a video", due_on="2026-02-01")
        add("goal_check_ins", goal_id=goal, checked_on="2026-02-02", progress=40, evidence="Tally: 3→7")
        observation = add(
            "observations", staff_id=teacher, observer_id=coach, rubric_id=rubric, kind="walkthrough",
            observed_on="2026-01-20", duration_seconds=600, glow="Great hook 👏", grow="", goal_id=goal,
            private_note="Seemed tired; ask about the move",
        )
        add("observation_scores", observation_id=observation, indicator_id=indicator, score=3, note="")
        add("observation_look_fors", observation_id=observation, look_for_id=look_for, score=None)
        add("observation_evidence", observation_id=observation, indicator_id=indicator,
            noted_at="2026-01-20T09:03:00Z", offset_seconds=180, text="Students, pairs, 'why?'")
        assessment = add("self_assessments", staff_id=teacher, rubric_id=rubric, taken_on="2026-01-05", would_lead=1)
        add("self_assessment_ratings", self_assessment_id=assessment, indicator_id=indicator, rating=2)
        conversation = add("conversations", staff_id=teacher, leader_id=coach, kind="goal_setting",
                           held_on="2026-01-06", notes="Agreed, line one\r\nline two", observation_id=observation)
        add("conversation_goals", conversation_id=conversation, goal_id=goal)
        offering = add("pd_offerings", title="Questioning PLC", format="plc", hours=1.5, cost=12.25,
                       capacity=None, facilitator_staff_id=coach)
        add("pd_offering_indicators", offering_id=offering, indicator_code="1a")
        add("pd_sessions", offering_id=offering, starts_at="2026-02-10T15:30", ends_at="2026-02-10T16:30")
        add("enrollments", offering_id=offering, staff_id=teacher, status="completed", hours_credited=1.5, rating=5)
        celebration = add("celebrations", kind="goal_achieved", title="Goal met!", celebrated_on="2026-03-01")
        add("celebration_staff", celebration_id=celebration, staff_id=teacher)
        add("dismissed_suggestions", suggestion_key="milestone:x")
        add("wellbeing_check_ins", staff_id=teacher, checked_on="2026-01-15", energy=4, workload=3, stress=2,
            note="Shared: a long week")
        add("wellbeing_responses", staff_id=teacher, month="2026-01", answered_privately=1)
        this_month = date.today().isoformat()[:7]   # still open: a private answer may join it
        add("wellbeing_private_answers", month=this_month, energy=3, workload=4, stress=2,
            created_at=this_month, updated_at=this_month)
        add("preferences", key="school.name", value="Saint-Michel")
        year = add("school_years", name="2026–27", first_day="2026-08-17", last_day="2027-06-11",
                   started_on="2026-08-03")
        add("school_terms", school_year_id=year, name="Autumn", first_day="2026-08-17",
            last_day="2026-12-18")
    staff.update(db, teacher, grades="7,8,9")
    return ids


def every_row(db: Database) -> dict[str, list[tuple]]:
    """Each table's rows in the order they were written: what a test compares before and after."""
    from db.export import exported_tables
    from db.records import stored_order

    return {table: [tuple(row) for row in db.execute(
        f'SELECT * FROM "{table}" ORDER BY {stored_order(db, table)}')]
            for table in exported_tables(db)}
