"""What a teacher means by what they type: shared by both engines and the hybrid ranking.

"3rd grade math", "high school spanish vocab", "MS-LS1-6", "elementary fractions" become:

- **words** to match (stop words dropped; grade phrases and standard codes taken out), each
  with its **alternatives** from the curated list ``data/synonyms.json`` (math → mathematics,
  ELA → English language arts; a phrase of several words is one word here and matches as a
  phrase);
- **grades**: a grade or range named by number ("grade 3", "3rd grade", "9th graders",
  "grades 6-8", "K-2", "kindergarten") is a filter, as before;
- **grade_boost**: a band named by school level ("pre-k", "elementary", "middle school",
  "high school") ranks materials of those grades higher without hiding the rest (most
  records carry no grade level at all);
- **codes**: standard codes, matched exactly after normalisation (``textparse``);
- **type_boost**: resource types named by a word ("chemistry lab", "fractions worksheet",
  ``data/resource_types.json``) rank higher; when no other word says what the material is about
  ("worksheets", "video lecture") they are the topic instead: matched as words, no boost;
- **meaning**: what the query's embedding reads: the text with abbreviations spelled out
  (``spelled_out`` in the same list: "sel activities" → "social emotional learning
  activities"), as the embedding model reads a clipped word poorly.

A school level is also the topic when nothing else is asked ("preschool", "pre-k classroom
resources"): then its phrase stays a word as well as a boost. A word typed in double quotes
("\"photosynthsis\"") is taken as typed: no typo correction, no synonyms.

Typos: a word none of whose forms is indexed is corrected to one indexed word, chosen the same
way by both engines (``closest_terms`` then ``pick_correction``: the smallest edit distance,
then the most documents), each reading candidates and document counts from its own index; the
engines report it in ``SearchResults.corrections`` and ``correction_note`` says so. Any-word
matching with coordination (documents with more of the words rank higher) is the engines'.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from catalog.materials.grades import BANDS

from .textparse import _CODE, STOP_WORDS, _grade_codes, edit_distance, fuzziness, normalize_code

SYNONYMS = Path(__file__).with_name("data") / "synonyms.json"
RESOURCE_TYPES = Path(__file__).with_name("data") / "resource_types.json"

# School levels named in words: a ranking boost (records rarely carry grade levels).
_BAND_PHRASES = [
    (r"pre-?k(?:indergarten)?|pre-?school|preschoolers?", "pre-k"),
    (r"elementary(?:\s+school)?|primary\s+school|elem", "elementary"),
    (r"middle\s+school(?:ers?)?|middle\s+grades|junior\s+high", "middle-school"),
    (r"high\s+school(?:ers?)?|secondary\s+school", "high-school"),
]
_BANDS = re.compile(
    r"\b(?:" + "|".join(f"(?P<b{i}>{p})" for i, (p, _n) in enumerate(_BAND_PHRASES)) + r")\b",
    re.IGNORECASE,
)
# Grades named by number: a filter.
_GRADES = re.compile(
    r"\b(?:grades?\s*(?P<lo>k|\d{1,2})(?:\s*(?:-|–|to|through)\s*(?P<hi>k|\d{1,2}))?"
    r"|(?P<nth>\d{1,2})(?:st|nd|rd|th)[\s-]*grade(?:rs?)?"
    r"|(?P<band>k)\s*-\s*(?P<bandhi>\d{1,2})"
    r"|(?P<kinder>kindergarten|kinder)(?:ers?)?)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w'-]+", re.UNICODE)
# Words that only say "something for class": dropped when other words remain.
_GENERIC = frozenset(
    "resources resource materials material classroom class students student kids".split()
)


@dataclass(frozen=True)
class Understood:
    words: tuple[str, ...]
    codes: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()
    grade_boost: tuple[str, ...] = ()
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    text: str = ""  # what was typed, for the query's embedding
    verbatim: tuple[str, ...] = ()  # words typed in quotes: no typo correction, no synonyms
    meaning: str = ""  # what is embedded: the text with abbreviations spelled out
    type_boost: tuple[str, ...] = ()  # resource types a word of the query asks for
    level_is_topic: bool = False  # the school level named is also the words ("preschool")

    @property
    def meaning_text(self) -> str:
        return self.meaning or self.text

    @property
    def empty(self) -> bool:
        return not (self.words or self.codes or self.grades or self.grade_boost)

    def forms(self, word: str) -> tuple[str, ...]:
        return (word, *self.alternatives.get(word, ()))

    def with_grades(self, grades: tuple[str, ...]) -> Understood:
        return dataclasses.replace(self, grades=grades)


@functools.cache
def synonym_groups() -> dict[str, tuple[str, ...]]:
    """Term → the other terms of its group (lower case)."""
    groups = json.loads(SYNONYMS.read_text(encoding="utf-8"))["groups"]
    out: dict[str, tuple[str, ...]] = {}
    for group in groups:
        terms = [t.lower() for t in group]
        for t in terms:
            out[t] = tuple(dict.fromkeys(o for o in out.get(t, ()) + tuple(terms) if o != t))
    return out


def listed_synonyms(word: str) -> tuple[str, ...]:
    """The other terms of the word's group, or of its singular's when only that is listed
    ("worksheets" → handout, homework: the list holds "worksheet")."""
    groups = synonym_groups()
    singular = [word[:-3] + "y"] if word.endswith("ies") else []
    if word.endswith("s") and len(word) > 3:
        singular += [word[:-1], word[:-2]] if word.endswith("es") else [word[:-1]]
    for form in (word, *singular):
        if form in groups:
            return tuple(t for t in groups[form] if t != word)
    return ()


@functools.cache
def type_words() -> dict[str, tuple[str, ...]]:
    """Word naming a kind of material ("lab", "worksheets") → the resource types it ranks
    higher (``data/resource_types.json``)."""
    types = json.loads(RESOURCE_TYPES.read_text(encoding="utf-8"))["types"]
    return {w.lower(): tuple(v) for w, v in types.items()}


@functools.cache
def spelled_out() -> dict[str, str]:
    """Abbreviation → its words, for the query's embedding (the model reads "sel" poorly)."""
    listed = json.loads(SYNONYMS.read_text(encoding="utf-8")).get("spelled_out", {})
    return {key.lower(): words for key, words in listed.items()}


