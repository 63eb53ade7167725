"""Live SMART checks for a goal being written: each check passes or says what is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MIN_SPECIFIC_WORDS = 6
SHORTEST_GOAL_DAYS = 14
LONGEST_GOAL_DAYS = 400  # about one school year plus its summer
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_VAGUE_ONLY = {"better", "improve", "more", "good", "great", "grow", "work", "on", "my", "be", "get", "a", "to", "the"}


@dataclass(frozen=True)
class GoalDraft:
    title: str = ""
    description: str = ""
    measure: str = ""
    baseline: str = ""
    target: str = ""
    indicator_code: str | None = None
    start_on: date | None = None
    due_on: date | None = None


@dataclass(frozen=True)
class SmartCheck:
    key: str      # specific, measurable, baseline_target, achievable, relevant, time_bound
    label: str
    passed: bool
    advice: str   # what would make it pass; empty when passed


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.lower())


def _specific(goal: GoalDraft) -> SmartCheck:
    words = _words(f"{goal.title} {goal.description}")
    meaningful = [word for word in words if word not in _VAGUE_ONLY]
    passed = len(words) >= MIN_SPECIFIC_WORDS and len(meaningful) >= 3
    return SmartCheck("specific", "Specific", passed,
                      "" if passed else "Say what will change, for whom, and in which lessons.")


def _measurable(goal: GoalDraft) -> SmartCheck:
    passed = bool(goal.measure.strip())
    return SmartCheck("measurable", "Measurable", passed,
                      "" if passed else "Name how progress will be measured (e.g. talk ratio in walkthroughs).")


def _baseline_target(goal: GoalDraft) -> SmartCheck:
    baseline, target = goal.baseline.strip(), goal.target.strip()
    if not baseline or not target:
        return SmartCheck("baseline_target", "Baseline and target", False,
                          "Write where things stand now and where they should be.")
    if baseline.lower() == target.lower():
        return SmartCheck("baseline_target", "Baseline and target", False,
                          "The target is the same as the baseline.")
    return SmartCheck("baseline_target", "Baseline and target", True, "")


def _achievable(goal: GoalDraft) -> SmartCheck:
    if goal.due_on is None:
        return SmartCheck("achievable", "Achievable in time", False, "Set a due date first.")
    start = goal.start_on or goal.due_on
    days = (goal.due_on - start).days
    if goal.start_on is not None and days < SHORTEST_GOAL_DAYS:
        return SmartCheck("achievable", "Achievable in time", False,
                          f"Allow at least {SHORTEST_GOAL_DAYS} days to change a practice.")
    if days > LONGEST_GOAL_DAYS:
        return SmartCheck("achievable", "Achievable in time", False,
                          "Keep a goal within one school year; split longer ones.")
    baseline_numbers = _NUMBER.findall(goal.baseline)
    target_numbers = _NUMBER.findall(goal.target)
    if baseline_numbers and target_numbers:
        before = float(baseline_numbers[0].replace(",", "."))
        after = float(target_numbers[0].replace(",", "."))
        if before > 0 and after / before > 4:
            return SmartCheck("achievable", "Achievable in time", False,
                              "A target more than four times the baseline is rarely reached in a year.")
    return SmartCheck("achievable", "Achievable in time", True, "")


def _relevant(goal: GoalDraft) -> SmartCheck:
    passed = bool(goal.indicator_code)
    return SmartCheck("relevant", "Relevant (linked to an indicator)", passed,
                      "" if passed else "Link the goal to the rubric indicator it serves.")


def _time_bound(goal: GoalDraft) -> SmartCheck:
    if goal.due_on is None:
        return SmartCheck("time_bound", "Time-bound", False, "Set a due date.")
    if goal.start_on is not None and goal.due_on <= goal.start_on:
        return SmartCheck("time_bound", "Time-bound", False, "The due date must come after the start.")
    return SmartCheck("time_bound", "Time-bound", True, "")


def check(goal: GoalDraft) -> list[SmartCheck]:
    return [check_one(goal) for check_one in
            (_specific, _measurable, _baseline_target, _achievable, _relevant, _time_bound)]


def is_smart(goal: GoalDraft) -> bool:
    return all(item.passed for item in check(goal))
