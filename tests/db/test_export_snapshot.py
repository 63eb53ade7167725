"""Export everything reads one consistent snapshot, even while another connection writes."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from db import records, staff
from db.connection import open_database, open_memory, open_read_only
from db.export import export_zip, import_json
from tests.helpers.school import fill_every_table


def _csv_rows(archive: zipfile.ZipFile, table: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(f"{table}.csv").decode("utf-8-sig"))))


def test_an_export_taken_while_another_connection_writes_is_one_moment(tmp_path):
    path = tmp_path / "cultivate.db"
    db = open_database(path)
    fill_every_table(db)
    db.close()
    writer = open_database(path)      # the window, saving while the export runs
    exporter = open_read_only(path)   # the export, on its own connection
    written = []

    def write_between_tables(statement: str) -> None:
        # Once staff has been read, the window adds a teacher and her wellbeing check-in.
        if not written and '"wellbeing_check_ins"' in statement and "SELECT" in statement:
            with writer.atomic():
                teacher = staff.add(writer, first_name="Late", last_name="Arrival")
                records.insert(writer, "wellbeing_check_ins", {
                    "staff_id": teacher, "checked_on": "2026-03-02",
                    "energy": 3, "workload": 4, "stress": 2})
            written.append(teacher)

    exporter.conn.set_trace_callback(write_between_tables)
    out = export_zip(exporter, tmp_path / "everything.zip", include_private=True)
    exporter.conn.set_trace_callback(None)
    exporter.close()
    writer.close()
    assert written, "the concurrent write never happened"

    with zipfile.ZipFile(out) as archive:
        people = {row["id"] for row in _csv_rows(archive, "staff")}
        check_ins = _csv_rows(archive, "wellbeing_check_ins")
        data = json.loads(archive.read("cultivate.json"))
    # Every check-in's teacher is in the export: no check-in without its teacher.
    assert all(row["staff_id"] in people for row in check_ins)
    assert written[0] not in people                     # the export is of the moment it began
    assert len(data["tables"]["staff"]["rows"]) == len(people)
    # ... and it imports back whole, every record with the records it points at.
    counts = import_json(open_memory(), out)
    assert counts["staff"] == len(people)
