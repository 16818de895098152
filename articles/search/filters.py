"""The rows a search looks at: published rows of a kind, matching its words and filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db.models import (
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils import timezone

from articles.db import reading
from articles.models import Article, Place, Quote
from articles.ordering import sorted_after_filtering
from articles.search.params import SearchParams, parse_query
from media_captions.models import Photo

TABLES = {
    "articles": Article._meta.db_table,
    "quotes": Quote._meta.db_table,
    "photos": Photo._meta.db_table,
}
MODELS = {"articles": Article, "quotes": Quote, "photos": Photo}


def date_field(kind: str) -> str:
    """A kind's publication time: an article's own, a quote's or photo's `public_at`."""
    return "published_at" if kind == "articles" else "public_at"


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def place_and_descendants(place: Place) -> list[int]:
    """The place's id and those of every place within it (Russia includes Moscow)."""
    table = Place._meta.db_table
    with reading().cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE within(id) AS (SELECT %s::bigint UNION "
            f"SELECT p.id FROM {table} p JOIN within w ON p.parent_id = w.id) "
            "SELECT id FROM within WHERE id <> %s LIMIT 10000",
            [place.pk, place.pk],
        )
        return [place.pk, *(row[0] for row in cursor.fetchall())]


def _article_filters(params: SearchParams, path: str, *, date_index: bool = True) -> Q:
    """Filters that concern the article (its own or the one a quote or photo is in).

    A quote's or photo's date is its own `public_at` (its article's publication time, kept
    on the row), so date filters need no join; only `source` reaches the article. Without
    `date_index` the dates are compared in a form no index serves: for a small window of
    ids, checking each row's date beside its id is cheaper than walking a date index over
    years of the archive."""
    when: Any = F("published_at" if not path else "public_at")
    if not date_index:
        when = ExpressionWrapper(when + Value(timedelta(0)), output_field=DateTimeField())
    condition = Q()
    if params.date_from:
        condition &= Q(GreaterThanOrEqual(when, _day_start(params.date_from)))
    if params.date_to:
        condition &= Q(LessThan(when, _day_start(params.date_to + timedelta(1))))
    if params.source:
        condition &= Q(**{f"{path}source__iexact": params.source})
    return condition


def _place_mentioned(ids: list[int], article_ref: str, floor: int | None = None) -> Exists:
    """Whether the row's article mentions one of the places: each match looked up in the
    (article, place) index. The second, redundant comparison with the outer row keeps
    PostgreSQL from checking instead against a hash of all the places' links (it hashes an
    EXISTS only when every comparison with the outer row is an equality), which it builds
    when work_mem has room and estimates cheaper than it is: a common word in a country
    with 312,460 links at 2M articles took 120 ms looked up, 173 ms hashed."""
    links = Article.places.through.objects.filter(
        article_id=OuterRef(article_ref), place_id__in=ids
    ).filter(article_id__lte=OuterRef(article_ref))
    if floor is not None:  # lets the (place, article) index skip older articles
        links = links.filter(article_id__gt=floor)
    return Exists(links)


def _place_articles(ids: list[int], floor: int | None = None) -> QuerySet:
    """The articles datelined at these places or mentioning them, as one set of ids: the
    planner can estimate a union and start from it, where "dateline or EXISTS" is an OR it
    can only check row by row."""
    mentioning = Article.places.through.objects.filter(place_id__in=ids)
    datelined = Article.objects.filter(dateline_id__in=ids)
    if floor is not None:  # lets the (place, article) index skip older articles
        mentioning = mentioning.filter(article_id__gt=floor)
        datelined = datelined.filter(pk__gt=floor)
    return mentioning.order_by().values("article_id").union(datelined.order_by().values("pk"))


