"""Person and place pages at scale: a person and a place with about 10,000 articles each.

    .venv/bin/python bench/pages_bench.py [--runs 30] [--target 10000]

Picks, in the generated archive (bench/generate.py), the person and the city whose
published article counts are nearest --target, then times their pages (first page and
page 5 of their articles) over HTTP from Gunicorn with production settings, and counts
the SQL queries each page needs. Prints p50/p95/p99 in milliseconds for repeated views,
and the first view after the page's cached aggregates expire (cold).
"""

from __future__ import annotations

import argparse

from _setup import django_setup, gunicorn, percentile, time_get


def nearest(target: int) -> tuple[str, int, str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.slug, count(*) FROM articles_article_people m "
            "JOIN articles_person p ON p.id = m.person_id GROUP BY p.slug "
            "ORDER BY abs(count(*) - %s) LIMIT 1",
            [target],
        )
        person, person_count = cursor.fetchone()
        cursor.execute(
            "SELECT p.slug, count(*) FROM articles_article_places m "
            "JOIN articles_place p ON p.id = m.place_id WHERE p.kind = 'city' GROUP BY p.slug "
            "ORDER BY abs(count(*) - %s) LIMIT 1",
            [target],
        )
        place, place_count = cursor.fetchone()
    return person, person_count, place, place_count


def query_count(url: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        Client(HTTP_HOST="localhost").get(url)
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--target", type=int, default=10_000)
    options = parser.parse_args()
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    person, person_count, place, place_count = nearest(options.target)
    pages = {
        f"person ({person_count:,} articles)": f"/people/{person}/",
        "person, page 5": f"/people/{person}/?page=5",
        f"place ({place_count:,} articles)": f"/places/{place}/",
        "place, page 5": f"/places/{place}/?page=5",
    }
    counts = {name: query_count(url) for name, url in pages.items()}
    from django.core.cache import cache

    with gunicorn() as base:
        timings = {name: time_get(base + url, options.runs) for name, url in pages.items()}
        cold = {}
        for name, url in pages.items():  # the first view after the cached profile expired
            cold[name] = []
            for _ in range(5):
                cache.clear()
                cold[name] += time_get(base + url, 1, warm_up=False)
    print(f"{'page':32} {'queries':>7} {'p50':>7} {'p95':>7} {'p99':>7}  ms, {options.runs} runs")
    for name, times in timings.items():
        print(
            f"{name:32} {counts[name]:7} {percentile(times, 50):7.1f} "
            f"{percentile(times, 95):7.1f} {percentile(times, 99):7.1f}"
        )
    every = [t for times in timings.values() for t in times]
    print(f"{'all pages':32} {'':7} {percentile(every, 50):7.1f} {percentile(every, 95):7.1f} "
          f"{percentile(every, 99):7.1f}")  # fmt: skip
    print("\nCold: the first view after the page's cached aggregates expired (every 10 minutes)")
    for name, times in cold.items():
        print(f"{name:32} {'':7} {percentile(times, 50):7.1f} {max(times):7.1f} (max)")


if __name__ == "__main__":
    main()
