"""Raw wire copy in, end to end: articles a second through `import_articles` (extraction
included) into an archive that already holds 100,000 people, and the extraction's own time
per story on one core.

    .venv/bin/python bench/ingest_bench.py [--articles 10000] [--people 100000] [--runs 3]

The stories are real (../shared/corpus/wikinews, CC BY 2.5), each of about 400 words (a
story, or two short ones run together), written as raw wire copy with a header of their
own (headline, date, URL: every file a new article). The people already in the archive are
invented (a given name from the extraction's list and a made-up surname), one in ten
confirmed. The scratch database is a fresh embedded PostgreSQL in var/ingest-bench, or, with
BENCH_DATABASE_URL set, that database (emptied first).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time

from _setup import BASE_DIR, django_setup
from corpus import stories

WORDS = 400


def story_texts(count: int) -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of about WORDS words each, `count` of them (cycling the corpus)."""
    pool = [s for s in stories() if len(s.paragraphs) > 1]
    texts = []
    i = 0
    while len(texts) < count:
        title, paragraphs = pool[i % len(pool)].title, list(pool[i % len(pool)].paragraphs)
        i += 1
        while sum(len(p.split()) for p in paragraphs) < WORDS * 0.8:
            paragraphs += list(pool[i % len(pool)].paragraphs)
            i += 1
        kept, n = [], 0
        for p in paragraphs:
            if n >= WORDS:
                break
            kept.append(p)
            n += len(p.split())
        texts.append((title, kept))
    return texts


def write_wire(folder, texts) -> None:
    folder.mkdir(parents=True)
    for n, (title, paragraphs) in enumerate(texts):
        header = (
            f"Headline: {title}\nDate: 2020-{1 + n % 12:02d}-{1 + n % 28:02d}\n"
            f"Source: Wikinews\nURL: https://bench.example/wire/{n}\n"
        )
        (folder / f"{n:06d}.txt").write_text(header + "\n" + "\n\n".join(paragraphs) + "\n")


def extraction_ms(texts) -> list[float]:
    """Milliseconds of parse + extraction for each story (the reader's share of the work)."""
    from articles.ingest.extraction import extract

    extract(texts[0][1])  # word lists and gazetteer loaded outside the timing
    times = []
    for _, paragraphs in texts:
        started = time.perf_counter()
        extract(paragraphs)
        times.append((time.perf_counter() - started) * 1000)
    return times


def seed_people(env: dict, count: int) -> None:
    """`count` invented people (one in ten confirmed), written with COPY."""
    code = f"""
import random
from django.db import connection
from articles.ingest.lexicon import given_names
rng = random.Random(5)
given = sorted(n.title() for n in given_names() if n.isalpha())
syllables = ["ka", "lo", "mer", "vin", "dra", "tol", "sen", "pa", "rik", "zu", "bel", "nor"]
with connection.cursor() as cursor, cursor.copy(
    "COPY articles_person (name, slug, aliases, description, confirmed) FROM STDIN"
) as copy:
    for i in range({count}):
        surname = "".join(rng.choice(syllables) for _ in range(3)).title()
        name = f"{{rng.choice(given)}} {{surname}}"
        copy.write_row((name, f"bench-person-{{i}}", [], "", i % 10 == 0))
"""
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=BASE_DIR, env=env,
                   check=True)  # fmt: skip


def manage(env: dict, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="imports timed (median printed)")
    options = parser.parse_args()
    random.seed(3)
    work = BASE_DIR / "var" / "ingest-bench"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = {**os.environ, "NEWSROOM_BOOTSTRAP": "0"}
    env.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        env["EMBEDDED_PGDATA"] = str(work / "pgdata")

    texts = story_texts(options.articles)
    words = statistics.mean(sum(len(p.split()) for p in t[1]) for t in texts)
    os.environ.setdefault("EMBEDDED_PGDATA", str(work / "pgdata"))
    django_setup()
    times = extraction_ms(texts)
    print(f"{len(texts):,} stories of {words:.0f} words on average (real Wikinews text)")
    print(
        f"extraction per story, one core: median {statistics.median(times):.2f} ms, "
        f"p95 {sorted(times)[int(len(times) * 0.95)]:.2f} ms"
    )
    write_wire(work / "wire", texts)
    seconds = []
    for run in range(options.runs):
        manage(env, "migrate", "-v0")
        manage(env, "flush", "--noinput")
        seed_people(env, options.people)
        seconds.append(manage(env, "import_articles", str(work / "wire")))
        print(f"  run {run + 1}: {len(texts) / seconds[-1]:,.0f} articles/s")
    median = statistics.median(seconds)
    print(
        f"import_articles, raw wire copy into {options.people:,} people: "
        f"median {median:.1f} s, {len(texts) / median:,.0f} articles/s"
    )


if __name__ == "__main__":
    main()
