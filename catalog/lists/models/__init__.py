"""Models of approved lists, split by job: rubrics, the list page, entries and reviews,
published versions, link checks."""

from .comments import CommentStatus, PublicComment
from .entries import Decision, EntryStage, ListEntry, Review, ReviewStatus, RubricScore
from .links import LinkCheck
from .pages import ApprovedListPage, OpenDefinition
from .rubrics import Rubric, RubricCriterion
from .versions import ListVersion

__all__ = [
    "ApprovedListPage",
    "CommentStatus",
    "Decision",
    "EntryStage",
    "LinkCheck",
    "ListEntry",
    "ListVersion",
    "OpenDefinition",
    "PublicComment",
    "Review",
    "ReviewStatus",
    "Rubric",
    "RubricCriterion",
    "RubricScore",
]
