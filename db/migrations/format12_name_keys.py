"""Data format 12's one-off step: every existing staff member's name sort key.

Kept apart from :mod:`db._names` on purpose: a shipped migration must do the same thing
forever, whatever later becomes of the live folding rule (a change to it comes with a
migration of its own that refills the keys).
"""

from __future__ import annotations

import unicodedata

from sqlite_utils import Database

_FOLDED_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ß": "ss",
                                 "æ": "ae", "œ": "oe", "ı": "i"})
SEPARATOR = "\x1f"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold().translate(_FOLDED_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fill_keys(db: Database) -> None:
    rows = db.execute("SELECT id, first_name, last_name FROM staff").fetchall()
    db.conn.executemany("UPDATE staff SET sort_key = ? WHERE id = ?",
                        [(f"{_fold(last)}{SEPARATOR}{_fold(first)}", staff_id)
                         for staff_id, first, last in rows])
