"""Errors a harvest can meet, one class per protocol error."""

from __future__ import annotations


class HarvestError(Exception):
    """Base class: anything that stops a page or a run."""


class TransportError(HarvestError):
    """The HTTP exchange failed after every retry (timeouts, 5xx, connection errors)."""


class ResponseTooLarge(HarvestError):
    """A response exceeded the configured size limit."""


class MalformedResponse(HarvestError):
    """A response that is not the well-formed document the protocol promises (e.g. truncated)."""


class AbortRequested(HarvestError):
    """An operator asked the run to stop (``manage.py harvest --abort``)."""


class SourceBusy(HarvestError):
    """The source already has a live run."""


class RunDeadlineExceeded(HarvestError):
    """The run passed its overall deadline (source config ``max_run_seconds``)."""
