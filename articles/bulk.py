"""The fast path of `import_articles` for JSON Lines: new articles written in batches.

A batch of parsed articles is split in three. Articles already in the archive (by URL,
else by the hash of their text, else by a given slug) are compared with what is stored in
one read: unchanged ones are counted and left alone, changed ones are updated one by one
by services.import_article. New articles are written together: their people and places
resolved by name and alias in a few queries (the missing ones created), ids drawn from the
sequences, and the rows of every table sent with COPY, in one transaction. PostgreSQL
derives the search vectors and the mention counts itself, as for any other write.

If the batch fails in the database (a bad record can break a constraint), it is rolled
back and its articles are imported one by one, so each is still all or nothing and the
bad one is reported alone. The result is the same as importing each with import_article.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Person, Place
from articles.services import (
    ArticleInput,
    Outcome,
    _comparable,
    _place,
    by_name_or_alias,
    canonical,
    export_article,
    import_article,
)

BATCH_SIZE = 500


@dataclass
class Record:
    """One parsed article and where it came from."""

    label: str
    number: int
    data: ArticleInput

    @cached_property
    def key(self) -> str:
        """data.key(), worked out once and only when asked for: an article with a URL is
        keyed by it, and most never need the hash of their text."""
        return self.data.key()


@dataclass
class Result:
    record: Record
    outcome: Outcome | None  # None: failed
    reason: str = ""


# Most of an import's database work is maintaining the GIN search indexes. New entries
# wait in an index's pending list until it outgrows gin_pending_list_limit; merging them
# then costs far less per entry when the list is long (each word's postings are updated
# once per merge, not once per few hundred articles) and the merge has the memory to sort
# them (work_mem). An import session gets both; merged at the end (finish_import).
IMPORT_SESSION = {"gin_pending_list_limit": "32MB", "work_mem": "64MB"}
SEARCH_INDEXES = (
    "article_search_gin",
    "article_headline_words",
    "quote_search_gin",
    "photo_search_gin",
)


def prepare_import_session() -> None:
    """Settings for this connection's import session (see IMPORT_SESSION)."""
    with connection.cursor() as cursor:
        for name, value in IMPORT_SESSION.items():
            cursor.execute("SELECT set_config(%s, %s, false)", [name, value])


def finish_import() -> None:
    """Merge what an import left in the search indexes' pending lists, so that searches
    need not read through them. Without the right to (only an index's owner has it), it
    is left to autovacuum."""
    with connection.cursor() as cursor:
        for index in SEARCH_INDEXES:
            try:
                with transaction.atomic():
                    cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            except DatabaseError:
                continue


def _key(record: Record) -> tuple[str, str]:
    return ("url", record.data.url) if record.data.url else ("hash", record.key)


