"""The slowest shapes of search, beyond the fixed mix of search_bench.py.

    .venv/bin/python bench/search_sweep.py [--over 100] [--top 25]

Runs every combination of a word (common to unknown, a phrase, OR, an exclusion), a filter
(none, a person, a place, dates, a source and pairs of them) and a view (relevance, newest,
oldest, one kind, page 50) on the synthetic archive of generate.py (same --seed), twice
each, and prints the database part of the slowest, best of the two runs. A shape past the
issue's worst-query target (300 ms) is one to look into: this is how the source filter's
3.5 s was found.
"""

from __future__ import annotations

import argparse
import itertools

from _setup import QueryClock, django_setup


def shapes(seed: int) -> tuple[dict, dict, dict]:
    from generate import SOURCES, World

    world = World(seed)
    words = world.vocabulary

    def slug(index: int) -> str:
        return f"{'-'.join(world.people[index].lower().split())}-{index + 1}"

    texts = {
        "said": "said",
        "top-5 word": words[5],
        "word 100": words[100],
        "word 2000": words[2000],
        "rare word": words[60_000],
        "unknown word": "zzyzxqq",
        "phrase": f'"{words[1]} {words[2]}"',
        "OR": f"{words[3]} OR {words[60_000]}",
        "exclusion": f"said -{words[5]}",
    }
    filters = {
        "no filter": {},
        "person": {"person": slug(19)},
        "rare person": {"person": slug(40_000)},
        "country": {"place": world.countries[2].lower()},
        "five years": {"from": "1990-01-01", "to": "1994-12-31"},
        "one day": {"from": "2001-03-04", "to": "2001-03-04"},
        "future": {"from": "2030-01-01"},
        "source": {"source": SOURCES[3]},
        "unknown source": {"source": "Nowhere Courier"},
        "person, ten years": {"person": slug(19), "from": "2000-01-01", "to": "2009-12-31"},
        "country, source": {"place": world.countries[2].lower(), "source": SOURCES[2]},
    }
    views = {
        "relevance": {},
        "newest": {"sort": "newest"},
        "oldest": {"sort": "oldest"},
        "quotes": {"kind": "quotes"},
        "photos": {"kind": "photos"},
        "page 50": {"page": "50"},
    }
    return texts, filters, views


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--over", type=float, default=100.0, help="list shapes slower (ms)")
    parser.add_argument("--top", type=int, default=25)
    options = parser.parse_args()
    django_setup()
    from search_bench import params_of

    from articles.search import run_search

    clock = QueryClock()

    texts, filters, views = shapes(options.seed)
    timings = []
    for (text, q), (name, filter_), (view, extra) in itertools.product(
        texts.items(), filters.items(), views.items()
    ):
        query = {"q": q, **filter_, **extra}
        params = params_of(query)
        runs = []
        for _ in range(2):
            with clock.measure():
                run_search(params, query.get("page", 1))
            runs.append(clock.ms)
        timings.append((min(runs), text, name, view))
    timings.sort(reverse=True)
    slow = [t for t in timings if t[0] > options.over]
    print(f"{len(timings)} shapes; {len(slow)} over {options.over:g} ms; the slowest:")
    for ms, text, name, view in slow[: options.top]:
        print(f"{ms:8.1f} ms  {text:12} {name:18} {view}")


if __name__ == "__main__":
    main()
