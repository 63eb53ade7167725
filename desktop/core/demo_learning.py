"""The demo school's PD: teacher-led offerings, session dates, enrollments, and celebrations."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from db.catalog import Offering
from desktop.core import demo_words as words
from desktop.core.demo_story import DemoContext, TeacherStory
from desktop.core.wording import hours_text

ENROLLMENT_STATUSES = ("completed", "enrolled", "waitlisted", "interested", "withdrawn")
CELEBRATION_KINDS = ("milestone", "innovative_practice", "goal_achieved", "pd_completed",
                     "led_session", "shout_out")
TEACHER_LED_FORMATS = ("workshop", "plc", "book_study", "peer_coaching")
PD_HOURS_MILESTONE = 15

# How each format meets: number of sessions, first start time, minutes per session.
SCHEDULES = {
    "workshop": (2, (15, 30), None), "webinar": (2, (16, 0), None), "conference": (1, (8, 30), None),
    "plc": (6, (15, 45), 60), "book_study": (4, (15, 45), 75), "mentoring": (8, (15, 30), 45),
    "wellbeing": (6, (7, 30), 20),
}
LOCATIONS = ("Library", "Staff room", "Room 104", "Science lab", "Hall", "Room 12")


def teacher_led_offerings(ctx: DemoContext, teachers: list[TeacherStory]) -> list[dict]:
    """A few experienced teachers share a strength with colleagues."""
    rng = ctx.rng
    candidates = [t for t in teachers if t.leadership_strengths and t.years_experience >= 5
                  and t.last_day == ctx.last_day]
    if not candidates:  # a tiny school still shows one teacher-led session
        candidates = sorted(teachers, key=lambda t: (-t.years_experience, t.index))[:1]
    count = min(len(candidates), max(1, len(teachers) // 12))
    entries = []
    for leader in rng.sample(candidates, count):
        code = leader.strongest()
        name = ctx.indicator(code).name
        entries.append({
            "title": f"{name}: ideas from {leader.full_name}'s classroom",
            "description": f"{leader.full_name} shares what works for {name.lower()} in "
                           f"{leader.subjects.split(', ')[0].lower()}, with time to plan your own version.",
            "format": rng.choice(TEACHER_LED_FORMATS), "indicators": [code],
            "hours": rng.choice((1, 1.5, 2, 3)), "length": rng.choice(("one afternoon", "2 sessions")),
            "capacity": rng.choice((8, 12, 15, 20)), "facilitator": "",
            "facilitator_staff_id": leader.id, "cost": 0, "follow_up": rng.random() < 0.5,
        })
    return entries


def schedule_sessions(ctx: DemoContext, offering: Offering) -> None:
    rng, cal = ctx.rng, ctx.calendar
    plan = SCHEDULES.get(offering.format)
    if offering.facilitator_staff_id:
        plan = (rng.randint(1, 2), (15, 30), None)
    if plan is None:  # self-paced or arranged between colleagues
        ctx.sessions[offering.id] = []
        ctx.session_ids[offering.id] = []
        return
    count, (hour, minute), per_session = plan
    minutes = per_session or max(30, int(offering.hours * 60 / count))
    earliest = ctx.first_day + timedelta(days=rng.randint(20, 60))
    latest = ctx.last_day - timedelta(days=rng.randint(10, 40))
    if count == 1:
        days = [cal.pick(rng, earliest, latest)]
    else:
        days = cal.spread(rng, count, earliest, latest)
    online = offering.format == "webinar"
    sessions, ids = [], []
    for day in days:
        starts = datetime(day.year, day.month, day.day, hour, minute)
        ends = starts + timedelta(minutes=minutes)
        ids.append(ctx.seeder.add("pd_sessions", {
            "offering_id": offering.id, "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": ends.strftime("%Y-%m-%dT%H:%M"),
            "location": "Online" if online else rng.choice(LOCATIONS),
            "link": f"https://meet.example.org/cultivate-{offering.id[:8]}" if online else "",
        }, ctx.first_day))
        sessions.append((starts, ends))
    ctx.sessions[offering.id] = sessions
    ctx.session_ids[offering.id] = ids


def _choose_offerings(ctx: DemoContext, teacher: TeacherStory, count: int) -> list[Offering]:
    goal_codes = {goal.code for goal in teacher.goals}
    weights = []
    for offering in ctx.offerings:
        weight = 1.0
        if goal_codes & set(offering.indicator_codes):
            weight *= 4
        if offering.format in teacher.preferred_formats:
            weight *= 3
        if offering.facilitator_staff_id == teacher.id:
            weight = 0  # nobody enrolls in their own session
        weights.append(weight)
    chosen: list[Offering] = []
    pool = list(zip(ctx.offerings, weights, strict=True))
    while len(chosen) < count and any(weight for _, weight in pool):
        offering = ctx.rng.choices([o for o, _ in pool], weights=[w for _, w in pool])[0]
        chosen.append(offering)
        pool = [(o, w) for o, w in pool if o.id != offering.id]
    return chosen


def enrollments(ctx: DemoContext, teacher: TeacherStory) -> list[tuple[Offering, date]]:
    """The teacher's PD choices; returns the completed ones with their completion dates."""
    rng, cal = ctx.rng, ctx.calendar
    completed = []
    for offering in _choose_offerings(ctx, teacher, rng.randint(2, 5)):
        sessions = ctx.sessions.get(offering.id, [])
        if sessions:
            first, last = sessions[0][0].date(), sessions[-1][1].date()
            enrolled_on = cal.clamp(first - timedelta(days=rng.randint(3, 25)))
        else:
            enrolled_on = cal.pick(rng, ctx.first_day + timedelta(days=10),
                                   ctx.last_day - timedelta(days=40))
            first = enrolled_on
            last = enrolled_on + timedelta(days=rng.randint(7, 45))
        status = ctx.covered("enrollment_status", ENROLLMENT_STATUSES) or rng.choices(
            ENROLLMENT_STATUSES, weights=(55, 12, 6, 15, 8))[0]
        if last > teacher.last_day and status == "completed":
            status = "withdrawn"
        if enrolled_on > teacher.last_day:
            continue
        if status in ("completed", "enrolled") and offering.capacity is not None:
            if ctx.taken_places.get(offering.id, 0) >= offering.capacity:
                status = "waitlisted"
            else:
                ctx.taken_places[offering.id] = ctx.taken_places.get(offering.id, 0) + 1
        completed_on = cal.clamp(last + timedelta(days=rng.randint(0, 5))) \
            if status == "completed" else None
        reflects = status == "completed" and rng.random() < 0.8
        enrollment_id = ctx.seeder.new_id()
        credited, marks = offering.hours, {}
        if status in ("completed", "enrolled") and sessions:
            credited, marks = attendance_and_hours(ctx, offering, teacher, status)
        ctx.seeder.add("enrollments", {"id": enrollment_id,
            "offering_id": offering.id, "staff_id": teacher.id, "status": status,
            "enrolled_on": None if status == "interested" else enrolled_on.isoformat(),
            "completed_on": completed_on.isoformat() if completed_on else None,
            "hours_credited": credited if status == "completed" else 0,
            "reflection_learned": rng.choice(words.REFLECTION_LEARNED) if reflects else "",
            "reflection_use": rng.choice(words.REFLECTION_USE) if reflects else "",
            "rating": rng.choices((2, 3, 4, 5), weights=(1, 3, 6, 5))[0] if reflects else None,
        }, completed_on or enrolled_on)
        # After the enrollment: a flush between them would write its attendance first.
        for session_id, mark in marks.items():
            ctx.seeder.add("pd_attendance", {"enrollment_id": enrollment_id, "session_id": session_id,
                                             "status": mark}, ctx.first_day)
        if completed_on:
            teacher.pd_hours += credited
            completed.append((offering, completed_on))
            if reflects:
                evaluation(ctx, offering, teacher, completed_on)
    return completed


