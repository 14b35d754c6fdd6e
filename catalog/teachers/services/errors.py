"""The refusals the teachers' services raise; views show ``str(error)`` to the teacher."""

from __future__ import annotations

from .. import licensing


class TeacherError(Exception):
    """A refused action; ``str(error)`` is a plain-words message for the teacher."""


class AdaptationRefused(TeacherError):
    def __init__(self, message: str, choice: licensing.LicenseChoice | None = None):
        super().__init__(message)
        self.choice = choice
