"""A saved PD-day plan made ready to print: each teacher's schedule and each room's sheet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from db import catalog, pd_plans, staff
from db.catalog import Session
from db.pd_plans import SavedPlan
from db.portfolio_queries import school_name


@dataclass(frozen=True)
class ScheduleItem:
    title: str
    facilitator: str
    sessions: list[Session]       # on the PD day when the plan has one, else all still to come
    why: str                      # which of the teacher's needs it serves
    hours: float


@dataclass(frozen=True)
class TeacherSchedule:
    staff_id: str
    name: str
    items: list[ScheduleItem]


@dataclass(frozen=True)
class RoomBooking:
    session: Session
    title: str
    facilitator: str
    people: list[str]


@dataclass(frozen=True)
class RoomSheet:
    room: str                     # "Online" or "No room given" for the rest
    bookings: list[RoomBooking]


@dataclass(frozen=True)
class PlanPrintout:
    plan: SavedPlan
    school: str
    schedules: list[TeacherSchedule]
    rooms: list[RoomSheet]
    generated_on: date


def _facilitator(db: Database, offering: catalog.Offering) -> str:
    if offering.facilitator_staff_id:
        member = staff.get(db, offering.facilitator_staff_id)
        if member is not None and member.full_name:
            return member.full_name
    return offering.facilitator_name


def gather_printout(db: Database, plan_id: str, *, today: date, upcoming_from=None) -> PlanPrintout:
    plan = pd_plans.get_plan(db, plan_id)
    if plan is None:
        raise KeyError(plan_id)
    offerings = {pick.offering_id: catalog.get_offering(db, pick.offering_id) for pick in plan.picks}
    sessions: dict[str, list[Session]] = {}
    for offering_id in offerings:
        found = catalog.list_sessions(db, offering_id)
        if plan.planned_for:
            on_the_day = [s for s in found if s.starts_at[:10] == plan.planned_for]
            found = on_the_day or found
        sessions[offering_id] = found
    facilitators = {key: _facilitator(db, o) for key, o in offerings.items() if o is not None}
    reasons = {(pick.offering_id, place.staff_id): place.reason for pick in plan.picks for place in pick.places}
    # Pages and sign-in lines in the staff list's order (last name, then first), as they are
    # handed out and signed.
    people = {member.staff_id: staff.get(db, member.staff_id) for member in plan.served}

    def by_last_name(staff_id: str, name: str) -> tuple[str, str]:
        person = people.get(staff_id)
        return ((person.sort_name if person else name).casefold(), name)

    schedules = []
    for member in sorted(plan.served, key=lambda m: by_last_name(m.staff_id, m.name)):
        items = []
        for offering_id in member.offering_ids:
            offering = offerings.get(offering_id)
            if offering is None:
                continue
            items.append(ScheduleItem(offering.title, facilitators.get(offering_id, ""),
                                      sessions.get(offering_id, []),
                                      reasons.get((offering_id, member.staff_id), ""), offering.hours))
        items.sort(key=lambda item: (item.sessions[0].starts_at if item.sessions else "9999", item.title))
        schedules.append(TeacherSchedule(member.staff_id, member.name, items))
    by_room: dict[str, list[RoomBooking]] = {}
    names_by_offering = {pick.offering_id: [p.name for p in sorted(
        pick.places, key=lambda p: by_last_name(p.staff_id, p.name))] for pick in plan.picks}
    for offering_id, offering in offerings.items():
        if offering is None:
            continue
        for session in sessions.get(offering_id, []):
            room = " ".join(session.location.split()) or "No room given"
            by_room.setdefault(room, []).append(RoomBooking(
                session, offering.title, facilitators.get(offering_id, ""), names_by_offering[offering_id]))
    rooms = [RoomSheet(room, sorted(bookings, key=lambda b: (b.session.starts_at, b.title)))
             for room, bookings in sorted(by_room.items(), key=lambda item: (
                 item[0] in ("Online", "No room given"), item[0].casefold()))]
    return PlanPrintout(plan, school_name(db, None), schedules, rooms, today)
