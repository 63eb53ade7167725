"""Rubrics: performance levels, domains, indicators with a descriptor per level, look-fors.

A rubric arrives as a plain dict (the shipped JSON file, later an import) and is
checked as a whole before anything is written, so a half-installed rubric never
exists. Indicator *codes* are the stable keys that profiles, goals and the PD
catalog match on; row ids change from one rubric version to the next.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from db import records
from db.errors import NeedsCorrection

FORMAT_VERSION = 1
DEFAULT_RUBRIC_FILE = ("rubrics", "cultivate-default.json")
MAX_LEVEL = 9  # the schema's CHECK on rubric_levels.level


class RubricFormatError(NeedsCorrection):
    """The rubric data cannot be installed; ``str()`` says what is wrong and where."""

    # The part of the data (level, domain, indicator or look-for dict) the problem is in,
    # so a file reader can name the line it came from.
    item: Any = None


@dataclass(frozen=True)
class Level:
    level: int
    label: str


@dataclass(frozen=True)
class Indicator:
    id: str
    rubric_id: str
    domain_id: str
    domain_code: str
    code: str
    name: str
    description: str
    position: int
    descriptors: dict[int, str]

    def descriptor(self, level: int) -> str:
        return self.descriptors.get(level, "")


@dataclass(frozen=True)
class Domain:
    id: str
    code: str
    name: str
    position: int
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class LookFor:
    id: str
    rubric_id: str
    indicator_id: str | None
    indicator_code: str | None
    text: str
    position: int


@dataclass(frozen=True)
class Rubric:
    id: str
    family_id: str
    version: int
    name: str
    description: str
    source: str
    is_default: bool
    retired_at: str | None
    levels: tuple[Level, ...]
    domains: tuple[Domain, ...]
    look_fors: tuple[LookFor, ...]

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(indicator for domain in self.domains for indicator in domain.indicators)

    def level_label(self, level: int) -> str:
        for item in self.levels:
            if item.level == level:
                return item.label
        return str(level)


# --- checking ---------------------------------------------------------------------------

def _text(value: Any, where: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise RubricFormatError(f"{where} must be non-empty text.")
    return value.strip()


def _list(value: Any, where: str) -> list:
    if not isinstance(value, list) or not value:
        raise RubricFormatError(f"{where} must be a non-empty list.")
    return value


def validate_rubric(data: Any) -> None:
    """Raise :class:`RubricFormatError` naming the first problem found in *data*."""
    trail: list = []
    try:
        _check_rubric(data, trail)
    except RubricFormatError as error:
        error.item = trail[-1] if trail else data
        raise


def _check_rubric(data: Any, trail: list) -> None:
    if not isinstance(data, dict):
        raise RubricFormatError("A rubric must be a JSON object with name, levels and domains.")
    version = data.get("format_version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise RubricFormatError(
            f"This rubric uses format version {version}; Cultivate reads version {FORMAT_VERSION}."
        )
    _text(data.get("name"), "The rubric's name")
    rubric_version = data.get("version", 1)
    if not isinstance(rubric_version, int) or isinstance(rubric_version, bool) or rubric_version < 1:
        raise RubricFormatError("The rubric's version must be a whole number, 1 or more.")

    levels = _list(data.get("levels"), "The rubric's levels")
    numbers = []
    for index, item in enumerate(levels, start=1):
        trail.append(item)
        if not isinstance(item, dict):
            raise RubricFormatError(f"Level {index} must be an object with level and label.")
        number = item.get("level")
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= MAX_LEVEL:
            raise RubricFormatError(f"Level {index} must have a level number from 1 to {MAX_LEVEL}.")
        if number in numbers:
            raise RubricFormatError(f"Level {number} appears more than once.")
        _text(item.get("label"), f"Level {number}'s label")
        numbers.append(number)
    if len(numbers) < 2:
        raise RubricFormatError("A rubric needs at least two performance levels.")

    domain_codes: set[str] = set()
    indicator_codes: set[str] = set()
    for d_index, domain in enumerate(_list(data.get("domains"), "The rubric's domains"), start=1):
        trail.append(domain)
        if not isinstance(domain, dict):
            raise RubricFormatError(f"Domain {d_index} must be an object.")
        code = _text(domain.get("code"), f"Domain {d_index}'s code")
        if code in domain_codes:
            raise RubricFormatError(f"Domain code {code} is used twice.")
        domain_codes.add(code)
        _text(domain.get("name"), f"Domain {code}'s name")
        for indicator in _list(domain.get("indicators"), f"Domain {code}'s indicators"):
            trail.append(indicator)
            if not isinstance(indicator, dict):
                raise RubricFormatError(f"An indicator in domain {code} is not an object.")
            i_code = _text(indicator.get("code"), f"An indicator code in domain {code}")
            if i_code in indicator_codes:
                raise RubricFormatError(f"Indicator code {i_code} is used twice.")
            indicator_codes.add(i_code)
            _text(indicator.get("name"), f"Indicator {i_code}'s name")
            _text(indicator.get("description"), f"Indicator {i_code}'s description", required=False)
            descriptors = indicator.get("descriptors")
            if not isinstance(descriptors, dict):
                raise RubricFormatError(
                    f"Indicator {i_code} needs descriptors: one text per level, keyed by level number."
                )
            for number in numbers:
                _text(descriptors.get(str(number)), f"Indicator {i_code}'s level {number} descriptor")
            extra = set(descriptors) - {str(number) for number in numbers}
            if extra:
                raise RubricFormatError(
                    f"Indicator {i_code} has descriptors for levels the rubric does not define: "
                    f"{', '.join(sorted(extra))}."
                )

    for index, look_for in enumerate(data.get("look_fors") or [], start=1):
        trail.append(look_for)
        if not isinstance(look_for, dict):
            raise RubricFormatError(f"Look-for {index} must be an object with text.")
        _text(look_for.get("text"), f"Look-for {index}'s text")
        tied = look_for.get("indicator")
        if tied is not None and tied not in indicator_codes:
            raise RubricFormatError(f"Look-for {index} names indicator {tied}, which the rubric lacks.")


# --- writing ----------------------------------------------------------------------------

def install_rubric(
    db: Database,
    data: dict,
    *,
    is_default: bool = False,
    make_id: Callable[[], str] = records.new_id,
    stamp: str | None = None,
) -> str:
    """Check *data* and write it as a new rubric in one transaction; returns its id.

    *make_id* and *stamp* let the demo school build reproducible files.
    """
    validate_rubric(data)
    stamp = stamp or records.utc_now()
    times = {"created_at": stamp, "updated_at": stamp}
    rubric_id = make_id()
    levels, domains, indicators, descriptors, look_fors = [], [], [], [], []
    for item in data["levels"]:
        levels.append({"id": make_id(), "rubric_id": rubric_id, "level": item["level"],
                       "label": item["label"].strip(), **times})
    code_to_id: dict[str, str] = {}
    for d_position, domain in enumerate(data["domains"]):
        domain_id = make_id()
        domains.append({"id": domain_id, "rubric_id": rubric_id, "code": domain["code"].strip(),
                        "name": domain["name"].strip(), "position": d_position, **times})
        for i_position, indicator in enumerate(domain["indicators"]):
            indicator_id = make_id()
            code = indicator["code"].strip()
            code_to_id[code] = indicator_id
            indicators.append({
                "id": indicator_id, "rubric_id": rubric_id, "domain_id": domain_id, "code": code,
                "name": indicator["name"].strip(),
                "description": (indicator.get("description") or "").strip(),
                "position": i_position, **times,
            })
            for item in data["levels"]:
                descriptors.append({
                    "id": make_id(), "indicator_id": indicator_id, "level": item["level"],
                    "descriptor": indicator["descriptors"][str(item["level"])].strip(), **times,
                })
    for position, look_for in enumerate(data.get("look_fors") or []):
        tied = look_for.get("indicator")
        look_fors.append({
            "id": make_id(), "rubric_id": rubric_id,
            "indicator_id": code_to_id[tied] if tied else None,
            "text": look_for["text"].strip(), "position": position, **times,
        })
    with db.atomic():
        if is_default:
            db.execute("UPDATE rubrics SET is_default = 0, updated_at = ? WHERE is_default = 1",
                       [stamp])
        records.insert(db, "rubrics", {
            "id": rubric_id,
            "family_id": data.get("family_id") or make_id(),
            "version": data.get("version", 1),
            "name": data["name"].strip(),
            "description": (data.get("description") or "").strip(),
            "source": (data.get("source") or "").strip(),
            "is_default": 1 if is_default else 0,
            **times,
        })
        records.insert_many(db, "rubric_levels", levels)
        records.insert_many(db, "rubric_domains", domains)
        records.insert_many(db, "rubric_indicators", indicators)
        records.insert_many(db, "rubric_descriptors", descriptors)
        records.insert_many(db, "look_fors", look_fors)
    return rubric_id


def read_default_rubric_file() -> dict:
    from desktop import paths  # resources are found through paths; no Qt involved

    with paths.resource(*DEFAULT_RUBRIC_FILE).open(encoding="utf-8") as handle:
        return json.load(handle)


def load_default_rubric(
    db: Database, *, make_id: Callable[[], str] = records.new_id, stamp: str | None = None
) -> str:
    """The default rubric's id, installing the shipped one first if there is none."""
    with db.atomic():
        existing = default_rubric_id(db)
        if existing:
            return existing
        return install_rubric(db, read_default_rubric_file(), is_default=True,
                              make_id=make_id, stamp=stamp)


