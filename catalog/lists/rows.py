"""The published row of an entry (what a version freezes), and the changelog between two
versions. Pure functions over plain dicts, so versions compare without touching the database."""

from __future__ import annotations

# Fields whose change between versions is reported in the changelog.
CHANGE_FIELDS = (
    "title",
    "url",
    "license_key",
    "decision",
    "conditions",
    "tier",
    "rating",
    "public_rationale",
)


def entry_row(entry) -> dict:
    """One entry as published: the columns a state submits to districts, JSON-safe."""
    material = entry.material
    license = material.license
    reviewers = sorted(
        r.reviewer.get_full_name() or r.reviewer.get_username()
        for r in entry.reviews.all()
        if r.status == "submitted"
    )
    return {
        "material_id": material.pk,
        "slug": material.slug,
        "title": str(material.effective("title")),
        "description": str(material.effective("description") or "")[:2000],
        "url": str(material.effective("url") or ""),
        # Sources such as OER Commons name a provider but no publisher: districts read it as one.
        "publisher": str(material.effective("publisher") or material.effective("provider") or ""),
        "authors": list(material.effective("authors") or []),
        "subjects": list(material.effective("subjects") or []),
        "grades": list(material.effective("grades") or []),
        "resource_types": list(material.effective("resource_types") or []),
        "language": str(material.effective("language") or ""),
        "license_key": license.key if license else "",
        "license_name": str(license) if license else material.license_raw,
        "license_url": (license.uri if license else material.license_raw) or "",
        "decision": entry.decision,
        "conditions": entry.conditions,
        "tier": entry.tier,
        "rating": str(entry.rating) if entry.rating is not None else "",
        "review_date": entry.review_date.isoformat() if entry.review_date else "",
        "reviewers": reviewers,
        "public_rationale": entry.public_rationale,
        "content_hash": material.content_hash,
    }


def changelog(previous: list[dict], current: list[dict]) -> dict:
    """{"added": [...], "removed": [...], "changed": [{..., "fields": {name: [old, new]}}]}."""
    before = {r["material_id"]: r for r in previous}
    after = {r["material_id"]: r for r in current}

    def brief(row: dict) -> dict:
        return {"material_id": row["material_id"], "title": row["title"]}

    changed = []
    for mid in sorted(set(before) & set(after)):
        fields = {
            name: [before[mid].get(name), after[mid].get(name)]
            for name in CHANGE_FIELDS
            if before[mid].get(name) != after[mid].get(name)
        }
        if fields:
            changed.append({**brief(after[mid]), "fields": fields})
    return {
        "added": [brief(after[m]) for m in after if m not in before],
        "removed": [brief(before[m]) for m in before if m not in after],
        "changed": changed,
    }


def is_empty(log: dict) -> bool:
    return not (log["added"] or log["removed"] or log["changed"])
