"""Work off the main thread: a plain function run over its own read-only connection, its
result handed back to the main thread by signal, and a result nobody waits for any more
dropped.

    jobs = BackgroundJobs(parent=tab)
    jobs.finished.connect(tab.show_figures)          # (name, result), on the main thread
    jobs.failed.connect(tab.show_problem)            # (name, plain words)
    jobs.start("figures", lambda db: school_dashboard(db, today), db=tab.db)

* The function gets a connection of its own (``db.connection.open_read_only``), opened in
  the worker thread and closed when it returns, so the window's connection is never used
  from two threads. It must not touch widgets: it returns plain data (dataclasses, a
  matplotlib Figure; never a QWidget or a Qt canvas).
* Jobs run one at a time in start order, on one shared worker thread: two cores are
  shared with everything else, and matplotlib keeps global state.
* Starting a job under a *name* again (the selection changed, the data changed) makes the
  earlier one stale: its result is dropped on arrival, never shown. :meth:`cancel` drops
  them all (the tab was given another file).
* A database with no file behind it (the sample in memory) cannot be opened twice: its
  jobs run on the main thread, one event-loop turn later, and still report by signal.
* A failure is logged with its traceback and reported in plain words; it never reaches the
  user as a traceback.
* While a job runs, Python's cyclic garbage collector waits (:func:`collector_paused`): a
  job builds hundreds of thousands of short-lived objects, each full collection they set
  off scanned the whole heap holding the interpreter lock, and the window stopped
  answering for that long (0.2 to 0.8 s at a time on the 5,000-teacher district). Those
  objects are freed by reference counting when the job returns; cycles wait until then.
  Meanwhile the main thread collects the young generations itself at its heartbeat, a few
  thousand objects at a time (:func:`_collect_young`), so the window's own cycles go on
  being freed and no pile is left for one long collection when the pause ends.

* A job nobody waits for any more stops: its connection's progress handler interrupts its
  query (a stale whole-school Noticed for you no longer burns ten seconds after a teacher
  was picked), and its end is not reported as a failure.
* A job gives way to the window (:mod:`desktop.pacing`): while the main thread is away
  from its event loop (painting a tab, sorting a list), the job's queries sleep a moment at
  each progress check, so the window has the interpreter lock instead of sharing it. The
  heartbeat that tells the window is back runs only while jobs are under way.
* A caller that wants its own answer rather than the signals passes ``done(result)`` and
  ``failed(error)`` to :meth:`BackgroundJobs.start`; they run on the main thread, only for
  the latest job of the name, and ``failed`` gets the exception itself (a damaged file is
  told from a bug by its type).
* Jobs run in lanes, one worker thread each, so a quick read never queues behind a slow
  one: each tab has its own (its lists' totals, counts, Coverage, Trends), :data:`SLOW` is
  for the whole school's growth profiles and Noticed for you (tens of seconds on a
  district) and :data:`FILES` for the day's backup (a copy of the whole file). Within a
  lane, jobs run one at a time in start order.

Tests wait on :attr:`BackgroundJobs.finished` (``qtbot.waitSignal``) or on
:func:`wait_idle`, never on a sleep.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import itertools
import logging
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from shiboken6 import isValid
from sqlite_utils import Database

from db import driver
from db.backups import database_file
from desktop import pacing

log = logging.getLogger("cultivate")

Work = Callable[[Database], Any]
READS, SLOW, FILES = "reads", "slow", "files"
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass(frozen=True)
class _Outcome:
    owner: int          # which BackgroundJobs asked
    name: str
    ticket: int
    result: Any = None
    error: BaseException | None = None


class _Relay(QObject):
    """Lives on the main thread for the whole run: workers report through it, so a result
    arriving after its tab has gone is simply not delivered (nothing emits on a dead object)."""
    delivered = Signal(object)
    collector_due = Signal()   # a worker left the collector off for the main thread to resume


_relay: _Relay | None = None
_pools: dict[str, QThreadPool] = {}
_owners: weakref.WeakValueDictionary[int, BackgroundJobs] = weakref.WeakValueDictionary()
_in_flight = 0
_pausing = threading.Lock()
_paused = 0              # jobs running with the collector paused
_resume = False          # whether it was on when the first of them began
_resume_pending = False  # a worker finished the last paused job: the main thread turns it on
_ids = itertools.count(1)

# Giving way to the window (desktop.pacing): the heartbeat, and how often a job's query checks.
HEARTBEAT_MS = 5
PROGRESS_STEPS = 1_000          # SQLite virtual-machine steps between progress checks
_heartbeat: QTimer | None = None


def _shared(lane: str) -> tuple[_Relay, QThreadPool]:
    global _relay
    if _relay is None:
        _relay = _Relay()
        _relay.delivered.connect(_dispatch)
        _relay.collector_due.connect(_resume_collector)
        app = QCoreApplication.instance()
        if app is not None:
            # Quitting waits for a job under way (its read-only connection closes cleanly).
            app.aboutToQuit.connect(_wait_for_pools)
        atexit.register(_wait_for_pools)
    pool = _pools.get(lane)
    if pool is None:
        pool = _pools[lane] = QThreadPool()
        pool.setMaxThreadCount(1)
        pool.setExpiryTimeout(30_000)
    return _relay, pool


def _keep_beating(running: bool) -> None:
    """Run the heartbeat while jobs are under way (and only then: an idle window stays idle)."""
    global _heartbeat
    if _heartbeat is None:
        if not running or QCoreApplication.instance() is None:
            return
        _heartbeat = QTimer()
        _heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        _heartbeat.setInterval(HEARTBEAT_MS)
        _heartbeat.timeout.connect(pacing.beat)
        _heartbeat.timeout.connect(_collect_young)
    if running and not _heartbeat.isActive():
        pacing.heartbeat(True)
        _heartbeat.start()
    elif not running and _heartbeat.isActive():
        _heartbeat.stop()
        pacing.heartbeat(False)


def _progress_check(owner: int, name: str, ticket: int) -> Callable[[], int]:
    """The worker connection's progress handler: non-zero interrupts the query."""
    def check() -> int:
        if _wanted.get((owner, name)) != ticket:
            return 1   # stale: nobody will look at the result
        pacing.give_way_once()
        return 0
    return check


