"""Word matching between a text and the candidates' texts: BM25 over the item texts (statement
and its headings), pure Python and numpy.

Sentence vectors blur the words a standard turns on ("denominator", "perimeter", "quadratic");
a plain word match keeps them, and helps most on short texts such as exercise titles. Scores
are scaled to [0, 1] per query (the best candidate scores 1) so one weight fits every text.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

_WORD = re.compile(r"[a-z]+|\d+")
# Words every statement or lesson uses, which say nothing about which standard it is.
_STOP = frozenset(
    """a an the and or of to in on for with by from as at is are be this that these those it its
    their students student use using understand including include includes e g eg i ie such can
    will into than then them they each one two when which what how about also other more most all
    any not no your you we our""".split()
)
_SUFFIXES = ("ations", "ation", "ing", "ies", "es", "s")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def tokens(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall((text or "").lower()) if w not in _STOP and len(w) > 1]


class WordIndex:
    """BM25 postings over the documents (one per candidate), built once per suggestion index."""

    def __init__(self, documents: Sequence[str], k1: float = 1.2, b: float = 0.75):
        self.size = len(documents)
        docs = [tokens(d) for d in documents]
        lengths = np.array([len(t) for t in docs], dtype=np.float32)
        average = float(lengths.mean()) if self.size and lengths.mean() > 0 else 1.0
        frequency = Counter(w for t in docs for w in set(t))
        self.idf = {
            w: math.log(1 + (self.size - n + 0.5) / (n + 0.5)) for w, n in frequency.items()
        }
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for row, words in enumerate(docs):
            norm = k1 * (1 - b + b * lengths[row] / average)
            for word, f in Counter(words).items():
                postings[word].append((row, f * (k1 + 1) / (f + norm)))
        self.postings = {
            w: (np.array([r for r, _ in p], dtype=np.int64), np.array([v for _, v in p]))
            for w, p in postings.items()
        }

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), size) float32 scores, each row scaled to [0, 1]."""
        out = np.zeros((len(texts), self.size), dtype=np.float32)
        for row, text in enumerate(texts):
            for word, count in Counter(tokens(text)).items():
                posting = self.postings.get(word)
                if posting is not None:
                    rows, values = posting
                    out[row, rows] += self.idf[word] * values * (1 + math.log(count))
            best = out[row].max() if self.size else 0
            if best > 0:
                out[row] /= best
        return out
