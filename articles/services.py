"""The editors' writes that touch several tables: merging duplicates, rejecting names that
are not people or places, confirming them, and saving what "Suggest from text" proposes.
Loading articles is the `articles.ingest` package's."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from articles.ingest.credits import Credit, parse_credit
from articles.ingest.extraction import extract
from articles.ingest.resolver import Resolver, person_for, place_for
from articles.ingest.schema import QuoteRecord
from articles.models import (
    Article,
    ArticlePerson,
    ArticlePlace,
    Origin,
    Person,
    Place,
    Quote,
    RejectedName,
)


def _photo_model():
    return apps.get_model("media_captions", "Photo")


def _move_links(model, other: str, ids: list[int], into_id: int) -> None:
    """Move the links of `ids` to `into_id`, each keeping its origin (a link `into` already
    has stays as it is)."""
    rows = model.objects.filter(**{f"{other}_id__in": ids})
    model.objects.bulk_create(
        [model(article_id=r.article_id, origin=r.origin, **{f"{other}_id": into_id}) for r in rows],
        ignore_conflicts=True,
    )
    rows.delete()


@transaction.atomic
def merge_people(*, into: Person, duplicates: list[Person]) -> Person:
    """Move every quote, mention, photo and credit of the duplicates to `into`, keep their
    names as its aliases, and delete them; all in one transaction."""
    Photo = _photo_model()
    others = [p for p in duplicates if p.pk != into.pk]
    ids = [p.pk for p in others]
    Quote.objects.filter(speaker_id__in=ids).update(speaker=into)
    Photo.objects.filter(photographer_id__in=ids).update(photographer=into)
    _move_links(ArticlePerson, "person", ids, into.pk)
    shown = Photo.people.through.objects.filter(person_id__in=ids)
    Photo.people.through.objects.bulk_create(
        [Photo.people.through(photo_id=r.photo_id, person_id=into.pk) for r in shown],
        ignore_conflicts=True,
    )
    shown.delete()
    into.aliases = _merged_names(into, others)
    into.confirmed = True
    into.save(update_fields=["aliases", "confirmed"])
    Person.objects.filter(pk__in=ids).delete()
    return into


@transaction.atomic
def merge_places(*, into: Place, duplicates: list[Place]) -> Place:
    """Move every mention, dateline, photo and child place of the duplicates to `into`,
    keep their names as its aliases, and delete them; all in one transaction."""
    others = [p for p in duplicates if p.pk != into.pk]
    ids = [p.pk for p in others]
    Article.objects.filter(dateline_id__in=ids).update(dateline=into)
    _photo_model().objects.filter(place_id__in=ids).update(place=into)
    Place.objects.filter(parent_id__in=ids).exclude(pk=into.pk).update(parent=into)
    if into.parent_id in ids:
        into.parent = None
    _move_links(ArticlePlace, "place", ids, into.pk)
    into.aliases = _merged_names(into, others)
    into.confirmed = True
    into.save(update_fields=["aliases", "parent", "confirmed"])
    Place.objects.filter(pk__in=ids).delete()
    return into


def _merged_names(into, others) -> list[str]:
    names = list(into.aliases)
    for other in others:
        for name in [other.name, *other.aliases]:
            if name != into.name and name not in names:
                names.append(name)
    return names


@transaction.atomic
def reject_people(people: list[Person]) -> int:
    """ "Not a person": delete them (the quotes given to them, their links and credits go
    too) and remember their names, so that no import or re-extraction makes them again."""
    Photo = _photo_model()
    ids = [p.pk for p in people]
    names = {name for p in people for name in [p.name, *p.aliases]}
    RejectedName.objects.bulk_create(
        [RejectedName(kind=RejectedName.Kind.PERSON, name=n) for n in names],
        ignore_conflicts=True,
    )
    Quote.objects.filter(speaker_id__in=ids).delete()
    Photo.objects.filter(photographer_id__in=ids).update(photographer=None)
    return Person.objects.filter(pk__in=ids).delete()[1].get("articles.Person", 0)


@transaction.atomic
def reject_places(places: list[Place]) -> int:
    """ "Not a place": delete them (places within them lose their parent, articles their
    dateline) and remember their names, so that no import or re-extraction makes them
    again."""
    ids = [p.pk for p in places]
    names = {name for p in places for name in [p.name, *p.aliases]}
    RejectedName.objects.bulk_create(
        [RejectedName(kind=RejectedName.Kind.PLACE, name=n) for n in names],
        ignore_conflicts=True,
    )
    Place.objects.filter(parent_id__in=ids).update(parent=None)
    return Place.objects.filter(pk__in=ids).delete()[1].get("articles.Place", 0)


def remove_unmentioned(*, people: bool = True, places: bool = True) -> tuple[int, int]:
    """Delete the people and places no editor confirmed that nothing mentions any more
    (no article, quote or photo; for a place, no dateline and no place within it)."""
    Photo = _photo_model()
    gone_people = gone_places = 0
    if people:
        idle = Person.objects.filter(confirmed=False, article_count=0).exclude(
            pk__in=ArticlePerson.objects.values("person_id")
        )
        idle = idle.exclude(pk__in=Quote.objects.values("speaker_id"))
        idle = idle.exclude(
            pk__in=Photo.objects.exclude(photographer=None).values("photographer_id")
        )
        idle = idle.exclude(pk__in=Photo.people.through.objects.values("person_id"))
        gone_people = idle.delete()[1].get("articles.Person", 0)
    if places:
        while True:  # a city's removal may leave its country with nothing in it
            idle = Place.objects.filter(confirmed=False, article_count=0).exclude(
                pk__in=ArticlePlace.objects.values("place_id")
            )
            idle = idle.exclude(pk__in=Article.objects.exclude(dateline=None).values("dateline_id"))
            idle = idle.exclude(pk__in=Photo.objects.exclude(place=None).values("place_id"))
            idle = idle.exclude(pk__in=Place.objects.exclude(parent=None).values("parent_id"))
            removed = idle.delete()[1].get("articles.Place", 0)
            gone_places += removed
            if not removed:
                break
    return gone_people, gone_places


@dataclass
class Suggestions:
    """What the importer would extract from an article that it does not have yet."""

    quotes: list[QuoteRecord]
    people: list[tuple[str, str]]  # name, description
    places: list[str]
    credits: list[tuple[object, Credit]]  # (photo, its credit's parts)

    def __bool__(self) -> bool:
        return bool(self.quotes or self.people or self.places or self.credits)


def suggest(article: Article) -> Suggestions:
    """Quotes, people, places and credit parts found in the article's text and captions
    (a surname alone is the archive's one confirmed person by it, if any)."""
    photos = list(article.photos.all())
    found = extract(article.paragraphs, [p.caption for p in photos])
    known = Resolver.by_surname(found.surnames) if found.surnames else {}
    rejected = Resolver.rejected(set(found.people) | set(known.values()), set(found.places))
    have_quotes = {q.text for q in article.quotes.all()}
    have_people = set(article.people.values_list("name", flat=True))
    have_places = set(article.places.values_list("name", flat=True))
    people = [(n, p.description) for n, p in found.people.items()]
    people += [(name, "") for surname, name in known.items() if name not in found.people]
    quotes = [
        QuoteRecord(
            text=q.text, speaker=q.speaker if q.full else known[q.speaker], paragraph=q.paragraph
        )
        for q in found.quotes
        if q.full or q.speaker in known
    ]
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
        quotes=[
            q for q in quotes if q.text not in have_quotes and ("person", q.speaker) not in rejected
        ],
        people=[
            (n, d) for n, d in people if n not in have_people and ("person", n) not in rejected
        ],
        places=[p for p in found.places if p not in have_places and ("place", p) not in rejected],
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
    """Save the suggestions the editor accepted (by their index), as the editor's own;
    returns how many."""
    descriptions = dict(suggestions.people)
    position = article.quotes.order_by("-position").values_list("position", flat=True).first() or 0
    for i in sorted(quotes):
        q = suggestions.quotes[i]
        position += 1
        Quote.objects.create(
            article=article,
            position=position,
            text=q.text,
            speaker=person_for(q.speaker, descriptions.get(q.speaker, "")),
            paragraph=q.paragraph,
            origin=Origin.EDITOR,
        )
    chosen = [suggestions.people[i] for i in sorted(people)]
    article.people.add(*[person_for(name, d) for name, d in chosen])
    article.places.add(*[place_for(suggestions.places[i]) for i in sorted(places)])
    for i in credits:
        photo, credit = suggestions.credits[i]
        if credit.photographer and not photo.photographer_id:
            photo.photographer = person_for(credit.photographer)
        photo.distributor = photo.distributor or credit.distributor
        photo.pool, photo.handout = photo.pool or credit.pool, photo.handout or credit.handout
        photo.origin = Origin.EDITOR
        photo.save()
    return len(quotes) + len(people) + len(places) + len(credits)