ROOM_SEATS = {"Library": 30, "Staff room": 20, "Room 104": 28, "Science lab": 24, "Hall": 200,
              "Room 12": 30}


def rooms(ctx: DemoContext) -> None:
    for name, seats in ROOM_SEATS.items():
        ctx.seeder.add("pd_rooms", {"name": name, "seats": seats}, ctx.first_day)


def _side_rng(*parts: str) -> random.Random:
    # Its own generator: attendance and evaluations never shift the rest of the demo's story.
    return random.Random(":".join(parts))


def attendance_and_hours(ctx: DemoContext, offering: Offering, teacher: TeacherStory,
                         status: str) -> tuple[float, dict[str, str]]:
    """Attendance at each session already held (session id -> mark) and the hours it
    credits (db.attendance's rule); the caller writes the marks after the enrollment."""
    from db.attendance import hours_from_attendance
    from db.catalog import Session

    rng = _side_rng(offering.id, teacher.id)
    today = ctx.seeder.today
    marks, sessions = {}, []
    held = zip(ctx.session_ids.get(offering.id, []), ctx.sessions[offering.id], strict=False)
    for session_id, (starts, ends) in held:
        sessions.append(Session(starts.strftime("%Y-%m-%dT%H:%M"), ends.strftime("%Y-%m-%dT%H:%M"),
                                id=session_id))
        if today is not None and starts.date().isoformat() > today:
            continue
        mark = rng.choices(("present", "absent", "excused"), weights=(88, 6, 6))[0]
        marks[session_id] = mark
    if status == "completed" and marks and "present" not in marks.values():
        marks[next(iter(marks))] = "present"
    return hours_from_attendance(offering.hours, sessions, marks), marks


