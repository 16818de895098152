"""Writing articles into the archive, a batch at a time (a single article is a batch of one).

Articles already stored (by URL, else by the hash of their text, else by a given slug) are
compared with what comes in and updated where it differs, one by one; what an editor set is
never replaced (a link, a quote or a photo whose origin is "editor"; a headline or date the
copy had to make up). New articles are written together: their people and places resolved
for the whole batch (resolver.py), ids drawn from the sequences, and the rows of every table
sent with COPY, in one transaction. PostgreSQL derives the search vectors and the mention
counts itself, as for any other write.

If the batch fails in the database (a bad record can break a constraint), it is rolled back
and its articles are imported one by one, so each is still all or nothing and the bad one
is reported alone; the archive is the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from articles.ingest.incoming import Incoming
from articles.ingest.resolver import Resolver, free_slugs
from articles.models import Article, ArticlePerson, ArticlePlace, Origin, Quote, Removal
from media_captions.models import Photo

BATCH_SIZE = 500


class Outcome(StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class Result:
    incoming: Incoming
    outcome: Outcome | None  # None: failed
    reason: str = ""
    article_id: int | None = None


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


# `url <> ''` (and `source_hash <> ''`) written out lets PostgreSQL use the partial unique
# indexes: it proves that an IN list implies them only up to 100 values, and a batch has 500.
# Without them every batch read the whole table.
def stored_by_url(urls: list[str]):
    return Article.objects.filter(url__in=urls).exclude(url="").order_by()


def stored_by_hash(hashes: list[str]):
    return Article.objects.filter(source_hash__in=hashes).exclude(source_hash="").order_by()


def _key(incoming: Incoming) -> tuple[str, str]:
    url = incoming.record.url
    return ("url", url) if url else ("hash", incoming.key)


def import_batch(batch: list[Incoming], resolver: Resolver) -> list[Result]:
    """Import a batch of articles; a Result for each, in no particular order."""
    resolver.settle(batch)
    urls = [i.record.url for i in batch if i.record.url]
    hashes = [i.key for i in batch if not i.record.url]
    slugs = [i.record.slug for i in batch if i.record.slug]
    stored = {("url", u): pk for u, pk in stored_by_url(urls).values_list("url", "pk")}
    by_hash = stored_by_hash(hashes).values_list("source_hash", "pk")
    stored |= {("hash", h): pk for h, pk in by_hash}
    used_slugs = set(
        Article.objects.filter(slug__in=slugs).order_by().values_list("slug", flat=True)
    )
    fresh, existing, later = [], [], []
    seen: set[tuple[str, str]] = set()
    for incoming in batch:
        key = _key(incoming)
        slug = incoming.record.slug
        if key in stored:
            existing.append((incoming, stored[key]))
        elif key in seen or (slug and slug in used_slugs):
            later.append(incoming)  # a repeat within the batch, or a slug only one can have
        else:
            fresh.append(incoming)
            seen.add(key)
            if slug:
                used_slugs.add(slug)

    results: list[Result] = []
    for incoming, pk in existing:
        results.append(_guarded(incoming, resolver, pk))
    if fresh:
        snapshot = resolver.snapshot()
        try:
            with transaction.atomic():
                ids = _write_new(fresh, resolver)
            results += [
                Result(i, Outcome.IMPORTED, article_id=pk) for i, pk in zip(fresh, ids, strict=True)
            ]
        except (DatabaseError, ValueError, TypeError, KeyError):
            resolver.restore(snapshot)  # people made in the rolled-back batch are gone
            results += [_guarded(i, resolver) for i in fresh]
    results += [_guarded(i, resolver) for i in later]
    return results


def import_one(incoming: Incoming, resolver: Resolver | None = None) -> tuple[Outcome, Article]:
    """Import one article, all or nothing; raises on a bad one."""
    resolver = resolver or Resolver()
    resolver.settle([incoming])
    with transaction.atomic():
        return _import(incoming, resolver)


def _guarded(incoming: Incoming, resolver: Resolver, pk: int | None = None) -> Result:
    snapshot = resolver.snapshot()
    try:
        with transaction.atomic():
            outcome, article = _import(incoming, resolver, pk)
    except (ValueError, TypeError, DatabaseError) as error:
        resolver.restore(snapshot)
        return Result(incoming, None, str(error))
    return Result(incoming, outcome, article_id=article.pk)


def _import(
    incoming: Incoming, resolver: Resolver, pk: int | None = None
) -> tuple[Outcome, Article]:
    record = incoming.record
    if pk is not None:
        existing = Article.objects.filter(pk=pk).first()
    elif record.url:
        existing = Article.objects.filter(url=record.url).first()
    else:
        existing = Article.objects.filter(source_hash=incoming.key).first()
        if existing is None and record.slug:
            existing = Article.objects.filter(slug=record.slug, url="").first()
    if existing is None:
        [new_id] = _write_new([incoming], resolver)
        return Outcome.IMPORTED, Article.objects.get(pk=new_id)
    changed = _update(existing, incoming, resolver)
    return (Outcome.UPDATED if changed else Outcome.UNCHANGED), existing


# -- new articles ----------------------------------------------------------------------------


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


def _resolve(batch: list[Incoming], resolver: Resolver) -> None:
    resolver.person_ids(batch)
    places: set[str] = set()
    for incoming in batch:
        record = incoming.record
        places.update(record.places)
        places.add(record.dateline)
        places.update(photo.place for photo in record.photos)
    resolver.place_ids(places)


def _write_new(batch: list[Incoming], resolver: Resolver) -> list[int]:
    """COPY new articles and everything in them; raises on any bad row."""
    _resolve(batch, resolver)
    people, places = resolver.people, resolver.places
    given = {i.record.slug for i in batch if i.record.slug}
    unnamed = [i for i in batch if not i.record.slug]
    made = dict(
        zip(
            map(id, unnamed),
            free_slugs(Article, [i.record.headline for i in unnamed], set(given)),
            strict=True,
        )
    )
    now = timezone.now()
    article_ids = _ids("articles_article", len(batch))
    articles, mentions, located, quotes, photos, shown = [], [], [], [], [], []
    photo_ids = iter(_ids("media_captions_photo", sum(len(i.record.photos) for i in batch)))
    for article_id, incoming in zip(article_ids, batch, strict=True):
        d, origins = incoming.record, incoming.origins
        published = d.published()
        articles.append(
            (
                article_id,
                d.headline,
                d.slug or made[id(incoming)],
                d.standfirst,
                "\n\n".join(p.strip() for p in d.body if p.strip()),
                d.byline,
                d.source,
                places[d.dateline] if d.dateline else None,
                published,
                d.url,
                d.status if published else Article.Status.DRAFT,
                "" if d.url else incoming.key,
                bool(incoming.review),
                "; ".join(incoming.review)[:300],
                now,
                now,
            )
        )
        mentions += [
            (article_id, pk, origins["people"]) for pk in dict.fromkeys(people[n] for n in d.people)
        ]
        located += [
            (article_id, pk, origins["places"]) for pk in dict.fromkeys(places[n] for n in d.places)
        ]
        quotes += [
            (article_id, i, q.text, people[q.speaker], q.paragraph, origins["quotes"])
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
                    people[p.photographer] if p.photographer else None,
                    p.pool and not p.handout,
                    p.handout,
                    p.distributor,
                    "",
                    "",
                    "",
                    "",
                    places[p.place] if p.place else None,
                    date.fromisoformat(p.taken_on) if p.taken_on else None,
                    origins["photos"],
                )
            )
            shown += [(photo_id, pk) for pk in dict.fromkeys(people[n] for n in p.people)]
    _copy(
        "articles_article",
        ("id", "headline", "slug", "standfirst", "body", "byline", "source", "dateline_id",
         "published_at", "url", "status", "source_hash", "needs_review", "review_note",
         "created_at", "updated_at"),
        articles,
    )  # fmt: skip
    _copy("articles_article_people", ("article_id", "person_id", "origin"), mentions)
    _copy("articles_article_places", ("article_id", "place_id", "origin"), located)
    _copy(
        "articles_quote",
        ("article_id", "position", "text", "speaker_id", "paragraph", "origin"),
        quotes,
    )
    _copy(
        "media_captions_photo",
        ("id", "article_id", "position", "caption", "credit", "photographer_id", "pool",
         "handout", "distributor", "image", "thumbnail", "large", "alt_text", "place_id",
         "taken_on", "origin"),
        photos,
    )  # fmt: skip
    _copy("media_captions_photo_people", ("photo_id", "person_id"), shown)
    return article_ids


# -- articles already stored -------------------------------------------------------------------


def _update(article: Article, incoming: Incoming, resolver: Resolver) -> bool:
    """Bring a stored article in line with what comes in, keeping what an editor set;
    whether anything changed."""
    _resolve([incoming], resolver)
    changed = _update_fields(article, incoming, resolver)
    people, places = resolver.people, resolver.places
    record, origins = incoming.record, incoming.origins
    changed |= any(
        sync_links(
            ArticlePerson, "person", article, [people[n] for n in record.people], origins["people"]
        )
    )
    changed |= any(
        sync_links(
            ArticlePlace, "place", article, [places[n] for n in record.places], origins["places"]
        )
    )
    wanted = [(q.text, people[q.speaker], q.paragraph) for q in record.quotes]
    changed |= any(sync_quotes(article, wanted, origins["quotes"]))
    changed |= _sync_photos(article, incoming, resolver)
    return changed


def _update_fields(article: Article, incoming: Incoming, resolver: Resolver) -> bool:
    record = incoming.record
    review = list(incoming.review)
    # What the copy did not say (a made-up headline, a missing date) never overwrites what
    # an editor wrote; review flags stay only while the article still needs review.
    headline = record.headline
    if any(r.startswith("no headline") for r in review):
        headline = article.headline
    published, status = record.published(), record.status
    if any(r.startswith("no date") for r in review) and article.published_at:
        published, status = article.published_at, article.status
    if not article.needs_review:
        review = []
    values = {
        "headline": headline,
        "standfirst": record.standfirst,
        "body": "\n\n".join(p.strip() for p in record.body if p.strip()),
        "byline": record.byline,
        "source": record.source,
        "url": record.url,
        "dateline_id": resolver.places[record.dateline] if record.dateline else None,
    }
    if incoming.from_copy:  # raw copy has no standfirst, and may lack byline, source or URL
        for name in ("standfirst", "byline", "source", "url", "dateline_id"):
            if not values[name]:
                values[name] = getattr(article, name)
    values["status"] = status if published else Article.Status.DRAFT
    values["published_at"] = published
    values["source_hash"] = "" if values["url"] else incoming.key
    values["needs_review"] = bool(review)
    values["review_note"] = "; ".join(review)[:300]
    changed = {k: v for k, v in values.items() if getattr(article, k) != v}
    if not changed:
        return False
    if set(changed) == {"source_hash"}:  # the same text: remember its hash, nothing more
        Article.objects.filter(pk=article.pk).update(source_hash=values["source_hash"])
        return False
    for name, value in changed.items():
        setattr(article, name, value)
    article.save()
    return True


def sync_links(
    model, other: str, article: Article, wanted: list[int], origin: str
) -> tuple[int, int]:
    """Make the article's links of this kind those wanted (with `origin`), keeping every
    link an editor set and, when re-extracting, every link an import gave; (links added,
    links removed)."""
    keep = _kept(origin)
    current = {getattr(link, f"{other}_id"): link for link in model.objects.filter(article=article)}
    removed = set(article.removals.filter(kind=other).values_list("value", flat=True))
    wanted = [pk for pk in wanted if str(pk) not in removed]  # an editor took it off
    wanted_set = set(wanted)
    gone = [
        link.pk for pk, link in current.items() if link.origin not in keep and pk not in wanted_set
    ]
    moved = [
        link.pk
        for pk, link in current.items()
        if link.origin not in keep and pk in wanted_set and link.origin != origin
    ]
    new = [pk for pk in dict.fromkeys(wanted) if pk not in current]
    if gone:
        model.objects.filter(pk__in=gone).delete()
    if moved:
        model.objects.filter(pk__in=moved).update(origin=origin)
    if new:
        model.objects.bulk_create(
            model(article=article, origin=origin, **{f"{other}_id": pk}) for pk in new
        )
    return len(new) + len(moved), len(gone)


def _kept(origin: str) -> set[str]:
    """What a write of this origin leaves alone: an editor's always, and what an import
    gave when the extraction runs again."""
    return {Origin.EDITOR} if origin != Origin.EXTRACTED else {Origin.EDITOR, Origin.IMPORTED}


def sync_quotes(
    article: Article, wanted: list[tuple[str, int, int | None]], origin: str
) -> tuple[int, int]:
    """Make the article's quotes of other origins those wanted, keeping every quote an
    editor entered (and a wanted quote an editor already has is not added twice); (quotes
    added, quotes removed), a quote that stays as it was counting as neither."""
    keep = _kept(origin)
    current = list(Quote.objects.filter(article=article).order_by("position"))
    kept = [q for q in current if q.origin in keep]
    replaced = [q for q in current if q.origin not in keep]
    entered = {Removal.quote_key(q.text) for q in kept}
    entered |= set(article.removals.filter(kind=Removal.Kind.QUOTE).values_list("value", flat=True))
    wanted = [w for w in wanted if Removal.quote_key(w[0]) not in entered]
    before = [(q.text, q.speaker_id, q.paragraph, q.origin) for q in replaced]
    after = [(*w, origin) for w in wanted]
    if before == after:
        return 0, 0
    Quote.objects.filter(pk__in=[q.pk for q in replaced]).delete()
    start = max((q.position for q in kept), default=0)
    Quote.objects.bulk_create(
        Quote(
            article=article,
            position=start + i,
            text=text,
            speaker_id=speaker,
            paragraph=paragraph,
            origin=origin,
        )
        for i, (text, speaker, paragraph) in enumerate(wanted, 1)
    )
    return len([a for a in after if a not in before]), len([b for b in before if b not in after])


def _sync_photos(article: Article, incoming: Incoming, resolver: Resolver) -> bool:
    """Photo by photo (by position): an editor's photo stays as it is; another takes what
    comes in; photos no longer in the copy go, unless an editor's."""
    origin = incoming.origins["photos"]
    keep = _kept(origin)
    people, places = resolver.people, resolver.places
    current = {
        p.position: p for p in Photo.objects.filter(article=article).prefetch_related("people")
    }
    changed = False
    for position, p in enumerate(incoming.record.photos, 1):
        values = {
            "caption": p.caption,
            "credit": p.credit,
            "photographer_id": people[p.photographer] if p.photographer else None,
            "pool": p.pool and not p.handout,
            "handout": p.handout,
            "distributor": p.distributor,
            "place_id": places[p.place] if p.place else None,
            "taken_on": date.fromisoformat(p.taken_on) if p.taken_on else None,
            "origin": origin,
        }
        shown = {people[n] for n in p.people}
        photo = current.pop(position, None)
        if photo is None:
            photo = Photo.objects.create(article=article, position=position, **values)
            photo.people.set(shown)
            changed = True
            continue
        if photo.origin in keep:
            continue
        fields = [k for k, v in values.items() if getattr(photo, k) != v]
        if fields:
            for name in fields:
                setattr(photo, name, values[name])
            photo.save(update_fields=fields)
        if {person.pk for person in photo.people.all()} != shown:
            photo.people.set(shown)
            fields.append("people")
        changed |= bool(fields)
    gone = [p.pk for p in current.values() if p.origin not in keep and not p.image]
    if gone:
        Photo.objects.filter(pk__in=gone).delete()
    return changed or bool(gone)
