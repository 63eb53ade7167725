"""The background helper: results by signal on the main thread, stale ones dropped, failures
in plain words, and the window's own connection never used off the main thread."""

from __future__ import annotations

import threading

import pytest

from db.backups import database_file
from db.connection import open_database, open_memory
from desktop.ui.background import BackgroundJobs, wait_idle


@pytest.fixture
def file_db(tmp_path):
    db = open_database(tmp_path / "jobs.db")
    yield db
    wait_idle()
    db.close()


def test_a_job_runs_on_another_thread_over_its_own_connection(qtbot, file_db):
    jobs = BackgroundJobs()
    seen = {}

    def work(db):
        seen["thread"] = threading.get_ident()
        seen["same connection"] = db is file_db
        seen["file"] = database_file(db)
        return db.execute("SELECT count(*) FROM staff").fetchone()[0]

    with qtbot.waitSignal(jobs.finished, timeout=10_000) as arrived:
        jobs.start("count", work, db=file_db)
        assert jobs.is_busy("count")
    assert arrived.args == ["count", 0]
    assert seen["thread"] != threading.get_ident()
    assert seen["same connection"] is False
    assert seen["file"] == database_file(file_db)
    assert not jobs.is_busy()


def test_a_result_asked_for_again_is_dropped_when_it_arrives(qtbot, file_db):
    jobs = BackgroundJobs()
    release = threading.Event()
    results = []
    jobs.finished.connect(lambda name, value: results.append((name, value)))

    def slow(db):
        release.wait(10)
        return "old selection"

    jobs.start("figures", slow, db=file_db)
    with qtbot.waitSignal(jobs.finished, timeout=10_000):
        jobs.start("figures", lambda db: "new selection", db=file_db)
        release.set()
    wait_idle()
    assert results == [("figures", "new selection")]


def test_a_job_asked_for_again_while_it_waits_is_never_run(qtbot, file_db):
    """In a lane behind a slow job, a read asked for again (another teacher picked) is
    skipped, not worked out and then dropped."""
    jobs = BackgroundJobs()
    release = threading.Event()
    ran = []
    jobs.start("slow", lambda db: release.wait(10), db=file_db)
    jobs.start("totals", lambda db: ran.append("whole school"), db=file_db)
    jobs.start("totals", lambda db: ran.append("one teacher") or "one teacher", db=file_db)
    with qtbot.waitSignal(jobs.finished, timeout=10_000,
                          check_params_cb=lambda name, value: name == "totals") as arrived:
        release.set()
    assert wait_idle()
    assert ran == ["one teacher"] and arrived.args == ["totals", "one teacher"]


def test_cancel_drops_what_is_under_way(qtbot, file_db):
    jobs = BackgroundJobs()
    results = []
    jobs.finished.connect(lambda name, value: results.append(value))
    jobs.start("figures", lambda db: 1, db=file_db)
    jobs.cancel()
    assert wait_idle()
    assert results == [] and not jobs.is_busy()


def test_a_failure_is_reported_in_plain_words_and_logged(qtbot, file_db, caplog):
    jobs = BackgroundJobs()

    def broken(db):
        raise ZeroDivisionError("a bug")

    with qtbot.waitSignal(jobs.failed, timeout=10_000) as failed:
        jobs.start("figures", broken, db=file_db)
    name, words = failed.args
    assert name == "figures"
    assert "Something went wrong inside Cultivate" in words and "ZeroDivision" not in words
    assert "ZeroDivisionError" in caplog.text


def test_a_database_in_memory_still_answers_by_signal(qtbot):
    db = open_memory()
    jobs = BackgroundJobs()
    with qtbot.waitSignal(jobs.finished, timeout=5_000) as arrived:
        jobs.start("count", lambda conn: conn is db, db=db)
    assert arrived.args == ["count", True]
    db.close()


