"""Reads over standards: lookup by any code, crosswalks, materials by standard, and the codes
the search indexer stores per material.

Crosswalks are computed over three kinds of links, a bounded number of queries per call
(one per hop), never one per item or per alignment:

- *same standard*: items that share an ASN id or a canonical CCSS key (the ASN, CASE and
  official-identifier copies of one Common Core standard) — exact;
- ``exactMatchOf`` associations, in either direction, followed transitively — exact;
- ``alignTo`` associations, in either direction, one hop from any of those — exact;
- ``isRelatedTo`` associations, in either direction — related (never reported as exact).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from .codes import short_code
from .models import (
    Alignment,
    AlignmentSuggestion,
    Association,
    Framework,
    StandardCode,
    StandardItem,
    SuggestionStatus,
)
from .resolve import resolve_refs

EXACT, RELATED = "exact", "related"
EQUAL_TYPES = ("exactMatchOf",)
ALIGN_TYPES = ("alignTo",)
RELATED_TYPES = ("isRelatedTo",)
IDENTITY_KINDS = ("asn", "ccss_key")
MAX_HOPS = 4


def item_lookup(code_or_id: str) -> StandardItem | None:
    """The item named by a dot notation, short code, ASN id/URI or CASE GUID/URI."""
    item_id = resolve_refs([code_or_id]).get(code_or_id)
    if item_id is None:
        return None
    return StandardItem.objects.select_related("framework", "parent").get(pk=item_id)


def items_lookup(refs: Iterable[str]) -> dict[str, StandardItem]:
    """Bulk ``item_lookup``: reference → item, for the references that resolve."""
    found = resolve_refs(refs)
    items = StandardItem.objects.select_related("framework").in_bulk(set(found.values()))
    return {ref: items[pk] for ref, pk in found.items() if pk in items}


def descendant_ids(item_ids: Iterable[int]) -> set[int]:
    """The items under ``item_ids`` (not including them), one query per tree level."""
    found: set[int] = set()
    level = set(item_ids)
    while level:
        level = (
            set(StandardItem.objects.filter(parent_id__in=level).values_list("pk", flat=True))
            - found
        )
        found |= level
    return found


def _links(ids: set[int], types: tuple[str, ...]) -> dict[int, set[int]]:
    """Items linked to each of ``ids`` by associations of ``types``, in either direction."""
    result: dict[int, set[int]] = defaultdict(set)
    if not ids:
        return result
    rows = Association.objects.filter(association_type__in=types).filter(
        Q(origin_id__in=ids, destination__isnull=False)
        | Q(destination_id__in=ids, origin__isnull=False)
    )
    for origin, destination in rows.values_list("origin_id", "destination_id"):
        if origin in ids:
            result[origin].add(destination)
        if destination in ids:
            result[destination].add(origin)
    return result


def _same_standard(ids: set[int]) -> dict[int, set[int]]:
    """Other copies of each of ``ids``: items sharing an ASN id or a CCSS key."""
    result: dict[int, set[int]] = defaultdict(set)
    codes_of: dict[tuple[str, str], set[int]] = defaultdict(set)
    own = StandardCode.objects.filter(item_id__in=ids, kind__in=IDENTITY_KINDS)
    for item_id, kind, code in own.values_list("item_id", "kind", "code"):
        codes_of[(kind, code)].add(item_id)
    if not codes_of:
        return result
    peers = StandardCode.objects.filter(
        kind__in=IDENTITY_KINDS, code__in={code for _, code in codes_of}, item__retired=False
    ).values_list("item_id", "kind", "code")
    for peer, kind, code in peers:
        for item_id in codes_of.get((kind, code), ()):
            if peer != item_id:
                result[item_id].add(peer)
    return result


def _equivalence_closures(ids: set[int]) -> dict[int, set[int]]:
    """For each id, every item equal to it: copies of the same standard and exactMatchOf
    links, followed transitively (these are equalities). Two queries per hop for all ids."""
    closure = {pk: {pk} for pk in ids}
    frontier = {pk: {pk} for pk in ids}
    for _ in range(MAX_HOPS):
        pending = set().union(*frontier.values()) if frontier else set()
        if not pending:
            break
        same, linked = _same_standard(pending), _links(pending, EQUAL_TYPES)
        next_frontier = {}
        for pk, front in frontier.items():
            reached = set()
            for node in front:
                reached |= same.get(node, set()) | linked.get(node, set())
            reached -= closure[pk]
            closure[pk] |= reached
            next_frontier[pk] = reached
        frontier = next_frontier
    return closure


def _exact_closures(ids: set[int]) -> dict[int, set[int]]:
    """For each id: its equals, plus the items one ``alignTo`` away from any of them (and
    their equals). ``alignTo`` is not followed further: NGSS PE → CCSS standard is a match,
    NGSS PE → CCSS standard → every other PE aligned to it is not."""
    equal = _equivalence_closures(ids)
    members = set().union(*equal.values()) if equal else set()
    aligned = _links(members, ALIGN_TYPES)
    targets = set().union(*aligned.values()) if aligned else set()
    target_equal = _equivalence_closures(targets)
    result = {}
    for pk, group in equal.items():
        exact = set(group)
        for member in group:
            for target in aligned.get(member, ()):
                exact |= target_equal[target]
        result[pk] = exact
    return result


def crosswalk_ids(item_ids: Iterable[int], *, include_descendants: bool = False) -> dict[int, str]:
    """Every item id reachable from ``item_ids`` with its match kind (the items themselves
    are "exact")."""
    start = set(item_ids)
    if include_descendants:
        start |= descendant_ids(start)
    closures = _exact_closures(start)
    exact = set().union(*closures.values()) if closures else set()
    related_links = _links(exact, RELATED_TYPES)
    near = set().union(*related_links.values()) - exact if related_links else set()
    related_closures = _equivalence_closures(near)
    related = (set().union(*related_closures.values()) if related_closures else set()) - exact
    return {**{pk: RELATED for pk in related}, **{pk: EXACT for pk in exact}}


def crosswalk_items(
    item: StandardItem, *, include_descendants: bool = False
) -> list[tuple[StandardItem, str]]:
    """Items in any framework matching ``item`` (itself excluded), with "exact"/"related"."""
    kinds = crosswalk_ids([item.pk], include_descendants=include_descendants)
    kinds.pop(item.pk, None)
    if include_descendants:
        for pk in descendant_ids([item.pk]):
            kinds.pop(pk, None)
    items = StandardItem.objects.select_related("framework").in_bulk(kinds)
    ordered = sorted(items.values(), key=lambda i: (kinds[i.pk] != EXACT, i.framework.title, i.pk))
    return [(i, kinds[i.pk]) for i in ordered]


def _code_key(item: StandardItem) -> str:
    human = item.human_coding_scheme or ""
    return (short_code(human) or human).strip().casefold()


def crosswalk_shown(
    item: StandardItem, crosswalk: list[tuple[StandardItem, str]]
) -> list[tuple[StandardItem, str]]:
    """The crosswalk as a page lists it: without copies that add nothing, an item with no
    statement whose code is the item's own or that of a listed item with a statement (the
    official CCSS identifiers repeat every code of the CASE framework, without text)."""
    stated = {_code_key(item)} if item.statement.strip() else set()
    stated |= {_code_key(o) for o, _kind in crosswalk if o.statement.strip()}
    stated.discard("")
    return [
        (o, kind)
        for o, kind in crosswalk
        if o.statement.strip() or _code_key(o) not in stated | {_code_key(item)}
    ]


def materials_aligned_to(
    code_or_id: str, *, include_descendants: bool = False
) -> list[tuple[int, str]]:
    """Material ids aligned to the item, its crosswalked items (and descendants when asked),
    each with "exact" or "related"; exact wins when a material is reachable both ways."""
    item = item_lookup(code_or_id)
    if item is None:
        rows = Alignment.objects.filter(item__isnull=True, target=code_or_id)
        return [(pk, EXACT) for pk in sorted(set(rows.values_list("material_id", flat=True)))]
    kinds = crosswalk_ids([item.pk], include_descendants=include_descendants)
    best: dict[int, str] = {}
    rows = Alignment.objects.filter(item_id__in=kinds).values_list("material_id", "item_id")
    for material_id, item_id in rows:
        if best.get(material_id) != EXACT:
            best[material_id] = kinds[item_id]
    return sorted(best.items(), key=lambda pair: (pair[1] != EXACT, pair[0]))


def _aligned_items(material_ids: Iterable[int]) -> dict[int, set[int]]:
    by_material: dict[int, set[int]] = defaultdict(set)
    rows = Alignment.objects.filter(material_id__in=list(material_ids), item__isnull=False)
    for material_id, item_id in rows.values_list("material_id", "item_id"):
        by_material[material_id].add(item_id)
    return by_material


def _exact_by_material(material_ids: Iterable[int]) -> dict[int, set[int]]:
    """For each material, its aligned items plus their exact crosswalk (bulk)."""
    by_material = _aligned_items(material_ids)
    all_items = set().union(*by_material.values()) if by_material else set()
    closure = _exact_closures(all_items)
    return {
        material_id: set().union(*(closure[pk] for pk in items))
        for material_id, items in by_material.items()
    }


def _item_codes(all_items: set[int]) -> dict[int, set[str]]:
    """Item id → its codes: identifiers, URIs, GUIDs and the human code with its short form."""
    codes_of: dict[int, set[str]] = defaultdict(set)
    rows = StandardCode.objects.filter(item_id__in=all_items).values_list("item_id", "code")
    for item_id, code in rows:
        codes_of[item_id].add(code)
    for item_id, human in StandardItem.objects.filter(pk__in=all_items).values_list(
        "pk", "human_coding_scheme"
    ):
        if human:
            codes_of[item_id].add(human)
            if short_code(human):
                codes_of[item_id].add(short_code(human))
    return codes_of


def material_standard_codes(material_ids: Iterable[int]) -> dict[int, list[str]]:
    """Every code of each material's aligned items and of their exact crosswalk, for the
    search index: human codes, identifiers, URIs, ASN ids, CCSS GUIDs and keys. Unresolved
    alignment targets are included as given. A fixed number of queries for any batch."""
    ids = list(material_ids)
    items_by_material = _exact_by_material(ids)
    all_items = set().union(*items_by_material.values()) if items_by_material else set()
    codes_of = _item_codes(all_items)
    result: dict[int, set[str]] = defaultdict(set)
    for material_id, items in items_by_material.items():
        for item_id in items:
            result[material_id] |= codes_of[item_id]
    unresolved = Alignment.objects.filter(material_id__in=ids, item__isnull=True)
    for material_id, target in unresolved.values_list("material_id", "target"):
        result[material_id].add(target)
    return {pk: sorted(result.get(pk, ())) for pk in ids}


def material_aligned_codes(material_ids: Iterable[int]) -> dict[int, list[str]]:
    """The human codes of each material's directly aligned items (confirmed alignments, no
    crosswalk, no unresolved targets), short as their framework writes them (``3.NF.A.1``,
    not ``CCSS.Math.Content.3.NF.A.1``): what a person picks a standard by. Items without a
    human code are left out (their identifiers are URIs or GUIDs). Only materials with such
    an item are keys; two queries for any batch."""
    by_material = _aligned_items(material_ids)
    all_items = set().union(*by_material.values()) if by_material else set()
    human = {
        pk: short_code(code) or code
        for pk, code in StandardItem.objects.filter(pk__in=all_items)
        .exclude(human_coding_scheme="")
        .values_list("pk", "human_coding_scheme")
    }
    out = {m: sorted({human[i] for i in items if i in human}) for m, items in by_material.items()}
    return {m: codes for m, codes in out.items() if codes}


def material_suggested_codes(material_ids: Iterable[int]) -> dict[int, list[str]]:
    """Codes of each material's pending suggested items and of their exact crosswalk (as
    ``material_standard_codes`` gives them), for the search page's "include suggested
    alignments". Only materials with a pending suggestion are keys."""
    rows = AlignmentSuggestion.objects.filter(
        material_id__in=list(material_ids), status=SuggestionStatus.PENDING
    ).values_list("material_id", "item_id")
    by_material: dict[int, set[int]] = defaultdict(set)
    for material_id, item_id in rows:
        by_material[material_id].add(item_id)
    if not by_material:
        return {}
    closure = _exact_closures(set().union(*by_material.values()))
    exact = {m: set().union(*(closure[i] for i in items)) for m, items in by_material.items()}
    codes_of = _item_codes(set().union(*exact.values()))
    return {m: sorted(set().union(*(codes_of[i] for i in items))) for m, items in exact.items()}


