"""Extend the judged query sets to every demo record, not only the OER Commons CSV.

``make_search_judgments.py`` drafts judgments from the OER Commons CSV alone, so records of the
other demo sources (PhET simulations, OpenStax books, NSDL records) were never judged: a
search that put "Build a Fraction" or "Elementary Algebra" first counted as a miss. This script
applies each query's concept patterns (the JSON's ``concept``) to those records with the same
rule, made stricter where reading the candidates showed it wrong for these records: 2 = every
pattern in the title, 1 = in title, keywords or a subject, where a subject is not a compound
category ("Math & Statistics" says nothing about statistics for "Calculus Grapher"), patterns
matching at the start of a word as in the drafts; a query naming a school level
counts only records of that level. It prints the candidates for review by reading;
``--write`` merges them into bench/judgments/*.json, with the judgments made by reading whole
records (``by_reading.tsv``: records about the concept whose title, keywords and subjects do
not name it, found among the records whose description matches the concept, then read).

    OER_VAR_DIR=… python bench/judge_all_sources.py            # review the candidates
    OER_VAR_DIR=… python bench/judge_all_sources.py --write    # merge them
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oer_registry.settings.dev")

# School levels of the K-12 queries, as the K-12 grade codes other sources carry.
LEVELS = {
    "preschool": {"PK"},
    "lower-primary": {"K", "1", "2"},
    "upper-primary": {"3", "4", "5"},
    "middle-school": {"6", "7", "8"},
    "high-school": {"9", "10", "11", "12"},
}


COMPOUND = re.compile(r"&|\band\b", re.I)


def _drafts():
    spec = importlib.util.spec_from_file_location(
        "drafts", ROOT / "bench" / "make_search_judgments.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    import django

    django.setup()
    from catalog.materials.models import Material
    from search.documents import documents_for

    drafts = _drafts()
    with drafts.CSV.open(encoding="utf-8") as handle:
        in_csv = {r["URL"] for r in csv.DictReader(handle, delimiter=";")}
    levels = {text: grades for text, _p, grades in drafts.K12_QUERIES}
    url_of = dict(Material.objects.values_list("pk", "url"))
    others = [d for d in documents_for(None) if url_of.get(d["id"]) not in in_csv]
    write = "--write" in sys.argv[1:]
    read = {}
    for line in (ROOT / "bench" / "judgments" / "by_reading.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            text, url, gain, _why = line.split("\t")
            read.setdefault(text, {})[url] = int(gain)
    for path in sorted((ROOT / "bench" / "judgments").glob("*.json")):
        data = json.loads(path.read_text())
        for q in data["queries"]:
            regexes = [drafts.concept(p) for p in q["concept"]]
            wanted = levels.get(q["query"]) if path.name.startswith("k12") else None
            codes = set().union(*(LEVELS[s] for s in wanted)) if wanted else None
            for d in others:
                if codes is not None and not codes & set(d.get("grades") or ()):
                    continue
                title = d["title"]
                subjects = [s for s in d.get("subjects") or () if not COMPOUND.search(s)]
                meta = " | ".join([title, *(d.get("keywords") or ()), *subjects]).replace("-", " ")
                gain = 2 if all(r.search(title) for r in regexes) else 0
                if not gain and all(r.search(meta) for r in regexes):
                    gain = 1
                url = url_of[d["id"]]
                if gain and url not in q["relevant"]:
                    print(f"{path.stem[:6]} {q['query'][:28]:28} {gain} {title[:70]}")
                    q["relevant"][url] = gain
            for url, gain in read.get(q["query"], {}).items():
                q["relevant"].setdefault(url, gain)
        note = " Extended to every demo source, and by reading records: bench/judge_all_sources.py."
        if note.strip() not in data["about"]:
            data["about"] += note
        if write:
            path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
