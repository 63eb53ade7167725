"""Every list model passes Qt's model tester, filled with real rows and empty."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt

from db import celebrations, conversations, goals, observations, pd, staff
from db.overview import UpcomingSession
from desktop.core import overview
from desktop.ui.models.celebrations import CelebrationsModel
from desktop.ui.models.conversations import PRIVATE_MARKER, ConversationsModel
from desktop.ui.models.coverage import CoverageModel
from desktop.ui.models.goals import ActionStepsModel, GoalsModel
from desktop.ui.models.observations import ObservationsModel
from desktop.ui.models.overview import (
    AttentionModel,
    CommonNeedsModel,
    EnrollmentsWithHoursModel,
    GoalsNextStepModel,
    LastVisitsModel,
    UpcomingSessionsModel,
)
from desktop.ui.models.pd import EnrollmentsModel, OfferingsModel
from desktop.ui.models.staff_list import STAFF_ID_ROLE, WHOLE_SCHOOL, StaffListModel
from desktop.ui.models.table import ROW_ROLE, SORT_ROLE
from tests.ui.school import TODAY, build_small_school


@pytest.fixture
def school(memory_db):
    return memory_db, build_small_school(memory_db)


def _cases(db, ids):
    return [
        (ObservationsModel(), observations.list_observations(db)),
        (GoalsModel(), goals.list_goals(db)),
        (ActionStepsModel(today=TODAY.isoformat()), goals.list_action_steps(db)),
        (ConversationsModel(), conversations.list_conversations(db)),
        (OfferingsModel(), pd.list_offerings(db)),
        (EnrollmentsModel(), pd.list_enrollments(db, staff_id=ids["ana"])),
        (CelebrationsModel(), celebrations.list_celebrations(db)),
        *_overview_cases(db, ids),
    ]


def _overview_cases(db, ids):
    school = overview.school_overview(db, TODAY, threshold_days=14)
    needs = overview.school_profiles(db, TODAY).needs
    ana = overview.teacher_overview(db, ids["ana"], TODAY, threshold_days=14)
    session = UpcomingSession("o1", "Questioning", "workshop", "2026-03-12T15:30", "Library", 10, 3)
    return [
        (CoverageModel(), school.coverage.overdue),
        (CommonNeedsModel(), needs),
        (UpcomingSessionsModel(), [session, UpcomingSession("o2", "Open", "plc", "2026-03-13T09:00",
                                                            "", None, 4)]),
        (GoalsNextStepModel(), ana.active_goals),
        (LastVisitsModel(), ana.last_visits),
        (AttentionModel(), ana.attention),
        (EnrollmentsWithHoursModel(), ana.pd),
    ]


def test_table_models_pass_the_model_tester(school, qtmodeltester):
    db, ids = school
    for model, rows in _cases(db, ids):
        assert rows, type(model).__name__
        model.set_rows(rows)
        qtmodeltester.check(model, force_py=True)
        assert model.rowCount() == len(rows)
        assert model.index(0, 0).data(ROW_ROLE) is rows[0]
        model.set_rows([])
        qtmodeltester.check(model, force_py=True)


def test_staff_list_model(school, qtmodeltester):
    db, ids = school
    model = StaffListModel()
    model.set_members(staff.list_staff(db))
    qtmodeltester.check(model, force_py=True)
    assert model.index(0).data() == WHOLE_SCHOOL
    assert model.index(0).data(STAFF_ID_ROLE) is None
    assert model.index(1).data() == "Lopez, Ana"
    assert model.index(5).data() == "Reed, Maya · Coach"
    assert model.row_of(ids["ben"]) == 3
    assert model.row_of("nobody") == -1


def test_sorting_uses_typed_keys(school):
    db, _ = school
    model = ObservationsModel()
    model.set_rows(observations.list_observations(db))
    proxy = QSortFilterProxyModel()
    proxy.setSortRole(SORT_ROLE)
    proxy.setSourceModel(model)
    column = model.column_index("Average score")
    proxy.sort(column, Qt.SortOrder.DescendingOrder)
    scores = [proxy.index(row, column).data() for row in range(proxy.rowCount())]
    assert scores == ["4.0", "3.5", "3.0", "2.5", "2.0"]


def test_private_conversation_notes_never_reach_the_model(school):
    db, _ = school
    model = ConversationsModel()
    model.set_rows(conversations.list_conversations(db))
    column = model.column_index("Notes")
    texts = [model.index(row, column).data() for row in range(model.rowCount())]
    tips = [model.index(row, column).data(Qt.ItemDataRole.ToolTipRole) for row in range(model.rowCount())]
    assert PRIVATE_MARKER in texts
    assert not any("mother" in (text or "") for text in texts + tips)


def test_overdue_steps_say_so_in_words(school):
    db, _ = school
    model = ActionStepsModel(today=TODAY.isoformat())
    model.set_rows(goals.list_action_steps(db))
    due = model.column_index("Due")
    tips = {model.index(row, model.column_index("Action step")).data():
            model.index(row, due).data(Qt.ItemDataRole.ToolTipRole) for row in range(model.rowCount())}
    assert tips["Script five open questions per lesson"] == "Overdue"
    assert tips["Try exit tickets"] is None
    assert tips["Watch Cara's seminar"] is None   # done, though its date has passed
