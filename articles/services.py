"""Writes that touch several tables: importing an article with its quotes, photos, people
and places, all or nothing, keyed so that importing it again changes nothing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from typing import Literal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles import gazetteer
from articles.extract import extract
from articles.models import Article, Person, Place, Quote
from articles.wire import WireStory
from articles.ingest.credits import Credit, parse_credit
from media_captions.models import Photo

Outcome = Literal["imported", "updated", "unchanged"]


@dataclass
class QuoteInput:
    text: str
    speaker: str  # a person's full name
    paragraph: int | None = None


@dataclass
class PhotoInput:
    caption: str
    credit: str = ""
    photographer: str = ""
    distributor: str = ""
    pool: bool = False
    handout: bool = False
    people: list[str] = field(default_factory=list)
    place: str = ""
    taken_on: str = ""  # ISO date


@dataclass
class ArticleInput:
    """One article in the exchange format (a line of `export_articles`)."""

    headline: str
    body: list[str]
    published_at: str = ""  # ISO 8601
    slug: str = ""
    standfirst: str = ""
    status: str = Article.Status.PUBLISHED
    byline: str = ""
    source: str = ""
    dateline: str = ""
    url: str = ""
    quotes: list[QuoteInput] = field(default_factory=list)
    photos: list[PhotoInput] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> ArticleInput:
        """From a parsed JSON object; raises ValueError with a reason for a bad one."""
        if not isinstance(data, dict):
            raise ValueError("a line must be a JSON object")
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        if not str(values.get("headline", "")).strip():
            raise ValueError("no headline")
        body = values.get("body")
        if not isinstance(body, list) or not any(str(p).strip() for p in body):
            raise ValueError("no body (a list of paragraphs)")
        values["quotes"] = [QuoteInput(**q) for q in values.get("quotes", [])]
        values["photos"] = [PhotoInput(**p) for p in values.get("photos", [])]
        article = cls(**values)
        article.published()  # validates the date
        return article

    def published(self) -> datetime | None:
        if not self.published_at:
            return None
        try:
            value = datetime.fromisoformat(self.published_at)
        except ValueError:
            raise ValueError(
                f"published_at {self.published_at!r} is not an ISO 8601 date"
            ) from None
        return timezone.make_aware(value) if timezone.is_naive(value) else value

    def key(self) -> str:
        """SHA-256 of the body text: the import key of an article without a URL."""
        text = json.dumps([" ".join(p.split()) for p in self.body if p.strip()], ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


def from_wire(story: WireStory, known=lambda name: None) -> tuple[ArticleInput, dict[str, str]]:
    """An article from raw wire copy, with its quotes, people, places and credits extracted."""
    found = extract(story.paragraphs, [c.caption for c in story.captions], known)
    published = story.published
    if isinstance(published, date) and not isinstance(published, datetime):
        published = datetime.combine(published, time(12, 0))
    photos = []
    for caption in story.captions:
        credit = caption.credit
        shown = [name for name in found.people if name in caption.caption]
        place = caption.place.split(",")[0].strip() if caption.place else ""
        photos.append(
            PhotoInput(
                caption=caption.caption,
                credit=credit.line if credit else "",
                photographer=credit.photographer if credit else "",
                distributor=credit.distributor if credit else "",
                pool=credit.pool if credit else False,
                handout=credit.handout if credit else False,
                people=shown,
                place=(gazetteer.lookup(place).name if gazetteer.lookup(place) else ""),
                taken_on=caption.taken_on.isoformat() if caption.taken_on else "",
            )
        )
    dateline = gazetteer.lookup(story.dateline) if story.dateline else None
    return ArticleInput(
        headline=story.headline,
        body=story.paragraphs,
        published_at=published.isoformat() if published else "",
        status=Article.Status.DRAFT if not published else Article.Status.PUBLISHED,
        byline=story.byline,
        source=story.source or (photos[0].distributor if photos else ""),
        dateline=dateline.name if dateline else story.dateline,
        url=story.url,
        quotes=[QuoteInput(text, speaker, paragraph) for text, speaker, paragraph in found.quotes],
        photos=photos,
        people=list(found.people),
        places=found.places,
        review=story.review,
    ), {name: mention.description for name, mention in found.people.items()}


def by_name_or_alias(model, name: str):
    """The person or place called `name`, else the one with it as an alias, else None."""
    return (
        model.objects.filter(name=name).first()
        or model.objects.filter(aliases__contains=[name]).first()
    )


def known_person(name: str) -> str | None:
    """The full name of an existing person called `name` or with it as an alias."""
    person = by_name_or_alias(Person, name)
    return person.name if person else None


def _unique_slug(model, text: str) -> str:
    base = slugify(text)[:180] or "untitled"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _person(name: str, descriptions: dict[str, str]) -> Person:
    person = by_name_or_alias(Person, name)
    if person is None:
        surname = name.split()[-1]
        person = Person.objects.create(
            name=name,
            slug=_unique_slug(Person, name),
            description=descriptions.get(name, ""),
            aliases=[surname] if " " in name else [],
        )
    elif descriptions.get(name) and not person.description:
        person.description = descriptions[name]
        person.save(update_fields=["description"])
    return person


def _place(name: str) -> Place:
    place = by_name_or_alias(Place, name)
    if place:
        return place
    known = gazetteer.lookup(name)
    parent = _place(known.country) if known and known.kind == "city" else None
    return Place.objects.create(
        name=name,
        slug=_unique_slug(Place, name),
        kind=known.kind if known else Place.Kind.OTHER,
        parent=parent,
        latitude=round(known.latitude, 6) if known and known.latitude is not None else None,
        longitude=round(known.longitude, 6) if known and known.longitude is not None else None,
    )


def export_article(article: Article) -> dict:
    """An article in the exchange format: a line of `export_articles`."""
    return {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "status": article.status,
        "published_at": article.published_at.isoformat() if article.published_at else "",
        "byline": article.byline,
        "source": article.source,
        "dateline": article.dateline.name if article.dateline else "",
        "url": article.url,
        "body": article.paragraphs,
        "quotes": [
            {"text": q.text, "speaker": q.speaker.name, "paragraph": q.paragraph}
            for q in article.quotes.all()
        ],
        "photos": [
            {
                "caption": p.caption,
                "credit": p.credit,
                "photographer": p.photographer.name if p.photographer else "",
                "distributor": p.distributor,
                "pool": p.pool,
                "handout": p.handout,
                "people": sorted(person.name for person in p.people.all()),
                "place": p.place.name if p.place else "",
                "taken_on": p.taken_on.isoformat() if p.taken_on else "",
            }
            for p in article.photos.all()
        ],
        "people": sorted(person.name for person in article.people.all()),
        "places": sorted(place.name for place in article.places.all()),
    }


def canonical(data: ArticleInput, names: dict | None = None) -> ArticleInput:
    """The article with its people and places named as the archive names them ("Varga",
    an alias, becomes "Ines Varga"), to compare it fairly with what is stored. `names`
    caches the lookups across calls."""
    names = {} if names is None else names

    def named(model, name: str) -> str:
        if not name:
            return name
        if (model, name) not in names:
            row = by_name_or_alias(model, name)
            names[model, name] = row.name if row else name
        return names[model, name]

    copy = ArticleInput.from_dict(asdict(data))
    copy.people = [named(Person, n) for n in data.people]
    copy.places = [named(Place, n) for n in data.places]
    copy.dateline = named(Place, data.dateline)
    for quote in copy.quotes:
        quote.speaker = named(Person, quote.speaker)
    for photo in copy.photos:
        photo.photographer = named(Person, photo.photographer)
        photo.people = [named(Person, n) for n in photo.people]
        photo.place = named(Place, photo.place)
    return copy


def _comparable(data: ArticleInput) -> dict:
    plain = asdict(data)
    plain.pop("review")
    plain["published_at"] = data.published()
    plain["body"] = [" ".join(p.split()) for p in data.body if p.strip()]
    plain["people"] = sorted(plain["people"])
    plain["places"] = sorted(plain["places"])
    for photo in plain["photos"]:
        photo["people"] = sorted(photo["people"])
    return plain


@transaction.atomic
def import_article(
    data: ArticleInput,
    *,
    descriptions: dict[str, str] | None = None,
    from_copy: bool = False,
) -> tuple[Outcome, Article]:
    """Create or update one article and everything in it, all or nothing.

    The article is found by its URL, else by the hash of its body text, else by its slug;
    importing the same article again changes nothing. With `from_copy` (raw wire copy),
    what the copy does not have (a standfirst, a byline) keeps its existing value.
    """
    descriptions = descriptions or {}
    key = data.key()
    if data.url:  # keyed by its URL, else by the hash of its text (or its slug)
        existing = Article.objects.filter(url=data.url).first()
    else:
        existing = Article.objects.filter(source_hash=key).first()
        if existing is None and data.slug:
            existing = Article.objects.filter(slug=data.slug, url="").first()
    if existing is not None:
        # What the copy did not say (a made-up headline, a missing date) never overwrites
        # what an editor wrote; review flags stay only while the article still needs review.
        if any(r.startswith("no headline") for r in data.review):
            data.headline = existing.headline
        if "no date" in data.review and existing.published_at:
            data.published_at = existing.published_at.isoformat()
            data.status = existing.status
        if not existing.needs_review:
            data.review = []
        if from_copy:  # raw copy has no standfirst, and may lack byline, source or URL
            for name in ("standfirst", "byline", "source", "url", "dateline"):
                if not getattr(data, name):
                    value = getattr(existing, name)
                    setattr(data, name, value.name if isinstance(value, Place) else value or "")
        current = ArticleInput.from_dict(export_article(existing))
        current.slug = data.slug = data.slug or existing.slug
        if _comparable(current) == _comparable(canonical(data)):
            if key and existing.source_hash != key:
                Article.objects.filter(pk=existing.pk).update(source_hash=key)
            return "unchanged", existing

    article = existing or Article(slug=data.slug or _unique_slug(Article, data.headline))
    article.headline = data.headline
    article.standfirst = data.standfirst
    article.body = "\n\n".join(p.strip() for p in data.body if p.strip())
    article.byline, article.source, article.url = data.byline, data.source, data.url
    article.status = data.status if data.published() else Article.Status.DRAFT
    article.published_at = data.published()
    article.dateline = _place(data.dateline) if data.dateline else None
    article.source_hash = "" if data.url else key
    article.needs_review = bool(data.review)
    article.review_note = "; ".join(data.review)[:300]
    article.save()

    article.people.set([_person(name, descriptions) for name in data.people])
    article.places.set([_place(name) for name in data.places])
    article.quotes.all().delete()
    Quote.objects.bulk_create(
        Quote(
            article=article,
            position=i,
            text=q.text,
            speaker=_person(q.speaker, descriptions),
            paragraph=q.paragraph,
        )
        for i, q in enumerate(data.quotes, 1)
    )
    article.photos.all().delete()
    for i, p in enumerate(data.photos, 1):
        photo = Photo.objects.create(
            article=article,
            position=i,
            caption=p.caption,
            credit=p.credit,
            photographer=_person(p.photographer, descriptions) if p.photographer else None,
            distributor=p.distributor,
            pool=p.pool,
            handout=p.handout,
            place=_place(p.place) if p.place else None,
            taken_on=date.fromisoformat(p.taken_on) if p.taken_on else None,
        )
        photo.people.set([_person(name, descriptions) for name in p.people])
    return ("updated" if existing else "imported"), article


@transaction.atomic
def merge_people(*, into: Person, duplicates: list[Person]) -> Person:
    """Move every quote, mention, photo and credit of the duplicates to `into`, keep their
    names as its aliases, and delete them; all in one transaction."""
    others = [p for p in duplicates if p.pk != into.pk]
    ids = [p.pk for p in others]
    Quote.objects.filter(speaker_id__in=ids).update(speaker=into)
    Photo.objects.filter(photographer_id__in=ids).update(photographer=into)
    for through, key in (
        (Article.people.through, "article_id"),
        (Photo.people.through, "photo_id"),
    ):
        rows = through.objects.filter(person_id__in=ids)
        through.objects.bulk_create(
            [through(**{key: getattr(r, key), "person_id": into.pk}) for r in rows],
            ignore_conflicts=True,
        )
        rows.delete()
    into.aliases = _merged_names(into, others)
    into.save(update_fields=["aliases"])
    Person.objects.filter(pk__in=ids).delete()
    return into


@transaction.atomic
def merge_places(*, into: Place, duplicates: list[Place]) -> Place:
    """Move every mention, dateline, photo and child place of the duplicates to `into`,
    keep their names as its aliases, and delete them; all in one transaction."""
    others = [p for p in duplicates if p.pk != into.pk]
    ids = [p.pk for p in others]
    Article.objects.filter(dateline_id__in=ids).update(dateline=into)
    Photo.objects.filter(place_id__in=ids).update(place=into)
    Place.objects.filter(parent_id__in=ids).exclude(pk=into.pk).update(parent=into)
    if into.parent_id in ids:
        into.parent = None
    through = Article.places.through
    rows = through.objects.filter(place_id__in=ids)
    through.objects.bulk_create(
        [through(article_id=r.article_id, place_id=into.pk) for r in rows], ignore_conflicts=True
    )
    rows.delete()
    into.aliases = _merged_names(into, others)
    into.save(update_fields=["aliases", "parent"])
    Place.objects.filter(pk__in=ids).delete()
    return into


def _merged_names(into, others) -> list[str]:
    names = list(into.aliases)
    for other in others:
        for name in [other.name, *other.aliases]:
            if name != into.name and name not in names:
                names.append(name)
    return names


@dataclass
class Suggestions:
    """What the importer would extract from an article that it does not have yet."""

    quotes: list[QuoteInput]
    people: list[tuple[str, str]]  # name, description
    places: list[str]
    credits: list[tuple[Photo, Credit]]

    def __bool__(self) -> bool:
        return bool(self.quotes or self.people or self.places or self.credits)


def suggest(article: Article) -> Suggestions:
    """Quotes, people, places and credit parts found in the article's text and captions."""
    photos = list(article.photos.all())
    found = extract(article.paragraphs, [p.caption for p in photos], known_person)
    have_quotes = {q.text for q in article.quotes.all()}
    have_people = set(article.people.values_list("name", flat=True))
    have_places = set(article.places.values_list("name", flat=True))
    credits = []
    for photo in photos:
        if photo.credit:
            credit = parse_credit(photo.credit)
            missing = (credit.photographer and not photo.photographer_id) or (
                credit.distributor and not photo.distributor
            )
            if missing:
                credits.append((photo, credit))
    return Suggestions(
        quotes=[QuoteInput(t, s, p) for t, s, p in found.quotes if t not in have_quotes],
        people=[(n, m.description) for n, m in found.people.items() if n not in have_people],
        places=[p for p in found.places if p not in have_places],
        credits=credits,
    )


@transaction.atomic
def apply_suggestions(
    article: Article,
    suggestions: Suggestions,
    *,
    quotes: set[int],
    people: set[int],
    places: set[int],
    credits: set[int],
) -> int:
    """Save the suggestions the editor accepted (by their index); returns how many."""
    descriptions = dict(suggestions.people)
    position = article.quotes.order_by("-position").values_list("position", flat=True).first() or 0
    for i in sorted(quotes):
        q = suggestions.quotes[i]
        position += 1
        Quote.objects.create(
            article=article,
            position=position,
            text=q.text,
            speaker=_person(q.speaker, descriptions),
            paragraph=q.paragraph,
        )
    article.people.add(*[_person(suggestions.people[i][0], descriptions) for i in people])
    article.places.add(*[_place(suggestions.places[i]) for i in places])
    for i in credits:
        photo, credit = suggestions.credits[i]
        if credit.photographer and not photo.photographer_id:
            photo.photographer = _person(credit.photographer, descriptions)
        photo.distributor = photo.distributor or credit.distributor
        photo.pool, photo.handout = photo.pool or credit.pool, photo.handout or credit.handout
        photo.save()
    return len(quotes) + len(people) + len(places) + len(credits)
