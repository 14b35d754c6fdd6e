"""Harvest sources, their runs, the raw records they fetched and per-record errors."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .schedule import next_due, validate_cron
from .sources import source_type_choices


class HarvestSource(models.Model):
    name = models.SlugField(max_length=100, unique=True, help_text="Also the materials' source key")
    # The registered gatherers' types (harvesters.sources.register), read when needed.
    type = models.CharField(max_length=20, choices=source_type_choices)
    base_url = models.CharField(max_length=1000, help_text="Endpoint URL, or a file path for CSV")
    metadata_format = models.CharField(
        max_length=50, blank=True, help_text="OAI metadataPrefix (oai_dc, lom, oai_lom) or mapping"
    )
    set_spec = models.CharField(max_length=200, blank=True)
    every_hours = models.FloatField(null=True, blank=True, help_text="Run every N hours")
    cron = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_cron],
        help_text="Or a cron expression in UTC, e.g. '0 3 * * *' (03:00 daily)",
    )
    enabled = models.BooleanField(default=True)
    requests_per_second = models.FloatField(default=2.0)
    user_agent = models.CharField(max_length=200, blank=True)
    priority = models.SmallIntegerField(
        default=0, help_text="Deduplication: a higher priority source's values win per field"
    )
    missing_runs_to_withdraw = models.PositiveSmallIntegerField(
        default=3,
        help_text="Sources without deletion support: withdraw a record missing from this many "
        "consecutive complete runs (0 = never)",
    )
    min_complete_ratio = models.FloatField(
        default=0.5,
        help_text="Hold withdrawals when a complete run sees fewer than this share of the "
        "records the source is known to list (always held when it sees none), until an "
        "operator confirms the shrink",
    )
    config = models.JSONField(
        default=dict,
        blank=True,
        help_text='Type-specific settings, e.g. {"max_run_seconds": 21600, "timeout": 30}',
    )

    # Harvest state.
    next_run_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_response_date = models.CharField(
        max_length=40, blank=True, help_text="OAI responseDate of the last successful run"
    )
    granularity = models.CharField(max_length=30, blank=True)
    deleted_record = models.CharField(max_length=20, blank=True, help_text="OAI deletedRecord")
    running_run = models.OneToOneField(
        "HarvestRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consecutive_failures = models.PositiveIntegerField(
        default=0, help_text="Failed runs in a row; the retry waits longer after each"
    )
    # A complete run that saw far fewer records than expected: withdrawals are held.
    shrink_warning = models.TextField(blank=True)
    shrink_warned_at = models.DateTimeField(null=True, blank=True)
    shrink_confirmed_at = models.DateTimeField(null=True, blank=True)
    shrink_confirmed_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.cron and self.every_hours:
            raise ValidationError("Give either a cron expression or every N hours, not both.")

    @property
    def scheduled(self) -> bool:
        return bool(self.every_hours or self.cron)

    def schedule_next(self, now=None) -> None:
        self.next_run_at = next_due(
            now or timezone.now(), every_hours=self.every_hours, cron=self.cron
        )

    @property
    def shrink_confirmation_pending(self) -> bool:
        """An operator confirmed the held shrink: the next complete run may withdraw."""
        return bool(
            self.shrink_warning
            and self.shrink_confirmed_at
            and (self.shrink_warned_at is None or self.shrink_confirmed_at >= self.shrink_warned_at)
        )

    def attention(self) -> str:
        """What an operator must look at (shown in the source listing)."""
        if not self.shrink_warning:
            return ""
        if self.shrink_confirmation_pending:
            return "shrink confirmed: complete runs withdraw what they no longer list"
        return self.shrink_warning

    attention.short_description = "Attention"

    @property
    def last_run(self):
        return self.runs.order_by("-started_at", "-pk").first()

    def last_run_summary(self) -> str:
        run = self.last_run
        if run is None:
            return "never run"
        return (
            f"{run.status} {run.started_at:%Y-%m-%d %H:%M} ({run.seen} seen, {run.errors} errors)"
        )

    last_run_summary.short_description = "Last run"


class RunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    PARTIAL = "partial", "Partial (some records failed)"
    FAILED = "failed", "Failed"
    INTERRUPTED = "interrupted", "Interrupted (resumes from its checkpoint)"


class RunKind(models.TextChoices):
    INCREMENTAL = "incremental", "Incremental"
    FULL = "full", "Full"
    RENORMALIZE = "renormalize", "Renormalize from raw records"


class HarvestRun(models.Model):
    source = models.ForeignKey(HarvestSource, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(max_length=20, choices=RunKind.choices, default=RunKind.INCREMENTAL)
    status = models.CharField(
        max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING, db_index=True
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(default=timezone.now)
    hostname = models.CharField(max_length=200, blank=True)
    pid = models.IntegerField(null=True, blank=True)
    # The process's start time (Linux /proc/<pid>/stat, clock ticks since boot): a reused pid
    # has a different one, so a dead run is not mistaken for a live one.
    pid_started = models.BigIntegerField(null=True, blank=True)
    abort_requested = models.BooleanField(default=False)
    # Where to go on after a crash: {"from", "until", "token", "pages"}.
    checkpoint = models.JSONField(default=dict, blank=True)
    resumed_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response_date = models.CharField(max_length=40, blank=True)
    message = models.TextField(blank=True)
    warning = models.TextField(blank=True, help_text="Needs an operator (e.g. withdrawals held)")
    seen = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)

    COUNT_FIELDS = ("seen", "created", "updated", "unchanged", "withdrawn", "errors", "warnings")

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} #{self.pk} {self.status}"

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.COUNT_FIELDS}

    def counts_summary(self) -> str:
        return ", ".join(f"{k} {v}" for k, v in self.counts().items())

    counts_summary.short_description = "Counts"

    def error_lines(self) -> str:
        """The first 200 per-record errors, one a line (stage, identifier, message)."""
        lines = [
            f"[{e.stage}{' warning' if e.level == RecordError.WARNING else ''}] "
            f"{e.identifier}: {e.message}"
            for e in self.record_errors.all()[:200]
        ]
        return "\n".join(lines) or "none"

    error_lines.short_description = "Record errors"


class RawRecord(models.Model):
    """A remote record exactly as fetched (the fetch stage's output); normalize reads it."""

    source = models.ForeignKey(HarvestSource, on_delete=models.CASCADE, related_name="raw_records")
    remote_id = models.CharField(max_length=500)
    datestamp = models.CharField(max_length=40, blank=True)
    metadata_format = models.CharField(max_length=50, blank=True)
    payload = models.TextField(blank=True)
    sha256 = models.CharField(max_length=64)
    deleted = models.BooleanField(default=False)
    fetched_at = models.DateTimeField(default=timezone.now)
    last_seen_run = models.ForeignKey(
        HarvestRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    missing_runs = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "remote_id"], name="raw_record_identity")
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.remote_id}"


class RecordError(models.Model):
    run = models.ForeignKey(HarvestRun, on_delete=models.CASCADE, related_name="record_errors")
    ERROR, WARNING = "error", "warning"

    stage = models.CharField(max_length=20)  # gather / fetch / normalize / import
    level = models.CharField(
        max_length=10, choices=[(ERROR, "Error"), (WARNING, "Warning")], default=ERROR
    )
    identifier = models.CharField(max_length=500, blank=True)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.stage} {self.identifier}: {self.message[:60]}"
