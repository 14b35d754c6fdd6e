"""Who may do what on lists: permission names, the role grants they need, and one check.

Curators nominate, assign, decide and publish; reviewers nominate and score what they are
assigned. The grants below belong in ``catalog/pages/roles.py`` (ROLE_PERMISSIONS).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

NOMINATE = "lists.nominate_listentry"
ASSIGN = "lists.assign_listentry"
REVIEW = "lists.review_listentry"
DECIDE = "lists.decide_listentry"
PUBLISH = "lists.publish_list"

ROLE_GRANTS: dict[str, list[str]] = {
    "Curators": [
        "lists.add_approvedlistpage",
        "lists.change_approvedlistpage",
        "lists.view_listentry",
        "lists.change_listentry",
        "lists.view_listversion",
        "lists.view_rubric",
        "lists.add_rubric",
        "lists.change_rubric",
        "lists.view_linkcheck",
        NOMINATE,
        ASSIGN,
        DECIDE,
        PUBLISH,
    ],
    "Reviewers": ["lists.view_rubric", NOMINATE, REVIEW],
}


def require(user, perm: str, action: str) -> None:
    """Raise PermissionDenied naming the action unless ``user`` holds ``perm``."""
    if user is None or not user.is_active or not user.has_perm(perm):
        raise PermissionDenied(f"You may not {action}.")


def can_see_all_entries(user) -> bool:
    return bool(user and user.is_active and (user.has_perm(DECIDE) or user.has_perm(ASSIGN)))
