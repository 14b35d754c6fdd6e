"""Words people read: facet titles, value labels and the plain-words licence badge."""

from __future__ import annotations

from catalog import vocabulary

FACET_TITLES = {
    "subject": "Subject",
    "grade": "Grade",
    "resource_type": "Resource type",
    "license_bucket": "What you may do",
    "license": "License",
    "language": "Language",
    "provider": "Provider",
    "framework": "Standards framework",
    "accessibility": "Accessibility",
    "approved_list": "On an approved list",
}
LANGUAGES = vocabulary.LANGUAGES


def value_label(facet: str, value: str) -> str:
    """Words for a facet value, from the catalog's one vocabulary."""
    return vocabulary.label(facet, value)


def grade_summary(grades) -> str:
    """ "Grades 3–5", "Kindergarten", "Grade 9 – College upper division"…"""
    return vocabulary.grade_summary(grades)
