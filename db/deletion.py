"""Deleting a record, and saying beforehand what goes with it.

What a deletion takes along is read from the schema, not written out per screen: a
foreign key ``ON DELETE CASCADE`` means the child rows go too (and their children),
``ON DELETE SET NULL`` means they stay but lose the link, and any other foreign key
means the record may not be deleted while something still points at it (a teacher
with observations is archived, not deleted). The deletion itself is one statement; the
connection's triggers leave the tombstones and the audit rows (:mod:`db.audit`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from db.errors import NeedsCorrection

# How a person says "one of these" and "several of these", by table.
NOUNS: dict[str, tuple[str, str]] = {
    "staff": ("person", "people"),
    "schools": ("school", "schools"),
    "observations": ("observation", "observations"),
    "observation_scores": ("score", "scores"),
    "observation_look_fors": ("look-for mark", "look-for marks"),
    "observation_evidence": ("evidence line", "evidence lines"),
    "goals": ("goal", "goals"),
    "action_steps": ("action step", "action steps"),
    "goal_check_ins": ("check-in", "check-ins"),
    "conversations": ("conversation", "conversations"),
    "conversation_goals": ("goal link", "goal links"),
    "self_assessments": ("self-assessment", "self-assessments"),
    "self_assessment_ratings": ("rating", "ratings"),
    "pd_offerings": ("PD offering", "PD offerings"),
    "pd_offering_indicators": ("indicator link", "indicator links"),
    "pd_sessions": ("session", "sessions"),
    "enrollments": ("enrollment", "enrollments"),
    "celebrations": ("celebration", "celebrations"),
    "celebration_staff": ("person celebrated", "people celebrated"),
    "wellbeing_check_ins": ("wellbeing check-in", "wellbeing check-ins"),
    "rubrics": ("rubric", "rubrics"),
}
# Rows that only link two records: they go with either one without being worth a word
# ("this goal and its 3 action steps", not "… and its 1 goal link").
LINKS = frozenset({"conversation_goals", "celebration_staff", "pd_offering_indicators"})
# A link that stops a deletion is named by what it links to: "1 celebration".
LINK_NOUNS = {"celebration_staff": ("celebration", "celebrations"),
              "conversation_goals": ("conversation", "conversations")}


class CannotDelete(NeedsCorrection):
    """Something still points at the record; ``str()`` says what, and what to do instead."""


@dataclass(frozen=True)
class Reference:
    child: str
    column: str
    on_delete: str     # CASCADE, SET NULL, or anything else (NO ACTION, RESTRICT)


@dataclass(frozen=True)
class Consequences:
    """What deleting one record would do, counted in the file as it is now."""

    table: str
    row_id: str
    goes_with: tuple[tuple[str, int], ...] = ()   # (table, rows) deleted along with it
    unlinked: tuple[tuple[str, int], ...] = ()    # (table, rows) kept, their link cleared
    blocked_by: tuple[tuple[str, int], ...] = ()  # (table, rows) that forbid the deletion

    @property
    def allowed(self) -> bool:
        return not self.blocked_by

    def sentence(self, what: str) -> str:
        """"this walkthrough, its 7 scores and 3 evidence lines" for *what* = "this walkthrough"."""
        parts = [count_words(table, count) for table, count in self.goes_with if table not in LINKS]
        if parts:
            parts[0] = f"its {parts[0]}"
        return join_words([what, *parts])

    def question(self, what: str) -> str:
        """The one question a deletion asks, in plain words."""
        text = f"Delete {self.sentence(what)}?"
        if self.unlinked:
            kept = join_words([count_words(table, count) for table, count in self.unlinked])
            text += f" {kept[:1].upper()}{kept[1:]} will stay, without the link to it."
        return text + " You can take it back with Edit ▸ Undo."

    def refusal(self, what: str, *, it: str = "it") -> str:
        """Why it cannot be deleted, naming what points at it."""
        held = join_words([count_words(table, count, LINK_NOUNS.get(table))
                           for table, count in self.blocked_by])
        verb = "refers" if sum(count for _, count in self.blocked_by) == 1 else "refer"
        return f"{what[:1].upper()}{what[1:]} cannot be deleted while {held} still {verb} to {it}."


def count_words(table: str, count: int, nouns: tuple[str, str] | None = None) -> str:
    """"3 evidence lines", "1 score": how many rows of *table*, in words."""
    one, many = nouns or NOUNS.get(table, (table.replace("_", " ").rstrip("s"),
                                           table.replace("_", " ")))
    return f"{count} {one if count == 1 else many}"


def join_words(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def references(db: Database) -> dict[str, list[Reference]]:
    """Every foreign key in the file, by the table it points at."""
    found: dict[str, list[Reference]] = {}
    for child in db.table_names():
        if child.startswith("sqlite_"):
            continue
        for row in db.execute(f'PRAGMA foreign_key_list("{child}")').fetchall():
            parent, column, on_delete = row[2], row[3], (row[6] or "").upper()
            found.setdefault(parent, []).append(Reference(child, column, on_delete))
    return found


def _ids(values) -> str:
    return json.dumps(sorted(values))


def consequences(db: Database, table: str, row_id: str) -> Consequences:
    """What deleting *row_id* from *table* would delete, unlink, or be stopped by."""
    graph = references(db)
    gone: dict[str, set[str]] = {table: {row_id}}
    unlinked: dict[str, set[str]] = {}
    blocked: dict[str, set[str]] = {}
    pending = [(table, {row_id})]
    while pending:
        parent, parent_ids = pending.pop()
        for ref in graph.get(parent, ()):
            rows = {r[0] for r in db.execute(
                f'SELECT id FROM "{ref.child}" WHERE "{ref.column}" IN '
                "(SELECT value FROM json_each(?))", [_ids(parent_ids)])}
            rows -= gone.get(ref.child, set())
            if not rows:
                continue
            if ref.on_delete == "CASCADE":
                gone.setdefault(ref.child, set()).update(rows)
                pending.append((ref.child, rows))
            elif ref.on_delete == "SET NULL":
                unlinked.setdefault(ref.child, set()).update(rows)
            else:
                blocked.setdefault(ref.child, set()).update(rows)
    # A row deleted through one link is not also "unlinked" or "blocking" through another.
    for kind in (unlinked, blocked):
        for child in list(kind):
            kind[child] -= gone.get(child, set())
            if not kind[child]:
                del kind[child]
    order = list(NOUNS)

    def counted(found: dict[str, set[str]]) -> tuple[tuple[str, int], ...]:
        return tuple(sorted(((t, len(ids)) for t, ids in found.items()),
                            key=lambda item: order.index(item[0]) if item[0] in order else 99))

    return Consequences(table, row_id, counted({t: i for t, i in gone.items() if t != table}),
                        counted(unlinked), counted(blocked))


def delete(db: Database, table: str, row_id: str, *, what: str = "", it: str = "it") -> Consequences:
    """Delete one record with what cascades from it; refused, changing nothing, while
    other records still point at it. Returns what was deleted with it."""
    found = consequences(db, table, row_id)
    if not found.allowed:
        raise CannotDelete(found.refusal(what or f"this {NOUNS.get(table, (table, ''))[0]}", it=it))
    cursor = db.execute(f'DELETE FROM "{table}" WHERE id = ?', [row_id])
    if cursor.rowcount == 0:
        raise NeedsCorrection("That record no longer exists; it may have been deleted already.")
    return found
