-- Data format 6: attendance per session, and an enrollment can end "did not complete".
--
-- A past offering is closed out: each teacher still "enrolled" when its last session is
-- over either completed it (hours credited from the sessions they were present at),
-- did not complete it ('incomplete'), or withdrew. SQLite cannot widen a CHECK in
-- place, so the enrollments table is rebuilt with the new status; nothing refers to it
-- yet, and its rows are copied as they are.

CREATE TABLE enrollments_format4 (
    id TEXT PRIMARY KEY,
    offering_id TEXT NOT NULL REFERENCES pd_offerings(id),
    staff_id TEXT NOT NULL REFERENCES staff(id),
    status TEXT NOT NULL DEFAULT 'interested'
        CHECK (status IN ('interested', 'enrolled', 'waitlisted', 'completed', 'incomplete',
                          'withdrawn')),
    enrolled_on TEXT,
    completed_on TEXT,                    -- completed: the day; incomplete: the day it was closed out
    hours_credited REAL NOT NULL DEFAULT 0 CHECK (hours_credited >= 0),
    reflection_learned TEXT NOT NULL DEFAULT '',
    reflection_use TEXT NOT NULL DEFAULT '',
    rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
    waitlisted_at TEXT,                   -- when they joined the waitlist: first in, first promoted
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (offering_id, staff_id)
);
INSERT INTO enrollments_format4 (id, offering_id, staff_id, status, enrolled_on, completed_on,
    hours_credited, reflection_learned, reflection_use, rating, waitlisted_at, created_at, updated_at)
SELECT id, offering_id, staff_id, status, enrolled_on, completed_on, hours_credited,
       reflection_learned, reflection_use, rating, waitlisted_at, created_at, updated_at
FROM enrollments ORDER BY rowid;
DROP TABLE enrollments;
ALTER TABLE enrollments_format4 RENAME TO enrollments;
CREATE INDEX enrollments_staff ON enrollments(staff_id);

-- One row per enrolled teacher and session: present, absent or excused. No row: not taken yet.
CREATE TABLE pd_attendance (
    id TEXT PRIMARY KEY,
    enrollment_id TEXT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL REFERENCES pd_sessions(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (enrollment_id, session_id)
);
CREATE INDEX pd_attendance_session ON pd_attendance(session_id);
