"""One module per tab; each follows the sidebar's selection and reloads on data changes.

The window's tabs are named here, with where each is made, so the window can show every
tab's title and import and build a tab only when it is first wanted: start-up builds
just the tab on screen.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TabInfo:
    title: str        # on the tab and in the View menu; an "&" is shown as itself
    slug: str         # how links, screenshots and the user guide name the tab
    module: str
    class_name: str

    @property
    def label(self) -> str:
        """The title as Qt shows it on a tab or in a menu (its "&" doubled, not a mnemonic)."""
        return self.title.replace("&", "&&")


OVERVIEW = TabInfo("Overview", "overview", "desktop.ui.tabs.overview", "OverviewTab")
OBSERVATIONS = TabInfo("Observations", "observations", "desktop.ui.tabs.observations",
                       "ObservationsTab")
GOALS = TabInfo("Goals & Conversations", "goals", "desktop.ui.tabs.goals", "GoalsTab")
PD_MENU = TabInfo("PD Menu", "pd-menu", "desktop.ui.tabs.pd_menu", "PdMenuTab")
CELEBRATIONS = TabInfo("Celebrations", "celebrations", "desktop.ui.tabs.celebrations",
                       "CelebrationsTab")

# In the window's order (Ctrl+1 … Ctrl+5).
WINDOW_TABS = (OVERVIEW, OBSERVATIONS, GOALS, PD_MENU, CELEBRATIONS)
