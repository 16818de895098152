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

Database connections, side by side (--connections, a comma-separated list, each served by
a Gunicorn of its own, in turns, --runs times; medians over the runs):
    persistent  one connection per thread, kept CONN_MAX_AGE=60 s (the default)
    pool        DATABASE_POOL=1: psycopg_pool, --pool-min/--pool-max per worker process
    fresh       CONN_MAX_AGE=0 and no pool: a new connection for every request

    .venv/bin/python bench/load_bench.py --connections persistent,pool --runs 3 --phases mixed

A read replica, side by side with the primary alone (--replica-url, a streaming replica of
DATABASE_URL's server; kind `replica` reads from it through DATABASE_REPLICA_URLS, and
`replica-bounced` also stops it a third of the way into each phase and starts it again at
two thirds, with --replica-pgdata and --pg-ctl):

    .venv/bin/python bench/load_bench.py --connections persistent,replica,replica-bounced \
        --replica-url postgres://postgres@127.0.0.1:5433/newsroom_bench \
        --replica-pgdata /var/tmp/replica --pg-ctl /usr/lib/postgresql/15/bin/pg_ctl
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import random
import statistics
import subprocess
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Iterator

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


CONNECTIONS = {
    "persistent": {},  # the settings' own: CONN_MAX_AGE=60, no pool
    "pool": {"DATABASE_POOL": "1"},
    "fresh": {"CONN_MAX_AGE": "0"},
    "replica": {},  # DATABASE_REPLICA_URLS=--replica-url (set in connection_settings)
    "replica-bounced": {},  # the same, the replica stopped and started during each phase
}


@contextlib.contextmanager
def connection_settings(
    kind: str, pool_min: int, pool_max: int, replica_url: str = ""
) -> Iterator[None]:
    """The environment Gunicorn is started with (_setup.gunicorn copies os.environ)."""
    names = (
        "DATABASE_POOL",
        "DATABASE_POOL_MIN_SIZE",
        "DATABASE_POOL_MAX_SIZE",
        "CONN_MAX_AGE",
        "DATABASE_REPLICA_URLS",
    )
    saved = {name: os.environ.pop(name, None) for name in names}
    os.environ.update(CONNECTIONS[kind])
    if kind.startswith("replica"):
        os.environ["DATABASE_REPLICA_URLS"] = replica_url
    if kind == "pool":
        os.environ["DATABASE_POOL_MIN_SIZE"] = str(pool_min)
        os.environ["DATABASE_POOL_MAX_SIZE"] = str(pool_max)
    try:
        yield
    finally:
        for name, value in saved.items():
            os.environ.pop(name, None)
            if value is not None:
                os.environ[name] = value


def bounce_replica(options, seconds: float) -> None:
    """Stop the replica a third of the way into a phase, start it again at two thirds."""
    pg_ctl = [options.pg_ctl, "-D", options.replica_pgdata, "-w"]
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        pg_ctl = ["runuser", "-u", "postgres", "--", *pg_ctl]
    time.sleep(seconds / 3)
    subprocess.run([*pg_ctl, "stop", "-m", "fast"], check=True, capture_output=True)
    time.sleep(seconds / 3)
    subprocess.run([*pg_ctl, "-l", f"{options.replica_pgdata}/log", "start"], check=True,
                   capture_output=True)  # fmt: skip