def _wait_for_pools(timeout_ms: int = 10_000) -> None:
    with pacing.waiting_for_work():
        for pool in list(_pools.values()):
            pool.waitForDone(timeout_ms)


def _dispatch(outcome: _Outcome) -> None:
    global _in_flight
    _in_flight -= 1
    _resume_collector()
    if not _in_flight:
        _keep_beating(False)
    owner = _owners.get(outcome.owner)
    if owner is not None and isValid(owner):   # its tab may have been closed meanwhile
        owner._arrived(outcome)


@contextlib.contextmanager
def collector_paused():
    """No automatic cyclic garbage collection while inside (see the module docstring);
    nested and concurrent uses are counted, and the collector is left as it was found.

    A worker thread never turns the collector back on itself: the collection that would
    follow at once would run on the worker and could free a Qt object there (a crash).
    The main thread turns it on, told by a queued signal (:func:`_resume_collector`)."""
    global _paused, _resume, _resume_pending
    due = False
    with _pausing:
        if _paused == 0:
            _resume = gc.isenabled() or _resume_pending   # off only until the main thread's turn
            _resume_pending = False
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _pausing:
            _paused -= 1
            if _paused == 0 and _resume:
                if threading.current_thread() is threading.main_thread():
                    gc.enable()
                else:
                    _resume_pending = True
                    due = True
        if due and _relay is not None:
            _relay.collector_due.emit()   # queued: runs on the main thread, the collector still off


# While jobs keep the collector paused, the main thread collects the young generations
# itself, a few thousand objects at a time, at its heartbeat. Left to the end of a pause
# (twenty seconds of jobs back to back on a district), the window's own new objects were
# 170,000 and their one collection stopped the window for 100 ms, in the middle of a key
# press. Collected here, on the main thread, a Qt object in a cycle is freed where it lives.
YOUNG_OBJECTS = 2_000    # new objects before the main thread collects them
YOUNG_COLLECTIONS = 10   # young collections before the next one takes the middle generation too


def _collect_young() -> None:
    if _paused:
        young, middle, _ = gc.get_count()
        if young > YOUNG_OBJECTS:
            gc.collect(1 if middle >= YOUNG_COLLECTIONS else 0)


def _resume_collector() -> None:
    """On the main thread: turn the collector back on if the last job to finish left it off."""
    global _resume_pending
    with _pausing:
        if _resume_pending and _paused == 0:
            gc.enable()
            _resume_pending = False


# (owner, name) -> the ticket whose result will be shown. Written on the main thread, read by
# the worker as a job comes up: a job asked for again (or cancelled) while it waited in its
# lane is not run at all (the whole school's totals, 4 s on a district, once a teacher is
# picked).
_wanted: dict[tuple[int, str], int] = {}


def _run(owner: int, name: str, ticket: int, work: Work, path: Path | None,
         db: Database | None) -> _Outcome:
    if _wanted.get((owner, name)) != ticket:
        return _Outcome(owner, name, ticket)   # stale before it began: dropped on arrival
    pacing.give_way()   # a job begins once the window has finished what it was doing
    with collector_paused():
        return _run_paused(owner, name, ticket, work, path, db)