def material_standard_frameworks(material_ids: Iterable[int]) -> dict[int, list[str]]:
    """Titles of the frameworks of each material's aligned items and their exact crosswalk."""
    ids = list(material_ids)
    items_by_material = _exact_by_material(ids)
    all_items = set().union(*items_by_material.values()) if items_by_material else set()
    title_of = dict(
        StandardItem.objects.filter(pk__in=all_items).values_list("pk", "framework__title")
    )
    return {
        pk: sorted({title_of[i] for i in items_by_material.get(pk, ()) if i in title_of})
        for pk in ids
    }


def frameworks_by_jurisdiction() -> dict[str, list[Framework]]:
    """Frameworks grouped by jurisdiction (then subject, title), for the /standards/ page."""
    grouped: dict[str, list[Framework]] = defaultdict(list)
    for framework in Framework.objects.order_by("jurisdiction", "subject", "title"):
        grouped[framework.jurisdiction or "Other"].append(framework)
    return dict(grouped)


def item_search(query: str, *, limit: int = 25):
    """Items whose code or statement contains ``query`` (for the alignment chooser)."""
    query = (query or "").strip()
    if not query:
        return StandardItem.objects.none()
    exact = item_lookup(query)
    matches = StandardItem.objects.filter(retired=False).filter(
        Q(human_coding_scheme__icontains=query) | Q(statement__icontains=query)
    )
    if exact is not None:
        matches = matches | StandardItem.objects.filter(pk=exact.pk)
    return matches.select_related("framework").order_by("framework__title", "depth", "position")[
        :limit
    ]


def pending_alignment_count(source_key: str | None = None) -> int:
    """Alignments kept with a target that names no imported item (of one harvest source's
    materials when ``source_key`` is given): what curators see as "unresolved"."""
    pending = Alignment.objects.filter(item__isnull=True)
    if source_key is not None:
        pending = pending.filter(material__source_key=source_key)
    return pending.count()
