"""Outbound HTTP for the whole project: one polite client (``client``), one per-host
throttle (``throttle``) and the errors an exchange can end in (``errors``). Harvesters, the
standards importer and the link checker all fetch through it."""

from .client import USER_AGENT, Body, HttpPolicy, PoliteSession, retry_after_seconds, user_agent
from .errors import (
    HttpError,
    MalformedResponse,
    ResponseDeadlineExceeded,
    ResponseTooLarge,
    TransportError,
)
from .throttle import HostThrottle

__all__ = [
    "USER_AGENT",
    "Body",
    "HostThrottle",
    "HttpError",
    "HttpPolicy",
    "MalformedResponse",
    "PoliteSession",
    "ResponseDeadlineExceeded",
    "ResponseTooLarge",
    "TransportError",
    "retry_after_seconds",
    "user_agent",
]
