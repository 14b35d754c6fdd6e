"""Field-by-field differences for the "the original changed" panel, as safe HTML
(``<del>`` for removed words or items, ``<ins>`` for added ones)."""

from __future__ import annotations

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_TOKEN = re.compile(r"\s+|[^\s]+")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def text_diff(old, new) -> SafeString:
    """Word-level diff of two strings."""
    a, b = _TOKEN.findall(_text(old)), _TOKEN.findall(_text(new))
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def list_diff(old, new) -> SafeString:
    """Items removed and added, in order."""
    old, new = list(old or []), list(new or [])
    parts = [f"<del>{escape(v)}</del>" for v in old if v not in new]
    parts += [f"<ins>{escape(v)}</ins>" for v in new if v not in old]
    kept = [escape(v) for v in new if v in old]
    return mark_safe(", ".join(parts + kept))  # noqa: S308 - every piece is escaped above


def field_diff(old, new) -> SafeString:
    if isinstance(old, list | tuple) or isinstance(new, list | tuple):
        return list_diff(old, new)
    return text_diff(old, new)
