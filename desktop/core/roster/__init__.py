"""Staff roster import: OneRoster folders and zips, or a CSV/XLSX staff list.

read_roster(path) -> plan_import(db, export, options) -> apply_plan(db, plan).
Nothing is written until apply_plan, and then in one transaction.
"""

from desktop.core.roster.apply import apply_plan
from desktop.core.roster.plan import ImportOptions, RosterPlan, plan_import
from desktop.core.roster.readers import RosterReadError, read_roster

__all__ = ["ImportOptions", "RosterPlan", "RosterReadError", "apply_plan", "plan_import",
           "read_roster"]
