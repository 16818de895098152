"""Autocomplete speed (/api/v1/suggest/) on a synthetic archive.

    .venv/bin/python bench/generate.py --articles 1000000          # once
    .venv/bin/python bench/suggest_bench.py [--runs 20] [--no-http]

A fixed mix of what readers type, built from the generator's invented world (same --seed):
two and three letters of common and rare names, a whole surname, two word prefixes, a
country, the prefix of a common and of a rare headline word. Prints p50/p95/p99 of the
database part (every SQL statement `suggest` sends, timed by Django's execute wrapper), of
the whole call, and of the whole request over HTTP from Gunicorn (production settings).
Target at 1,000,000 articles: database part p95 under 20 ms.
"""

from __future__ import annotations

import argparse
import time
import urllib.parse

import numpy as np
from _setup import QueryClock, django_setup, gunicorn, percentile, time_get


def typing_mix(seed: int) -> list[tuple[str, str]]:
    from generate import World

    world = World(seed)
    popular = world.people[0]  # the most mentioned person (Zipf rank 1)
    rare = world.people[-1]
    first, last = popular.split()
    return [
        ("2 letters, popular name", last[:2]),
        ("3 letters, popular name", last[:3]),
        ("2 letters, first name", first[:2].lower()),
        ("whole rare surname", rare.split()[-1]),
        ("two word prefixes", f"{first[:3]} {last[:2]}"),
        ("country prefix", world.countries[3][:4]),
        ("common word prefix", world.vocabulary[0][:2]),
        ("rare word prefix", world.vocabulary[80_000][:5]),
        ("nothing matches", "zqxj"),
    ]


def database_part(mix, runs: int) -> dict[str, dict[str, list[float]]]:
    from articles.autocomplete import suggest

    clock = QueryClock()

    timings = {}
    for name, text in mix:
        suggest(text)  # warm up
        db, total = [], []
        for _ in range(runs):
            started = time.perf_counter()
            with clock.measure():
                found = suggest(text)
            total.append((time.perf_counter() - started) * 1000)
            db.append(clock.ms)
        timings[name] = {
            "db": db,
            "total": total,
            "found": [len(found.people), len(found.places), len(found.headlines)],
            "first": (found.people or found.places or found.headlines or [None])[0],
        }
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-http", action="store_true")
    options = parser.parse_args()
    django_setup()
    from articles.models import Article

    mix = typing_mix(options.seed)
    print(f"Archive: {Article.objects.count():,} articles; {options.runs} runs per query\n")
    timings = database_part(mix, options.runs)
    http: dict[str, list[float]] = {}
    if not options.no_http:
        with gunicorn() as base:
            for name, text in mix:
                url = f"{base}/api/v1/suggest/?{urllib.parse.urlencode({'q': text})}"
                http[name] = time_get(url, options.runs)

    print(
        f"{'typed':<26} {'found p/pl/h':>13} {'db p50':>8} {'db p95':>8} {'call p50':>9} {'http p50':>9}  first"
    )
    for name, text in mix:
        t = timings[name]
        found = "/".join(str(n) for n in t["found"])
        h = f"{np.median(http[name]):9.1f}" if http else f"{'-':>9}"
        print(
            f"{name + ' ' + repr(text):<26.26} {found:>13} {np.median(t['db']):8.2f} "
            f"{percentile(t['db'], 95):8.2f} {np.median(t['total']):9.2f} {h}  {t['first']}"
        )
    every_db = [v for t in timings.values() for v in t["db"]]
    every_call = [v for t in timings.values() for v in t["total"]]
    print(
        f"\nDatabase part over the mix: p50 {percentile(every_db, 50):.2f}  "
        f"p95 {percentile(every_db, 95):.2f}  p99 {percentile(every_db, 99):.2f}  "
        f"max {max(every_db):.2f} ms (target p95 < 20)"
    )
    print(
        f"Whole call: p50 {percentile(every_call, 50):.2f}  p95 {percentile(every_call, 95):.2f} ms"
    )
    if http:
        every_http = [v for times in http.values() for v in times]
        print(
            f"Over HTTP: p50 {percentile(every_http, 50):.2f}  "
            f"p95 {percentile(every_http, 95):.2f}  p99 {percentile(every_http, 99):.2f} ms"
        )


if __name__ == "__main__":
    main()
