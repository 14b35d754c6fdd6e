"""Errors the list services raise for a rule broken (permission errors are PermissionDenied)."""


class ListsError(Exception):
    """A list rule refused the action; the message is shown to the user as is."""


class LicenseNotOpen(ListsError):
    """The material's license is not open under the list's definition."""
