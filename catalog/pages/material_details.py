"""What the material page shows beside the material's own fields: its values in words, its
standards (confirmed, and suggested ones marked as such), the approved lists it is on, and the
ways a teacher can use it in class.

A selector: reads only. The material page's view calls ``material_details`` once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from catalog import vocabulary
from catalog.lists.membership import memberships
from catalog.standards.models import Alignment

CLASSROOM_SHARE = "https://classroom.google.com/share"
SUGGESTIONS_SHOWN = 5


@dataclass(frozen=True)
class StandardRow:
    code: str
    statement: str
    framework: str
    alignment_type: str
    suggested: bool = False


@dataclass(frozen=True)
class ListBadge:
    title: str
    jurisdiction: str
    search_url: str


@dataclass
class MaterialDetails:
    subjects: list[str]
    resource_types: list[str]
    language: str
    grades: str
    sources: list[dict]
    standards: list[StandardRow]
    suggested: list[StandardRow]
    lists: list[ListBadge]
    share: dict = field(default_factory=dict)


def _confirmed(material_id: int) -> list[StandardRow]:
    rows = (
        Alignment.objects.filter(material_id=material_id)
        .select_related("item", "item__framework")
        .order_by("item__framework__title", "item__human_coding_scheme", "target", "pk")
    )
    out = []
    for a in rows:
        if a.item_id:
            out.append(
                StandardRow(
                    a.item.code,
                    a.item.statement,
                    a.item.framework.title,
                    a.get_alignment_type_display(),
                )
            )
        else:
            out.append(StandardRow(a.target, "", a.framework_hint, a.get_alignment_type_display()))
    return out


def _suggested(material_id: int) -> list[StandardRow]:
    """Pending suggestions, best first, when the suggestions model is installed."""
    try:
        model = apps.get_model("standards", "AlignmentSuggestion")
    except LookupError:
        return []
    rows = (
        model.objects.filter(material_id=material_id, status="pending")
        .select_related("item", "item__framework")
        .order_by("-score", "pk")[:SUGGESTIONS_SHOWN]
    )
    return [
        StandardRow(s.item.code, s.item.statement, s.item.framework.title, "", True) for s in rows
    ]


def _lists(material_id: int) -> list[ListBadge]:
    return [
        ListBadge(p.title, p.jurisdiction, "/search/?" + urlencode({"approved_list": p.key}))
        for p in memberships([material_id]).get(material_id, [])
    ]


def _share(page_url: str) -> dict:
    """Ways to use the material in class: its link, a Google Classroom share, the LMS tool."""
    try:
        lti = reverse("lti:login")
    except NoReverseMatch:
        lti = ""
    return {
        "link": page_url,
        "classroom": f"{CLASSROOM_SHARE}?{urlencode({'url': page_url})}",
        "lti": bool(lti),
    }


def material_details(material, sources, page_url: str) -> MaterialDetails:
    """Everything the material page shows about ``material`` beyond its stored fields.

    ``sources``: its MaterialSource rows (already read by the page); ``page_url``: the page's
    absolute URL, the link a teacher shares."""
    return MaterialDetails(
        subjects=[vocabulary.subject_label(s) for s in material.effective("subjects") or []],
        resource_types=[
            vocabulary.label("resource_type", t) for t in material.effective("resource_types") or []
        ],
        language=vocabulary.language_label(material.effective("language") or ""),
        grades=vocabulary.grade_summary(material.effective("grades") or []),
        sources=[
            {
                "name": vocabulary.source_label(s.source_key),
                "url": s.url,
                "withdrawn": s.withdrawn,
            }
            for s in sources
        ],
        standards=_confirmed(material.pk),
        suggested=_suggested(material.pk),
        lists=_lists(material.pk),
        share=_share(page_url),
    )
