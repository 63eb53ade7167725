"""A PD-day plan printed: one page per teacher, one sheet per room with sign-in lines."""

from __future__ import annotations

import re

from pypdf import PdfReader

from db import catalog, pd_plans, staff
from db.catalog import Session
from db.pd_plans import PlanDraft
from desktop.core.pd_day import gather_printout
from desktop.reports.pd_day_pdf import write_room_sheets, write_schedules
from tests.reports.test_transcript import TODAY


def pages(path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(str(path)).pages]


def _plan(db):
    people = {name: staff.add(db, first_name=name, last_name="Okafor") for name in ("Ama", "Ben", "Chidi")}
    morning = catalog.add_offering(
        db, {"title": "Questioning that stretches", "format": "workshop", "hours": 1.5,
             "facilitator_name": "Dana Whitlock"},
        sessions=[Session("2026-02-13T09:00", "2026-02-13T10:30", "Library"),
                  Session("2026-03-13T09:00", "2026-03-13T10:30", "Library")])
    afternoon = catalog.add_offering(
        db, {"title": "Feedback in ten minutes", "format": "workshop", "hours": 1},
        sessions=[Session("2026-02-13T13:00", "2026-02-13T14:00", "Hall")])
    online = catalog.add_offering(db, {"title": "Designing for every learner", "format": "online_course",
                                       "hours": 8})
    return pd_plans.save_plan(db, PlanDraft(
        title="PD day, 13 February", planned_for="2026-02-13", group_description="Whole school",
        offerings_wanted=3, method="exact", bound=3, picks=[morning, afternoon, online],
        places=[(morning, people["Ama"], "Questioning"), (afternoon, people["Ama"], "Feedback"),
                (morning, people["Ben"], "Questioning"), (online, people["Chidi"], "Differentiation")],
        members=[(p, "") for p in people.values()]))


def test_each_teacher_gets_a_page_with_when_where_what_and_why(memory_db, tmp_path):
    plan_id = _plan(memory_db)
    text = pages(write_schedules(tmp_path / "s.pdf", gather_printout(memory_db, plan_id, today=TODAY)))
    assert len(text) == 3
    ama = next(page for page in text if "Your PD day — Ama Okafor" in page)
    assert "Fri 13 Feb 2026, 09:00–10:30" in ama and "13:00–14:00" in ama
    assert ama.index("Questioning that stretches") < ama.index("Feedback in ten minutes")   # in time order
    assert "with Dana Whitlock (1.5 hours)" in ama and "It works on Questioning." in ama
    assert "13 Mar" not in ama                  # the PD day's sessions only
    chidi = next(page for page in text if "Chidi" in page)
    assert "At your own pace" in chidi and "8 hours" in chidi


def test_each_room_gets_a_sheet_with_sign_in_lines(memory_db, tmp_path):
    plan_id = _plan(memory_db)
    text = pages(write_room_sheets(tmp_path / "r.pdf", gather_printout(memory_db, plan_id, today=TODAY)))
    assert [page.split("Room sheet — ")[1].split(" ")[0] for page in text] == ["Hall", "Library"]
    library = text[1]
    assert "Fri 13 Feb 2026, 09:00–10:30: Questioning that stretches" in library
    assert "Led by Dana Whitlock. 2 people expected." in library
    assert "1 Ama Okafor" in library and "2 Ben Okafor" in library and "Signature" in library


def test_pages_and_sign_in_lines_go_by_last_name(memory_db, tmp_path):
    people = {key: staff.add(memory_db, first_name=first, last_name=last)
              for key, first, last in (("zed", "Aaron", "Zeller"), ("amy", "Zoë", "Abbott"))}
    talk = catalog.add_offering(memory_db, {"title": "Talk moves", "format": "workshop", "hours": 1},
                                sessions=[Session("2026-02-13T09:00", "2026-02-13T10:00", "Library")])
    plan_id = pd_plans.save_plan(memory_db, PlanDraft(
        title="PD day", planned_for="2026-02-13", group_description="Whole school", offerings_wanted=1,
        method="exact", bound=2, picks=[talk],
        places=[(talk, people["zed"], "Talk"), (talk, people["amy"], "Talk")],
        members=[(people["zed"], ""), (people["amy"], "")]))
    printout = gather_printout(memory_db, plan_id, today=TODAY)
    assert [s.name for s in printout.schedules] == ["Zoë Abbott", "Aaron Zeller"]
    assert printout.rooms[0].bookings[0].people == ["Zoë Abbott", "Aaron Zeller"]
