"""One teacher's scores over time, indicator by indicator: what the Trends view paints
(``desktop.ui.trends_chart``), one small panel per indicator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from db import evidence


@dataclass(frozen=True)
class IndicatorTrend:
    code: str
    name: str
    points: list[tuple[date, float]]   # complete observations only, oldest first

    @property
    def change(self) -> float | None:
        """Last score minus first, when there are two or more."""
        return self.points[-1][1] - self.points[0][1] if len(self.points) > 1 else None


def indicator_trends(db: Database, staff_id: str, *, since: str | None = None,
                     until: str | None = None) -> list[IndicatorTrend]:
    """Every indicator the teacher has been scored on, in rubric code order.

    A visit's point on an indicator is its score there; a walkthrough that marked only
    the indicator's look-fors gives the mean of those marks instead.
    """
    names = dict(db.execute(
        "SELECT i.code, i.name FROM rubric_indicators i JOIN rubrics r ON r.id = i.rubric_id "
        "ORDER BY r.retired_at IS NULL, r.version"   # the newest wording wins
    ).fetchall())
    per_visit: dict[tuple[str, str], tuple[date, list[int]]] = {}
    for row in evidence.observation_scores(db, staff_id, since=since, until=until):
        per_visit[(row.observation_id, row.indicator_code)] = (row.observed_on, [row.score])
    marks: dict[tuple[str, str], tuple[date, list[int]]] = {}
    for row in evidence.look_for_marks(db, staff_id, since=since, until=until):
        marks.setdefault((row.observation_id, row.indicator_code), (row.observed_on, []))[1].append(row.score)
    for key, found in marks.items():
        per_visit.setdefault(key, found)
    by_code: dict[str, list[tuple[date, float]]] = {}
    for (_, code), (day, scores) in per_visit.items():
        by_code.setdefault(code, []).append((day, sum(scores) / len(scores)))
    return [IndicatorTrend(code, names.get(code, code), sorted(points))
            for code, points in sorted(by_code.items(), key=lambda item: _code_key(item[0]))]


def _code_key(code: str):
    return [int(part) if part.isdigit() else part for part in code.replace("-", ".").split(".")]