def meaning_of(text: str, verbatim: frozenset[str] | set[str] = frozenset()) -> str:
    """``text`` with each abbreviation of ``spelled_out`` written in full, except words typed
    in quotes: "sel activities" is embedded as "social emotional learning activities"."""
    full = spelled_out()

    def swap(m: re.Match) -> str:
        word = m.group(0)
        key = word.lower()
        return full[key] if key in full and key not in verbatim else word

    return re.sub(r"[\w']+", swap, text)


@functools.cache
def _phrases() -> re.Pattern:
    multi = sorted((t for t in synonym_groups() if " " in t), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in multi) + r")\b", re.IGNORECASE)


def _grades_from(m: re.Match) -> list[str]:
    if m.group("kinder"):
        return ["K"]
    if m.group("nth"):
        return _grade_codes(m.group("nth"), None)
    if m.group("band"):
        return _grade_codes("K", m.group("bandhi"))
    return _grade_codes(m.group("lo"), m.group("hi"))


_QUOTED = re.compile(r'"([^"]+)"')


def understand(text: str) -> Understood:
    text = text or ""
    verbatim = {
        w.lower().strip("'-") for m in _QUOTED.finditer(text) for w in _WORD.findall(m.group(1))
    }
    codes = tuple(dict.fromkeys(normalize_code(m.group(0)) for m in _CODE.finditer(text)))
    text_left = _CODE.sub(" ", text)
    boost: list[str] = []
    levels: list[tuple[int, str]] = []
    for m in _BANDS.finditer(text_left):
        name = next(_n for i, (_p, _n) in enumerate(_BAND_PHRASES) if m.group(f"b{i}"))
        boost += BANDS[name]
        levels.append((m.start(), " ".join(m.group(0).lower().replace("-", " ").split())))
    text_left = _BANDS.sub(" ", text_left)
    grades: list[str] = []
    for m in _GRADES.finditer(text_left):
        grades += _grades_from(m)
    text_left = _GRADES.sub(" ", text_left)
    # Phrases of the synonym list are one word each (kept in order of appearance).
    found: list[tuple[int, str]] = []
    for m in _phrases().finditer(text_left):
        found.append((m.start(), m.group(0).lower()))
    text_left = _phrases().sub(lambda m: " " * len(m.group(0)), text_left)
    for m in _WORD.finditer(text_left):
        word = m.group(0).lower().strip("'-")
        if word:
            found.append((m.start(), word))
    words = [w for _pos, w in sorted(found)]
    content = [w for w in words if w not in STOP_WORDS]
    specific = [w for w in content if w not in _GENERIC]
    level_is_topic = not specific and bool(levels) and not grades and not codes
    if level_is_topic:
        # The school level is what is asked for: its phrase is the topic too.
        specific = [w for _pos, w in sorted(levels + [(p, w) for p, w in found])]
        specific = [w for w in specific if w not in STOP_WORDS and w not in _GENERIC]
    # A word naming a kind of material ranks that kind higher; it is a word to match only
    # when nothing else says what the material is about ("worksheets", "video lecture").
    kinds = type_words()
    named = [w for w in specific if w in kinds and w not in verbatim]
    topic = [w for w in specific if w not in named]
    type_boost = [t for w in named for t in kinds[w]] if topic else []
    chosen = tuple(dict.fromkeys(topic or specific or content or words))
    alternatives = {w: found for w in chosen if (found := listed_synonyms(w))}
    for w in verbatim & set(chosen):
        alternatives[w] = ()  # taken as typed (an engine expands no typo of a word listed)
    return Understood(
        words=chosen,
        codes=codes,
        grades=tuple(dict.fromkeys(grades)),
        grade_boost=tuple(dict.fromkeys(boost)),
        alternatives=alternatives,
        text=text.strip(),
        verbatim=tuple(w for w in chosen if w in verbatim),
        meaning=meaning_of(text.strip(), verbatim),
        type_boost=tuple(dict.fromkeys(type_boost)),
        level_is_topic=level_is_topic,
    )


