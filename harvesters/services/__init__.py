"""Harvest writes, one module per job: ``sources`` (create and check sources, confirm a
shrink), ``runs`` (a run's lifecycle: start, finish, stale runs, abort, renormalize) and
``due`` (what is due, handed to the task queue). Import from the job module; the public names
of ``sources`` and ``runs`` are re-exported here (``due`` imports the tasks, which import
``runs``, so it is not)."""

from .runs import (
    harvest_abort,
    harvest_close_stale_runs,
    harvest_renormalize,
    harvest_source_run,
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
    "harvest_renormalize",
    "harvest_source_create",
    "harvest_source_run",
    "harvest_source_validate",
    "process_started",
    "run_is_stale",
    "run_process_alive",
    "shrink_check",
]