def test_a_result_for_a_panel_that_has_gone_is_not_delivered(qtbot, file_db):
    from PySide6.QtWidgets import QWidget

    holder = QWidget()
    jobs = BackgroundJobs(holder)
    release = threading.Event()
    jobs.start("figures", lambda db: release.wait(10), db=file_db)
    holder.deleteLater()
    qtbot.waitUntil(lambda: not _alive(jobs))
    release.set()
    assert wait_idle()


def _alive(obj) -> bool:
    from shiboken6 import isValid

    return isValid(obj)


def test_the_garbage_collector_waits_while_a_job_runs_and_is_left_as_found(qtbot, file_db):
    """A full collection set off by a job's objects held the interpreter lock for up to
    0.8 s on a district, and the window stopped answering: the collector waits meanwhile."""
    import gc

    from desktop.ui import background

    def settled():   # the worker has left its pause and the main thread has had its turn
        return background._paused == 0 and not background._resume_pending

    jobs = BackgroundJobs()
    assert gc.isenabled()
    with qtbot.waitSignal(jobs.finished, timeout=10_000) as arrived:
        jobs.start("collector", lambda db: gc.isenabled(), db=file_db)
    assert arrived.args == ["collector", False]
    qtbot.waitUntil(settled)
    assert gc.isenabled()
    gc.disable()   # someone who turned it off keeps it off
    try:
        with qtbot.waitSignal(jobs.finished, timeout=10_000):
            jobs.start("collector", lambda db: gc.isenabled(), db=file_db)
        qtbot.waitUntil(settled)
        assert not gc.isenabled()
    finally:
        gc.enable()


# A query that would run for minutes: only an interruption ends it in time.
ENDLESS = ("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 4000000000) "
           "SELECT count(*) FROM n")


def _start_endless(jobs: BackgroundJobs, db) -> None:
    """Start the endless query as the job "figures" and return once it is running."""
    began = threading.Event()

    def endless(reader):
        began.set()
        return reader.execute(ENDLESS).fetchone()[0]

    jobs.start("figures", endless, db=db)
    assert began.wait(10)


def test_a_job_asked_for_again_stops_its_query_and_is_not_a_failure(qtbot, file_db, caplog):
    jobs = BackgroundJobs()
    results, failures = [], []
    jobs.finished.connect(lambda name, value: results.append((name, value)))
    jobs.failed.connect(lambda name, words: failures.append(words))
    _start_endless(jobs, file_db)
    jobs.start("figures", lambda db: "new selection", db=file_db)
    assert wait_idle(15_000), "the stale job's query was not stopped"
    assert results == [("figures", "new selection")]
    assert failures == []
    assert "failed" not in caplog.text


def test_a_cancelled_job_stops_its_query(qtbot, file_db):
    jobs = BackgroundJobs()
    _start_endless(jobs, file_db)
    jobs.cancel()
    assert wait_idle(15_000), "the cancelled job's query was not stopped"


def test_the_heartbeat_runs_only_while_jobs_are_under_way(qtbot, file_db):
    from desktop.ui import background

    jobs = BackgroundJobs()
    release = threading.Event()
    jobs.start("figures", lambda db: release.wait(10), db=file_db)
    assert background._heartbeat.isActive()
    release.set()
    assert wait_idle(10_000)
    assert not background._heartbeat.isActive()


def test_a_job_sleeps_at_its_progress_checks_while_the_window_is_busy(qtbot, file_db, monkeypatch):
    """The main thread away from its event loop: the job's queries give way to it."""
    from desktop import pacing

    jobs = BackgroundJobs()
    sleeps = []
    real_sleep = pacing.time.sleep
    monkeypatch.setattr(pacing, "window_busy", lambda: True)
    monkeypatch.setattr(pacing.time, "sleep", lambda seconds: (sleeps.append(seconds), real_sleep(seconds)))
    counting = ("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 20000) "
                "SELECT count(*) FROM n")
    with qtbot.waitSignal(jobs.finished, timeout=20_000) as arrived:
        jobs.start("count", lambda db: db.execute(counting).fetchone()[0], db=file_db)
    assert arrived.args == ["count", 20000]
    waited_to_begin = int(pacing.LONGEST_WAIT_S / pacing.YIELD_S)
    assert len(sleeps) > waited_to_begin, "the job's query never gave way"


