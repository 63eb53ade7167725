-- Data format 13: indexes for lists read a page at a time on a district's ten years.
-- The Observations list reads its newest page straight from an index in its own order
-- (date, time begun, time written), for the school or one teacher; each visit's levels
-- are averaged from covering indexes (which also give "Noticed for you" each score's indicator),
-- never from the table's rows; "My visits" and the
-- Observer filter find observers by id; the Tag filter's choices come from the visits
-- that have tags. (Measured on 200,000 visits: the first page of the school's year in
-- 10 ms instead of every row of the year, 5 s.)
DROP INDEX observations_date;
DROP INDEX observations_staff_date;
CREATE INDEX observations_newest ON observations(observed_on, started_at, created_at);
CREATE INDEX observations_staff_newest ON observations(staff_id, observed_on, started_at, created_at);
CREATE INDEX observations_observer ON observations(observer_id, observed_on);
CREATE INDEX observations_tags ON observations(tags) WHERE tags != '';
CREATE INDEX observation_scores_levels ON observation_scores(observation_id, score, indicator_id);
CREATE INDEX observation_look_fors_levels ON observation_look_fors(observation_id, score);
-- The goals list in its own order (active goals first, then drafts, each by due date) and
-- the conversations list newest first read their first page from these (on 20,000 goals
-- and 60,000 conversations: 11 ms and 2 ms a page instead of 98 ms and 164 ms).
CREATE INDEX goals_natural ON goals((CASE status WHEN 'active' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END),
                                    coalesce(due_on, '9999'));
CREATE INDEX conversations_newest ON conversations(held_on, created_at);
-- Visits (observations.VISIT: complete ones) counted for the school by date, and per
-- teacher (the last visit, the term's and the year's): Coverage on 200,000 visits read
-- them in 1.5 s, table row by table row.
CREATE INDEX observations_visits ON observations(observed_on, staff_id) WHERE status = 'complete';
CREATE INDEX observations_staff_visits ON observations(staff_id, observed_on) WHERE status = 'complete';
-- The Overview's overdue steps, the longest overdue first, a page at a time: open steps by
-- due date (on 60,000 steps, 17,000 open, the page read them all and sorted them).
CREATE INDEX action_steps_open_due ON action_steps(due_on) WHERE status = 'open';
