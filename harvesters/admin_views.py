"""Admin views for harvest operators beyond the snippet screens."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from wagtail.snippets.permissions import get_permission_name

from .errors import SourceBusy
from .models import HarvestSource
from .run_control import max_run_seconds
from .services.runs import harvest_abort, harvest_source_run
from .services.sources import harvest_confirm_shrink
from .tasks import harvest_source_task

CHANGE_SOURCE = get_permission_name("change", HarvestSource)


def confirm_shrink(request, pk: int):
    """Confirm that a source really dropped the records its last complete run did not list
    (GET asks, POST confirms), so complete runs withdraw them again."""
    if not request.user.has_perm(CHANGE_SOURCE):
        raise PermissionDenied("Only harvest operators confirm a shrink.")
    source = get_object_or_404(HarvestSource, pk=pk)
    if request.method == "POST":
        if harvest_confirm_shrink(source, by=request.user.get_username()):
            messages.success(request, f"{source.name}: complete runs may withdraw again.")
        else:
            messages.warning(request, f"{source.name} has no held withdrawals to confirm.")
        return redirect("wagtailsnippets_harvesters_harvestsource:list")
    return TemplateResponse(request, "harvesters/admin/confirm_shrink.html", {"source": source})


# A dry run runs in the request: it stops at this many seconds (or the source's own, shorter
# deadline) and reports what it had seen by then.
DRY_RUN_SECONDS = 60


def _source_for_operator(request, pk: int) -> HarvestSource:
    if not request.user.has_perm(CHANGE_SOURCE):
        raise PermissionDenied("Only harvest operators run sources.")
    return get_object_or_404(HarvestSource, pk=pk)


def _confirm(request, source, action: str, explanation: str):
    return TemplateResponse(
        request,
        "harvesters/admin/source_action.html",
        {"source": source, "action": action, "explanation": explanation},
    )


def _to_sources():
    return redirect("wagtailsnippets_harvesters_harvestsource:list")


def run_now(request, pk: int):
    """Queue a harvest of the source for the task worker (GET asks, POST queues)."""
    source = _source_for_operator(request, pk)
    if request.method != "POST":
        return _confirm(
            request,
            source,
            "Run now",
            "The task worker harvests this source in the background; its run appears under "
            "Harvesting › Runs with its counts and errors.",
        )
    if not source.enabled:
        messages.warning(request, f"{source.name} is disabled: enable it before running it.")
        return _to_sources()
    harvest_source_task.enqueue(source.pk)
    messages.success(request, f"{source.name}: harvest queued. Its run appears under Runs.")
    return _to_sources()


def dry_run(request, pk: int):
    """Harvest the source here with every write rolled back, bounded by ``DRY_RUN_SECONDS``,
    and show the counts the run would have had (GET asks, POST runs)."""
    source = _source_for_operator(request, pk)
    if request.method != "POST":
        return _confirm(
            request,
            source,
            "Dry run",
            f"Harvests this source now for at most {DRY_RUN_SECONDS} seconds and shows what "
            "a run would create, update and withdraw. Nothing is written.",
        )
    bounded = HarvestSource.objects.get(pk=source.pk)
    own = max_run_seconds(bounded)
    bounded.config = {
        **(bounded.config or {}),
        "max_run_seconds": min(own or DRY_RUN_SECONDS, DRY_RUN_SECONDS),
    }
    try:
        run = harvest_source_run(bounded, dry_run=True)
    except SourceBusy as exc:
        messages.warning(request, str(exc))
        return _to_sources()
    return TemplateResponse(
        request, "harvesters/admin/dry_run.html", {"source": source, "run": run}
    )


def abort(request, pk: int):
    """Ask the source's running harvest to stop (GET asks, POST asks the run)."""
    source = _source_for_operator(request, pk)
    if request.method != "POST":
        return _confirm(
            request,
            source,
            "Abort",
            "The running harvest stops after its current chunk and ends as failed; what it "
            "wrote so far stays, and the next run resumes from its checkpoint.",
        )
    run = harvest_abort(source)
    if run is None:
        messages.info(request, f"{source.name} has no running harvest: nothing to abort.")
    else:
        messages.success(request, f"{source.name}: asked run {run.pk} to stop.")
    return _to_sources()
