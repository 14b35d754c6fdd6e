"""Draft the judged query set from the demo records (then reviewed by hand; see the JSON).

Each query names the concept a teacher means as regular expressions. A record is relevant
(grade 2) when every expression matches its title, and (grade 1) when every expression
matches its title, keywords or subjects. Description-only mentions are not judged relevant:
a teacher searching "photosynthesis" wants materials about it, not ones that mention it.
Run: python bench/make_search_judgments.py > bench/judgments/oer_commons_demo.json
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "harvesters" / "fixtures" / "oer_commons_demo.csv"

QUERIES: list[tuple[str, list[str]]] = [
    ("fractions", [r"\bfraction"]),
    ("climate change lesson", [r"climate change|global warming"]),
    ("sustainability", [r"sustainab"]),
    ("sustainibility", [r"sustainab"]),
    ("spanish vocabulary", [r"spanish"]),
    (
        "esl grammar",
        [r"\besl\b|english as a second|english language learn|\bells?\b|tesol|tefl", r"grammar"],
    ),
    ("artificial intelligence in the classroom", [r"artificial intelligence|\bai\b"]),
    ("universal design for learning", [r"universal design|\budl\b"]),
    ("accessible oer", [r"accessib"]),
    ("chemistry lab", [r"chemi"]),
    ("chemestry", [r"chemi"]),
    ("cell biology", [r"\bcells?\b|cellular"]),
    ("civics", [r"civic"]),
    ("creative commons licensing", [r"creative commons|licens"]),
    ("information literacy", [r"information literacy"]),
    ("ngss science", [r"\bngss\b|next generation science"]),
    ("special education inclusion", [r"special education|special needs|inclusi"]),
    ("early childhood", [r"early childhood|preschool|pre-k|kindergarten"]),
    ("algebra", [r"algebra"]),
    ("statistics", [r"statistic"]),
    ("marketing", [r"marketing"]),
    ("accounting basics", [r"accounting"]),
    ("ecosystems ecology", [r"ecolog|ecosystem"]),
    ("anatomy and physiology", [r"anatomy|physiolog"]),
    ("python programming", [r"python|programming|coding"]),
    ("essay writing", [r"essay|writing"]),
    ("reading comprehension", [r"comprehension"]),
    ("nursing", [r"nurs"]),
    ("intro to psychology", [r"psycholog"]),
    ("economics", [r"econom"]),
    ("school library", [r"librar"]),
    ("poetry", [r"\bpoe(m|ms|try|t|ts)\b"]),
    ("instructional coaching", [r"coach"]),
    ("lesson plan template", [r"template"]),
    ("renewable energy", [r"renewable|solar|wind (energy|power)"]),
    (
        "online teaching",
        [r"online (teaching|learning|course|instruction)|remote (teaching|learning)"],
    ),
    ("social work", [r"social work"]),
    ("us history", [r"(u\.?s\.?|united states|american) history|civil war|revolution"]),
]


def main() -> None:
    with CSV.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter=";") if r["NAME"].strip()]
    out = []
    for text, patterns in QUERIES:
        regexes = [re.compile(p, re.I) for p in patterns]
        relevant: dict[str, int] = {}
        for r in rows:
            title = r["NAME"]
            meta = " ".join([title, r["KEYWORDS"], r["SUBJECTS"].replace("-", " ")])
            if all(rx.search(title) for rx in regexes):
                relevant[r["URL"]] = 2
            elif all(rx.search(meta) for rx in regexes):
                relevant.setdefault(r["URL"], 1)
        out.append({"query": text, "concept": patterns, "relevant": relevant})
    json.dump(
        {
            "about": "Teacher queries over the OER Commons demo records (harvesters/fixtures). "
            "Relevance: 2 = the concept is in the title, 1 = in keywords or subjects. Drafted "
            "by bench/make_search_judgments.py and reviewed by reading the titles.",
            "queries": out,
        },
        sys.stdout,
        indent=1,
    )


if __name__ == "__main__":
    main()
