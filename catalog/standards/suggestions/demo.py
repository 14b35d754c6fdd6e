"""The scripted "demo curator": confirms the confident suggestions of the demo catalog so
standards search works out of the box on a fresh install (``manage.py standards
demo-confirm``, run by scripts/bootstrap.sh after ``standards suggest --materials``).

Rule, documented in docs/standards.md: for each K-12 material (at least one grade from K to
12) of the demo sources, accept its top pending suggestion when it scores at least
``DEMO_MIN_SCORE``, as the user ``demo-curator`` (created inactive: it cannot sign in).
Everything else stays in the review queue for real curators.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Max

from catalog.materials.grades import grade_range

from ..models import AlignmentSuggestion, SuggestionStatus
from .services import suggestion_accept

DEMO_SOURCES = ("phet-demo", "nsdl-demo", "oer-commons-demo")
DEMO_CURATOR = "demo-curator"
# On PhET's and NSDL's links (leave-one-out), 72% of records had a top suggestion scoring at
# least this, and it was right 69% of the time (bench/alignment_quality.py prints the table;
# teacher phrases add their cosine to every score, hence a threshold above 1).
DEMO_MIN_SCORE = 1.25


def demo_curator():
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_CURATOR, defaults={"is_active": False, "first_name": "Demo curator"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def demo_curator_confirm(min_score: float = DEMO_MIN_SCORE, sources=DEMO_SOURCES) -> dict:
    user = demo_curator()
    pending = AlignmentSuggestion.objects.filter(
        status=SuggestionStatus.PENDING, material__source_key__in=sources
    )
    best = pending.values("material_id").annotate(top=Max("score")).filter(top__gte=min_score)
    tops = {row["material_id"]: row["top"] for row in best}
    accepted, materials = 0, set()
    chosen = pending.filter(material_id__in=tops).select_related("material", "item")
    for suggestion in chosen.order_by("material_id", "-score", "pk"):
        if suggestion.material_id in materials or suggestion.score < tops[suggestion.material_id]:
            continue
        low, high = grade_range(suggestion.material.effective("grades") or [])
        if low is None or low > 12 or high < 0:
            continue
        suggestion_accept(suggestion, user)
        materials.add(suggestion.material_id)
        accepted += 1
    return {
        "accepted": accepted,
        "materials": len(materials),
        "min_score": min_score,
        "curator": user.username,
    }
