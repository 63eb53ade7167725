"""What to talk about in a goal-setting conversation, drawn from the teacher's growth profile.

Prompts name the top strengths to build on, the top gaps to choose a goal from,
any place where the teacher sees themselves differently from what was observed,
and the career goals they stated (latest self-assessment, else their staff profile).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.growth_profile import GrowthProfile, IndicatorLevel

TOP = 3


@dataclass(frozen=True)
class Prompt:
    heading: str      # Strength to build on, Gap to work on, ...
    text: str
    indicator_code: str | None = None


def _level(item: IndicatorLevel) -> str:
    return f"{item.indicator.name} ({item.indicator.code}) at {item.level:.1f}: {item.reason}"


def goal_setting_prompts(profile: GrowthProfile, career_goals: str = "", *, top: int = TOP
                         ) -> list[Prompt]:
    prompts = [Prompt("Strength to build on", _level(item), item.indicator.code)
               for item in profile.strengths[:top]]
    prompts += [Prompt("Gap to work on", _level(item), item.indicator.code)
                for item in profile.gaps[:top]]
    for item in profile.perception_gaps[:top]:
        higher = "higher" if item.perception_gap > 0 else "lower"
        prompts.append(Prompt(
            "Talk about how they see it",
            f"{item.indicator.name}: self-rated {item.self_level}, {higher} than the "
            f"{item.observation_level:.1f} observed.", item.indicator.code))
    if career_goals.strip():
        prompts.append(Prompt("Their career goals", career_goals.strip()))
    if not prompts:
        prompts.append(Prompt("No evidence yet",
                              "No observations or self-assessment yet: start from what the "
                              "teacher wants to work on, or ask them to fill in the self-assessment."))
    return prompts


def suggested_focus(profile: GrowthProfile) -> str | None:
    """The indicator a new goal most likely serves: the largest gap, if any."""
    gaps = profile.gaps
    return gaps[0].indicator.code if gaps else None