def _existing(model, column: str, values: Iterable[str]) -> set[str]:
    """Which of these values the column already holds (one query, the values as an array)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {column} = ANY(%s)", [list(values)])
        return {row[0] for row in cursor.fetchall()}


def _free_slugs(model, texts: list[str], taken: set[str]) -> list[str]:
    """A unique slug for each text, in order, as services._unique_slug would choose them one
    after another (the first free of base, base-2, base-3...); `taken` grows with each
    choice. A lock per base keeps an import running beside this one from choosing the same
    slug before this transaction ends."""
    bases = [slugify(text)[:180] or "untitled" for text in texts]
    _lock_names(f"slug:{model._meta.db_table}", set(bases))
    taken |= _existing(model, "slug", set(bases))
    crowded = {base for base in bases if base in taken} | {b for b in bases if bases.count(b) > 1}
    for base in crowded:  # every "base-N" already there, in one query (LIKE uses the index)
        taken |= set(
            model.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True)
        )
    chosen = []
    for base in bases:
        n = 1
        while (slug := f"{base}-{n}" if n > 1 else base) in taken:
            n += 1
        taken.add(slug)
        chosen.append(slug)
    return chosen


class Resolver:
    """Names to ids, as services._person and services._place resolve them (by name, else by
    alias, else created), for many names at once; remembered across batches."""

    def __init__(self) -> None:
        self.people: dict[str, int] = {}
        self.places: dict[str, int | None] = {}

    def snapshot(self) -> tuple[dict, dict]:
        return dict(self.people), dict(self.places)

    def restore(self, snapshot: tuple[dict, dict]) -> None:
        self.people, self.places = snapshot

    def resolve_people(self, names: set[str]) -> None:
        missing = {n for n in names if n not in self.people}
        if not missing:
            return
        self._known_people(missing)
        missing -= self.people.keys()
        if missing:
            # Another import running beside this one may be creating the same people: take
            # a lock per name (held to the end of the transaction), then look again.
            _lock_names("person", missing)
            self._known_people(missing)
            missing -= self.people.keys()
        if missing:
            names = sorted(missing)
            created = Person.objects.bulk_create(
                Person(name=name, slug=slug, aliases=[name.split()[-1]] if " " in name else [])
                for name, slug in zip(names, _free_slugs(Person, names, set()), strict=True)
            )
            self.people.update({person.name: person.pk for person in created})

    def _known_people(self, missing: set[str]) -> None:
        """Remember the people already called these names, by name, else by alias."""
        for person in Person.objects.filter(name__in=missing).only("id", "name"):
            self.people.setdefault(person.name, person.pk)
        rest = missing - self.people.keys()
        if rest:
            for person in Person.objects.filter(aliases__overlap=list(rest)).only("id", "aliases"):
                for alias in person.aliases:
                    if alias in rest:
                        self.people.setdefault(alias, person.pk)

    def resolve_places(self, names: set[str]) -> None:
        missing = names - self.places.keys()
        for name in missing:
            found = by_name_or_alias(Place, name)
            if found:
                self.places[name] = found.pk
        missing -= self.places.keys()
        if missing:
            _lock_names("place", {"new"})  # new places are few: made one import at a time
            for name in missing:
                self.places[name] = _place(name).pk  # the gazetteer decides


def _lock_names(kind: str, names: set[str]) -> None:
    """Transaction-level advisory locks on these names, taken in one order (no deadlock)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(hashtextextended(n, 0))) "
            "FROM (SELECT %s || ':' || n AS n FROM unnest(%s::text[]) AS n ORDER BY 1) AS s",
            [kind, sorted(names)],
        )


