"""Errors a harvest can meet, one class per protocol error."""

from __future__ import annotations


class HarvestError(Exception):
    """Base class: anything that stops a page or a run."""


class TransportError(HarvestError):
    """The HTTP exchange failed after every retry (timeouts, 5xx, connection errors)."""


class ResponseDeadlineExceeded(TransportError):
    """A response did not arrive in full within the policy's ``response_deadline`` (retried
    like a timeout; raised once every retry has missed it too)."""


class ResponseTooLarge(HarvestError):
    """A response (as sent, decompressed, or one record or text node in it) exceeded its
    configured size limit. Not retried: the same request would get the same answer."""


class ProtocolLoop(HarvestError):
    """The source's paging would never end: a resumptionToken or next-page link seen before in
    this run, or too many pages in a row with no records that still point to another page."""


class MalformedResponse(HarvestError):
    """A response that is not the well-formed document the protocol promises (e.g. truncated)."""


class AbortRequested(HarvestError):
    """An operator asked the run to stop (``manage.py harvest --abort``)."""


class SourceBusy(HarvestError):
    """The source already has a live run."""


class RunDeadlineExceeded(HarvestError):
    """The run passed its overall deadline (source config ``max_run_seconds``)."""
