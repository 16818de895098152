"""Load: Gunicorn with production settings, driven from a second process on loopback.

    DATABASE_URL=... .venv/bin/python bench/generate.py --articles 100000     # once
    DATABASE_URL=... .venv/bin/python bench/load_bench.py [--seconds 20] [--concurrency 16]

Serves the archive with Gunicorn (production settings, rate limits off, --workers N) and
drives it from a separate process: an asyncio HTTP/1.1 client with C connections, bounded
by --seconds and --max-requests per phase. One phase per kind of page (home, article,
search, person, place), each over many different addresses, then a mixed phase. Prints
requests/s, p50/p95/p99 and errors per phase, and each Gunicorn worker's memory (RSS).
Targets on these 2 cores: no errors; article and person pages >= 300 req/s; search >= 100
req/s; under 150 MB per worker.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import time
import urllib.parse
from collections import Counter

import psutil
from _setup import django_setup, gunicorn, percentile


def addresses(seed: int, count: int) -> dict[str, list[str]]:
    """Many different addresses of each kind, from the archive itself."""
    from django.db.models import Count

    from articles.models import Article, Person, Place

    rng = random.Random(seed)
    newest = list(Article.objects.published().order_by("-id")[: count * 4])
    articles = [a.get_absolute_url() for a in rng.sample(newest, min(count, len(newest)))]
    people = list(
        Person.objects.filter(article_count__gt=0).order_by("-article_count")[: count * 2]
    )
    places = list(
        Place.objects.annotate(n=Count("articles")).filter(n__gt=0).order_by("-n")[:count]
    )
    words = []
    for article in rng.sample(newest, min(200, len(newest))):
        words += [w for w in article.headline.split() if w.isalpha() and len(w) > 4][:2]
    searches = [f"/search/?{urllib.parse.urlencode({'q': w})}" for w in words[:count]]
    return {
        "home": ["/", *[f"/?page={n}" for n in range(2, 6)]],
        "article": articles,
        "search": searches,
        "person": [p.get_absolute_url() for p in rng.sample(people, min(count, len(people)))],
        "place": [p.get_absolute_url() for p in places],
    }


async def _one(host: str, port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode()
        )
        status_line = await reader.readline()
        status = int(status_line.split()[1])
        await reader.read()  # to the end: the server closes the connection
    finally:
        writer.close()
    return status, (time.perf_counter() - started) * 1000


async def _drive(
    base: str, paths: list[str], seconds: float, limit: int, concurrency: int, zipf: float
):
    parts = urllib.parse.urlsplit(base)
    host, port = parts.hostname, parts.port
    times: list[float] = []
    statuses: Counter[int] = Counter()
    deadline = time.monotonic() + seconds
    sent = 0

    async def connection(worker: int) -> None:
        nonlocal sent
        rng = random.Random(worker)
        weights = [1 / (rank + 1) ** zipf for rank in range(len(paths))]
        while time.monotonic() < deadline and sent < limit:
            sent += 1
            try:
                status, took = await _one(host, port, rng.choices(paths, weights)[0])
            except (OSError, ValueError, IndexError):
                status, took = 599, 0.0
            statuses[status] += 1
            times.append(took)

    started = time.perf_counter()
    await asyncio.gather(*(connection(i) for i in range(concurrency)))
    return times, statuses, time.perf_counter() - started


def _phase(args) -> tuple[list[float], Counter, float]:
    """Runs in the second process."""
    return asyncio.run(_drive(*args))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-cache", action="store_true", help="switch the page cache off")
    parser.add_argument("--addresses", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--zipf",
        type=float,
        default=1.0,
        help="popularity skew of the addresses: 0 = uniform, 1 = Zipf (as real traffic)",
    )
    options = parser.parse_args()
    django_setup()
    from articles.models import Article

    urls = addresses(options.seed, options.addresses)
    print(
        f"Archive: {Article.objects.count():,} articles; Gunicorn {options.workers} workers "
        f"x {options.threads} threads; "
        f"{options.concurrency} connections; {options.seconds:g} s per phase; "
        f"popularity Zipf s={options.zipf:g}"
    )
    phases = [(kind, paths) for kind, paths in urls.items()]
    phases.append(("mixed", [p for paths in urls.values() for p in paths]))
    driver = multiprocessing.get_context("spawn").Pool(1)
    with gunicorn(options.workers, options.threads, page_cache=not options.no_cache) as base:
        port = base.rsplit(":", 1)[1]
        master = next(p for p in psutil.Process().children() if port in " ".join(p.cmdline()))
        # Start every worker and its database connection (the pages' caches stay cold).
        driver.apply(_phase, ((base, ["/healthz"], 3, 2_000, options.concurrency, 0.0),))
        print(
            f"\n{'phase':<8} {'addresses':>9} {'requests':>9} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7}  errors"
        )
        for kind, paths in phases:
            times, statuses, elapsed = driver.apply(
                _phase,
                (
                    (
                        base,
                        paths,
                        options.seconds,
                        options.max_requests,
                        options.concurrency,
                        options.zipf,
                    ),
                ),
            )
            errors = {code: n for code, n in statuses.items() if code != 200}
            print(
                f"{kind:<8} {len(paths):>9} {len(times):>9} {len(times) / elapsed:8.1f} "
                f"{percentile(times, 50):7.1f} {percentile(times, 95):7.1f} "
                f"{percentile(times, 99):7.1f}  {errors or 'none'}"
            )
        rss = sorted(p.memory_info().rss / 2**20 for p in master.children())
        print(f"\nWorker memory (RSS, MB): {', '.join(f'{r:.0f}' for r in rss)}")
    driver.close()


if __name__ == "__main__":
    main()
