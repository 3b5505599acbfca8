"""Writes that need not delay the page: a queue per process, emptied in batches by a thread.

The search log (faq.search.analytics) is written here, off the request path: a visitor's
search no longer waits for its row and its rate-limit counter (two writes, a sixth of a
search not asked before: docs/benchmarks.md, session 12), and a batch of many searches
costs one transaction instead of one each.

What a batch may lose, and why that is acceptable for a log of searches:
- a process killed outright (SIGKILL, a crash) loses what it queued in its last
  ``every`` seconds; one that stops normally (gunicorn's restarts, Ctrl-C) writes its
  queue first (atexit);
- a batch the database refuses (SQLite busy past its timeout) is tried again with the
  next one, as long as no more than ``limit`` entries wait; beyond that, the newest are
  dropped and a warning says how many, so a database that stays down cannot grow a
  worker's memory without bound.
"""

import atexit
import logging
import os
import threading

from django.db import DatabaseError

logger = logging.getLogger(__name__)


class BatchWriter:
    """``write(entries)`` for what ``add()`` queued, in the order added, one batch at a time:
    every ``every`` seconds, or as soon as ``batch`` entries wait."""

    def __init__(self, write, *, every: float, batch: int = 200, limit: int = 10_000):
        self._write, self.every, self.batch, self.limit = write, every, batch, limit
        self._start()
        os.register_at_fork(after_in_child=self._start)  # a forked worker has no thread yet
        atexit.register(self._flush_at_exit)

    def _start(self):
        self._queue: list = []
        self._dropped = 0
        self._lock = threading.Lock()  # guards the queue
        self._writing = threading.Lock()  # one batch at a time, so entries stay in order
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, entry) -> None:
        with self._lock:
            if len(self._queue) >= self.limit:
                self._dropped += 1
                return
            self._queue.append(entry)
            full = len(self._queue) >= self.batch
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="faq-log", daemon=True)
                self._thread.start()
        if full:
            self._wake.set()

    def flush(self) -> None:
        """Write what waits now (the thread does every ``every`` seconds)."""
        with self._writing:
            entries = self._take()
            if not entries:
                return
            try:
                self._write(entries)
            except DatabaseError:
                logger.warning("Search log: %d entries kept for the next batch", len(entries))
                with self._lock:
                    self._queue[:0] = entries
                    self._dropped += max(len(self._queue) - self.limit, 0)
                    del self._queue[self.limit :]

    def _take(self) -> list:
        with self._lock:
            entries, self._queue = self._queue, []
            dropped, self._dropped = self._dropped, 0
        if dropped:
            logger.warning("Search log: %d entries dropped, the queue was full", dropped)
        return entries

    def _flush_at_exit(self):
        with self._writing:
            entries = self._take()
            try:
                if entries:
                    self._write(entries)
            except Exception:  # nothing runs after this: say what is lost
                logger.exception("Search log: %d entries not written at exit", len(entries))

    def _run(self):
        while True:
            self._wake.wait(self.every)
            self._wake.clear()
            try:
                self.flush()
            except Exception:  # the thread must outlive any one bad batch
                logger.exception("Search log: a batch failed")
