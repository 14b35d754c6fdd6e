"""Loading rubric definitions from data files (JSON): the shipped Achieve OER rubrics, or a
state's own. Used by the data migration (with historical models) and by ``rubric_load``."""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rubrics"
ACHIEVE = FIXTURES / "achieve_oer.json"
ACHIEVE_SLUG = "achieve-oer"


def load_rubric_file(path: Path, rubric_model, criterion_model):
    """Create or update one rubric and its criteria from a JSON file; returns the rubric.

    Criteria are matched on their number; ones no longer in the file are left (scores point
    at them) — a state retiring a criterion should make a new rubric instead.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rubric, _ = rubric_model.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "title": data["title"],
            "jurisdiction": data.get("jurisdiction", ""),
            "description": data.get("description", ""),
            "source_url": data.get("source_url", ""),
        },
    )
    for position, item in enumerate(data["criteria"]):
        criterion_model.objects.update_or_create(
            rubric=rubric,
            number=item["number"],
            defaults={
                "title": item["title"],
                "description": item.get("description", ""),
                "position": position,
            },
        )
    return rubric
