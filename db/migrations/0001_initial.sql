-- Cultivate data format 1: the whole growth loop.
-- Every record: TEXT UUID primary key, created_at/updated_at as ISO-8601 UTC text,
-- so two laptops' files can later be merged row by row.
-- Dates without a time (observed_on, due_on, ...) are ISO 'YYYY-MM-DD'.
-- Foreign keys to staff have no ON DELETE CASCADE on purpose: staff are archived,
-- never deleted while records point at them.

CREATE TABLE schools (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    identifier TEXT,                      -- the SIS / OneRoster sourcedId
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    school_id TEXT REFERENCES schools(id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL DEFAULT '',
    email TEXT,
    identifier TEXT,                      -- the SIS / OneRoster sourcedId
    role TEXT NOT NULL DEFAULT 'teacher'
        CHECK (role IN ('teacher', 'coach', 'principal', 'assistant_principal', 'specialist', 'other')),
    subjects TEXT NOT NULL DEFAULT '',    -- comma separated, in the school's words
    grades TEXT NOT NULL DEFAULT '',      -- comma separated: K, 1 … 12
    hire_date TEXT,
    years_experience INTEGER CHECK (years_experience IS NULL OR years_experience >= 0),
    career_goals TEXT NOT NULL DEFAULT '',
    preferred_formats TEXT NOT NULL DEFAULT '',   -- comma separated PD formats
    interests TEXT NOT NULL DEFAULT '',
    leadership_strengths TEXT NOT NULL DEFAULT '',
    archived_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX staff_name ON staff(last_name, first_name);
CREATE INDEX staff_email ON staff(email);
CREATE INDEX staff_identifier ON staff(identifier);

-- Rubrics are versioned: editing a rubric that has been used makes a new row with
-- the same family_id and version + 1; observations keep pointing at the old one.
CREATE TABLE rubrics (
    id TEXT PRIMARY KEY,
    family_id TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    retired_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (family_id, version)
);

CREATE TABLE rubric_levels (              -- the performance levels' names, e.g. 1 Beginning
    id TEXT PRIMARY KEY,
    rubric_id TEXT NOT NULL REFERENCES rubrics(id) ON DELETE CASCADE,
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 9),
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (rubric_id, level)
);

CREATE TABLE rubric_domains (
    id TEXT PRIMARY KEY,
    rubric_id TEXT NOT NULL REFERENCES rubrics(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (rubric_id, code)
);

CREATE TABLE rubric_indicators (
    id TEXT PRIMARY KEY,
    rubric_id TEXT NOT NULL REFERENCES rubrics(id) ON DELETE CASCADE,
    domain_id TEXT NOT NULL REFERENCES rubric_domains(id) ON DELETE CASCADE,
    code TEXT NOT NULL,                   -- stable across versions: how profiles match
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (rubric_id, code)
);
CREATE INDEX rubric_indicators_code ON rubric_indicators(code);

CREATE TABLE rubric_descriptors (         -- what each level looks like on one indicator
    id TEXT PRIMARY KEY,
    indicator_id TEXT NOT NULL REFERENCES rubric_indicators(id) ON DELETE CASCADE,
    level INTEGER NOT NULL,
    descriptor TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (indicator_id, level)
);

CREATE TABLE look_fors (                  -- quick walkthrough look-fors
    id TEXT PRIMARY KEY,
    rubric_id TEXT NOT NULL REFERENCES rubrics(id) ON DELETE CASCADE,
    indicator_id TEXT REFERENCES rubric_indicators(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE goals (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',  -- the specific statement
    measure TEXT NOT NULL DEFAULT '',
    baseline TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    relevance TEXT NOT NULL DEFAULT '',
    indicator_code TEXT,                  -- the rubric indicator it serves
    start_on TEXT,
    due_on TEXT,
    status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('draft', 'active', 'met', 'partly_met', 'not_met', 'dropped')),
    cycle_stage TEXT NOT NULL DEFAULT 'identify'
        CHECK (cycle_stage IN ('identify', 'learn', 'improve')),
    met_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX goals_staff ON goals(staff_id);

CREATE TABLE goal_templates (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    measure TEXT NOT NULL DEFAULT '',
    indicator_code TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE action_steps (
    id TEXT PRIMARY KEY,
    goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    due_on TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'mastered')),
    done_on TEXT,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX action_steps_goal ON action_steps(goal_id);

CREATE TABLE goal_check_ins (
    id TEXT PRIMARY KEY,
    goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    checked_on TEXT NOT NULL,
    progress INTEGER CHECK (progress IS NULL OR progress BETWEEN 0 AND 100),
    evidence TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX goal_check_ins_goal ON goal_check_ins(goal_id);

CREATE TABLE observations (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    observer_id TEXT REFERENCES staff(id),
    observer_name TEXT NOT NULL DEFAULT '',
    rubric_id TEXT NOT NULL REFERENCES rubrics(id),
    kind TEXT NOT NULL CHECK (kind IN ('walkthrough', 'formal', 'informal')),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'complete')),
    observed_on TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    duration_seconds INTEGER,
    class_context TEXT NOT NULL DEFAULT '',  -- subject, period, room
    tags TEXT NOT NULL DEFAULT '',           -- comma separated quick tags
    glow TEXT NOT NULL DEFAULT '',
    grow TEXT NOT NULL DEFAULT '',
    private_note TEXT NOT NULL DEFAULT '',
    pre_conference_notes TEXT NOT NULL DEFAULT '',
    post_conference_notes TEXT NOT NULL DEFAULT '',
    next_step TEXT NOT NULL DEFAULT '',
    goal_id TEXT REFERENCES goals(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX observations_staff_date ON observations(staff_id, observed_on);
CREATE INDEX observations_date ON observations(observed_on);

CREATE TABLE observation_scores (
    id TEXT PRIMARY KEY,
    observation_id TEXT NOT NULL REFERENCES observations(id) ON DELETE CASCADE,
    indicator_id TEXT NOT NULL REFERENCES rubric_indicators(id),
    score INTEGER CHECK (score IS NULL OR score BETWEEN 1 AND 9),  -- NULL: not seen
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (observation_id, indicator_id)
);
CREATE INDEX observation_scores_indicator ON observation_scores(indicator_id);

CREATE TABLE observation_look_fors (
    id TEXT PRIMARY KEY,
    observation_id TEXT NOT NULL REFERENCES observations(id) ON DELETE CASCADE,
    look_for_id TEXT NOT NULL REFERENCES look_fors(id),
    score INTEGER CHECK (score IS NULL OR score BETWEEN 1 AND 9),  -- NULL: not seen
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (observation_id, look_for_id)
);

CREATE TABLE observation_evidence (
    id TEXT PRIMARY KEY,
    observation_id TEXT NOT NULL REFERENCES observations(id) ON DELETE CASCADE,
    indicator_id TEXT REFERENCES rubric_indicators(id),
    noted_at TEXT NOT NULL,               -- wall-clock time stamp
    offset_seconds INTEGER,               -- seconds since the visit started
    text TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX observation_evidence_observation ON observation_evidence(observation_id);

CREATE TABLE self_assessments (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    rubric_id TEXT REFERENCES rubrics(id),
    taken_on TEXT NOT NULL,
    career_goals TEXT NOT NULL DEFAULT '',
    preferred_formats TEXT NOT NULL DEFAULT '',
    interests TEXT NOT NULL DEFAULT '',
    support_wanted TEXT NOT NULL DEFAULT '',
    would_lead INTEGER NOT NULL DEFAULT 0 CHECK (would_lead IN (0, 1)),
    would_mentor INTEGER NOT NULL DEFAULT 0 CHECK (would_mentor IN (0, 1)),
    source TEXT NOT NULL DEFAULT 'typed' CHECK (source IN ('typed', 'imported')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX self_assessments_staff ON self_assessments(staff_id);

CREATE TABLE self_assessment_ratings (
    id TEXT PRIMARY KEY,
    self_assessment_id TEXT NOT NULL REFERENCES self_assessments(id) ON DELETE CASCADE,
    indicator_id TEXT NOT NULL REFERENCES rubric_indicators(id),
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 9),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (self_assessment_id, indicator_id)
);

CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    leader_id TEXT REFERENCES staff(id),
    kind TEXT NOT NULL
        CHECK (kind IN ('goal_setting', 'check_in', 'post_observation', 'reflection')),
    held_on TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    is_private INTEGER NOT NULL DEFAULT 0 CHECK (is_private IN (0, 1)),
    next_meeting_on TEXT,
    observation_id TEXT REFERENCES observations(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX conversations_staff ON conversations(staff_id, held_on);

CREATE TABLE conversation_goals (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (conversation_id, goal_id)
);

CREATE TABLE pd_offerings (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL CHECK (format IN (
        'workshop', 'online_course', 'micro_video', 'podcast', 'webinar', 'peer_coaching',
        'plc', 'mentoring', 'book_study', 'conference', 'wellbeing')),
    hours REAL NOT NULL DEFAULT 0 CHECK (hours >= 0),
    length_description TEXT NOT NULL DEFAULT '',  -- e.g. '6 weeks', '20 minutes'
    capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),  -- NULL: unlimited
    facilitator_staff_id TEXT REFERENCES staff(id),
    facilitator_name TEXT NOT NULL DEFAULT '',    -- external facilitator
    cost REAL NOT NULL DEFAULT 0 CHECK (cost >= 0),
    has_follow_up INTEGER NOT NULL DEFAULT 0 CHECK (has_follow_up IN (0, 1)),
    student_outcome_note TEXT NOT NULL DEFAULT '',
    retired_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE pd_offering_indicators (
    id TEXT PRIMARY KEY,
    offering_id TEXT NOT NULL REFERENCES pd_offerings(id) ON DELETE CASCADE,
    indicator_code TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (offering_id, indicator_code)
);

CREATE TABLE pd_sessions (
    id TEXT PRIMARY KEY,
    offering_id TEXT NOT NULL REFERENCES pd_offerings(id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,              -- local date-time 'YYYY-MM-DDTHH:MM'
    ends_at TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX pd_sessions_offering ON pd_sessions(offering_id);

CREATE TABLE enrollments (
    id TEXT PRIMARY KEY,
    offering_id TEXT NOT NULL REFERENCES pd_offerings(id),
    staff_id TEXT NOT NULL REFERENCES staff(id),
    status TEXT NOT NULL DEFAULT 'interested'
        CHECK (status IN ('interested', 'enrolled', 'waitlisted', 'completed', 'withdrawn')),
    enrolled_on TEXT,
    completed_on TEXT,
    hours_credited REAL NOT NULL DEFAULT 0 CHECK (hours_credited >= 0),
    reflection_learned TEXT NOT NULL DEFAULT '',
    reflection_use TEXT NOT NULL DEFAULT '',
    rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
    waitlisted_at TEXT,                   -- when they joined the waitlist: first in, first promoted
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (offering_id, staff_id)
);
CREATE INDEX enrollments_staff ON enrollments(staff_id);

CREATE TABLE celebrations (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN (
        'milestone', 'innovative_practice', 'goal_achieved', 'pd_completed',
        'led_session', 'shout_out')),
    title TEXT NOT NULL,
    story TEXT NOT NULL DEFAULT '',
    celebrated_on TEXT NOT NULL,
    is_public INTEGER NOT NULL DEFAULT 1 CHECK (is_public IN (0, 1)),
    suggestion_key TEXT,                  -- set when accepted from "Noticed for you"
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX celebrations_date ON celebrations(celebrated_on);

CREATE TABLE celebration_staff (
    id TEXT PRIMARY KEY,
    celebration_id TEXT NOT NULL REFERENCES celebrations(id) ON DELETE CASCADE,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (celebration_id, staff_id)
);
CREATE INDEX celebration_staff_staff ON celebration_staff(staff_id);

CREATE TABLE dismissed_suggestions (       -- "Noticed for you" items dismissed for good
    id TEXT PRIMARY KEY,
    suggestion_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE wellbeing_check_ins (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    checked_on TEXT NOT NULL,
    energy INTEGER NOT NULL CHECK (energy BETWEEN 1 AND 5),
    workload INTEGER NOT NULL CHECK (workload BETWEEN 1 AND 5),
    stress INTEGER NOT NULL CHECK (stress BETWEEN 1 AND 5),
    note TEXT NOT NULL DEFAULT '',
    shared_with_leaders INTEGER NOT NULL DEFAULT 0 CHECK (shared_with_leaders IN (0, 1)),
    needs_follow_up INTEGER NOT NULL DEFAULT 0 CHECK (needs_follow_up IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX wellbeing_staff ON wellbeing_check_ins(staff_id, checked_on);

CREATE TABLE preferences (                -- per-file settings: school name, year, thresholds
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Append-only: triggers (see db/audit.py) fill it and refuse edits and deletes.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    changed_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    before_json TEXT,
    after_json TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX audit_log_row ON audit_log(table_name, row_id);
