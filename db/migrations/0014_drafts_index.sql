-- Data format 14: unfinished visits found without reading every visit. Cultivate reopens
-- the walkthrough left unfinished every time it starts, and the year-end summary counts
-- drafts; both read the whole observations table (200,000 visits on a district's ten
-- years: 77 ms warm and 170 ms from a cold disk of every start) for the handful there are.
CREATE INDEX observations_drafts ON observations(kind, updated_at) WHERE status = 'draft';
