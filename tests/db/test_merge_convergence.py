"""Three laptops edit, delete and merge in any order: they converge, and no edit is lost.

A hypothesis state machine drives three copies of one school. Each step is an edit, a
new record, a deletion, a merge of one copy into another (the same delivery may come
twice), or the clock jumping (laptops' clocks disagree). Alongside, the test keeps the
ground truth of who had seen what: every edit writes a unique token, and remembers the
tokens its author had seen for that record. At the end every copy is merged with every
other until nothing changes, and then:

* all three copies hold the same records and tombstones;
* every token survives: it is the current version, or the author of the current version
  (or of the deletion) had seen it, or it is kept in a conflict of some copy.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlite_utils import Database

from db import audit, clock, merge, records
from db.connection import open_memory, register_functions

COPIES = ("A", "B", "C")
PEOPLE = 4
_TEMPLATE: list[Database] = []


def fresh_file(actor: str) -> Database:
    """A new, empty, migrated file with its own device id (a copy of one migrated once)."""
    if not _TEMPLATE:
        _TEMPLATE.append(open_memory(actor="template"))
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    _TEMPLATE[0].conn.backup(conn)
    db = Database(conn)
    register_functions(db, actor=actor)
    db.execute("PRAGMA foreign_keys = ON")
    audit.install(db)
    db.execute("UPDATE replica SET device_id = ?", [str(uuid.uuid4())])
    db.conn.commit()
    return db


class Laptops(RuleBasedStateMachine):
    @initialize()
    def school(self):
        self.db = {}
        seed = fresh_file("seed")
        school = records.insert(seed, "schools", {"name": "North"})
        self.people = [records.insert(seed, "staff", {"first_name": f"P{n}", "school_id": school,
                                                      "subjects": f"seed{n}"})
                       for n in range(PEOPLE)]
        for name in COPIES:
            copy = fresh_file(name)
            merge.merge_databases(copy, seed, allow_mass_delete=True)
            copy.execute("UPDATE replica SET name = ?", [name])
            self.db[name] = copy
        seed.close()
        self.counter = 0
        # token -> the tokens (and deletions) its author had seen for that record
        self.past: dict[str, set[str]] = {f"seed{n}": set() for n in range(PEOPLE)}
        self.token_record = {f"seed{n}": self.people[n] for n in range(PEOPLE)}
        # copy -> record -> tokens seen there
        self.seen = {name: {pid: {f"seed{n}"} for n, pid in enumerate(self.people)}
                     for name in COPIES}
        self.deletions: dict[str, set[str]] = {}   # "del:<n>" -> the tokens seen by its author

    def _token(self, prefix: str = "t") -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    @rule(copy=st.sampled_from(COPIES), person=st.integers(0, PEOPLE - 1),
          column=st.sampled_from(["subjects", "grades", "interests"]))
    def edit(self, copy, person, column):
        db = self.db[copy]
        person_id = self.people[person]
        if records.get(db, "staff", person_id) is None:
            return
        token = self._token()
        records.update(db, "staff", person_id, {column: token, "career_goals": token})
        self.past[token] = set(self.seen[copy][person_id])
        self.token_record[token] = person_id
        self.seen[copy][person_id].add(token)

    @rule(copy=st.sampled_from(COPIES))
    def add_person(self, copy):
        db = self.db[copy]
        token = self._token()
        person_id = records.insert(db, "staff", {"first_name": token, "career_goals": token})
        self.people.append(person_id)
        self.past[token] = set()
        self.token_record[token] = person_id
        for name in COPIES:
            self.seen[name][person_id] = set()
        self.seen[copy][person_id].add(token)

    @rule(copy=st.sampled_from(COPIES), person=st.integers(0, 20))
    def delete(self, copy, person):
        if person >= len(self.people):
            return
        db = self.db[copy]
        person_id = self.people[person]
        if records.get(db, "staff", person_id) is None:
            return
        token = self._token("del:")
        db.execute("DELETE FROM staff WHERE id = ?", [person_id])
        self.deletions[token] = set(self.seen[copy][person_id])
        self.token_record[token] = person_id
        self.seen[copy][person_id].add(token)

    @rule(into=st.sampled_from(COPIES), source=st.sampled_from(COPIES), twice=st.booleans())
    def exchange(self, into, source, twice):
        if into == source:
            return
        for _ in range(2 if twice else 1):
            merge.merge_databases(self.db[into], self.db[source], allow_mass_delete=True)
        for person_id, tokens in self.seen[source].items():
            self.seen[into].setdefault(person_id, set()).update(tokens)

    @rule(milliseconds=st.integers(-40, 40))
    def clocks_disagree(self, milliseconds):
        clock.advance(timedelta(milliseconds=milliseconds))

    @precondition(lambda self: hasattr(self, "db"))
    @invariant()
    def files_stay_whole(self):
        for db in self.db.values():
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []

    def teardown(self):
        if not hasattr(self, "db"):
            return
        try:
            self._converge_and_check()
        finally:
            for db in self.db.values():
                db.close()

    def _converge_and_check(self):
        for _round in range(4):
            for target in COPIES:
                for source in COPIES:
                    if target != source:
                        merge.merge_databases(self.db[target], self.db[source], allow_mass_delete=True)
        contents = {name: merge.contents(db) for name, db in self.db.items()}
        assert contents["A"] == contents["B"] == contents["C"]
        # A last exchange changes nothing: it has converged, not just met once.
        for target in COPIES:
            for source in COPIES:
                if target != source:
                    done = merge.merge_databases(self.db[target], self.db[source])
                    assert done.value.summary() == "added 0, updated 0, deleted 0, conflicts 0"

        # What survives of each record: its current version (or its deletions), and every
        # version a conflict keeps aside; with them, every version their authors had seen.
        survivors: dict[str, set[str]] = {}
        for db in self.db.values():
            for row_id, ours, theirs in db.execute(
                    "SELECT row_id, ours_json, theirs_json FROM merge_conflicts WHERE table_name = 'staff'"):
                for text in (ours, theirs):
                    if text:
                        survivors.setdefault(row_id, set()).add(json.loads(text)["career_goals"]
                                                                or json.loads(text)["subjects"])
                    else:   # a deletion set aside: it, and what its author had seen, survive
                        survivors.setdefault(row_id, set()).update(
                            d for d, rid in self.token_record.items()
                            if d.startswith("del:") and rid == row_id)
        final = self.db["A"]
        for person_id in self.people:
            row = records.get(final, "staff", person_id)
            if row is not None:
                survivors.setdefault(person_id, set()).add(row["career_goals"] or row["subjects"])
            else:
                survivors.setdefault(person_id, set()).update(
                    d for d, rid in self.token_record.items() if d.startswith("del:") and rid == person_id)
        for token, person_id in self.token_record.items():
            if token.startswith("del:"):
                continue
            kept = survivors.get(person_id, set())
            assert token in kept or any(token in self._ancestors(version) for version in kept), \
                f"the edit {token} of {person_id} was lost"

    def _ancestors(self, token: str) -> set[str]:
        found, todo = set(), [token]
        while todo:
            node = todo.pop()
            for parent in self.past.get(node) or self.deletions.get(node) or set():
                if parent not in found:
                    found.add(parent)
                    todo.append(parent)
        return found


Laptops.TestCase.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
test_three_laptops_converge_and_lose_no_edit = pytest.mark.slow(Laptops.TestCase)
