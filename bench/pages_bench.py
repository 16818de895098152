"""Readers' pages at scale: home, an article, a writer, searches, and a person and a place
with about 10,000 articles each.

    .venv/bin/python bench/pages_bench.py [--runs 30] [--target 10000]

Picks, in the generated archive (bench/generate.py), the person and the city whose
published article counts are nearest --target, the newest article, its writer, then times
each page over HTTP from Gunicorn with production settings (the whole-page cache off), and
counts the SQL queries each page needs. Prints p50/p95/p99 in milliseconds for repeated
views; then, for the pages with cached figures, the first view after they expire (they are
served stale and recomputed after the response, articles/stale.py) and the first view with
none cached at all (after a cache clear: a new deploy's first reader).
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


def expire_all(cache) -> None:
    """Age every stale-while-revalidate entry (articles/stale.py) past its freshness."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM newsroom_cache")
        keys = [key.split(":", 2)[-1] for (key,) in cursor.fetchall()]
    for key in keys:
        entry = cache.get(key)
        if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], float):
            cache.set(key, (0.0, entry[1]), 3600)


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
    from articles.models import Article
    from articles.writers import writer_names, writer_slug

    newest = Article.objects.published().first()
    writer = writer_slug(writer_names(newest.byline)[0])
    word = newest.headline.split()[-1].lower()  # a generated word, most of middling frequency
    cached_pages = {
        f"person ({person_count:,} articles)": f"/people/{person}/",
        f"place ({place_count:,} articles)": f"/places/{place}/",
        "home": "/",
        "article": newest.get_absolute_url(),
    }
    pages = {
        **cached_pages,
        "person, page 5": f"/people/{person}/?page=5",
        "place, page 5": f"/places/{place}/?page=5",
        "home, page 5": "/?page=5",
        f"writer {writer}": f"/writers/{writer}/",
        "search: common word": "/search/?q=government",
        "search: two words": "/search/?q=minister+market",
        "search: rare word, dated": f"/search/?q={word}&from=2000-01-01&to=2000-12-31",
        "search: person, no words": f"/search/?person={person}",
    }
    counts = {name: query_count(url) for name, url in pages.items()}
    from django.core.cache import cache

    with gunicorn() as base:
        timings = {name: time_get(base + url, options.runs) for name, url in pages.items()}
        expired, cold = {}, {}
        for name, url in cached_pages.items():
            expired[name], cold[name] = [], []
            for _ in range(5):
                time_get(base + url, 1)  # cached, and fresh
                expire_all(cache)
                expired[name] += time_get(base + url, 1, warm_up=False)
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
    print("\nThe first view after the cached figures expired (every 10 minutes): p50, max")
    for name, times in expired.items():
        print(f"{name:32} {'':7} {percentile(times, 50):7.1f} {max(times):7.1f} (max)")
    print("\nThe first view with nothing cached (after a cache clear): p50, max")
    for name, times in cold.items():
        print(f"{name:32} {'':7} {percentile(times, 50):7.1f} {max(times):7.1f} (max)")


if __name__ == "__main__":
    main()
