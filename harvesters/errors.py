"""Errors a harvest can meet, one class per protocol error. The HTTP exchange's own errors
(``TransportError``, ``ResponseDeadlineExceeded``, ``ResponseTooLarge``, ``MalformedResponse``)
live with the client in ``catalog.http.errors``."""

from __future__ import annotations


class HarvestError(Exception):
    """Base class: anything that stops a page or a run."""


class ProtocolLoop(HarvestError):
    """The source's paging would never end: a resumptionToken or next-page link seen before in
    this run, or too many pages in a row with no records that still point to another page."""


class AbortRequested(HarvestError):
    """An operator asked the run to stop (``manage.py harvest --abort``)."""


class SourceBusy(HarvestError):
    """The source already has a live run."""


class RunDeadlineExceeded(HarvestError):
    """The run passed its overall deadline (source config ``max_run_seconds``)."""


class WorkerDied(HarvestError):
    """The worker running a harvest was killed or lost (recorded on its task-queue row)."""
