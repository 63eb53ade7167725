"""A district file of two schools for the per-school tests: the small test school
(Riverside Middle School, tests/ui/school.py) and Hillside Elementary, merged into one file,
each with its own teachers, visits, goals, a conversation, PD and a celebration. The PD
catalog and the rubric are the district's, shared by id.

Riverside (this term): 4 teachers, 3 visits, 2 active goals, 1 met, 1 overdue step, 3.5 PD
hours, 2 celebrations. Hillside: 2 teachers, 2 visits, 1 active goal, 1 overdue step, 3 PD
hours, 1 celebration.
"""

from __future__ import annotations

from db import records
from db._names import staff_sort_key
from tests.ui.school import build_small_school, day

HILLSIDE = "Hillside Elementary"
RIVERSIDE = "Riverside Middle School"


def build_district(db) -> dict[str, str]:
    """The ids tests refer to by name: the small school's, and eve, finn, hill_coach,
    goal_eve, riverside, hillside."""
    ids = build_small_school(db)
    with db.atomic():
        ids["riverside"] = db.execute("SELECT id FROM schools").fetchone()[0]
        ids["hillside"] = hillside = records.insert(db, "schools", {"name": HILLSIDE})
        for key, first, last, role in (("eve", "Eve", "Moreau", "teacher"),
                                       ("finn", "Finn", "Olsen", "teacher"),
                                       ("hill_coach", "Gia", "Hart", "coach")):
            ids[key] = records.insert(db, "staff", {
                "school_id": hillside, "first_name": first, "last_name": last, "role": role,
                "sort_key": staff_sort_key(first, last)})
        rubric = db.execute("SELECT id FROM rubrics").fetchone()[0]
        indicators = [row[0] for row in db.execute(
            "SELECT id FROM rubric_indicators ORDER BY code")]
        for key, offset, kind, scores, glow in (
                ("eve", -2, "walkthrough", [4, 4], "Calm, purposeful start"),
                ("finn", -30, "formal", [1, 2], "Clear routines")):
            obs = records.insert(db, "observations", {
                "staff_id": ids[key], "observer_id": ids["hill_coach"], "rubric_id": rubric,
                "kind": kind, "status": "complete", "observed_on": day(offset), "glow": glow})
            ids[f"obs_{key}"] = obs
            for indicator, score in zip(indicators, scores, strict=True):
                records.insert(db, "observation_scores", {
                    "observation_id": obs, "indicator_id": indicator, "score": score})
        ids["goal_eve"] = records.insert(db, "goals", {
            "staff_id": ids["eve"], "title": "Use mini whiteboards daily", "indicator_code": "A2",
            "status": "active", "cycle_stage": "learn", "due_on": day(40)})
        records.insert(db, "action_steps", {
            "goal_id": ids["goal_eve"], "description": "Order a class set of whiteboards",
            "due_on": day(-3), "status": "open", "position": 1})
        records.insert(db, "conversations", {
            "staff_id": ids["finn"], "leader_id": ids["hill_coach"], "kind": "check_in",
            "held_on": day(-6), "notes": "Talked through the new reading scheme."})
        workshop = db.execute("SELECT id FROM pd_offerings WHERE title LIKE 'Questioning%'"
                              ).fetchone()[0]
        records.insert(db, "enrollments", {
            "offering_id": workshop, "staff_id": ids["eve"], "status": "completed",
            "enrolled_on": day(-45), "completed_on": day(-40), "hours_credited": 3})
        cheer = records.insert(db, "celebrations", {
            "kind": "shout_out", "title": "Finn's reading corner", "celebrated_on": day(-4)})
        records.insert(db, "celebration_staff", {"celebration_id": cheer, "staff_id": ids["finn"]})
    return ids
