"""Rubrics to and from files (JSON and CSV), so a district can load its own framework.

A file is read and checked as a whole before anything is written: a malformed file is
refused with the line and the reason, and nothing of it is installed. Importing a
rubric whose family is already here saves it as an edit of that family (see
:func:`db.rubrics.save_edited_rubric`): a version that has been used is kept as it was.

CSV layout, one record per row (the header row names the columns)::

    record,code,name,description,domain,indicator,level 1,level 2,level 3,level 4
    rubric,<family id or blank>,District rubric,What it is for,<source>,,,,,
    level,1,Beginning,,,,,,,
    domain,A,Classroom culture,,,,,,,
    indicator,A.1,Routines,Students know what to do,A,,<level 1 text>,…,<level 4 text>
    look_for,,Students start work within two minutes,,,A.1,,,,
"""

from __future__ import annotations

import csv
import io
import json
from json import scanner
from json.decoder import JSONArray, JSONObject
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from db import rubrics, text_files
from db.rubrics import FORMAT_VERSION, Rubric, RubricFormatError

CSV_COLUMNS = ("record", "code", "name", "description", "domain", "indicator")
RECORDS = ("rubric", "level", "domain", "indicator", "look_for")
MAX_FILE_BYTES = 5_000_000


class RubricFileError(RubricFormatError):
    """A rubric file that cannot be imported; says which line and why."""

    def __init__(self, path: Path | str, line: int | None, reason: str):
        self.path = Path(path)
        self.line = line
        self.reason = reason
        where = f"line {line}" if line else "the file"
        super().__init__(f"{self.path.name}, {where}: {reason}")

    way_out = ("Fix that line and import the file again. Nothing from this file was "
               "imported, so the rubrics you had are unchanged.")


# --- writing files ---------------------------------------------------------------------------

def rubric_to_data(rubric: Rubric) -> dict:
    """The rubric in the same shape as the shipped JSON file (and :func:`install_rubric`)."""
    return {
        "format_version": FORMAT_VERSION,
        "family_id": rubric.family_id,
        "version": rubric.version,
        "name": rubric.name,
        "description": rubric.description,
        "source": rubric.source,
        "levels": [{"level": item.level, "label": item.label} for item in rubric.levels],
        "domains": [
            {"code": domain.code, "name": domain.name, "indicators": [
                {"code": indicator.code, "name": indicator.name,
                 "description": indicator.description,
                 "descriptors": {str(level): text for level, text in indicator.descriptors.items()}}
                for indicator in domain.indicators]}
            for domain in rubric.domains],
        "look_fors": [
            {"text": item.text, **({"indicator": item.indicator_code} if item.indicator_code else {})}
            for item in rubric.look_fors],
    }


def to_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


class _SafeWriter:
    """csv.writer whose text cells a spreadsheet shows as text, never runs as formulas."""

    def __init__(self, buffer):
        self._writer = csv.writer(buffer, lineterminator="\n")

    def writerow(self, row) -> None:
        self._writer.writerow([text_files.spreadsheet_cell(cell) for cell in row])


def to_csv(data: dict) -> str:
    levels = [item["level"] for item in data["levels"]]
    buffer = io.StringIO()
    writer = _SafeWriter(buffer)
    writer.writerow([*CSV_COLUMNS, *(f"level {level}" for level in levels)])
    blanks = [""] * len(levels)
    writer.writerow(["rubric", data.get("family_id", ""), data["name"],
                     data.get("description", ""), data.get("source", ""), "", *blanks])
    for item in data["levels"]:
        writer.writerow(["level", item["level"], item["label"], "", "", "", *blanks])
    for domain in data["domains"]:
        writer.writerow(["domain", domain["code"], domain["name"], "", "", "", *blanks])
        for indicator in domain["indicators"]:
            writer.writerow(["indicator", indicator["code"], indicator["name"],
                             indicator.get("description", ""), domain["code"], "",
                             *(indicator["descriptors"].get(str(level), "") for level in levels)])
    for item in data.get("look_fors") or []:
        writer.writerow(["look_for", "", item["text"], "", "", item.get("indicator") or "", *blanks])
    return buffer.getvalue()


