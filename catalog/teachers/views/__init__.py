"""Public teacher pages: thin views that parse input and call one service or selector."""

from __future__ import annotations

from typing import TypeVar

from django.http import Http404

T = TypeVar("T")


def found(value: T | None, what: str) -> T:
    """``value``, or a 404 ("No such collection") when the selector found nothing this user
    may see."""
    if value is None:
        raise Http404(f"No such {what}")
    return value
