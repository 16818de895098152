"""Quote attribution on real news: precision and recall of articles/extract.py on a
hand-annotated sample of Wikinews (bench/data/wikinews_quotes_gold.json).

    .venv/bin/python bench/quote_eval.py [--show]

Reads ../shared/corpus/wikinews/wikinews_2020.csv (real text, not part of the project),
takes the sample the annotation describes, runs the importer's extraction on each article's
paragraphs and compares (paragraph, speaker's surname) with the annotation. Prints
precision, recall and every miss and false attribution (--show prints the quotes found).
"""

from __future__ import annotations

import argparse
import csv
import json
import unicodedata
from collections import Counter
from pathlib import Path

from _setup import BASE_DIR, django_setup

CORPUS = BASE_DIR.parent / "shared" / "corpus" / "wikinews"
GOLD = Path(__file__).resolve().parent / "data" / "wikinews_quotes_gold.json"


def sample(spec: dict) -> list[dict]:
    """Articles with a quotation mark and at most 40 paragraphs: every n-th, the first k."""
    csv.field_size_limit(10**8)
    with open(CORPUS / spec["file"], encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    quoted = [r for r in rows if '"' in r["text"] or "“" in r["text"]]
    short = [r for r in quoted if len(r["text"].split("\n\n")) <= 40]
    return short[:: spec["every"]][: spec["first"]]


def surname(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return plain.split()[-1].lower() if plain.split() else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print every quote found")
    options = parser.parse_args()
    django_setup()
    from articles.ingest.extraction import extract

    for spec in json.loads(GOLD.read_text())["samples"]:
        evaluate(spec, extract, show=options.show)


def evaluate(spec: dict, extract, *, show: bool) -> None:
    gold = spec["quotes"]
    true_positive = false_positive = false_negative = 0
    print(f"Sample {spec['name']}:")
    for article in sample(spec):
        url = article["url"]
        paragraphs = [p.strip() for p in article["text"].split("\n\n") if p.strip()]
        found = extract(paragraphs)
        predicted = Counter({(q.paragraph, surname(q.speaker)) for q in found.quotes if q.full})
        expected = Counter({(para, surname(name)) for para, name in gold[url]})
        hits = predicted & expected
        true_positive += sum(hits.values())
        wrong = predicted - expected
        missed = expected - predicted
        false_positive += sum(wrong.values())
        false_negative += sum(missed.values())
        title = url.rsplit("/", 1)[-1][:70]
        for para, who in sorted(wrong):
            print(f"  wrong   {title} ¶{para}: {who}")
        for para, who in sorted(missed):
            print(f"  missed  {title} ¶{para}: {who}")
        if show:
            for q in found.quotes:
                print(f"  found   {title} ¶{q.paragraph}: {q.speaker}: {q.text[:70]}")
    precision = true_positive / max(1, true_positive + false_positive)
    recall = true_positive / max(1, true_positive + false_negative)
    print(
        f"  {len(gold)} articles, {true_positive + false_negative} annotated quotes: "
        f"{true_positive} found, {false_positive} wrong, {false_negative} missed. "
        f"Precision {precision:.0%}, recall {recall:.0%}.\n"
    )


if __name__ == "__main__":
    main()