def export_rubric(db: Database, rubric_id: str, target: Path) -> Path:
    """Write the rubric to *target*; CSV if it ends in .csv, JSON otherwise."""
    from desktop.atomic_files import write_text

    rubric = rubrics.get_rubric(db, rubric_id)
    if rubric is None:
        raise RubricFormatError("That rubric no longer exists.")
    data = rubric_to_data(rubric)
    target = Path(target)
    text = to_csv(data) if target.suffix.lower() == ".csv" else to_json(data)
    write_text(target, text)
    return target


# --- reading files ---------------------------------------------------------------------------

class _Located(dict):
    """A JSON object that remembers the line it started on."""

    line: int = 0


def _line_aware_decoder() -> json.JSONDecoder:
    decoder = json.JSONDecoder(object_pairs_hook=_Located)

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        text, end = s_and_end
        value, after = JSONObject(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo)
        if isinstance(value, _Located):
            value.line = text.count("\n", 0, end) + 1
        return value, after

    decoder.parse_object = parse_object
    decoder.parse_array = JSONArray
    # The C scanner ignores parse_object; the pure-Python one calls it for every object.
    decoder.scan_once = scanner.py_make_scanner(decoder)
    return decoder


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise RubricFileError(path, None, f"it cannot be read ({error.strerror or error}).") from None
    if len(raw) > MAX_FILE_BYTES:
        raise RubricFileError(path, None, "it is too large to be a rubric (over 5 MB).")
    try:
        return text_files.decode(raw, path.name)
    except text_files.UnreadableTextError as error:
        raise RubricFileError(path, None, str(error).replace(f"“{path.name}” ", "this file ", 1)) from None


def _line_of(item: Any, lines: dict[int, int] | None = None) -> int | None:
    if lines is not None:
        return lines.get(id(item))
    return getattr(item, "line", None) or None


