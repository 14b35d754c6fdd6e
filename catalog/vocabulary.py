"""The words people read for the catalog's stored values: subjects, languages, grades, source
keys and licence buckets.

Harvests store machine values (``environmental-science``, ``en``, ``03``, ``oer-commons-demo``,
``share-only``); pages, exports and the JSON API's ``label`` fields all turn them into words
here, so a value reads the same wherever it appears. Grade words come from
``catalog.materials.grades`` and licence words from ``catalog.licenses.vocabulary``: this module
only adds what they lack and puts every label behind one call, ``label(kind, value)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from catalog.licenses.vocabulary import BUCKET_LABELS
from catalog.materials.grades import LABELS as GRADE_LABELS
from catalog.materials.grades import grade_number, parse_grades

# ISO 639-1 codes the sources use, with the English names of the languages.
LANGUAGES = {
    "ar": "Arabic",
    "bn": "Bengali",
    "ca": "Catalan",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "ms": "Malay",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "ps": "Pashto",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sv": "Swedish",
    "sw": "Swahili",
    "th": "Thai",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
}

# Subject slugs whose words a title-case of the slug gets wrong (acronyms, punctuation,
# "and" lists). Every other slug reads well title-cased: "environmental-science" →
# "Environmental science".
SUBJECTS = {
    "u-s-history": "U.S. History",
    "english-language-arts": "English Language Arts (ELA)",
    "ela": "English Language Arts (ELA)",
    "language-education-esl": "Language education (ESL)",
    "anatomy-physiology": "Anatomy and physiology",
    "health-medicine-and-nursing": "Health, medicine and nursing",
    "history-law-politics": "History, law and politics",
    "language-grammar-and-vocabulary": "Language, grammar and vocabulary",
    "computing-and-information": "Computing and information",
    "career-and-technical-education": "Career and technical education (CTE)",
    "stem": "STEM",
    "steam": "STEAM",
    "ngss": "NGSS",
}

# Words kept upper-case (or as written here) when a slug is title-cased.
_ACRONYMS = {
    "ai": "AI",
    "ap": "AP",
    "cte": "CTE",
    "ela": "ELA",
    "esl": "ESL",
    "ell": "ELL",
    "ict": "ICT",
    "it": "IT",
    "lms": "LMS",
    "ngss": "NGSS",
    "nsdl": "NSDL",
    "oer": "OER",
    "phet": "PhET",
    "stem": "STEM",
    "steam": "STEAM",
    "uk": "UK",
    "us": "US",
    "usa": "USA",
    "openstax": "OpenStax",
    "ck12": "CK-12",
}
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")

# Source keys are harvest source names (slugs); the words sources call themselves.
_SOURCE_NAMES = {
    "oer-commons": "OER Commons",
    "phet": "PhET Interactive Simulations",
    "nsdl": "NSDL",
    "openstax": "OpenStax",
    "ck12": "CK-12",
    "learning-registry": "Learning Registry",
}
_SOURCE_SUFFIXES = ("-demo", "-test", "-csv", "-oai", "-api")


def humanize(slug: str) -> str:
    """A slug in words, sentence case, acronyms kept: "us-history-ap" → "US history AP"."""
    words = [w for w in re.split(r"[-_\s]+", slug.strip()) if w]
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if lower in _ACRONYMS:
            out.append(_ACRONYMS[lower])
        elif i == 0:
            out.append(lower.capitalize())
        else:
            out.append(lower)
    return " ".join(out)


def subject_label(value: str) -> str:
    """Words for a subject: curated for the slugs a title-case gets wrong; values a source
    already wrote as words ("Physics", "Earth Science") are kept as they are."""
    value = (value or "").strip()
    if not value:
        return ""
    if value.lower() in SUBJECTS:
        return SUBJECTS[value.lower()]
    if _SLUG.match(value) and value == value.lower():
        return humanize(value)
    return value


def language_label(code: str) -> str:
    """English name of an ISO 639-1 code (a region tag such as "en-US" reads as its language);
    an unknown code stays as given."""
    code = (code or "").strip()
    base = code.split("-")[0].split("_")[0].lower()
    return LANGUAGES.get(base, code)


def grade_label(code: str) -> str:
    """One grade code in words ("3" → "Grade 3"; a zero-padded "03" too)."""
    code = (code or "").strip()
    if code.isdigit():
        code = str(int(code))
    return GRADE_LABELS.get(code, GRADE_LABELS.get(code.lower(), code))


def _grade_codes(raw: list[str]) -> list[str]:
    """Grade codes in order from codes, zero-padded numbers and band names."""
    found = {str(int(g)) if g.isdigit() else g for g in raw if g in GRADE_LABELS or g.isdigit()}
    found.update(parse_grades(g for g in raw if g not in GRADE_LABELS and not g.isdigit()))
    found = {c for c in found if c in GRADE_LABELS}
    return sorted(found, key=lambda c: (grade_number(c) is None, grade_number(c) or 0, c))


def grade_summary(grades: Iterable[str]) -> str:
    """A grade range in words: "Grades 3–5", "Kindergarten", "Grade 9 – Graduate / professional".

    Codes are normalised first ("03", band names), so exports never show raw codes."""
    raw = [str(g).strip() for g in grades if str(g).strip()]
    codes = _grade_codes(raw)
    if not codes:
        return ", ".join(raw)
    if len(codes) == 1:
        return grade_label(codes[0])
    k12 = [c for c in codes if (grade_number(c) if grade_number(c) is not None else 99) <= 12]
    if len(k12) == len(codes):
        short = {"PK": "Pre-K", "K": "K"}
        return f"Grades {short.get(codes[0], codes[0])}–{short.get(codes[-1], codes[-1])}"
    return f"{grade_label(codes[0])} – {grade_label(codes[-1])}"


def source_label(key: str) -> str:
    """The name a harvest source goes by, from its key: "oer-commons-demo" → "OER Commons"."""
    key = (key or "").strip()
    base = key.lower()
    for suffix in _SOURCE_SUFFIXES:
        if base.endswith(suffix) and len(base) > len(suffix):
            base = base[: -len(suffix)]
    if base in _SOURCE_NAMES:
        return _SOURCE_NAMES[base]
    words = humanize(base)
    return " ".join(w if w in _ACRONYMS.values() else w.capitalize() for w in words.split())


def bucket_label(bucket: str) -> str:
    """What a reader may do under a licence bucket ("share-only" → "You may share, not
    change")."""
    return BUCKET_LABELS.get(bucket, humanize(bucket))


def join(values: Iterable[str], labeller=subject_label) -> str:
    """Labelled values, comma-separated, empty ones and repeats left out."""
    return ", ".join(dict.fromkeys(v for v in (labeller(x) for x in values or ()) if v))


_LABELLERS = {
    "subject": subject_label,
    "subjects": subject_label,
    "language": language_label,
    "grade": grade_label,
    "grades": grade_label,
    "source": source_label,
    "license_bucket": bucket_label,
    "bucket": bucket_label,
    "accessibility": subject_label,
    "resource_type": subject_label,
    "resource_types": subject_label,
}


def label(kind: str, value: str) -> str:
    """Words for a stored value of this kind; a kind with no vocabulary returns the value."""
    labeller = _LABELLERS.get(kind)
    return labeller(value) if labeller else value
