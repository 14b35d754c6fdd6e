"""Mark the query's words in a page of hits, here rather than in Elasticsearch.

Elasticsearch's highlighter re-runs the whole query per hit (six fields, plural forms, phrases),
and for a typo it enumerates the fuzzy expansions per hit and field: tens to hundreds of
milliseconds for one page. The page's title and description are in hand already, so this marks
the words on them directly: each form of a query word (``queries.forms``) and, for a word no
document holds, words a typo away (same first letter, ``fuzziness`` edits), as the queries
match them. Words are whole ``\\w+`` runs, as ``parse_text`` splits the query.

Without typos, the forms (ASCII words) are found with ``str.find`` in the lower-cased text
and checked for word boundaries, several times faster than the case-insensitive pattern over
a long description. Same spans: ``lower()`` keeps positions and maps to an ASCII letter
exactly the characters the pattern's case folding matches it to, except the three in
``_FOLDS_APART`` (checked over every code point); text holding one of them goes through the
pattern.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ...textparse import edit_distance, fuzziness
from ..base import MARK_END, MARK_START

FRAGMENT_CHARS = 180  # the description's snippet around the matches
MAX_CANDIDATES = 40  # fragment starts tried (at the first matches)
_SENTENCE_END = re.compile(r"[.!?]\s+")
# Characters an IGNORECASE pattern matches to an ASCII letter that lower() does not map to it.
_FOLDS_APART = re.compile("[\u0130\u0131\u017f]")


def _whole_words(alternatives: list[str]) -> re.Pattern | None:
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _word_char(c: str) -> bool:
    """What ``\\w`` matches."""
    return c.isalnum() or c == "_"


class Marker:
    def __init__(self, forms: Iterable[str], typos: Iterable[str] = ()):
        """``forms``: words matched as they are; ``typos``: words matched a typo away too."""
        self.forms = {f.lower() for f in forms if f}
        words = sorted(self.forms, key=len, reverse=True)
        self.typos = [(w, fuzziness(w)) for w in typos if fuzziness(w)]
        candidates = []
        for word, limit in self.typos:
            # Candidates: same first letter, a length a typo away; checked in ``_typo``.
            lo, hi = max(0, len(word) - 1 - limit), len(word) - 1 + limit
            candidates.append(f"{re.escape(word[0])}\\w{{{lo},{hi}}}")
        self.pattern = _whole_words([*(re.escape(w) for w in words), *candidates])
        # The fast path (no typos: one pattern scan is as fast as a find plus that scan).
        self.words = words if not candidates and all(w.isascii() for w in words) else None
        self._seen: dict[str, bool] = {}

    def _typo(self, token: str) -> bool:
        low = token.lower()
        if low in self.forms:
            return True
        hit = self._seen.get(low)
        if hit is None:
            hit = any(
                low[:1] == w[:1] and edit_distance(low, w, limit) <= limit
                for w, limit in self.typos
            )
            self._seen[low] = hit
        return hit

    def spans(self, text: str) -> list[tuple[int, int]]:
        if self.pattern is None:
            return []
        if self.words is not None and not _FOLDS_APART.search(text):
            low = text.lower()
            if len(low) == len(text):
                return self._find_spans(text, low)
        found = self.pattern.finditer(text)
        if not self.typos:
            return [m.span() for m in found]
        return [m.span() for m in found if self._typo(m.group())]

    def _find_spans(self, text: str, low: str) -> list[tuple[int, int]]:
        """``spans``: whole-word occurrences of the forms in ``low`` (``text`` lower-cased;
        whole words cannot overlap, so these are the pattern's matches)."""
        n = len(text)
        found = []
        for word in self.words or ():
            i = low.find(word)
            while i >= 0:
                j = i + len(word)
                if (i == 0 or not _word_char(text[i - 1])) and (j == n or not _word_char(text[j])):
                    found.append((i, j))
                i = low.find(word, i + 1)
        found.sort()
        return found

    @staticmethod
    def _mark(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None):
        end = len(text) if end is None else end
        out, pos = [], start
        for a, b in spans:
            if a < start or b > end:
                continue
            out += [text[pos:a], MARK_START, text[a:b], MARK_END]
            pos = b
        out.append(text[pos:end])
        return "".join(out)

    def whole(self, text: str) -> str:
        """The text with its matches marked; empty when nothing matches."""
        spans = self.spans(text)
        return self._mark(text, spans) if spans else ""

    def fragment(self, text: str, size: int = FRAGMENT_CHARS) -> str:
        """About ``size`` characters around the most matched words, from a sentence start when
        one is near; empty when nothing matches."""
        spans = self.spans(text)
        if not spans:
            return ""
        starts = [a for a, _b in spans]
        lowered = [text[x:y].lower() for x, y in spans]
        best, best_score = (0, 0), (-1, -1)
        for a in starts[:MAX_CANDIDATES]:
            start = self._start(text, a, size)
            end = self._end(text, start, size)
            # The matches inside [start, end): spans do not overlap, so only the last one
            # starting before the end may run past it.
            i, k = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
            if k > i and spans[k - 1][1] > end:
                k -= 1
            words = lowered[i:k]
            score = (len(set(words)), len(words))
            if score > best_score:
                best, best_score = (start, end), score
        start, end = best
        return self._mark(text, spans, start, end).strip()

    @staticmethod
    def _start(text: str, at: int, size: int) -> int:
        """A sentence start before ``at`` within a third of the fragment, else a word start."""
        lo = max(0, at - size // 3)
        if lo == 0:
            return 0
        sentence = None
        for m in _SENTENCE_END.finditer(text, lo, at):
            sentence = m.end()
        if sentence is not None:
            return sentence
        space = text.find(" ", lo, at)
        return space + 1 if space >= 0 else at

    @staticmethod
    def _end(text: str, start: int, size: int) -> int:
        if len(text) - start <= size:
            return len(text)
        cut = text.rfind(" ", start, start + size)
        return cut if cut > start else start + size
