-- Data format 9: the short evaluation after PD, on Guskey's first three levels, each
-- 1 (strongly disagree) to 5 (strongly agree): reaction (a good use of my time), learning
-- (I learned something I can use), organisation support (I have the time and support to
-- use it). Typed in, or imported from a forms tool's CSV; a response may be anonymous.

CREATE TABLE pd_evaluations (
    id TEXT PRIMARY KEY,
    offering_id TEXT NOT NULL REFERENCES pd_offerings(id) ON DELETE CASCADE,
    staff_id TEXT REFERENCES staff(id),   -- NULL: anonymous
    submitted_on TEXT NOT NULL,
    reaction INTEGER CHECK (reaction IS NULL OR reaction BETWEEN 1 AND 5),
    learning INTEGER CHECK (learning IS NULL OR learning BETWEEN 1 AND 5),
    support INTEGER CHECK (support IS NULL OR support BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'typed' CHECK (source IN ('typed', 'imported')),
    response_key TEXT,                    -- imported: identifies the form response, so a re-import adds nothing
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX pd_evaluations_offering ON pd_evaluations(offering_id);
CREATE UNIQUE INDEX pd_evaluations_one_each ON pd_evaluations(offering_id, staff_id)
    WHERE staff_id IS NOT NULL;
CREATE UNIQUE INDEX pd_evaluations_response ON pd_evaluations(offering_id, response_key)
    WHERE response_key IS NOT NULL;
