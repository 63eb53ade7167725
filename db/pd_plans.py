"""Saved PD-day plans: the day's offerings, who goes to which, and who is left unserved, and why.

A plan is what the planner proposed (``method`` exact or approximate, with its bound),
then whatever the leader changed by hand (``method`` becomes "edited": it is theirs now,
no longer the planner's proof). Turning a plan into enrollments enrolls each offering's
people in the plan's own seat order, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from db import clock, records
from db._names import full_name
from db.errors import NeedsCorrection

METHOD_WORDS = {
    "exact": "the best possible plan for these seats, sessions and rooms",
    "approximate": "a good approximation (a larger problem than can be searched completely)",
    "edited": "changed by hand since it was planned",
}
REMOVED_BY_HAND = "taken off the plan by hand"


class PlanError(NeedsCorrection):
    """A plan change that cannot be made; the message says why."""


@dataclass(frozen=True)
class PlanDraft:
    """A plan to save: ids only, in seat order; *members* says why each unserved one is."""

    title: str
    planned_for: str | None
    group_description: str
    offerings_wanted: int
    method: str
    bound: int | None
    picks: list[str]
    places: list[tuple[str, str, str]]            # (offering id, staff id, which needs it serves)
    members: list[tuple[str, str]]                # (staff id, why unserved, or "")
    notes: str = ""


@dataclass(frozen=True)
class PlanPlace:
    staff_id: str
    name: str
    reason: str


@dataclass(frozen=True)
class PlanPick:
    offering_id: str
    title: str
    places: list[PlanPlace]


@dataclass(frozen=True)
class PlanMember:
    staff_id: str
    name: str
    unserved_reason: str
    offering_ids: list[str]


@dataclass(frozen=True)
class SavedPlan:
    id: str
    title: str
    planned_for: str | None
    group_description: str
    offerings_wanted: int
    method: str
    bound: int | None
    notes: str
    enrolled_on: str | None
    picks: list[PlanPick]
    members: list[PlanMember] = field(default_factory=list)

    @property
    def served(self) -> list[PlanMember]:
        return [m for m in self.members if m.offering_ids]

    @property
    def unserved(self) -> list[PlanMember]:
        return [m for m in self.members if not m.offering_ids]

    @property
    def method_words(self) -> str:
        return METHOD_WORDS.get(self.method, self.method)


@dataclass(frozen=True)
class PlanSummary:
    id: str
    title: str
    planned_for: str | None
    group_size: int
    served: int
    picks: int
    method: str
    enrolled_on: str | None
    updated_at: str


def _check_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise PlanError("A plan needs a title (say, “PD day, 13 February”).", field="title")
    return title


def _check_day(day: str | None) -> str | None:
    if not day:
        return None
    try:
        return date.fromisoformat(day).isoformat()
    except ValueError:
        raise PlanError(f"The PD day “{day}” is not a date like 2026-02-13.", field="planned_for") from None


def save_plan(db: Database, draft: PlanDraft) -> str:
    """Keep *draft* as a new plan; returns its id."""
    title = _check_title(draft.title)
    if draft.method not in METHOD_WORDS:
        raise PlanError(f"A plan's method is one of: {', '.join(METHOD_WORDS)}.")
    with db.atomic():
        plan_id = records.insert(db, "pd_plans", {
            "title": title, "planned_for": _check_day(draft.planned_for),
            "group_description": draft.group_description.strip(),
            "offerings_wanted": max(1, min(int(draft.offerings_wanted), 20)),
            "method": draft.method, "bound": draft.bound, "notes": draft.notes.strip()})
        for position, offering_id in enumerate(dict.fromkeys(draft.picks)):
            records.insert(db, "pd_plan_offerings", {"plan_id": plan_id, "offering_id": offering_id,
                                                     "position": position})
        records.insert_many(db, "pd_plan_members", [
            {"plan_id": plan_id, "staff_id": staff_id, "unserved_reason": reason}
            for staff_id, reason in dict((s, r) for s, r in draft.members).items()])
        picked = set(draft.picks)
        members = {staff_id for staff_id, _ in draft.members}
        rows = []
        for offering_id, staff_id, reason in draft.places:
            if offering_id not in picked or staff_id not in members:
                raise PlanError("A place must be in one of the plan's offerings, for one of its group.")
            rows.append({"plan_id": plan_id, "offering_id": offering_id, "staff_id": staff_id,
                         "reason": reason})
        for row in rows:   # one at a time: the row order is the seat order
            records.insert(db, "pd_plan_places", row)
    return plan_id


def list_plans(db: Database) -> list[PlanSummary]:
    rows = db.execute(
        """SELECT p.id, p.title, p.planned_for,
                  (SELECT count(*) FROM pd_plan_members m WHERE m.plan_id = p.id),
                  (SELECT count(DISTINCT staff_id) FROM pd_plan_places s WHERE s.plan_id = p.id),
                  (SELECT count(*) FROM pd_plan_offerings o WHERE o.plan_id = p.id),
                  p.method, p.enrolled_on, p.updated_at
           FROM pd_plans p ORDER BY coalesce(p.planned_for, '9999') DESC, p.updated_at DESC""").fetchall()
    return [PlanSummary(*row) for row in rows]


def get_plan(db: Database, plan_id: str) -> SavedPlan | None:
    row = records.get(db, "pd_plans", plan_id)
    if row is None:
        return None
    picks = db.execute(
        "SELECT o.offering_id, p.title FROM pd_plan_offerings o JOIN pd_offerings p ON p.id = o.offering_id "
        "WHERE o.plan_id = ? ORDER BY o.position, p.title", [plan_id]).fetchall()
    places: dict[str, list[PlanPlace]] = {offering_id: [] for offering_id, _ in picks}
    by_member: dict[str, list[str]] = {}
    for offering_id, staff_id, name, reason in db.execute(
            f"SELECT s.offering_id, s.staff_id, {full_name('t')}, s.reason FROM pd_plan_places s "
            "JOIN staff t ON t.id = s.staff_id WHERE s.plan_id = ? ORDER BY s.rowid", [plan_id]):
        places.setdefault(offering_id, []).append(PlanPlace(staff_id, name, reason))
        by_member.setdefault(staff_id, []).append(offering_id)
    order = {offering_id: position for position, (offering_id, _) in enumerate(picks)}
    members = [PlanMember(staff_id, name, reason if not by_member.get(staff_id) else "",
                          sorted(by_member.get(staff_id, []), key=order.get))
               for staff_id, name, reason in db.execute(
                   f"SELECT m.staff_id, {full_name('t')}, m.unserved_reason FROM pd_plan_members m "
                   "JOIN staff t ON t.id = m.staff_id WHERE m.plan_id = ? "
                   "ORDER BY t.sort_key, t.last_name, t.first_name", [plan_id])]
    return SavedPlan(row["id"], row["title"], row["planned_for"], row["group_description"],
                     row["offerings_wanted"], row["method"], row["bound"], row["notes"],
                     row["enrolled_on"], [PlanPick(o, t, places.get(o, [])) for o, t in picks], members)


def _plan(db: Database, plan_id: str) -> SavedPlan:
    plan = get_plan(db, plan_id)
    if plan is None:
        raise PlanError("That plan is no longer there.")
    return plan


def update_plan(db: Database, plan_id: str, *, title: str | None = None, planned_for: str | None = "",
                notes: str | None = None) -> None:
    """Rename it, date it (None clears the day; "" leaves it), or change its notes."""
    _plan(db, plan_id)
    changes: dict = {}
    if title is not None:
        changes["title"] = _check_title(title)
    if planned_for != "":
        changes["planned_for"] = _check_day(planned_for)
    if notes is not None:
        changes["notes"] = notes.strip()
    records.update(db, "pd_plans", plan_id, changes)


def _edited(db: Database, plan_id: str) -> None:
    records.update(db, "pd_plans", plan_id, {"method": "edited"})


def set_place(db: Database, plan_id: str, staff_id: str, offering_id: str, wanted: bool,
              *, reason: str = "") -> None:
    """Give a member a place in one of the plan's offerings (*wanted*), or take it away."""
    plan = _plan(db, plan_id)
    if offering_id not in {pick.offering_id for pick in plan.picks}:
        raise PlanError("That offering is not on this plan; add it to the day first.")
    member = next((m for m in plan.members if m.staff_id == staff_id), None)
    with db.atomic():
        if member is None:
            records.insert(db, "pd_plan_members", {"plan_id": plan_id, "staff_id": staff_id})
        existing = db.execute("SELECT id FROM pd_plan_places WHERE plan_id = ? AND offering_id = ? "
                              "AND staff_id = ?", [plan_id, offering_id, staff_id]).fetchone()
        if wanted and not existing:
            records.insert(db, "pd_plan_places", {"plan_id": plan_id, "offering_id": offering_id,
                                                  "staff_id": staff_id, "reason": reason})
        elif not wanted and existing:
            db.execute("DELETE FROM pd_plan_places WHERE id = ?", [existing[0]])
            left = db.execute("SELECT count(*) FROM pd_plan_places WHERE plan_id = ? AND staff_id = ?",
                              [plan_id, staff_id]).fetchone()[0]
            if not left:
                db.execute("UPDATE pd_plan_members SET unserved_reason = ?, updated_at = ? "
                           "WHERE plan_id = ? AND staff_id = ?",
                           [REMOVED_BY_HAND, records.utc_now(), plan_id, staff_id])
        else:
            return
        _edited(db, plan_id)


