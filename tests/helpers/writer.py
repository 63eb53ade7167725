"""Child process for the crash-safety test: a principal saving as fast as they can.

Usage: python -m tests.helpers.writer DATA_FILE ROUND

Opens the file the way the window does and repeats user actions through the
application's own write functions, printing one acknowledgement line after each
action has committed (what the window would show as "saved"):

    add <staff id>                  a new staff member
    update <staff id> <years>       an edit to one field (years rise with every edit)
    multi <goal id> <steps>         a goal with its action steps and a check-in, one transaction

The parent kills this process with SIGKILL at random moments and then checks the file.
"""

from __future__ import annotations

import random
import sys

from db import records, staff
from db.connection import open_database, saving


def main() -> int:
    path, round_number = sys.argv[1], int(sys.argv[2])
    rng = random.Random(round_number)
    db = open_database(path, actor="crash-test")
    people = [person.id for person in staff.list_staff(db)]
    print("ready", flush=True)
    notes = "Observed a strong opening; pairs discussed the question. " * 40
    for number in range(1_000_000):
        # Strictly rising across rounds, so an edit can be told from an older one.
        years = round_number * 100_000 + number
        choice = rng.random()
        with saving(db):
            if choice < 0.35 or not people:
                person = staff.add(db, first_name=f"W{round_number}-{number}", last_name="Writer",
                                   career_goals=notes)
                people.append(person)
                line = f"add {person}"
            elif choice < 0.65:
                person = rng.choice(people)
                staff.update(db, person, years_experience=years, interests=notes[: number % 500])
                line = f"update {person} {years}"
            else:
                steps = rng.randint(2, 12)
                with db.atomic():
                    goal = records.insert(db, "goals", {
                        "staff_id": rng.choice(people), "title": f"Goal {round_number}-{number}",
                        "description": str(steps), "measure": notes,
                    })
                    for position in range(steps):
                        records.insert(db, "action_steps", {
                            "goal_id": goal, "description": f"Step {position}: {notes[:300]}",
                            "position": position,
                        })
                    records.insert(db, "goal_check_ins", {
                        "goal_id": goal, "checked_on": "2026-01-01", "progress": 10, "notes": notes,
                    })
                line = f"multi {goal} {steps}"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
