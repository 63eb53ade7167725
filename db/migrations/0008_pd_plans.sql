-- Data format 8: saved PD-day plans. A plan names its group of teachers, the offerings
-- picked for the day and who goes to which (a teacher may go to more than one when the
-- sessions do not clash). A member with no place is left unserved, with the reason.

CREATE TABLE pd_plans (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    planned_for TEXT,                     -- the PD day, 'YYYY-MM-DD', if there is one
    group_description TEXT NOT NULL DEFAULT '',
    offerings_wanted INTEGER NOT NULL DEFAULT 3 CHECK (offerings_wanted BETWEEN 1 AND 20),
    method TEXT NOT NULL DEFAULT 'exact' CHECK (method IN ('exact', 'approximate', 'edited')),
    bound INTEGER,                        -- approximate: at most this many could be served
    notes TEXT NOT NULL DEFAULT '',
    enrolled_on TEXT,                     -- the day it was turned into enrollments
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE pd_plan_offerings (
    id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES pd_plans(id) ON DELETE CASCADE,
    offering_id TEXT NOT NULL REFERENCES pd_offerings(id),
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (plan_id, offering_id)
);

CREATE TABLE pd_plan_members (
    id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES pd_plans(id) ON DELETE CASCADE,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    unserved_reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (plan_id, staff_id)
);

CREATE TABLE pd_plan_places (
    id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES pd_plans(id) ON DELETE CASCADE,
    offering_id TEXT NOT NULL REFERENCES pd_offerings(id),
    staff_id TEXT NOT NULL REFERENCES staff(id),
    reason TEXT NOT NULL DEFAULT '',      -- which of their needs it serves
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (plan_id, offering_id, staff_id)
);
CREATE INDEX pd_plan_places_plan ON pd_plan_places(plan_id, offering_id);
