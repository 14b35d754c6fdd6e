"""Reads of harvest sources and runs."""

from __future__ import annotations

from .models import HarvestRun, HarvestSource


def run_summary(run: HarvestRun, *, dry_run: bool = False) -> dict:
    return {
        "source": run.source.name,
        "run": run.pk,
        "kind": run.kind,
        "status": run.status,
        "dry_run": dry_run,
        "started_at": run.started_at.isoformat() if run.started_at else None,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "response_date": run.response_date,
        "checkpoint": run.checkpoint,
        "message": run.message,
        **run.counts(),
        "errors_sample": [
            {"stage": e.stage, "identifier": e.identifier, "message": e.message}
            for e in (run.record_errors.all()[:20] if run.pk and not dry_run else [])
        ],
    }


def source_list_with_last_run():
    return HarvestSource.objects.select_related("running_run").prefetch_related("runs")
