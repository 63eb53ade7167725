-- Data format 7: who an offering is for, and the rooms sessions are held in.
--
-- An offering may name the subjects and grades it is for and a range of years of
-- experience ("new teachers": at most 2); blank means everyone. A PD day planner
-- only gives an offering to teachers it fits. Rooms have a number of seats; a session
-- whose location is a room's name holds no more people than the room seats.

-- Subjects and grades are comma separated, in the staff list's words (grades: K, 1 … 12).
ALTER TABLE pd_offerings ADD COLUMN audience_subjects TEXT NOT NULL DEFAULT '';
ALTER TABLE pd_offerings ADD COLUMN audience_grades TEXT NOT NULL DEFAULT '';
ALTER TABLE pd_offerings ADD COLUMN min_years_experience INTEGER
    CHECK (min_years_experience IS NULL OR min_years_experience >= 0);
ALTER TABLE pd_offerings ADD COLUMN max_years_experience INTEGER
    CHECK (max_years_experience IS NULL OR max_years_experience >= 0);

CREATE TABLE pd_rooms (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    seats INTEGER CHECK (seats IS NULL OR seats >= 0),   -- NULL: not limited
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX pd_rooms_name ON pd_rooms(name COLLATE NOCASE);

-- The starter catalog's offerings that were written for a particular audience.
UPDATE pd_offerings SET audience_subjects = 'Mathematics'
    WHERE title = 'Productive Struggle in Mathematics' AND audience_subjects = '';
UPDATE pd_offerings SET max_years_experience = 2
    WHERE title = 'New Teacher Mentoring Programme' AND max_years_experience IS NULL;
UPDATE pd_offerings SET min_years_experience = 5
    WHERE title = 'Mentoring the Mentors' AND min_years_experience IS NULL;
