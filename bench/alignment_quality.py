"""Quality and speed of suggested alignments on real ground truth (``../shared/data``).

Ground truth: PhET's simulations with their 594 links to Common Core Math and NSDL's records
with their 534 ``dct:conformsTo`` links, read with the project's own normalizers (text in:
title, description, keywords, grades; codes out). Standards: Common Core Math (CASE, plus the
ASN copy that NSDL's links name) imported into the bench's own database under
``var/bench/alignment-quality`` (created on first run; vectors are cached there too).

Methods, side by side:

- ``zero-shot``: all-MiniLM-L6-v2 nearest statement: title + description against each bare
  statement, no grades, nothing learnt from other records;
- ``statements``: ours with no aligned materials at all: enriched item texts (grade,
  ancestors, code), teacher phrases, word matching (BM25), the record's grade range, codes
  the text cites. What a text unlike anything in the catalog (an exercise, a lesson) gets;
- ``titles``: the same with the record's title alone (and its grades): a text as short as
  an exercise's;
- ``other-set``: ours with only the *other* dataset's records as aligned neighbours (PhET
  scored with NSDL's links and the reverse): text from another kind of collection;
- ``ours-cv``: ours with weights chosen by 5-fold cross-validation: for each fold, the
  parameter grid is scored on the other four folds (leave-one-out inside them, across
  datasets, and titles alone), the best is applied to the held-out fold with the four folds
  as neighbours. Figures are the held-out folds', never the ones tuned on;
- ``ours-loo``: the application's ``DEFAULT_PARAMS``, every other record as a neighbour
  (leave-one-out). ``DEFAULT_PARAMS`` are what the grid picks on all records, so this row is
  tuned on what it scores: read ``ours-cv`` for quality.

Metrics per record, averaged: P@1 (the first suggestion is one of its codes), R@5 (share of all
its codes among the first five: PhET records carry about 10 codes, so at most about 0.5),
Hit@5 (at least one of its codes among the first five), MRR (1 / rank of the first correct
code in the first ten). ``ms/material`` embeds the record's text (not cached), computes its
word scores and ranks it, one record at a time: wall time, and CPU time (the machine is shared).

    .venv/bin/python bench/alignment_quality.py
    .venv/bin/python bench/alignment_quality.py --grid      # the whole grid on all records
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("OER_SHARED_DATA", ROOT.parent / "shared" / "data"))
VAR = ROOT / "var" / "bench" / "alignment-quality"
METRICS = ("P@1", "R@5", "Hit@5", "MRR")
OAI = "http://www.openarchives.org/OAI/2.0/"
STANDARDS = [
    SHARED / "standards/case-opensalt/CCSS-Math_CASE_math_cfs_sample.json",
    SHARED / "standards/asn-ngss-ccss-rdfxml-phet/CommonCoreMath_D10003FB_ASN.xml",
]


def setup() -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    os.environ["OER_VAR_DIR"] = str(VAR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oer_registry.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    from catalog.standards.models import Framework

    call_command("migrate", verbosity=0)
    if Framework.objects.count() < 2:
        call_command("standards", "import", *map(str, STANDARDS), verbosity=0)


@dataclass
class Record:
    dataset: str
    title: str
    description: str
    keywords: tuple[str, ...]
    grades: tuple[str, ...]
    targets: tuple[str, ...]
    truth: frozenset[int] = frozenset()  # candidate indices


def load_records() -> list[Record]:
    from harvesters.normalizers import nsdl_dc, phet

    out = []
    page = json.loads((SHARED / "oer-metadata/phet/phet_data.json").read_text("utf-8"))
    for project in page["projects"]:
        rec = phet.normalize(json.dumps(phet.with_page_context(project, page)).encode())
        out.append(_record("phet", rec))
    lr = json.loads(
        (SHARED / "oer-metadata/learning-registry-nsdl/nsdl_dc-data-000000000.json").read_text()
    )
    for envelope in lr["documents"]:
        envelope = envelope.get("doc", envelope)
        xml = envelope["resource_data"].strip()
        head = "<header><identifier>oai:bench:x</identifier></header>"
        rec = nsdl_dc.normalize(
            f'<record xmlns="{OAI}">{head}<metadata>{xml}</metadata></record>'.encode()
        )
        out.append(_record("nsdl", rec))
    return out


def _record(dataset, rec) -> Record:
    return Record(
        dataset,
        rec.title,
        rec.description,
        tuple(rec.keywords),
        tuple(rec.grades),
        tuple(a.target for a in rec.alignments),
    )


def attach_truth(records, candidates) -> list[Record]:
    from catalog.standards.resolve import resolve_refs

    index_of = {pk: i for i, c in enumerate(candidates) for pk in c.member_ids}
    found = resolve_refs({t for r in records for t in r.targets})
    kept = []
    for r in records:
        truth = {index_of[found[t]] for t in r.targets if found.get(t) in index_of}
        if truth:
            kept.append(replace(r, truth=frozenset(truth)))
    return kept


def metrics(ranked, records) -> dict:
    p1 = r5 = hit5 = mrr = 0.0
    for result, record in zip(ranked, records, strict=True):
        order = [x.index for x in result]
        p1 += bool(order[:1]) and order[0] in record.truth
        r5 += len(set(order[:5]) & record.truth) / len(record.truth)
        hit5 += bool(set(order[:5]) & record.truth)
        first = next((n for n, i in enumerate(order[:10], 1) if i in record.truth), None)
        mrr += 1 / first if first else 0
    n = len(records)
    return {"P@1": p1 / n, "R@5": r5 / n, "Hit@5": hit5 / n, "MRR": mrr / n, "n": n}


GRID = {
    "lexical_weight": (0.1, 0.2, 0.3),
    "phrase_weight": (0.0, 1.0, 2.0),
    "neighbour_weight": (0.5, 1.0),
    "neighbour_gate": (0.3, 0.5),
    "neighbour_power": (3.0, 5.0),
}
FOLDS = 5


def grid_params(base):
    keys = list(GRID)
    for values in itertools.product(*(GRID[k] for k in keys)):
        yield replace(base, **dict(zip(keys, values, strict=True)))


class Bench:
    """Everything computed once: candidates, records, vectors, word scores, hints."""

    def __init__(self):
        from catalog.materials.grades import grade_range
        from catalog.standards.suggestions import rank as R
        from catalog.standards.suggestions.index import embed_cached
        from catalog.standards.suggestions.item_texts import (
            framework_candidates,
            material_text,
            phrase_rows,
            word_text,
        )
        from catalog.standards.suggestions.lexical import WordIndex
        from catalog.standards.suggestions.services import frameworks_for
        from catalog.standards.suggestions.text_hints import codes_in_text, grades_in_text

        self.R = R
        self.candidates = framework_candidates(frameworks_for("Common Core Mathematics"))
        self.records = attach_truth(load_records(), self.candidates)
        started = time.monotonic()
        self.items = embed_cached([c.text for c in self.candidates])
        self.bare = embed_cached([c.statement for c in self.candidates])
        self.texts = [material_text(r.title, r.description, r.keywords) for r in self.records]
        self.plain = [f"{r.title}. {' '.join(r.description.split()[:120])}" for r in self.records]
        self.titles = [material_text(r.title, "") for r in self.records]
        self.queries, self.plain_q = embed_cached(self.texts), embed_cached(self.plain)
        self.title_q = embed_cached(self.titles)
        phrase_texts, owners = phrase_rows(self.candidates)
        self.phrases = R.PhraseVectors.build(
            embed_cached(phrase_texts), owners, len(self.candidates)
        )
        self.vectors_seconds = time.monotonic() - started
        self.low, self.high = R.grade_arrays(
            [c.grade_low for c in self.candidates], [c.grade_high for c in self.candidates]
        )
        self.words = WordIndex([word_text(c) for c in self.candidates])
        code_index = {c.code: i for i, c in reversed(list(enumerate(self.candidates)))}

        def hints(texts):
            mentions = [{code_index[c] for c in codes_in_text(t) if c in code_index} for t in texts]
            grades = []
            for r, t in zip(self.records, texts, strict=True):
                g = grade_range(r.grades)
                grades.append(g if g[0] is not None else grades_in_text(t))
            return self.words.scores(texts), mentions, grades

        self.lexical, self.mentions, self.grades = hints(self.texts)
        self.title_lexical, self.title_mentions, self.title_grades = hints(self.titles)
        self.dataset = np.array([r.dataset for r in self.records])
        m = len(self.candidates)
        self.empty = R.Neighbours.build(np.zeros((0, self.items.shape[1])), [], m)

    def rows(self, dataset):
        return np.nonzero(self.dataset == dataset)[0]

    def score(self, params, test, train, *, titles=False):
        """Rank ``test`` rows with the ``train`` rows as aligned neighbours (a test row that is
        also a train row never votes for itself); ``titles``: their titles alone."""
        R = self.R
        test, train = np.asarray(test, int), np.asarray(train, int)
        queries, lexical, mentions, grades = (
            (self.title_q, self.title_lexical, self.title_mentions, self.title_grades)
            if titles
            else (self.queries, self.lexical, self.mentions, self.grades)
        )
        neighbours = R.Neighbours.build(
            self.queries[train], [sorted(self.records[i].truth) for i in train], len(self.items)
        )
        position = {int(row): n for n, row in enumerate(train)}
        exclude = np.array([position.get(int(i), -1) for i in test], dtype=int)
        ranked = R.rank(
            queries[test],
            [grades[i] for i in test],
            self.items,
            self.low,
            self.high,
            neighbours,
            params,
            top=10,
            exclude=exclude,
            lexical=lexical[test],
            mentions=[mentions[i] for i in test],
            phrases=self.phrases,
        )
        return metrics(ranked, [self.records[i] for i in test])

    def zero_shot(self, test):
        R = self.R
        ranked = R.rank(
            self.plain_q[test],
            [(None, None)] * len(test),
            self.bare,
            self.low,
            self.high,
            self.empty,
            R.RankParams(neighbour_weight=0, grade_filter=False),
            top=10,
        )
        return metrics(ranked, [self.records[i] for i in test])

    def objective(self, params, rows):
        """What tuning maximises, over ``rows`` only: MRR leave-one-out within each dataset's
        rows, MRR with the other dataset's rows as neighbours (text unlike the catalog) and
        MRR of the titles alone with no neighbours (text as short as an exercise's), averaged,
        so weights that only help on look-alike or long records do not win."""
        scores = []
        for d in ("phet", "nsdl"):
            own = rows[self.dataset[rows] == d]
            other = rows[self.dataset[rows] != d]
            if len(own) == 0:
                continue
            scores.append(self.score(params, own, rows)["MRR"])
            scores.append(self.score(params, own, other)["MRR"])
            scores.append(self.score(params, own, [], titles=True)["MRR"])
        return float(np.mean(scores))

    def best(self, base, rows):
        return max(grid_params(base), key=lambda p: self.objective(p, rows))

    def cross_validated(self, base, folds=FOLDS):
        """Held-out figures per dataset, and the parameters each fold chose."""
        order = np.arange(len(self.records))
        fold_of = np.empty(len(order), int)
        for d in ("phet", "nsdl"):
            rows = self.rows(d)
            fold_of[rows] = np.arange(len(rows)) % folds
        ranked_test, chosen = {d: [] for d in ("phet", "nsdl")}, []
        for f in range(folds):
            train, test = order[fold_of != f], order[fold_of == f]
            params = self.best(base, train)
            chosen.append(params)
            for d in ("phet", "nsdl"):
                rows = test[self.dataset[test] == d]
                ranked_test[d].append((self.score(params, rows, train), len(rows)))
        held_out = {}
        for d, parts in ranked_test.items():
            n = sum(k for _, k in parts)
            held_out[d] = {key: sum(m[key] * k for m, k in parts) / n for key in METRICS} | {"n": n}
        return held_out, chosen

    def timing(self, params, rows, *, zero=False):
        """Per-record wall and CPU milliseconds: embed (uncached), word scores, rank."""
        from catalog.embeddings import get_embedder

        R, embedder = self.R, get_embedder()
        everyone = np.arange(len(self.records))
        neighbours = R.Neighbours.build(
            self.queries, [sorted(r.truth) for r in self.records], len(self.items)
        )
        wall = cpu = 0.0
        for i in rows:
            text = (self.plain if zero else self.texts)[i] + " "  # a new text: not in the cache
            t0, c0 = time.perf_counter(), time.process_time()
            vec = embedder.embed([text])
            if zero:
                R.rank(
                    vec,
                    [(None, None)],
                    self.bare,
                    self.low,
                    self.high,
                    self.empty,
                    R.RankParams(neighbour_weight=0, grade_filter=False),
                )
            else:
                R.rank(
                    vec,
                    [self.grades[i]],
                    self.items,
                    self.low,
                    self.high,
                    neighbours,
                    params,
                    exclude=everyone[i : i + 1],
                    lexical=self.words.scores([text]),
                    mentions=[self.mentions[i]],
                    phrases=self.phrases,
                )
            wall += time.perf_counter() - t0
            cpu += time.process_time() - c0
        n = max(1, len(rows))
        return 1000 * wall / n, 1000 * cpu / n


def _row(dataset, method, m, timing=None):
    ms = f"{timing[0]:>8.1f} {timing[1]:>7.1f}" if timing else f"{'':>8} {'':>7}"
    return (
        f"{dataset:6} {method:11} {m['n']:>4} "
        + " ".join(f"{m[key]:>6.3f}" for key in METRICS)
        + f" {ms}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true", help="score the whole grid on all records")
    parser.add_argument("--timing", type=int, default=20, help="records timed one by one")
    args = parser.parse_args()
    setup()

    from catalog.standards.suggestions.services import DEFAULT_PARAMS

    bench = Bench()
    everyone = np.arange(len(bench.records))
    print(
        f"{len(bench.candidates)} candidate items, {len(bench.records)} records with resolvable "
        f"links; vectors ready in {bench.vectors_seconds:.1f}s"
    )
    if args.grid:
        for p in sorted(grid_params(DEFAULT_PARAMS), key=lambda p: -bench.objective(p, everyone)):
            print(f"{bench.objective(p, everyone):.4f} {p}")
        return

    held_out, chosen = bench.cross_validated(DEFAULT_PARAMS)
    print(
        f"{'set':6} {'method':11} {'n':>4} "
        + " ".join(f"{key:>6}" for key in METRICS)
        + f" {'ms wall':>8} {'ms cpu':>7}"
    )
    for d in ("phet", "nsdl"):
        rows = bench.rows(d)
        other = everyone[bench.dataset != d]
        timed = rows[: args.timing]
        print(_row(d, "zero-shot", bench.zero_shot(rows), bench.timing(None, timed, zero=True)))
        print(_row(d, "statements", bench.score(DEFAULT_PARAMS, rows, [])))
        print(_row(d, "titles", bench.score(DEFAULT_PARAMS, rows, [], titles=True)))
        print(_row(d, "other-set", bench.score(DEFAULT_PARAMS, rows, other)))
        print(_row(d, "ours-cv", held_out[d]))
        print(
            _row(
                d,
                "ours-loo",
                bench.score(DEFAULT_PARAMS, rows, everyone),
                bench.timing(DEFAULT_PARAMS, timed),
            )
        )
    print("parameters chosen per fold (lexical, phrase, neighbour weight, gate, power):")
    for n, p in enumerate(chosen):
        print(
            f"  fold {n}: {p.lexical_weight} {p.phrase_weight} {p.neighbour_weight} "
            f"{p.neighbour_gate} {p.neighbour_power}"
        )
    best = bench.best(DEFAULT_PARAMS, everyone)
    print(f"chosen on all records: {best}")
    if best != DEFAULT_PARAMS:
        print("  (differs from DEFAULT_PARAMS: consider updating services.DEFAULT_PARAMS)")
    # What a confident top suggestion is worth: the demo curator's threshold.
    R = bench.R
    neighbours = R.Neighbours.build(
        bench.queries, [sorted(r.truth) for r in bench.records], len(bench.items)
    )
    ranked = R.rank(
        bench.queries,
        bench.grades,
        bench.items,
        bench.low,
        bench.high,
        neighbours,
        DEFAULT_PARAMS,
        top=1,
        exclude=everyone,
        lexical=bench.lexical,
        mentions=bench.mentions,
        phrases=bench.phrases,
    )
    print("top suggestion score >= t: share of records, precision of the top suggestion")
    for t in (0.75, 1.0, 1.1, 1.2, 1.25, 1.3, 1.4, 1.5):
        kept = [
            (r[0], rec)
            for r, rec in zip(ranked, bench.records, strict=True)
            if r and r[0].score >= t
        ]
        right = sum(r.index in rec.truth for r, rec in kept)
        print(
            f"  t={t:.2f}: {len(kept) / len(bench.records):.2f} of records, "
            f"precision {right / max(1, len(kept)):.2f}"
        )
    print(f"load average (1 min): {os.getloadavg()[0]:.1f}; parameters: {DEFAULT_PARAMS}")


if __name__ == "__main__":
    main()