def _run_paused(owner: int, name: str, ticket: int, work: Work, path: Path | None,
                db: Database | None) -> _Outcome:
    from db.connection import open_read_only

    own = None
    try:
        if path is not None:
            # Checked when the window opened it; a reader needs no second schema check.
            own = open_read_only(path, check=False)
            own.conn.set_progress_handler(_progress_check(owner, name, ticket), PROGRESS_STEPS)
            result = work(own)
        else:
            result = work(db)
        return _Outcome(owner, name, ticket, result=result)
    except Exception as error:   # reported by signal, in plain words
        if isinstance(error, driver.OperationalError) and _wanted.get((owner, name)) != ticket:
            return _Outcome(owner, name, ticket)   # stopped because stale: dropped on arrival
        log.error("Background job %r failed", name, exc_info=error)
        return _Outcome(owner, name, ticket, error=error)
    finally:
        if own is not None:
            own.close()


class _Job(QRunnable):
    def __init__(self, relay: _Relay, args: tuple):
        super().__init__()
        self.relay = relay
        self.args = args
        self.setAutoDelete(True)

    def run(self) -> None:
        # Paused from the first line on this thread to the last: the collector, turned on
        # again by the main thread for another job, never collects here.
        with collector_paused():
            outcome = _run(*self.args)
            try:
                self.relay.delivered.emit(outcome)
            except RuntimeError:   # Python is shutting down: nobody is left to tell
                pass


class BackgroundJobs(QObject):
    """One tab's (or panel's) background work, by name; see the module docstring."""

    finished = Signal(str, object)   # name, result: only the latest job of that name
    failed = Signal(str, str)        # name, what went wrong in plain words

    def __init__(self, parent: QObject | None = None, *, lane: str = READS):
        super().__init__(parent)
        self.lane = lane   # where its jobs run unless told otherwise
        self._id = next(_ids)
        _owners[self._id] = self
        self._latest: dict[str, int] = {}
        self._waiting: dict[str, int] = {}    # name -> jobs started and not yet arrived
        self._answers: dict[str, tuple[Done | None, Failed | None]] = {}
        self._tickets = itertools.count(1)

    def start(self, name: str, work: Work, *, db: Database, done: Done | None = None,
              failed: Failed | None = None, lane: str | None = None) -> int:
        """Run ``work(connection)`` off the main thread; returns the job's ticket."""
        global _in_flight
        try:
            path = database_file(db)
        except driver.Error:   # closed: the window is closing, nobody will look
            return 0
        relay, pool = _shared(lane or self.lane)
        ticket = next(self._tickets)
        self._latest[name] = ticket
        _wanted[(self._id, name)] = ticket
        self._answers[name] = (done, failed)
        self._waiting[name] = self._waiting.get(name, 0) + 1
        _in_flight += 1
        if path is None:
            args = (self._id, name, ticket, work, None, db)
            QTimer.singleShot(0, lambda: relay.delivered.emit(_run(*args)))
        else:
            _keep_beating(True)
            pool.start(_Job(relay, (self._id, name, ticket, work, path, None)))
        return ticket

    def cancel(self, name: str | None = None) -> None:
        """Drop the results of jobs under way (all of them, or *name*'s)."""
        for key in [name] if name else list(self._latest):
            self._latest.pop(key, None)
            self._answers.pop(key, None)
            _wanted.pop((self._id, key), None)

    def is_busy(self, name: str | None = None) -> bool:
        """True while a job whose result will be shown is still under way."""
        names = [name] if name else list(self._latest)
        return any(self._waiting.get(key, 0) and key in self._latest for key in names)

    def _arrived(self, outcome: _Outcome) -> None:
        self._waiting[outcome.name] = max(self._waiting.get(outcome.name, 1) - 1, 0)
        if self._latest.get(outcome.name) != outcome.ticket:
            return   # stale: something newer was asked for (or it was cancelled)
        del self._latest[outcome.name]
        _wanted.pop((self._id, outcome.name), None)
        done, failed = self._answers.pop(outcome.name, (None, None))
        if outcome.error is None:
            if done is not None:
                done(outcome.result)
            self.finished.emit(outcome.name, outcome.result)
            return
        if failed is not None:
            failed(outcome.error)
        from desktop.errors import plain_message

        what, way_out = plain_message(outcome.error)
        self.failed.emit(outcome.name, " ".join(filter(None, [what, way_out])))


def wait_idle(timeout_ms: int = 30_000) -> bool:
    """Let every job under way finish and deliver its result (screenshots, tests, quitting).
    True when nothing is left under way."""
    deadline = QDeadlineTimer(timeout_ms)
    while _in_flight and not deadline.hasExpired():
        with pacing.waiting_for_work():
            for pool in list(_pools.values()):
                pool.waitForDone(50)
        QCoreApplication.processEvents()
    return _in_flight == 0
