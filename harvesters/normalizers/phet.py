"""PhET Interactive Simulations metadata API (``/services/metadata/1.3/simulations``) → one
MaterialRecord per simulation. Pure; the built-in ``phet`` mapping of the JSON API source type.

The API answers one document: ``projects`` (one per simulation) plus shared tables that the
projects point into by id (``alignments``, ``keywords``, ``categories``). A stored payload must
be readable on its own (``harvest --renormalize`` reads raw records with no network), so the
gatherer calls ``with_page_context`` to copy the table entries a project uses into it, under
``_context``, before the payload is stored.
"""

from __future__ import annotations

import json

from catalog.materials.grades import K12_CODES, POSTSECONDARY
from catalog.materials.records import AlignmentRef, MaterialRecord

from .errors import NormalizeError, record_url
from .text import html_to_text, parse_datetime

# PhET's grade bands, in order; a simulation covers every band from its low to its high one.
BANDS = ("ELEMENTARY_SCHOOL", "MIDDLE_SCHOOL", "HIGH_SCHOOL", "UNIVERSITY")
BAND_GRADES = {
    "ELEMENTARY_SCHOOL": K12_CODES[1:7],  # K-5
    "MIDDLE_SCHOOL": K12_CODES[7:10],  # 6-8
    "HIGH_SCHOOL": K12_CODES[10:],  # 9-12
    "UNIVERSITY": [
        c for c in POSTSECONDARY if c in ("community-college", "college-upper-division")
    ],
}
FRAMEWORKS = {"COMMON_CORE_MATH": "Common Core State Standards for Mathematics"}
# Category groups that are not subjects: grade bands, devices and the HTML5 flag.
_NOT_SUBJECTS = {"by-level", "by-device", "html"}


def _simulation(project: dict) -> dict:
    sims = project.get("simulations") or []
    if not sims or not isinstance(sims[0], dict):
        raise NormalizeError("a PhET project needs a simulation")
    return sims[0]


def remote_id(project: dict) -> str:
    """The simulation's name (``acid-base-solutions``): stable across PhET's versions."""
    try:
        return str(_simulation(project).get("name") or "")
    except NormalizeError:
        return ""


def with_page_context(project: dict, page: dict) -> dict:
    """``project`` with the alignment, keyword and category entries it refers to copied in
    (``_context``), so its stored payload needs nothing else from the page."""
    sim = project.get("simulations") or [{}]
    sim = sim[0] if isinstance(sim[0], dict) else {}
    by_id = {
        name: {e.get("id"): e for e in (page.get(name) or []) if isinstance(e, dict)}
        for name in ("alignments", "keywords")
    }
    categories = page.get("categories") or {}
    if isinstance(categories, dict):
        categories = list(categories.values())
    by_id["categories"] = {c.get("id"): c for c in categories if isinstance(c, dict)}
    context = {
        "alignments": [
            by_id["alignments"][i] for i in _ids(sim, "alignmentIds", by_id["alignments"])
        ],
        "secondaryAlignments": [
            by_id["alignments"][i] for i in _ids(sim, "secondaryAlignmentIds", by_id["alignments"])
        ],
        "keywords": [by_id["keywords"][i] for i in _ids(sim, "keywordIds", by_id["keywords"])],
        "categories": _with_ancestors(
            _ids(sim, "categoryIds", by_id["categories"]), by_id["categories"]
        ),
    }
    return {**project, "_context": context}


def _with_ancestors(ids: list, table: dict) -> list[dict]:
    """The categories ``ids`` and their parents up to the root, each once, without the long
    ``simulationIds`` lists: whether a category is a subject depends on its ancestors."""
    found: dict = {}
    for cid in ids:
        seen = 0
        while cid in table and cid not in found and seen < 20:
            found[cid] = {k: v for k, v in table[cid].items() if k != "simulationIds"}
            cid, seen = table[cid].get("parent"), seen + 1
    return list(found.values())


