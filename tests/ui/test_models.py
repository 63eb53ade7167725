"""Every list model passes Qt's model tester, filled with real rows and empty."""

from __future__ import annotations

from datetime import date

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


def test_staff_list_model_reads_a_page_at_a_time(memory_db, qtmodeltester):
    people = [staff.add(memory_db, first_name=f"Teacher {number:03d}", last_name=f"Name{number:03d}")
              for number in range(23)]
    read = []

    def page(offset, limit):
        read.append((offset, limit))
        return staff.list_staff(memory_db, limit=limit, offset=offset)

    model = StaffListModel()
    model.page_size = 5
    model.set_source(page, lambda staff_id: staff.position(memory_db, staff_id))
    assert model.rowCount() == 6 and model.canFetchMore() and read == [(0, 5)]
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore():
        model.fetchMore()      # the tester, still listening, checks every page as it comes
    assert model.rowCount() == 24 and [m.id for m in model.members()] == people
    # A person not read yet is read up to when picked, in one read, and a page beyond.
    model = StaffListModel()
    model.page_size = 5
    model.set_source(page, lambda staff_id: staff.position(memory_db, staff_id))
    read.clear()
    assert model.row_of(people[12]) == 13
    assert read == [(5, 13)] and model.rowCount() == 19 and model.canFetchMore()
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


def test_a_renamed_person_moves_within_the_pages_read_and_a_new_one_waits_for_its_page(memory_db):
    people = [staff.add(memory_db, first_name="T", last_name=f"Name{number:02d}") for number in range(12)]
    model = StaffListModel()
    model.page_size = 5

    def listed():
        return [m.last_name for m in model.members()]

    model.set_source(lambda offset, limit: staff.list_staff(memory_db, limit=limit, offset=offset),
                     lambda staff_id: staff.position(memory_db, staff_id))
    staff.update(memory_db, people[4], last_name="Name00a")          # moves up, within the page
    model.refresh_members([people[4]], staff.list_staff(memory_db, ids=[people[4]]))
    assert listed() == ["Name00", "Name00a", "Name01", "Name02", "Name03"]
    late = staff.add(memory_db, first_name="T", last_name="Name10a")  # past the pages read
    model.refresh_members([late], staff.list_staff(memory_db, ids=[late]))
    assert len(listed()) == 5
    staff.update(memory_db, people[1], last_name="Name99")           # moves past them
    model.refresh_members([people[1]], staff.list_staff(memory_db, ids=[people[1]]))
    assert listed() == ["Name00", "Name00a", "Name02", "Name03"]
    while model.canFetchMore():
        model.fetchMore()
    # Every person once, in storage's order: the pages read stayed the list's first rows.
    assert listed() == [m.last_name for m in staff.list_staff(memory_db)]


def test_goals_conversations_and_the_wall_read_a_page_at_a_time(school, qtmodeltester):
    db, _ = school
    for model, read in ((GoalsModel(), goals.list_goals), (ConversationsModel(), conversations.list_conversations),
                        (CelebrationsModel(), celebrations.list_celebrations)):
        model.page_size = 1
        model.set_source(lambda offset, limit, order, descending, read=read: read(
            db, limit=limit, offset=offset, order=order, descending=descending))
        qtmodeltester.check(model, force_py=True)
        model.fetch_all()
        assert [row.id for row in model.rows()] == [row.id for row in read(db)]
        for header, order in model.orders.items():
            model.sort(model.column_index(header), Qt.SortOrder.DescendingOrder)
            model.fetch_all()
            assert [row.id for row in model.rows()] == [
                row.id for row in read(db, order=order, descending=True)], header


def test_a_written_row_past_the_pages_read_is_listed_once_in_its_page(school):
    db, ids = school
    model = ConversationsModel()
    model.page_size = 1
    where = {}
    model.fetch = lambda wanted: conversations.list_conversations(db, **where, ids=wanted)
    model.set_source(lambda offset, limit, order, descending: conversations.list_conversations(
        db, limit=limit, offset=offset, order=order, descending=descending))
    newest = model.rows()[0]
    oldest_day = min(row.held_on for row in conversations.list_conversations(db))
    early = conversations.add_conversation(db, staff_id=ids["ana"], kind="check_in",
                                           held_on=date.fromisoformat(oldest_day).replace(year=2020).isoformat())
    model.refresh_rows([early])
    assert [row.id for row in model.rows()] == [newest.id]        # it belongs to a later page
    model.fetch_all()
    listed = [row.id for row in model.rows()]
    assert listed.count(early) == 1 and listed[-1] == early
    assert listed == [row.id for row in conversations.list_conversations(db)]


