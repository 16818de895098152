"""Reads behind the person and place pages: who and where go together, and when.

The published articles of a person or place are read once, as ids and months: their count,
timeline and newest ids come from that list, and the people and places that go with them are
counted over the same ids. A page needs the same few queries whether it covers ten articles or
ten thousand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractMonth, ExtractYear

from articles import stale
from articles.models import Article, Person, Place

PersonLink = Article.people.through
PlaceLink = Article.places.through
TOP = 10
# How long a person's or place's counts, company and timeline may be stale: they are
# aggregates over thousands of articles, shared through the cache by every worker.
PROFILE_SECONDS = 600


# Part of the cache key: change it whenever Profile changes shape, so that a deploy never
# reads a profile pickled by the previous version.
PROFILE_VERSION = 4
# The first five pages of a person's or place's articles are listed from the cache.
CACHED_ARTICLE_IDS = 100


@dataclass(frozen=True)
class Profile:
    """What a person's or place's page says about all their articles at once, and the ids
    of the newest rows of each list on it (rows are fetched, and re-checked, per request)."""

    count: int
    people: list[Associated]
    places: list[Associated]
    timeline: Timeline
    ids: dict[str, list[int]]


def profile(
    key: str, articles: QuerySet[Article], lists: dict[str, tuple[QuerySet, int]], **leave_out
) -> Profile:
    """The aggregates and newest ids of a person's or place's page, from the cache.

    A new article shows on the page within PROFILE_SECONDS (and the next view: the first view
    after they expire gets the previous figures while they are recomputed, see stale.py); a
    correction or an unpublished article at once, since the rows are always read afresh.
    """

    def compute() -> Profile:
        ids = {
            name: list(ordered.values_list("pk", flat=True)[:size])
            for name, (ordered, size) in lists.items()
        }
        # One pass over the articles (newest first) instead of one for each figure; the
        # month as two numbers, which cost less to read than a datetime each.
        found = list(
            articles.annotate(
                year=ExtractYear("published_at"), month=ExtractMonth("published_at")
            ).values_list("pk", "year", "month")
        )
        article_ids = [pk for pk, _, _ in found]
        ids["articles"] = article_ids[:CACHED_ARTICLE_IDS]
        return Profile(
            count=len(article_ids),
            people=people_with(article_ids, leave_out=leave_out.get("person")),
            places=places_with(article_ids, leave_out=leave_out.get("places", [])),
            timeline=Timeline(dict(Counter((year, month) for _, year, month in found))),
            ids=ids,
        )

    return stale.cached(f"profile:{PROFILE_VERSION}:{key}", compute, PROFILE_SECONDS)


@dataclass(frozen=True)
class Associated:
    """A person or place that goes with another, and in how many articles."""

    name: str
    slug: str
    count: int
    url: str


@dataclass(frozen=True)
class Timeline:
    """Articles by month: {(year, month): count}, months without articles left out."""

    counts: dict[tuple[int, int], int]


def articles_about_person(person: Person) -> QuerySet[Article]:
    """Published articles mentioning the person, newest first."""
    mentions = PersonLink.objects.filter(article_id=OuterRef("pk"), person_id=person.pk)
    return Article.objects.published().filter(Exists(mentions)).order_by("-published_at", "-pk")


def articles_about_place(place_ids: list[int]) -> QuerySet[Article]:
    """Published articles datelined in or mentioning any of the places, newest first."""
    mentioned = PlaceLink.objects.filter(place_id__in=place_ids).values("article_id")
    datelined = Article.objects.filter(dateline_id__in=place_ids).order_by().values("pk")
    # A union of two index lookups, not an OR that would read every article.
    return (
        Article.objects.published()
        .filter(pk__in=mentioned.union(datelined))
        .order_by("-published_at", "-pk")
    )


def _top(rows: QuerySet, key: str, model) -> list[Associated]:
    """The ids most frequent in rows, then their names: counting needs no join."""
    counts = list(rows.values(key).annotate(n=Count("*")).order_by("-n", key)[: TOP * 2])
    names = {
        obj.pk: obj
        for obj in model.objects.filter(pk__in=[r[key] for r in counts]).only("name", "slug")
    }
    ranked = sorted(
        (r for r in counts if r[key] in names), key=lambda r: (-r["n"], names[r[key]].name)
    )[:TOP]
    return [
        Associated(names[r[key]].name, names[r[key]].slug, r["n"], names[r[key]].get_absolute_url())
        for r in ranked
    ]


def _among(link, article_ids: list[int]) -> QuerySet:
    """The link rows of these articles: one array parameter, looked up by the link table's
    article index, however many ids there are."""
    column = f'"{link._meta.db_table}"."article_id"'
    return link.objects.filter(
        RawSQL(f"{column} = ANY(%s::bigint[])", [article_ids], output_field=BooleanField())
    )


def people_with(article_ids: list[int], *, leave_out: int | None = None) -> list[Associated]:
    """The people most often mentioned in these articles."""
    if not article_ids:
        return []
    rows = _among(PersonLink, article_ids)
    if leave_out is not None:
        rows = rows.exclude(person_id=leave_out)
    return _top(rows, "person_id", Person)


def places_with(article_ids: list[int], *, leave_out: list[int] = ()) -> list[Associated]:
    """The places most often mentioned in these articles."""
    if not article_ids:
        return []
    rows = _among(PlaceLink, article_ids)
    if leave_out:
        rows = rows.exclude(place_id__in=leave_out)
    return _top(rows, "place_id", Place)
