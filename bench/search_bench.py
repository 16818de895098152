"""Search speed on a synthetic archive, against tantivy on the same documents.

    .venv/bin/python bench/generate.py --articles 1000000          # once
    .venv/bin/python bench/search_bench.py [--runs 7] [--no-http] [--no-tantivy]

Runs a fixed query mix (built from the generator's invented world, same --seed) three ways,
in one run, each query --runs times, and prints medians and p50/p95/p99:
- the database part: every SQL statement `run_search` sends, timed by Django's execute
  wrapper (plus the whole `run_search` call, Python included);
- the whole page over HTTP from Gunicorn (2 workers, production settings) on loopback;
- tantivy (BM25) on the same articles, top 20 with the same filters, and our time over theirs.
A few queries outside the mix (the source filter) are timed too and printed apart.
"""

from __future__ import annotations

import argparse
import shutil
import time
import urllib.parse
from datetime import date

import numpy as np
from _setup import BASE_DIR, QueryClock, django_setup, gunicorn, percentile, time_get

TANTIVY_DIR = BASE_DIR / "var" / "bench-tantivy"


def query_mix(seed: int) -> list[tuple[str, dict]]:
    from generate import World

    world = World(seed)
    vocabulary = world.vocabulary
    person_p = np.diff(np.concatenate([[0.0], world.person_cdf]))
    surname_weight: dict[str, float] = {}
    for name, p in zip(world.people, person_p, strict=True):
        surname = name.split()[-1]
        surname_weight[surname] = surname_weight.get(surname, 0.0) + p
    rare_surname = min(surname_weight, key=surname_weight.get)
    popular_person = f"{'-'.join(world.people[19].lower().split())}-20"
    country = world.countries[5]
    return [
        ("rare name", {"q": rare_surname}),
        ("commonest word", {"q": "said"}),
        ("top-10 country", {"q": country}),
        ("two words", {"q": f"{vocabulary[500]} {vocabulary[2000]}"}),
        ("phrase", {"q": f'"{vocabulary[1]} {vocabulary[2]}"'}),
        ("OR", {"q": f"{vocabulary[3000]} OR {vocabulary[4000]}"}),
        ("person filter", {"q": "said", "person": popular_person}),
        ("place filter", {"q": vocabulary[100], "place": world.countries[2].lower()}),
        ("date range", {"q": vocabulary[50], "from": "1990-01-01", "to": "1994-12-31"}),
        ("newest, rare term", {"q": vocabulary[60_000], "sort": "newest"}),
        ("page 5", {"q": "government", "page": "5"}),
    ]


def extra_queries(seed: int) -> list[tuple[str, dict]]:
    """Queries outside the issue's mix, timed and printed apart from its percentiles: the
    source filter (a facet click away), which the mix leaves out and which once took
    seconds."""
    from generate import SOURCES, World

    vocabulary = World(seed).vocabulary
    return [
        ("source filter", {"q": "said", "source": SOURCES[0]}),
        ("unknown source", {"q": "said", "source": "Nowhere Courier"}),
        ("word and source", {"q": vocabulary[100], "source": SOURCES[1]}),
    ]


def params_of(query: dict):
    from articles.forms import SearchForm

    form = SearchForm(query)
    form.is_valid()
    return form.params()


def database_part(mix, runs: int) -> dict[str, dict[str, list[float]]]:
    from articles.search import run_search

    timings: dict[str, dict[str, list[float]]] = {}
    clock = QueryClock()

    for name, query in mix:
        params = params_of(query)
        db, total = [], []
        for _ in range(runs):
            started = time.perf_counter()
            with clock.measure():
                results = run_search(params, query.get("page", 1))
                list(results.page.object_list)
            total.append((time.perf_counter() - started) * 1000)
            db.append(clock.ms)
        timings[name] = {"db": db, "total": total, "count": [results.counts["articles"]]}
    return timings


def http_part(mix, runs: int) -> dict[str, list[float]]:
    with gunicorn() as base:
        return {
            name: time_get(f"{base}/search/?{urllib.parse.urlencode(query)}", runs)
            for name, query in mix
        }


