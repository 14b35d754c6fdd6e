"""Harvest writes, one module per job: ``sources`` (create and check sources, confirm a
shrink) and ``runs`` (a run's lifecycle: start, finish, stale runs, abort, renormalize, what
is due). Import from the job module; the public names are re-exported here for callers that
use ``harvesters.services``."""

from .runs import (
    harvest_abort,
    harvest_close_stale_runs,
    harvest_enqueue_due,
    harvest_renormalize,
    harvest_run_due,
    harvest_source_run,
    harvest_sources_due,
    process_started,
    run_is_stale,
    run_process_alive,
    shrink_check,
)
from .sources import harvest_confirm_shrink, harvest_source_create, harvest_source_validate

__all__ = [
    "harvest_abort",
    "harvest_close_stale_runs",
    "harvest_confirm_shrink",
    "harvest_enqueue_due",
    "harvest_renormalize",
    "harvest_run_due",
    "harvest_source_create",
    "harvest_source_run",
    "harvest_source_validate",
    "harvest_sources_due",
    "process_started",
    "run_is_stale",
    "run_process_alive",
    "shrink_check",
]
