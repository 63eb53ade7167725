"""The rooms PD sessions are held in, and how many each seats.

A session's location is free text; when it is a room's name (in any case) the room's
seats limit how many can attend, and two sessions in one room at the same time clash.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from db import records
from db.errors import NeedsCorrection

MAX_SEATS = 10_000


class RoomError(NeedsCorrection):
    """A room that cannot be saved; the message says why."""


@dataclass(frozen=True)
class Room:
    id: str
    name: str
    seats: int | None          # None: not limited

    @property
    def key(self) -> str:
        return room_key(self.name)


def room_key(name: str) -> str:
    """How a location is matched to a room: spacing and case do not matter."""
    return " ".join((name or "").split()).casefold()


def list_rooms(db: Database) -> list[Room]:
    return [Room(row["id"], row["name"], row["seats"])
            for row in db.query("SELECT id, name, seats FROM pd_rooms ORDER BY name COLLATE NOCASE")]


def seats_by_room(db: Database) -> dict[str, int | None]:
    return {room.key: room.seats for room in list_rooms(db)}


def _clean(db: Database, name: str, seats: int | None, room_id: str | None) -> dict:
    name = " ".join((name or "").split())
    if not name:
        raise RoomError("A room needs a name, as it is written in the sessions' location.", field="name")
    if seats is not None and (isinstance(seats, bool) or not isinstance(seats, int)
                              or not 0 <= seats <= MAX_SEATS):
        raise RoomError(f"Seats must be a whole number from 0 to {MAX_SEATS:,} (or no limit).",
                        field="seats")
    clash = db.execute("SELECT id FROM pd_rooms WHERE name = ? COLLATE NOCASE AND id IS NOT ?",
                       [name, room_id]).fetchone()
    if clash:
        raise RoomError(f"There is already a room called “{name}”.", field="name")
    return {"name": name, "seats": seats}


def add_room(db: Database, name: str, seats: int | None) -> str:
    with db.atomic():
        return records.insert(db, "pd_rooms", _clean(db, name, seats, None))


def update_room(db: Database, room_id: str, name: str, seats: int | None) -> None:
    with db.atomic():
        records.update(db, "pd_rooms", room_id, _clean(db, name, seats, room_id))


def delete_room(db: Database, room_id: str) -> None:
    """Sessions keep their location text; only the seat limit goes."""
    db.execute("DELETE FROM pd_rooms WHERE id = ?", [room_id])
