"""Writes of the teachers app, one module per job: ``accounts``, ``collections``,
``adaptations`` (forks and remixes), ``upstream`` (changes to the sources of forks) and
``moderation`` (submitting and publishing). Every rule that protects a license or a teacher's
work is in them. Import from the job module; the names below are re-exported for callers
that use ``services.<name>``.
"""

from .accounts import TEACHERS_GROUP, profile_get_or_create, profile_update, teacher_signup
from .adaptations import (
    PULLABLE_FIELDS,
    TRACKED_FIELDS,
    adaptation_allowed_licenses,
    adaptation_delete,
    adaptation_discard,
    adaptation_fork,
    adaptation_remix,
    adaptation_update,
    source_snapshot,
)
from .collections import (
    collection_add_material,
    collection_create,
    collection_delete,
    collection_item_move,
    collection_item_note,
    collection_item_remove,
    collection_update,
)
from .errors import AdaptationRefused, TeacherError
from .moderation import (
    CURATORS_GROUP,
    PUBLISH_SOURCE_KEY,
    adaptation_approve,
    adaptation_record,
    adaptation_send_back,
    adaptation_submit,
    can_moderate,
)
from .upstream import (
    is_own_edit,
    upstream_change_dismiss,
    upstream_change_pull,
    upstream_changes_record,
)

__all__ = [
    "CURATORS_GROUP",
    "PUBLISH_SOURCE_KEY",
    "PULLABLE_FIELDS",
    "TEACHERS_GROUP",
    "TRACKED_FIELDS",
    "AdaptationRefused",
    "TeacherError",
    "adaptation_allowed_licenses",
    "adaptation_approve",
    "adaptation_delete",
    "adaptation_discard",
    "adaptation_fork",
    "adaptation_record",
    "adaptation_remix",
    "adaptation_send_back",
    "adaptation_submit",
    "adaptation_update",
    "can_moderate",
    "collection_add_material",
    "collection_create",
    "collection_delete",
    "collection_item_move",
    "collection_item_note",
    "collection_item_remove",
    "collection_update",
    "is_own_edit",
    "profile_get_or_create",
    "profile_update",
    "source_snapshot",
    "teacher_signup",
    "upstream_change_dismiss",
    "upstream_change_pull",
    "upstream_changes_record",
]