def move_place(db: Database, plan_id: str, staff_id: str, from_offering: str, to_offering: str) -> None:
    with db.atomic():
        set_place(db, plan_id, staff_id, to_offering, True)
        set_place(db, plan_id, staff_id, from_offering, False)


def add_pick(db: Database, plan_id: str, offering_id: str) -> None:
    plan = _plan(db, plan_id)
    if offering_id in {pick.offering_id for pick in plan.picks}:
        return
    with db.atomic():
        records.insert(db, "pd_plan_offerings", {"plan_id": plan_id, "offering_id": offering_id,
                                                 "position": len(plan.picks)})
        _edited(db, plan_id)


def remove_pick(db: Database, plan_id: str, offering_id: str) -> None:
    """Take an offering off the day; its people keep their other places, or become unserved."""
    plan = _plan(db, plan_id)
    pick = next((p for p in plan.picks if p.offering_id == offering_id), None)
    if pick is None:
        return
    with db.atomic():
        for place in pick.places:
            set_place(db, plan_id, place.staff_id, offering_id, False)
        db.execute("DELETE FROM pd_plan_offerings WHERE plan_id = ? AND offering_id = ?",
                   [plan_id, offering_id])
        _edited(db, plan_id)


def delete_plan(db: Database, plan_id: str) -> None:
    """The plan goes; enrollments made from it stay (they are the teachers' own records)."""
    db.execute("DELETE FROM pd_plans WHERE id = ?", [plan_id])


def enroll_plan(db: Database, plan_id: str, *, on: str | None = None) -> list:
    """Enroll every place of the plan, offering by offering, in the plan's seat order."""
    from db import pd

    plan = _plan(db, plan_id)
    on = on or clock.today().isoformat()
    results = []
    with db.atomic():
        for pick in plan.picks:
            if pick.places:
                results.append(pd.enroll_group(db, pick.offering_id,
                                               [place.staff_id for place in pick.places],
                                               on=on, ordered=True))
        records.update(db, "pd_plans", plan_id, {"enrolled_on": on})
    return results