def tantivy_index():
    import tantivy
    from django.db import connection

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("headline", stored=False, tokenizer_name="en_stem")
    builder.add_text_field("standfirst", stored=False, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=False, tokenizer_name="en_stem")
    builder.add_text_field("person", stored=False, tokenizer_name="raw")
    builder.add_text_field("place", stored=False, tokenizer_name="raw")
    builder.add_text_field("source", stored=False, tokenizer_name="raw")
    builder.add_date_field("published", stored=False, indexed=True, fast=True)
    schema = builder.build()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article WHERE status = 'published'")
        articles = cursor.fetchone()[0]
    marker = TANTIVY_DIR / f"articles-{articles}"
    if marker.exists():
        return tantivy.Index(schema, path=str(TANTIVY_DIR)), schema, 0.0
    shutil.rmtree(TANTIVY_DIR, ignore_errors=True)
    TANTIVY_DIR.mkdir(parents=True)
    index = tantivy.Index(schema, path=str(TANTIVY_DIR))
    writer = index.writer(heap_size=1_000_000_000, num_threads=2)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id, a.headline, a.standfirst, a.body, a.source, a.published_at, "
            "array(SELECT p.slug FROM articles_article_people m JOIN articles_person p "
            "ON p.id = m.person_id WHERE m.article_id = a.id), "
            "array(SELECT p.slug FROM articles_article_places m JOIN articles_place p "
            "ON p.id = m.place_id WHERE m.article_id = a.id) "
            "FROM articles_article a WHERE a.status = 'published'"
        )
        while rows := cursor.fetchmany(5_000):
            for id_, headline, standfirst, body, source, published, people, places in rows:
                doc = tantivy.Document(
                    id=id_, headline=headline, standfirst=standfirst, body=body,
                    source=source.lower(), published=published,
                )  # fmt: skip
                for slug in people:
                    doc.add_text("person", slug)
                for slug in places:
                    doc.add_text("place", slug)
                writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    marker.touch()
    return tantivy.Index(schema, path=str(TANTIVY_DIR)), schema, time.perf_counter() - started


def tantivy_part(mix, runs: int) -> tuple[dict[str, list[float]], float]:
    import tantivy

    from articles.search import place_and_descendants

    index, schema, build_seconds = tantivy_index()
    index.reload()
    searcher = index.searcher()
    timings = {}
    for name, query in mix:
        params = params_of(query)
        text_query = index.parse_query(
            params.text, ["headline", "standfirst", "body"], {"headline": 3.0, "standfirst": 2.0}
        )
        clauses = [(tantivy.Occur.Must, text_query)]
        if params.person:
            clauses.append(
                (tantivy.Occur.Must, tantivy.Query.term_query(schema, "person", params.person.slug))
            )
        if params.place:
            from articles.models import Place

            slugs = Place.objects.filter(pk__in=place_and_descendants(params.place)).values_list(
                "slug", flat=True
            )
            places = [
                (tantivy.Occur.Should, tantivy.Query.term_query(schema, "place", s)) for s in slugs
            ]
            clauses.append((tantivy.Occur.Must, tantivy.Query.boolean_query(places)))
        if params.date_from or params.date_to:
            from datetime import datetime

            low = datetime.combine(params.date_from or date(1, 1, 1), datetime.min.time())
            high = datetime.combine(params.date_to or date(9999, 12, 31), datetime.max.time())
            clauses.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.range_query(
                        schema, "published", tantivy.FieldType.Date, low, high
                    ),
                )
            )
        final = tantivy.Query.boolean_query(clauses)
        offset = (int(query.get("page", 1)) - 1) * 20
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            if params.sort == "newest":
                result = searcher.search(
                    final, 20, count=True, order_by_field="published", offset=offset
                )
            else:
                result = searcher.search(final, 20, count=True, offset=offset)
            result.hits  # noqa: B018
            times.append((time.perf_counter() - started) * 1000)
        timings[name] = times
    return timings, build_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--no-tantivy", action="store_true")
    options = parser.parse_args()
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article")
        articles = cursor.fetchone()[0]
    print(f"Archive: {articles:,} articles; {options.runs} runs per query; medians in ms")
    mix = query_mix(options.seed)
    database_part(mix, 1)  # warm caches once
    db = database_part(mix, options.runs)
    http = {} if options.no_http else http_part(mix, options.runs)
    theirs, build = ({}, 0.0) if options.no_tantivy else tantivy_part(mix, options.runs)
    if build:
        print(f"(tantivy index built in {build:.0f} s)")

    header = f"{'query':20} {'articles':>9} {'db':>8} {'search':>8} {'page':>8} {'tantivy':>8} {'db/tv':>7}"
    print(header)
    for name, _ in mix:
        ours = np.median(db[name]["db"])
        row = (
            f"{name:20} {db[name]['count'][0]:>9,} {ours:8.1f} {np.median(db[name]['total']):8.1f}"
        )
        row += f" {np.median(http[name]):8.1f}" if http else f" {'-':>8}"
        if theirs:
            tv = np.median(theirs[name])
            row += f" {tv:8.2f} {ours / tv:7.0f}"
        print(row)

    extra = database_part(extra_queries(options.seed), options.runs)
    print("\nOutside the mix (database part only, not in the percentiles below):")
    for name, timing in extra.items():
        print(f"{name:20} {timing['count'][0]:>9,} {np.median(timing['db']):8.1f}")

    def summary(label: str, values: list[float]) -> None:
        print(
            f"{label:28} p50 {percentile(values, 50):7.1f}  p95 {percentile(values, 95):7.1f}  "
            f"p99 {percentile(values, 99):7.1f}  max {max(values):7.1f} ms"
        )

    print()
    summary("database part, all runs", [t for v in db.values() for t in v["db"]])
    summary("run_search (Python too)", [t for v in db.values() for t in v["total"]])
    if http:
        summary("whole page over HTTP", [t for v in http.values() for t in v])
    if theirs:
        summary("tantivy", [t for v in theirs.values() for t in v])


if __name__ == "__main__":
    main()