def _on_a_worker(work):
    """Run *work* on a thread of its own (only a worker gives way) and return its result."""
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.setdefault("result", work()))
    worker.start()
    worker.join(10)
    return outcome["result"]


def _seconds_given_way(**kwargs) -> float:
    from desktop import pacing

    def timed():
        began = pacing.time.monotonic()
        pacing.give_way(**kwargs)
        return pacing.time.monotonic() - began
    return _on_a_worker(timed)


def test_giving_way_waits_only_while_the_window_is_busy(monkeypatch):
    from desktop import pacing

    monkeypatch.setattr(pacing, "_beating", True)
    pacing.beat()
    assert not pacing.window_busy()
    monkeypatch.setattr(pacing, "_last_beat", pacing.time.monotonic() - 1)
    assert pacing.window_busy()
    with pacing.waiting_for_work():   # the main thread is waiting for the work itself
        monkeypatch.setattr(pacing, "_last_beat", pacing.time.monotonic() - 1)
        assert not pacing.window_busy()
    assert not pacing.window_busy()   # leaving counts as a beat
    monkeypatch.setattr(pacing, "_last_beat", pacing.time.monotonic() - 1)
    assert _seconds_given_way(longest=0.05) >= 0.05   # never longer than asked, but as long


def test_only_a_worker_gives_way_and_only_to_a_window_with_a_heartbeat(monkeypatch):
    from desktop import pacing

    monkeypatch.setattr(pacing, "_beating", True)
    monkeypatch.setattr(pacing, "_last_beat", pacing.time.monotonic() - 1)
    began = pacing.time.monotonic()
    pacing.give_way(longest=0.5)          # the main thread: there is no one to wait for
    pacing.give_way_once()
    assert pacing.time.monotonic() - began < 0.05
    monkeypatch.setattr(pacing, "_beating", False)   # no heartbeat: the command line, tests
    assert not pacing.window_busy()
    assert _seconds_given_way(longest=0.5) < 0.05


@pytest.fixture
def importing_paced(monkeypatch, tmp_path):
    """Modules of the test's own in *tmp_path*, imported with the window busy and the
    importing pacer first on ``sys.meta_path``; the sleeps it takes are counted."""
    import sys

    from desktop import pacing

    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.syspath_prepend(str(tmp_path))
    pacing._ImportsGiveWay.install()
    sleeps = []
    real_sleep = pacing.time.sleep
    monkeypatch.setattr(pacing, "window_busy", lambda: True)
    monkeypatch.setattr(pacing.time, "sleep", lambda seconds: (sleeps.append(seconds), real_sleep(seconds)))
    yield sleeps
    for name in [name for name in sys.modules if name.startswith("paced_")]:
        del sys.modules[name]


def test_a_worker_gives_way_before_each_module_it_imports(importing_paced, tmp_path):
    import importlib

    for number in range(3):
        (tmp_path / f"paced_{number}.py").write_text("VALUE = 1\n")
    _on_a_worker(lambda: [importlib.import_module(f"paced_{number}") for number in range(2)])
    assert len(importing_paced) >= 2, "the worker imported without giving way"
    importing_paced.clear()
    importlib.import_module("paced_2")     # the main thread has no one to give way to
    assert importing_paced == []