def correctable(word: str, understood: Understood | None = None) -> bool:
    """Whether the engines may correct ``word`` when no form of it is indexed: a single word
    of letters long enough for a typo, not typed in quotes and without synonyms."""
    if understood is not None and word in understood.alternatives:
        return False
    return word.isalpha() and fuzziness(word) > 0


def closest_terms(word: str, terms: Iterable[str]) -> list[str]:
    """The indexed ``terms`` nearest to ``word``: same first letter (as Elasticsearch's
    ``prefix_length: 1``), within typo distance (``fuzziness``), and only those at the
    smallest Damerau-Levenshtein distance found. Dropping a doubled letter ("polution" for
    "pollution") or swapping two ("fractoins") is one edit, so such a word beats a lookalike
    two edits away ("position") however many documents hold that one."""
    limit = fuzziness(word)
    if limit == 0:
        return []
    letters = set(word)
    best, out = limit + 1, []
    for term in terms:
        if term == word or term[:1] != word[:1] or abs(len(term) - len(word)) > best:
            continue
        # An edit changes at most one letter of each set: a cheap test before the DP.
        if len(letters - set(term)) > best:
            continue
        d = edit_distance(word, term, min(best, limit))
        if d < best:
            best, out = d, [term]
        elif d == best:
            out.append(term)
    return sorted(out) if best <= limit else []


def pick_correction(candidates: Iterable[str], frequency: Mapping[str, int]) -> str | None:
    """The correction among equally close ``candidates``: the one most documents hold
    (``frequency``: term → document count), then the first alphabetically."""
    ranked = sorted(candidates, key=lambda t: (-frequency.get(t, 0), t))
    return ranked[0] if ranked else None


def correction_note(text: str, fixed: dict[str, str]) -> dict:
    """ "Showing results for <corrected text>", with the search for what was typed (its
    corrected words in quotes, which turns the correction off)."""

    def swap(replace) -> str:
        out = text
        for word, new in fixed.items():
            out = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replace(word, new), out, flags=re.I)
        return out

    shown = swap(lambda _w, new: new)
    return {
        "text": f"Showing results for {shown} —",
        "params": {"q": swap(lambda word, _n: f'"{word}"')},
        "link": f"search instead for {text.strip()}",
    }
