-- Data format 4: a wellbeing answer the teacher did not share cannot be tied to them.
--
-- wellbeing_check_ins keeps only the check-ins a teacher chose to share: with the
-- person, the day, the scores and the note, shown on that teacher's page.
--
-- wellbeing_responses says, per person and month, only that they responded, whether
-- they answered privately, and whether they would like a follow-up conversation: no
-- scores. The five-person rule counts distinct people here.
--
-- wellbeing_private_answers holds the unshared scores with nothing that points back:
-- no staff link, a random UUID key in a WITHOUT ROWID table (its order on disk follows
-- the key, not the order answers were given), the month instead of the day, and the
-- month again as its time stamps. At most one per person and month (the response row
-- says so), never in the audit log (db/audit.py), kept for Undo only in memory.

CREATE TABLE wellbeing_responses (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    month TEXT NOT NULL,                  -- 'YYYY-MM'
    answered_privately INTEGER NOT NULL DEFAULT 0 CHECK (answered_privately IN (0, 1)),
    follow_up_wanted INTEGER NOT NULL DEFAULT 0 CHECK (follow_up_wanted IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (staff_id, month)
);
CREATE INDEX wellbeing_responses_month ON wellbeing_responses(month);

CREATE TABLE wellbeing_private_answers (
    id TEXT PRIMARY KEY NOT NULL,
    month TEXT NOT NULL,                  -- 'YYYY-MM'
    energy REAL NOT NULL CHECK (energy BETWEEN 1 AND 5),
    workload REAL NOT NULL CHECK (workload BETWEEN 1 AND 5),
    stress REAL NOT NULL CHECK (stress BETWEEN 1 AND 5),
    created_at TEXT NOT NULL,             -- 'YYYY-MM', never the moment it was typed
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX wellbeing_private_answers_month ON wellbeing_private_answers(month);
