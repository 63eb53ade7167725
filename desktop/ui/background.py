"""Work off the window's thread: plain Python run on a worker, its result handed back by signal.

The work is a callable that touches no widget and opens its own connection if it reads
the data file (``db.connection.open_read_only``: SQLite connections are not shared
between threads). Its result, or the exception it raised, arrives on the window's thread
through a queued signal, where the caller's ``done``/``failed`` run and may update
widgets. Each job has a *key*; a newer job with the same key supersedes an older one, so
a result that arrives after the user has moved on (another teacher, another year) is
dropped instead of overwriting what is on screen.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("cultivate")


class _Relay(QObject):
    """Lives on the window's thread; the worker emits, the window's thread receives."""

    finished = Signal(object, object, object)   # key, generation, result
    failed = Signal(object, object, object)     # key, generation, exception


class _Job(QRunnable):
    def __init__(self, relay: _Relay, key: Any, generation: int, work: Callable[[], Any]):
        super().__init__()
        self.relay, self.key, self.generation, self.work = relay, key, generation, work
        self.setAutoDelete(True)

    def run(self) -> None:   # on a worker thread: no widgets here
        try:
            result = self.work()
        except BaseException as error:  # noqa: BLE001 - handed to the window's thread
            self.relay.failed.emit(self.key, self.generation, error)
        else:
            self.relay.finished.emit(self.key, self.generation, result)


class Background(QObject):
    """The worker jobs of one window (or tab): ``run(key, work, done, failed)``."""

    def __init__(self, parent: QObject | None = None, *, pool: QThreadPool | None = None):
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)
        self._relay.failed.connect(self._failed)
        self._numbers = itertools.count(1)
        self._latest: dict[Any, int] = {}
        self._callbacks: dict[tuple[Any, int], tuple[Callable, Callable | None]] = {}

    def run(self, key: Any, work: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None] | None = None) -> int:
        """Start *work* on a worker; *done(result)* or *failed(error)* later, on this thread,
        unless another job with the same *key* was started since. Returns the job's number."""
        generation = next(self._numbers)
        self._latest[key] = generation
        self._callbacks[(key, generation)] = (done, failed)
        self.pool.start(_Job(self._relay, key, generation, work))
        return generation

    def cancel(self, key: Any) -> None:
        """Whatever the job *key* brings back is dropped (it still runs to its end)."""
        self._latest.pop(key, None)

    def busy(self, key: Any | None = None) -> bool:
        """A job (with *key*, or any) has not reported back yet."""
        return any(k == key or key is None for k, _ in self._callbacks)

    def wait(self, milliseconds: int = -1) -> bool:
        """Block until the pool is idle (closing: a backup finishes before the process ends)."""
        return self.pool.waitForDone(milliseconds)

    def _take(self, key: Any, generation: int):
        callbacks = self._callbacks.pop((key, generation), None)
        if callbacks is None or self._latest.get(key) != generation:
            return None
        self._latest.pop(key, None)
        return callbacks

    def _finished(self, key: Any, generation: int, result: Any) -> None:
        callbacks = self._take(key, generation)
        if callbacks is not None:
            callbacks[0](result)

    def _failed(self, key: Any, generation: int, error: BaseException) -> None:
        callbacks = self._take(key, generation)
        if callbacks is None:
            log.info("a superseded background job (%s) failed: %s", key, error)
            return
        if callbacks[1] is None:
            raise error   # to the one excepthook: a bug gets its report
        callbacks[1](error)
