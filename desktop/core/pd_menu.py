"""The PD menu's thinking, gathered from the database: a teacher's personal menu, who could
lead what, the PD-day common thread, and whether an offering changed practice.

The rules themselves live elsewhere (ranking: recommendations.py, coverage:
common_thread.py, the profile: growth_profile.py); this module only collects the
facts they need and puts names on the answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import mean

from sqlite_utils import Database

from db import (
    catalog,
    evaluations,
    evidence,
    goals,
    pd,
    rooms,
    school_years,
    self_assessments,
    staff,
)
from db.catalog import Session
from db.staff import StaffMember
from desktop.core.common_thread import (
    Candidate,
    Slot,
    Teacher,
    Unserved,
    cohorts_by_need,
    plan_pd_day,
    subject_set,
    years_words,
)
from desktop.core.growth_profile import GrowthProfile
from desktop.core.profiles import growth_profile_for, profile_indicators
from desktop.core.recommendations import (
    ActiveGoal,
    Need,
    OfferingFacts,
    Recommendation,
    SessionTime,
    TeacherContext,
    personal_menu,
)

# Roles whose classroom needs a PD day is planned around.
CLASSROOM_ROLES = ("teacher", "specialist")
TOP_NEEDS = 3                 # a teacher's top needs: their lowest few gap indicators
MENTOR_FORMATS = ("peer_coaching", "mentoring")
# Desimone: PD that changes practice lasts, hangs together and is done with colleagues.
SHORT_HOURS = 3.0
BEFORE_WINDOW_DAYS = 365      # "before" scores: the year up to completion

_FORMAT_WORDS = {
    "video": "micro_video", "micro video": "micro_video", "microvideo": "micro_video",
    "micro learning": "micro_video", "microlearning": "micro_video", "short video": "micro_video",
    "online": "online_course", "course": "online_course", "online course": "online_course",
    "coaching": "peer_coaching", "peer coaching": "peer_coaching", "book club": "book_study",
    "book study": "book_study", "mentor": "mentoring", "plcs": "plc", "workshops": "workshop",
    "podcasts": "podcast", "webinars": "webinar", "conferences": "conference",
    "well being": "wellbeing", "wellness": "wellbeing",
}


def parse_formats(text: str) -> tuple[str, ...]:
    """'peer coaching, micro-video' or 'peer_coaching,micro_video' -> format codes."""
    found = []
    for part in (text or "").split(","):
        words = " ".join(part.replace("-", " ").replace("_", " ").lower().split())
        if not words:
            continue
        code = words.replace(" ", "_")
        if code in pd.FORMATS:
            found.append(code)
        elif words in _FORMAT_WORDS:
            found.append(_FORMAT_WORDS[words])
        else:
            by_label = {label.lower(): key for key, label in pd.FORMAT_LABELS.items()}
            if words in by_label:
                found.append(by_label[words])
    return tuple(dict.fromkeys(found))


def _session_time(session: Session) -> SessionTime:
    return SessionTime(session.start(), session.end())


def sessions_by_offering(db: Database) -> dict[str, list[Session]]:
    grouped: dict[str, list[Session]] = {}
    for session in catalog.list_sessions(db):
        grouped.setdefault(session.offering_id or "", []).append(session)
    return grouped


# -- a teacher's personal menu --------------------------------------------------------------

def teacher_context(db: Database, staff_id: str, *, as_of: date,
                    profile: GrowthProfile | None = None,
                    sessions: dict[str, list[Session]] | None = None) -> TeacherContext:
    member = staff.get(db, staff_id)
    if member is None:
        raise KeyError(staff_id)
    profile = profile or growth_profile_for(db, staff_id, as_of=as_of, with_evidence=False)
    gaps = [Need(item.indicator.code, item.indicator.name, item.level)
            for item in profile.gaps if item.level is not None]
    active = [ActiveGoal(goal.title, goal.indicator_code)
              for goal in goals.list_goals(db, staff_id=staff_id, statuses=("active",))]
    formats = parse_formats(member.preferred_formats) + parse_formats(
        _said(db, staff_id, as_of).preferred_formats)
    by_offering = sessions_by_offering(db) if sessions is None else sessions
    enrolled_ids, completed_ids, taken = set(), set(), []
    for enrollment in pd.list_enrollments(db, staff_id=staff_id):
        if enrollment.status == "completed":
            completed_ids.add(enrollment.offering_id)
        elif enrollment.status in ("enrolled", "waitlisted"):
            enrolled_ids.add(enrollment.offering_id)
            if enrollment.status == "enrolled":
                taken += [_session_time(s) for s in by_offering.get(enrollment.offering_id, [])]
    return TeacherContext(
        gaps=gaps, goals=active, preferred_formats=tuple(dict.fromkeys(formats)),
        enrolled_sessions=tuple(taken), completed_offering_ids=frozenset(completed_ids),
        enrolled_offering_ids=frozenset(enrolled_ids))


_NOTHING_SAID = self_assessments.SelfAssessment("", "", None, "")


def _said(db: Database, staff_id: str, as_of: date) -> self_assessments.SelfAssessment:
    """The teacher's latest self-assessment on or before *as_of* (an empty one if none)."""
    return self_assessments.latest(db, staff_id, as_of=as_of) or _NOTHING_SAID


