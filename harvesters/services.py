"""Harvest services: create sources, run them (locking, stale-run recovery, resume from the
checkpoint, final state), renormalize from raw records, abort, and run what is due."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from search.indexing import indexing_in_background

from .errors import AbortRequested, SourceBusy
from .http import DEFAULT_USER_AGENT, HttpPolicy
from .models import HarvestRun, HarvestSource, RawRecord, RunKind, RunStatus, SourceType
from .normalizers.registry import normalizer_for
from .pipeline import Pipeline, withdraw_missing
from .sources import Checkpoint, RawItem
from .sources.jsonapi import JsonApiGatherer
from .sources.jsonld import JsonLdGatherer
from .sources.oai import OaiGatherer
from .sources.tabular import TabularGatherer

log = logging.getLogger(__name__)

DEFAULT_FORMATS = {
    SourceType.OAI_PMH: "oai_dc",
    SourceType.CSV: "oer_commons_csv",
    SourceType.JSON_API: "openstax",
    SourceType.JSONLD: "jsonld",
}
GATHERERS = {
    SourceType.OAI_PMH: OaiGatherer,
    SourceType.CSV: TabularGatherer,
    SourceType.JSON_API: JsonApiGatherer,
    SourceType.JSONLD: JsonLdGatherer,
}


def register_gatherer(source_type: str, cls) -> None:
    GATHERERS[source_type] = cls


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "HARVEST_STALE_AFTER_SECONDS", 900))


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_is_stale(run: HarvestRun, now=None) -> bool:
    """A "running" run whose process is gone (same host) or whose heartbeat is too old."""
    if run.status != RunStatus.RUNNING:
        return False
    now = now or timezone.now()
    if run.hostname == socket.gethostname() and run.pid and not _pid_alive(run.pid):
        return True
    if run.hostname == socket.gethostname() and run.pid == os.getpid():
        return False
    return now - run.heartbeat_at > stale_after()


def _finish(run: HarvestRun, status: str, message: str = "") -> None:
    run.status = status
    run.finished_at = timezone.now()
    if message:
        run.message = (run.message + "\n" + message).strip()
    run.save(update_fields=["status", "finished_at", "message"])
    HarvestSource.objects.filter(pk=run.source_id, running_run=run).update(running_run=None)


def harvest_close_stale_runs(source: HarvestSource | None = None) -> list[HarvestRun]:
    """Close every stale "running" run as failed (its checkpoint stays for the next run)."""
    runs = HarvestRun.objects.filter(status=RunStatus.RUNNING)
    if source is not None:
        runs = runs.filter(source=source)
    closed = []
    for run in runs.select_related("source"):
        if run_is_stale(run):
            _finish(run, RunStatus.FAILED, "stale: the process ended without closing the run")
            closed.append(run)
    return closed


def harvest_source_create(
    name: str,
    type: str,
    base_url: str,
    *,
    metadata_format: str = "",
    set_spec: str = "",
    every_hours: float | None = None,
    priority: int = 0,
    config: dict | None = None,
    **extra,
) -> HarvestSource:
    if type not in SourceType.values:
        raise ValueError(f"unknown source type {type!r}; one of {', '.join(SourceType.values)}")
    source = HarvestSource(
        name=name,
        type=type,
        base_url=base_url,
        metadata_format=metadata_format or DEFAULT_FORMATS.get(type, ""),
        set_spec=set_spec,
        every_hours=every_hours,
        priority=priority,
        config=config or {},
        **extra,
    )
    source.full_clean()
    source.next_run_at = timezone.now() if source.scheduled else None  # scheduled: due at once
    source.save()
    return source


def _policy(source: HarvestSource, **overrides) -> HttpPolicy:
    config = source.config or {}
    values = {
        "timeout": float(config.get("timeout", 30)),
        "retries": int(config.get("retries", 4)),
        "backoff": float(config.get("backoff", 1.0)),
        "max_wait": float(config.get("max_wait", 300)),
        "requests_per_second": source.requests_per_second,
        "user_agent": source.user_agent or DEFAULT_USER_AGENT,
    }
    values.update(overrides)
    return HttpPolicy(**values)


def _start(source: HarvestSource, kind: str) -> HarvestRun:
    """Create the run and take the source's lock (atomic conditional update)."""
    harvest_close_stale_runs(source)
    run = HarvestRun.objects.create(
        source=source,
        kind=kind,
        hostname=socket.gethostname(),
        pid=os.getpid(),
    )
    taken = HarvestSource.objects.filter(pk=source.pk, running_run__isnull=True).update(
        running_run=run
    )
    if not taken:
        run.delete()
        raise SourceBusy(f"{source.name} already has a running harvest")
    if kind != RunKind.RENORMALIZE:
        previous = (
            HarvestRun.objects.filter(source=source, kind=kind)
            .exclude(pk=run.pk)
            .order_by("-started_at", "-pk")
            .first()
        )
        if previous and previous.status == RunStatus.FAILED and previous.checkpoint.get("token"):
            run.checkpoint = dict(previous.checkpoint)
            run.resumed_from = previous
            run.message = f"resumed from run {previous.pk} at page {run.checkpoint.get('pages')}"
            run.save(update_fields=["checkpoint", "resumed_from", "message"])
    return run


