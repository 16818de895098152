"""The extraction run again over stored articles, after its rules improve.

What it found before (links, quotes and photo details whose origin is "extracted") is
replaced by what it finds now; what an import gave or an editor set stays as it is; names
editors rejected are not made again. People and places no editor confirmed that nothing
mentions any more are removed at the end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet

from articles.ingest.credits import parse_credit
from articles.ingest.extraction import extract
from articles.ingest.importer import sync_links, sync_quotes
from articles.ingest.incoming import Incoming, fill_from_extraction, place_named
from articles.ingest.resolver import Resolver
from articles.ingest.schema import ArticleRecord, PhotoRecord
from articles.ingest.wire import CAPTION_PLACE
from articles.models import Article, ArticlePerson, ArticlePlace, Origin

BATCH = 200


@dataclass
class Changes:
    """What a re-extraction changed (or, in a dry run, would change)."""

    articles: int = 0
    changed: int = 0
    counts: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        c = self.counts
        parts = [
            f"{self.articles} articles read, {self.changed} changed",
            f"people linked +{c['people added']} -{c['people removed']}",
            f"places linked +{c['places added']} -{c['places removed']}",
            f"quotes +{c['quotes added']} -{c['quotes removed']}",
            f"photos updated {c['photos updated']}",
            f"people removed {c['people deleted']}",
            f"places removed {c['places deleted']}",
        ]
        return "; ".join(parts) + "."


def _batches(articles: QuerySet) -> Iterator[list[Article]]:
    ids = list(articles.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = Article.objects.filter(pk__in=chunk).prefetch_related("photos").order_by("pk")
        yield list(rows)


def _incoming(article: Article) -> Incoming:
    photos = [p for p in article.photos.all()]
    found = extract(article.paragraphs, [p.caption for p in photos])
    records = []
    for photo, shown in zip(photos, found.shown, strict=True):
        credit = parse_credit(photo.credit) if photo.credit else None
        place = CAPTION_PLACE.search(photo.caption)
        records.append(
            PhotoRecord(
                caption=photo.caption,
                credit=photo.credit,
                photographer=credit.photographer if credit else "",
                distributor=credit.distributor if credit else "",
                pool=credit.pool if credit else False,
                handout=credit.handout if credit else False,
                people=shown,
                place=place_named(place.group(1)) if place else "",
            )
        )
    record = ArticleRecord(headline=article.headline, body=article.paragraphs, photos=records)
    incoming = Incoming(record)
    fill_from_extraction(incoming, found, ("people", "places", "quotes"))
    return incoming


def _photos(article: Article, incoming: Incoming, resolver: Resolver) -> int:
    """Photos whose details the extraction gave take the new ones; how many changed."""
    people, places = resolver.people, resolver.places
    changed = 0
    for photo, p in zip(article.photos.all(), incoming.record.photos, strict=True):
        if photo.origin != Origin.EXTRACTED:
            continue
        values = {
            "photographer_id": people[p.photographer] if p.photographer else None,
            "distributor": p.distributor,
            "pool": p.pool and not p.handout,
            "handout": p.handout,
            "place_id": places[p.place] if p.place else None,
        }
        fields = [k for k, v in values.items() if getattr(photo, k) != v]
        shown = {people[n] for n in p.people}
        if fields:
            for name in fields:
                setattr(photo, name, values[name])
            photo.save(update_fields=fields)
        if set(photo.people.values_list("pk", flat=True)) != shown:
            photo.people.set(shown)
            fields.append("people")
        changed += bool(fields)
    return changed


def _apply(article: Article, incoming: Incoming, resolver: Resolver) -> Counter:
    """Put what the extraction found now in place of what it found before."""
    record, people, places = incoming.record, resolver.people, resolver.places
    counts: Counter = Counter()
    added, removed = sync_links(
        ArticlePerson, "person", article, [people[n] for n in record.people], Origin.EXTRACTED
    )
    counts.update({"people added": added, "people removed": removed})
    added, removed = sync_links(
        ArticlePlace, "place", article, [places[n] for n in record.places], Origin.EXTRACTED
    )
    counts.update({"places added": added, "places removed": removed})
    quotes = [(q.text, people[q.speaker], q.paragraph) for q in record.quotes]
    added, removed = sync_quotes(article, quotes, Origin.EXTRACTED)
    counts.update({"quotes added": added, "quotes removed": removed})
    counts["photos updated"] += _photos(article, incoming, resolver)
    return counts


def reextract(
    articles: QuerySet,
    *,
    progress: Callable[[int], None] = lambda n: None,
) -> Changes:
    """Run the extraction again over these articles (each batch in a transaction of its own)
    and remove the people and places left unmentioned; what changed."""
    from articles.services import remove_unmentioned

    changes = Changes()
    resolver = Resolver()
    for batch in _batches(articles):
        with transaction.atomic():
            incomings = [_incoming(article) for article in batch]
            resolver.settle(incomings)
            resolver.person_ids(incomings)
            named = set()
            for incoming in incomings:
                named.update(incoming.record.places, (p.place for p in incoming.record.photos))
            resolver.place_ids(named)
            for article, incoming in zip(batch, incomings, strict=True):
                counts = _apply(article, incoming, resolver)
                changes.articles += 1
                changes.changed += any(counts.values())
                changes.counts.update(counts)
        progress(len(batch))
    gone_people, gone_places = remove_unmentioned()
    changes.counts.update({"people deleted": gone_people, "places deleted": gone_places})
    return changes
