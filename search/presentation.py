"""Words people read: facet titles, value labels and the plain-words licence badge."""

from __future__ import annotations

from catalog.licenses.vocabulary import BUCKET_LABELS
from catalog.materials.grades import LABELS as GRADE_LABELS
from catalog.materials.grades import grade_number

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
BUCKET_WORDS = BUCKET_LABELS
LANGUAGES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "ar": "Arabic",
    "it": "Italian",
    "pt": "Portuguese",
    "hi": "Hindi",
    "zh": "Chinese",
    "ru": "Russian",
    "ja": "Japanese",
    "ko": "Korean",
    "vi": "Vietnamese",
    "nl": "Dutch",
    "tr": "Turkish",
}


def value_label(facet: str, value: str) -> str:
    if facet == "grade":
        return GRADE_LABELS.get(value, value)
    if facet == "license_bucket":
        return BUCKET_WORDS.get(value, value)
    if facet == "language":
        return LANGUAGES.get(value, value)
    if facet in {"subject", "accessibility"}:
        return value.replace("-", " ").capitalize()
    return value


def grade_summary(grades) -> str:
    """ "Grades 3–5", "Kindergarten", "Grade 9 – College upper division"…"""
    codes = list(grades)
    if not codes:
        return ""
    if len(codes) == 1:
        return GRADE_LABELS.get(codes[0], codes[0])
    k12 = [c for c in codes if (grade_number(c) or 99) <= 12]
    if k12 and len(k12) == len(codes):
        lo, hi = k12[0], k12[-1]
        short = {"PK": "PreK", "K": "K"}
        return f"Grades {short.get(lo, lo)}–{short.get(hi, hi)}"
    return f"{GRADE_LABELS.get(codes[0], codes[0])} – {GRADE_LABELS.get(codes[-1], codes[-1])}"
