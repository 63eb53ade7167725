"""Every acknowledged save survives kill -9; no multi-row action is ever half-saved.

A real child process (tests/helpers/writer.py) opens the file with
``open_database`` and saves through the application's own write functions,
printing a line after each commit. It is killed with SIGKILL at random moments,
more than fifty times in a row on the same file, and after each kill the file
is checked.
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db import staff
from db.connection import open_database

REPO = Path(__file__).resolve().parents[2]
KILLS = 55
TIME_BUDGET_SECONDS = 60


class Acknowledged:
    def __init__(self):
        self.added: set[str] = set()
        self.years: dict[str, int] = {}
        self.goals: dict[str, int] = {}

    def record(self, line: str) -> None:
        kind, *values = line.split()
        if kind == "add":
            self.added.add(values[0])
        elif kind == "update":
            self.years[values[0]] = max(self.years.get(values[0], -1), int(values[1]))
        elif kind == "multi":
            self.goals[values[0]] = int(values[1])
        else:
            raise AssertionError(f"unexpected line from the writer: {line!r}")


def _check_file(path: Path, acked: Acknowledged) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        people = dict(conn.execute("SELECT id, years_experience FROM staff"))
        missing = acked.added - set(people)
        assert not missing, f"acknowledged staff lost: {sorted(missing)[:3]}"
        for person, years in acked.years.items():
            assert people[person] is not None and people[person] >= years, "an acknowledged edit was lost"
        steps = dict(conn.execute(
            "SELECT goals.id, count(action_steps.id) FROM goals "
            "LEFT JOIN action_steps ON action_steps.goal_id = goals.id GROUP BY goals.id"
        ))
        missing_goals = set(acked.goals) - set(steps)
        assert not missing_goals, "an acknowledged goal was lost"
        for goal, description in conn.execute("SELECT id, description FROM goals"):
            assert steps[goal] == int(description), "a goal was saved without all of its steps"
        orphan_check_ins = conn.execute(
            "SELECT count(*) FROM goals WHERE NOT EXISTS "
            "(SELECT 1 FROM goal_check_ins WHERE goal_id = goals.id)"
        ).fetchone()[0]
        assert orphan_check_ins == 0, "a goal was saved without its check-in"
        audited = conn.execute(
            "SELECT count(*) FROM staff WHERE id NOT IN "
            "(SELECT row_id FROM audit_log WHERE table_name = 'staff' AND action = 'insert')"
        ).fetchone()[0]
        assert audited == 0, "a staff member was saved without its audit entry"
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_dash_nine_at_random_moments_loses_nothing_acknowledged(tmp_path):
    path = tmp_path / "cultivate.db"
    db = open_database(path)
    staff.add(db, first_name="First", last_name="Teacher")
    db.close()
    rng = random.Random(20260124)
    acked = Acknowledged()
    started = time.monotonic()
    kills = 0
    for round_number in range(1, KILLS + 1):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.writer", str(path), str(round_number)],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            assert child.stdout.readline().strip() == "ready", child.stderr.read()
            # Kill after a random number of acknowledged saves (sometimes none), so the
            # kill lands in every phase: mid-statement, mid-transaction, mid-commit.
            for _ in range(rng.choice([0, 1, 2, 3, 5, 8, 13, 21, 34])):
                line = child.stdout.readline()
                assert line, child.stderr.read()
                acked.record(line)
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=30)
            # Lines already in the pipe were printed after their commit: acknowledged too.
            for line in child.stdout.read().splitlines():
                acked.record(line)
            assert child.returncode == -signal.SIGKILL, child.stderr.read()
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            child.stdout.close()
            child.stderr.close()
        kills += 1
        _check_file(path, acked)
        assert time.monotonic() - started < TIME_BUDGET_SECONDS * 2, "crash test is far too slow"
    assert kills >= 50
    assert len(acked.added) > 20 and len(acked.goals) > 20 and acked.years
    # After all that, the application still opens the file without complaint.
    db = open_database(path)
    assert staff.count(db) >= len(acked.added)
    db.close()
