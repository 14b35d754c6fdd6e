"""Writes to materials, one module per job: ``urls`` (canonical URLs), ``values`` (a record's
harvested values), ``dedupe`` (matching source records to one Material and merging their
fields), ``upsert`` (create or refresh from MaterialRecords), ``withdraw``, ``curation``
(a curator's corrections and review marks) and ``licensing`` (licence links). Each write
announces the change once, after commit. Import from the job module; the public names are
re-exported here for callers that use ``catalog.materials.services``.
"""

from ..models import HARVESTED_FIELDS
from .curation import (
    CURATION_FIELDS,
    CURATOR_EDITABLE_FIELDS,
    CurationConflict,
    FieldConflict,
    material_accept_harvested,
    material_curate,
    material_curation_conflicts,
    material_curation_state,
    material_curator_edit,
    material_mark_reviewed,
)
from .dedupe import REREVIEW_FIELDS
from .licensing import materials_license_set
from .upsert import CREATED, UNCHANGED, UPDATED, UpsertResult, material_upsert, material_upsert_many
from .urls import canonical_url
from .withdraw import WITHDRAWN, material_withdraw, material_withdraw_records

__all__ = [
    "CREATED",
    "CURATION_FIELDS",
    "CURATOR_EDITABLE_FIELDS",
    "HARVESTED_FIELDS",
    "REREVIEW_FIELDS",
    "UNCHANGED",
    "UPDATED",
    "WITHDRAWN",
    "CurationConflict",
    "FieldConflict",
    "UpsertResult",
    "canonical_url",
    "material_accept_harvested",
    "material_curate",
    "material_curation_conflicts",
    "material_curation_state",
    "material_curator_edit",
    "material_mark_reviewed",
    "material_upsert",
    "material_upsert_many",
    "material_withdraw",
    "material_withdraw_records",
    "materials_license_set",
]
