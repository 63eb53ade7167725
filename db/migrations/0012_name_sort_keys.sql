-- Data format 12: a stored, indexed sort key for staff names. Lists sorted by name read
-- it through an index instead of calling a Python collation for every comparison (312 ms
-- to sort a district's 5,002 staff; the key makes it an index scan). The key is the last
-- and first name folded as a person reads them (case, accents and Ł, Ø, ß… set aside),
-- separated by U+001F so "Smith" sorts before "Smithson"; it is written wherever names
-- are written (db/staff.py, the demo school, imports and salvage).
ALTER TABLE staff ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
CREATE INDEX staff_sort ON staff(sort_key, last_name, first_name);
