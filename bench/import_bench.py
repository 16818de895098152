"""Import speed and memory: JSON Lines through import_articles, against loaddata.

    .venv/bin/python bench/import_bench.py [--articles 5000]

Writes --articles invented articles (bench/generate.py's world) as JSON Lines, imports them
into a fresh scratch database with `manage.py import_articles` (timed, peak memory of the
process), dumps them as a Django fixture, and loads that fixture into an emptied database
with `manage.py loaddata`, timed the same way, side by side in one run.

The scratch database: a fresh embedded PostgreSQL in var/import-bench-pgdata, or, with
BENCH_DATABASE_URL set, that database (emptied first).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time

import numpy as np
from _setup import BASE_DIR
from generate import BODY_WORDS, PARAGRAPHS, SOURCES, START, World, words


def write_jsonl(path, count: int, seed: int) -> None:
    world = World(seed)
    rng = np.random.default_rng(seed)
    with open(path, "w", encoding="utf-8") as out:
        for i in range(count):
            body_idx = np.searchsorted(world.word_cdf, rng.random(BODY_WORDS))
            per = BODY_WORDS // PARAGRAPHS
            body = [
                words(world, body_idx[k * per : (k + 1) * per]).capitalize() + "."
                for k in range(PARAGRAPHS)
            ]
            people = sorted(
                {world.people[int(p)] for p in np.searchsorted(world.person_cdf, rng.random(3))}
            )
            country = world.countries[int(np.searchsorted(world.country_cdf, rng.random()))]
            published = START.replace(year=1980 + i % 40)
            line = {
                "headline": words(world, np.searchsorted(world.word_cdf, rng.random(9))).capitalize(),
                "published_at": published.isoformat(),
                "source": SOURCES[i % len(SOURCES)],
                "url": f"https://example.org/bench/{i}",
                "body": body,
                "quotes": [{"text": body[1][:120], "speaker": people[0], "paragraph": 2}],
                "photos": [
                    {"caption": f"{people[-1]} in {country}.", "credit": f"{world.photographers[i % 400]}/NWP",
                     "photographer": world.photographers[i % 400], "distributor": "NWP", "pool": False,
                     "handout": False, "people": [people[-1]], "place": country, "taken_on": ""}
                ],
                "people": people,
                "places": [country],
            }  # fmt: skip
            out.write(json.dumps(line) + "\n")


def manage(env: dict, *args: str) -> tuple[float, float]:
    """Run manage.py in a child; (seconds, peak RSS of children in MB so far)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--no-loaddata",
        action="store_true",
        help="import only (for the memory check on a large file: loaddata would take hours)",
    )
    options = parser.parse_args()
    work = BASE_DIR / "var" / "import-bench"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = {**os.environ, "NEWSROOM_BOOTSTRAP": "0"}
    env.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        env["EMBEDDED_PGDATA"] = str(work / "pgdata")
    lines = work / "articles.jsonl"
    write_jsonl(lines, options.articles, options.seed)
    size = lines.stat().st_size / 1e6
    manage(env, "migrate", "-v0")
    manage(env, "flush", "--noinput")
    imported, rss = manage(env, "import_articles", str(lines))
    n = options.articles
    print(f"{n:,} articles, {size:.1f} MB of JSON Lines")
    print(
        f"import_articles: {imported:6.1f} s  {n / imported:7.0f} articles/s  (peak RSS {rss:.0f} MB)"
    )
    if options.no_loaddata:
        return
    again, _ = manage(env, "import_articles", str(lines))
    fixture = work / "fixture.json"
    with open(fixture, "w") as out:
        subprocess.run([sys.executable, "manage.py", "dumpdata", "articles.person", "articles.place",
                        "articles.article", "articles.quote", "media_captions.photo",
                        "--natural-foreign", "--natural-primary"], cwd=BASE_DIR, env=env,
                       check=True, stdout=out)  # fmt: skip
    manage(env, "flush", "--noinput")
    loaded, _ = manage(env, "loaddata", str(fixture))
    print(f"  again, unchanged: {again:6.1f} s  {n / again:7.0f} articles/s")
    print(f"loaddata:        {loaded:6.1f} s  {n / loaded:7.0f} articles/s")
    print(f"import_articles / loaddata time: {imported / loaded:.2f}")


if __name__ == "__main__":
    main()
