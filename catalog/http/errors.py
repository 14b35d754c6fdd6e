"""Errors of an outbound HTTP exchange, one class per way it can fail."""

from __future__ import annotations


class HttpError(Exception):
    """Base class: the exchange did not give a usable response."""


class TransportError(HttpError):
    """The HTTP exchange failed after every retry (timeouts, 5xx, 429, connection errors).
    ``status`` is the last HTTP status when the server answered, else None."""

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status


class ResponseDeadlineExceeded(TransportError):
    """A response did not arrive in full within the policy's ``response_deadline`` (retried
    like a timeout; raised once every retry has missed it too)."""


class ResponseTooLarge(HttpError):
    """A response (as sent, decompressed, or one record or text node in it) exceeded its
    configured size limit. Not retried: the same request would get the same answer."""


class MalformedResponse(HttpError):
    """A response that is not the well-formed document it promises (a broken or unknown
    ``Content-Encoding``, truncated XML, a page that is not JSON)."""
