"""Build a synthetic archive of N articles, deterministic from a seed, through COPY.

    .venv/bin/python bench/generate.py --articles 1000000 [--seed 7] [--workers 2]

Everything is invented: pseudo-words drawn from a Zipf(1.05) vocabulary of 100,000 words
(with a few real English words such as "said" at the top), people with made-up names and
made-up countries and cities, so no real person is ever quoted. Articles have a headline,
a byline, a dateline over five decades, 300-word bodies in six paragraphs, the people and
places they mention, 0-2 quotes and 0-2 captioned photos with credits.

It REPLACES the archive in the configured database (DATABASE_URL, or the embedded one:
set EMBEDDED_PGDATA=var/bench-pgdata to keep the bench data apart from your own). The
search GIN indexes are dropped during the load and built afterwards, the fastest path.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from datetime import UTC, datetime, timedelta

import numpy as np
from _setup import django_setup

VOCABULARY = 100_000
BODY_WORDS = 300
PARAGRAPHS = 6
PEOPLE = 50_000
PHOTOGRAPHERS = 400
COUNTRIES = 40
CITIES_PER_COUNTRY = 15
BATCH = 5_000
START = datetime(1975, 1, 1, tzinfo=UTC)
SPAN_SECONDS = int((datetime(2025, 12, 31, tzinfo=UTC) - START).total_seconds())
COMMON = [
    "said",
    "government",
    "year",
    "people",
    "percent",
    "week",
    "told",
    "officials",
    "minister",
    "city",
    "new",
    "first",
    "police",
    "president",
    "country",
    "state",
    "report",
    "time",
    "last",
    "million",
    "two",
    "three",
    "million",
    "market",
    "company",
    "court",
    "public",
    "health",
    "party",
    "school",
    "water",
    "energy",
    "council",
    "plan",
    "national",
    "local",
]
SOURCES = [
    "Northwind Press", "Alder Gazette", "Veloria Wire", "Harbour Courier", "Eastmere Times",
    "Coastline News", "Granite Daily", "Meridian Post", "Silverlake Herald", "Tideway Report",
]  # fmt: skip
AGENCIES = ["NWP", "Alder Gazette", "Veloria Wire", "Meridian Post"]
# The search indexes, dropped during the load and built after it (the faster way).
SEARCH_INDEXES = {
    "article_search_gin": "articles_article USING gin (search_vector)",
    "article_title_gin": "articles_article USING gin (title_vector)",
    "article_title_by_date": "articles_article (published_at DESC, id DESC) "
    "INCLUDE (title_vector) WHERE status = 'published'",
    "article_headline_words": "articles_article USING gin (headline_words)",
    "quote_search_gin": "articles_quote USING gin (search_vector)",
    "photo_search_gin": "media_captions_photo USING gin (search_vector)",
}
SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "da",
    "de",
    "di",
    "do",
    "du",
    "fa",
    "fe",
    "fi",
    "fo",
    "ka",
    "ke",
    "ki",
    "ko",
    "ku",
    "la",
    "le",
    "li",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "mu",
    "na",
    "ne",
    "ni",
    "no",
    "nu",
    "pa",
    "pe",
    "pi",
    "po",
    "ra",
    "re",
    "ri",
    "ro",
    "ru",
    "sa",
    "se",
    "si",
    "so",
    "su",
    "ta",
    "te",
    "ti",
    "to",
    "tu",
    "va",
    "ve",
    "vi",
    "vo",
    "za",
    "zo",
    "ran",
    "len",
    "mir",
    "dor",
    "kas",
    "vel",
    "tor",
    "nis",
    "lek",
    "bar",
    "der",
    "kan",
    "mos",
    "ril",
    "tan",
    "vor",
]
MONTHS = "January February March April May June July August September October November December"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def zipf_probabilities(n: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


def pseudo_words(rng: np.random.Generator, n: int, syllables: tuple[int, int]) -> list[str]:
    seen: set[str] = set()
    words: list[str] = []
    parts = np.array(SYLLABLES)
    while len(words) < n:
        k = int(rng.integers(syllables[0], syllables[1] + 1))
        word = "".join(parts[rng.integers(0, len(parts), size=k)])
        if word not in seen and len(word) > 3:
            seen.add(word)
            words.append(word)
    return words


class World:
    """The invented vocabulary, people and places, the same for every worker."""

    def __init__(self, seed: int):
        rng = np.random.default_rng(seed)
        self.vocabulary = COMMON + pseudo_words(rng, VOCABULARY - len(COMMON), (2, 4))
        self.word_p = zipf_probabilities(VOCABULARY, 1.05)
        self.word_cdf = np.cumsum(self.word_p)
        names = pseudo_words(rng, 3_000, (2, 3))
        self.countries = [w.capitalize() + "ia" for w in names[:COUNTRIES]]
        cities = [w.capitalize() for w in names[COUNTRIES : COUNTRIES * (CITIES_PER_COUNTRY + 1)]]
        self.cities = [
            (city, i // CITIES_PER_COUNTRY) for i, city in enumerate(cities)
        ]  # (name, country index)
        given = [w.capitalize() for w in names[800:1400]]
        family = [
            w.capitalize() + "ov" if i % 3 == 0 else w.capitalize()
            for i, w in enumerate(names[1400:3000])
        ]
        people: list[str] = []
        seen: set[str] = set()
        while len(people) < PEOPLE + PHOTOGRAPHERS:
            name = f"{given[rng.integers(len(given))]} {family[rng.integers(len(family))]}"
            if name not in seen:
                seen.add(name)
                people.append(name)
        self.people = people[:PEOPLE]
        self.photographers = people[PEOPLE:]
        self.person_cdf = np.cumsum(zipf_probabilities(PEOPLE, 1.1))
        self.country_cdf = np.cumsum(zipf_probabilities(COUNTRIES, 1.0))
        roles = [
            "minister",
            "spokesperson",
            "mayor",
            "lawyer",
            "economist",
            "director",
            "analyst",
            "senator",
        ]
        self.roles = [roles[i % len(roles)] for i in range(PEOPLE)]

    # Ids: countries 1..C, cities C+1.., people 1..P, photographers P+1..
    def country_id(self, index: int) -> int:
        return index + 1

    def city_id(self, index: int) -> int:
        return COUNTRIES + index + 1


def slug(text: str) -> str:
    return "-".join(text.lower().split())


def reference_rows(world: World):
    places = [
        (world.country_id(i), name, slug(name), "country", None, "{}")
        for i, name in enumerate(world.countries)
    ]
    places += [
        (world.city_id(i), name, slug(name) + f"-{i}", "city", world.country_id(country), "{}")
        for i, (name, country) in enumerate(world.cities)
    ]
    people = [
        (i + 1, name, f"{slug(name)}-{i + 1}", world.roles[i], "{}")
        for i, name in enumerate(world.people)
    ]
    people += [
        (PEOPLE + i + 1, name, f"{slug(name)}-{PEOPLE + i + 1}", "photographer", "{}")
        for i, name in enumerate(world.photographers)
    ]
    return places, people


def words(world: World, indices: np.ndarray) -> str:
    vocabulary = world.vocabulary
    return " ".join(vocabulary[i] for i in indices)


def generate_batch(world: World, seed: int, batch: int, first_id: int, count: int):
    """Rows for articles first_id .. first_id + count - 1, deterministic from (seed, batch)."""
    rng = np.random.default_rng([seed, batch])
    body_idx = np.searchsorted(world.word_cdf, rng.random((count, BODY_WORDS)))
    head_idx = np.searchsorted(world.word_cdf, rng.random((count, 9)))
    quote_idx = np.searchsorted(world.word_cdf, rng.random((count, 2, 20)))
    mentioned = np.searchsorted(world.person_cdf, rng.random((count, 4)))
    countries = np.searchsorted(world.country_cdf, rng.random(count))
    seconds = rng.integers(0, SPAN_SECONDS, size=count)
    n_people = rng.integers(1, 5, size=count)
    n_quotes = rng.integers(0, 3, size=count)
    n_photos = rng.integers(0, 3, size=count)
    rows = {k: [] for k in ("article", "people", "places", "quote", "photo", "photo_people")}
    photo_id = first_id * 2
    quote_id = first_id * 2
    for j in range(count):
        article_id = first_id + j
        country = int(countries[j])
        city_index = country * CITIES_PER_COUNTRY + int(rng.integers(CITIES_PER_COUNTRY))
        city = world.cities[city_index][0]
        country_name = world.countries[country]
        people = list(dict.fromkeys(int(p) for p in mentioned[j][: n_people[j]]))
        names = [world.people[p] for p in people]
        body = body_idx[j]
        paragraphs = []
        per = BODY_WORDS // PARAGRAPHS
        for k in range(PARAGRAPHS):
            text = words(world, body[k * per : (k + 1) * per])
            if k < len(names):
                text = f"{names[k]} {text}"
            if k == 0:
                text = f"{city}, {country_name} — {text}"
            paragraphs.append(text.capitalize() + ".")
        headline = words(world, head_idx[j]).capitalize()
        if names and j % 3 == 0:
            headline = f"{names[0].split()[-1]} {headline}"
        published = START + timedelta(seconds=int(seconds[j]))
        reporter = world.photographers[(article_id * 7) % PHOTOGRAPHERS]
        rows["article"].append(
            (
                article_id,
                headline,
                f"{slug(headline)[:150]}-{article_id}",
                "",
                "\n\n".join(paragraphs),
                f"By {reporter}",
                SOURCES[article_id % len(SOURCES)],
                world.city_id(city_index),
                published,
                "",
                "published",
                published,
                published,
                "",
                False,
                "",
            )
        )
        rows["people"] += [(article_id, p + 1) for p in people]
        rows["places"] += [
            (article_id, world.city_id(city_index)),
            (article_id, world.country_id(country)),
        ]
        for q in range(int(n_quotes[j]) if people else 0):
            quote_id += 1
            speaker = people[q % len(people)]
            rows["quote"].append(
                (
                    quote_id,
                    article_id,
                    q + 1,
                    words(world, quote_idx[j][q]).capitalize(),
                    speaker + 1,
                    q + 2,
                )
            )
        for p in range(int(n_photos[j])):
            photo_id += 1
            photographer = PEOPLE + 1 + int(rng.integers(PHOTOGRAPHERS))
            agency = AGENCIES[photographer % len(AGENCIES)]
            shown = people[: 1 + p % 2]
            who = " and ".join(world.people[s] for s in shown) if shown else "Residents"
            day = published.date()
            caption = (
                f"{who} {words(world, quote_idx[j][p][:8])} in {city}, {country_name}, "
                f"{WEEKDAYS[day.weekday()]}, {MONTHS.split()[day.month - 1]} {day.day}, {day.year}."
            )
            pool = photographer % 5 == 0
            credit = (
                f"{world.photographers[photographer - PEOPLE - 1]}/Pool Photo via {agency}"
                if pool
                else f"{world.photographers[photographer - PEOPLE - 1]}/{agency}"
            )
            rows["photo"].append(
                (photo_id, article_id, p + 1, caption, credit, photographer, pool, False, agency,
                 "", None, None, "", world.city_id(city_index), day, "", "")
            )  # fmt: skip
            rows["photo_people"] += [(photo_id, s + 1) for s in shown]
    return rows


COPY_SQL = {
    "article": "COPY articles_article (id, headline, slug, standfirst, body, byline, source, "
    "dateline_id, published_at, url, status, created_at, updated_at, source_hash, needs_review, "
    "review_note) FROM STDIN",
    "people": "COPY articles_article_people (article_id, person_id) FROM STDIN",
    "places": "COPY articles_article_places (article_id, place_id) FROM STDIN",
    "quote": "COPY articles_quote (id, article_id, position, text, speaker_id, paragraph) FROM STDIN",
    "photo": "COPY media_captions_photo (id, article_id, position, caption, credit, "
    "photographer_id, pool, handout, distributor, image, width, height, alt_text, place_id, "
    "taken_on, thumbnail, large) FROM STDIN",
    "photo_people": "COPY media_captions_photo_people (photo_id, person_id) FROM STDIN",
}


def load_range(args: tuple[int, int, int, int]) -> int:
    """A worker: generate and COPY batches [first_batch, last_batch) of BATCH articles."""
    seed, first_batch, last_batch, total = args
    django_setup()
    from django.db import connection

    world = World(seed)
    loaded = 0
    connection.ensure_connection()
    raw = connection.connection
    # The mention counters' triggers are left out of the bulk load (and two loaders would
    # contend for the same people's rows); main() counts everything once at the end.
    raw.execute("SET session_replication_role = replica")
    raw.commit()
    if True:
        for batch in range(first_batch, last_batch):
            first_id = batch * BATCH + 1
            count = min(BATCH, total - batch * BATCH)
            rows = generate_batch(world, seed, batch, first_id, count)
            with raw.transaction():
                raw_cursor = raw.cursor()
                for table, sql in COPY_SQL.items():
                    with raw_cursor.copy(sql) as copy:
                        for row in rows[table]:
                            copy.write_row(row)
            loaded += count
            print(f"  batch {batch}: {first_id + count - 1:,} articles", flush=True)
    return loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()

    django_setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    world = World(options.seed)
    places, people = reference_rows(world)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE articles_article, articles_person, articles_place, articles_quote, "
            "media_captions_photo, articles_article_people, articles_article_places, "
            "media_captions_photo_people CASCADE"
        )
        for name in SEARCH_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        with cursor.copy(
            "COPY articles_place (id, name, slug, kind, parent_id, aliases) FROM STDIN"
        ) as copy:
            for row in places:
                copy.write_row(row)
        with cursor.copy(
            "COPY articles_person (id, name, slug, description, aliases) FROM STDIN"
        ) as copy:
            for row in people:
                copy.write_row(row)
    connection.close()
    print(f"Reference data: {len(places)} places, {len(people):,} people", flush=True)

    batches = (options.articles + BATCH - 1) // BATCH
    ranges = np.array_split(np.arange(batches), options.workers)
    jobs = [(options.seed, int(r[0]), int(r[-1]) + 1, options.articles) for r in ranges if len(r)]
    with multiprocessing.get_context("spawn").Pool(len(jobs)) as pool:
        loaded = sum(pool.map(load_range, jobs))
    copied = time.monotonic()
    print(f"Copied {loaded:,} articles in {copied - started:.0f} s", flush=True)

    django_setup()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SET session_replication_role = replica")  # past the counts' guard
        for entity, link in (("person", "people"), ("place", "places")):
            cursor.execute(
                f"UPDATE articles_{entity} AS e SET article_count = d.n FROM "
                f"(SELECT {entity}_id AS id, count(*) AS n FROM articles_article_{link} "
                f"GROUP BY {entity}_id) AS d WHERE e.id = d.id"
            )
        for table in ("articles_quote", "media_captions_photo"):  # what the triggers keep
            cursor.execute(
                f"UPDATE {table} AS r SET public_at = CASE WHEN a.status = 'published' "
                "THEN a.published_at END FROM articles_article AS a WHERE a.id = r.article_id"
            )
        cursor.execute(
            "UPDATE articles_quote AS q SET speaker_names = p.name || ' ' || "
            "array_to_string(p.aliases, ' ') FROM articles_person AS p WHERE p.id = q.speaker_id"
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        # The indexes last: the rows above are rewritten, and indexes would be written twice.
        for name, definition in SEARCH_INDEXES.items():
            cursor.execute(f"CREATE INDEX {name} ON {definition}")
        for table in ("articles_article", "articles_quote", "media_captions_photo", "articles_person",
                      "articles_place", "articles_article_people", "articles_article_places",
                      "media_captions_photo_people"):  # fmt: skip
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
            cursor.execute(
                f"VACUUM (ANALYZE) {table}"
            )  # and the visibility map, for index-only scans
    indexed = time.monotonic()
    print(f"Built search indexes in {indexed - copied:.0f} s", flush=True)
    call_command("refresh_search_lexicon")
    print(f"Done: {loaded:,} articles in {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
