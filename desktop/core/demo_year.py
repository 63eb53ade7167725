"""One teacher's school year in the demo: self-assessment, goals, visits, conversations, wellbeing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from desktop.core import demo_words as words
from desktop.core.demo_story import DemoContext, GoalRef, TeacherStory
from desktop.core.demo_writer import stamp

GOAL_STATUSES = ("met", "partly_met", "active", "not_met", "draft", "dropped")
LEVEL_WORDS = {1: "Beginning", 2: "Developing", 3: "Proficient", 4: "Exemplary"}


def build_teacher_year(ctx: DemoContext, teacher: TeacherStory, templates: dict[str, dict]) -> None:
    goal_talk_on = ctx.calendar.pick(ctx.rng, ctx.first_day + timedelta(days=24),
                                     ctx.first_day + timedelta(days=55))
    self_assessment(ctx, teacher, ctx.calendar.pick(
        ctx.rng, ctx.first_day + timedelta(days=7), goal_talk_on - timedelta(days=3)))
    goals(ctx, teacher, goal_talk_on, templates)
    formal_ids = observations(ctx, teacher)
    conversations(ctx, teacher, goal_talk_on, formal_ids)
    if ctx.rng.random() < 0.35 or teacher.index == 0:
        spring = ctx.calendar.pick(ctx.rng, date(ctx.last_day.year, 4, 15),
                                   date(ctx.last_day.year, 5, 29))
        if spring <= teacher.last_day:
            self_assessment(ctx, teacher, spring)
    wellbeing(ctx, teacher)


# --- self-assessment ----------------------------------------------------------------------

SUPPORT_WANTED = (
    "Time to watch a colleague teach.", "Feedback on my questioning.",
    "Help planning for students with additional needs.", "Shorter PD I can fit around my timetable.",
    "A mentor in my subject.", "Ideas for classroom routines.", "",
)


def self_assessment(ctx: DemoContext, teacher: TeacherStory, day: date) -> None:
    rng, seeder = ctx.rng, ctx.seeder
    leads = bool(teacher.leadership_strengths) and rng.random() < 0.6
    assessment_id = seeder.add("self_assessments", {
        "staff_id": teacher.id, "rubric_id": ctx.rubric_id, "taken_on": day.isoformat(),
        "career_goals": teacher.career_goals,
        "preferred_formats": ",".join(teacher.preferred_formats),
        "interests": teacher.interests, "support_wanted": rng.choice(SUPPORT_WANTED),
        "would_lead": 1 if leads else 0,
        "would_mentor": 1 if teacher.years_experience >= 8 and rng.random() < 0.5 else 0,
        "source": "imported" if rng.random() < 0.4 else "typed",
    }, day)
    for indicator in ctx.indicators:
        # Teachers rate themselves a little more generously, and less consistently, than observers.
        rating = max(1, min(4, round(ctx.level_at(teacher, indicator.code, day)
                                     + rng.gauss(0.3, 0.6))))
        seeder.add("self_assessment_ratings", {
            "self_assessment_id": assessment_id, "indicator_id": indicator.id, "rating": rating,
        }, day)


# --- goals --------------------------------------------------------------------------------

def _goal_status(ctx: DemoContext, teacher: TeacherStory, is_main: bool) -> str:
    forced = ctx.covered("goal_status", GOAL_STATUSES)
    if forced:
        return forced
    rng = ctx.rng
    if is_main and teacher.is_improver:
        return rng.choices(("met", "partly_met", "active"), weights=(60, 25, 15))[0]
    if is_main:
        return rng.choices(("not_met", "partly_met", "active", "dropped"), weights=(35, 30, 25, 10))[0]
    return rng.choices(GOAL_STATUSES, weights=(25, 20, 25, 10, 12, 8))[0]


def _smart_fields(ctx: DemoContext, teacher: TeacherStory, code: str, due: date,
                  templates: dict[str, dict]) -> dict:
    indicator = ctx.indicator(code)
    start_level = max(1, min(4, round(teacher.levels[code])))
    target_level = min(4, start_level + 1)
    template = templates.get(code)
    if template and ctx.rng.random() < 0.7:
        title, description, measure = template["title"], template["description"], template["measure"]
    else:
        title = f"Grow in {indicator.name.lower()}"
        description = (f"By {due:%B %Y}, move from {LEVEL_WORDS[start_level]} to "
                       f"{LEVEL_WORDS[target_level]} on {code} {indicator.name}.")
        measure = f"Walkthrough and observation scores on {code}, with the evidence notes."
    return {
        "title": title, "description": description, "measure": measure,
        "baseline": f"Autumn visits: mostly {LEVEL_WORDS[start_level]} ({start_level}) on {code}.",
        "target": f"{LEVEL_WORDS[target_level]} ({target_level}) or higher in most spring visits.",
        "relevance": (f"Chosen from the self-assessment and early visits; supports the career goal "
                      f"“{teacher.career_goals}”." if teacher.career_goals
                      else "Chosen together from the self-assessment and early visits."),
    }


def goals(ctx: DemoContext, teacher: TeacherStory, start: date, templates: dict[str, dict]) -> None:
    rng, cal = ctx.rng, ctx.calendar
    weakest = sorted(ctx.codes, key=lambda code: (teacher.levels[code], code))
    extra_codes = [code for code in weakest[:5] if code != teacher.focus]
    count = rng.choices((1, 2, 3), weights=(35, 45, 20))[0]
    codes = [teacher.focus] + rng.sample(extra_codes, min(count - 1, len(extra_codes)))
    for position, code in enumerate(codes):
        status = _goal_status(ctx, teacher, is_main=position == 0)
        due = cal.pick(rng, date(ctx.last_day.year, 3, 1), ctx.last_day - timedelta(days=5))
        met_on = (cal.pick(rng, date(ctx.last_day.year, 1, 20), due)
                  if status == "met" else None)
        if met_on and met_on > teacher.last_day:
            met_on = cal.pick(rng, start + timedelta(days=30), teacher.last_day)
        stage = {
            "met": "improve", "draft": "identify",
            "partly_met": rng.choice(("learn", "improve")), "not_met": rng.choice(("learn", "improve")),
            "active": rng.choice(("identify", "learn", "learn", "improve")),
            "dropped": rng.choice(("identify", "learn")),
        }[status]
        smart = _smart_fields(ctx, teacher, code, due, templates)
        goal_id = ctx.seeder.add("goals", {
            "staff_id": teacher.id, **smart,
            "indicator_code": code, "start_on": start.isoformat(), "due_on": due.isoformat(),
            "status": status, "cycle_stage": stage,
            "met_on": met_on.isoformat() if met_on else None,
        }, start)
        goal = GoalRef(goal_id, code, smart["title"], status, start, met_on)
        teacher.goals.append(goal)
        action_steps(ctx, teacher, goal, due)
        if status != "draft":
            check_ins(ctx, teacher, goal, due)


def _step_texts(ctx: DemoContext, code: str) -> list[str]:
    name = ctx.indicator(code).name.lower()
    return [
        words.GROW.get(code, words.GENERIC_GROW),
        f"Invite the coach for a short walkthrough focused on {name}.",
        f"Visit a colleague's lesson to see {name} in action.",
        f"Bring student work that shows {name} to the team meeting.",
        f"Film one lesson and review it against the {code} descriptors.",
    ]


def action_steps(ctx: DemoContext, teacher: TeacherStory, goal: GoalRef, due: date) -> None:
    rng, cal = ctx.rng, ctx.calendar
    texts = _step_texts(ctx, goal.code)
    count = rng.randint(2, 4)
    chosen = [texts[0]] + rng.sample(texts[1:], count - 1)
    dates = cal.spread(rng, count, goal.start_on + timedelta(days=21), due)
    for position, (text, step_due) in enumerate(zip(chosen, dates, strict=False)):
        finished = goal.status == "met" or (
            goal.status not in ("draft", "dropped") and rng.random() < 0.65)
        if finished and step_due <= teacher.last_day:
            done_on = cal.clamp(min(step_due + timedelta(days=rng.randint(-10, 6)), teacher.last_day))
            done_on = max(done_on, goal.start_on)
            status = "mastered" if rng.random() < 0.35 else "done"
        else:
            # Left open: those due before the year's end are overdue by then.
            done_on, status = None, "open"
        ctx.seeder.add("action_steps", {
            "goal_id": goal.id, "description": text, "due_on": step_due.isoformat(),
            "status": status, "done_on": done_on.isoformat() if done_on else None,
            "position": position,
        }, goal.start_on)


def check_ins(ctx: DemoContext, teacher: TeacherStory, goal: GoalRef, due: date) -> None:
    rng = ctx.rng
    final = {"met": 100, "partly_met": rng.randint(55, 85), "not_met": rng.randint(15, 40),
             "active": rng.randint(30, 75), "dropped": rng.randint(5, 30)}[goal.status]
    end = min(goal.met_on or due, teacher.last_day)
    if end <= goal.start_on + timedelta(days=30):
        return
    count = 1 if goal.status == "dropped" else rng.randint(1, 4)
    days = ctx.calendar.spread(rng, count, goal.start_on + timedelta(days=30), end)
    for number, day in enumerate(days, start=1):
        progress = round(final * number / count / 5) * 5
        ctx.seeder.add("goal_check_ins", {
            "goal_id": goal.id, "checked_on": day.isoformat(), "progress": progress,
            "evidence": rng.choice(words.CHECK_IN_EVIDENCE),
            "notes": "" if rng.random() < 0.4 else
            f"{progress}% of the way. Next: {words.GROW.get(goal.code, words.GENERIC_GROW).lower()}",
        }, day)


# --- observations -------------------------------------------------------------------------

def _class_context(ctx: DemoContext, teacher: TeacherStory) -> str:
    subject = teacher.subjects.split(", ")[0]
    grade = teacher.grades.split(", ")[0]
    where = f"room {teacher.index % 48 + 1}"  # a teacher keeps their room all year
    if grade in ("K", "1", "2", "3", "4", "5"):
        return f"Grade {grade}, {subject.lower()} block, {where}"
    return f"{subject}, grade {grade}, period {ctx.rng.randint(1, 7)}, {where}"


def _evidence_text(ctx: DemoContext, code: str | None, score: int | None, used: set[str]) -> str:
    if code is None or code not in words.EVIDENCE:
        options = words.GENERIC_EVIDENCE
    else:
        strong, growing = words.EVIDENCE[code]
        options = strong if (score or 2) >= 3 else growing
    fresh = [text for text in options if text not in used] or list(words.GENERIC_EVIDENCE)
    text = ctx.rng.choice(fresh)
    used.add(text)
    return text


def _visit(ctx: DemoContext, teacher: TeacherStory, day: date, kind: str) -> tuple[str, str]:
    """One observation with its scores and time-stamped evidence; returns (its id, observer id)."""
    rng, seeder = ctx.rng, ctx.seeder
    observer = ctx.pick_leader()
    minutes = rng.randint(5, 15) if kind == "walkthrough" else rng.randint(40, 55)
    started = datetime(day.year, day.month, day.day, 8, 10) + timedelta(
        minutes=rng.randrange(0, 6 * 60 - minutes))
    finished = started + timedelta(minutes=minutes, seconds=rng.randint(0, 59))

    if kind == "walkthrough":
        others = [code for code in ctx.codes if code != teacher.focus]
        codes = rng.sample(others, rng.randint(1, 3))
        if rng.random() < 0.75:
            codes.insert(0, teacher.focus)
        scored = {code: (None if rng.random() < 0.08 else ctx.score(teacher, code, day))
                  for code in codes}
    else:
        scored = {code: (None if rng.random() < 0.03 else ctx.score(teacher, code, day, 0.35))
                  for code in ctx.codes}
    seen = {code: score for code, score in scored.items() if score is not None}
    # Praise only what was strong; the next step is the goal, or what was weakest today.
    strong = [code for code, score in seen.items() if score >= 3]
    best = max(strong, key=lambda code: (seen[code], code)) if strong else None
    weakest = min(seen, key=lambda code: (seen[code], code)) if seen else teacher.focus
    grow_code = teacher.focus if rng.random() < 0.6 or seen.get(teacher.focus, 4) <= 2 else weakest
    focus_goal = next((g for g in teacher.goals if g.code == teacher.focus and g.start_on <= day), None)
    observation_id = seeder.add("observations", {
        "staff_id": teacher.id, "observer_id": observer.id, "observer_name": observer.full_name,
        "rubric_id": ctx.rubric_id, "kind": kind, "status": "complete",
        "observed_on": day.isoformat(),
        # Same form as the app's own clock stamps (records.utc_now), so edits line up.
        "started_at": stamp(started), "finished_at": stamp(finished),
        "duration_seconds": int((finished - started).total_seconds()),
        "class_context": _class_context(ctx, teacher),
        "tags": ", ".join(rng.sample(words.TAGS, rng.randint(1, 3))),
        "glow": words.GLOW.get(best, words.GENERIC_GLOW) if best else words.GENERIC_GLOW,
        "grow": _next_step(ctx, grow_code),
        "private_note": rng.choice(words.PRIVATE_NOTES) if rng.random() < 0.15 else "",
        "goal_id": focus_goal.id if focus_goal and teacher.focus in scored else None,
        **(_conference_notes(ctx, teacher, best) if kind == "formal" else {}),
    }, finished)
    for code, score in scored.items():
        seeder.add("observation_scores", {
            "observation_id": observation_id, "indicator_id": ctx.indicator(code).id,
            "score": score, "note": "",
        }, finished)
    if kind == "walkthrough":
        for look_for in rng.sample(list(ctx.look_fors), min(len(ctx.look_fors), rng.randint(4, 7))):
            if rng.random() < 0.15:
                score = None  # not seen during the visit
            elif look_for.indicator_code:
                score = ctx.score(teacher, look_for.indicator_code, day, 0.6)
            else:
                score = rng.randint(2, 4)
            seeder.add("observation_look_fors", {
                "observation_id": observation_id, "look_for_id": look_for.id, "score": score,
            }, finished)
    lines = rng.randint(2, 5) if kind == "walkthrough" else rng.randint(4, 7)
    offsets = sorted(rng.sample(range(15, minutes * 60 - 10), lines))
    candidates = list(scored) + [None]
    used: set[str] = set()
    for position, offset in enumerate(offsets):
        code = rng.choice(candidates)
        noted = started + timedelta(seconds=offset)
        seeder.add("observation_evidence", {
            "observation_id": observation_id,
            "indicator_id": ctx.indicator(code).id if code else None,
            "noted_at": stamp(noted), "offset_seconds": offset,
            "text": _evidence_text(ctx, code, scored.get(code), used), "position": position,
        }, noted)
    return observation_id, observer.id


def _next_step(ctx: DemoContext, code: str) -> str:
    step = words.GROW.get(code, words.GENERIC_GROW)
    frame = ctx.rng.choice(words.GROW_FRAMES)
    return frame.format(step=step if frame.startswith("{") else step[0].lower() + step[1:])


def _conference_notes(ctx: DemoContext, teacher: TeacherStory, best: str | None) -> dict:
    focus = ctx.indicator(teacher.focus).name.lower()
    return {
        "pre_conference_notes": ctx.rng.choice(words.PRE_CONFERENCE).format(
            focus=focus, context=f"{teacher.subjects.split(', ')[0].lower()} lesson"),
        "post_conference_notes": ctx.rng.choice(words.POST_CONFERENCE).format(focus=focus),
        "next_step": words.GROW.get(teacher.focus, words.GENERIC_GROW),
    }


def observations(ctx: DemoContext, teacher: TeacherStory) -> list[tuple[str, date, str]]:
    """Walkthroughs across the year and one or two formal observations.

    Returns the formal ones as (id, day, observer id) for their debrief conversations.
    """
    rng, cal = ctx.rng, ctx.calendar
    start = ctx.first_day + timedelta(days=14)
    end = min(teacher.last_day, ctx.last_day - timedelta(days=3))
    count = rng.randint(8, 15)
    if teacher.last_day < ctx.last_day:  # left mid-year: fewer visits
        count = max(2, count * (teacher.last_day - ctx.first_day).days
                    // (ctx.last_day - ctx.first_day).days)
    for day in cal.spread(rng, count, start, end):
        _visit(ctx, teacher, day, "walkthrough")
    formal = []
    windows = [(date(ctx.first_day.year, 10, 15), date(ctx.first_day.year, 12, 12))]
    if rng.random() < 0.6 or teacher.index == 0:
        windows.append((date(ctx.last_day.year, 2, 20), date(ctx.last_day.year, 5, 15)))
    for low, high in windows:
        if low > teacher.last_day:
            continue
        day = cal.pick(rng, low, min(high, teacher.last_day))
        observation_id, observer_id = _visit(ctx, teacher, day, "formal")
        formal.append((observation_id, day, observer_id))
    return formal


# --- conversations ------------------------------------------------------------------------

def _conversation(ctx: DemoContext, teacher: TeacherStory, kind: str, day: date, leader_id: str,
                  goal_ids: list[str], observation_id: str | None = None) -> None:
    rng = ctx.rng
    focus = ctx.indicator(teacher.focus).name.lower()
    strength = ctx.indicator(teacher.strongest()).name.lower()
    follow_up = day + timedelta(days=rng.randint(14, 40))
    main_goal = teacher.goals[0] if teacher.goals else None
    met = main_goal is not None and main_goal.met_on is not None and main_goal.met_on <= day
    notes_key = f"{kind}_met" if met and f"{kind}_met" in words.CONVERSATION_NOTES else kind
    conversation_id = ctx.seeder.add("conversations", {
        "staff_id": teacher.id, "leader_id": leader_id, "kind": kind, "held_on": day.isoformat(),
        "notes": rng.choice(words.CONVERSATION_NOTES[notes_key]).format(focus=focus, strength=strength),
        "is_private": 1 if rng.random() < 0.2 else 0,
        "next_meeting_on": follow_up.isoformat() if follow_up <= ctx.last_day else None,
        "observation_id": observation_id,
    }, day)
    for goal_id in goal_ids:
        ctx.seeder.add("conversation_goals", {"conversation_id": conversation_id,
                                              "goal_id": goal_id}, day)


def conversations(ctx: DemoContext, teacher: TeacherStory, goal_talk_on: date,
                  formal: list[tuple[str, date, str]]) -> None:
    rng, cal = ctx.rng, ctx.calendar
    all_goals = [goal.id for goal in teacher.goals]
    live_goals = [goal.id for goal in teacher.goals if goal.status not in ("draft", "dropped")]
    _conversation(ctx, teacher, "goal_setting", goal_talk_on, ctx.pick_leader().id, all_goals)
    for observation_id, day, observer_id in formal:
        debrief = cal.pick(rng, day + timedelta(days=1), day + timedelta(days=6))
        if debrief <= teacher.last_day:
            _conversation(ctx, teacher, "post_observation", debrief, observer_id,
                          live_goals[:1], observation_id)
    year = ctx.last_day.year
    if rng.random() < 0.7 or teacher.index == 0:
        day = cal.pick(rng, date(year, 1, 12), date(year, 2, 13))
        if day <= teacher.last_day:
            _conversation(ctx, teacher, "check_in", day, ctx.pick_leader().id, live_goals)
    if rng.random() < 0.6 or teacher.index == 0:
        day = cal.pick(rng, date(year, 5, 11), ctx.last_day)
        if day <= teacher.last_day:
            _conversation(ctx, teacher, "reflection", day, ctx.pick_leader().id, all_goals[:2])


# --- wellbeing ----------------------------------------------------------------------------

# How much harder each month tends to feel (report cards, exams, the long spring term).
MONTH_STRAIN = {8: 0.0, 9: 0.1, 10: 0.3, 11: 0.8, 12: 0.5, 1: 0.2, 2: 0.4, 3: 0.8, 4: 0.1,
                5: 0.9, 6: 0.4}


def wellbeing(ctx: DemoContext, teacher: TeacherStory) -> None:
    rng, cal = ctx.rng, ctx.calendar
    month_starts = []
    day = date(ctx.first_day.year, 9, 1)
    while day <= ctx.last_day:
        month_starts.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    if rng.random() < 0.85 or teacher.index == 0:
        months = month_starts
    else:
        months = sorted(rng.sample(month_starts, min(len(month_starts), rng.randint(2, 4))))
    resilience = rng.gauss(0, 0.6)
    shares = rng.random() < 0.4
    for month in months:
        next_month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        day = cal.pick(rng, month, next_month - timedelta(days=1))
        if day > teacher.last_day:
            break
        if ctx.seeder.today is not None and day.isoformat() > ctx.seeder.today:
            break            # not answered yet on the demo's today (the month's rows go together)
        strain = MONTH_STRAIN[day.month]
        energy = max(1, min(5, round(3.6 + resilience - strain + rng.gauss(0, 0.7))))
        workload = max(1, min(5, round(3.0 + strain * 1.5 + rng.gauss(0, 0.7))))
        stress = max(1, min(5, round(2.6 - resilience + strain * 1.5 + rng.gauss(0, 0.7))))
        note = rng.choice(words.WELLBEING_NOTES) if rng.random() < 0.2 else ""
        month = day.isoformat()[:7]
        # The month's response, then the check-in itself: shared (on the teacher's page)
        # or a private answer with nothing pointing back at the teacher (db.wellbeing).
        ctx.seeder.add("wellbeing_responses", {
            "staff_id": teacher.id, "month": month, "answered_privately": 0 if shares else 1,
            "follow_up_wanted": 1 if stress >= 5 and energy <= 2 else 0,
        }, day)
        if shares:
            ctx.seeder.add("wellbeing_check_ins", {
                "staff_id": teacher.id, "checked_on": day.isoformat(), "energy": energy,
                "workload": workload, "stress": stress, "note": note}, day)
        else:
            ctx.seeder.add("wellbeing_private_answers", {
                "month": month, "energy": energy, "workload": workload, "stress": stress,
                "created_at": month}, day, updated=month)
