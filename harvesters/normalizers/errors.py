"""The one error a normalizer raises: this payload cannot become a material."""

from catalog.materials.web_urls import UnsafeURLError, pick_web_url, require_web_url


class NormalizeError(ValueError):
    pass


def record_url(value: str) -> str:
    """The record's link, "" when it has none; anything but http(s) rejects the record."""
    try:
        return require_web_url(value)
    except UnsafeURLError as exc:
        raise NormalizeError(str(exc)) from exc


def first_record_url(candidates) -> str:
    """The first http(s) link among identifier-like values (URNs, DOIs skipped); a script or
    data link among them rejects the record."""
    try:
        return pick_web_url(candidates)
    except UnsafeURLError as exc:
        raise NormalizeError(str(exc)) from exc