def evaluation(ctx: DemoContext, offering: Offering, teacher: TeacherStory, completed_on: date) -> None:
    rng = _side_rng("evaluation", offering.id, teacher.id)
    reaction = rng.choices((2, 3, 4, 5), weights=(1, 3, 6, 5))[0]
    ctx.seeder.add("pd_evaluations", {
        "offering_id": offering.id, "staff_id": None if rng.random() < 0.2 else teacher.id,
        "submitted_on": completed_on.isoformat(), "reaction": reaction,
        "learning": max(1, min(5, reaction + rng.choice((-1, 0, 0, 1)))),
        "support": rng.choices((1, 2, 3, 4, 5), weights=(1, 3, 5, 4, 2))[0],
        "comment": rng.choice(words.EVALUATION_COMMENTS) if rng.random() < 0.4 else "",
        "source": "typed"}, completed_on)


def celebrate(ctx: DemoContext, kind: str, title: str, story: str, day: date,
              staff_ids: list[str]) -> None:
    forced_private = ctx.covered("celebration_private", ("private",))
    celebration_id = ctx.seeder.add("celebrations", {
        "kind": kind, "title": title, "story": story, "celebrated_on": day.isoformat(),
        "is_public": 0 if forced_private or ctx.rng.random() < 0.15 else 1,
    }, day)
    for staff_id in dict.fromkeys(staff_ids):
        ctx.seeder.add("celebration_staff", {"celebration_id": celebration_id,
                                             "staff_id": staff_id}, day)


def teacher_celebrations(ctx: DemoContext, teacher: TeacherStory,
                         completed: list[tuple[Offering, date]]) -> None:
    rng, name = ctx.rng, teacher.full_name
    titles = words.CELEBRATION_TITLES
    for goal in teacher.goals:
        if goal.status == "met" and goal.met_on:
            day = min(ctx.calendar.clamp(goal.met_on + timedelta(days=rng.randint(0, 7))),
                      teacher.last_day)
            celebrate(ctx, "goal_achieved", titles["goal_achieved"].format(name=name, detail=goal.title),
                      f"Met on {goal.met_on:%d %B %Y} after a year of steady work on "
                      f"{ctx.indicator(goal.code).name.lower()}.", day, [teacher.id])
    for offering, day in completed:
        if rng.random() < 0.15 or ctx.covered("pd_completed", ("first",)):
            celebrate(ctx, "pd_completed", titles["pd_completed"].format(name=name, detail=offering.title),
                      f"{hours_text(offering.hours)} of professional learning.", day, [teacher.id])
    if teacher.pd_hours >= PD_HOURS_MILESTONE:
        celebrate(ctx, "milestone", titles["milestone"].format(
            name=name, detail=f"{hours_text(teacher.pd_hours)} of PD this year"),
            "A real commitment to professional growth.", completed[-1][1], [teacher.id])
    if teacher.years_experience % 5 == 0 and teacher.years_experience or teacher.index == 0:
        years = teacher.years_experience
        detail = (f"{years} year{'s' if years != 1 else ''} in teaching" if years
                  else "a first term in teaching")
        celebrate(ctx, "milestone", titles["milestone"].format(name=name, detail=detail),
            "Thank you for every one of them.",
            ctx.calendar.pick(rng, ctx.first_day, ctx.first_day + timedelta(days=30)), [teacher.id])
    if rng.random() < 0.06 or ctx.covered("innovative_practice", ("first",)):
        idea = rng.choice(words.INNOVATIONS)
        celebrate(ctx, "innovative_practice",
                  titles["innovative_practice"].format(name=name, detail=idea),
                  f"Other teachers have asked to visit and see {idea} in action.",
                  ctx.calendar.pick(rng, ctx.first_day + timedelta(days=30), teacher.last_day),
                  [teacher.id])


def school_celebrations(ctx: DemoContext, teachers: list[TeacherStory],
                        teacher_led: list[Offering]) -> None:
    rng = ctx.rng
    by_id = {teacher.id: teacher for teacher in teachers}
    for offering in teacher_led:
        leader = by_id[offering.facilitator_staff_id]
        first_session = ctx.sessions[offering.id][0][0]  # teacher-led offerings always meet
        celebrate(ctx, "led_session",
                  words.CELEBRATION_TITLES["led_session"].format(name=leader.full_name,
                                                                 detail=f"“{offering.title}”"),
                  "Thank you for sharing your practice with colleagues.",
                  first_session.date(), [leader.id])
    current = [teacher for teacher in teachers if teacher.last_day == ctx.last_day]
    for _ in range(max(1, len(teachers) // 8)):
        team = rng.sample(current, min(len(current), rng.randint(2, 5)))
        reason = rng.choice(words.SHOUT_OUTS)
        celebrate(ctx, "shout_out", words.CELEBRATION_TITLES["shout_out"].format(detail=reason),
                  "Thank you from all of us: " + ", ".join(t.full_name for t in team) + ".",
                  ctx.calendar.pick(rng, ctx.first_day + timedelta(days=20), ctx.last_day),
                  [teacher.id for teacher in team])
