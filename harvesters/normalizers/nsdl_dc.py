"""OAI-PMH ``nsdl_dc`` record (NSDL DC 1.02, the stored ``<record>`` XML) → MaterialRecord.
Pure.

NSDL DC is Dublin Core plus DC Terms: ``dct:educationLevel`` (NSDL's education level
vocabulary) becomes grade codes, ``dct:conformsTo`` (ASN statement URIs) becomes alignments,
and the licence is read from ``dct:license``, ``dc:rights`` and, last, ``dct:accessRights``.
"""

from __future__ import annotations

from catalog.materials.grades import BANDS, parse_grades
from catalog.materials.records import AlignmentRef, MaterialRecord
from catalog.materials.web_urls import web_url

from .oai_dc import DC_FIELDS, dc_elements, dc_material, pick_license
from .text import parse_datetime

DCT = "http://purl.org/dc/terms/"
_DCT_FIELDS = ("educationLevel", "conformsTo", "license", "accessRights", "created", "modified")
# The fifteen Dublin Core elements as oai_dc reads them, plus the NSDL terms.
_FIELDS = DC_FIELDS | {f"{{{DCT}}}{n}": n for n in _DCT_FIELDS}

# NSDL education levels (http://ns.nsdl.org/schemas/nsdl_dc/…NSDLEdLevel) → grade bands.
# "Programming" levels are out-of-school programmes for that school level's age group.
# "Informal Education", "General Public" and "Vocational/Professional Development Education"
# name settings, not grades, and are left out rather than guessed.
NSDL_LEVELS: dict[str, tuple[str, ...]] = {
    "pre-kindergarten": ("preschool",),
    "kindergarten": ("kindergarten",),
    "elementary school": ("elementary",),
    "elementary school programming": ("elementary",),
    "early elementary": ("lower-primary",),
    "upper elementary": ("upper-primary",),
    "middle school": ("middle-school",),
    "middle school programming": ("middle-school",),
    "high school": ("high-school",),
    "high school programming": ("high-school",),
    "higher education": ("higher-education",),
    "undergraduate (lower division)": ("community-college-lower-division",),
    "undergraduate (upper division)": ("college-upper-division",),
    "graduate/professional": ("graduate-professional",),
    "graduate / professional": ("graduate-professional",),
}


def education_grades(levels: list[str]) -> tuple[str, ...]:
    """Grade codes for NSDL education levels ("Middle School", "Grade 6", …), ordered."""
    tokens: list[str] = []
    for level in levels:
        key = " ".join(level.lower().split())
        bands = NSDL_LEVELS.get(key)
        if bands:
            tokens += [b for b in bands if b in BANDS]
        else:
            tokens.append(key)  # "Grade 6", "K-2": the shared grade parser reads these
    return tuple(parse_grades(tokens))


def _alignments(targets: list[str]) -> tuple[AlignmentRef, ...]:
    """``dct:conformsTo`` URIs (ASN statements), in order, once each; LRMI calls the
    relation "teaches"."""
    refs = [web_url(t) for t in dict.fromkeys(targets)]
    return tuple(AlignmentRef(t, "teaches") for t in refs if t)


def normalize(payload: bytes) -> MaterialRecord:
    remote_id, dc = dc_elements(payload, _FIELDS)
    stated = dc.get("date", []) + dc.get("created", [])
    dates = [d for d in (parse_datetime(v) for v in stated) if d]
    modified = [d for d in (parse_datetime(v) for v in dc.get("modified", [])) if d]
    return dc_material(
        remote_id,
        dc,
        license_raw=pick_license(
            dc.get("license", []) + dc.get("rights", []) + dc.get("accessRights", [])
        ),
        grades=education_grades(dc.get("educationLevel", [])),
        date_created=min(dates) if dates else None,
        date_modified=max(modified) if modified else None,
        alignments=_alignments(dc.get("conformsTo", [])),
    )
