"""Draft the judged query set from the demo records (then reviewed by hand; see the JSON).

Each query names the concept a teacher means as regular expressions. A record is relevant
(grade 2) when every expression matches its title, and (grade 1) when every expression
matches its title, keywords or subjects. Description-only mentions are not judged relevant:
a teacher searching "photosynthesis" wants materials about it, not ones that mention it.
Run: python bench/make_search_judgments.py > bench/judgments/oer_commons_demo.json
and  python bench/make_search_judgments.py --k12 > bench/judgments/k12_teacher_queries.json
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


ELEM = {"preschool", "lower-primary", "upper-primary"}
MIDDLE = {"middle-school"}
HIGH = {"high-school"}
K12 = ELEM | MIDDLE | HIGH

# Typed the way K-12 teachers and state staff type: grade bands, subject nicknames, typos,
# standard codes, vague two-word queries, resource types. (query, concept patterns, grade
# sublevels a relevant record must have, or None for any).
K12_QUERIES: list[tuple[str, list[str], set[str] | None]] = [
    ("high school spanish", [r"spanish|espa[nñ]ol"], HIGH),
    ("spanish class activities", [r"spanish|espa[nñ]ol"], None),
    ("pre-k classroom resources", [r"pre-?k|preschool|early childhood"], None),
    ("preschool", [r"pre-?k|preschool|early childhood"], None),
    ("early childhood development", [r"early childhood|child development|pre-?k|preschool"], None),
    ("middle school science", [r"scien|biolog|chemi|physic|ecolog"], MIDDLE),
    ("high school chemistry", [r"chemi"], HIGH),
    ("chem lab", [r"chemi"], None),
    ("bio", [r"biolog|life science"], None),
    ("life science", [r"biolog|life science"], None),
    ("math", [r"math"], None),
    ("mathematics", [r"math"], None),
    ("maths lesson", [r"math"], None),
    ("stats", [r"statistic"], None),
    ("probability and statistics", [r"statistic|probabilit"], None),
    ("solving equations", [r"equation"], None),
    ("linear equations grades 9-12", [r"equation"], HIGH),
    ("fractions elementary", [r"\bfraction"], None),
    ("ela", [r"english language arts|\bela\b|reading|writing|literature"], None),
    ("english language arts", [r"english language arts|\bela\b|reading|writing|literature"], None),
    ("social studies", [r"social (studies|science)|history|civic|geograph|government"], None),
    (
        "us history primary sources",
        [r"u-?s-?history|(us|u\.s\.|american|united states) history|primary source"],
        None,
    ),
    ("world history", [r"world history|world-history"], None),
    ("primary source analysis", [r"primary source"], None),
    ("civics and government", [r"civic|government|election|political"], None),
    ("elections", [r"election|electoral|voting|vote"], None),
    ("electoral college", [r"electoral"], None),
    ("climate", [r"climate"], None),
    ("climate change lesson plan", [r"climate"], None),
    ("global warming", [r"climate change|global warming"], None),
    ("enviromental science", [r"environment"], None),
    ("sustainabilty", [r"sustainab"], None),
    ("polution", [r"pollut"], None),
    ("ecology", [r"ecolog|ecosystem"], None),
    ("plants and crops", [r"plant|crop|agronom|botan"], None),
    ("evolution", [r"evolution"], None),
    ("atoms and molecules", [r"atom|molecul"], None),
    ("anatomy", [r"anatom|physiolog"], None),
    ("nutrition and health", [r"nutrition|vitamin|diet|food"], None),
    ("mental health", [r"mental health|wellness|well-being|stress"], None),
    ("mindfulness", [r"mindful"], None),
    ("social emotional learning", [r"social[- ]emotional|\bsel\b"], None),
    ("sel activities", [r"social[- ]emotional|\bsel\b"], None),
    ("special ed", [r"special (education|needs)|disabilit"], None),
    ("autism", [r"autis"], None),
    (
        "ell students",
        [r"\besl\b|\bells?\b|english (as a second|language learn)|multilingual learn"],
        None,
    ),
    (
        "esl vocabulary",
        [r"\besl\b|english as a second|english language learn|\bells?\b", r"vocabular"],
        None,
    ),
    ("vocab", [r"vocabular"], None),
    ("grammer", [r"grammar"], None),
    ("german", [r"german|deutsch"], None),
    ("french", [r"french|fran[cç]ais"], None),
    ("world languages", [r"world language|\bwl\b|foreign language|second language"], None),
    ("spelling", [r"spelling"], None),
    ("reading skills", [r"reading"], None),
    ("writing rubric", [r"rubric"], None),
    ("rubrics", [r"rubric"], None),
    ("lesson plans", [r"lesson plan"], None),
    ("lesson plan template", [r"lesson plan|template"], None),
    ("worksheets", [r"worksheet|handout"], None),
    ("quiz", [r"quiz|assessment|\btest\b"], None),
    ("self assessment", [r"self[- ]assessment"], None),
    ("podcast", [r"podcast"], None),
    ("video lecture", [r"video|lecture"], None),
    ("infographic", [r"infographic"], None),
    ("games for learning", [r"game|gamif"], None),
    ("coding for kids", [r"coding|programming|computer science|python|scratch"], None),
    ("computer science", [r"computer science|computer-science|programming|coding"], None),
    ("robotics", [r"robot"], None),
    ("ai in education", [r"artificial intelligence|\bai\b|generative|chatgpt"], None),
    ("chatgpt", [r"artificial intelligence|\bai\b|generative|chatgpt"], None),
    (
        "digital literacy",
        [r"digital literacy|media literacy|information literacy|news literacy"],
        None,
    ),
    ("media literacy", [r"media literacy|news literacy|misinformation"], None),
    ("financial literacy", [r"financ|money|budget|debt"], None),
    ("economics", [r"econom"], None),
    ("career readiness", [r"career|job|resume|interview|workplace"], None),
    ("job interview", [r"interview"], None),
    ("public speaking", [r"speech|public speaking|presentation|oral"], None),
    ("music", [r"music|song|audio"], None),
    ("art", [r"\bart\b|\barts\b|visual art|drawing|painting"], None),
    ("dance", [r"dance"], None),
    ("physical education", [r"sport|physical exercise|physical education|fitness"], None),
    ("sports", [r"sport|athlet"], None),
    ("covid", [r"covid|pandemic|coronavirus"], None),
    ("vaccines", [r"vaccin|immuniz"], None),
    ("geography maps", [r"geograph|\bmaps?\b|\bgis\b"], None),
    ("gis", [r"\bgis\b|geographic information"], None),
    ("universal design", [r"universal design|\budl\b"], None),
    ("accessibility", [r"accessib"], None),
    ("open educational resources", [r"\boer\b|open educational"], None),
    ("creative commons", [r"creative commons"], None),
    (
        "professional development for teachers",
        [r"professional development|\bpd\b|teacher (training|education)|educator"],
        None,
    ),
    ("feedback strategies", [r"feedback"], None),
    ("group work", [r"group|collaborat|team"], None),
    ("inquiry science", [r"inquiry"], None),
    ("black history", [r"black|african american|bipoc"], None),
    ("antiracism", [r"antiracis|anti-racis|racial|racism"], None),
    ("indigenous peoples", [r"indigenous|native american|first nations"], None),
    ("women in science", [r"women|woman"], None),
    ("study skills", [r"study (skills|habits)|learn(ing)? (anything|how)|note[- ]taking"], None),
    ("psychology", [r"psycholog"], None),
    ("sociology", [r"sociolog"], None),
    ("accounting", [r"accounting"], None),
    ("nursing", [r"nurs"], None),
    ("how plants make food", [r"photosynth|plant|botan|crop"], None),
]


# A concept matches at the start of a word, or after a prefix that keeps its meaning
# ("macroeconomics", "biochemistry"): "dance" is not in "guidance", nor "atom" in "anatomy".
_START = r"(?:(?<![a-z])|(?<=macro)|(?<=micro)|(?<=bio)|(?<=geo)|(?<=astro)|(?<=neuro)|(?<=socio))"


def concept(pattern: str) -> re.Pattern:
    return re.compile(rf"{_START}(?:{pattern})", re.I)


def judge_k12(rows) -> list[dict]:
    out = []
    for text, patterns, grades in K12_QUERIES:
        regexes = [concept(p) for p in patterns]
        relevant: dict[str, int] = {}
        for r in rows:
            if grades is not None and not grades & set(r["GRADE_SUBLEVELS"].split("|")):
                continue
            title = r["NAME"]
            meta = " ".join([title, r["KEYWORDS"], r["SUBJECTS"].replace("-", " ")])
            if all(rx.search(title) for rx in regexes):
                relevant[r["URL"]] = 2
            elif all(rx.search(meta) for rx in regexes):
                relevant.setdefault(r["URL"], 1)
        if relevant:
            out.append({"query": text, "concept": patterns, "relevant": relevant})
    return out


def main() -> None:
    with CSV.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter=";") if r["NAME"].strip()]
    if sys.argv[1:] == ["--k12"]:
        about = (
            "K-12 teacher queries (grade bands, subject nicknames, typos, codes, vague and "
            "resource-type queries) over the OER Commons demo records. Relevance: 2 = the "
            "concept is in the title, 1 = in keywords or subjects; a query naming a school "
            "level counts only records of that level. Drafted by bench/make_search_judgments.py "
            "--k12 from concept patterns written by reading the records."
        )
        json.dump({"about": about, "queries": judge_k12(rows)}, sys.stdout, indent=1)
        return
    out = []
    for text, patterns in QUERIES:
        regexes = [concept(p) for p in patterns]
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
