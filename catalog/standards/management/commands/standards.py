"""``manage.py standards import [--json] [--background] PATH_OR_URL...``,
``standards show CODE_OR_ID``,
``standards resolve-pending`` (attach kept references to items imported since),
``standards suggest --json FILE | --materials`` (suggested alignments for texts, or into the
review queue) and ``standards demo-confirm`` (the scripted demo curator).

Thin: parses arguments, calls ``standards_import`` / selectors, prints.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from catalog.standards.importers.base import StandardsImportError
from catalog.standards.importers.pipeline import standards_import
from catalog.standards.resolve import alignments_resolve, associations_resolve
from catalog.standards.selectors import crosswalk_items, item_lookup, pending_alignment_count


class Command(BaseCommand):
    help = "Import standards frameworks (CASE, ASN JSON/RDF, CCSS identifiers) or show an item."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import files, directories or CASE API URLs")
        imp.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
        imp.add_argument("--json", action="store_true", help="Print the reports as JSON")
        imp.add_argument(
            "--background",
            action="store_true",
            help="Queue the import for the task worker (its reports go on the task's result)",
        )
        imp.add_argument(
            "--skip-missing",
            action="store_true",
            help="Skip local paths that do not exist (with a note) instead of failing",
        )
        show = sub.add_parser("show", help="Show one item and its crosswalks")
        show.add_argument("code", metavar="CODE_OR_ID")
        sub.add_parser(
            "resolve-pending",
            help="Resolve kept alignments and associations whose target is now imported",
        )
        sug = sub.add_parser("suggest", help="Suggest alignments for texts or for the catalog")
        what = sug.add_mutually_exclusive_group(required=True)
        what.add_argument(
            "--json",
            metavar="FILE",
            help='A JSON list of {"title", "description", "keywords"?, "grades"?} ("-": stdin)',
        )
        what.add_argument(
            "--materials", action="store_true", help="Fill the review queue for the catalog"
        )
        sug.add_argument("--framework", metavar="KEY", help="pk, identifier or title words")
        sug.add_argument("--top", type=int, default=5, help="Suggestions per text (default 5)")
        sug.add_argument("--source", metavar="NAME", help="Only materials of this harvest source")
        sug.add_argument(
            "--k12", action="store_true", help="Only materials with a grade from K to 12"
        )
        demo = sub.add_parser(
            "demo-confirm", help="Scripted demo curator: accept the confident top suggestions"
        )
        demo.add_argument("--min-score", type=float, default=None)

    def handle(self, *args, **options):
        if options["action"] == "import":
            sources = options["sources"]
            if options["skip_missing"]:
                sources = [s for s in sources if self._present(s)]
            if options["background"]:
                return self._enqueue(sources)
            return self._import(sources, as_json=options["json"])
        if options["action"] == "resolve-pending":
            return self._resolve_pending()
        if options["action"] == "suggest":
            return self._suggest(options)
        if options["action"] == "demo-confirm":
            return self._demo_confirm(options["min_score"])
        return self._show(options["code"])

    def _resolve_pending(self):
        alignments, associations = alignments_resolve(), associations_resolve()
        left = pending_alignment_count()
        self.stdout.write(
            f"resolved {alignments} alignments and {associations} associations; "
            f"{left} alignments still unresolved"
        )

    def _suggest(self, options):
        from catalog.standards.suggestions import services as suggest

        try:
            frameworks = suggest.frameworks_for(options["framework"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            entries = self._read_entries(options["json"])
            found = suggest.suggestions_for_texts(entries, frameworks, top=options["top"])
            payload = [{"suggestions": [s.as_dict() for s in row]} for row in found]
            self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False))
            return
        materials = suggest.queue_materials(options["source"], k12=options["k12"])
        bar = tqdm(
            total=len(materials), desc="suggest", unit="material", file=sys.stderr, disable=None
        )
        started = time.monotonic()
        try:
            counts = suggest.suggestion_queue_fill(
                materials, frameworks, top=options["top"], on_progress=bar.update
            )
        finally:
            bar.close()
        self.stdout.write(
            f"{counts['materials']} materials, {counts['suggestions']} suggestions pending "
            f"({counts['created']} new, {counts['removed']} dropped), "
            f"{counts['auto_applied']} applied automatically; "
            f"{time.monotonic() - started:.1f}s"
        )

    def _read_entries(self, path: str) -> list[dict]:
        try:
            raw = sys.stdin.read() if path == "-" else Path(path).read_text("utf-8")
            entries = json.loads(raw)
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise CommandError(f"{path}: expected a JSON list of objects")
        return entries

    def _demo_confirm(self, min_score):
        from catalog.standards.suggestions.demo import DEMO_MIN_SCORE, demo_curator_confirm

        counts = demo_curator_confirm(DEMO_MIN_SCORE if min_score is None else min_score)
        self.stdout.write(
            f"demo curator ({counts['curator']}): accepted {counts['accepted']} suggestions "
            f"scoring at least {counts['min_score']} on {counts['materials']} materials"
        )

    def _enqueue(self, sources):
        from catalog.standards.tasks import import_standards_task

        # The worker may run elsewhere: it is given absolute paths.
        absolute = [s if "://" in s else str(Path(s).resolve()) for s in sources]
        result = import_standards_task.enqueue(absolute)
        self.stdout.write(f"import of {len(absolute)} source(s) queued (task {result.id})")

    def _present(self, source: str) -> bool:
        if "://" in source or Path(source).exists():
            return True
        self.stderr.write(f"standards: {source} not found, skipped")
        return False

    def _import(self, sources, *, as_json: bool):
        started = time.monotonic()
        bar = tqdm(desc="standards", unit="file", file=sys.stderr, disable=None)

        def progress(source, report):
            bar.update(1)
            bar.set_postfix_str(report.framework[:40] if report else "skipped")

        try:
            reports, skipped = standards_import(sources, on_progress=progress)
        except StandardsImportError as exc:
            raise CommandError(f"import failed, nothing was changed: {exc}") from exc
        finally:
            bar.close()
        elapsed = time.monotonic() - started
        if as_json:
            payload = {
                "reports": [r.as_dict() for r in reports],
                "skipped": skipped,
                "seconds": round(elapsed, 3),
            }
            self.stdout.write(json.dumps(payload, indent=2))
            return
        for r in reports:
            self.stdout.write(
                f"{r.framework} ({r.source}): {r.items} items — {r.created} created, "
                f"{r.updated} updated, {r.unchanged} unchanged, {r.retired} retired; "
                f"{r.associations} associations ({r.unresolved_associations} unresolved); "
                f"{r.seconds:.2f}s"
            )
            for warning in r.warnings:
                self.stdout.write(f"  could not read: {warning}")
        for note in skipped:
            self.stdout.write(f"skipped {note}")
        total = sum(r.items for r in reports)
        rate = total / elapsed if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(reports)} frameworks, {total} items in {elapsed:.1f}s ({rate:.0f} items/s)"
            )
        )

    def _show(self, code: str):
        item = item_lookup(code)
        if item is None:
            raise CommandError(f"no standard item matches {code!r}")
        out = self.stdout.write
        out(f"{item.human_coding_scheme or '(no code)'}  [{item.item_type or 'item'}]")
        out(f"  {item.statement}")
        out(f"framework: {item.framework.title} ({item.framework.identifier})")
        out(f"identifier: {item.identifier}")
        if item.uri:
            out(f"uri: {item.uri}")
        if item.education_levels:
            out(f"grades: {', '.join(item.education_levels)}")
        if item.retired:
            out("RETIRED" + (f", replaced by {item.replaced_by}" if item.replaced_by_id else ""))
        ancestors, node = [], item.parent
        while node is not None and len(ancestors) < 20:
            ancestors.append(node)
            node = node.parent
        for depth, parent in enumerate(reversed(ancestors)):
            out(f"{'  ' * depth}parent: {parent}")
        children = list(item.children.filter(retired=False).order_by("position", "pk"))
        out(f"children ({len(children)}):")
        for child in children:
            out(f"  {child}")
        matches = crosswalk_items(item)
        out(f"crosswalk ({len(matches)}):")
        for other, kind in matches:
            out(f"  [{kind}] {other.framework.title}: {other}")
