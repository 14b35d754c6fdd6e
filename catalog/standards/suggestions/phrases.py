"""Teacher phrases per standard: how exercises, lessons and teachers name a standard's skill.

A standard's official statement ("Understand a fraction 1/b as the quantity formed by 1 part
when a whole is partitioned into b equal parts…") shares few words with an exercise titled
"Unit fractions" or "Equal parts of a whole". The data files in ``phrases/`` give each
standard a handful of short phrases in that vocabulary, written by the registry's developers
from each standard's own text (see ``phrases/PROVENANCE.md``). The ranking compares a text
with each phrase as well as with the statement.

File format (UTF-8, ``*.tsv``): ``# `` comment lines, then one line per standard,
``code<TAB>phrase | phrase | …``, the code as suggestions show it (``3.NF.A.1``,
``HSA-REI.B.4a``, ``MP1``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PHRASES_DIR = Path(__file__).resolve().parent / "phrases"
SEPARATOR = "|"


def parse_line(line: str) -> tuple[str, tuple[str, ...]] | None:
    """``(code, phrases)`` from one line of a phrase file; None for comments, blank lines and
    lines without a tab or without a phrase."""
    line = line.strip("\r\n")
    if not line.strip() or line.lstrip().startswith("#") or "\t" not in line:
        return None
    code, _, rest = line.partition("\t")
    code = code.strip()
    phrases = tuple(
        dict.fromkeys(" ".join(p.split()).lower() for p in rest.split(SEPARATOR) if p.strip())
    )
    if not code or not phrases:
        return None
    return code, phrases


def load_phrases(folder: Path | str = PHRASES_DIR) -> dict[str, tuple[str, ...]]:
    """Every code's phrases from the folder's ``*.tsv`` files (read in name order; a code
    given twice keeps the phrases of both lines, each once)."""
    table: dict[str, tuple[str, ...]] = {}
    for path in sorted(Path(folder).glob("*.tsv")):
        for line in path.read_text("utf-8-sig").splitlines():
            parsed = parse_line(line)
            if parsed is None:
                continue
            code, phrases = parsed
            table[code] = tuple(dict.fromkeys([*table.get(code, ()), *phrases]))
    return table


@lru_cache(maxsize=4)
def _table(folder: str) -> dict[str, tuple[str, ...]]:
    table = load_phrases(folder)
    # Codes are matched as written, then without regard to case (4.NF.B.3A, mp1).
    folded = {code.casefold(): phrases for code, phrases in table.items()}
    return {**folded, **table}


def phrases_for(code: str, folder: Path | str = PHRASES_DIR) -> tuple[str, ...]:
    """The phrases of the standard with this code (the dotted code a suggestion shows), or ()."""
    table = _table(str(folder))
    return table.get(code) or table.get((code or "").casefold(), ())


def forget() -> None:
    """Drop the cached files (tests that write a phrase folder; a process that edits them)."""
    _table.cache_clear()