# --- reading ----------------------------------------------------------------------------

def default_rubric_id(db: Database) -> str | None:
    row = db.execute(
        "SELECT id FROM rubrics WHERE is_default = 1 AND retired_at IS NULL "
        "ORDER BY version DESC LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def default_rubric(db: Database) -> Rubric | None:
    rubric_id = default_rubric_id(db)
    return get_rubric(db, rubric_id) if rubric_id else None


def indicators(db: Database, rubric_id: str) -> list[Indicator]:
    """The rubric's indicators in reading order: by domain, then position."""
    descriptor_rows = db.execute(
        "SELECT d.indicator_id, d.level, d.descriptor FROM rubric_descriptors d "
        "JOIN rubric_indicators i ON i.id = d.indicator_id WHERE i.rubric_id = ?",
        [rubric_id],
    ).fetchall()
    descriptors: dict[str, dict[int, str]] = {}
    for indicator_id, level, text in descriptor_rows:
        descriptors.setdefault(indicator_id, {})[level] = text
    rows = db.execute(
        "SELECT i.id, i.rubric_id, i.domain_id, d.code, i.code, i.name, i.description, i.position "
        "FROM rubric_indicators i JOIN rubric_domains d ON d.id = i.domain_id "
        "WHERE i.rubric_id = ? ORDER BY d.position, d.code, i.position, i.code",
        [rubric_id],
    ).fetchall()
    return [
        Indicator(id=row[0], rubric_id=row[1], domain_id=row[2], domain_code=row[3], code=row[4],
                  name=row[5], description=row[6], position=row[7],
                  descriptors=dict(sorted(descriptors.get(row[0], {}).items())))
        for row in rows
    ]


def look_fors(db: Database, rubric_id: str) -> list[LookFor]:
    rows = db.execute(
        "SELECT l.id, l.rubric_id, l.indicator_id, i.code, l.text, l.position FROM look_fors l "
        "LEFT JOIN rubric_indicators i ON i.id = l.indicator_id "
        "WHERE l.rubric_id = ? ORDER BY l.position, l.text",
        [rubric_id],
    ).fetchall()
    return [LookFor(*row) for row in rows]


def get_rubric(db: Database, rubric_id: str) -> Rubric | None:
    row = records.get(db, "rubrics", rubric_id)
    if row is None:
        return None
    levels = tuple(
        Level(level, label)
        for level, label in db.execute(
            "SELECT level, label FROM rubric_levels WHERE rubric_id = ? ORDER BY level", [rubric_id]
        )
    )
    by_domain: dict[str, list[Indicator]] = {}
    for indicator in indicators(db, rubric_id):
        by_domain.setdefault(indicator.domain_id, []).append(indicator)
    domains = tuple(
        Domain(id=d_id, code=code, name=name, position=position,
               indicators=tuple(by_domain.get(d_id, ())))
        for d_id, code, name, position in db.execute(
            "SELECT id, code, name, position FROM rubric_domains WHERE rubric_id = ? "
            "ORDER BY position, code", [rubric_id]
        )
    )
    return Rubric(
        id=row["id"], family_id=row["family_id"], version=row["version"], name=row["name"],
        description=row["description"], source=row["source"], is_default=bool(row["is_default"]),
        retired_at=row["retired_at"], levels=levels, domains=domains,
        look_fors=tuple(look_fors(db, rubric_id)),
    )


def list_rubrics(db: Database, *, include_retired: bool = False) -> list[Rubric]:
    sql = "SELECT id FROM rubrics"
    if not include_retired:
        sql += " WHERE retired_at IS NULL"
    sql += " ORDER BY name COLLATE NOCASE, version"
    return [get_rubric(db, row[0]) for row in db.execute(sql).fetchall()]


# --- versions: a rubric edited after use becomes a new version --------------------------------

def is_in_use(db: Database, rubric_id: str) -> bool:
    """True once any observation or self-assessment was scored with this rubric version."""
    return bool(db.execute(
        "SELECT EXISTS (SELECT 1 FROM observations WHERE rubric_id = ?) "
        "OR EXISTS (SELECT 1 FROM self_assessments WHERE rubric_id = ?) "
        "OR EXISTS (SELECT 1 FROM self_assessment_ratings r JOIN rubric_indicators i "
        "           ON i.id = r.indicator_id WHERE i.rubric_id = ?)",
        [rubric_id, rubric_id, rubric_id]).fetchone()[0])


def latest_version_id(db: Database, family_id: str) -> str | None:
    row = db.execute("SELECT id FROM rubrics WHERE family_id = ? ORDER BY version DESC LIMIT 1",
                     [family_id]).fetchone()
    return row[0] if row else None


def save_edited_rubric(db: Database, rubric_id: str, data: dict) -> str:
    """Save *data* as the new content of rubric *rubric_id*; returns the id now in use.

    An unused version is replaced where it stands. A version that has scored anything
    is kept exactly as it was (its observations still point at it) and retired; the
    edit becomes version + 1 of the same family, default if the old one was.
    """
    validate_rubric(data)
    old = records.get(db, "rubrics", rubric_id)
    if old is None:
        raise RubricFormatError("The rubric being edited no longer exists.")
    edited = dict(data, family_id=old["family_id"])
    with db.atomic():
        if is_in_use(db, rubric_id):
            top = db.execute("SELECT max(version) FROM rubrics WHERE family_id = ?",
                             [old["family_id"]]).fetchone()[0]
            edited["version"] = top + 1
            new_id = install_rubric(db, edited, is_default=bool(old["is_default"]))
            records.update(db, "rubrics", rubric_id,
                           {"retired_at": records.utc_now(), "is_default": 0})
            return new_id
        edited["version"] = old["version"]
        db.execute("DELETE FROM rubrics WHERE id = ?", [rubric_id])
        return install_rubric(db, edited, is_default=bool(old["is_default"]))
