"""Long work off the main thread gives way to the window.

Python runs one thread at a time (the interpreter lock): a worker building the whole
school's growth profiles or drawing its charts takes the lock in turns with the main
thread, and the window's paints and key presses wait their turn (a 50 ms tab switch took
150 to 600 ms while they ran). So the work is paced: while the window is busy, long work
sleeps a moment at its give-way points and the window has the lock to itself.

The window proves it is not busy by a heartbeat (:func:`beat`, from a timer on its event
loop, ``desktop.ui.background``): a beat missed for longer than :data:`BUSY_AFTER_S` means
the main thread is painting, sorting or computing. Plain Python, no Qt: the domain code
calls :func:`give_way` between its long steps (one chart, one teacher's profile), a
worker's SQLite connection calls it from its progress handler, and a chart drawn on a
worker calls it before each label and mark (``desktop.reports.charts``). A worker also
gives way before each module it imports (:class:`_ImportsGiveWay`): the first Overview charts
of a session import matplotlib and numpy on a worker, hundreds of modules whose code runs
holding the lock (a 30 ms filter change in the window took 100 to 380 ms meanwhile).

Only a worker gives way, and only while a heartbeat runs: on the main thread there is no
other window to wait for (a job run there, for a database with no file behind it, could
sleep a quarter of a second at each give-way point: no beat can come meanwhile), and with
no heartbeat (the command line, printing outside the window) nobody is waiting at all.
"""

from __future__ import annotations

import sys
import threading
import time

BUSY_AFTER_S = 0.012   # more than two beats (5 ms apart) missed
YIELD_S = 0.002        # one sleep while the window is busy
LONGEST_WAIT_S = 0.25  # a give-way point never waits longer than this in one go

_last_beat = time.monotonic()
_beating = False            # a heartbeat runs (jobs are under way in the window)
_waiting_for_work = False   # the main thread is blocked on the work itself: nothing to give way to


def beat() -> None:
    """The main thread is back in its event loop."""
    global _last_beat
    _last_beat = time.monotonic()


def heartbeat(running: bool) -> None:
    """The window's heartbeat started (*running*) or stopped."""
    global _beating
    _beating = running
    if running:
        _ImportsGiveWay.install()
    beat()


def window_busy() -> bool:
    return _beating and not _waiting_for_work and time.monotonic() - _last_beat > BUSY_AFTER_S


def _on_a_worker() -> bool:
    return threading.current_thread() is not threading.main_thread()


def give_way(*, longest: float = LONGEST_WAIT_S) -> None:
    """While the window is busy, sleep (up to *longest* seconds): call between long steps."""
    waited = 0.0
    while waited < longest and window_busy() and _on_a_worker():
        time.sleep(YIELD_S)
        waited += YIELD_S


def give_way_once() -> None:
    """One short sleep if the window is busy: for points passed thousands of times a second."""
    if window_busy() and _on_a_worker():
        time.sleep(YIELD_S)


class waiting_for_work:
    """``with waiting_for_work():`` the main thread blocks on the work (quitting, tests)."""

    def __enter__(self):
        global _waiting_for_work
        _waiting_for_work = True
        return self

    def __exit__(self, *exc) -> None:
        global _waiting_for_work
        _waiting_for_work = False
        beat()


class _ImportsGiveWay:
    """First on ``sys.meta_path``: a worker about to import a module gives way to a busy
    window, then the usual finders find it (this one never does).

    Never while the main thread is itself inside an import: it may be waiting for a module
    the worker is importing, and would wait the longer for every module the worker gave
    way before."""

    @classmethod
    def install(cls) -> None:
        if not any(isinstance(finder, cls) for finder in sys.meta_path):
            sys.meta_path.insert(0, cls())

    def find_spec(self, name, path=None, target=None):
        if window_busy() and _on_a_worker() and not main_thread_importing():
            give_way()
        return None


def main_thread_importing() -> bool:
    """The main thread is running the import machinery (finding, loading or waiting for a
    module), not a module's own code."""
    frame = sys._current_frames().get(threading.main_thread().ident)
    return frame is not None and frame.f_code.co_filename.startswith("<frozen importlib")