def harvest_source_run(
    source: HarvestSource,
    *,
    full: bool = False,
    dry_run: bool = False,
    progress: Callable[[HarvestRun, int], None] | None = None,
    policy: HttpPolicy | None = None,
    sleep=None,
) -> HarvestRun:
    """Run one harvest of ``source`` to a final state. ``dry_run`` rolls every write back
    and returns the (unsaved) run with the counts it would have had."""
    if dry_run:
        return _dry_run(source, full=full, progress=progress, policy=policy, sleep=sleep)
    run = _start(source, RunKind.FULL if full else RunKind.INCREMENTAL)
    gatherer_cls = GATHERERS.get(source.type)
    try:
        if gatherer_cls is None:
            raise ValueError(f"no gatherer for the source type {source.type!r}")
        gatherer = gatherer_cls(
            source, run.checkpoint, full=full, policy=policy or _policy(source), sleep=sleep
        )
        gatherer.prepare()
        fmt = gatherer.metadata_format or source.metadata_format
        pipeline = Pipeline(run, normalizer_for(fmt), metadata_format=fmt, progress=progress)
        with indexing_in_background():
            pipeline.consume(gatherer)
        if gatherer.complete and not gatherer.deletions_reported:
            run.withdrawn += withdraw_missing(run)
        run.response_date = gatherer.response_date
        run.save(update_fields=["response_date", "withdrawn"])
    except AbortRequested as exc:
        _finish(run, RunStatus.FAILED, str(exc))
        return run
    except (Exception, KeyboardInterrupt) as exc:
        log.exception("harvest of %s failed", source.name)
        _finish(run, RunStatus.FAILED, f"{type(exc).__name__}: {exc}")
        if isinstance(exc, KeyboardInterrupt):
            raise
        return run
    status = RunStatus.PARTIAL if run.errors else RunStatus.SUCCEEDED
    now = timezone.now()
    fields = ["next_run_at", "granularity", "deleted_record"]
    if gatherer.response_date:
        source.last_response_date = gatherer.response_date
        fields.append("last_response_date")
    source.schedule_next(now)
    source.save(update_fields=fields)
    _finish(run, status)
    return run


class _Rollback(Exception):
    pass


def _dry_run(source, *, full, progress, policy, sleep) -> HarvestRun:
    result = {}
    try:
        with transaction.atomic():
            run = harvest_source_run(
                source, full=full, progress=progress, policy=policy, sleep=sleep
            )
            result["run"] = run
            result["created_ids"] = run.created
            raise _Rollback
    except _Rollback:
        pass
    run = result["run"]
    run.message = (run.message + "\ndry run: nothing was written").strip()
    return run


def harvest_renormalize(
    source: HarvestSource, *, progress: Callable[[HarvestRun, int], None] | None = None
) -> HarvestRun:
    """Rebuild the source's materials from its stored raw records, without the network."""
    run = _start(source, RunKind.RENORMALIZE)
    try:
        fmt = source.metadata_format or DEFAULT_FORMATS.get(source.type, "oai_dc")
        pipeline = Pipeline(
            run, normalizer_for(fmt), metadata_format=fmt, progress=progress, skip_unchanged=False
        )

        def stored():
            rows = RawRecord.objects.filter(source=source).order_by("pk")
            for raw in rows.iterator(chunk_size=2000):
                yield RawItem(
                    raw.remote_id, raw.payload.encode("utf-8"), raw.datestamp, raw.deleted
                )
            yield Checkpoint({"renormalized": True})

        with indexing_in_background():
            pipeline.consume(stored())
    except AbortRequested as exc:
        _finish(run, RunStatus.FAILED, str(exc))
        return run
    except Exception as exc:  # noqa: BLE001 - the run records it
        log.exception("renormalize of %s failed", source.name)
        _finish(run, RunStatus.FAILED, f"{type(exc).__name__}: {exc}")
        return run
    _finish(run, RunStatus.PARTIAL if run.errors else RunStatus.SUCCEEDED)
    return run


def harvest_abort(source: HarvestSource) -> HarvestRun | None:
    """Ask the source's running run to stop after its current chunk; a stale one is closed."""
    run = HarvestRun.objects.filter(source=source, status=RunStatus.RUNNING).first()
    if run is None:
        return None
    if run_is_stale(run):
        _finish(run, RunStatus.FAILED, "aborted by an operator (the process was gone)")
        return run
    HarvestRun.objects.filter(pk=run.pk).update(abort_requested=True)
    return run


def harvest_sources_due(now=None):
    now = now or timezone.now()
    # Sources with a live run are skipped (SourceBusy); a stale run is closed on start.
    return HarvestSource.objects.filter(enabled=True, next_run_at__lte=now).order_by("next_run_at")


def harvest_run_due(now=None, **kwargs) -> list[HarvestRun]:
    runs = []
    for source in harvest_sources_due(now):
        try:
            runs.append(harvest_source_run(source, **kwargs))
        except SourceBusy as exc:
            log.info("%s", exc)
    return runs
