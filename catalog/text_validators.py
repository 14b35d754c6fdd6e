"""Form-field validators for free text typed by the public: control characters (NUL, escape
sequences, bell, C1 controls) have no place in a name, an address or a comment, and some break
storage (PostgreSQL refuses NUL), terminals or exports."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# C0 controls and DEL, C1 controls. Tab, line feed and carriage return are checked separately.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAK_OR_TAB = re.compile(r"[\t\n\r]")

MESSAGE = "Remove the control characters (invisible codes such as NUL) from this text."


def reject_control_characters(value: str) -> None:
    """For multi-line text: allows tab, line feed and carriage return, refuses other controls."""
    if value and _CONTROL.search(value):
        raise ValidationError(MESSAGE, code="control_characters")


def reject_control_characters_in_line(value: str) -> None:
    """For one-line text (names, e-mail addresses): refuses every control character,
    including tab and line breaks."""
    if value and (_CONTROL.search(value) or _LINE_BREAK_OR_TAB.search(value)):
        raise ValidationError(MESSAGE, code="control_characters")