@dataclass(frozen=True)
class Filters:
    """A search's words and filters, ready to make the rows of any kind (the place
    hierarchy walked once for all kinds)."""

    params: SearchParams
    query: SearchQuery | None
    places: list[int] | None

    @classmethod
    def of(cls, params: SearchParams) -> Filters:
        query = parse_query(params.text) if params.text.strip() else None
        places = place_and_descendants(params.place) if params.place else None
        return cls(params, query, places)

    def driven(self, kind: str) -> bool:
        """Whether a filter with an index of its own for the kind narrows the search (a
        place and a source are the article's, so a quote has none for them)."""
        p = self.params
        dated = bool(p.date_from or p.date_to)
        if kind == "articles":
            return bool(p.person or p.place or p.source) or dated
        if kind == "quotes":
            return bool(p.person) or dated
        return bool(p.person or p.place or p.photographer) or dated

    def dated(self, kind: str) -> QuerySet:
        """The published rows of a kind in the search's date range, whatever else."""
        only_dates = SearchParams("", date_from=self.params.date_from, date_to=self.params.date_to)
        return (
            MODELS[kind]
            .objects.published()
            .filter(_article_filters(only_dates, "" if kind == "articles" else "article__"))
        )

    def rows(
        self,
        kind: str,
        *,
        text: bool = True,
        floor: int | None = None,
        date_index: bool = True,
        place_set: bool = False,
    ) -> QuerySet:
        """The published rows of one kind matching the words (unless not `text`) and the
        filters, unordered (`floor`: only rows with a higher id, a window of the most
        recent ones; `date_index`: see _article_filters; `place_set`: an article's place
        as one set of ids to start from, rather than a test of each row)."""
        params, places = self.params, self.places
        query = self.query if text else None
        person = params.person
        if kind == "articles":
            qs = Article.objects.published()
            if floor is not None:
                qs = qs.filter(pk__gt=floor)
            if query is not None:
                qs = qs.filter(search_vector=query)
            qs = qs.filter(_article_filters(params, "", date_index=date_index))
            if person:
                links = Article.people.through.objects.filter(
                    article_id=OuterRef("pk"), person_id=person.pk
                )
                if floor is not None:  # the (person, article) index then skips older ones
                    links = links.filter(article_id__gt=floor)
                qs = qs.filter(Exists(links))
            if places and place_set:
                qs = qs.filter(pk__in=_place_articles(places, floor))
            elif places:
                qs = qs.filter(Q(dateline_id__in=places) | _place_mentioned(places, "pk", floor))
            return qs
        model = Quote if kind == "quotes" else Photo
        qs = model.objects.published()
        if floor is not None:
            qs = qs.filter(pk__gt=floor)
        if query is not None:
            qs = qs.search(query)
        qs = qs.filter(_article_filters(params, "article__", date_index=date_index))
        if kind == "quotes":
            if person:
                qs = qs.filter(speaker=person)
            if places and place_set:
                # The place's articles as one array, each looked up in the (article,
                # position) index: as a join, the planner expected a tenth of all quotes
                # and read them all (2 s for a city's 800 articles at a million).
                sub_sql, sub_params = _place_articles(places).query.sql_with_params()
                qs = qs.extra(
                    where=[f'"articles_quote"."article_id" = ANY(ARRAY({sub_sql}))'],
                    params=list(sub_params),
                )
            elif places:
                qs = qs.filter(
                    Q(article__dateline_id__in=places) | _place_mentioned(places, "article_id")
                )
        else:
            if person:
                # One set of ids, not "taken by OR shown in": PostgreSQL can estimate the
                # size of a union, where it guesses half the table for an OR with EXISTS.
                shown = Photo.people.through.objects.filter(person=person).values("photo_id")
                taken = Photo.objects.filter(photographer=person).values("pk")
                qs = qs.filter(pk__in=shown.union(taken))
            if places:
                qs = qs.filter(place_id__in=places)
            if params.photographer:
                qs = qs.filter(photographer=params.photographer)
        return qs


def ordered(kind: str, qs: QuerySet, sort: str, *, few: bool = False) -> QuerySet:
    """Order by date (or, for quotes and photos, by ts_rank). With `few` matches, sort them
    after finding them all: walking the date index instead, hoping to meet a rare word
    soon, can read it all."""
    field = date_field(kind)
    when: Any = sorted_after_filtering(field) if few else F(field)
    if sort == "newest":
        return qs.order_by(when.desc(), "-pk")
    if sort == "oldest":
        return qs.order_by(when.asc(), "pk")
    return qs.order_by("-rank", F(field).desc(), "-pk")


def filtered(kind: str, params: SearchParams) -> QuerySet:
    """Published rows of a kind passing the filters of `params`, newest first, whatever
    its text (the API's lists without a query)."""
    rows = Filters.of(params).rows(kind, text=False)
    return ordered(kind, rows, "oldest" if params.sort == "oldest" else "newest")
