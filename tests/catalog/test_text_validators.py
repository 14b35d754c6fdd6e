"""Control characters in text typed by the public."""

import pytest
from django.core.exceptions import ValidationError

from catalog.text_validators import (
    reject_control_characters,
    reject_control_characters_in_line,
)


@pytest.mark.parametrize("value", ["a\x00b", "bell\x07", "esc\x1b[0m", "del\x7f", "c1\x85", "\x0c"])
def test_control_characters_are_refused_everywhere(value):
    for validator in (reject_control_characters, reject_control_characters_in_line):
        with pytest.raises(ValidationError, match="control characters"):
            validator(value)


def test_multi_line_text_keeps_tabs_and_line_breaks():
    reject_control_characters("one\r\ntwo\tthree — ünïcode ✓")


@pytest.mark.parametrize("value", ["a\nb", "a\rb", "a\tb"])
def test_one_line_text_refuses_line_breaks_and_tabs(value):
    with pytest.raises(ValidationError):
        reject_control_characters_in_line(value)
    reject_control_characters(value)