def _ids(sim: dict, key: str, table: dict) -> list:
    return [i for i in sim.get(key) or [] if i in table]


def grades(low: str, high: str) -> tuple[str, ...]:
    """Every grade from the low band to the high band (``ELEMENTARY_SCHOOL``–``MIDDLE_SCHOOL``
    is K-8); an unknown band is left out rather than guessed."""
    if low not in BANDS or high not in BANDS:
        return tuple(c for band in (low, high) for c in BAND_GRADES.get(band, ()))
    lo, hi = sorted((BANDS.index(low), BANDS.index(high)))
    return tuple(c for band in BANDS[lo : hi + 1] for c in BAND_GRADES[band])


def _english(value) -> str:
    if isinstance(value, dict):
        return str(value.get("en") or "")
    if isinstance(value, list):
        return next((_english(v) for v in value if _english(v)), "")
    return str(value or "")


def _title(sim: dict) -> str:
    for local in sim.get("localizedSimulations") or []:
        if isinstance(local, dict) and local.get("locale") == "en" and local.get("title"):
            return html_to_text(local["title"])
    return ""


def _alignment_refs(context: dict) -> tuple[AlignmentRef, ...]:
    refs = []
    for key in ("alignments", "secondaryAlignments"):
        for entry in context.get(key) or []:
            target = (entry.get("url") or "").strip()
            if target:
                framework = entry.get("framework") or ""
                refs.append(AlignmentRef(target, "teaches", FRAMEWORKS.get(framework, framework)))
    return tuple(refs)


def _license(urls: list) -> str:
    """The Creative Commons licence among ``licenseUrls`` (PhET also lists the GPL for code)."""
    urls = [u for u in urls or [] if isinstance(u, str)]
    return next((u for u in urls if "/licenses/by" in u), urls[0] if urls else "")


def _subjects(project: dict, context: dict) -> list[str]:
    """Category labels under the subject tree (not under "By Grade Level" or "By Device"),
    in the simulation's own order."""
    categories = {c.get("id"): c for c in context.get("categories") or [] if isinstance(c, dict)}
    own = _simulation(project).get("categoryIds") or []
    subjects = []
    for cid in own:
        node, path = categories.get(cid), []
        while node is not None and len(path) < 20:
            path.append(node.get("name"))
            node = categories.get(node.get("parent"))
        if path and not _NOT_SUBJECTS.intersection(path):
            subjects.append(_english(categories[cid].get("strings")))
    return subjects


def normalize(payload: bytes) -> MaterialRecord:
    try:
        project = json.loads(payload)
    except ValueError as exc:
        raise NormalizeError(f"not JSON: {exc}") from exc
    if not isinstance(project, dict):
        raise NormalizeError("a PhET project is a JSON object")
    sim = _simulation(project)
    rid = remote_id(project)
    title = _title(sim)
    if not rid or not title:
        raise NormalizeError("a PhET simulation needs a name and an English title")
    context = project.get("_context") or {}
    subjects = _subjects(project, context)
    keywords = [_english(k.get("strings")) for k in context.get("keywords") or []]
    description = html_to_text(_english(sim.get("description")))
    return MaterialRecord(
        remote_id=rid,
        title=title,
        url=record_url(sim.get("simPageUrl") or ""),
        description=description,
        license_raw=_license(sim.get("licenseUrls")),
        subjects=tuple(dict.fromkeys(s for s in subjects if s)),
        grades=grades(sim.get("lowGradeLevel") or "", sim.get("highGradeLevel") or ""),
        resource_types=("Simulation",),
        language="en",
        keywords=tuple(dict.fromkeys(html_to_text(k) for k in keywords if k)),
        publisher="PhET Interactive Simulations, University of Colorado Boulder",
        provider="PhET Interactive Simulations",
        date_created=parse_datetime(sim.get("createTime") or ""),
        date_modified=parse_datetime(sim.get("updateTime") or ""),
        alignments=_alignment_refs(context),
    )
