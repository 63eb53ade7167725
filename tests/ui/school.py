"""A small, hand-made school for window and list tests: every tab has something to show.

Dates are relative to TODAY so "this term" and "overdue" mean the same thing on any day
the tests run.
"""

from __future__ import annotations

from datetime import date, timedelta

from db import records, school_years
from db._names import staff_sort_key
from db.school_years import Term, YearPlan

TODAY = date(2026, 3, 10)   # term 2 of 2025–26


def year_plan(first_year: int) -> YearPlan:
    """A school year from 1 August to 31 July, terms split at New Year."""
    first, last = date(first_year, 8, 1), date(first_year + 1, 7, 31)
    new_year = date(first_year + 1, 1, 1)
    return YearPlan(f"{first_year}–{str(first_year + 1)[2:]}", first, last,
                    (Term("Term 1", first, new_year - timedelta(days=1)), Term("Term 2", new_year, last)))


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def build_small_school(db) -> dict[str, str]:
    """Returns the ids tests refer to by name."""
    ids: dict[str, str] = {}
    with db.atomic():
        # The file has been used for two school years: last year's PD (Cara's) is in 2024–25.
        school_years.replace_years(db, [year_plan(2024), year_plan(2025)])
        school = records.insert(db, "schools", {"name": "Riverside Middle School"})
        people = [
            ("ana", "Ana", "Lopez", "teacher", "Mathematics", "7, 8", 6),
            ("ben", "Ben", "Okafor", "teacher", "Science", "6", 2),
            ("cara", "Cara", "Nguyen", "teacher", "English", "8", 15),
            ("dev", "Dev", "Patel", "teacher", "History", "7", 1),
            ("coach", "Maya", "Reed", "coach", "", "", 12),
        ]
        for key, first, last, role, subjects, grades, years in people:
            ids[key] = records.insert(db, "staff", {
                "school_id": school, "first_name": first, "last_name": last, "role": role,
                "sort_key": staff_sort_key(first, last), "subjects": subjects, "grades": grades,
                "years_experience": years,
                "email": f"{first.lower()}@riverside.example",
                "career_goals": "Lead the maths PLC" if key == "ana" else "",
            })
        rubric = records.insert(db, "rubrics", {
            "family_id": "test", "name": "Test rubric", "is_default": 1})
        domain = records.insert(db, "rubric_domains", {
            "rubric_id": rubric, "code": "A", "name": "Classroom"})
        indicators = [records.insert(db, "rubric_indicators", {
            "rubric_id": rubric, "domain_id": domain, "code": code, "name": name})
            for code, name in [("A1", "Questioning"), ("A2", "Checking for understanding")]]

        def observe(key, offset, kind, scores, glow, status="complete"):
            obs = records.insert(db, "observations", {
                "staff_id": ids[key], "observer_id": ids["coach"], "rubric_id": rubric,
                "kind": kind, "status": status, "observed_on": day(offset), "glow": glow})
            for indicator, score in zip(indicators, scores, strict=True):
                records.insert(db, "observation_scores", {
                    "observation_id": obs, "indicator_id": indicator, "score": score})
            return obs

        ids["obs_ana_recent"] = observe("ana", -3, "walkthrough", [3, 4], "Every student answered")
        observe("ana", -40, "formal", [2, 3], "Clear learning target")
        observe("ben", -20, "walkthrough", [2, None], "Warm welcome at the door")
        observe("cara", -5, "informal", [4, 4], "Rich discussion", status="draft")
        # Dev is never visited; Ben last seen 20 days ago: both are "not visited in 14+ days".
        observe("cara", -200, "formal", [3, 3], "Last year's visit")

        ids["goal_ana"] = records.insert(db, "goals", {
            "staff_id": ids["ana"], "title": "Ask more open questions", "indicator_code": "A1",
            "status": "active", "cycle_stage": "learn", "due_on": day(60)})
        ids["goal_ben"] = records.insert(db, "goals", {
            "staff_id": ids["ben"], "title": "Check understanding every ten minutes",
            "indicator_code": "A2", "status": "active", "cycle_stage": "identify",
            "due_on": day(30)})
        records.insert(db, "goals", {
            "staff_id": ids["cara"], "title": "Run student-led seminars", "status": "met",
            "cycle_stage": "improve", "met_on": day(-10)})
        records.insert(db, "action_steps", {
            "goal_id": ids["goal_ana"], "description": "Script five open questions per lesson",
            "due_on": day(-7), "status": "open", "position": 1})
        records.insert(db, "action_steps", {
            "goal_id": ids["goal_ana"], "description": "Watch Cara's seminar",
            "due_on": day(-14), "status": "done", "done_on": day(-15), "position": 2})
        records.insert(db, "action_steps", {
            "goal_id": ids["goal_ben"], "description": "Try exit tickets", "due_on": day(5),
            "status": "open", "position": 1})
        records.insert(db, "goal_check_ins", {
            "goal_id": ids["goal_ana"], "checked_on": day(-2), "progress": 40})
        records.insert(db, "goal_check_ins", {
            "goal_id": ids["goal_ana"], "checked_on": day(-30), "progress": 10})

        records.insert(db, "conversations", {
            "staff_id": ids["ana"], "leader_id": ids["coach"], "kind": "goal_setting",
            "held_on": day(-45), "notes": "Agreed on questioning as the focus."})
        records.insert(db, "conversations", {
            "staff_id": ids["ana"], "leader_id": ids["coach"], "kind": "check_in",
            "held_on": day(-2), "notes": "Worried about her mother's health.", "is_private": 1})

        workshop = records.insert(db, "pd_offerings", {
            "title": "Questioning that makes students think", "format": "workshop",
            "hours": 3, "capacity": 2, "length_description": "one afternoon"})
        podcast = records.insert(db, "pd_offerings", {
            "title": "Exit tickets in ten minutes", "format": "micro_video", "hours": 0.5})
        records.insert(db, "pd_offerings", {
            "title": "Retired course", "format": "webinar", "hours": 1, "retired_at": day(-100)})
        records.insert(db, "pd_offering_indicators", {"offering_id": workshop, "indicator_code": "A1"})
        records.insert(db, "pd_offering_indicators", {"offering_id": workshop, "indicator_code": "A2"})
        records.insert(db, "pd_offering_indicators", {"offering_id": podcast, "indicator_code": "A2"})
        records.insert(db, "enrollments", {
            "offering_id": workshop, "staff_id": ids["ana"], "status": "completed",
            "enrolled_on": day(-60), "completed_on": day(-50), "hours_credited": 3, "rating": 5})
        records.insert(db, "enrollments", {
            "offering_id": podcast, "staff_id": ids["ana"], "status": "completed",
            "enrolled_on": day(-20), "completed_on": day(-19), "hours_credited": 0.5})
        records.insert(db, "enrollments", {
            "offering_id": workshop, "staff_id": ids["ben"], "status": "interested"})
        records.insert(db, "enrollments", {
            "offering_id": podcast, "staff_id": ids["cara"], "status": "completed",
            "enrolled_on": day(-300), "completed_on": day(-290), "hours_credited": 0.5})

        met = records.insert(db, "celebrations", {
            "kind": "goal_achieved", "title": "Cara's seminars are student-led",
            "story": "Students ran the whole discussion.", "celebrated_on": day(-9)})
        records.insert(db, "celebration_staff", {"celebration_id": met, "staff_id": ids["cara"]})
        shout = records.insert(db, "celebrations", {
            "kind": "shout_out", "title": "Thanks for covering lunch duty",
            "celebrated_on": day(-1), "is_public": 0})
        records.insert(db, "celebration_staff", {"celebration_id": shout, "staff_id": ids["ana"]})
        records.insert(db, "celebration_staff", {"celebration_id": shout, "staff_id": ids["ben"]})
    return ids