def _copy(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    # Raw COPY goes round Django's cursor, so its errors are wrapped here (DatabaseError).
    with connection.cursor() as cursor, connection.wrap_database_errors:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


def _ids(table: str, count: int) -> list[int]:
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _write_new(records: list[Record], resolver: Resolver) -> None:
    """COPY new articles and everything in them; raises on any bad row."""
    people, places = set(), set()
    for r in records:
        d = r.data
        people.update(d.people, (q.speaker for q in d.quotes))
        for p in d.photos:
            people.update(p.people)
            if p.photographer:
                people.add(p.photographer)
            if p.place:
                places.add(p.place)
        places.update(d.places)
        if d.dateline:
            places.add(d.dateline)
    resolver.resolve_people(people)
    resolver.resolve_places(places)
    given = [r.data.slug for r in records if r.data.slug]
    taken = set(given)
    unnamed = [r for r in records if not r.data.slug]
    made = dict(
        zip(
            map(id, unnamed),
            _free_slugs(Article, [r.data.headline for r in unnamed], taken),
            strict=True,
        )
    )
    now = timezone.now()
    article_ids = _ids("articles_article", len(records))
    articles, mentions, located, quotes = [], [], [], []
    photos, shown = [], []
    photo_ids = iter(_ids("media_captions_photo", sum(len(r.data.photos) for r in records)))
    for article_id, r in zip(article_ids, records, strict=True):
        d = r.data
        published = d.published()
        articles.append(
            (
                article_id,
                d.headline,
                d.slug or made[id(r)],
                d.standfirst,
                "\n\n".join(p.strip() for p in d.body if p.strip()),
                d.byline,
                d.source,
                resolver.places[d.dateline] if d.dateline else None,
                published,
                d.url,
                d.status if published else Article.Status.DRAFT,
                "" if d.url else r.key,
                bool(d.review),
                "; ".join(d.review)[:300],
                now,
                now,
            )
        )
        mentions += [(article_id, pk) for pk in dict.fromkeys(resolver.people[n] for n in d.people)]
        located += [(article_id, pk) for pk in dict.fromkeys(resolver.places[n] for n in d.places)]
        quotes += [
            (article_id, i, q.text, resolver.people[q.speaker], q.paragraph)
            for i, q in enumerate(d.quotes, 1)
        ]
        for i, p in enumerate(d.photos, 1):
            photo_id = next(photo_ids)
            photos.append(
                (
                    photo_id,
                    article_id,
                    i,
                    p.caption,
                    p.credit,
                    resolver.people[p.photographer] if p.photographer else None,
                    p.pool,
                    p.handout,
                    p.distributor,
                    "",
                    "",
                    "",
                    "",
                    resolver.places[p.place] if p.place else None,
                    date.fromisoformat(p.taken_on) if p.taken_on else None,
                )
            )
            shown += [(photo_id, pk) for pk in dict.fromkeys(resolver.people[n] for n in p.people)]
    _copy(
        "articles_article",
        ("id", "headline", "slug", "standfirst", "body", "byline", "source", "dateline_id",
         "published_at", "url", "status", "source_hash", "needs_review", "review_note",
         "created_at", "updated_at"),
        articles,
    )  # fmt: skip
    _copy("articles_article_people", ("article_id", "person_id"), mentions)
    _copy("articles_article_places", ("article_id", "place_id"), located)
    _copy("articles_quote", ("article_id", "position", "text", "speaker_id", "paragraph"), quotes)
    _copy(
        "media_captions_photo",
        ("id", "article_id", "position", "caption", "credit", "photographer_id", "pool",
         "handout", "distributor", "image", "thumbnail", "large", "alt_text", "place_id",
         "taken_on"),
        photos,
    )  # fmt: skip
    _copy("media_captions_photo_people", ("photo_id", "person_id"), shown)


def _one(record: Record) -> Result:
    try:
        outcome, _ = import_article(record.data)
    except (ValueError, TypeError, DatabaseError) as error:
        return Result(record, None, str(error))
    return Result(record, outcome)


# `url <> ''` (and `source_hash <> ''`) written out lets PostgreSQL use the partial unique
# indexes: it proves that an IN list implies them only up to 100 values, and a batch has 500.
# Without them every batch read the whole table.
def stored_by_url(urls: list[str]):
    return Article.objects.filter(url__in=urls).exclude(url="").order_by()


def stored_by_hash(hashes: list[str]):
    return Article.objects.filter(source_hash__in=hashes).exclude(source_hash="").order_by()


def import_batch(records: list[Record], resolver: Resolver) -> list[Result]:
    """Import a batch of parsed articles; a Result for each, in no particular order."""
    urls = [r.data.url for r in records if r.data.url]
    hashes = [r.key for r in records if not r.data.url]
    slugs = [r.data.slug for r in records if r.data.slug]
    stored = {("url", u): pk for u, pk in stored_by_url(urls).values_list("url", "pk")}
    by_hash = stored_by_hash(hashes).values_list("source_hash", "pk")
    stored |= {("hash", h): pk for h, pk in by_hash}
    used_slugs = set(
        Article.objects.filter(slug__in=slugs).order_by().values_list("slug", flat=True)
    )

    fresh, existing, later = [], [], []
    seen: set[tuple[str, str]] = set()
    for r in records:
        key = _key(r)
        if key in stored:
            existing.append((r, stored[key]))
        elif key in seen or (r.data.slug and (r.data.slug in used_slugs)) or r.data.review:
            later.append(r)  # a repeat within the batch, or a case only import_article knows
        else:
            fresh.append(r)
            seen.add(key)
            if r.data.slug:
                used_slugs.add(r.data.slug)

    results: list[Result] = []
    # Stored articles: compare in one read; only the changed ones are written.
    by_pk = Article.objects.with_contents().in_bulk([pk for _, pk in existing])
    names: dict = {}
    for r, pk in existing:
        article = by_pk[pk]
        current = ArticleInput.from_dict(export_article(article))
        current.slug = r.data.slug = r.data.slug or article.slug
        if _comparable(current) != _comparable(canonical(r.data, names)):
            results.append(_one(r))
        elif article.source_hash == r.key:
            results.append(Result(r, "unchanged"))
        else:  # unchanged, and, as import_article does, remember the text's hash
            try:
                with transaction.atomic():
                    Article.objects.filter(pk=pk).update(source_hash=r.key)
            except DatabaseError as error:
                results.append(Result(r, None, str(error)))
            else:
                results.append(Result(r, "unchanged"))

    if fresh:
        snapshot = resolver.snapshot()
        try:
            with transaction.atomic():
                _write_new(fresh, resolver)
            results += [Result(r, "imported") for r in fresh]
        except (DatabaseError, ValueError, TypeError, KeyError):
            resolver.restore(snapshot)  # people made in the rolled-back batch are gone
            results += [_one(r) for r in fresh]
    results += [_one(r) for r in later]
    return results