def serve_and_measure(options, kind: str, phases, driver) -> tuple[dict, list[float]]:
    """One Gunicorn with these connection settings, every phase against it: per phase
    (req/s, p50, p95, p99, errors, requests), and the workers' memory."""
    results = {}
    with (
        connection_settings(
            kind,
            options.pool_min or options.threads,
            options.pool_max or options.threads,
            options.replica_url,
        ),
        gunicorn(options.workers, options.threads, page_cache=not options.no_cache) as base,
    ):
        port = base.rsplit(":", 1)[1]
        master = next(p for p in psutil.Process().children() if port in " ".join(p.cmdline()))
        # Start every worker and its database connection (the pages' caches stay cold).
        driver.apply(_phase, ((base, ["/healthz"], 3, 2_000, options.concurrency, 0.0),))
        for name, paths in phases:
            bounce = (
                threading.Thread(target=bounce_replica, args=(options, options.seconds))
                if kind == "replica-bounced"
                else None
            )
            if bounce:
                bounce.start()
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
            if bounce:
                bounce.join()
            errors = Counter({code: n for code, n in statuses.items() if code != 200})
            results[name] = (
                len(times) / elapsed,
                percentile(times, 50),
                percentile(times, 95),
                percentile(times, 99),
                errors,
                len(times),
            )
        rss = sorted(p.memory_info().rss / 2**20 for p in master.children())
    return results, rss


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
    parser.add_argument(
        "--connections",
        default="persistent",
        help="comma-separated: persistent (CONN_MAX_AGE), pool (DATABASE_POOL=1), fresh "
        "(a connection per request); several are measured side by side",
    )
    parser.add_argument("--runs", type=int, default=1, help="runs of each; medians are shown")
    parser.add_argument(
        "--phases",
        default="home,article,search,person,place,mixed",
        help="comma-separated phases to run",
    )
    parser.add_argument("--pool-min", type=int, default=0, help="pool min size (0: --threads)")
    parser.add_argument("--pool-max", type=int, default=0, help="pool max size (0: --threads)")
    parser.add_argument("--replica-url", default="", help="a streaming replica's URL")
    parser.add_argument("--replica-pgdata", default="", help="its data folder (to bounce it)")
    parser.add_argument("--pg-ctl", default="pg_ctl", help="the pg_ctl that runs it")
    options = parser.parse_args()
    kinds = [k.strip() for k in options.connections.split(",") if k.strip()]
    unknown = set(kinds) - set(CONNECTIONS)
    if unknown:
        parser.error(f"unknown --connections {', '.join(sorted(unknown))}")
    if any(k.startswith("replica") for k in kinds) and not options.replica_url:
        parser.error("--connections replica needs --replica-url")
    if "replica-bounced" in kinds and not options.replica_pgdata:
        parser.error("--connections replica-bounced needs --replica-pgdata")
    django_setup()
    from articles.models import Article

    urls = addresses(options.seed, options.addresses)
    urls["mixed"] = [p for paths in urls.values() for p in paths]
    wanted = [p.strip() for p in options.phases.split(",") if p.strip()]
    phases = [(name, urls[name]) for name in wanted]
    print(
        f"Archive: {Article.objects.count():,} articles; Gunicorn {options.workers} workers "
        f"x {options.threads} threads; "
        f"{options.concurrency} connections; {options.seconds:g} s per phase; "
        f"popularity Zipf s={options.zipf:g}; database connections: {', '.join(kinds)}; "
        f"{options.runs} run(s) each"
    )
    if "pool" in kinds:
        print(
            f"Pool per worker: min {options.pool_min or options.threads}, "
            f"max {options.pool_max or options.threads}"
        )
    driver = multiprocessing.get_context("spawn").Pool(1)
    measured: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    memory: dict[str, list[float]] = defaultdict(list)
    for run in range(options.runs):
        # In turns, the order reversed every other run, so neither always goes first.
        for kind in kinds if run % 2 == 0 else kinds[::-1]:
            results, rss = serve_and_measure(options, kind, phases, driver)
            for name, result in results.items():
                measured[kind][name].append(result)
            memory[kind] += rss
    driver.close()

    def median(rows: list, column: int) -> float:
        return statistics.median(row[column] for row in rows)

    def spread(rows: list) -> str:
        """The slowest and fastest run's req/s: how far apart the runs were."""
        rates = [row[0] for row in rows]
        return f"{min(rates):.1f}-{max(rates):.1f}"

    print(
        f"\n{'phase':<8} {'database':<16} {'addresses':>9} {'requests':>9} {'req/s':>8} "
        f"{'runs req/s':>13} {'p50':>7} {'p95':>7} {'p99':>7}  errors"
    )
    for name, paths in phases:
        for kind in kinds:
            rows = measured[kind][name]
            errors = sum((row[4] for row in rows), Counter())
            print(
                f"{name:<8} {kind:<16} {len(paths):>9} {round(median(rows, 5)):>9} "
                f"{median(rows, 0):8.1f} {spread(rows):>13} {median(rows, 1):7.1f} "
                f"{median(rows, 2):7.1f} "
                f"{median(rows, 3):7.1f}  {dict(errors) or 'none'}"
            )
    for kind in kinds:
        print(
            f"\nWorker memory with {kind} connections (RSS, MB): "
            f"{', '.join(f'{r:.0f}' for r in memory[kind])}"
        )


if __name__ == "__main__":
    main()
