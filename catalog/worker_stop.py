"""This process was asked to stop: a task worker's SIGTERM, seen by the long jobs it runs.

``manage.py task_worker`` calls ``request_stop()`` from its signal handler when a task is
running. Long jobs look at ``stop_requested()`` between units of work they can commit: a
harvest at its next tick (it ends "interrupted" and resumes from its checkpoint), an index
outbox drain between batches (what it did not take stays queued). The flag lives in the
catalog layer because jobs of every app read it.
"""

from __future__ import annotations

import threading

_stop = threading.Event()


def request_stop() -> None:
    """Ask every long job in this process to stop after committing what it holds
    (signal-safe: it only sets an event)."""
    _stop.set()


def stop_requested() -> bool:
    return _stop.is_set()


def clear_stop() -> None:
    """Forget a stop request (tests, and a worker that starts a fresh loop)."""
    _stop.clear()