def offering_facts(db: Database, *, as_of: date,
                   sessions: dict[str, list[Session]] | None = None) -> list[OfferingFacts]:
    """What the ranking needs about each open offering. An offering whose sessions have
    all been held can no longer be chosen; self-paced ones (no sessions) always can."""
    by_offering = sessions_by_offering(db) if sessions is None else sessions
    start_of_day = datetime(as_of.year, as_of.month, as_of.day)
    facts = []
    for offering in pd.list_offerings(db):
        sessions = by_offering.get(offering.id, [])
        upcoming = [s for s in sessions if s.start() >= start_of_day]
        if sessions and not upcoming:
            continue
        facts.append(OfferingFacts(
            id=offering.id, title=offering.title, format=offering.format,
            indicator_codes=offering.indicator_codes,
            sessions=tuple(_session_time(s) for s in upcoming), seats_left=offering.seats_left))
    return facts


@dataclass
class PersonalMenu:
    member: StaffMember
    as_of: date
    context: TeacherContext
    recommendations: list[Recommendation]
    offerings: dict[str, pd.Offering]                 # by id, for hours, length, facilitator
    sessions: dict[str, list[Session]]                # upcoming sessions by offering id
    hours_this_year: float = 0.0
    chosen: list[pd.Enrollment] = field(default_factory=list)   # enrolled or waitlisted now
    # (code, name, teachers) the school's most common needs this year: what suggestions for a
    # teacher with little evidence of their own honestly rest on.
    school_needs: list[tuple[str, str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class SchoolPd:
    """What every teacher's menu on a day shares, worked out once for them all (seconds on a
    district): the open offerings, their sessions, and the school's common needs this year."""
    as_of: date
    since: str
    offerings: list[OfferingFacts]
    sessions: dict[str, list[Session]]
    catalog: dict[str, pd.Offering]
    needs: list[tuple[str, str, int]]


def school_pd(db: Database, *, as_of: date, year_start: date | None = None) -> SchoolPd:
    from db.portfolio_queries import school_common_needs

    since = school_years.view(db, as_of).since if year_start is None else year_start.isoformat()
    sessions = sessions_by_offering(db)
    return SchoolPd(as_of, since or "", offering_facts(db, as_of=as_of, sessions=sessions), sessions,
                    {o.id: o for o in pd.list_offerings(db)},
                    school_common_needs(db, since or "0000-01-01", as_of.isoformat()))


def personal_menu_for(db: Database, staff_id: str, *, as_of: date, year_start: date | None = None,
                      school: SchoolPd | None = None) -> PersonalMenu:
    """One teacher's menu; *school* (from :func:`school_pd` for the same day and year) spares
    working out again what does not depend on the teacher."""
    member = staff.get(db, staff_id)
    if member is None:
        raise KeyError(staff_id)
    if school is None or school.as_of != as_of or (
            year_start is not None and school.since != year_start.isoformat()):
        school = school_pd(db, as_of=as_of, year_start=year_start)
    context = teacher_context(db, staff_id, as_of=as_of, sessions=school.sessions)
    ranked = personal_menu(school.offerings, context)
    # Session times are 'YYYY-MM-DDTHH:MM': from the day on, compared as text (parsing the
    # district's 4,600 sessions for every teacher picked took 0.27 s).
    today = as_of.isoformat()
    upcoming = {key: [s for s in value if s.starts_at >= today]
                for key, value in school.sessions.items()}
    hours = pd.hours_credited(db, since=school.since or None, until=as_of.isoformat(), staff_id=staff_id)
    chosen = [e for e in pd.list_enrollments(db, staff_id=staff_id)
              if e.status in ("enrolled", "waitlisted")]
    return PersonalMenu(member, as_of, context, ranked, school.catalog, upcoming, hours, chosen,
                        school.needs)


# -- everyone's profiles: leadership and the common thread -------------------------------

def school_profiles(db: Database, *, as_of: date, staff_ids: list[str] | None = None,
                    roles: tuple[str, ...] = CLASSROOM_ROLES
                    ) -> list[tuple[StaffMember, GrowthProfile]]:
    members = staff.list_staff(db)
    if staff_ids is not None:
        wanted = set(staff_ids)
        members = [m for m in members if m.id in wanted]
    else:
        members = [m for m in members if m.role in roles]
    indicators = profile_indicators(db)   # the same rubric for everyone: read it once
    return [(m, growth_profile_for(db, m.id, as_of=as_of, with_evidence=False, indicators=indicators))
            for m in members]


@dataclass(frozen=True)
class LeaderSuggestion:
    staff_id: str
    name: str
    indicator_code: str
    indicator_name: str
    level: float
    role: str              # "facilitator" or "mentor"
    reason: str


def leader_suggestions(db: Database, offering_id: str, *, as_of: date,
                       profiles: list[tuple[StaffMember, GrowthProfile]] | None = None,
                       limit: int = 5) -> list[LeaderSuggestion]:
    """Teachers strong on an indicator the offering addresses, strongest and most willing
    first; the offering's own facilitator and its participants are left out."""
    offering = catalog.get_offering(db, offering_id)
    if offering is None or not offering.indicator_codes:
        return []
    role = "mentor" if offering.format in MENTOR_FORMATS else "facilitator"
    taking_part = {p.staff_id for p in pd.participants(db, offering_id)
                   if p.status in ("enrolled", "waitlisted")}
    profiles = profiles if profiles is not None else school_profiles(db, as_of=as_of)
    suggestions = []
    for member, profile in profiles:
        if member.id == offering.facilitator_staff_id or member.id in taking_part:
            continue
        strong = [item for item in profile.strengths if item.indicator.code in offering.indicator_codes]
        if not strong:
            continue
        best = strong[0]
        willing = _willingness(db, member, as_of)
        reason = f"strong on {best.indicator.name} ({best.level:.1f}: {best.reason})"
        if willing:
            reason += f"; {willing}"
        suggestions.append((not willing, -best.level, member.sort_name, LeaderSuggestion(
            member.id, member.full_name, best.indicator.code, best.indicator.name,
            round(best.level, 2), role, reason)))
    suggestions.sort(key=lambda item: item[:3])
    return [item[3] for item in suggestions[:limit]]


def _willingness(db: Database, member: StaffMember, as_of: date) -> str:
    latest = _said(db, member.id, as_of)
    said = [words for flag, words in (("would_lead", "would like to lead PD"),
                                      ("would_mentor", "would like to mentor"))
            if getattr(latest, flag)]
    if member.leadership_strengths:
        said.append(f"leadership strengths: {member.leadership_strengths}")
    return "; ".join(said)


@dataclass(frozen=True)
class PlannedPlace:
    staff_id: str
    name: str
    needs: list[str]             # the indicator names of theirs it serves


@dataclass(frozen=True)
class PlannedPick:
    offering_id: str
    title: str
    serves: list[str]            # names whose place on the day is this one
    also_serves: list[str]       # names served by an earlier pick who also go to this one
    addresses: list[str]         # indicator names
    places: list[PlannedPlace] = field(default_factory=list)   # everyone going, in seat order
    seats_left: int | None = None                               # free places before the plan
    sessions: list[Session] = field(default_factory=list)       # the sessions still to come


@dataclass(frozen=True)
class UnservedTeacher:
    staff_id: str
    name: str
    needs: list[str]             # their top needs (indicator names)
    reason: str                  # why the day has no place for them, in plain words
    kind: str


@dataclass(frozen=True)
class Cohort:
    indicator_code: str
    indicator_name: str          # "" for teachers who share no need with anyone
    members: list[str]


@dataclass(frozen=True)
class CommonThread:
    picks: list[PlannedPick]
    served: list[str]
    unserved: list[UnservedTeacher]
    without_needs: list[str]                # nobody can be served: no gaps on record
    cohorts: list[Cohort]
    method: str                             # "exact" (best possible) or "approximate"
    group_size: int
    bound: int = 0                          # no plan could serve more than this many
    k: int = 0
    day: date | None = None
    seat_rule: str = ""
    staff_ids: list[str] = field(default_factory=list)

    @property
    def left_out(self) -> list[tuple[str, list[str]]]:
        """Teachers with needs on record whom the day does not serve: (name, their needs)."""
        return [(u.name, u.needs) for u in self.unserved if u.kind != "no_needs"]

    def method_words(self) -> str:
        if not self.picks:
            return ""
        if self.method == "exact":
            return (f"This is the best possible choice: no {self.k} offerings with these seats, "
                    "sessions and rooms serve more teachers.")
        return (f"This is a good approximation, not a proven best: the catalog is too large to try "
                f"every choice. It serves {len(self.served)}; no choice could serve more than "
                f"{self.bound}.")

    def draft(self, title: str, *, group_description: str = ""):
        """The plan to save, as the planner made it."""
        from db import pd_plans

        places = [(pick.offering_id, place.staff_id, ", ".join(place.needs))
                  for pick in self.picks for place in pick.places]
        reasons = {u.staff_id: u.reason for u in self.unserved}
        return pd_plans.PlanDraft(
            title=title, planned_for=self.day.isoformat() if self.day else None,
            group_description=group_description, offerings_wanted=max(self.k, 1),
            method=self.method, bound=self.bound, picks=[p.offering_id for p in self.picks],
            places=places, members=[(staff_id, reasons.get(staff_id, "")) for staff_id in self.staff_ids])


def _slot(session: Session, label: str) -> Slot:
    return Slot(session.start(), session.end(), session.location, label)


def audience_words(offering: catalog.Offering) -> str:
    """Who an offering is for, in words ("Mathematics teachers · grades 6-8 · up to 2 years'
    experience"); empty when it is for everyone."""
    parts = []
    if offering.audience_subjects:
        parts.append(f"{offering.audience_subjects} teachers")
    if offering.audience_grades:
        parts.append(f"grades {offering.audience_grades}")
    if offering.min_years_experience is not None or offering.max_years_experience is not None:
        parts.append(years_words(offering.min_years_experience, offering.max_years_experience))
    return " · ".join(parts)


def planning_facts(db: Database, *, as_of: date, staff_ids: list[str] | None = None,
                   top: int = TOP_NEEDS, day: date | None = None):
    """What the planner needs: each teacher's needs, fit and commitments, and each open offering's
    free seats (room seats included), upcoming sessions and audience."""
    profiles = school_profiles(db, as_of=as_of, staff_ids=staff_ids)
    members = {member.id: member for member, _ in profiles}
    ranked = {member.id: [item.indicator.code for item in profile.gaps[:top]] for member, profile in profiles}
    start = datetime(as_of.year, as_of.month, as_of.day)
    by_offering = sessions_by_offering(db)
    titles = {o.id: o.title for o in catalog.list_offerings(db, include_retired=True)}
    teachers = []
    order = pd.seat_order(db, list(members), today=as_of.isoformat())
    commitments = pd.statuses_by_teacher(db)
    for staff_id in order:
        member = members[staff_id]
        busy, enrolled, completed, waiting = [], set(), set(), set()
        for offering_id, status in commitments.get(staff_id, []):
            if status == "enrolled":
                enrolled.add(offering_id)
                busy += [_slot(s, titles.get(offering_id, "other PD"))
                         for s in by_offering.get(offering_id, []) if s.start() >= start]
            elif status == "completed":
                completed.add(offering_id)
            elif status == "waitlisted":
                waiting.add(offering_id)
        teachers.append(Teacher(
            staff_id, frozenset(ranked[staff_id]), subject_set(member.subjects),
            frozenset([member.grades]) if member.grades else frozenset(), member.years_experience,
            tuple(busy), frozenset(enrolled), frozenset(completed), frozenset(waiting)))
    room_seats = rooms.seats_by_room(db)
    candidates, offerings = [], {}
    for offering in catalog.list_offerings(db):
        sessions = [s for s in by_offering.get(offering.id, []) if s.start() >= start]
        if by_offering.get(offering.id) and not sessions:
            continue           # every session has been held
        if day is not None and not any(s.start().date() == day for s in sessions):
            continue
        offerings[offering.id] = offering
        candidates.append(offering)
    seats_taken = {o.id: o.seats_taken for o in pd.list_offerings(db)}
    facts = []
    for offering in candidates:
        sessions = [s for s in by_offering.get(offering.id, []) if s.start() >= start]
        taken = seats_taken.get(offering.id, 0)
        limits = [offering.capacity] if offering.capacity is not None else []
        limits += [room_seats[rooms.room_key(s.location)] for s in sessions
                   if room_seats.get(rooms.room_key(s.location)) is not None]
        seats = max(min(limits) - taken, 0) if limits else None
        facts.append(Candidate(
            offering.id, frozenset(offering.indicator_codes), seats,
            tuple(_slot(s, offering.title) for s in sessions),
            subject_set(offering.audience_subjects),
            frozenset([offering.audience_grades]) if offering.audience_grades else frozenset(),
            offering.min_years_experience, offering.max_years_experience))
    return profiles, ranked, teachers, facts, offerings


def common_thread(db: Database, *, as_of: date, k: int, staff_ids: list[str] | None = None,
                  top: int = TOP_NEEDS, day: date | None = None, search_limit: int | None = None
                  ) -> CommonThread:
    """K offerings for a PD day that between them serve the most teachers' top needs, with
    who goes where (see :mod:`desktop.core.common_thread` for the rules)."""
    profiles, ranked, teachers, facts, offerings = planning_facts(
        db, as_of=as_of, staff_ids=staff_ids, top=top, day=day)
    names = {member.id: member.full_name for member, _ in profiles}
    indicator_names = {item.code: item.name for item in profile_indicators(db)}
    plan = plan_pd_day(teachers, facts, k, search_limit=search_limit)
    facts_by_id = {fact.id: fact for fact in facts}
    sessions = sessions_by_offering(db)
    start = datetime(as_of.year, as_of.month, as_of.day)

    def named(ids) -> list[str]:
        return sorted((names[i] for i in ids), key=str.casefold)

    def need_names(staff_id: str, codes) -> list[str]:
        return [indicator_names.get(c, c) for c in ranked[staff_id] if c in codes]

    picks = []
    for offering_id in plan.picks:
        offering = offerings[offering_id]
        going = plan.places.get(offering_id, ())
        first = [t for t in going if plan.first_places.get(t) == offering_id]
        picks.append(PlannedPick(
            offering_id, offering.title, named(first), named(t for t in going if t not in first),
            [indicator_names.get(c, c) for c in offering.indicator_codes],
            [PlannedPlace(t, names[t], need_names(t, offering.indicator_codes)) for t in going],
            facts_by_id[offering_id].seats,
            [s for s in sessions.get(offering_id, []) if s.start() >= start]))
    unserved = []
    for staff_id, why in plan.unserved.items():
        unserved.append(UnservedTeacher(staff_id, names[staff_id],
                                        [indicator_names.get(c, c) for c in ranked[staff_id]],
                                        _reason_words(why, offerings), why.kind))
    unserved.sort(key=lambda u: u.name.casefold())
    grouped = _join_lone_members(cohorts_by_need(
        {key: codes for key, codes in ranked.items() if codes}), ranked)
    cohorts = [Cohort(code, indicator_names.get(code, code) if code else "", named(members))
               for code, members in grouped.items()]
    return CommonThread(picks, named(plan.served), unserved,
                        named(key for key, codes in ranked.items() if not codes),
                        cohorts, plan.method, len(profiles), plan.bound, k, day,
                        pd.SEAT_ORDER_RULE, [t.id for t in teachers])


def _reason_words(why: Unserved, offerings: dict[str, catalog.Offering]) -> str:
    titles = [f"“{offerings[o].title}”" for o in why.offering_ids if o in offerings]
    listed = " and ".join(titles) if len(titles) <= 2 else ", ".join(titles[:-1]) + " and " + titles[-1]
    if why.kind == "full":
        return f"{listed} {'is' if len(titles) == 1 else 'are'} full"
    if why.kind in ("not_for_them", "clash") and titles:
        return f"{titles[0]}: {why.words}"
    if why.kind == "completed" and titles:
        return f"they have completed {listed} already"
    if why.kind == "waiting" and titles:
        return f"they are on the waitlist for {listed}"
    return why.words


def _join_lone_members(cohorts: dict[str, list[str]], ranked_needs: dict[str, list[str]]
                       ) -> dict[str, list[str]]:
    """A cohort of one is no cohort: its member joins the biggest cohort that shares one of
    their top needs, or the 'no shared need' group."""
    result = {code: list(members) for code, members in cohorts.items()}
    for code, members in cohorts.items():
        if not code or len(members) > 1:
            continue
        (teacher,) = members
        homes = [other for other in ranked_needs[teacher]
                 if other != code and len(result.get(other, [])) > 1]
        del result[code]
        home = max(homes, key=lambda other: len(result[other])) if homes else ""
        result.setdefault(home, []).append(teacher)
    return dict(sorted(result.items(), key=lambda item: (item[0] == "", -len(item[1]), item[0])))


# -- efficacy: did the PD change practice? -----------------------------------------------------

@dataclass(frozen=True)
class IndicatorChange:
    """Guskey level 4 on one indicator: participants' observed scores before and after."""
    indicator_code: str
    indicator_name: str
    participants: int            # completers with scores both before and after
    mean_before: float | None
    mean_after: float | None

    @property
    def change(self) -> float | None:
        if self.mean_before is None or self.mean_after is None:
            return None
        return round(self.mean_after - self.mean_before, 2)


@dataclass(frozen=True)
class Reflection:
    teacher_name: str
    completed_on: str | None
    learned: str
    use: str
    rating: int | None


@dataclass(frozen=True)
class OfferingEfficacy:
    offering_id: str
    title: str
    completed: int
    average_rating: float | None          # Guskey level 1: reactions
    ratings: int
    changes: list[IndicatorChange]
    reflections: list[Reflection]
    student_outcome_note: str             # Guskey level 5, in the leader's words
    design_notes: list[str]               # Desimone: what the design lacks
    flagged: bool                         # one-off, short and without follow-up
    evaluation: evaluations.EvaluationSummary | None = None   # Guskey 1-3 from the evaluation form


def offering_efficacy(db: Database, offering_id: str, *, as_of: date) -> OfferingEfficacy:
    offering = catalog.get_offering(db, offering_id)
    if offering is None:
        raise KeyError(offering_id)
    finished = [p for p in pd.participants(db, offering_id) if p.status == "completed"]
    ratings = [p.rating for p in finished if p.rating is not None]
    indicator_names = {item.code: item.name for item in profile_indicators(db)}
    scores = {p.staff_id: evidence.observation_scores(db, p.staff_id) for p in finished}
    changes = []
    for code in offering.indicator_codes:
        befores, afters = [], []
        for p in finished:
            done = date.fromisoformat((p.completed_on or as_of.isoformat())[:10])
            own = [row for row in scores[p.staff_id] if row.indicator_code == code]
            before = [row.score for row in own
                      if done - timedelta(days=BEFORE_WINDOW_DAYS) <= row.observed_on <= done]
            after = [row.score for row in own if done < row.observed_on <= as_of]
            if before and after:
                befores.append(mean(before))
                afters.append(mean(after))
        changes.append(IndicatorChange(
            code, indicator_names.get(code, code), len(befores),
            round(mean(befores), 2) if befores else None,
            round(mean(afters), 2) if afters else None))
    reflections = [Reflection(p.teacher_name, p.completed_on, p.reflection_learned,
                              p.reflection_use, p.rating)
                   for p in finished if p.reflection_learned or p.reflection_use]
    notes, flagged = design_notes(offering, len(catalog.list_sessions(db, offering_id)),
                                  len([p for p in pd.participants(db, offering_id)
                                       if p.status in pd.SEAT_HOLDING]))
    return OfferingEfficacy(
        offering.id, offering.title, len(finished),
        round(mean(ratings), 2) if ratings else None, len(ratings), changes, reflections,
        offering.student_outcome_note, notes, flagged, evaluations.summary(db, offering_id))


def design_notes(offering: catalog.Offering, session_count: int, participant_count: int
                 ) -> tuple[list[str], bool]:
    """Desimone's features of PD that changes practice, as plain warnings, and the flag."""
    one_off = session_count <= 1
    short = offering.hours < SHORT_HOURS
    notes = []
    if one_off:
        notes.append("one session only" if session_count == 1 else "no scheduled sessions")
    if short:
        notes.append(f"under {SHORT_HOURS:g} hours in all")
    if not offering.has_follow_up:
        notes.append("no follow-up planned")
    if participant_count == 1:
        notes.append("taken by one teacher alone")
    return notes, one_off and short and not offering.has_follow_up


# -- calendar ------------------------------------------------------------------------------------

def calendar_sessions(db: Database, *, offering_ids: list[str] | None = None,
                      staff_id: str | None = None):
    """Sessions as calendar events: of the given offerings, of what a teacher is enrolled in,
    or of the whole open catalog."""
    from desktop.reports.calendar_ics import CalendarSession

    offerings = {o.id: o for o in catalog.list_offerings(db, include_retired=True)}
    if staff_id is not None:
        wanted = {e.offering_id for e in pd.list_enrollments(db, staff_id=staff_id)
                  if e.status == "enrolled"}
    elif offering_ids is not None:
        wanted = set(offering_ids)
    else:
        wanted = {key for key, o in offerings.items() if not o.is_retired}
    events = []
    for session in catalog.list_sessions(db):
        offering = offerings.get(session.offering_id or "")
        if offering is None or offering.id not in wanted:
            continue
        events.append(CalendarSession(
            id=session.id or "", title=offering.title, starts_at=session.start(),
            ends_at=session.end(), location=session.location, link=session.link,
            description=offering.description))
    return events


# -- groups to enroll at once -------------------------------------------------------------------

@dataclass(frozen=True)
class Group:
    """A group a leader can enroll in one step: a cohort by need, a PLC, or a selection."""

    kind: str                    # "cohort", "plc" or "selection"
    key: str                     # the indicator code, the PLC offering's id, or ""
    label: str                   # what the chooser shows
    staff_ids: tuple[str, ...]


def cohort_groups(db: Database, *, as_of: date, top: int = TOP_NEEDS) -> list[Group]:
    """One group per need: the teachers whose top needs include it, largest first."""
    names = {item.code: item.name for item in profile_indicators(db)}
    members: dict[str, list[str]] = {}
    for member, profile in school_profiles(db, as_of=as_of):
        for item in profile.gaps[:top]:
            members.setdefault(item.indicator.code, []).append(member.id)
    groups = [Group("cohort", code, f"Needs {names.get(code, code)} ({len(ids)})", tuple(ids))
              for code, ids in members.items() if ids]
    return sorted(groups, key=lambda g: (-len(g.staff_ids), g.label.casefold()))


def plc_groups(db: Database) -> list[Group]:
    """One group per PLC (or book study) with members: those holding a seat in it."""
    groups = []
    for offering in pd.list_offerings(db):
        if offering.format not in ("plc", "book_study"):
            continue
        ids = tuple(p.staff_id for p in pd.participants(db, offering.id) if p.status in pd.SEAT_HOLDING)
        if ids:
            groups.append(Group("plc", offering.id, f"{offering.title} ({len(ids)})", ids))
    return groups
