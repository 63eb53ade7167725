"""kill -9 in the middle of a walkthrough loses nothing that was on screen.

A real child process (tests/helpers/walkthrough_writer.py) types into the Quick
walkthrough dialog itself, offscreen, acknowledging each keystroke once the dialog
has handled it. It is killed with SIGKILL at random moments, again and again on the
same file; each new child reopens the draft the way the next start does. After every
kill the file must hold every acknowledged keystroke.
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db import observations, rubrics, staff
from db.connection import open_database
from tests.helpers.walkthrough_writer import GLOW_TEXT

REPO = Path(__file__).resolve().parents[2]
KILLS = 24


class Seen:
    def __init__(self):
        self.visit: str | None = None
        self.glow = 0
        self.marks: dict[int, int | None] = {}
        self.evidence: dict[str, str] = {}

    def record(self, line: str) -> None:
        kind, _, rest = line.rstrip("\n").partition(" ")
        if kind == "ready":
            assert self.visit in (None, rest), "a second walkthrough was started: the draft was not reopened"
            self.visit = rest
        elif kind == "glow":
            self.glow = max(self.glow, int(rest))
        elif kind == "mark":
            row, level = rest.split(" ")
            self.marks[int(row)] = None if level == "None" else int(level)
        elif kind == "evidence":
            line_id, _, text = rest.partition(" ")
            self.evidence[line_id] = text
        else:
            raise AssertionError(f"unexpected line from the writer: {line!r}")


def _check(path: Path, seen: Seen, items: list[tuple[str, str]]) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = conn.execute("SELECT id, status, glow FROM observations").fetchall()
        assert [(row[0], row[1]) for row in rows] == [(seen.visit, "draft")]
        glow = rows[0][2]
        assert len(glow) >= seen.glow and glow == GLOW_TEXT[:len(glow)], "typed glow lost"
        look_fors = dict(conn.execute(
            "SELECT look_for_id, score FROM observation_look_fors WHERE observation_id = ?", [seen.visit]))
        scores = dict(conn.execute(
            "SELECT indicator_id, score FROM observation_scores WHERE observation_id = ?", [seen.visit]))
        for row, level in seen.marks.items():
            kind, item_id = items[row]
            stored = look_fors if kind == "look_for" else scores
            assert item_id in stored and stored[item_id] == level, f"score in row {row} lost"
        lines = dict(conn.execute(
            "SELECT id, text FROM observation_evidence WHERE observation_id = ?", [seen.visit]))
        for line_id, text in seen.evidence.items():
            assert line_id in lines and lines[line_id].startswith(text), \
                "evidence typed on screen was lost"
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_dash_nine_mid_walkthrough_loses_no_keystroke(tmp_path):
    path = tmp_path / "cultivate.db"
    db = open_database(path)
    rubric = rubrics.get_rubric(db, rubrics.load_default_rubric(db))
    staff.add(db, first_name="Ana", last_name="Lopez")
    db.close()
    items = [("look_for", lf.id) for lf in rubric.look_fors] + [
        ("indicator", i.id) for i in rubric.indicators]
    rng = random.Random(20261124)
    seen = Seen()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for round_number in range(1, KILLS + 1):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.walkthrough_writer", str(path), str(round_number)],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            line = child.stdout.readline()
            assert line.startswith("ready "), child.stderr.read()
            seen.record(line)
            for _ in range(rng.choice([0, 1, 3, 7, 15, 30, 60])):
                line = child.stdout.readline()
                assert line, child.stderr.read()
                seen.record(line)
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=30)
            for line in child.stdout.read().splitlines():   # printed after their save
                seen.record(line)
            assert child.returncode == -signal.SIGKILL, child.stderr.read()
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            child.stdout.close()
            child.stderr.close()
        _check(path, seen, items)
    assert seen.glow > 20 and seen.marks and seen.evidence
    # The next start finds the draft to reopen, with everything in it.
    db = open_database(path)
    assert observations.drafts(db, kind="walkthrough") == [seen.visit]
    assert observations.get_observation(db, seen.visit).glow.startswith(GLOW_TEXT[:seen.glow])
    db.close()
