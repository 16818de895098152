"""How close the search's first page is to ranking every match, and how fast it is.

    .venv/bin/python bench/generate.py --articles 1000000          # once
    .venv/bin/python bench/search_fidelity.py [--runs 5]

A fidelity mix of queries: single words from the commonest down to one in 0.5% of articles
(chosen from PostgreSQL's statistics of the archive), two common words, a common and a
rare word, a phrase, OR; each alone and with a person, a place and a date range. For each,
the page's top 10 (`run_search`, articles) is compared with the top 10 of ranking every
match by the same function (`exhaustive_article_ids`: slow, scores every match), as an
overlap out of 10, and the search is timed (median of --runs, database statements only
and the whole call).
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from _setup import QueryClock, django_setup, percentile


def words_by_share() -> list[tuple[str, float]]:
    """(lexeme, share of articles) of the archive's most common lexemes, commonest first."""
    from articles.search.estimates import vector_stats

    stats = vector_stats(["articles_article"])["articles_article"]
    if stats is None:
        raise SystemExit("No statistics: run ANALYZE articles_article (generate.py does).")
    return sorted(stats.frequencies.items(), key=lambda item: -item[1])


def fidelity_mix() -> list[tuple[str, dict]]:
    from articles.models import Person, Place

    shares = [(w, s) for w, s in words_by_share() if w.isalpha() and len(w) > 2]

    def near(share: float) -> str:
        return min(shares, key=lambda item: abs(item[1] - share))[0]

    commonest = shares[0][0]
    second = shares[1][0]
    queries = [
        ("commonest word", {"q": commonest}),
        ("word in ~50%", {"q": near(0.5)}),
        ("word in ~20%", {"q": near(0.2)}),
        ("word in ~5%", {"q": near(0.05)}),
        ("word in ~1%", {"q": near(0.01)}),
        ("word in ~0.5%", {"q": near(0.005)}),
        ("two common words", {"q": f"{second} {near(0.3)}"}),
        ("common and rare", {"q": f"{commonest} {near(0.005)}"}),
        ("phrase", {"q": f'"{shares[2][0]} {shares[3][0]}"'}),
        ("OR", {"q": f"{near(0.02)} OR {near(0.01)}"}),
    ]
    person = Person.objects.order_by("-article_count").values_list("slug", flat=True)[20]
    place = Place.objects.filter(kind="country").order_by("-article_count")
    place = place.values_list("slug", flat=True)[3]
    dates = {"from": date(1990, 1, 1).isoformat(), "to": date(1994, 12, 31).isoformat()}
    mix = []
    for label, query in queries:
        mix.append((label, query))
        mix.append((f"{label} + person", {**query, "person": person}))
        mix.append((f"{label} + place", {**query, "place": place}))
        mix.append((f"{label} + dates", {**query, **dates}))
    return mix


def params_of(query: dict):
    from articles.forms import SearchForm

    form = SearchForm({**query, "kind": "articles"})
    form.is_valid()
    return form.params()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    django_setup()
    from articles.search import exhaustive_article_ids, run_search

    clock = QueryClock()
    overlaps, db_ms, call_ms = [], [], []
    print(f"{'query':34} {'overlap':>7} {'db p50':>8} {'call p50':>9} {'exhaustive':>10}")
    for label, query in fidelity_mix():
        params = params_of(query)
        started = time.perf_counter()
        best = exhaustive_article_ids(params, 10)
        exhaustive = time.perf_counter() - started
        runs_db, runs_call, page = [], [], []
        for _ in range(options.runs):
            started = time.perf_counter()
            with clock.measure():
                results = run_search(params, 1, rows=False)
            runs_call.append((time.perf_counter() - started) * 1000)
            runs_db.append(clock.ms)
            page = list(results.page.object_list)[:10]
        overlap = len(set(page) & set(best)) if best else 10
        if len(best) < 10:  # fewer matches than a page: all of them must be there
            overlap = round(10 * len(set(page) & set(best)) / max(1, len(best)))
        overlaps.append(overlap)
        db_ms.append(statistics.median(runs_db))
        call_ms.append(statistics.median(runs_call))
        shown = f"{label}: {query['q']}"[:34]
        print(
            f"{shown:34} {overlap:>5}/10 {db_ms[-1]:>7.1f} {call_ms[-1]:>8.1f}"
            f" {exhaustive * 1000:>8.0f} ms",
            flush=True,
        )
    print(
        f"\n{len(overlaps)} queries: overlap median {statistics.median(overlaps)}/10, "
        f"worst {min(overlaps)}/10; database p50 {percentile(db_ms, 50):.1f} ms, "
        f"p95 {percentile(db_ms, 95):.1f} ms; whole call p95 {percentile(call_ms, 95):.1f} ms"
    )


if __name__ == "__main__":
    main()
