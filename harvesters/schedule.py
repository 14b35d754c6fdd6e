"""When a source is next due: every N hours, or the next time a cron expression (UTC) matches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cronsim import CronSim, CronSimError
from django.core.exceptions import ValidationError


def validate_cron(expression: str) -> None:
    """Raise ValidationError for anything but a five-field cron expression cronsim accepts."""
    if len(expression.split()) != 5:
        raise ValidationError(
            f"{expression!r} is not a cron expression: use five fields, minute hour day month "
            "weekday (UTC), e.g. '0 3 * * *' for 03:00 every day"
        )
    try:
        CronSim(expression, datetime.now(UTC))
    except CronSimError as exc:
        raise ValidationError(f"{expression!r} is not a valid cron expression: {exc}") from exc


def next_due(now: datetime, *, every_hours: float | None = None, cron: str = "") -> datetime | None:
    """The next run after ``now``; None when the source has no schedule."""
    if cron:
        return next(CronSim(cron, now.astimezone(UTC)))
    if every_hours:
        return now + timedelta(hours=every_hours)
    return None


RETRY_FIRST = timedelta(minutes=5)


def retry_due(
    now: datetime, failures: int, *, every_hours: float | None = None, cron: str = ""
) -> datetime | None:
    """After ``failures`` failed runs in a row: retry after 5 minutes, doubled per failure,
    never later than the source's next regular run (so the wait is capped at its interval).
    None when the source has no schedule."""
    regular = next_due(now, every_hours=every_hours, cron=cron)
    if regular is None:
        return None
    retry = now + RETRY_FIRST * 2 ** min(max(failures - 1, 0), 20)
    return min(retry, regular)
