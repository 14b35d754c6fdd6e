"""Quality and speed of suggested alignments on real ground truth (``../shared/data``).

Ground truth: PhET's simulations with their 594 links to Common Core Math and NSDL's records
with their 534 ``dct:conformsTo`` links, read with the project's own normalizers (text in:
title, description, keywords, grades; codes out). Standards: Common Core Math (CASE, plus the
ASN copy that NSDL's links name) imported into the bench's own database under
``var/bench/alignment-quality`` (created on first run; vectors are cached there too).

Methods, side by side:

- ``zero-shot``: all-MiniLM-L6-v2 nearest statement: title + description against each bare
  statement, no grades, nothing learnt from other records;
- ``ours``: ``catalog.standards.suggestions`` as the application runs it: enriched item texts
  (grade, ancestors, code), the record's grade range (± tolerance), and the collaborative
  signal from the *other* records of both sets (leave-one-out: never a record's own links).

Metrics per record, averaged: P@1 (the first suggestion is one of its codes), R@5 (share of its
codes among the first five), MRR (1 / rank of the first correct code in the first ten).
``ms/material`` embeds the record's text (not cached) and ranks it, one record at a time.

    .venv/bin/python bench/alignment_quality.py
    .venv/bin/python bench/alignment_quality.py --grid      # the tuning sweep
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true", help="sweep the ranking parameters")
    parser.add_argument("--timing", type=int, default=20, help="records timed one by one")
    args = parser.parse_args()
    setup()

    from catalog.embeddings import get_embedder
    from catalog.materials.grades import grade_range
    from catalog.standards.suggestions import rank as R
    from catalog.standards.suggestions.index import embed_cached
    from catalog.standards.suggestions.item_texts import framework_candidates, material_text
    from catalog.standards.suggestions.services import DEFAULT_PARAMS, frameworks_for

    candidates = framework_candidates(frameworks_for("Common Core Mathematics"))
    records = attach_truth(load_records(), candidates)
    embedder = get_embedder()
    started = time.monotonic()
    items = embed_cached([c.text for c in candidates])
    bare = embed_cached([c.statement for c in candidates])
    texts = [material_text(r.title, r.description, r.keywords) for r in records]
    plain = [f"{r.title}. {' '.join(r.description.split()[:120])}" for r in records]
    queries, plain_q = embed_cached(texts), embed_cached(plain)
    print(
        f"{len(candidates)} candidate items, {len(records)} records with resolvable links; "
        f"vectors ready in {time.monotonic() - started:.1f}s ({embedder.name})"
    )
    low, high = R.grade_arrays(
        [c.grade_low for c in candidates], [c.grade_high for c in candidates]
    )
    grades = [grade_range(r.grades) for r in records]
    neighbours = R.Neighbours.build(queries, [sorted(r.truth) for r in records], len(candidates))
    self_rows = np.arange(len(records))
    empty = R.Neighbours.build(np.zeros((0, items.shape[1])), [], len(candidates))

    def evaluate(params, subset, *, zero_shot=False):
        rows = [i for i, r in enumerate(records) if r.dataset == subset]
        sub = [records[i] for i in rows]
        if zero_shot:
            ranked = R.rank(
                plain_q[rows],
                [(None, None)] * len(rows),
                bare,
                low,
                high,
                empty,
                R.RankParams(neighbour_weight=0, grade_filter=False),
                top=10,
            )
        else:
            ranked = R.rank(
                queries[rows],
                [grades[i] for i in rows],
                items,
                low,
                high,
                neighbours,
                params,
                top=10,
                exclude=self_rows[rows],
            )
        return metrics(ranked, sub)

    if args.grid:
        base = DEFAULT_PARAMS
        for w, k, tol, power, gf in itertools.product(
            (0, 0.25, 0.5, 1.0, 2.0), (5, 10, 20), (0, 1, 2), (1, 3, 5), (True, False)
        ):
            p = replace(
                base,
                neighbour_weight=w,
                k=k,
                grade_tolerance=tol,
                neighbour_power=power,
                grade_filter=gf,
            )
            a, b = evaluate(p, "phet"), evaluate(p, "nsdl")
            print(
                f"w={w} k={k} tol={tol} pow={power} grades={gf}: "
                + " | ".join(
                    f"{n} " + " ".join(f"{key} {m[key]:.3f}" for key in METRICS)
                    for n, m in (("phet", a), ("nsdl", b))
                )
            )
        return

    print(
        f"{'dataset':8} {'method':10} {'n':>4} "
        + " ".join(f"{key:>6}" for key in METRICS)
        + f" {'ms/material':>12}"
    )
    for subset in ("phet", "nsdl"):
        rows = [i for i, r in enumerate(records) if r.dataset == subset][: args.timing]
        for name, zero in (("zero-shot", True), ("ours", False)):
            m = evaluate(DEFAULT_PARAMS, subset, zero_shot=zero)
            elapsed = 0.0
            for i in rows:
                text = (plain if zero else texts)[i] + " "  # a new text: not in the cache
                t0 = time.perf_counter()
                vec = embedder.embed([text])
                if zero:
                    R.rank(
                        vec,
                        [(None, None)],
                        bare,
                        low,
                        high,
                        empty,
                        R.RankParams(neighbour_weight=0, grade_filter=False),
                    )
                else:
                    R.rank(
                        vec,
                        [grades[i]],
                        items,
                        low,
                        high,
                        neighbours,
                        DEFAULT_PARAMS,
                        exclude=np.array([i]),
                    )
                elapsed += time.perf_counter() - t0
            ms = 1000 * elapsed / max(1, len(rows))
            print(
                f"{subset:8} {name:10} {m['n']:>4} {m['P@1']:>6.3f} {m['R@5']:>6.3f} "
                f"{m['Hit@5']:>6.3f} {m['MRR']:>6.3f} {ms:>12.1f}"
            )
    # What a confident top suggestion is worth: the demo curator's threshold.
    ranked = R.rank(
        queries, grades, items, low, high, neighbours, DEFAULT_PARAMS, top=1, exclude=self_rows
    )
    print("top suggestion score >= t: share of records, precision of the top suggestion")
    for t in (0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75):
        kept = [
            (r[0], rec) for r, rec in zip(ranked, records, strict=True) if r and r[0].score >= t
        ]
        right = sum(r.index in rec.truth for r, rec in kept)
        print(
            f"  t={t:.2f}: {len(kept) / len(records):.2f} of records, "
            f"precision {right / max(1, len(kept)):.2f}"
        )
    print(f"load average (1 min): {os.getloadavg()[0]:.1f}; parameters: {DEFAULT_PARAMS}")


if __name__ == "__main__":
    main()