def test_a_worker_never_makes_the_main_thread_wait_for_a_module_it_is_importing(
        importing_paced, tmp_path):
    """The main thread asks for a module a worker is part way through: the worker's
    further imports go at once, or the main thread would wait for each one."""
    import importlib
    import sys

    (tmp_path / "paced_inner.py").write_text("VALUE = 1\n")
    (tmp_path / "paced_outer.py").write_text(
        "import threading, time\n"
        "from desktop import pacing\n"
        "import sys\n"
        "sys.modules['paced_started'].set()\n"
        "deadline = time.monotonic() + 5\n"
        "while not pacing.main_thread_importing() and time.monotonic() < deadline:\n"
        "    threading.Event().wait(0.005)\n"
        "MAIN_WAITING = pacing.main_thread_importing()\n"
        "sys.modules['paced_sleeps'].clear()\n"
        "import paced_inner\n"
        "SLEEPS_WHILE_MAIN_WAITED = len(sys.modules['paced_sleeps'])\n")
    started = threading.Event()
    sys.modules["paced_started"], sys.modules["paced_sleeps"] = started, importing_paced
    worker = threading.Thread(target=lambda: importlib.import_module("paced_outer"))
    worker.start()
    assert started.wait(5)
    outer = importlib.import_module("paced_outer")   # waits for the worker to finish it
    worker.join(5)
    assert outer.MAIN_WAITING
    assert outer.SLEEPS_WHILE_MAIN_WAITED == 0


def test_a_chart_drawn_on_a_worker_gives_way_at_its_labels_and_marks(monkeypatch):
    """The same pixels, drawn with a short sleep before each label and mark while the
    window is busy."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from desktop import pacing
    from desktop.reports import overview_charts

    def chart():
        return overview_charts.bar_chart(["Ana", "Ben", "Chen"], [3, 1, 2], [1, 2, 3],
                                         ["3 visits", "1 visit", "2 visits"])

    def pixels(figure):
        figure.canvas.draw()
        return np.asarray(figure.canvas.buffer_rgba()).copy()

    plain = chart().figure
    FigureCanvasAgg(plain)                # the stock canvas and renderer
    expected = pixels(plain)
    sleeps = []
    real_sleep = pacing.time.sleep
    monkeypatch.setattr(pacing, "window_busy", lambda: True)
    monkeypatch.setattr(pacing.time, "sleep", lambda seconds: (sleeps.append(seconds), real_sleep(seconds)))
    figure = chart().figure               # laid out here: only its draw runs on the worker
    drawn = _on_a_worker(lambda: pixels(figure))
    assert len(sleeps) > 10, "the chart never gave way"
    assert np.array_equal(drawn, expected)
    sleeps.clear()
    pixels(chart().figure)                # the main thread draws it without a pause
    assert sleeps == []


def test_a_worker_never_turns_the_collector_back_on_the_main_thread_does(qtbot, file_db):
    import gc

    jobs = BackgroundJobs()
    seen = {}
    release = threading.Event()

    def work(db):
        release.wait(10)
        return "done"

    assert gc.isenabled()
    jobs.start("figures", work, db=file_db)
    release.set()
    from desktop.ui import background
    for pool in background._pools.values():
        pool.waitForDone(10_000)   # the job has finished on its worker, not yet delivered
    seen["after the worker"] = gc.isenabled()
    assert wait_idle(10_000)
    assert seen["after the worker"] is False   # a collection there could free a Qt object
    qtbot.waitUntil(gc.isenabled)              # turned on again by the main thread


def test_while_a_job_pauses_the_collector_the_main_thread_frees_its_own_cycles(qtbot, file_db):
    """A long job keeps the collector paused; the window's own garbage is still collected,
    a little at a time, not all at once when the job ends."""
    import gc
    import weakref

    from desktop.ui import background

    class Node:
        pass

    release = threading.Event()
    jobs = BackgroundJobs()
    jobs.start("long", lambda db: release.wait(10), db=file_db)
    try:
        qtbot.waitUntil(lambda: background._paused > 0)
        cycle = Node()
        cycle.me = cycle
        dropped = weakref.ref(cycle)
        del cycle
        kept = [[number] for number in range(5 * background.YOUNG_OBJECTS)]   # the window's new objects
        qtbot.waitUntil(lambda: dropped() is None, timeout=5_000)
        assert not gc.isenabled(), "the job's pause was over before the cycle went"
        assert gc.get_count()[0] <= 2 * background.YOUNG_OBJECTS
        assert len(kept) == 5 * background.YOUNG_OBJECTS
    finally:
        release.set()
        assert wait_idle(10_000)

