"""Public standards pages: frameworks by jurisdiction, a framework's tree, one item with its
crosswalks and aligned materials. Thin: selectors do the reading."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render

from catalog.materials.models import Material

from .models import Framework, StandardItem
from .selectors import (
    crosswalk_items,
    crosswalk_shown,
    frameworks_by_jurisdiction,
    materials_aligned_to,
)


def standards_index(request):
    return render(request, "standards/index.html", {"groups": frameworks_by_jurisdiction()})


def framework_detail(request, pk: int):
    framework = get_object_or_404(Framework, pk=pk)
    items = list(
        framework.items.filter(retired=False).only(
            "pk", "framework_id", "parent_id", "human_coding_scheme", "statement", "position"
        )
    )
    children = defaultdict(list)
    for item in sorted(items, key=lambda i: (i.position, i.pk)):
        children[item.parent_id].append(item)
    return render(
        request,
        "standards/framework.html",
        {
            "framework": framework,
            "roots": children[None],
            "children": dict(children),
            "textless": bool(items) and not any(i.statement.strip() for i in items),
        },
    )


def item_detail(request, pk: int):
    item = get_object_or_404(StandardItem.objects.select_related("framework", "parent"), pk=pk)
    aligned = materials_aligned_to(item.identifier, include_descendants=True)
    materials = Material.objects.in_bulk([pk for pk, _ in aligned])
    ancestors = []
    parent = item.parent
    while parent is not None and len(ancestors) < 20:  # a cycle in bad data stops here
        ancestors.insert(0, parent)
        parent = parent.parent
    crosswalk = crosswalk_items(item)
    # An identifier-only item (the official CCSS identifiers) reads with the statement of the
    # item it is the same standard as.
    stated_by = None
    if not item.statement.strip():
        stated_by = next((o for o, kind in crosswalk if kind == "exact" and o.statement), None)
    context = {
        "item": item,
        "stated_by": stated_by,
        "ancestors": ancestors,
        "children": item.children.filter(retired=False).order_by("position", "pk"),
        "crosswalk": crosswalk_shown(item, crosswalk),
        "materials": [(materials[pk], kind) for pk, kind in aligned if pk in materials],
        "search_url": "/search/?" + urlencode({"standard": item.code}),
    }
    return render(request, "standards/item.html", context)