def read_json(path: Path) -> dict:
    path = Path(path)
    text = _read_text(path)
    try:
        data = _line_aware_decoder().decode(text)
    except json.JSONDecodeError as error:
        raise RubricFileError(path, error.lineno, f"this is not valid JSON ({error.msg}).") from None
    except RecursionError:
        raise RubricFileError(path, None, "the JSON is nested too deeply to be a rubric.") from None
    text_files.imported_data(data)   # invisible characters out, formulas neutralised, in place
    try:
        rubrics.validate_rubric(data)
    except RubricFormatError as error:
        raise RubricFileError(path, _line_of(error.item) or 1, str(error)) from None
    return _plain(data)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def read_csv(path: Path) -> dict:
    path = Path(path)
    text = _read_text(path)
    try:
        records = list(text_files.csv_records(text, delimiter=","))
    except text_files.UnreadableTextError as error:
        raise RubricFileError(path, None, str(error)) from None
    for item in records:
        if isinstance(item, text_files.BadRecord):
            raise RubricFileError(path, item.line, item.reason + ".")
    rows = [[text_files.imported(cell) for cell in cells] for _line, cells in records]
    starts = [line for line, _cells in records]
    if not rows:
        raise RubricFileError(path, 1, "the file is empty.")
    header = [cell.strip().lower() for cell in rows[0]]
    if header[: len(CSV_COLUMNS)] != list(CSV_COLUMNS):
        raise RubricFileError(path, 1, "the first row must be the header: "
                              + ",".join(CSV_COLUMNS) + ",level 1,level 2,…")
    level_columns: list[int] = []
    for position, name in enumerate(header[len(CSV_COLUMNS):], start=len(CSV_COLUMNS)):
        number = name.removeprefix("level").strip()
        if not number.isdigit():
            raise RubricFileError(path, 1, f"column {position + 1} is “{name}”; descriptor "
                                  "columns are named level 1, level 2, …")
        level_columns.append(int(number))

    data: dict[str, Any] = {"format_version": FORMAT_VERSION, "levels": [], "domains": [],
                            "look_fors": []}
    lines: dict[int, int] = {}
    domains: dict[str, dict] = {}
    named = False
    for cells, line in zip(rows[1:], starts[1:], strict=True):
        record, code, name, description, domain_code, indicator_code = cells[: len(CSV_COLUMNS)]
        descriptors = cells[len(CSV_COLUMNS):]
        record = record.lower()
        if record == "rubric":
            if named:
                raise RubricFileError(path, line, "a second rubric row; one file holds one rubric.")
            named = True
            data.update(name=name, description=description, source=domain_code)
            if code:
                data["family_id"] = code
        elif record == "level":
            if not code.isdigit():
                raise RubricFileError(path, line, f"the level number must be a whole number, not “{code}”.")
            item = {"level": int(code), "label": name}
            lines[id(item)] = line
            data["levels"].append(item)
        elif record == "domain":
            if code in domains:
                raise RubricFileError(path, line, f"domain code {code} is used twice.")
            item = {"code": code, "name": name, "indicators": []}
            lines[id(item)] = line
            domains[code] = item
            data["domains"].append(item)
        elif record == "indicator":
            if domain_code not in domains:
                raise RubricFileError(path, line, f"indicator {code or '(no code)'} names domain "
                                      f"“{domain_code}”, which has no domain row above it.")
            item = {"code": code, "name": name, "description": description,
                    "descriptors": {str(level): text for level, text
                                    in zip(level_columns, descriptors, strict=False) if text}}
            lines[id(item)] = line
            domains[domain_code]["indicators"].append(item)
        elif record == "look_for":
            item = {"text": name}
            if indicator_code:
                item["indicator"] = indicator_code
            lines[id(item)] = line
            data["look_fors"].append(item)
        else:
            raise RubricFileError(path, line, f"“{record}” is not a record type; use one of "
                                  + ", ".join(RECORDS) + ".")
    if not named:
        raise RubricFileError(path, None, "there is no rubric row naming the rubric.")
    for domain in data["domains"]:
        if not domain["indicators"]:
            raise RubricFileError(path, lines[id(domain)],
                                  f"domain {domain['code']} has no indicator rows.")
    try:
        rubrics.validate_rubric(data)
    except RubricFormatError as error:
        raise RubricFileError(path, _line_of(error.item, lines), str(error)) from None
    return data


def read_rubric_file(path: Path) -> dict:
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    if path.suffix.lower() == ".json":
        return read_json(path)
    raise RubricFileError(path, None, "Cultivate imports rubrics from .json or .csv files.")


def import_rubric(db: Database, path: Path, *, make_default: bool = False, backup: bool = True) -> str:
    """Check the whole file, keep a backup, then install it in one transaction; returns the rubric id.

    A rubric of a family already here is saved as an edit of its latest version.
    *backup=False* when the caller has kept one already (the window does, before
    its write transaction begins).
    """
    data = read_rubric_file(path)
    if backup:
        from db import backups

        backups.before_import(db)
    with db.atomic():
        family = data.get("family_id")
        existing = rubrics.latest_version_id(db, family) if family else None
        if existing:
            rubric_id = rubrics.save_edited_rubric(db, existing, data)
            if make_default:
                _make_default(db, rubric_id)
            return rubric_id
        data = {key: value for key, value in data.items() if key != "version"}
        return rubrics.install_rubric(db, data, is_default=make_default)


def _make_default(db: Database, rubric_id: str) -> None:
    from db import records

    stamp = records.utc_now()
    db.execute("UPDATE rubrics SET is_default = 0, updated_at = ? WHERE is_default = 1 AND id != ?",
               [stamp, rubric_id])
    records.update(db, "rubrics", rubric_id, {"is_default": 1})
