"""``standards_import``: read every source, store every framework, all in one transaction.

One malformed file anywhere rolls back the whole run, so the database is either updated with
everything asked for or left as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction

from .sources import load
from .writer import ImportReport, framework_import

Progress = Callable[[str, ImportReport | None], None]


def standards_import(
    sources: Iterable[str], *, on_progress: Progress | None = None
) -> tuple[list[ImportReport], list[str]]:
    """Import ``sources`` (paths, directories, URLs); returns (reports, skipped-file notes).

    Raises ``StandardsImportError`` (naming file and item) after rolling everything back.
    """
    reports: list[ImportReport] = []
    skipped: list[str] = []
    seen: dict[str, str] = {}
    with transaction.atomic():
        for source in sources:
            for loaded in load(source):
                if loaded.framework is None:
                    skipped.append(f"{loaded.source}: {loaded.skipped}")
                    if on_progress:
                        on_progress(loaded.source, None)
                    continue
                report = framework_import(loaded.framework, loaded.source)
                earlier = seen.setdefault(report.identifier, loaded.source)
                if earlier != loaded.source:
                    # e.g. OpenSALT's test packages all use d0000000-…: the later one wins.
                    report.warnings.append(
                        f"framework {report.identifier} was also imported from {earlier} "
                        "in this run; this file replaced it"
                    )
                reports.append(report)
                if on_progress:
                    on_progress(loaded.source, report)
    return reports, skipped
