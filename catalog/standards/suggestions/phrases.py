"""Teacher phrases per standard: how exercises, lessons and teachers name a standard's skill.

A standard's official statement ("Understand a fraction 1/b as the quantity formed by 1 part
when a whole is partitioned into b equal parts…") shares few words with an exercise titled
"Unit fractions" or "Equal parts of a whole". The data files in ``phrases/`` give each
standard a handful of short phrases in that vocabulary, written by the registry's developers
from each standard's own text (see ``phrases/PROVENANCE.md``). The ranking compares a text
with each phrase as well as with the statement.

File format (UTF-8, ``*.tsv``): ``# `` comment lines, then one line per standard,
``code<TAB>phrase | phrase | …``, the code as suggestions show it (``3.NF.A.1``,
``HSA-REI.B.4a``, ``MP1``). A malformed line is skipped with a warning naming its file and line.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

PHRASES_DIR = Path(__file__).resolve().parent / "phrases"
SEPARATOR = "|"


class PhraseLineError(ValueError):
    """A line of a phrase file that is neither a comment, blank, nor ``code<TAB>phrases``."""


def parse_line(line: str) -> tuple[str, tuple[str, ...]] | None:
    """``(code, phrases)`` from one line of a phrase file; None for comments and blank lines.
    ``PhraseLineError`` says what is wrong with any other line."""
    line = line.strip("\r\n")
    if not line.strip() or line.lstrip().startswith("#"):
        return None
    if "\t" not in line:
        raise PhraseLineError("no tab between the code and its phrases")
    code, _, rest = line.partition("\t")
    code = code.strip()
    if not code:
        raise PhraseLineError("no code before the tab")
    if any(c.isspace() for c in code):
        raise PhraseLineError(f"a space inside the code {code!r}")
    if "\t" in rest.strip():
        raise PhraseLineError(f"a second tab (phrases are separated by {SEPARATOR!r})")
    phrases = tuple(
        dict.fromkeys(" ".join(p.split()).lower() for p in rest.split(SEPARATOR) if p.strip())
    )
    if not phrases:
        raise PhraseLineError(f"no phrase after the code {code!r}")
    return code, phrases


def load_phrases(folder: Path | str = PHRASES_DIR) -> dict[str, tuple[str, ...]]:
    """Every code's phrases from the folder's ``*.tsv`` files (read in name order; a code
    given twice keeps the phrases of both lines, each once).

    A malformed line, or a file that is not UTF-8, is skipped with a warning naming the file
    and line: the files are read when a suggestion index is built, and one bad line should
    cost its standard's phrases, not every suggestion. The tests read the shipped files and
    fail on any warning."""
    table: dict[str, tuple[str, ...]] = {}
    for path in sorted(Path(folder).glob("*.tsv")):
        try:
            text = path.read_text("utf-8-sig")  # a leading byte-order mark is not text
        except UnicodeDecodeError as exc:
            log.warning("%s: not UTF-8 (%s); file skipped", path, exc.reason)
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            try:
                parsed = parse_line(line)
            except PhraseLineError as exc:
                log.warning("%s:%d: %s; line skipped", path, number, exc)
                continue
            if parsed is None:
                continue
            code, phrases = parsed
            table[code] = tuple(dict.fromkeys([*table.get(code, ()), *phrases]))
    return table


@lru_cache(maxsize=4)
def _table(folder: str) -> dict[str, tuple[str, ...]]:
    """The folder's phrases by code without regard to case (4.NF.B.3a is 4.NF.B.3A)."""
    folded: dict[str, tuple[str, ...]] = {}
    for code, phrases in load_phrases(folder).items():
        key = code.casefold()
        folded[key] = tuple(dict.fromkeys([*folded.get(key, ()), *phrases]))
    return folded


def phrases_for(code: str, folder: Path | str = PHRASES_DIR) -> tuple[str, ...]:
    """The phrases of the standard with this code (the dotted code a suggestion shows, in any
    case), or ()."""
    return _table(str(folder)).get((code or "").strip().casefold(), ())


def forget() -> None:
    """Drop the cached files (tests that write a phrase folder; a process that edits them)."""
    _table.cache_clear()
